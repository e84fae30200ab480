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
        "The cut reflects weaker trade and slower spending in the spring, the OECD said.",
        "The rate hike reflects rising prices, the ECB said.",
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
        "The rise in prices was the fastest in a decade.",
        "The cut of two percentage points was expected.",
    ],
)
def test_a_named_or_defined_one_does_not(text: str) -> None:
    assert not epithet_reference(text), text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # before: "instead of" anywhere excused an "also" anywhere
        (
            "Joint work also includes efforts to break up smuggling rings and to promote legal"
            " instead of irregular routes.",
            "connective",
        ),
        ("A state's place on the foregoing list says nothing of its efforts.", "reference"),
        ("Families walk for weeks on a long road to the — to the — to the border.", "voice"),
        (
            "Finance minister Ruth Adeyemi defended the package, saying it was only a first step.",
            "reference",
        ),
    ],
)
def test_kinds_found_reading_white_house_and_bbc_topics(text: str, kind: str) -> None:
    assert leaning_kind(text) == kind, text


def test_a_comparison_excuses_only_its_own_word() -> None:
    assert leaning_kind("Not only did prices rise, wages also fell in the spring.") is None
    assert leaning_kind("Farmers used ladybirds instead of sprays on the wheat.") is None


def test_a_nationality_before_a_bare_surname_names_no_more() -> None:
    # graded blind: "Italian Ranieri took over the Valencia job ..." (no role, no first name)
    from newsdesk.write.extractive.naming import bare_surname

    article = "Coach Marco Bellini was sacked. Italian Bellini took over at Porto in June."
    assert bare_surname("Italian Bellini took over at Porto in June.", article) == "Bellini"
    # a firm is no person: "Swiss Re said ..."
    assert bare_surname("Swiss Re said claims would fall.", "Munich Re and Swiss Re said.") is None
