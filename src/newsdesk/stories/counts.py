"""Counts of people, for :mod:`.quantities`: what was done to them (a toll is the same quantity
whether "40 Palestinians" were killed or "42 people were killed"), a person's age by name, and
the parts of a breakdown ("two women and a man"), which are no counts of their own."""

from __future__ import annotations

import re

# a count of two to twenty written as a word ("killed five people"): news style for small counts
WORD_NUMBERS = {
    w: float(i + 2)
    for i, w in enumerate(
        """two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
        sixteen seventeen eighteen nineteen twenty""".split()
    )
}
# a sentence about a past year ("In 2007, the gang drove two cars ..."): background, not a claim
PAST_OPENING = re.compile(r"\W*(?:In|By|Back in)\s+(?:[A-Z][a-z]+\.?\s+)?(?:19|20)\d\d\b")
# "the court has convicted two", "it has now killed 40": a tally to date (a running total)
TALLY = re.compile(r"\b(?:has|have)\s+(?:now\s+|so far\s+|already\s+)?[a-z]+ed\s+$")
# "a four-by-four car", "a 4×4": a kind of car, not a count
BY_AFTER, BY_BEFORE = re.compile(r"\s*(?:-\s*by\s*-|×)"), re.compile(r"(?:-\s*by\s*-|×)\s*$")

# "killed five", "injuring at least 80", "leaving 40 dead": the harm before a figure
_HARM_BEFORE = re.compile(
    r"\b(kill(?:ed|ing|s)?|injur(?:ed|ing|es)?|wound(?:ed|ing|s)?|hurt(?:ing|s)?)\s+"
    r"(?:(?:at least|more than|some|about|around|nearly|almost|an estimated|over)\s+)?$",
    re.IGNORECASE,
)
# "42 people were killed", "five hurt", "10 dead", "five had received treatment after being
# injured": the harm after a figure's noun phrase
_HARM_AFTER = re.compile(
    r"^\s*(?:(?:were|was|have|has|had|are|is|been|being|reportedly|also|later|all)\s+){0,3}"
    r"(?:(?:received\s+treatment|treated)\s+(?:after|for)\s+(?:being\s+)?)?"
    r"(killed|dead|died|die|injured|wounded|hurt)\b",
    re.IGNORECASE,
)
_HELD = re.compile(
    r"\s*(?:were|are|remain\w*)\s+(?:still\s+)?in\s+"
    r"(intensive care|critical condition|serious condition|hospital|custody)\b",
    re.IGNORECASE,
)


def held(clause: str) -> list[str]:
    """The nouns of a bare count of those held somewhere, from the words after it ("about
    20 | were in intensive care": intensive, care), else none."""
    m = _HELD.match(clause)
    return m.group(1).lower().split() if m else []


