"""Whether two sentences state the same fact, for a planned briefing that states each fact once
(:mod:`.plan`; the readability evaluation counts repeats with the same rule)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.dates import anchor_day
from newsdesk.write.extractive.parse import parse_sentence
from newsdesk.write.extractive.words import STOPWORDS, stem, tokens


@lru_cache(maxsize=16384)
def _content(text: str) -> frozenset[str]:
    """A sentence's content words, stemmed (cached: the plan compares the same sentences many
    times over)."""
    return frozenset(t for t in tokens(text) if t not in STOPWORDS and len(t) > 2)


_MONTH_DAY = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?!\d)"
    r"(?:,\s*\d{4})?"  # ("November 2019" is a month and year: no day "20" and a "19" left)
)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*%?")


def _figures(text: str) -> set[str]:
    """The figures a sentence states (dates left out: they say when, not what)."""
    return set(_FIGURE.findall(_MONTH_DAY.sub(" ", text)))


# A figure that says which fact: not a year, a one-digit number or a name's number ("COVID-19").
_FACT_FIGURE = re.compile(r"(?<![\w-])\$?\d[\d,.]*\d%?|(?<![\w-])\$?[1-9]\d%")
# verbs that say little of the act: light ones, and those of attribution ("the Labor
# Department said/reported", "data showed", "according to", "the week ended May 29")
_LIGHT_VERBS = frozenset(
    "make take get go come give say said tell told report accord show end".split()
)


def _fact_figures(text: str) -> set[str]:
    got = {f.rstrip(".,") for f in _FACT_FIGURE.findall(_MONTH_DAY.sub(" ", text))}
    return {f for f in got if not re.fullmatch(r"(?:19|20)\d\d", f)}


@lru_cache(maxsize=16384)
def _acts(text: str) -> frozenset[str]:
    """The stems of a sentence's verbs, light ones ("take", "make") aside."""
    return frozenset(
        stem(t.lower_)
        for t in parse_sentence(text)
        if t.pos_ == "VERB"  # (no "is", "has")
    ) - frozenset(stem(v) for v in _LIGHT_VERBS)


def same_figure_act(a: str, b: str) -> bool:
    """Whether two sentences state one figure of one act: a figure in both (not a year) and a
    verb in both ("employers added just 235,000 jobs in August" / "the economy adding just
    235,000 positions", graded as one fact told twice); "will impose a 25% tariff" and
    "postponed ... a 25% tariff" are two."""
    shared = _fact_figures(a) & _fact_figures(b)
    return bool(shared) and bool(_acts(a) & _acts(b))


def repeats(a: str, b: str, cos: float | None = None) -> bool:
    """Whether two sentences state the same fact: nearly the same meaning (cosine above 0.85),
    or most of the shorter one's content words (at least 60%, four or more) in the other with
    none of its figures missing there ("The Senate approved the bill ... by 69 to 30" is not
    "House leaders will take up the bill after the Senate vote")."""
    if cos is not None and cos > 0.85:
        return True
    if same_figure_act(a, b):
        return True
    wa, wb = _content(a), _content(b)
    # The shorter one must be (mostly) in the longer; of two as long, either way round.
    pairs = [(a, wa, wb, b)] if len(wa) <= len(wb) else []
    if len(wb) <= len(wa):
        pairs.append((b, wb, wa, a))
    for short, ws, wl, long_ in pairs:
        shared = ws & wl
        if len(shared) >= 4 and len(shared) >= 0.6 * len(ws) and _figures(short) <= _figures(long_):
            return True
    return False


OPENING_SENTENCES = 2  # an article's sentences that tell its story's headline fact
OPENINGS_SAME_COS = 0.65  # cosine from which two openings of one story tell the same fact


def _same_opening(prep: Prepared, sims: np.ndarray, a: int, b: int) -> bool:
    """Whether two sentences are openings of two articles of one story, close in meaning
    (cosine at least ``OPENINGS_SAME_COS``): each article leads with the story's headline
    fact in its own words (graded: "A one-page order by the 5th U.S. Circuit Court of Appeals
    reinstated the law" and "The 5th U.S. Circuit Court of Appeals ... temporarily allowed
    Texas' near-total abortion ban", one paragraph)."""
    ca, cb = prep.cands[a], prep.cands[b]
    keys = prep.story_keys
    if not (
        keys is not None
        and ca.doc != cb.doc
        and ca.index < OPENING_SENTENCES
        and cb.index < OPENING_SENTENCES
        and keys[ca.doc] == keys[cb.doc]
        and float(sims[a, b]) >= OPENINGS_SAME_COS
    ):
        return False
    # the same day's news when both are dated (a story's task force founded one day and
    # meeting ten days on is two facts), and no figures told apart ("rose 0.5% in February",
    # "fell 0.7% in December")
    da, db = (anchor_day(prep.docs[c.doc].published) for c in (ca, cb))
    if da is not None and db is not None and abs((da - db).days) > 1:
        return False  # (an undated article is let be: its story's grouping placed it)
    fa, fb = _figures(ca.said), _figures(cb.said)
    return not (fa and fb and not fa & fb)


def _same_fact(prep: Prepared, sims: np.ndarray, a: int, b: int, openings: bool = True) -> bool:
    """Whether candidates ``a`` and ``b`` state the same fact: :func:`repeats`, or (with
    ``openings``) :func:`_same_opening`."""
    return repeats(prep.cands[a].said, prep.cands[b].said, float(sims[a, b])) or (
        openings and _same_opening(prep, sims, a, b)
    )


def _repeats_any(prep: Prepared, sims: np.ndarray, i: int, others: list[int]) -> bool:
    return any(_same_fact(prep, sims, i, k) for k in others if k != i)


def _clash(prep: Prepared, sims: np.ndarray, openings: bool = True) -> Callable[[int, int], bool]:
    """Whether two candidates state the same fact (:func:`repeats`; with ``openings``, also
    :func:`_same_opening`), remembered per pair."""
    memo: dict[tuple[int, int], bool] = {}

    def clash(a: int, b: int) -> bool:
        key = (a, b) if a < b else (b, a)
        if key not in memo:
            memo[key] = _same_fact(prep, sims, a, b, openings)
        return memo[key]

    return clash


def _without_repeats(
    prep: Prepared, chosen: list[int], sims: np.ndarray, openings: bool = True
) -> list[int]:
    kept: list[int] = []
    for i in chosen:
        if any(_same_fact(prep, sims, i, k, openings) for k in kept):
            continue
        kept.append(i)
    return kept
