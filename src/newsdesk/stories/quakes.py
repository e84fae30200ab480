"""A quake's magnitudes, for the disagreement rules (:mod:`.disagree`): one quake has one
magnitude, and agencies' figures for it differ by tenths, which the 5% of other figures
(:mod:`.quantities`) would miss."""

from __future__ import annotations

import re

# A quake's magnitude ("a magnitude 5.6 quake", "magnitude-5.2", "a magnitude of 6.1",
# "5.6-magnitude", "measuring 5.6 on the Richter scale"): one quake has one magnitude, and
# agencies' figures for it differ by tenths, which the 5% of other figures would miss.
_MAGNITUDE = re.compile(
    r"\bmagnitude(?:[- ]|\s+of\s+)(\d\.\d)\b(?!\.\d)"
    r"|(?<![\d.])(\d\.\d)(?:[- ]magnitude\b|\s+on\s+the\s+richter\b)",
    re.IGNORECASE,
)


# near a magnitude, words that make its quake one of several ("one of the tremors", "another")
_OTHER_QUAKE = re.compile(
    r"\b(one|another|aftershocks?|second|third|latest|previous|earlier|followed|between|more"
    r"|quakes|earthquakes|tremors|temblors)\b|\d\.\d\s*(?:and|or|,)\s*$",
    re.IGNORECASE,
)


# a sentence that dates its quake (a year, a month) may speak of an earlier one
_DATED = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:january|february|march|april|june|july|august|september|october"
    r"|november|december|jan|feb|aug|sept?|oct|nov|dec)\b\.?",
    re.IGNORECASE,
)


def magnitudes(text: str) -> list[tuple[float, str]]:
    """The quake magnitude a sentence states, as (value, "5.6 magnitude"): none when it states
    several (a list of quakes), dates its quake, or marks it as one of several."""
    found = list(_MAGNITUDE.finditer(text))
    if len(found) != 1 or _DATED.search(text):
        return []
    m = found[0]
    if _OTHER_QUAKE.search(text[max(0, m.start() - 40) : m.start()]) or _OTHER_QUAKE.search(
        text[m.start() : m.end() + 40]
    ):
        return []
    figure = m.group(1) or m.group(2)
    return [(float(figure), f"{figure} magnitude")]


def magnitude_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _MAGNITUDE.finditer(text)]
