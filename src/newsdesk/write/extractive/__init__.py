"""The extractive writer, newsdesk's default: verbatim sentences, each citing every article
that states it (see :mod:`.compose` for the arrangement and :mod:`.select` for selection)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from newsdesk.briefing import Briefing
from newsdesk.model import BriefRequest, Evidence, EvidenceDoc
from newsdesk.write.extractive.compose import prepare, write_briefing
from newsdesk.write.extractive.readability import ALL_KINDS
from newsdesk.write.extractive.settings import BriefConfig, SelectConfig
from newsdesk.write.extractive.strands import LEAD_ONLY_WORDS


def product_config() -> BriefConfig:
    """The configuration a reader's briefing uses.

    A reader's briefing resolves relative dates against each article's date (bracketed
    repairs). It spreads across sources: at most two sentences from one article (or
    wire lineage), so no single opinion piece or long transcript carries a strand; the next
    sentence comes from an outlet not yet cited while one fits; opinion articles and arguing
    sentences weigh less than reporting; a short briefing (100 words or fewer, at most 40
    usable sentences) is the best set of up to five sentences (fewer when there would be more
    than 50,000 sets to search), the one citing two or more reporting outlets when such a set
    is worth at least 65% of the best (beyond two outlets, coverage decides); a concept weighs
    the sum of its best sentence scores per source; from 150 words up the lead names the time
    window of the articles it draws on and the "Overall" close is, when one qualifies, a
    sentence not yet used that sums up the outlets' strands; a sentence pointing back with
    "this"/"these"/"those" anywhere is left out. These settings differ from the configuration
    measured on DUC (tuned on the odd-id AllSides stories, ``newsdesk eval roundups``).
    """
    return BriefConfig(
        window_min_words=150,
        overall_extracted_min_words=150,
        plan=True,
        strict_context=True,
        leaning=ALL_KINDS,
        resolve_dates=True,
        select=SelectConfig(
            max_per_lineage=2,
            balance_outlets=True,
            balance_slack=0.35,
            opinion_penalty=0.3,
            exact_max_sentences=5,
            exact_max_words=100,
            concept_power=1.0,
        ),
        # Above 100 words the strands spread the briefing; outlet balance and flat concept
        # weights cost R-2 0.006 on the odd DUC 2006 topics (8 of them, planned, 250 words).
        strand_select=SelectConfig(
            max_per_lineage=2,
            opinion_penalty=0.3,
        ),
    )


class ExtractiveWriter:
    """Selects, cites and arranges sentences of the evidence; writes nothing new."""

    name = "extractive"

    def __init__(self, config: BriefConfig | None = None, **options: object) -> None:
        cfg = config or product_config()
        if options:
            cfg = replace(cfg, **options)  # type: ignore[arg-type]
        self.config = cfg

    def config_for(self, words: int) -> BriefConfig:
        """The configuration a briefing of ``words`` is written with. A lead-only briefing
        keeps the default kinds of leaning: on the tuning half of the AllSides roundups every
        kind cost R-1 0.018 at 50 words and 0.030 at 100 (and 5 briefings found no usable
        sentence), while a planned briefing of strands needs them all. A briefing with strands
        selects with ``strand_select``."""
        cfg = self.config
        if cfg.plan and cfg.leaning is not None and words <= LEAD_ONLY_WORDS:
            cfg = replace(cfg, leaning=None)
        if cfg.plan and cfg.strand_select is not None and words > LEAD_ONLY_WORDS:
            cfg = replace(cfg, select=cfg.strand_select)
        return cfg

    def write(self, request: BriefRequest, evidence: Evidence) -> Briefing:
        cfg = self.config_for(request.words)
        return write_briefing(
            request.topic,
            evidence.docs,
            config=cfg,
            words=request.words,
            embed=evidence.embed,
            since=request.since,
            until=request.until,
        )

    def sentence_texts(self, docs: Sequence[EvidenceDoc]) -> list[str]:
        """The texts a briefing embeds for the sentences of ``docs``, so they can be embedded
        ahead of time. What is embedded for a sentence depends only on its own article (its
        date, the sentence before it), so each doc is prepared on its own, with an embedder
        that only records what it is asked."""
        asked: list[str] = []

        def record(texts: list[str]) -> np.ndarray:
            asked.extend(texts)
            return np.zeros((len(texts), 1), dtype=np.float32)

        for doc in docs:
            prepare(None, [doc], embed=record, config=self.config)
        if self.config.plan:
            # A planned briefing also reads the titles (the headline fact of a story).
            asked += [d.title for d in docs]
        return asked

    def warm_up(self) -> None:
        """Import what the first briefing would otherwise import (strand clustering)."""
        import scipy.cluster.hierarchy  # noqa: F401


__all__ = ["ExtractiveWriter", "product_config"]
