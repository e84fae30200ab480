"""The reader's configuration's kinds of leaning: :func:`leaning_kind` says which kind of
missing context a sentence leans on beyond the checks
:func:`newsdesk.write.extractive.readability.standalone_problem` makes in every configuration:
formulas and the source's own voice, broken starts and list items, connectives, quantities
without their set, definite descriptions with nothing to point at, persons named without a role
and acronyms never spelled out (both found in :mod:`newsdesk.write.extractive.naming`); tuned
on the odd half of the labelled set (``newsdesk eval standalone``). ``readability`` imports from
here and re-exports the public names; nothing here imports it.
"""

from __future__ import annotations

import re

from newsdesk.write.extractive.connectives import missing_counterpart
from newsdesk.write.extractive.epithets import epithet_reference
from newsdesk.write.extractive.naming import (
    _NOT_PEOPLE,
    _SPEECH_WORDS,
    _WORDS,
    _unquoted,
    person_without_role,
    unexplained_acronym,
)
from newsdesk.write.extractive.voice import own_voice, unaffiliated_group, unsaid_whose

# The verbs of speech an attribution uses (``readability`` builds its attribution checks on it).
_SAY = r"(?:said|says|added|adds|told|asked|explained|noted|warned|wrote|argued|insisted|recalled)"

# Time words: a demonstrative before one of them is a date, not a reference ("this week",
# "that morning"); ``readability`` uses it too.
_TIME_WORDS = (
    r"(?:week|weekend|month|year|morning|afternoon|evening|night|spring|summer|fall|autumn|"
    r"winter|quarter|season|time|session|term|decade|century|past|coming|point|stage|moment|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)"
)


# Proclamation and executive-order formulas, press-office furniture and section labels.
_FORMULA = re.compile(
    r"^(?:NOW,? THEREFORE|IN WITNESS WHEREOF|BY THE PRESIDENT OF THE UNITED STATES|"
    r"By the authority vested in me|It is hereby ordered|(?:Sec(?:tion)?\.?|SEC\.?)\s*\d+\.\s|"
    r"Article \d+\b|ORIGINALLY PUBLISHED|Via Teleconference|Aboard Air Force One|"
    r"For Immediate Release|On the Net)\b"
    # an outlet speaking of itself: "The BBC News website takes a look at ..."
    r"|\b(?:website|site|programme|program|newsletter|column)\s+(?:takes|took)\s+a\s+look\b"
    r"|^(?:Here|Below)\s+(?:is|are)\b"
    r"|\b(?:do hereby (?:proclaim|order|direct)|hereby (?:proclaim|order|direct)|"
    r"set my hand this|in the year of our Lord|of the Independence of the United States|"
    # the legal footing a proclamation recites ("Section 604 of the Trade Act of 1974, as
    # amended (19 U.S.C. 2483), authorizes the President to ...")
    r"\d+ U\.S\.C\. \d+\)?,? (?:authorizes|provides|requires|directs))\b"
    r"|^\W*\d{1,2}:\d\d\s*[AaPp]\.?[Mm]\.?\W*$|^\(?(?:Applause|Laughter|As interpreted|"
    r"Inaudible|Crosstalk)\b|^\\?#|^\*|^\(\w+/\w+\)$",
)
# A proclamation's legal language: any "shall" of an obligation ("The Permittee shall file"),
# "(Secretary)" for a term it has just used ("the Secretary of Commerce (Secretary)").
_SHALL = re.compile(r"\bshall\s+(?:not\s+)?[a-z]+")
_DEFINED_TERM = re.compile(r"\((?:the\s+)?([A-Za-z][a-z]+(?:\s[a-z]+){0,3})\)")


def _legal_formula(plain: str) -> bool:
    """Whether a sentence speaks a legal text's language outside quotations: "shall" or a term
    defined in parentheses by words it has just used."""
    if _SHALL.search(plain):
        return True
    for m in _DEFINED_TERM.finditer(plain):
        before = plain[max(0, m.start() - 60) : m.start()].lower()
        words = m.group(1).lower().split()
        if all(re.search(rf"\b{re.escape(w)}\b", before) for w in words):
            return True
    return False


