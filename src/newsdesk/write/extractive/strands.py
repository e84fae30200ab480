"""The strands of a planned briefing: the evidence's stories (the store's, or groups found at
brief time), ranked by relevance to the topic, coverage and recency, and how many a budget
holds (:mod:`.plan`)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from newsdesk.write.extractive.candidates import Prepared, embed_or_fallback
from newsdesk.write.extractive.dates import anchor_day
from newsdesk.write.extractive.parse import parse_sentence
from newsdesk.write.extractive.repeats import _content
from newsdesk.write.extractive.words import STOPWORDS, tokens

# Ranking: relevance ** REL_POWER times coverage (log outlets + ARTICLE_WEIGHT * log articles)
# times a recency factor.
HEADLINE_COPIES = 0.15  # weight of the share of a story's articles carrying a sentence
REL_POWER = 0.5
ARTICLE_WEIGHT = 1.0


@dataclass
class Strand:
    """One story of the evidence as the plan sees it."""

    key: str
    docs: list[int]
    usable: list[int]  # usable candidates of its articles
    outlets: int  # independent sources (wire lineages count once)
    first: date | None
    last: date | None
    relevance: float = 0.0
    rank: float = 0.0
    chosen: list[int] = field(default_factory=list)
    side: list[int] = field(default_factory=list)  # usable sentences of stories attached to it
    side_docs: list[int] = field(default_factory=list)


LEAD_ONLY_WORDS = 100  # a budget of this many words or fewer is the lead alone


def strand_limits(words: int) -> tuple[int, int]:
    """(fewest, most) strand paragraphs for a budget: none at 100 words or fewer (the lead
    alone holds the central story), one or two below 200, two to four from 200."""
    if words <= LEAD_ONLY_WORDS:
        return 0, 0
    if words < 200:
        return 1, 2
    return 2, 4


# -- grouping ----------------------------------------------------------------------------------


def group_docs(prep: Prepared, embed: Callable[[list[str]], np.ndarray] | None = None) -> list[str]:
    """A story key for each doc: its store story, else a group found at brief time."""
    keys = [d.story_id or "" for d in prep.docs]
    loose = [k for k, key in enumerate(keys) if not key]
    if not loose:
        return keys
    if len(loose) == 1:
        keys[loose[0]] = f"g{loose[0]}"
        return keys
    from newsdesk.stories.core import ArticleFeatures, cluster, feature_text
    from newsdesk.stories.service import feature_records

    docs = [prep.docs[k] for k in loose]
    texts = [feature_text(d.title, d.text) for d in docs]
    vecs = embed_or_fallback(embed, texts)
    records = feature_records([(d.id, d.title, d.text) for d in docs])
    ids = {d.id for d in docs}
    feats = [
        ArticleFeatures(
            id=d.id,
            vector=np.asarray(v, dtype=np.float32),
            terms=dict(r.terms),
            keys=dict(r.keys),
            published=d.published,
            source=d.source,
            original_id=d.lineage_id if d.lineage_id in ids and d.lineage_id != d.id else None,
            lineage_id=d.lineage_id or d.id,
        )
        for d, v, r in zip(docs, vecs, records, strict=True)
    ]
    labels = cluster(feats)[1]
    for k, lab in zip(loose, labels, strict=True):
        keys[k] = f"g{lab}"
    return keys


def _outlets(prep: Prepared, docs: list[int]) -> int:
    """Independent outlets: wire lineages counted once, and lineages of one named outlet too
    (twenty White House documents are one outlet)."""
    seen: dict[str, str] = {}
    for d in sorted(docs, key=lambda d: prep.docs[d].id):
        seen.setdefault(prep.lineage[d], prep.docs[d].source or prep.lineage[d])
    return len(set(seen.values()))


def build_strands(prep: Prepared, keys: list[str], usable: list[int]) -> list[Strand]:
    """The stories with at least one usable sentence, ranked (best first)."""
    by_key: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        by_key.setdefault(key, []).append(k)
    use_by_doc: dict[int, list[int]] = {}
    for i in usable:
        use_by_doc.setdefault(prep.cands[i].doc, []).append(i)
    strands: list[Strand] = []
    for key, docs in by_key.items():
        mine = [i for d in docs for i in use_by_doc.get(d, [])]
        if not mine:
            continue
        days = [a for a in (anchor_day(prep.docs[d].published) for d in docs) if a is not None]
        strands.append(
            Strand(
                key=key,
                docs=docs,
                usable=mine,
                outlets=_outlets(prep, docs),
                first=min(days) if days else None,
                last=max(days) if days else None,
            )
        )
    if not strands:
        return []
    all_days = [s.last for s in strands if s.last is not None]
    lo = min(all_days) if all_days else None
    hi = max(all_days) if all_days else None
    for s in strands:
        rel = sorted((prep.cands[i].relevance for i in s.usable), reverse=True)
        s.relevance = float(np.mean(rel[:2]))
        coverage = math.log2(1 + s.outlets) + ARTICLE_WEIGHT * math.log2(1 + len(s.docs))
        recency = 0.5
        if lo is not None and hi is not None and s.last is not None and hi > lo:
            recency = (s.last - lo).days / (hi - lo).days
        s.rank = s.relevance**REL_POWER * coverage * (0.9 + 0.1 * recency)
    strands.sort(key=lambda s: (-s.rank, s.key))
    return strands


ATTACH_MIN_COS = 0.0  # a story joins a strand as a side of it from this centroid cosine up


def _centroid(prep: Prepared, s: Strand) -> np.ndarray:
    v = prep.vecs[s.usable].mean(axis=0)
    return np.asarray(v / (np.linalg.norm(v) or 1.0), dtype=np.float32)


def attach(prep: Prepared, strands: list[Strand], rest: list[Strand]) -> None:
    """Stories not planned as strands of their own join the strand they are closest to when
    close enough (``ATTACH_MIN_COS``): a strand is then a sub-topic, its selection draws on
    them too. A strand keeps its own headline fact (picked from its own story)."""
    if not strands or not rest:
        return
    cents = np.stack([_centroid(prep, s) for s in strands])
    for r in rest:
        if not r.key.startswith("g"):
            continue  # a story of the store stays a story of its own
        sims = cents @ _centroid(prep, r)
        k = int(np.argmax(sims))
        if float(sims[k]) >= ATTACH_MIN_COS:
            strands[k].side += r.usable
            strands[k].side_docs += r.docs


# -- the headline fact -------------------------------------------------------------------------


def headline_scores(prep: Prepared, strand: Strand, pool: list[int]) -> dict[int, float]:
    """How well each sentence of ``pool`` states what the story's articles' titles and first
    sentences share: its mean cosine to the other outlets' titles and first sentences (one
    per independent source), the share of the titles' words it holds, and how early it
    stands in its article."""
    cands, vecs = prep.cands, prep.vecs
    firsts: dict[str, int] = {}  # lineage -> its first standalone sentence
    titles: dict[str, str] = {}
    for i, c in enumerate(cands):
        if c.doc not in strand.docs or c.problem is not None:
            continue
        lin = prep.lineage[c.doc]
        if lin not in firsts or (c.index, c.doc) < (
            cands[firsts[lin]].index,
            cands[firsts[lin]].doc,
        ):
            firsts[lin] = i
            titles[lin] = prep.docs[c.doc].title
    lins = sorted(firsts)
    title_vecs = embed_or_fallback(prep.embed, [titles[x] for x in lins]) if lins else None
    title_words: dict[str, int] = {}
    for d in strand.docs:
        for w in _content(prep.docs[d].title):
            title_words[w] = title_words.get(w, 0) + 1
    total = sum(title_words.values()) or 1
    # How many of the story's articles carry a sentence word for word (a wire story its
    # outlets reprint is the news; an outlet's own follow-up on the reaction is one article).
    carried: dict[str, int] = {}
    for c in cands:
        if c.doc in strand.docs:
            key = " ".join(c.text.split())
            carried[key] = carried.get(key, 0) + 1
    out: dict[int, float] = {}
    if len(lins) < 2:
        # One source: nothing shared to find; the selection's own score (relevance to the
        # topic, centrality, an early place in the article) decides.
        return {i: cands[i].score for i in pool}
    for i in pool:
        c = cands[i]
        own = prep.lineage[c.doc]
        rows = [k for k, x in enumerate(lins) if x != own] or list(range(len(lins)))
        if rows and title_vecs is not None and title_vecs.shape[1] == vecs.shape[1]:
            first_sim = vecs[[firsts[lins[k]] for k in rows]] @ vecs[i]
            title_sim = title_vecs[rows] @ vecs[i]
            lead_sim = float(np.mean((first_sim + title_sim) / 2))
        else:
            lead_sim = 0.5
        mine = _content(c.said)
        title = sum(n for w, n in title_words.items() if w in mine) / total
        position = 1.0 / (1.0 + c.index)
        copies = carried.get(" ".join(c.text.split()), 1) / max(1, len(strand.docs))
        out[i] = (
            0.4 * lead_sim
            + 0.25 * title
            + 0.15 * position
            + 0.2 * c.relevance
            + HEADLINE_COPIES * copies
        )
    return out


def headline(prep: Prepared, strand: Strand, pool: list[int]) -> int | None:
    """The sentence of ``pool`` that best states the story's headline fact."""
    if not pool:
        return None
    scores = headline_scores(prep, strand, pool)
    return max(pool, key=lambda i: (scores[i], -i))


