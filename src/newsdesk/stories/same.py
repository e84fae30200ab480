"""Whether two quantities (:mod:`.quantities`) measure the same thing, for the disagreement
rules (:mod:`.disagree`): the same unit, the same thing counted (a noun and a word of context
in common, and heads that agree: "school buses" are not "school teachers"), the same place,
age band and scope, and not two subjects' figures (a toll of children is some of a toll of
people)."""

from __future__ import annotations

from newsdesk.stories.figures import ANCHORED
from newsdesk.stories.quantities import Quantity

# the people a toll may count among all killed or injured: by age, by role (not "men", often
# said of everyone)
GROUPS = frozenset(
    """children child women woman girl boy student pupil soldier troop civilian officer
    policeman worker teenager baby infant worshipper miner sailor crew""".split()
)


def same_quantity(a: Quantity, b: Quantity) -> str | None:
    """The shared noun when ``a`` and ``b`` measure the same thing, else None: same unit, a
    noun in common, and a word of context in common (what is done to it, by whom)."""
    # what one counts may be what the other's words are about ("attacked two boats of
    # pirates", "the pirates, in three boats"), or both name it in two words ("tank shells")
    linked = a.unit != "age" and (
        a.context & b.nouns
        or b.context & a.nouns
        or len(a.nouns & b.nouns) >= 2
        or any(ANCHORED.match(n) for n in a.nouns & b.nouns)  # "weeks ago", "weeks ago"
    )
    models = {n for n in a.nouns | b.nouns if n.startswith("model:")}
    if models and not models <= a.nouns & b.nouns:
        return None  # "seven AK-47 rifles" are a part of "nine rifles", or another kind
    if a.unit != b.unit or not (a.context & b.context or linked or models):
        return None
    if a.head and b.head and a.head not in b.nouns and b.head not in a.nouns:
        return None  # "three boats of pirates" and "three pirates" count two things
    if a.scope != b.scope:
        return None  # "buildings in seven villages" against "four villages were destroyed"
    if a.band != b.band:
        return None  # "children under age 2" are some of "children"
    if a.place and b.place and a.place != b.place:
        return None  # distances from two places, counts of two places
    shared = a.nouns & b.nouns
    toll = any(n.startswith("†") for n in shared)  # the names before a toll say who did it
    an, bn = a.names - a.places, b.names - b.places  # "in Los Angeles" is where, not whose
    if an and bn and not (an & bn) and not toll:
        return None  # two subjects' figures ("Thomas had 498 yards", "Bush had 440 yards")
    if toll and a.nouns & GROUPS != b.nouns & GROUPS:
        return None  # "six children were killed" are some of "five people died"
    if shared:
        return sorted(shared, key=len)[-1]
    if a.unit in ("%", "$") and not a.nouns and not b.nouns and len(a.context & b.context) >= 3:
        # a bare share or sum said of the same thing in the same words ("the Consumer Price
        # Index surged 5%" against "... surged 8%"); a bare "38%" beside a bare "12%" with
        # two words in common are too little to say it is one thing
        return a.unit
    return None