# "JAPAN: In Tokyo, ...", "Cost: Paper straws ...", "NEGATIVES: No ...": a section label.
_LABEL = re.compile(r"^(?:[A-Z][\w'’\-]*)(?:\s+[\w'’\-]+){0,3}:\s+\S")
_LABEL_VERB = re.compile(rf"\b(?:{_SAY}|says?|is|are|was|were|has|have)\b", re.I)
# "TRAVERSE CITY, Mich." or "SPARTA, Ga.": a dateline on its own.
_DATELINE_ALONE = re.compile(r"^[A-Z][A-Z .'’\-]+,\s*[A-Z][A-Za-z. ]{1,14}$")
# A span that starts mid-citation or mid-list: "(b) of the Act", "4551(a)), the ITC ...",
# '" Jauzion, ...' (a stray quotation mark), "; the Secretary ...".
_BROKEN_START = re.compile(
    r"^(?:\([a-z0-9]{1,4}\)\s|\d+\([a-z0-9]+\)|[)\]};,.:]|[\"“”]\s|[a-z]\)\s|\d{1,5}\)|"
    r"[A-Z][a-z]+\](?:\(|\s))"
)
# "... when the Associated Press called the low-turnout, Republican-vs.": a span cut after an
# abbreviation that no sentence ends with.
_CUT_END = re.compile(
    r"\b(?:vs|v|Gov|Sens?|Reps?|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Rev|Prof|Hon|Adm)\.\s*$"
)
# A line of a list of names: semicolons and no full stop before the end.
_NAME_LIST = re.compile(r";\s+[A-Z]")
# The source's voice: first and second person outside quotations ("we", "our", "you").
_VOICE = re.compile(r"\b(?:we|our|ours|us|you|your|I|my|me)\b|^(?:We|Our|You|Your|My)\b|\bI['’]")
# Quantities without their set: "None of the three", "The rest", "Both", "Many wore ...".
_QUANT_WORDS = (
    r"(?:None|Neither|Both|Either|Others|The rest|The others|The remainder|The latter|"
    r"The former|Another)"
)
_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|half|\d+)"
_QUANT = re.compile(
    rf"^(?:{_QUANT_WORDS}\b|(?:All|Each|Most|Many|Some|Several|Few|Half|Only|Just|"
    rf"(?i:{_NUMBER_WORDS}))(?:\s+\w+)?\s+of\s+(?:the|them|those|these|us|their|its)\b(?!\s+(?:world|country|nation|biggest|largest|most)\b)|"
    rf"The\s+(?i:{_NUMBER_WORDS})\s+(?![a-z]+est\b)[a-z]+\b(?!\s+of\b)|"
    rf"All\s+(?i:{_NUMBER_WORDS})\s+(?:are|were|have|had|will|would|said|say)\b)"  # "All three are"
)
# Verb forms that end a subject noun phrase (a short list: the common finite verbs of news).
_FINITE = (
    r"(?:is|was|are|were|has|have|had|will|would|could|can|may|might|must|should|shall|did|"
    r"does|do|said|says|told|added|found|finds|showed|shows|show|includes|include|included|"
    r"allow|allows|allowed|occurred|came|comes|went|goes|remains|remained|appears|appeared|"
    r"seems|seemed|calls|called|began|begins|made|makes|took|takes|gave|gives|led|leads|left|"
    r"faces|faced|cites|cited|passed|failed|return|returns|returned|voiced|urged|urges|"
    r"announced|reported|noted|warned|wants|wanted|say|need|needs|needed|won|lost|met|"
    r"decided|agreed|ended|started|opened|closed|rose|fell|dropped|make|take|give|lead|face|"
    r"remain|appear|seem|come|mean|means|look|looks|suggest|suggests|[a-z]+ed)"
)
# "The study found ...", "The rules allow ...": a definite description of one to four lower-case
# words that a verb follows at once (or after a participle's aside), nothing to tell which.
_DEFINITE = re.compile(
    r"^The\s+((?:(?:U\.S\.|U\.K\.|U\.N\.|EU|[A-Z][a-z]+(?:an|ish|ese|ian|i))\s+)?"
    r"(?:(?:new|latest|previous|former|recent|increased|proposed|controversial|planned|"
    r"current|original|initial|same|prevailing|ongoing|resulting|remaining|earlier|final|"
    r"main|second|third|other|first|last)\s+)?(?:[a-z][\w'’\-]*\s+)?[a-z][\w'’\-]*)"
    # an aside between the description and its verb ("The stricter rules, involving ..., will")
    r"(?:,\s+(?:involving|including|covering|affecting|aimed|designed|expected|announced|"
    r"unveiled|issued|proposed|set|due|based|released|published|prepared|compiled)\b"
    r"[^,]{3,160},)?\s+"
    rf"{_FINITE}\b"
)
# "The Mexican government said ...": an institution a nationality makes specific by itself
# ("The U.S. delegation included ..." still asks which delegation).
_INSTITUTIONS = frozenset(
    "government army navy military police president parliament economy embassy people public "
    "press authorities administration treasury congress senate house prime foreign central "
    "supreme federal state capital border".split()
)
_DEFINED_BY = frozenset(
    "of for to in on at from with by about against between behind over under among who which "
    "that whose where when".split()
)
# Nouns that a definite article makes specific by themselves, or that are general.
_GENERAL_NOUNS = frozenset(
    "world public economy weather government's sun moon internet press market markets "
    "war pandemic virus coronavirus industry police military".split()
)
# "announced the threat in a statement", "the use of the national security provision": a noun
# that names something an earlier sentence told (a threat, a deal, a measure), made definite,
# with nothing after it to say which.
_ANAPHORIC_NOUNS = frozenset(
    "threat threats provision deal move decision announcement measure measures proposal plan "
    "agreement pledge offer designation policy order ruling step scheme initiative framework "
    "ban incident operation talks accord arrangement commitment effort request demand "
    "moratorium deadline case report study platform documents project programme program "
    "company firm tribe panel survey crisis change shift situation trend row dispute "
    "controversy scandal allegations saga imposition claim claims remarks figures figure "
    "package".split()
)  # ("the claim", "the figures": graded, with nothing told before)
_ANAPHORIC = re.compile(
    r"(?<!familiar with )\bthe\s+(?:[a-z][\w\-]*\s+){0,2}(?:"
    + "|".join(sorted(_ANAPHORIC_NOUNS))
    + r")\b"
    r"(?!\s+(?:of|to|that|which|who|whereby|between|against|with|for|on|by|under|from|"
    r"announced|signed|reached|made|agreed|proposed|unveiled|issued|set|called)\b)"
    r"(?!['’]s)(?!\s*\()"
)
# "The combatants from one-time mill towns are ...", "The 24-year-old England midfielder is
# ...": a side or a player never named (a name after the role names it: "The England
# midfielder Steven Gerrard").
_UNNAMED_SIDE = re.compile(
    r"^The\s+(?:\d+-year-old\s+)?(?:[A-Z][\w'’\-]*\s+){0,2}(?:[a-z][\w\-]*\s+)?"
    r"(?:midfielder|striker|defender|goalkeeper|keeper|winger|forward|full-back|centre-back|"
    r"playmaker|fly-half|scrum-half|flanker|batsman|bowler|spinner|all-rounder|combatants|"
    r"rivals|visitors|hosts|champions|holders|youngster|teenager|newcomer|debutant|veteran|duo|"
    r"trio|pair)\b(?![,\s]+[A-Z][a-z])|^The\s+\d+-year-old\s+(?:will|would|has|had|is|was)\b"
)
# "Which is why ...": a relative clause cut from its sentence (a question aside).
_RELATIVE_START = re.compile(r"^(?:Which|Whom|Whose)\b(?!.*\?\s*$)")
# "Border, Ambassador Roberta Jacobson ...": the tail of a title cut from the line before.
_CUT_TITLE = re.compile(
    r"^(?!(?:Today|Yesterday|Tomorrow|Meanwhile|However|Now|Later|Earlier|Separately|Also|"
    r"Here|There|Instead|Still|Again|Finally|Overall|Indeed|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|Tonight|Recently|Previously|Afterward|Afterwards)\b)"
    r"[A-Z][a-z]+(?<!ly),\s+(?:Ambassador|Secretary|Senator|Sen\.|Rep\.|Gov\.|Governor|Mayor|"
    r"Director|General|Gen\.|Judge|Minister|Commissioner|Deputy|Chief|Administrator|"
    r"Advisor|Adviser|Coordinator|Assistant|Special|Acting|Under|Dr\.|Mr\.|Ms\.|Mrs\.)"
)
# "suffering the same fate": a comparison with something the sentence does not carry.
_SAME = re.compile(r"\bthe same\s+(?!(?:as|that|which|who)\b)[a-z]+\b(?!\s+(?:as|that)\b)")
_RELATIVE = re.compile(r"\b(?:that|which|who|whose|where)\b")
_THIRD_PERSON = re.compile(r"\b(?:he|she|him|his|her|hers)\b")
# "..., the spokesman said.", "said his wife", ", a spokesman said": a speaker given only by a
# role the article named before, or with no affiliation.
_ROLE_SPEAKER = re.compile(
    r"(?:,|[\"”])\s*the\s+(?:[a-z\-]+\s+){0,3}[a-z\-]+\s+"
    r"(?:said|says|added|noted|told|explained|warned|wrote|conceded)\b"
    r"|\b(?:said|says|added|told)\s+(?:his|her|their|its)\s+[a-z]+"
    r"|(?:,|[\"”])\s*(?:an?|one)\s+(?:[a-z\-]+\s+){0,2}(?:spokes(?:man|woman|person)|official|"
    r"aide|source)\s+(?:said|says|added|told)\b"
)
# "Under the new agreement, ...", "At the study's end, ...": an opening phrase whose
# definite description nothing in the sentence names.
_DEFINITE_OPENING = re.compile(
    r"^(?:Under|On|At|After|With|Despite|Following|Before|During|Since|Through|Amid|Given|"
    r"Without|Unlike|Like|For)\s+the\s+(?!(?:past|last|next|same|other|one|first|end|"
    r"moment|time|meantime|way|world|country|nation|day|night|weekend|week|month|year|front|"
    r"whole|surface|ground|record|contrary)\b)"
    r"(?:[a-z][\w\-]*\s+){0,2}(?!(?:front|side|whole|record|ground|contrary|surface)\b)"
    r"[a-z][\w\-]*(?:['’]s\s+[a-z]+)?,"
)
# "Tony Blair's big speech will be ...", "The Forum for the Future report took ...": a speech,
# report or plan made definite by whose it is, as if the reader knew which (graded, BBC).
_NAMED_EVENT = re.compile(
    r"^(?:(?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w.\-]*['’]s\s+"
    r"|The\s+[A-Z][\w\-]*\s+(?:(?:[A-Z][\w\-]*|for|of|the|and|on)\s+){0,5})"
    r"(?:(?:big|latest|new|recent|first|second|last|key|keynote|annual|major)\s+)?"
    r"(?:speech|decision|move|plan|remarks|comments|announcement|visit|report|statement|"
    r"proposal|offer|bid|study|survey|review)\s+"
    rf"(?:{_FINITE}|will|would|could|may|might|can|has|have|had|is|was|took)\b"
)
# ", that support may ...": a demonstrative subject after the opening clause.
_DEMONSTRATIVE_SUBJECT = re.compile(
    rf"(?:^|[,;]\s+)(?:this|that|these|those)\s+(?!{_TIME_WORDS}\b)[a-z]+(?:\s+[a-z]+)?\s+"
    rf"(?:may|might|is|was|are|were|has|have|had|will|would|could|can)\b"
)