# -- a topic's names --------------------------------------------------------------------------

# (a name may open in lower case: "iPod", "eBay")
_NAME_RUN = re.compile(r"\b(?:[A-Z]|[a-z][A-Z])[\w.'’]*(?:(?:\s+(?:of\s+)?|-)[A-Z][\w.'’]*)*")


_COUNTRY_ABBREVIATIONS = frozenset("U.S. US U.S.A. USA U.K. UK EU E.U. U.N. UN".split())


def topic_names(query: str | None) -> list[str]:
    """The names a topic asks about ("Heartland Central" in "the Heartland Central rail
    merger", "Port of Calder", "Chelsea"): runs of capitalised words, not a country, a
    nationality or a place (an article says "Britain" for "the UK"), not an opening "The";
    none for a question of several sentences (DUC's "Include such details as ...")."""
    if not query or len(re.findall(r"[.?!](?:\s|$)", query.strip())) > 1:
        return []
    places = {
        w
        for e in parse_sentence(query).ents
        if e.label_ in {"GPE", "NORP", "LOC"}
        for w in re.split(r"[\s\-]+", e.text)
    }
    places |= _COUNTRY_ABBREVIATIONS
    out = []
    for m in _NAME_RUN.finditer(query.strip()):
        # "U.S.-Mexico": each side; "High-Level" stays one word
        parts: list[str] = []
        for piece in m.group(0).split("-"):
            left = parts[-1].split()[-1] if parts and parts[-1].split() else ""
            right = piece.split()[0] if piece.split() else ""
            if left in _COUNTRY_ABBREVIATIONS:
                places.add(right)  # "U.S.-Mexico": the other country of the pair
            if parts and left not in places and right not in places:
                parts[-1] += "-" + piece
            else:
                parts.append(piece)
        for part in parts:
            words = part.split()
            # what follows a possessive is the owner's thing, not a second name: "Merck's
            # COVID pill" names Merck (a Pfizer shot is no strand of it)
            owner = next(
                (
                    k
                    for k, w in enumerate(words)
                    if re.search(r"['’]s$", w) and re.sub(r"['’]s$", "", w) not in places
                ),
                None,
            )
            words = [
                re.sub(r"['’]s$", "", w) for w in words[: None if owner is None else owner + 1]
            ]
            while words and (words[0] in places or words[0].lower() in STOPWORDS):
                words = words[1:]  # "the", "U.S." before "Bicentennial Framework"
            if words and words[-1] not in places and any(len(w) > 2 for w in words):
                out.append(" ".join(words))
    return out


