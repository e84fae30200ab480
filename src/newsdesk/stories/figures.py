"""What a figure in a sentence is not, and what it is keyed by, for :mod:`.quantities`: a
modifier ("a 15 - inch model"), a part of a fraction ("41 / 2") or the tail of a figure split
across sentences is no count; a span of time is keyed by what it is measured from ("four
minutes later", "six minutes after the call"); a count among ages is keyed by its band
("children under age 2")."""

from __future__ import annotations

import re

from newsdesk.stories.counts import WORD_NUMBERS

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# the ages a count is among ("under age 2", "aged 5 to 11")
_AGE_BAND = re.compile(
    r"\b(?:(?:under|over|younger than|older than)\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?\d+"
    r"|age[sd]?\s+\d+(?:\s*(?:-|to|and|through)\s*\d+)?)\b",
    re.IGNORECASE,
)
# spans of time, keyed by the word after them ("minutes later", "weeks ago", "days of")
SPANS = frozenset("minute hour day week month".split())
ANCHORED = re.compile(r"^(?:minute|hour|day|week|month):\w")  # a span with what it is from
_SPAN_RELATIONS = frozenset("later ago earlier after before since into of from".split())
# a window at one end of a longer span ("the first 30 minutes" of a match): not its length
_WINDOW = re.compile(
    r"\b(first|opening|final|closing|(?:in|over|during|within) the (?:last|past|previous))\s+$",
    re.IGNORECASE,
)
# time elapsed up to the moment told ("after 12 hours of deliberation", "after four days of
# riots"): it grows with the moment, a running count
_ELAPSED_BEFORE = re.compile(
    r"\b(?:after|following|into)\s+(?:more than\s+|nearly\s+|almost\s+|about\s+)?$", re.I
)
_ELAPSED_AFTER = re.compile(r"\s*(?:minutes?|hours?|days?|weeks?|months?)\s+of\b", re.I)
# a number joined to a word by a spaced hyphen is a modifier, not a count ("a 15 - inch model",
# "a 30 - day program"; but "16 - year - old" is an age); "4 1/2" is no 2 and no 4
_COMPOUND = re.compile(r"\s+-\s+(?!years?\b)[A-Za-z]")
_FRACTION_AFTER, _FRACTION_BEFORE = re.compile(r"\s*/\s*\d"), re.compile(r"\d\s*/\s*$")
# a fraction's sign glued to the digits ("4½ months"), or a character the text lost in its
# place ("4\ufffd months"): the digits are the whole part of a mixed number, not its value
_FRACTION_GLYPH = re.compile("[\u00bc-\u00be\u2150-\u215e\ufffd]")
_LONE_OPENING = re.compile(r"\d\s+[a-z]")
# the tail of a span told in two units ("five years and eight months", "one minute, 47.9
# seconds"): the smaller unit is no span of its own
_SPAN_HEAD = re.compile(
    r"\b(?:\d[\d.,]*|an?|one|" + "|".join(WORD_NUMBERS) + r")\s+(?:years?|months?|weeks?|days?"
    r"|hours?|minutes?)\s*(?:,|and)\s*$",
    re.IGNORECASE,
)
_SPAN_TAIL = re.compile(r"\s*(?:months?|weeks?|days?|hours?|minutes?|seconds?)\b", re.IGNORECASE)
# ... and its larger unit ("3 hours, 50 minutes"): the span is the two together
_SPAN_WHOLE = re.compile(
    r"\s*(?:years?|months?|weeks?|days?|hours?|minutes?)\s*(?:,|and)\s*(?:\d[\d.,]*|"
    + "|".join(WORD_NUMBERS)
    + r")\s+(?:months?|weeks?|days?|hours?|minutes?|seconds?)\b",
    re.IGNORECASE,
)


_DIMENSION_BEFORE = re.compile(r"\d\s*[xX×]\s*$")
_DIMENSION_AFTER = re.compile(r"\s*[xX×]\s*\d")