_VOICE_WORDS = frozenset("we our ours us you your I my me We Our Ours You Your My Me".split())
_DEMONSTRATIVES = frozenset("this that these those".split())
_THIRD_PERSON_WORDS = frozenset("he she him his her hers".split())


# "said Dunmore's situation showed the cost": a one-word name's situation or case, never
# said what it is (a town, a hospital, a person?), standing for something told before.
_BARE_POSSESSIVE = re.compile(
    r"\b([A-Z][a-z]+)['’]s\s+"
    r"(?:situation|case|plight|experience|ordeal|story|predicament|fate)\b"
)


def _bare_possessive(plain: str) -> bool:
    m = _BARE_POSSESSIVE.search(plain)
    if not m or m.start() == 0 or m.group(1) in _NOT_PEOPLE:
        return False
    before = plain[: m.start()].split()
    return not (before and before[-1][:1].isupper())  # "Maria Lopez's case": a full name


def _set_named(rest: str) -> bool:
    """Whether the words after a quantifier name its set by a phrase with a name in it ("One
    of the black boxes of the plane on EgyptAir Flight 990", "Many of the protesters in
    Kabul"): a preposition, then a capitalised word, within the next eight words, before the
    verb ("Some of them had spent months in U.S. detention" names no set)."""
    words = rest.split()[:8]
    for k, w in enumerate(words):
        if w.lower() in _SET_ENDS:
            return False
        if w.lower() not in {"of", "on", "in", "at", "from"}:
            continue
        for x in words[k + 1 : k + 5]:
            if x.lower() in _SET_ENDS:
                break  # the verb: the phrase ended without a name
            if x.lstrip('"“')[:1].isupper():
                return True
    return False


