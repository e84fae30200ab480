"""The extractive briefing writer: from a question and its articles to a cited briefing.

``write_briefing`` runs the writer's three steps once each, in order: candidates
(:mod:`.candidates`), selection and citation (:mod:`.select`), arrangement (:mod:`.arrange`);
it cites every article that states each chosen fact, and arranges the result: a lead paragraph
with the core of the topic, two to five strand paragraphs (by story when the articles carry
story IDs, else by clustering the chosen sentences' vectors; chronological inside a strand),
and an "Overall" close. Nothing is generated: every sentence is either extracted verbatim
(its first citation's span, or that span with a recorded leading-pronoun repair) or
templated from counts, dates, outlets and strands, and marked so.

The store is not touched here; the caller retrieves the articles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from newsdesk.briefing import Briefing
from newsdesk.errors import InputError, NotFoundError
from newsdesk.model import EvidenceDoc, window_phrase
from newsdesk.write.extractive.arrange import arrange
from newsdesk.write.extractive.candidates import Prepared, prepare
from newsdesk.write.extractive.pool import THIN, usable_candidates
from newsdesk.write.extractive.select import cite_all, select
from newsdesk.write.extractive.settings import BriefConfig

TEMPLATED_WORDS = 30  # room kept for a templated close
CLOSE_WORDS = 30  # room first kept for an extracted close not yet used (see summing_up)


# An article handed to the writer (``sentences`` index ``text`` exactly).
Doc = EvidenceDoc

__all__ = ["BriefConfig", "Doc", "Prepared", "compose", "prepare", "ranked", "write_briefing"]


def write_briefing(
    query: str | None,
    docs: list[EvidenceDoc],
    *,
    words: int = 250,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    since: str | None = None,
    until: str | None = None,
    config: BriefConfig | None = None,
    overall: str | None = None,
) -> Briefing:
    """Write a cited extractive briefing on ``query`` (None: a generic summary) from ``docs``.

    ``words`` bounds the words of all sentences, extracted and templated (only when every
    sentence is longer does the briefing hold the shortest, with a notice). ``embed`` maps texts
    to unit vectors (without it selection is lexical only). ``overall`` overrides the config:
    "extracted" closes with the most central remaining chosen sentence, "templated" with a
    sentence of counts, outlets and dates, "auto" extracts unless the evidence is thin.
    When no sentence stands alone the least flawed are used, with a notice. Raises
    :class:`NotFoundError` when there are no articles or not one sentence to show.
    """
    cfg = config or BriefConfig()
    if overall is not None:
        cfg = replace(cfg, overall=overall)
    if words < 1:
        raise InputError(f"words={words}: the word budget must be positive")
    if not docs:
        raise NotFoundError(f"no articles match {query!r}{window_phrase(since, until)}")
    prep = prepare(query, docs, embed=embed, config=cfg)
    return compose(prep, words=words, since=since, until=until, config=cfg)


@dataclass
class Choice:
    """What selection decided for one budget: the chosen sentences (in the order chosen), the
    usable ones, the cosine matrix, the notice and whether a templated close is wanted."""

    chosen: list[int]
    usable: list[int]
    sims: np.ndarray
    notice: str | None
    want_templated: bool
    reserve: int  # words kept for templated lines (the lead's window, a templated close)


def choose(
    prep: Prepared,
    *,
    words: int,
    since: str | None,
    until: str | None,
    cfg: BriefConfig,
    close_room: int = 0,
) -> Choice:
    """Score the candidates and select the sentences for ``words`` (see :func:`compose`),
    keeping ``close_room`` words free for an extracted close."""
    sc = cfg.select
    cands = prep.cands
    thin = len(set(prep.lineage)) < THIN
    usable, fine, sims, notes = usable_candidates(prep, since=since, until=until, cfg=cfg)
    want_templated = cfg.overall == "templated" or (
        cfg.overall == "auto" and thin and TEMPLATED_WORDS <= cfg.templated_max_share * words
    )
    # Room for the closing sentence is kept when a templated close is wanted (the real count
    # is checked when it is written); if that leaves nothing that fits, the content goes first.
    reserve = TEMPLATED_WORDS if want_templated else close_room
    chosen = select(cands, usable, prep.lineage, sims, max(0, words - reserve), sc)
    if not chosen and reserve:
        chosen = select(cands, usable, prep.lineage, sims, words, sc)
    if not chosen:  # what fits may lie below the relevance floor
        chosen = select(cands, fine, prep.lineage, sims, words, sc)
    if not chosen:
        # Every sentence is longer than the budget: the shortest, and the briefing says so.
        shortest = min(fine, key=lambda i: (cands[i].n_words, -cands[i].score))
        chosen = [shortest]
        notes.append(
            f"No sentence fits the {words}-word budget: the shortest runs "
            f"{cands[shortest].n_words} words."
        )
    return Choice(chosen, usable, sims, " ".join(notes) or None, want_templated, reserve)


def summing_up(prep: Prepared, choice: Choice, room: int, cfg: BriefConfig) -> int | None:
    """The not-yet-used sentence that best sums up the chosen ones, or None.

    Each outlet (independent source) the chosen sentences come from is one strand of the
    story; a sentence sums them up as well as its mean cosine to the strands' mean vectors
    (a sentence close to one strand only does not). The best usable sentence that fits ``room``
    words, is not opinion, says nothing a chosen sentence already says (cosine at most
    ``redundancy``) and sums up at least as well as the chosen sentences themselves do (their
    median, each measured against the strands without itself) is the close."""
    cands, vecs = prep.cands, prep.vecs
    chosen = choice.chosen
    groups: dict[str, list[int]] = {}
    for i in chosen:
        groups.setdefault(prep.lineage[cands[i].doc], []).append(i)
    if len(groups) < 2:
        return None  # one source: nothing to sum up across

    def across(i: int) -> float:
        # A chosen sentence is measured against the strands without itself.
        parts = [[k for k in g if k != i] for g in groups.values()]
        cents = np.stack([vecs[g].mean(axis=0) for g in parts if g])
        cents /= np.maximum(np.linalg.norm(cents, axis=1, keepdims=True), 1e-9)
        return float(np.mean(cents @ vecs[i]))

    bar = float(np.median([across(i) for i in chosen]))
    taken = set(chosen)
    best: tuple[float, int] | None = None
    for j in choice.usable:
        if j in taken or cands[j].n_words > room or cands[j].opinion:
            continue
        if float(np.max(choice.sims[j, chosen])) > cfg.select.redundancy:
            continue
        value = across(j)
        if value >= bar and (best is None or value > best[0]):
            best = (value, j)
    return None if best is None else best[1]


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
    if cfg.plan:
        from newsdesk.write.extractive.plan import compose_planned

        return compose_planned(prep, words=words, since=since, until=until, cfg=cfg)
    closing: int | None = None
    if cfg.overall_extracted_min_words and words >= cfg.overall_extracted_min_words:
        # The close is a sentence not yet used that sums up the strands: selection leaves it
        # room, and takes the room back when no sentence qualifies.
        choice = choose(
            prep, words=words, since=since, until=until, cfg=cfg, close_room=CLOSE_WORDS
        )
        if not choice.want_templated:
            used = sum(prep.cands[i].n_words for i in choice.chosen)
            closing = summing_up(prep, choice, words - used - choice.reserve + CLOSE_WORDS, cfg)
        if closing is None:
            choice = choose(prep, words=words, since=since, until=until, cfg=cfg)
    else:
        choice = choose(prep, words=words, since=since, until=until, cfg=cfg)
    picked = choice.chosen + ([closing] if closing is not None else [])
    cited = cite_all(prep, picked, choice.sims, cfg)
    return arrange(
        prep,
        choice.chosen,
        cited,
        choice.sims,
        words,
        since,
        until,
        choice.notice,
        cfg,
        choice.want_templated,
        closing=closing,
    )


def ranked(
    prep: Prepared,
    *,
    words: int,
    since: str | None = None,
    until: str | None = None,
    config: BriefConfig | None = None,
) -> list[str]:
    """The writer's ranked selection for ``words`` (the sentences as shown, in the order
    chosen) followed by the next sentence it would rank: what the DUC protocol cuts at the
    N-th word (``newsdesk eval roundups``' "newsdesk, cut" row)."""
    cfg = config or BriefConfig()
    choice = choose(prep, words=words, since=since, until=until, cfg=cfg)
    more = select(
        prep.cands, choice.usable, prep.lineage, choice.sims, 10**9, cfg.select, choice.chosen
    )
    order = more[: len(choice.chosen) + 1]
    return [" ".join(prep.cands[i].shown.split()) for i in order]