def not_a_count(text: str, start: int, end: int) -> bool:
    """A modifier ("15 - inch"), a part of a fraction ("41 / 2", "4½") or of a decimal ("2.93-GHz"),
    or a lone digit opening a sentence before a lower-case word: the tail of a figure split
    across sentences ("A 6." | "4 - magnitude quake ...", "magnitude - 6." | "0 quake ..."),
    or either unit of a span told in two ("five years and eight months", "3 hours, 50
    minutes"), or a side of a pair of dimensions ("a 1920 x 1200 display", "1, 440 x 900")."""
    if _COMPOUND.match(text, end) or _FRACTION_AFTER.match(text, end):
        return True
    if _FRACTION_GLYPH.match(text, end):
        return True  # "4½ months": no count of four
    if _FRACTION_BEFORE.search(text[:start]):
        return True
    if re.match(r"\.\d", text[end : end + 2]):
        return True  # the whole part of a decimal read apart ("a 2.93-GHz chip")
    if _SPAN_TAIL.match(text, end) and _SPAN_HEAD.search(text[max(0, start - 40) : start]):
        return True  # the months of "five years and eight months"
    if _SPAN_WHOLE.match(text, end):
        return True  # the hours of "3 hours, 50 minutes"
    if _DIMENSION_BEFORE.search(text[:start]) or _DIMENSION_AFTER.match(text, end):
        return True  # a side of "1920 x 1200": a pair of dimensions is no count
    return start == 0 and bool(_LONE_OPENING.match(text))


def window(before: str, after: str = "") -> bool:
    """A span after "first", "opening", "final" or "closing" ("in the first 30 minutes", "the
    final two days") or "in the last" ("in the last three months"): a window chosen by the
    writer, no length of what happened in it, so no figure; nor is the time elapsed up to the
    moment told (``after``: the text after the number, "after four days of riots")."""
    return bool(_WINDOW.search(before)) or bool(
        _ELAPSED_BEFORE.search(before) and _ELAPSED_AFTER.match(after)
    )


def span_key(noun: str, clause: str, stop: frozenset[str]) -> str:
    """A span of time keyed by what it is measured from or to: "four minutes later" (after the
    alarm) is not "six minutes after the call", "eight days ago" not "five days of rioting";
    "12 weeks ago" and "six weeks ago" are one, and so are two plain spans ("for three
    weeks", "for four weeks"; "for the past three weeks" too)."""
    words = _WORD.findall(clause)[1:]
    rel = words[0].lower() if words and words[0].lower() in _SPAN_RELATIONS else ""
    if rel and rel not in ("later", "ago", "earlier"):
        anchor = [w.lower()[:5] for w in words[1:] if w.lower() not in stop][:1]
        rel += ":" + "".join(anchor)
    return f"{noun}:{rel}"


def band(clause: str) -> str:
    """The ages a figure counts among, from the words after it ("of children under age 2",
    "aged 5 to 11", "over 65"), else ""."""
    m = _AGE_BAND.search(clause)
    if m is None:
        return ""
    words = m.group(0).lower()
    side = "<" if words.startswith(("under", "younger")) else ">" if words[:1] == "o" else ""
    return side + "-".join(re.findall(r"\d+", words))


# a number right after a name of two capitalised words names a thing ("the Western Europe 4
# cable network", "EgyptAir Flight 990", "a 2.93-GHz Core 2 Duo"): it is part of the name, not
# a count ("with John 12 weeks ago" still counts: one word may be a person's)
_NAME_BEFORE = re.compile(r"(?<!\w)([A-Z][\w-]*)\s+([A-Z][a-z]+)\s+$")
_NOT_NAMES = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday in on at by for from the a an of to with as after before since during and
    but or""".split()
)


def name_number(before: str) -> bool:
    """Whether a figure written in digits follows two capitalised words, neither a month, a
    weekday or a function word opening a sentence ("In Athens 565 shops"): a name's number."""
    m = _NAME_BEFORE.search(before)
    return m is not None and not {m.group(1).lower(), m.group(2).lower()} & _NOT_NAMES
