"""Story grouping settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

import numpy as np

# -- configuration ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryConfig:
    """Every knob of the grouping. One configuration serves every corpus (no per-set tuning).

    The match score is the log-odds that two articles report the same event, from a pairwise
    logistic model over the cosines of their vectors, TF-IDF words and entity/figure keys and
    their time gap (:func:`newsdesk.stories.linkage.pair_logits`). An article's score against a
    story is the mean of its pairwise scores with the members (average linkage), which the
    index computes from running sums. The weights (``bias`` .. ``w_known``) were fitted on the
    odd halves of ECB+ and AllSides with the ``names`` extractor over 600 characters
    (``newsdesk eval clustering --fit`` prints them again), and ``threshold`` (rebuild) and
    ``join_threshold`` (incremental) chosen there, each for its own mode; the even halves are
    held out. The ``names`` extractor replaced spaCy NER as the default (session 2): ~80x
    cheaper, and on the odd halves as good (mean B-cubed F1 of the rebuild 0.862 against 0.862,
    incremental 0.853 against 0.845, each with its own fit).
    """

    # pairwise same-event model: logit = bias + w_emb cos_emb + w_lex cos_lex + w_key cos_key
    #   + (when both are dated) w_known + w_gap min(gap, 30)/30 + w_near [gap <= near_days]
    bias: float = -8.63
    w_emb: float = 5.618
    w_lex: float = 17.194
    w_key: float = 4.818
    w_gap: float = -0.847
    w_near: float = 2.633
    w_known: float = -1.326
    # rebuild only, a second stage that knows each article's neighbourhood: with b_i, b2_i,
    # b3_i the best, second and third best logits article i has with other articles of the
    # collection (floored at -10), a pair scores
    #   r_bias + r_logit logit + r_best_max max(b_i, b_j) + r_best_min min(b_i, b_j)
    #   + r_second_max max(b2_i, b2_j) + ... + r_third_min min(b3_i, b3_j),
    # so a pair counts less where both articles have much closer matches (a dense topic of
    # look-alike events) and more where it is the best either has (fitted on the odd halves
    # after the pair model; r_logit 1, r_bias 0 and every other r_ weight 0 turn it off)
    r_bias: float = 1.186
    r_logit: float = 1.147
    r_best_max: float = 0.046
    r_best_min: float = -0.199
    r_second_max: float = -0.302
    r_second_min: float = -0.231
    r_third_max: float = 0.285
    r_third_min: float = 0.02
    size_bonus: float = 0.3  # rebuild: a merge scores its mean plus size_bonus log(merged size)
    size_cap: int = 64  # ... the size counted up to this many articles
    threshold: float = -0.75  # rebuild: merges while mean logit + size bonus reach this (the
    # bonus and this threshold chosen together on the odd halves: best mean B-cubed F1 over
    # size_bonus 0-0.5 x threshold -1.5..-0.25)
    join_threshold: float = -1.25  # ingest: an article joins the best story from this mean logit
    cold_days: float = 10.0  # a dated story this far from a dated article is not joined (set
    # on the demo corpus, whose stories develop over weeks; ECB+ has no dates)
    near_days: float = 1.5  # "same or next day": URL dates have day granularity, timestamps not
    theme_threshold: float = 0.2  # looser: stories on one beat (tuned: `newsdesk eval themes`)
    theme_w_key: float = 0.25  # themes: entity weight relative to the embedding's
    theme_w_lex: float = 0.5  # themes: TF-IDF word weight relative to the embedding's
    max_chars: int = 1500  # how much of an article feeds words and numbers
    ner_chars: int = 600  # how much of it the entity extractor reads
    entities: str = "names"  # the entity extractor: "names" (capitalised runs, ~0.3 ms an
    # article, :mod:`newsdesk.stories.names`) or "spacy" (spaCy NER, ~25 ms an article)
    lex_dim: int = 2048
    key_dim: int = 512
    batch: int = 64  # articles scored per matrix product
    refine_passes: int = 0  # rebuild only: after the linkage, move articles to the story that
    # fits them best (k-means style); off: average linkage already settles every article
    min_df: int = 1  # a word seen once so far still counts: the next report may share it
    settle: bool = True  # ingest: after each batch, re-cluster the stories it touched and their
    # neighbours with the rebuild's own linkage (:meth:`StoryIndex.settle`), so the ingest
    # path converges to what ``stories --rebuild`` gives
    settle_floor: float = -4.5  # ingest: a story is a neighbour of a new article from this
    # mean logit (well below ``join_threshold``: stories it nearly joined). Chosen on the odd
    # halves: -4.5 against -3.0 gave ECB+ 0.9112/0.9112 against 0.9051/0.9068 and AllSides
    # 0.8699/0.8611 against 0.8663/0.8522 (date order/shuffled arrival, B-cubed F1)
    settle_max: int = 600  # ingest: at most this many articles re-clustered per batch (the
    # neighbours nearest the batch first)

    @overload
    def time_logit(self, gap: float) -> float: ...

    @overload
    def time_logit(self, gap: np.ndarray) -> np.ndarray: ...

    def time_logit(self, gap: float | np.ndarray) -> float | np.ndarray:
        """The time part of the pairwise logit for known gaps in days (a number or an array):
        the one formula the index, the linkage and the settling all use."""
        g = np.asarray(gap, dtype=np.float64)
        t = (
            self.w_known
            + self.w_gap * np.minimum(g, 30.0) / 30.0
            + self.w_near * (g <= self.near_days)
        )
        return float(t) if t.ndim == 0 else t


DEFAULT_CONFIG = StoryConfig()