def topic_places(query: str | None) -> list[str]:
    """The places and nationalities a one-sentence topic names ("Canada" in "Canada and steel
    tariffs"), as written."""
    if not query or len(re.findall(r"[.?!](?:\s|$)", query.strip())) > 1:
        return []
    return [e.text for e in parse_sentence(query).ents if e.label_ in {"GPE", "NORP", "LOC"}]


_GROUPS = {"7": "Seven", "8": "Eight", "20": "20"}


def name_forms(name: str) -> list[str]:
    """The ways an article writes a topic's name: as asked, an acronym in title case
    ("Aukus", "Covid"), a group with a hyphen or in words ("G-7", "Group of Seven")."""
    forms = [name]
    if re.fullmatch(r"[A-Z]{4,}", name):
        forms.append(name.title())
    group = re.fullmatch(r"G(\d{1,2})", name)
    if group:
        forms += [f"G-{group.group(1)}", f"Group of {_GROUPS.get(group.group(1), group.group(1))}"]
    return forms


def names_said(text: str, names: list[str]) -> bool:
    """Whether ``text`` says one of ``names`` in one of its forms (:func:`name_forms`)."""
    return any(f in text for n in names for f in name_forms(n))


def _names_any(prep: Prepared, s: Strand, names: list[str]) -> bool:
    """Whether one of the strand's articles names one of the topic's names (a strand of a
    topic that names something is about it: "union members set up pickets at the rail yard",
    a port strike's, is no strand of "the Heartland Central rail merger")."""
    docs = [*s.docs, *s.side_docs]
    return any(
        names_said(prep.docs[d].text, names) or names_said(prep.docs[d].title, names) for d in docs
    )


