"""The extractive writer, newsdesk's default: verbatim sentences, each citing every article
that states it (see :mod:`.compose` for the arrangement and :mod:`.select` for selection)."""

from __future__ import annotations

from dataclasses import replace

from newsdesk.briefing import Briefing
from newsdesk.model import BriefRequest, Evidence
from newsdesk.write.extractive.compose import write_briefing
from newsdesk.write.extractive.settings import BriefConfig, SelectConfig


def product_config() -> BriefConfig:
    """The configuration a reader's briefing uses.

    A reader's briefing spreads across sources: at most two sentences from one article (or
    wire lineage), so no single opinion piece or long transcript carries a strand. This is the
    one setting that differs from the configuration measured on DUC.
    """
    return BriefConfig(select=SelectConfig(max_per_lineage=2))


class ExtractiveWriter:
    """Selects, cites and arranges sentences of the evidence; writes nothing new."""

    name = "extractive"

    def __init__(self, config: BriefConfig | None = None, **options: object) -> None:
        cfg = config or product_config()
        if options:
            cfg = replace(cfg, **options)  # type: ignore[arg-type]
        self.config = cfg

    def write(self, request: BriefRequest, evidence: Evidence) -> Briefing:
        return write_briefing(
            request.topic,
            evidence.docs,
            config=self.config,
            words=request.words,
            embed=evidence.embed,
            since=request.since,
            until=request.until,
        )


__all__ = ["ExtractiveWriter", "product_config"]