HARM_WORD = re.compile(r"kill\w*|dead|died|die|injur\w*|wound\w*|hurt", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")

_NUMBER_WORDS = r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+"
_PERSONS = r"(?:wo)?m[ae]n|boys?|girls?|child(?:ren)?|adults?|teen\w*|[A-Z]\w+(?:ns?|is|ers?)"
# "a man and [two] women", "[two] women and a man": a part of a breakdown
IN_BREAKDOWN_BEFORE = re.compile(
    rf"\b(?:{_NUMBER_WORDS})\s+(?:{_PERSONS})\s+and\s+$", re.IGNORECASE
)
IN_BREAKDOWN_AFTER = re.compile(
    rf"^\s+(?:{_PERSONS})\s+and\s+(?:{_NUMBER_WORDS})\s+[a-z]", re.IGNORECASE
)

# the bounds that say on which side the value lies: "at least 43" is no conflict with 50 but
# is one with 30; "up to 80" is one with 120
_LOWER_BOUND = re.compile(r"\b(more than|at least|over|upwards of|in excess of)\s*$", re.I)
_UPPER_BOUND = re.compile(
    r"\b(less than|fewer than|under|at most|up to|as many as|as much as)\s*$", re.I
)


def bound_side(before: str) -> str:
    """ ">" when the words before a figure make it a lower bound, "<" an upper one, else ""."""
    return ">" if _LOWER_BOUND.search(before) else "<" if _UPPER_BOUND.search(before) else ""


# "Robert Buckley, 32,", "Gray, 16, was ...": an age after a name
_NAME = r"[A-Z][A-Za-z'’-]*[a-z]"  # "Gray", "McKinney", "O'Neill"
_NAME_BEFORE = re.compile(rf"((?:{_NAME}\s+){{0,2}}{_NAME}),\s*$")
# "31-year-old Robert Buckley", "16 - year - old Kimani Gray": an age before a name
_AGE_AFTER = re.compile(rf"^\s*-?\s*years?\s*-?\s*old\s+((?:{_NAME}\s+){{0,2}}{_NAME})")
_YEARS_OLD = re.compile(r"^\s*-?\s*years?\s*-?\s*old\b", re.IGNORECASE)
_NOT_NAMES = frozenset(
    """the a an he she they it police officials his her their its in on at by and but
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december""".split()
)
# the stages of a case: an age given at the arrest and one given at the trial are two moments
_STAGES = (
    ("verdict", re.compile(r"\b(guilty|convict\w*|sentenc\w*|prison)\b", re.I)),
    ("trial", re.compile(r"\b(trial|testif\w*|jur(?:y|or)\w*)\b", re.I)),
    ("arrest", re.compile(r"\b(arrest\w*|charg\w*|arraign\w*|accus\w*|suspect\w*|plea)", re.I)),
)


def harm(before: str, nouns: list[str], clause: str, shown: int) -> str | None:
    """``"killed"`` or ``"injured"`` when the figure counts people killed or injured: a harm
    word just before it, among its nouns ("five hurt"), or right after its noun phrase ("42
    people were killed"), else None."""
    found = _HARM_BEFORE.search(before)
    word = found.group(1) if found else None
    if word is None:
        word = next((n for n in nouns if HARM_WORD.fullmatch(n)), None)
    if word is None:
        ends = [m.end() for m in _WORD.finditer(clause)]
        rest = clause[ends[shown - 1] :] if 0 < shown <= len(ends) else clause
        after = _HARM_AFTER.match(rest)
        word = after.group(1) if after else None
    if word is None:
        return None
    w = word.lower()
    return "†killed" if w.startswith(("kill", "dead", "die")) else "†injured"


# "In neighbouring Central Aceh district, 10 people were killed": where a toll was counted
_PLACE_OPENING = re.compile(
    r"^\W*In\s+(?:neighbou?ring\s+|nearby\s+|the\s+)?((?:[A-Z][\w'.-]*\s?){1,3}[\w\s]{0,12}),\s*$"
)


def toll_place(before: str) -> re.Match[str] | None:
    """The place a sentence opens with, when a toll follows it in the same clause."""
    return _PLACE_OPENING.search(before)


def age_of(text: str, start: int, end: int) -> str | None:
    """For a figure at ``start:end`` of ``text``: ``"age:surname:firs"`` when it is the age of
    a named person ("Robert Buckley, 32," / "31-year-old Robert Buckley"), ``""`` when it is an
    age of no one named or of a past moment ("then-15-year-old"), None when it is no age."""
    before, after = text[max(0, start - 60) : start], text[end : end + 60]
    name = None
    by_name = _NAME_BEFORE.search(before)
    if by_name and re.match(r"\s*[,)]", after):
        name = by_name.group(1)
    elif _YEARS_OLD.match(after):
        named = _AGE_AFTER.match(after)
        if named is None or re.search(r"\bthen\W*$", before, re.IGNORECASE):
            return ""
        name = named.group(1)
    if name is None:
        return None
    parts = [p.lower() for p in name.split() if p.lower() not in _NOT_NAMES]
    if not parts:
        return None
    first = parts[0][:4] if len(parts) > 1 else "?"
    return f"age:{parts[-1]}:{first}"


def stage(text: str) -> str:
    """The latest stage of a case a sentence names ("verdict", "trial", "arrest"), or ""."""
    return next((name for name, rx in _STAGES if rx.search(text)), "")
