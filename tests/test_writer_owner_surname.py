"""A surname as the owner opening a sentence is a person met by surname alone (graded: "[As of
July,] Flournoy's tight approach ... has led to both praise and criticism", whose article names
"Tina Flournoy, the chief of staff for Vice President Kamala Harris" in the sentence before).
The sentence is left out unless its article gives a role before the name ("[Dutch Ambassador
Nadia] Verhoef's ..."): a role in commas after an owner ("Tina Flournoy, the chief of staff ...,'s")
reads as no sentence."""

from __future__ import annotations

from newsdesk.write.extractive.naming import bare_surname
from newsdesk.write.extractive.people import role_repair

ARTICLE = (
    "Nadia Verhoef, the head of the port authority, has built a name as a hard bargainer. "
    "Verhoef's blunt style, which includes skipping industry dinners, has won praise and scorn."
)


def test_a_surname_owning_the_subject_is_a_person_without_a_role():
    text = ARTICLE.split(". ", 1)[1]
    assert bare_surname(text, ARTICLE) == "Verhoef"
    # a role in commas after the owner would break the sentence: no repair, the sentence goes
    assert role_repair(text, ARTICLE, "Verhoef") is None
    # a place or a firm as owner is no person
    assert bare_surname("Britain's economy grew by 2% last year.", "Great Britain said so.") is None


def test_a_role_before_the_name_repairs_an_owner():
    article = (
        "Dutch Ambassador Nadia Verhoef said on Monday the port would reopen. "
        "Verhoef's blunt style has won praise and scorn."
    )
    fixed = role_repair("Verhoef's blunt style has won praise and scorn.", article, "Verhoef")
    assert fixed is not None and fixed.replacement.endswith("Nadia Verhoef") and fixed.at == 0
