"""People and events pointed back to without a name (graded on fresh BBC and AllSides topics:
"The Briton was recognised ...", "The world number one beat ...", "... made the announcement
from ...", "Afghan media said the attack was launched ..."). Sentences are our own."""

import pytest

from newsdesk.write.extractive.epithets import epithet_reference
from newsdesk.write.extractive.leaning import leaning_kind


@pytest.mark.parametrize(
    "text",
    [
        "The Scot was praised for the finest season of her career.",
        "The 24-year-old Welshman finished third in the 400m final.",
        "The world number two beat a qualifier in straight sets.",
        "The Swiss world number four eased through the opening set.",
        "The second seed was knocked out in the third round.",
        "The defending champion was taken to five sets by a teenager.",
        "Garcia, a longtime opponent of school closures, made the announcement from a diner in"
        " Tampa.",
        "Local radio said the attack was carried out from a parked van.",
        "The blast, near a market, is the worst in the town this year.",
    ],
)
def test_a_person_or_event_told_before_leans(text: str) -> None:
    assert leaning_kind(text) == "reference", text


@pytest.mark.parametrize(
    "text",
    [
        "The Belgian sports minister says he will not apologise.",
        "The two Japanese firms will share research costs.",
        "The world number one Roger Federer beat a qualifier in straight sets.",
        "The guitarist quit the band, saying he made the decision after a long illness.",
        "The mayor made the announcement of a new budget on Monday.",
        "The attack on the embassy was condemned by the council.",
        "The attack, which killed four people, was condemned by the council.",
        "The Australian Open begins in Melbourne next week.",
    ],
)
def test_a_named_or_defined_one_does_not(text: str) -> None:
    assert not epithet_reference(text), text
