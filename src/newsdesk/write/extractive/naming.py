"""Persons and acronyms a sentence names without introducing them, for the reader's
configuration's kinds of leaning (:mod:`newsdesk.write.extractive.leaning`):
:func:`person_without_role` (a bare surname, a title and a surname, a first name and a surname
as the speaker) and :func:`unexplained_acronym` (an acronym a reader is not expected to know,
never spelled out). Also the few helpers ``leaning`` shares: the words outside quotations and
the names that are not people.
"""

from __future__ import annotations

import re

from newsdesk.write.extractive.epithets import _DEMONYMS

# Quotations (the last may run to the end of the text), and words.
_QUOTATION = re.compile(r"[\"“][^\"”]*(?:[\"”]|$)|‘[^’]*’")
_WORDS = re.compile(r"[A-Za-z]+")
_SPEECH_WORDS = frozenset(
    "said says told added agreed argued insisted denied conceded noted wrote warned explained "
    "attributed asked replied".split()
)
_TITLES = frozenset("Mr Mrs Ms Dr Miss".split())
_ORG_WORDS = frozenset(
    "House Security Department Court Korea Kingdom States Nations Union Party Office Ministry "
    "Agency Service Council Commission Committee Bank Group Times Post News Journal Press "
    "Police Army Force Guard Administration Government Sachs Motors Airlines Association "
    "Institute University College Society Foundation Center Centre Board Fund Reserve "
    "Organization Organisation Federation Authority League Club Street Africa Arabia Zealand "
    "Britain America Minister President Secretary Inc Corp Company".split()
)
# A surname alone as the subject or the speaker (heads of government exempt), or a title and
# a surname: "Rove said ...", "..., Fay said.", "said Johnson, of ...", "Mr Campbell has ...".
_SPEECH = (
    r"(?:said|says|told|added|agreed|argued|insisted|denied|conceded|noted|wrote|warned|"
    r"explained|attributed|asked|replied)"
)
_BARE_SUBJECT = re.compile(
    rf"^([A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)(?:\s+and\s+([A-Z][a-zà-ÿ]+))?\s+"
    rf"(?:{_SPEECH}|is the kind|"
    r"traveled|travelled|withdrew|used to|was sent|denied|attributed|has consistently|"
    r"is due to|is also|was also|both)\b"
)
_BARE_SPEAKER = re.compile(
    rf"(?:,|[\"”])\s*([A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)\s+{_SPEECH}\b|"
    rf"\b{_SPEECH}\s+([A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)(?:[,.]|$)"
)
# "Alan Braid said ...": a first name and a surname as the speaker, no role before them.
_NAMED_SPEAKER = re.compile(rf"(?:^|,\s+)([A-Z][a-zà-ÿ]+\s+[A-Z][a-zà-ÿ'’\-]+)\s+{_SPEECH}\b")
_TITLE_SURNAME = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+([A-Z][\w'’\-]+)\b(?!\s+[A-Z])")
_NOT_PEOPLE = frozenset(
    "Britain China Russia Mexico Israel Iran Iraq Japan India France Germany Canada Spain "
    "Italy Ukraine Syria Egypt Turkey Cuba Brazil Europe America Africa Asia Washington "
    "Beijing Moscow London Paris Tokyo Facebook Google Apple Microsoft Twitter Amazon Reuters "
    "Congress Parliament Labour Democrats Republicans Police Officials Nasa Sony Nintendo "
    "Zimbabwe Mongolia Kenya Sudan Lenovo Veritas Ford Honda Toyota Nissan Boeing Airbus "
    "Trump Biden Obama Bush Clinton Blair Putin Xi Macron Merkel Trudeau Sheinbaum Johnson "
    "Brown Cameron Netanyahu Modi Erdogan Zelensky Chirac Schroeder Sharon Arafat Pelosi "
    "Everyone Nobody Someone Analysts Experts Critics Investors Residents Witnesses "
    "Authorities Doctors Scientists Researchers Prosecutors Lawyers Fans Voters".split()
)
# Acronyms a reader knows without being told.
_KNOWN_ACRONYMS = frozenset(
    "US USA UK UN EU FBI CIA NSA NATO NASA CEO CFO GDP TV AI COVID CDC FDA WHO IMF OPEC BBC "
    "CNN NBC ABC CBS NPR AP GOP MP MPs DNA HIV AIDS NFL NBA FIFA UEFA ICE DOJ DHS FEMA USDA "
    "IRS EPA PC PCs 3G 4G 5G SUV NHS PRC ISIS NRA USMCA ATM IT CO2 UAE IDF ACLU ACA NAFTA "
    "LGBT LGBTQ OK II III IV DC NY LA NYC ID PM AM BC AD CEOs GPS SMS DVD CD CDs DVDs MP3 "
    "PhD MBA USB RAM CPU UFO NGO NGOs VIP PR HQ FAQ WTO ECB FTSE MLB NHL NCAA NYSE ESPN "
    "APEC FA ADHD G7 G20 CT MRI COO RNA SARS EV EVs GM IBM BMW AT&T UPS DEA ATF TSA CBP "
    "ID IDs WWII".split()
)
_CAPITAL_OPENERS = frozenset("in on at as the a an it if of to for by but and or so".split())
_ACRONYM = re.compile(r"\b([A-Z][A-Z0-9&]{1,6})(?:s|['’]s)?\b")


def _unquoted(text: str) -> str:
    return _QUOTATION.sub(" ", text)


def _spelled_out(acronym: str, text: str) -> bool:
    """Whether ``text`` spells ``acronym`` out: "(MRC)" after its words, or the capitalised
    words whose initials make it before it."""
    if re.search(rf"\(\s*{re.escape(acronym)}s?\s*\)|\b{re.escape(acronym)}s?\s*\(", text):
        return True
    initials = "".join(w[0] for w in re.findall(r"\b[A-Z][\w'’\-]*", text))
    letters = re.sub(r"[^A-Z]", "", acronym)
    return bool(letters) and letters in initials


# "Mourinho has won ...": a one-word name before an auxiliary, a person when the article gives
# it a first name (:func:`bare_surname`).
# (a nationality before it names no more: "Italian Ranieri took over ...", graded blind)
_NATION = rf"^(?:(?:{_DEMONYMS})\s+(?=[A-Z]))?"
_BARE_AUX = re.compile(
    _NATION
    + r"([A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)\s+(?:has|had|have|is|was|will|would|could|can|must|"
    r"should|may|might)\s+(?:(?:not|also|already|now|been|just|since|still)\s+)*[a-z]{3,}"
)
# ... or before a past tense, at the start or after an opening phrase: "Sotherton finished
# third ...", "During a stop at the border in Texas, Mayorkas commented that ..." (graded), with
# an adverb between ("Akhund previously served as ...").
_BARE_PAST = re.compile(
    r"^(?:[A-Z][^,\"“]{3,60},\s+)?(?:(?:" + _DEMONYMS + r")\s+(?=[A-Z]))?"
    r"([A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)\s+(?:[a-z]{3,}ly\s+)?"
    r"(?:[a-z]{3,}ed|said|told|wrote|won|lost|took|made|gave|came|went|ran|beat|threw)\b"
)
# ... or as the owner opening the sentence: "Flournoy's tight approach ... has led to both praise
# and criticism" (graded: who is Flournoy?)
_BARE_OWNER = re.compile(r"^([A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)['’]s\s+[a-z]")
_NOT_FIRST_NAMES = frozenset(
    "The A An At In On For By With From To Of And But Or As If When While After Before Since "
    "Mr Mrs Ms Dr Sir Lord Lady Saint St Manchester Aston Queens Crystal Real West East North "
    "South New Old Great Upper Lower Port Fort Mount Lake Cape".split()
)


def bare_surname(text: str, article: str) -> str | None:
    """The one-word name opening ``text`` (or its clause after an opening phrase) before an
    auxiliary or a past tense ("Mourinho has won ...", "Sotherton finished ...") when
    ``article`` writes it after a first name ("Jose Mourinho"): a person a reader meets by
    surname alone. None otherwise ("Chelsea have won ...": no first name before it)."""
    m = _BARE_AUX.match(text) or _BARE_PAST.match(text) or _BARE_OWNER.match(text)
    if not m or m.group(1) in _NOT_PEOPLE or m.group(1) in _NOT_FIRST_NAMES:
        return None
    if m.start(1) and len(m.group(1)) < 3:
        return None  # "Swiss Re said ...": a firm
    name = m.group(1)
    for f in re.finditer(rf"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?{re.escape(name)}\b", article):
        if f.group(1) not in _NOT_FIRST_NAMES and f.group(1) not in _NOT_PEOPLE:
            return name
    return None


def person_without_role(text: str, words: set[str] | None = None) -> str | None:
    """The person a sentence names without saying who they are, at its first mention: a bare
    surname as subject or speaker, a title and a surname ("Mr Campbell"); heads of government
    and a few names of places and firms are let through. None when there is none. ``words``:
    the sentence's words outside quotations, when the caller has them."""
    plain = _unquoted(text)
    m = _BARE_SUBJECT.match(plain)
    if m and m.group(1) not in _NOT_PEOPLE:
        return m.group(1)
    if words is None:
        words = set(_WORDS.findall(plain))
    speech = bool(words & _SPEECH_WORDS) or bool(_SPEECH_WORDS & set(_WORDS.findall(text)))
    titles = bool(words & _TITLES)
    if not (speech or titles):
        return None
    for m in _BARE_SPEAKER.finditer(text) if speech else ():
        name = m.group(1) or m.group(2)
        # "said Crowder, who works for ...", "said Hall, a lawyer ...": the role follows.
        role_after = re.match(r",\s+(?:who|a|an|the)\b", text[m.end(m.lastindex or 0) :])
        if name and name not in _NOT_PEOPLE and not role_after:
            return name
    for m in _NAMED_SPEAKER.finditer(plain) if speech else ():
        if m.group(1).split()[-1] not in _ORG_WORDS and m.group(1).split()[0] not in _NOT_PEOPLE:
            return m.group(1)
    for m in _TITLE_SURNAME.finditer(plain) if titles else ():
        if m.group(1) not in _NOT_PEOPLE:
            return m.group(0)
    return None


def unexplained_acronym(text: str) -> str | None:
    """The first acronym in ``text`` a reader is not expected to know and the sentence does
    not spell out, or None."""
    if text.upper() == text:
        return None
    for m in _ACRONYM.finditer(text):
        a = m.group(1)
        if m.start() == 0 and a.lower() in _CAPITAL_OPENERS:
            continue  # "IN the treatment of ...": a typeset opening word, no acronym
        if a in _KNOWN_ACRONYMS or a.isdigit() or len(re.sub(r"[^A-Z]", "", a)) < 2:
            continue
        if re.fullmatch(r"[A-Z]\d+|\d+[A-Z]", a):
            continue
        if not _spelled_out(a, text):
            return a
    return None


# "Kenya Minott and Robin Steenman are both concerned ...", "Oliver Letwin has said ...": a
# first name and a surname opening the sentence as its subject, with no role before them.
_NAMED_SUBJECT = re.compile(
    r"^([A-Z][a-zà-ÿ]+)\s+(?:[A-Z]\.\s+)?([A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ]+)?)"
    r"(?:\s+and\s+[A-Z][a-zà-ÿ]+\s+[A-Z][a-zà-ÿ'’\-]+)?\s+"
    r"(?:has|had|have|is|was|are|were|will|would|could|can|says|said|[a-z]{3,}ed)\b"
)


# Words that open a capitalised pair but are no first name: roles and titles ("Winger
# Nitoglia"), and sentence openers ("Already Ireland", "Now Vodafone").
_NO_FIRST_NAME = frozenset(
    "president senator sen rep governor gov mayor prof professor dr judge justice captain "
    "skipper coach boss manager striker winger midfielder defender keeper goalkeeper rapper "
    "singer actor actress director chancellor minister secretary general chief sir lord lady "
    "dame spaniard frenchman olympian already although however now many each some sure yes "
    "matchwinner veteran star".split()
)
_TEAM_WORDS = frozenset("United City Town Rovers Athletic Wanderers Life Boerse Ireland".split())


def named_subject(text: str, article: str) -> str | None:
    """The first name and surname opening ``text`` as its subject, with no role, when
    ``article`` also writes the surname alone (as news writes a person met before: "Minott
    said ..."), the surname being no firm's, team's or head of government's; else None."""
    m = _NAMED_SUBJECT.match(text)
    if not m:
        return None
    first, last = m.group(1), m.group(2)
    if first in _NOT_FIRST_NAMES or last in _NOT_PEOPLE:
        return None  # ("Kenya Minott": a country's name may be a first name)
    if first.lower() in _NO_FIRST_NAME or last in _TEAM_WORDS:
        return None  # "Winger Nitoglia", "President Chavez": a role; "Dundee United": a team
    if re.search(rf"\b{first.lower()}\b", article):
        return None  # a word the article writes in lower case: "Judge", "Many", "Hotel"
    if last in _ORG_WORDS or last.endswith(("'s", "’s")):
        return None
    alone = re.compile(rf"(?<!{re.escape(first)} )(?<![A-Z]\. )\b{re.escape(last)}\b(?!['’]s)")
    rest = article.replace(f"{first} {last}", " ")
    return f"{first} {last}" if alone.search(rest) else None
