"""The one English stopword list, and the named word groups that stages add to it.

Every stage that drops function words starts from :data:`STOPWORDS`. A stage that needs a
different set derives it here-from in its own module, in one expression (``STOPWORDS | ...``
or ``STOPWORDS - ...``), with a comment saying why, so that the differences stay visible.
"""

from __future__ import annotations

# Function words: articles, pronouns, prepositions, conjunctions, auxiliaries and the common
# adverbs of degree and place. Content words (nouns, verbs, adjectives) never belong here.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves""".split()
)

# What a tokenizer that splits at apostrophes leaves of a contraction ("it's", "don't", "I'd",
# "we'll", "I'm", "they're", "we've").
CONTRACTION_PIECES = frozenset("s t d ll m re ve".split())

# Attribution: nearly every news sentence carries one, so it tells no two sentences apart.
REPORTING_VERBS = frozenset("said says say".split())

# Honorifics before a surname.
HONORIFICS = frozenset("mr mrs ms".split())

WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