_SET_ENDS = frozenset("is was are were has have had will would said says".split())


# ", the guild's president", "Martin Ebersole, the hospital's chief executive": a role whose
# affiliation is a definite description the article named before (which guild?).
_ROLE_OF_THE = re.compile(
    r"\bthe\s+(?:[a-z\-]+\s+)?(?!(?:country|nation|world|government|company|firm)['’])"
    r"[a-z]+['’]s\s+(?:[a-z\-]+\s+){0,2}(?:president|chief|director|spokes(?:man|woman|person)|"
    r"head|chair|chairman|chairwoman|executive|leader|secretary|manager|founder|owner|"
    r"officer|lawyer|attorney|counsel|coach|minister|commissioner|superintendent|principal|"
    r"administrator|dean|editor|analyst|economist|researcher)\b"
)
# "Some have been allowed back ...", "Many were hurt": a quantifier standing for a set told
# before, as the subject.
_BARE_QUANT = re.compile(
    r"^(?:Some|Many|Most|Several|Few|Others|All)\s+(?:have|has|had|are|were|was|is|will|would|"
    r"could|can|may|might|say|said|remain|remained|also|still)\b"
)
# "A recent study recognized ...": a study, report or poll the sentence never says whose.
_UNNAMED_STUDY = re.compile(
    r"^(?:A|One|Another)\s+(?:recent|new|separate|previous|further|second)\s+"
    r"(?:study|report|survey|analysis|poll|review|paper|audit)\b"
    r"(?!\s+(?:by|from|of|for|in|at|published|released|commissioned|conducted)\b)"
)
# "The Vice President has recognized the need ...": a title standing for a person never named
# (a head of government's "The President" aside).
_BARE_TITLE = re.compile(
    r"^The\s+(?:Vice\s+President|Secretary|Minister|Ambassador|Governor|Senator|Mayor|"
    r"Chancellor|Commissioner|Director|Chairman|Chairwoman|Administrator|Attorney\s+General)"
    r"\s+(?!of\b|for\b|to\b|and\b|General\b)[a-z]"
)
# "Twice they voted against ...", "Then he left ...": a pronoun subject after an opening adverb,
# with nothing named before it.
_ADVERB_PRONOUN = re.compile(
    r"^(?:Twice|Then|Now|So|Still|Again|Later|Once|Together|Yet|Here|There|Soon|Instead)\s+"
    r"(?:they|he|she|it|we)\s+[a-z]"
)
# "Recognizing the importance of trade, they reaffirmed ...", "To book a slot ..., do they
# qualify.": an opening phrase, then "they" as the subject, never named ("When Biden and
# Trudeau met, they ..." names them).
_OPENER_THEY = re.compile(
    r"^(?![^,;]*\b[A-Z][\w.’'\-]*\s+and\s+[A-Z])[^,;\"“]{3,250},\s+(?:(?:do|does|did)\s+)?"
    r"they\s+[a-z]"
)
# "Participants discussed ...": people of a meeting never said (officials are left to the
# story: "Officials said" in an article on one government is that government's).
_UNAFFILIATED = re.compile(
    r"^(?:Participants|Attendees|Delegates|Negotiators|Organi[sz]ers)"
    r"\s+(?!(?:from|of|at|in|for|with|who|close|familiar)\b)[a-z]+"
)
# "... have reset that clock.", "... over that 12-month period.": a demonstrative's noun at the
# end, pointing back.
_THAT_NOUN_END = re.compile(
    r"\b(?:that|those)\s+(?:\d[\d,.]*\s*-?\s*[a-z]*-?\s+)?[a-z]+\s*[.!?]?\s*$"
)
# "The Report makes recommendations ...", "the Secretary": a legal text's defined term, unsaid.
_DEFINED_CAPITAL = re.compile(
    r"\b[Tt]he\s+(?:Report|Secretary|Proclamation|Order|Agreement|Commission|Committee|Council|"
    r"Permittee|Applicant|Application|Border facilities|Facilities)"
    r"\b(?!\s+(?:of|on|for|to|and)\b)(?!['’]s\b)(?!\s+[A-Z(])"
)