def _names_up_front(
    prep: Prepared,
    s: Strand,
    names: list[str],
    titles_only: bool = False,
    words: set[str] | None = None,
) -> bool:
    """Whether one of the story's own articles names one of the topic's names in its title or
    (unless ``titles_only``) its opening sentences (``UP_FRONT_SENTENCES``): the story is about
    it, not passing by it. With ``words`` (the topic's words, for a place), the same title or
    sentence holds one of them too: "Canada" with "tariffs", not a fact sheet on tariffs on
    China for "China and synthetic drugs"."""

    def about(text: str, toks: list[str] | None = None) -> bool:
        if not names_said(text, names):
            return False
        return not words or bool(words & set(toks if toks is not None else tokens(text)))

    docs = set(s.docs)
    if any(about(prep.docs[d].title) for d in docs):
        return True
    return not titles_only and any(
        about(c.text, c.toks) for c in prep.cands if c.doc in docs and c.index < UP_FRONT_SENTENCES
    )


UP_FRONT_SENTENCES = 2


def topic_all_words(prep: Prepared) -> set[str]:
    """The content words of a one-sentence topic that names no name and no place ("fentanyl
    task force"): a story about it says all of them up front. Empty otherwise."""
    if not prep.query or len(re.findall(r"[.?!](?:\s|$)", prep.query.strip())) > 1:
        return set()
    words = {t for t in (prep.query_toks or []) if t not in STOPWORDS and len(t) > 2}
    return words if len(words) >= 2 else set()


def _all_words_in_a_title(prep: Prepared, s: Strand, words: set[str]) -> bool:
    """Whether a title of the story's own articles holds every one of ``words``: the story is
    about the topic ("U.S. and Mexico agree to joint task force on fentanyl ..."), not one that
    mentions it further down (a cartel designation whose article recalls the task force)."""
    return any(words <= set(tokens(prep.docs[d].title)) for d in s.docs)


def topic_words(prep: Prepared) -> set[str]:
    """The topic's content words (stemmed, as the candidates' tokens), without its places and
    nationalities when it has other words ("deportation flights from the U.S. to Mexico":
    deportation, flights; every story of a U.S.-Mexico store names Mexico)."""
    words = {t for t in (prep.query_toks or []) if t not in STOPWORDS and len(t) > 2}
    if not prep.query or len(re.findall(r"[.?!](?:\s|$)", prep.query.strip())) > 1:
        return words  # a question of several sentences: its words as they are
    places = {
        t
        for e in parse_sentence(prep.query).ents
        if e.label_ in {"GPE", "NORP", "LOC"}
        for t in tokens(e.text)
    }
    return (words - places) or words


def _words_any(prep: Prepared, s: Strand, words: set[str]) -> bool:
    """Whether one of the strand's usable sentences holds one of the topic's words (a port
    strike's "talks to end the strike collapsed" is no strand of "nurse staffing", however
    close its vectors come); two of its common words for a topic of one phrase of three or
    more of them (:func:`phrase_words`)."""
    phrase = phrase_words(prep)
    if phrase:
        return any(len(phrase & set(prep.cands[i].toks)) >= 2 for i in [*s.usable, *s.side])
    return any(words & set(prep.cands[i].toks) for i in [*s.usable, *s.side])


def phrase_words(prep: Prepared) -> set[str]:
    """The common words of a topic that is one phrase of three or more of them and names no
    name ("student loan forgiveness": an NCAA ruling on "student athletes" is no strand of it);
    empty for a list ("fentanyl, tariffs and cartels" is of alternatives) or a shorter topic."""
    q = prep.query or ""
    if not one_phrase(q) or topic_names(q):
        return set()
    plain = content_words([w for w in q.split() if w[:1].islower()])
    return plain if len(plain) >= 3 else set()


def one_phrase(query: str) -> bool:
    """Whether ``query`` is one phrase: no list ("," "and" "or") and no second sentence."""
    return not re.search(r",|\b(?:and|or)\b|[.?!]\s", query)


def content_words(words: list[str]) -> set[str]:
    """The content tokens of ``words`` (stemmed, as the candidates' tokens; no stopwords, none
    under three letters)."""
    return {t for w in words for t in tokens(w) if t not in STOPWORDS and len(t) > 2}


def about_up_front(prep: Prepared, about: list[Strand], up_front: list[str]) -> Strand | None:
    """A topic naming no name and no place: the best ranked story a title of whose articles
    holds all its words, when ranked at least ``UP_FRONT_MIN_RANK`` of the best. (Titles only:
    an opening sentence holding them led White House "migration and asylum" with a fact
    sheet's "has made progress ... on each line of action", graded below the ranked lead.)"""
    words = set() if up_front or not about else topic_all_words(prep)
    for s in about if words else []:
        if s.rank >= UP_FRONT_MIN_RANK * about[0].rank and _all_words_in_a_title(prep, s, words):
            return s
    return None


UP_FRONT_MIN_RANK = 0.5
