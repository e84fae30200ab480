"""Words before a person's name in a clause of the close: a description ("gymnast Simone
Biles", "boss Sir Alex Ferguson"), written in lower case inside a sentence, or a title of office
("President Bill Clinton", "Sen. Joe Manchin") or a name, which keep their capitals
(:mod:`.clauses`)."""

from __future__ import annotations

from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.openers import _common_word, written_as_name
from newsdesk.write.extractive.parse import parse_sentence

# Titles of office written with a capital before a name.
_OFFICES = frozenset(
    "president vice prime premier chancellor secretary minister senator sen governor gov "
    "representative rep congressman congresswoman mayor judge justice king queen prince "
    "princess pope speaker ambassador chairman chairwoman chair general gen admiral adm colonel "
    "col captain capt lieutenant lt sergeant sgt commissioner chief attorney deputy foreign home "
    "defence defense health trade treasury interior shadow labour labor leader dr mr mrs ms "
    "miss sir dame lord lady prof professor st sheikh emir crown archbishop bishop cardinal "
    "rev father detective inspector superintendent officer".split()
)
_NNP = frozenset({"NNP", "NNPS"})
_HONOURS = frozenset("sir dame lord lady mr mrs ms miss dr".split())  # no office


def describes_person(clause: str, first: str, prep: Prepared | None) -> bool:
    """Whether a clause opens with a common word, no title of office, before a person's name:
    "Gymnast Simone Biles", "Boss Sir Alex Ferguson" (a word no evidence writes as a name)."""
    common = _common_word(first, prep)
    if first.lower().rstrip(".") in _OFFICES or not (
        common or prep and not written_as_name(first, prep)
    ):
        return False
    if common and parse_sentence(clause)[1].ent_type_ == "PERSON":
        return True
    doc = parse_sentence(first.lower() + clause[len(first) :])  # a noun, then two capitals
    # "State Sen. Joe Vale": a word of the office's name ("boss Sir Alex Ferguson" is none)
    officer = doc[1].lower_.rstrip(".") in _OFFICES - _HONOURS
    return (
        len(doc) > 3
        and doc[0].tag_ == "NN"
        and not officer
        and all(t.tag_ in _NNP for t in doc[1:3])
    )