def _verbless(t: str) -> bool:
    """Whether the sentence is a bare noun phrase by its parse, with no finite verb, its head
    the first word: a list's tail or a spoken fragment ("Things like clean energy, including
    hydrogen, manufacturing ..."). (Any sentence with no finite verb by the parse would take
    in sentences the tagger misreads: "Zyuganov talks about ...", "bone rubs against bone".)"""
    from newsdesk.write.extractive.parse import parse_sentence

    doc = parse_sentence(t)
    if any(tok.tag_ in {"VBD", "VBZ", "VBP", "MD"} for tok in doc):
        return False
    return any(tok.dep_ == "ROOT" and tok.i == 0 and tok.pos_ == "NOUN" for tok in doc)


def _opening_anaphor(plain: str) -> bool:
    """Whether the sentence opens with a definite noun of :data:`_ANAPHORIC` ("The exclusion
    order covers nine schools": which order?) that no relative clause defines ("The previous
    moratorium, which protected ..."; a figure's never says it: "The figure, which ...")."""
    m = _ANAPHORIC.match("t" + plain[1:])
    if m is None:
        return False
    figure = m.group(0).rstrip("s").endswith("figure")
    return figure or not re.match(r"\s*,\s*(?:which|who|that)\b", plain[m.end() :])


def leaning_kind(text: str) -> str | None:
    """Which kind of missing context ``text`` leans on, beyond what :func:`standalone_problem`
    checks in every configuration, or None: ``"formula"``, ``"dateline"``, ``"fragment"``,
    ``"voice"`` (first or second person outside quotations), ``"connective"``,
    ``"quantifier"``, ``"reference"`` (a definite description or a he/she with nothing named
    before it), ``"person"`` or ``"acronym"``."""
    t = " ".join(text.split())
    if _FORMULA.search(t) or (t.upper() == t and len(re.sub(r"[^A-Z]", "", t)) >= 4):
        return "formula"
    if _DATELINE_ALONE.match(t):
        return "dateline"
    label = _LABEL.match(t)
    if label and not _LABEL_VERB.search(t[: label.end()]) and len(t[: label.end()].split()) <= 4:
        return "label"  # "Why it matters: ...": the sentence after it may well stand alone
    if (
        _BROKEN_START.match(t)
        or _NAME_LIST.search(t)
        or _CUT_TITLE.match(t)
        or _RELATIVE_START.match(t)
        or _CUT_END.search(t)
    ):
        return "fragment"
    if re.match(r"^\d{1,2},\s+\d{4},", t):
        return "fragment"  # "3, 2024, by the Permittee ...": the tail of a date cut at a line
    if re.match(r"^\d{4}\s+\(", t):
        return "fragment"  # "2023 (Public Law 117-263) amended ...": the tail of a title
    close_first = t.find(")")
    if close_first != -1 and t.find("(", 0, close_first) == -1 and close_first < 40:
        return "fragment"  # "United States), the President noted ...": the tail of a parenthesis
    first = t.split(" ", 1)[0]
    # A list item: "Creating a North American Strategy on ...", "25% tariffs on goods that do
    # not satisfy ...": a participle or a number opens it and no verb comes before a relative
    # clause.
    main = _RELATIVE.split(t[len(first) :], maxsplit=1)[0]
    opener, comma, after = t.partition(",")
    # "Testifying before the committee, Blinken sought ...": a participial phrase, then the
    # main clause; "..., especially oil and gas.": the list item goes on.
    clause_follows = comma and not re.match(
        r"\s*(?:especially|including|particularly|notably|such as|and|or)\b", after
    )
    if (
        re.fullmatch(r"[A-Z][a-z]+(?:ing|ed)|\$?[\d.,]+%?", first)
        and not (first[0].isalpha() and clause_follows)
        and not re.match(r"\s+[A-Z]", t[len(first) :])  # a name: "Rolling Stone"
        and not re.search(rf"\b{_FINITE}\b", main)
    ):
        return "fragment"
    if not re.search(rf"\b{_FINITE}\b", t) and _verbless(t):
        return "fragment"  # "Things like clean energy, including hydrogen, ...": no verb
    plain = _unquoted(t)
    if ("shall" in plain or "(" in plain) and _legal_formula(plain):
        return "formula"
    # The words outside quotations, once: most checks below need one of a few words first.
    words = set(_WORDS.findall(plain))
    if words & _VOICE_WORDS or own_voice(plain):
        return "voice"
    if missing_counterpart(t, plain, words):
        return "connective"
    if _BARE_QUANT.match(t):
        return "quantifier"
    quant = _QUANT.match(t)
    if quant and not (" of " in quant.group(0) and _set_named(t[quant.end() :])):
        return "quantifier"
    d = _DEFINITE.match(t)
    if d:
        np = d.group(1).split()
        superlative = re.match(r"(?:[a-z]+est|best|worst|most|least|first|last)\b", np[0])
        defined = any(w in _DEFINED_BY for w in np)
        national = np[0][:1].isupper()
        if national:
            np = np[1:]
            superlative = (
                re.match(r"(?:[a-z]+est|best|worst|most|least|first|last)\b", np[0]) if np else None
            )
        if not (
            defined
            or np[-1] in _GENERAL_NOUNS
            or superlative
            or (national and np[-1] in _INSTITUTIONS)
        ):
            return "reference"
    if (
        _DEFINITE_OPENING.match(t)
        or _NAMED_EVENT.match(t)
        or _bare_possessive(plain)
        or (words & _DEMONSTRATIVES and _DEMONSTRATIVE_SUBJECT.search(plain))
        or (words & _ANAPHORIC_NOUNS and _ANAPHORIC.search(plain))
        or (t.startswith("The ") and words & _ANAPHORIC_NOUNS and _opening_anaphor(plain))
        or ("the" in words and _ROLE_OF_THE.search(plain))
        or _UNNAMED_STUDY.match(t)
        or _UNNAMED_SIDE.match(t)
        or _ADVERB_PRONOUN.match(t)
        or ("they" in words and _OPENER_THEY.match(plain))
        or _UNAFFILIATED.match(t)
        or unaffiliated_group(t)
        or unsaid_whose(t)
        or epithet_reference(t)
        or ("that" in words or "those" in words)
        and _THAT_NOUN_END.search(plain)
        or _DEFINED_CAPITAL.search(plain)
        or ("same" in words and _SAME.search(plain))
    ):
        return "reference"
    pron = _THIRD_PERSON.search(plain) if words & _THIRD_PERSON_WORDS else None
    if pron:
        head = plain[: pron.start()]
        # (a capital inside a compound, "an upbeat pre-Budget report", names no one)
        names = re.findall(r"(?<![.!?]\s)(?<!^)(?<!-)\b[A-Z][a-z]+", head)
        # "In his weekly column, Dr. Brazelton ...": the name follows the opening phrase.
        opening, comma, after = plain.partition(",")
        named_next = comma and pron.start() < len(opening) and re.match(r"\s*[A-Z]", after)
        if not names and not named_next:
            return "reference"
    if words & _SPEECH_WORDS and _ROLE_SPEAKER.search(t):
        return "reference"
    if person_without_role(t, words) or _BARE_TITLE.match(t):
        return "person"
    if unexplained_acronym(t):
        return "acronym"
    return None
