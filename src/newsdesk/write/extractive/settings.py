"""Everything tunable about an extractive briefing."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SelectConfig:
    """Tunable parameters of selection (defaults tuned on the odd DUC 2006 topics only)."""

    min_words: int = 8
    max_words: int = 55
    dense_weight: float = 0.4  # share of the dense cosine in query relevance (rest: lexical)
    w_relevance: float = 1.0
    w_centrality: float = 0.6
    w_position: float = 0.3
    position_decay: float = 2.0  # sentence index where the lead prior has halved
    concept_power: float = 2.0
    concept_min_df: int = 1  # independent sources a bigram needs to be a concept
    unigram_weight: float = 0.1  # weight of content-word unigram concepts relative to bigrams
    lam: float = 0.25  # weight of the modular score term
    gamma: float = 1.2  # cost scaling exponent in the greedy
    redundancy: float = 0.8  # max cosine to an already chosen sentence
    relevance_floor: float = 0.2  # drop candidates below this share of the best relevance
    centrality_k: int = 10
    max_per_lineage: int = 0  # most sentences from one independent source (0: no cap)
    # Spread across outlets: while an independent source with a usable sentence that fits is
    # not yet cited, the next sentence comes from such a source.
    balance_outlets: bool = False
    balance_slack: float = 0.1  # exact search: share of the objective balance may cost
    # Exact search: reporting outlets counted toward balance up to this many (two outlets keep
    # one outlet from standing for a story; beyond them, coverage decides).
    balance_max_outlets: int = 2
    # Score multiplier (1 - penalty) for sentences of opinion articles and arguing sentences.
    opinion_penalty: float = 0.0
    # Short briefings on few candidates: search every set of up to this many sentences (0: off,
    # greedy only) when there are at most ``exact_max_candidates`` usable candidates ...
    exact_max_sentences: int = 0
    exact_max_candidates: int = 40
    exact_max_words: int = 75  # ... and the budget is at most this many words
    exact_max_sets: int = 50_000  # ... and there are at most this many sets to search
    # After the greedy: the words it left unused go to one swap of a chosen sentence for a
    # longer one that fits and loses nothing of the objective (the cost scaling that makes the
    # greedy favour short sentences otherwise leaves part of the budget empty).
    fill: bool = True


@dataclass
class BriefConfig:
    """Everything tunable about a briefing; ``select`` holds the selection parameters."""

    select: SelectConfig = field(default_factory=SelectConfig)
    cite_min_cos: float = 0.8
    cite_min_overlap: float = 0.6
    max_strands: int = 5
    overall: str = "auto"  # "auto" | "extracted" | "templated"
    # "auto": the templated close (about 30 words of counts, outlets and dates) only when it
    # takes at most this share of the word budget; below that the words go to content.
    templated_max_share: float = 0.2
    # From this many words up (0: never), "auto" first looks for a close among the sentences
    # not yet used: the one that best sums up the strands (see ``compose.summing_up``); without
    # one, the close is the chosen sentence closest to the others, or the templated line.
    overall_extracted_min_words: int = 0
    max_sentences_per_doc: int = 80  # later sentences of very long articles are not read
    repair: bool = True
    # Leave out a sentence with a demonstrative reference ("this committee") anywhere, not
    # only in its opening clause.
    strict_context: bool = False
    # With ``strict_context``: the kinds of leaning (``readability.leaning_kind``) a candidate is
    # left out for; None: ``readability.WRITER_KINDS`` (formulas, datelines, fragments).
    leaning: frozenset[str] | None = None
    # Relative dates as bracketed repairs (see :mod:`.dates`); on in the product configuration,
    # off in the one measured on DUC (the repairs' words cost 0.002 ROUGE-2 on DUC 2006).
    resolve_dates: bool = False
    # The lead names the time window of the articles it draws on (a templated line) when the
    # budget is at least this many words (0: never).
    window_min_words: int = 0
    # Plan the briefing from stories (see :mod:`.plan`): a lead with the central story's
    # headline fact, one paragraph per story, a templated "Overall" naming the stories.
    plan: bool = False
    # The selection parameters of a planned briefing with strands (above 100 words; None:
    # ``select``). The plan spreads such a briefing over stories itself, so the product lets
    # the outlet balance and flat concept weights tuned for short roundups go there.
    strand_select: SelectConfig | None = None
