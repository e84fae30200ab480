"""Story grouping: the pure clustering core (no store here; see :mod:`.service`).

An article joins the best-matching *live* story or founds a new one. Two articles score the
log-odds that they report the same event (a logistic model fitted on the odd halves of ECB+ and
AllSides, coefficients in :class:`StoryConfig`) from:

* ``emb``: the cosine of their vectors (all-MiniLM-L6-v2 on title + lead);
* ``lex``: the cosine of their TF-IDF words over the title and the first ``max_chars`` of text,
  hashed into ``lex_dim`` signed buckets so every story is a dense row of running sums;
* ``key``: the cosine of their named entities (capitalised names, or spaCy NER; first
  ``ner_chars``) plus numbers and month names ("850,000", "25%", "June"), TF-IDF weighted and
  hashed the same way. Two "actor enters rehab" events share their words but not their actor;
  two jobs reports not their figures;
* time: when both are dated, a known-date term, the capped gap and a same-or-next-day term; a
  story more than ``cold_days`` from the article is cold (never joined).

An article's score against a story is the mean over its members (average linkage), which is
linear in the story's running sums: one matrix product scores a batch against every story.

Near-duplicates (``original_id`` set) follow their original's story and leave the centroid alone,
so twenty wire copies do not pull a story toward the wire's wording.

``StoryIndex`` is the incremental state; ``cluster`` re-clusters a whole collection with
document frequencies from the whole collection by exact average linkage on the same log-odds
(:mod:`newsdesk.stories.linkage`), free of arrival order. Story IDs
are derived from content (``s`` + the founding article's ID: earliest published member, ties by
ID) and carried over from the previous assignment when membership is unchanged or continues
(``carry_ids``). Themes group story centroids with a looser threshold (``cluster_themes``), and
``label_groups`` names stories and themes from their distinctive entities and title phrases.
"""

from __future__ import annotations

from newsdesk.stories.config import DEFAULT_CONFIG, StoryConfig
from newsdesk.stories.features import (
    ArticleFeatures,
    Vectorizer,
    content_terms,
    day_number,
    feature_text,
    make_features,
    number_keys,
    text_features,
)
from newsdesk.stories.ids import carry_ids, founding_key, new_story_id, transition_events
from newsdesk.stories.index import StoryIndex
from newsdesk.stories.metrics import adjusted_rand, agreement, bcubed, group_members
from newsdesk.stories.rebuild import cluster
from newsdesk.stories.themes import cluster_themes

__all__ = [
    "DEFAULT_CONFIG",
    "ArticleFeatures",
    "StoryConfig",
    "StoryIndex",
    "Vectorizer",
    "adjusted_rand",
    "agreement",
    "bcubed",
    "carry_ids",
    "cluster",
    "cluster_themes",
    "content_terms",
    "day_number",
    "feature_text",
    "founding_key",
    "group_members",
    "make_features",
    "new_story_id",
    "number_keys",
    "text_features",
    "transition_events",
]
