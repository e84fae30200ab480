"""Hybrid retrieval: the store's lexical search and dense article vectors, fused by rank.

The result is a ranked list of article IDs within the date window, diverse in sources: wire
copies of one lineage count once towards the budget, but all of them come back so that the
writer can cite every outlet that ran a fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.embed import Embedder, content_key
from newsdesk.errors import NotFoundError
from newsdesk.model import BriefRequest, Evidence, EvidenceDoc, Sentence, window_phrase
from newsdesk.stopwords import STOPWORDS
from newsdesk.store.base import Store

# Query terms keep "also", "could", "would" and the reflexive pronouns, as retrieval always has
# (a topic's terms, and so what it finds, stay as they were); a topic's "news", "latest" and a
# few more prepositions say nothing about what to find.
_STOP = (
    STOPWORDS
    - {"also", "could", "would", "herself", "himself", "myself", "ours", "ourselves", "theirs"}
    - {"themselves", "yours", "yourself", "yourselves"}
) | {"across", "amid", "among", "per", "via", "vs", "within", "news", "latest"}
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

RRF_K = 60


@dataclass
class Hit:
    id: str
    score: float
    lexical_rank: int | None
    dense_rank: int | None
    dense_sim: float


def query_terms(topic: str) -> list[str]:
    seen: list[str] = []
    for tok in _TOKEN.findall(topic.lower()):
        if tok in _STOP or len(tok) < 2 or tok in seen:
            continue
        seen.append(tok)
    return seen


def retrieve(
    store: Store,
    topic: str,
    embedder: Embedder,
    *,
    since: str | None = None,
    until: str | None = None,
    only: set[str] | None = None,
    limit: int = 40,
    min_sim: float = 0.25,
) -> list[Hit]:
    """Ranked articles for ``topic`` in the window (``only``: restrict to these IDs)."""
    allowed: set[str] | None = None
    if since or until or only is not None:
        allowed = store.ids_in_window(since, until)
        if only is not None:
            allowed &= only

    terms = query_terms(topic)
    lexical = store.lexical_search(terms, since=since, until=until, limit=300)
    if only is not None:
        lexical = [i for i in lexical if i in only]

    ids, sims = store.vector_scores(embedder.name, embedder.encode([topic])[0])
    sim_of = dict(zip(ids, sims.tolist(), strict=True))
    order = np.argsort(-sims)
    dense: list[str] = []
    for i in order:
        aid = ids[int(i)]
        if allowed is not None and aid not in allowed:
            continue
        if sims[int(i)] < min_sim:
            break
        dense.append(aid)
        if len(dense) >= 300:
            break

    scores: dict[str, float] = {}
    lex_rank = {aid: r for r, aid in enumerate(lexical)}
    dense_rank = {aid: r for r, aid in enumerate(dense)}
    for aid in set(lexical) | set(dense):
        s = 0.0
        if aid in lex_rank:
            s += 1.0 / (RRF_K + lex_rank[aid])
        if aid in dense_rank:
            s += 1.0 / (RRF_K + dense_rank[aid])
        # a keyword hit on an article that is semantically far from the topic is weak evidence
        if aid not in dense_rank and sim_of.get(aid, 0.0) < min_sim * 0.6:
            continue
        scores[aid] = s
    ranked = sorted(scores, key=lambda a: (-scores[a], a))[:limit]
    return [
        Hit(a, scores[a], lex_rank.get(a), dense_rank.get(a), float(sim_of.get(a, 0.0)))
        for a in ranked
    ]


# -- evidence for a writer ---------------------------------------------------------------------

MAX_DOCS = 24
LONG_DOC = 24  # sentences; longer documents are narrowed to the parts about the topic
KEEP_LEAD = 5


def focus_sentences(sentences: list[Sentence], terms: list[str]) -> list[Sentence]:
    """The lead of a long document plus its sentences that mention the topic's terms.

    Keeps a briefing's sentence-embedding work bounded (a 500-sentence proclamation would
    otherwise cost seconds); offsets are untouched, so citations still point into the text.
    """
    if len(sentences) <= LONG_DOC:
        return sentences
    stems = [t[:5] for t in terms if len(t) >= 3]
    scored = []
    for s in sentences[KEEP_LEAD:]:
        low = s.text.lower()
        hits = sum(1 for t in stems if t in low)
        if hits:
            scored.append((-hits, s.index, s))
    scored.sort(key=lambda x: (x[0], x[1]))
    keep = {s.index for s in sentences[:KEEP_LEAD]}
    keep |= {s.index for _, _, s in scored[: LONG_DOC - KEEP_LEAD]}
    # A piece the splitter cut off ("... Canada discriminates against U.S." | "commerce,
    # disadvantaging ...") stays with its other half, so the writer can join them again.
    pos = {s.index: k for k, s in enumerate(sentences)}
    for i in list(keep):
        k = pos[i]
        if k + 1 < len(sentences) and sentences[k + 1].text[:1].islower():
            keep.add(sentences[k + 1].index)
        if k > 0 and sentences[k].text[:1].islower():
            keep.add(sentences[k - 1].index)
    return [s for s in sentences if s.index in keep]


def gather_evidence(store: Store, request: BriefRequest, embedder: Embedder) -> Evidence:
    """The articles a writer gets for ``request``: retrieved, one slot per wire lineage, with
    every copy of a chosen lineage so the writer can cite each outlet that ran it."""
    only = set(store.story_members(store.resolve_story(request.story))) if request.story else None
    hits = retrieve(
        store, request.topic, embedder, since=request.since, until=request.until, only=only
    )
    if not hits:
        window = window_phrase(request.since, request.until)
        if request.since or request.until:  # a date window leaves undated articles out
            undated = store.count() - len(store.ids_in_window("1000-01-01", None))
            if undated:
                raise NotFoundError(
                    f"no dated articles match {request.topic!r}{window}; {undated} of "
                    f"{store.count()} articles have no date (neither the source, URL nor text "
                    "gave one), so a date window leaves them out: drop --since/--until"
                )
        raise NotFoundError(f"no articles match {request.topic!r}{window}")
    lineage = store.lineages([h.id for h in hits])
    chosen: list[str] = []
    for h in hits:
        lin = lineage.get(h.id, h.id)
        if lin not in chosen:
            chosen.append(lin)
        if len(chosen) >= MAX_DOCS:
            break
    ids: list[str] = []
    lin_of: dict[str, str] = {}
    for lin in chosen:
        members = [m for m in store.lineage_members(lin) if only is None or m in only]
        ids += [m for m in members if m not in ids]
        lin_of.update((m, lin) for m in members)
    terms = query_terms(request.topic)
    stories = store.stories_of(ids)
    docs = [
        EvidenceDoc(
            id=a.id,
            title=a.title,
            text=a.text,
            sentences=focus_sentences(a.sentences, terms),
            source=a.source,
            published=a.published,
            url=a.url,
            lineage_id=lin_of.get(a.id),
            story_id=stories.get(a.id),
        )
        for a in store.get_articles(ids)
    ]
    return Evidence(docs=docs, embed=lambda texts: embed_cached(store, embedder, texts))


def evidence_docs(
    store: Store, ids: Sequence[str], *, story_id: str | None = None
) -> list[EvidenceDoc]:
    """Stored articles as evidence, whole (every sentence), with their wire lineages."""
    lineage = store.lineages(ids)
    return [
        EvidenceDoc(
            id=a.id,
            title=a.title,
            text=a.text,
            sentences=a.sentences,
            source=a.source,
            published=a.published,
            url=a.url,
            lineage_id=lineage.get(a.id),
            story_id=story_id,
        )
        for a in store.get_articles(ids)
    ]


def embed_cached(store: Store, embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Vectors for ``texts``, computing and storing only those the store does not hold."""
    keys = [content_key(embedder.name, t) for t in texts]
    have = store.cached_vectors(keys)
    missing: dict[bytes, str] = {}
    for k, t in zip(keys, texts, strict=True):
        if k not in have:
            missing.setdefault(k, t)
    if missing:
        vecs = embedder.encode(list(missing.values()))
        fresh = dict(zip(missing.keys(), vecs, strict=True))
        if not store.read_only:  # a store on read-only media: no cache
            store.put_vectors(embedder.name, fresh.items())
        have.update(fresh)
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.stack([have[k] for k in keys]).astype(np.float32, copy=False)
