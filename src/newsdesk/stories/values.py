"""Whether two values of one quantity can both hold, for the disagreement rules
(:mod:`.disagree`): a bound holds any value on its side, a rough figure the precise one it
rounds, an approximate one any value within its hedge; else two values more than 5% apart
differ."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsdesk.stories.quantities import Quantity

MAX_RATIO = 3.0  # two figures for one quantity rarely differ by more than this


def significant(digits: str) -> int:
    plain = digits.replace(",", "")
    if "." in plain:
        return len(plain.replace(".", "").lstrip("0")) or 1
    return len(plain.strip("0")) or 1


def _rounds_to(precise: float, rough: Quantity) -> bool:
    """``precise`` written with ``rough``'s significant digits gives ``rough``'s value."""
    if precise <= 0 or rough.value <= 0:
        return False
    magnitude = math.floor(math.log10(rough.value)) - rough.digits + 1
    step = 10.0**magnitude
    return abs(round(precise / step) * step - rough.value) < step / 2


def _outside(bound: Quantity, other: Quantity) -> bool:
    """``other`` lies on the wrong side of ``bound`` ("at least 43" against "some 30"; "up to
    80" against 120) by more than 5%, an approximate value by more than its hedge, a plain
    count under 100 by any amount ("at least 43" against 42)."""
    give = 1.25 if other.hedged else 1.05  # outside it by more than 5% (25% when hedged)
    if not other.hedged and other.unit == "" and other.value < 100 and other.value % 1 == 0:
        give = 1.0  # a small count is counted, not rounded: "42 were killed", "at least 43"
    if bound.side == ">":
        return (other.side == "<" or not other.bound) and other.value * give < bound.value
    if bound.side == "<":
        return (other.side == ">" or not other.bound) and other.value / give > bound.value
    return False


def counted(q: Quantity) -> bool:
    """A plain count under 100 given as exact ("40 people", not "about 40"): counted, not
    rounded, so "40 killed" and "42 killed" differ."""
    return q.unit == "" and not q.hedged and not q.bound and q.value < 100 and q.value % 1 == 0


def differ(a: Quantity, b: Quantity) -> bool:
    hi, lo = max(a.value, b.value), min(a.value, b.value)
    if hi == 0 or (lo > 0 and hi / lo > MAX_RATIO):
        return False
    if a.bound or b.bound:
        return _outside(a, b) or _outside(b, a)
    if a.unit == "age" or (counted(a) and counted(b)):
        return a.value != b.value  # one person's age, or a small count: 40 is not 42 rounded
    rough, precise = (a, b) if a.digits <= b.digits else (b, a)
    if rough.digits < precise.digits and _rounds_to(precise.value, rough):
        return False  # "$1 trillion" is "$1.2 trillion" rounded
    gap = (hi - lo) / hi
    return gap > (0.25 if a.hedged or b.hedged else 0.05)
