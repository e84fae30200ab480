"""When the "Overall" close says each strand's fact happened (:mod:`.close`): the sentence's own
time where it gives one, else its article's, and "as of" a month for how things stood."""

from __future__ import annotations

import re

from newsdesk.write.extractive.clauses import right_after_clause
from newsdesk.write.extractive.dates import FULL_DATE, ON_DAY
from newsdesk.write.extractive.openers import _OWN_TIME, _reports_event
from newsdesk.write.extractive.parse import parse_sentence

# A subordinate clause opened since the last comma: a time in it dates that clause.
_SUBORDINATE_BEFORE = re.compile(
    r"\b(?:since|after|before|when|until|because|while|although|as)\s+[^,;]*$", re.I
)


def _own_time(text: str, when: str | None, clause: str = "") -> str | None:
    """When the close says a strand's sentence happened: ``when`` (the day it resolves to, or
    its article's month), unless the sentence says the day of what it reports ("On April 20,
    1999, two students ... shot", reported in April 2000) or names its own month or year
    ("established ... in January 2023", reported in February 2024): then that, or no time when
    it is not one a close can say ("since 2019", "years ago")."""
    day = ON_DAY.search(text)
    if day is not None and _reports_event(text):
        # "On April 20, 1999, two students ... shot ...": that day, not the month of an
        # article a year on
        return " ".join(f"on {day.group(1)}".split())
    if FULL_DATE.search(text):
        return None  # "The February 2, 2021 Executive Order called for ...": dated by itself
    own = _OWN_TIME.search(text)
    if own is None or (when is not None and when.startswith("on ")):
        return when
    if _SUBORDINATE_BEFORE.search(text[: own.start()]):
        # "has made progress ... since a convention was ratified by the country in 1988": the
        # time of a clause under the main one, not when the main one held
        return when
    year = re.match(r",?\s\d{4}\b", text[own.end() :])
    said = " ".join((own.group(0) + (year.group(0).lstrip(",") if year else "")).split())
    # an undated article's sentence: its own month, which the clause loses ("the economy added
    # 850,000 new jobs [in June]")
    month = r"|in [A-Z]\w+" if when is None else ""
    if when is None and not right_after_clause(text, clause, own.start()):
        return None  # "have won two of their last three visits ..., having secured ... in 1999"
    return said if re.fullmatch(rf"in [A-Z]\w+ \d{{4}}|in \d{{4}}{month}", said) else None


_FUTURE = re.compile(r"\b(?:will|is to|are to)\b")


def _framed(clause: str, when: str | None, dated: str | None) -> str | None:
    """The close's time for a clause: "as of" its month for how things stood ("as of October
    2022, the two countries remain committed ..."), but a day given for what will happen keeps
    its "on" ("on June 30, ... will visit the border") and so does a time the sentence gives it
    of its own (``when`` not its article's, ``dated``): "in June, ... will tour New Zealand",
    graded "as of June, ..."."""
    ahead = _FUTURE.search(clause) and when and (when[:3] == "on " or when != dated)
    if when is not None and _states(clause) and not ahead:
        return "as of " + when.split(" ", 1)[1]
    return when


def _states(clause: str) -> bool:
    """Whether a clause says how things stood rather than what happened: not a past tense, and
    its finite verb an auxiliary, a modal or a third-person present ("remain committed" with
    "the two countries", "has created", "are to take part"); a bare "set" or "cut" may be a
    past tense the tagger read as a present."""
    if _reports_event(clause):
        return False
    doc = parse_sentence(clause)
    if not len(doc):
        return False
    root = next(iter(doc.sents)).root
    auxes = sorted((c for c in root.children if c.dep_ in {"aux", "auxpass"}), key=lambda c: c.i)
    finite = auxes[0] if auxes else root
    if finite.tag_ in {"VBZ", "MD"}:
        return True
    return finite.tag_ == "VBP" and (bool(auxes) or finite.lower_ not in _PAST_AS_PRESENT)


# Verbs whose past tense is spelt as the present, that the tagger may read as one.
_PAST_AS_PRESENT = frozenset(
    "set cut put hit let quit spread shut bid cost hurt split cast".split()
)
