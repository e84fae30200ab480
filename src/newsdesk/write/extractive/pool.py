"""The candidates a briefing may use: scored, the standalone ones above the relevance floor,
with the notices a thin or flawed evidence set earns. Both writers' paths (the selection of
:mod:`.compose` and the plan of :mod:`.plan`) start here."""

from __future__ import annotations

import re

import numpy as np

from newsdesk.errors import NotFoundError
from newsdesk.model import window_phrase
from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.outlets import argues, is_opinion
from newsdesk.write.extractive.select import score_candidates
from newsdesk.write.extractive.settings import BriefConfig
from newsdesk.write.extractive.strands import content_words, topic_names, topic_places
from newsdesk.write.extractive.words import tokens

THIN = 3  # fewer independent articles than this is thin evidence
# When no sentence stands alone, the flawed ones a briefing may still show, best tier first
# (a sentence that leans on context it does not carry comes last).
SALVAGE = (
    frozenset({"unfinished", "quote cut", "long", "short"}),
    frozenset({"fragment", "unattributed quote", "connective", "pronoun", "context"}),
    # the reader's configuration's other kinds of leaning (readability.leaning_kind)
    frozenset(
        {
            "reference",
            "quantifier",
            "person",
            "acronym",
            "voice",
            "formula",
            "dateline",
            "undated",
            "follows",
        }
    ),
)


def usable_candidates(
    prep: Prepared, *, since: str | None, until: str | None, cfg: BriefConfig
) -> tuple[list[int], list[int], np.ndarray, list[str]]:
    """Score the candidates; return the usable ones (standalone and above the relevance
    floor), the standalone ones, the cosine matrix and the notices (thin evidence, flawed
    sentences only)."""
    sc = cfg.select
    docs, cands = prep.docs, prep.cands
    thin = len(set(prep.lineage)) < THIN
    notice = None
    if thin:
        what = f" {prep.query!r}" if prep.query else ""
        noun = "article matches" if len(docs) == 1 else "articles match"
        notice = f"Only {len(docs)} {noun}{what}{window_phrase(since, until)}."
    if not cands:
        raise NotFoundError(f"no usable sentences in the {len(docs)} matching articles")
    sims = score_candidates(cands, prep.lineage, prep.vecs, prep.query_vec, prep.query_toks, sc)
    if sc.opinion_penalty > 0:
        opinion_docs = {k for k, d in enumerate(docs) if is_opinion(d)}
        for c in cands:
            c.opinion = c.doc in opinion_docs or argues(c.shown)
            if c.opinion:
                c.score *= 1.0 - sc.opinion_penalty
    floor = sc.relevance_floor
    if thin:
        # Thin evidence: only what the articles clearly support, no padding.
        floor = max(floor, 0.5)
    fine = [i for i, c in enumerate(cands) if c.problem is None]
    notes = [notice] if notice else []
    if not fine:
        # Every sentence has a flaw (cut off mid-way, too long, a fragment ...): the least bad
        # ones, and the briefing says so, rather than no briefing at all.
        for tier in SALVAGE:
            fine = [i for i, c in enumerate(cands) if c.problem in tier]
            if fine:
                break
        if not fine:
            raise NotFoundError(f"no usable sentences in the {len(docs)} matching articles")
        flaws = sorted({str(cands[i].problem) for i in fine})
        notes.append(
            f"No sentence of the {len(docs)} articles stands alone ({', '.join(flaws)}): "
            "the briefing shows the best it found, as the articles have them."
        )
    usable = [i for i in fine if cands[i].relevance >= floor]
    if not thin:
        usable = sorted({*usable, *titled_openings(prep, fine)})
    if not usable:  # nothing clears the floor: the few most relevant sentences only
        usable = sorted(fine, key=lambda i: -cands[i].relevance)[:3]
    return usable, fine, sims, notes


def titled_openings(prep: Prepared, fine: list[int]) -> list[int]:
    """The opening sentence of each article whose title says what a one-sentence topic names
    (each name or place, or a two-word name's last word: "Sinema", with one of its common
    words), or two of its common words (all of one): the title tells what the article is
    about, and its opening sentence tells that news in words that may not repeat the topic's
    ("France has recalled its ambassador ...", under "Macron recalls French ambassador over
    AUKUS submarine pact", was below the floor of "the AUKUS submarine deal")."""
    q = (prep.query or "").strip()
    if not q or len(re.findall(r"[.?!](?:\s|$)", q)) > 1:
        return []
    names = topic_names(q) + topic_places(q)
    words = content_words([w for w in q.split() if w[:1].islower()])
    if not names and not words:
        return []

    def said(title: str) -> bool:
        have = words & set(tokens(title))
        if names:
            low = title.lower()
            return (not words or bool(have)) and all(
                n.lower() in low or (len(n.split()) == 2 and n.split()[1].lower() in low)
                for n in names
            )
        return len(have) >= min(2, len(words))

    first: dict[int, int] = {}
    for i in fine:
        c = prep.cands[i]
        if c.index <= 1 and (c.doc not in first or c.index < prep.cands[first[c.doc]].index):
            first[c.doc] = i
    # (a column's opening is its writer's view, not the news: "The administration could
    # certainly have better planned ...", a guest writer's)
    return [
        i for d, i in first.items() if said(prep.docs[d].title) and not is_opinion(prep.docs[d])
    ]
