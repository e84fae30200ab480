"""People and events a sentence points back to without naming them, as sports and world news
write them: "The Briton was recognised ...", "The world number one beat ...", "made the
announcement from ...", "said the attack was launched ...". Each needs the sentence before it
(who is the Briton? which announcement?), so a briefing that shows it alone leans on context it
does not carry (:mod:`.leaning` asks :func:`epithet_reference`)."""

from __future__ import annotations

import re

# (a verb in -s only from this list: "The Belgian sports minister", "The two Japanese
# companies" are no person told before)
_FINITE_NEXT = (
    r"(?:was|is|has|had|will|would|could|can|may|might|must|should|did|does|[a-z]+ed|"
    r"says|insists|admits|believes|faces|plays|meets|returns|includes|takes|makes|hopes|"
    r"wants|needs|feels|looks|remains|claims|denies|leads|joins|wins|loses|beats|goes)\b"
)
# A nationality said as a noun: the person the article named before ("The Scot has ...").
_DEMONYMS = (
    "Briton|Scot|Scotsman|Welshman|Englishman|Englishwoman|Irishman|Irishwoman|Frenchman|"
    "Frenchwoman|Spaniard|Swede|Dane|Finn|Pole|Dutchman|Dutchwoman|Swiss|German|Australian|"
    "American|Argentine|Argentinian|Russian|Belgian|Serb|Croat|Czech|Slovak|Italian|Brazilian|"
    "Kenyan|Ethiopian|Canadian|Chilean|Colombian|Japanese|Chinese|Indian|Pakistani|Kiwi|"
    "New Zealander|South African|Zimbabwean|Nigerian|Ghanaian|Portuguese|Austrian|Norwegian|"
    "Ukrainian|Romanian|Bulgarian|Hungarian|Greek|Turk|Israeli|Iranian|Iraqi|Afghan|Mexican|"
    "Cuban|Jamaican|Ulsterman|Cornishman|Yorkshireman|Lancastrian"
)
_DEMONYM_SUBJECT = re.compile(
    rf"^The\s+(?:\d{{1,3}}-year-old\s+)?(?:[a-z][\w\-]*\s+)?(?:{_DEMONYMS})\s+{_FINITE_NEXT}"
)
_RANKS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})"
_ORDINALS = (
    r"(?:top|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
)
# "The world number one beat ...", "The second seed lost ...", "The defending champion was
# ...": a player known by rank or title; a name after it names him ("The world number one
# Roger Federer").
_RANKED = re.compile(
    rf"^The\s+(?:[A-Z][\w\-]*\s+)?(?:(?:world|British|European|Olympic|women's|men's)\s+)?"
    rf"(?:number\s+{_RANKS}|{_ORDINALS}\s+seed|(?:defending|reigning|new|former|Olympic|world)\s+"
    r"champion|title\s+holder|holder)\b"
    r"(?!\s*,?\s+(?:[A-Z][a-z]|of\b|in\b|at\b|from\b))"
)
# "made the announcement from Cape Coral ...": a statement or choice told before, whatever
# place follows it; "made the announcement of ...", "made the decision to ..." say which.
_MADE_THE = re.compile(
    r"\bmade\s+the\s+(?:announcement|decision|move|call|comments|remarks|admission|pledge|"
    r"promise|claim)\b(?!\s+(?:of|to|that|which|on|about|for|in\s+(?:a|an)\b)\b)"
)
# "Afghan media said the attack was launched ...", "The explosion, at a mosque, is ...": an
# attack told before, as the subject of what follows (where or on what it was says which).
_EVENT_SUBJECT = re.compile(
    r"(?:^The|\b(?:said|says|after|since|following|and)\s+the)\s+"
    r"(?:attack|attacks|explosion|blast|bombing|shooting|crash|raid|ambush)\b"
    r"(?!\s+(?:on|in|at|near|of|that|which|by|against|outside|inside|targeting|aimed)\b)"
    r"(?!['’]s)(?!\s*,\s*(?:which|who)\b)"
)


# "The cut reflects disruptions to supply chains ...": a change told before (of what, it does
# not say).
_CHANGE_SUBJECT = re.compile(
    r"^The\s+(?:[a-z]+\s+)?(?:cut|cuts|increase|increases|rise|fall|drop|hike|decline|reduction|"
    r"surge|slump|jump|downgrade|upgrade)\s+(?!(?:of|in|to|on|for|from|by|at|that|which)\b)[a-z]"
)
# "The battling 35-year-old leaves the sport ...": a person told before, by age (graded).
_AGED = re.compile(r"^The\s+(?:[a-z]+\s+){0,2}\d{1,3}-year-old\b(?!\s+(?:man|woman|from|of)\b)")
# "the foregoing list", "the aforementioned report": a legal text's pointer back.
_FOREGOING = re.compile(
    r"\b(?:the|this|that|these|those)\s+(?:foregoing|aforementioned|above-mentioned)\b", re.I
)
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|saying|told|telling)\b")


# "Today's action demonstrates ...", "This week's decision was welcomed ...": an action of the
# day or week that its article told before (a White House release's closing line).
_DAYS_ACTION = re.compile(
    r"(?:^|\b(?:in|with|by|after|since|under)\s+)(?:[Tt]oday|[Yy]esterday|[Tt]his\s+week|"
    r"[Tt]onight|[Tt]his\s+morning)['’]s\s+(?:[a-z]+\s+)?(?:action|actions|announcement|"
    r"decision|move|order|step|steps|measure|measures|ruling|vote|designation|sanctions|charges|"
    r"indictment|agreement|deal|arrests?)\b"
)
# "Within hours, the reaction in the political class was intense": a reaction to what?
_REACTION = re.compile(
    r"^(?:[A-Z][\w\s]{0,30},\s+)?[Tt]he\s+(?:reaction|response|backlash|fallout|outcry|uproar)\b"
    r"(?!\s+(?:to|from|of|over|against|among)\b)"
)
# "took action against the pair": a pair, duo or trio named before this sentence (one that
# names two people joined by "and" before it names its own).
_PAIR = re.compile(r"\b[Tt]he\s+(?:pair|duo|trio|couple|twosome)\b(?!\s+of\b)")
_TWO_NAMED = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*,?\s+and\s+[A-Z][a-z]+")


def _pair(text: str) -> bool:
    m = _PAIR.search(text)
    return m is not None and not _TWO_NAMED.search(text[: m.start()])


def _made_the(text: str) -> bool:
    """ "made the announcement" pointing back: not after a verb of speech, whose clause
    may tell it ("..., saying he made the decision after ...": the quitting it told)."""
    m = _MADE_THE.search(text)
    return m is not None and not _SPEECH_BEFORE.search(text[: m.start()])


def epithet_reference(text: str) -> bool:
    """Whether ``text`` (one sentence, spaces normalised) points back to a person or an event
    it does not name: an age, a nationality, a rank or a change as the subject, "made the
    announcement" with nothing to say which, an attack or explosion told before, the day's
    action ("Today's action ..."), a pair named before ("the pair")."""
    return bool(
        _AGED.match(text)
        or _DEMONYM_SUBJECT.match(text)
        or _CHANGE_SUBJECT.match(text)
        or _RANKED.match(text)
        or ("made the" in text and _made_the(text))
        or _EVENT_SUBJECT.search(text)
        or _FOREGOING.search(text)
        or _DAYS_ACTION.search(text)
        or _REACTION.match(text)
        or ("pair" in text or "duo" in text or "trio" in text or "couple" in text)
        and _pair(text)
    )
