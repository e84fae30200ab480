"""Numbers, percentages and money amounts in text, normalised so that different spellings of
one quantity compare equal: "25%" = "25 percent" = "25 per cent"; "$1.2 billion" =
"1.2 billion dollars" = "$1,200 million"; "three" = "3".

Each quantity carries the rounding its text implies ("1.2 billion" is anything that rounds to
it), so a sentence that rounds a source's "1.23 billion" to "1.2 billion" still matches, while
"1.5 billion" does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
# "one" and "a" are left out: "one of the", "a day" are not quantities a reader checks.
WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "half": 0.5,
}  # fmt: skip

_CURRENCY = r"(?P<cur>US\$|\$|€|£|¥)?"
_DIGITS = r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?"
_WORD = r"(?P<word>" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")"
_SCALE = r"(?:[\s-]*(?P<scale>thousand|million|billion|trillion|mn|bn|tn|m|b)\b)?"
_UNIT = (
    r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b|percentage\s+points?\b)"
    r"|\s+(?P<money>dollars?|euros?|pounds?|yuan|pesos?)\b)?"
)
QUANTITY = re.compile(
    r"(?<![\w.,/:])" + _CURRENCY + r"(?:" + _DIGITS + r"|" + _WORD + r")"
    r"(?:st|nd|rd|th)?" + _SCALE + _UNIT + r"(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """A number as written: its value, the half-width of the rounding it implies, its text."""

    value: float
    tolerance: float
    kind: str  # "number" | "percent" | "money"
    start: int
    end: int
    text: str

    def matches(self, other: Quantity) -> bool:
        """Whether ``other`` (from a source) is this quantity, allowing this one's rounding."""
        if self.kind == "percent" and other.kind == "money":
            return False
        if self.kind == "money" and other.kind == "percent":
            return False
        return abs(self.value - other.value) <= self.tolerance + 1e-9 * max(1.0, abs(self.value))


def quantities(text: str, *, skip: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every quantity in ``text`` outside the ``skip`` ranges (e.g. the dates in it)."""
    out: list[Quantity] = []
    for m in QUANTITY.finditer(text):
        if skip and any(a <= m.start() < b for a, b in skip):
            continue
        word = m.group("word")
        if word:
            if m.group("cur"):
                continue
            value = float(WORDS[word.lower()])
            tol = 0.0
        else:
            whole = m.group("int").replace(",", "")
            dec = m.group("dec") or ""
            value = float(f"{whole}.{dec}" if dec else whole)
            tol = 0.5 * 10 ** -len(dec) if dec else 0.0
        scale_word = (m.group("scale") or "").lower()
        if scale_word in ("m", "b") and not m.group("cur"):
            scale_word = ""  # "5 m" is metres, "4 b" a typo; only "$5m" is money
        scale = SCALES.get(scale_word, 1.0)
        if scale > 1.0:
            value *= scale
            tol *= scale
        end = m.end()
        if not (m.group("scale") and scale > 1.0):
            # the optional scale group may have matched a stray letter we ignore
            if m.group("int"):
                end = m.end("dec") if m.group("dec") else m.end("int")
            else:
                end = m.end("word")
            if m.group("pct"):
                end = m.end("pct")
            elif m.group("money"):
                end = m.end("money")
        kind = "number"
        if m.group("pct"):
            kind = "percent"
        elif m.group("cur") or m.group("money"):
            kind = "money"
        out.append(Quantity(value, tol, kind, m.start(), end, text[m.start() : end]))
    return out


def unsupported_quantities(
    claim: str, sources: list[str], *, skip: list[tuple[int, int]] | None = None
) -> list[Quantity]:
    """The quantities of ``claim`` that no source states (each source scanned once)."""
    wanted = quantities(claim, skip=skip)
    if not wanted:
        return []
    have = [q for s in sources for q in quantities(s)]
    return [q for q in wanted if not any(q.matches(h) for h in have)]
