"""The extractive briefing writer: from a question and its articles to a cited briefing.

``write_briefing`` selects sentences (see :mod:`newsdesk.write.extractive.select`),
cites every article that states each chosen fact, and arranges the result: a lead paragraph
with the core of the topic, two to five strand paragraphs (by story when the articles carry
story IDs, else by clustering the chosen sentences' vectors; chronological inside a strand),
and an "Overall" close. Nothing is generated: every sentence is either extracted verbatim
(its first citation's span, or that span with a recorded leading-pronoun repair) or
templated from counts, dates, outlets and strands, and marked so.

The store is not touched here; the caller retrieves the articles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from newsdesk.briefing import Briefing, BriefSentence, Citation, Paragraph, SentenceKind, SourceRef
from newsdesk.errors import InputError, NotFoundError
from newsdesk.model import EvidenceDoc
from newsdesk.write.extractive.select import (
    STOPWORDS,
    Candidate,
    SelectConfig,
    embed_or_fallback,
    make_candidates,
    score_candidates,
    select,
    supporting,
    tokens,
)

THIN = 3  # fewer independent articles than this is thin evidence


# An article handed to the writer (``sentences`` index ``text`` exactly).
Doc = EvidenceDoc


@dataclass
class BriefConfig:
    """Everything tunable about a briefing; ``select`` holds the selection parameters."""

    select: SelectConfig = field(default_factory=SelectConfig)
    cite_min_cos: float = 0.8
    cite_min_overlap: float = 0.6
    max_strands: int = 5
    overall: str = "auto"  # "auto" | "extracted" | "templated"
    max_sentences_per_doc: int = 80  # later sentences of very long articles are not read
    repair: bool = True


@dataclass
class Prepared:
    """Candidates and vectors of one (question, articles) pair, reusable across configs."""

    query: str | None
    docs: list[Doc]
    cands: list[Candidate]
    vecs: np.ndarray
    query_vec: np.ndarray
    query_toks: list[str] | None
    lineage: list[str]


def prepare(
    query: str | None,
    docs: Sequence[Doc],
    *,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    config: BriefConfig | None = None,
) -> Prepared:
    """Split, clean and embed the candidates (the expensive part of :func:`write_briefing`)."""
    cfg = config or BriefConfig()
    docs = list(docs)
    for d in docs:
        for s in d.sentences[:3]:
            if d.text[s.start : s.end] != s.text:
                raise InputError(f"article {d.id}: sentence {s.index} does not match its offsets")
    cands = make_candidates(
        [d.text for d in docs],
        [[(s.start, s.end) for s in d.sentences] for d in docs],
        min_words=cfg.select.min_words,
        max_words=cfg.select.max_words,
        repair=cfg.repair,
    )
    # Very long articles (transcripts, digests) are read up to a point: the cost stays bounded
    # and their tail rarely carries the core of a topic.
    cands = [c for c in cands if c.index < cfg.max_sentences_per_doc]
    texts = [" ".join(c.shown.split()) for c in cands]
    if query and query.strip():
        vecs = embed_or_fallback(embed, texts + _query_parts(query))
        qv = vecs[len(texts) :]
        vecs = vecs[: len(texts)]
        # The question may ask several things: the whole and each part, averaged.
        query_vec = qv.mean(axis=0)
        query_toks: list[str] | None = tokens(query)
    else:
        vecs = embed_or_fallback(embed, texts)
        query_vec = vecs.mean(axis=0) if len(vecs) else np.zeros(vecs.shape[1], np.float32)
        query_toks = None
    nrm = float(np.linalg.norm(query_vec))
    if nrm > 0:
        query_vec = query_vec / nrm
    lineage = [d.lineage_id or d.id for d in docs]
    return Prepared(query, docs, cands, vecs, query_vec.astype(np.float32), query_toks, lineage)


def _query_parts(query: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"(?<=[.?!])\s+", query) if len(p.split()) >= 2]
    return [query] + parts if len(parts) > 1 else [query]


def write_briefing(
    query: str | None,
    docs: list[Doc],
    *,
    words: int = 250,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    since: str | None = None,
    until: str | None = None,
    config: BriefConfig | None = None,
    overall: str | None = None,
) -> Briefing:
    """Write a cited extractive briefing on ``query`` (None: a generic summary) from ``docs``.

    ``words`` bounds the words of all sentences, extracted and templated. ``embed`` maps texts
    to unit vectors (without it selection is lexical only). ``overall`` overrides the config:
    "extracted" closes with the most central remaining chosen sentence, "templated" with a
    sentence of counts, outlets and dates, "auto" extracts unless the evidence is thin.
    Raises :class:`NotFoundError` when there are no articles or no usable sentence.
    """
    cfg = config or BriefConfig()
    if overall is not None:
        cfg = replace(cfg, overall=overall)
    if words < 1:
        raise InputError(f"words={words}: the word budget must be positive")
    if not docs:
        raise NotFoundError(f"no articles match {query!r}{_window(since, until)}")
    prep = prepare(query, docs, embed=embed, config=cfg)
    return compose(prep, words=words, since=since, until=until, config=cfg)


def _window(since: str | None, until: str | None) -> str:
    if since and until:
        return f" between {since[:10]} and {until[:10]}"
    if since:
        return f" since {since[:10]}"
    if until:
        return f" until {until[:10]}"
    return ""


def compose(
    prep: Prepared,
    *,
    words: int = 250,
    since: str | None = None,
    until: str | None = None,
    config: BriefConfig | None = None,
) -> Briefing:
    """Select, cite and arrange: the cheap part of :func:`write_briefing`."""
    cfg = config or BriefConfig()
    sc = cfg.select
    docs, cands = prep.docs, prep.cands
    n_independent = len(set(prep.lineage))
    thin = n_independent < THIN
    notice = None
    if thin:
        what = f" {prep.query!r}" if prep.query else ""
        noun = "article matches" if len(docs) == 1 else "articles match"
        notice = f"Only {len(docs)} {noun}{what}{_window(since, until)}."
    if not cands:
        raise NotFoundError(f"no usable sentences in the {len(docs)} matching articles")
    sims = score_candidates(cands, prep.lineage, prep.vecs, prep.query_vec, prep.query_toks, sc)
    floor = sc.relevance_floor
    if thin:
        # Thin evidence: only what the articles clearly support, no padding.
        floor = max(floor, 0.5)
    fine = [i for i, c in enumerate(cands) if c.problem is None]
    if not fine:
        raise NotFoundError(f"no usable sentences in the {len(docs)} matching articles")
    usable = [i for i in fine if cands[i].relevance >= floor]
    if not usable:  # nothing clears the floor: the few most relevant sentences only
        usable = sorted(fine, key=lambda i: -cands[i].relevance)[:3]
    templated_words = 0
    want_templated = cfg.overall == "templated" or (cfg.overall == "auto" and thin)
    if want_templated:
        templated_words = 30  # room for the closing sentence; the real count is checked below
    chosen = select(cands, usable, prep.lineage, sims, max(0, words - templated_words), sc)
    if not chosen:
        raise NotFoundError("no sentence fits the word budget")
    return _arrange(prep, chosen, sims, words, since, until, notice, cfg, want_templated)


# --------------------------------------------------------------------------------------------
# Arrangement


def _sentence(prep: Prepared, i: int, sims: np.ndarray, cfg: BriefConfig) -> BriefSentence:
    c = prep.cands[i]
    cites = [Citation(prep.docs[c.doc].id, c.start, c.end)]
    for j in supporting(
        prep.cands,
        i,
        sims,
        prep.lineage,
        min_cos=cfg.cite_min_cos,
        min_overlap=cfg.cite_min_overlap,
    ):
        o = prep.cands[j]
        cites.append(Citation(prep.docs[o.doc].id, o.start, o.end))
    kind: SentenceKind = "repaired" if c.repair is not None else "extracted"
    return BriefSentence(text=c.shown, kind=kind, citations=cites, repair=c.repair)


def _chrono_key(prep: Prepared, i: int) -> tuple[str, int, int]:
    c = prep.cands[i]
    return (prep.docs[c.doc].published or "", c.doc, c.index)


def _strands(prep: Prepared, rest: list[int], max_strands: int) -> list[list[int]]:
    """Group the chosen sentences into strands: by story ID when given, else by vectors."""
    if not rest:
        return []
    stories = [prep.docs[prep.cands[i].doc].story_id for i in rest]
    if all(stories) and 2 <= len(set(stories)) <= max_strands:
        groups: dict[str, list[int]] = {}
        for i, s in zip(rest, stories, strict=True):
            groups.setdefault(str(s), []).append(i)
        return list(groups.values())
    if len(rest) < 4:
        return [rest]
    k = max(2, min(max_strands, round(len(rest) / 3)))
    from sklearn.cluster import AgglomerativeClustering

    # Ward on unit vectors (Euclidean distance is monotone in cosine) gives even-sized groups;
    # average linkage tends to leave one large strand and stray singletons.
    labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(prep.vecs[rest])
    groups2: dict[int, list[int]] = {}
    for i, lab in zip(rest, labels, strict=True):
        groups2.setdefault(int(lab), []).append(i)
    # Singletons join the strand they are closest to, so no paragraph is one stray line.
    out = [g for g in groups2.values() if len(g) > 1]
    if not out:
        return [rest]
    for g in groups2.values():
        if len(g) == 1:
            v = prep.vecs[g[0]]
            best = max(out, key=lambda grp: float(prep.vecs[grp].mean(axis=0) @ v))
            best.append(g[0])
    return out


def _label(prep: Prepared, group: list[int]) -> str:
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for i in group:
        for w in re.findall(r"[A-Za-z][A-Za-z'-]+", prep.cands[i].shown):
            t = tokens(w)
            if not t or t[0] in STOPWORDS or len(w) < 4:
                continue
            counts[t[0]] += 1
            shown.setdefault(t[0], w.lower())
    top = [shown[t] for t, n in counts.most_common(3) if n > 1] or [
        shown[t] for t, _ in counts.most_common(2)
    ]
    return ", ".join(top)


def _arrange(
    prep: Prepared,
    chosen: list[int],
    sims: np.ndarray,
    words: int,
    since: str | None,
    until: str | None,
    notice: str | None,
    cfg: BriefConfig,
    want_templated: bool,
) -> Briefing:
    cands = prep.cands
    by_score = sorted(chosen, key=lambda i: -cands[i].score)
    n_lead = 2 if len(chosen) >= 6 else 1
    lead = sorted(by_score[:n_lead], key=lambda i: _chrono_key(prep, i))
    rest = [i for i in chosen if i not in lead]
    closing: int | None = None
    if not want_templated and len(rest) >= 3:
        # The close: the remaining sentence closest to everything chosen (the widest view).
        closing = max(rest, key=lambda i: float(sims[i, chosen].mean()))
        rest = [i for i in rest if i != closing]
    paragraphs = [Paragraph("lead", [_sentence(prep, i, sims, cfg) for i in lead])]
    strands = _strands(prep, rest, cfg.max_strands)
    strands.sort(key=lambda g: -sum(cands[i].score for i in g))
    for g in strands:
        g.sort(key=lambda i: _chrono_key(prep, i))
        paragraphs.append(
            Paragraph("strand", [_sentence(prep, i, sims, cfg) for i in g], label=_label(prep, g))
        )
    if closing is not None:
        paragraphs.append(
            Paragraph("overall", [_sentence(prep, closing, sims, cfg)], label="Overall")
        )
    sources = _sources(prep, paragraphs)
    if want_templated or closing is None:
        used = sum(len(s.text.split()) for p in paragraphs for s in p.sentences)
        text = _templated_close(prep, sources, len(strands) or 1, since, until)
        if used + len(text.split()) <= words:
            # Its facts are counted over the cited articles: it cites each of them (the span of
            # the sentence the briefing first cites it for).
            first: dict[str, Citation] = {}
            for p in paragraphs:
                for s in p.sentences:
                    for c in s.citations:
                        first.setdefault(c.id, c)
            paragraphs.append(
                Paragraph(
                    "overall",
                    [BriefSentence(text, "templated", list(first.values()))],
                    label="Overall",
                )
            )
    return Briefing(
        topic=prep.query,
        paragraphs=paragraphs,
        sources=sources,
        notice=notice,
        since=since,
        until=until,
    )


def _sources(prep: Prepared, paragraphs: list[Paragraph]) -> list[SourceRef]:
    by_id = {d.id: d for d in prep.docs}
    out: list[SourceRef] = []
    seen: set[str] = set()
    for p in paragraphs:
        for s in p.sentences:
            for c in s.citations:
                if c.id in seen:
                    continue
                seen.add(c.id)
                d = by_id[c.id]
                out.append(SourceRef(d.id, d.source, d.published, d.title, d.url))
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _templated_close(
    prep: Prepared,
    sources: list[SourceRef],
    n_strands: int,
    since: str | None,
    until: str | None,
) -> str:
    """A closing sentence from verifiable facts only: counts, outlets, dates, strands."""
    n_art = len(sources)
    outlets = sorted({s.source for s in sources if s.source})
    dates = sorted(s.published[:10] for s in sources if s.published)
    text = f"Overall, this briefing draws on {_plural(n_art, 'article')}"
    if outlets:
        shown = ", ".join(outlets[:4]) + (" and others" if len(outlets) > 4 else "")
        text += f" from {_plural(len(outlets), 'outlet')} ({shown})"
    if dates:
        text += (
            f" published on {dates[0]}"
            if dates[0] == dates[-1]
            else (f" published between {dates[0]} and {dates[-1]}")
        )
    text += f", in {_plural(n_strands, 'strand')}." if n_strands > 1 else "."
    return text
