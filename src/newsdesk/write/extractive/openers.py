"""A planned strand's opener dated with its article's month ("[In January 2026,] the White
House said ...", "[As of March 2025,] the flow of ..."), when the strands span more than a
month (:mod:`.plan`)."""

from __future__ import annotations

import re
from datetime import date

from newsdesk.briefing import BriefSentence, Repair
from newsdesk.reltime import find_dates
from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.parse import parse_sentence
from newsdesk.write.extractive.words import STOPWORDS

_LOWER_FIRST = frozenset({"The", "A", "An", "Its", "Their", "In", "On", "At", "More", "Some"})

_HAS_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\s+\d{1,2}\b"
)

_HAS_MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b|\b(?:19|20)\d\d\b"
)

_TITLES = frozenset("Mr Mrs Ms Miss Dr Sir Dame Lord Lady Prof St Gen Sen Rep Gov".split())


def _common_word(word: str, prep: Prepared | None = None) -> bool:
    """Whether a sentence's capitalised first word is an ordinary word (lower-cased inside a
    sentence) rather than a name: a function word, or a word the evidence writes in lower case
    and never capitalised after a lower-case word."""
    if word.rstrip(".") in _TITLES:
        return False  # "Mr Blair has ..."
    if word in _LOWER_FIRST or word.lower() in STOPWORDS:
        return True
    if not word[1:].islower() or not word.isalpha():
        return False
    if prep is None:
        return word.lower().endswith(("ing", "ed", "ly"))
    inside = re.compile(rf"[a-z,] {re.escape(word)}\b")
    lower = re.compile(rf"\b{re.escape(word.lower())}\b")
    # a name the evidence only ever writes at the start of a sentence stays a name
    return not any(inside.search(d.text) for d in prep.docs) and any(
        lower.search(d.text) for d in prep.docs
    )


def written_as_name(word: str, prep: Prepared | None) -> bool:
    """Whether the evidence writes ``word`` capitalised after a lower-case word ("... in
    Wales") more often than in lower case: a name, whatever a sentence's parse makes of it
    ("Wales have won ..." as a plural noun)."""
    if prep is None or not word[:1].isupper():
        return False
    inside = re.compile(rf"[a-z,] {re.escape(word)}\b")
    lower = re.compile(rf"\b{re.escape(word.lower())}\b")
    said = [d.text for d in prep.docs]
    # more often so than in lower case ("mobiles" beside a title's "Mobiles")
    return sum(len(inside.findall(t)) for t in said) > sum(len(lower.findall(t)) for t in said)


def _common_by_parse(text: str, prep: Prepared | None) -> bool:
    """Whether a sentence's first word is a common noun or adjective by its parse, where the
    evidence also writes it inside sentences as a name ("Side effects include ..." beside "the
    West Side", "Schools have taken ..." beside "Public Schools", "Home-school advocates"): a
    noun that is no name; an adjective the evidence writes in lower case more often than
    capitalised after a lower-case word ("Conservative leader Michael Howard" stays), or
    nowhere else at all."""
    doc = parse_sentence(text)
    if not len(doc):
        return False
    tok = doc[0]
    if tok.ent_type_ or tok.pos_ == "PROPN" or tok.text.rstrip(".") in _TITLES:
        return False
    if not tok.text[:1].isupper() or not tok.text[1:].islower():
        return False  # "IBM", "iPhone": as written
    if tok.pos_ == "NOUN":
        return True
    if tok.pos_ != "ADJ" or prep is None:
        return False
    inside = re.compile(rf"[a-z,] {re.escape(tok.text)}\b")
    lower = re.compile(rf"\b{re.escape(tok.lower_)}\b")
    said = [d.text for d in prep.docs]
    low = sum(len(lower.findall(t)) for t in said)
    named = sum(len(inside.findall(t)) for t in said)
    # never written elsewhere either way: an adjective by its parse ("[As of September 2024,]
    # intensive bilateral ... engagement is core to ..."), unless a name follows it closely
    # ("Conservative leader Michael Howard": a party's role before a name)
    unseen = low == named == 0 and not any(t.pos_ == "PROPN" for t in doc[1:4])
    return low > named or unseen


_PERFECT = frozenset({"has", "have", "had", "'s", "'ve", "'d"})


def _reports_event(text: str) -> bool:
    """Whether a sentence reports something that happened rather than states how things stand,
    from its parse: its main verb's tense is the past ("struck", "was done", "said"), not a
    perfect ("has many times said", "had alarmed"), a modal or the present ("is a national
    priority", "concludes")."""
    doc = parse_sentence(text)
    if not len(doc):
        return False
    root = next(iter(doc.sents)).root
    auxes = sorted((c for c in root.children if c.dep_ in {"aux", "auxpass"}), key=lambda c: c.i)
    if any(a.lower_ in _PERFECT for a in auxes):
        return False
    after = [t for t in doc[root.i + 1 : root.i + 4] if t.pos_ != "ADV"]
    nxt = after[0] if after else None
    if root.lower_ in _PERFECT and nxt is not None and re.search(r"(?:ed|en)$", nxt.lower_):
        return False  # "had alarmed" parsed as "had" + an adjective: still a perfect
    finite = auxes[0] if auxes else root
    return bool(finite.tag_ == "VBD")


# A month or year the sentence names for itself ("in August", "since 2019", "years ago").
_OWN_TIME = re.compile(
    r"\b(?:in|since|during|until|through|by|from|early|late|mid-?|[Aa]s\s+(?:early|late|far\s+back)\s+as)"
    r"\s+(?:early\s+|late\s+)?"
    r"(?:January|February|March|April|June|July|August|September|October|November|December|"
    r"May\s+\d{4}|(?:19|20)\d{2}\b)"
    r"|\b(?:years|months|decades|weeks)\s+ago\b"
)


# A sentence that opens with a date of its own ("As of March 12, 2025, all imports ...").
_OWN_FRAME = re.compile(
    r"^(?:On|In|As of|By|Since|From|Until|Effective|Beginning|Starting)\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|"
    r"(?:19|20)\d{2}\b)"
)


def _says_when(s: BriefSentence, day: date) -> bool:
    """Whether a sentence already says when it happened: a date repair of its own (a resolved
    "on Friday"), a day of its text up to its article's day ("Feb. 15" in an article of
    January 16 is a deadline ahead, not when this happened), or a month, year or period of its
    own before the article's week ("in August", "last year")."""
    if s.repairs and any(
        _HAS_DATE.search(r.replacement) or _HAS_MONTH.search(r.replacement) for r in s.repairs
    ):
        return True  # (a month too: "roared higher [in May]" takes no "[In June,]")
    if _OWN_FRAME.match(s.text) or _OWN_TIME.search(s.text):
        return True  # "ratified the agreements in August": the article's month would clash
    for m in find_dates(s.text, day):
        if m.first is not None and m.last is not None and m.first == m.last:
            if 0 <= (day - m.first).days:
                return True  # in the week up to the article, or a day of its own before
        elif m.last is not None and (day - m.last).days > 7:
            return True  # "last year": a time of its own, before the article's
    return False


def _dated(
    s: BriefSentence,
    day: date | None,
    year: bool,
    prep: Prepared | None = None,
    reported: bool = False,
) -> BriefSentence:
    """``s`` carrying its article's month when it names no day of its own: its first word
    becomes "[In January 2024, the]" for a sentence reporting an event, "[As of January 2024,
    the]" for one stating how things stand (the article's date is when it was reported, not
    always the day it happened, so the month, not the day); a repair recorded like any other,
    so undone it is the span."""
    if day is None or _says_when(s, day) or any(r.at == 0 for r in s.repairs):
        return s
    first = s.text.split(maxsplit=1)[0] if s.text.split() else ""
    if not first or not first[:1].isalpha():
        return s
    rest = s.text.split()[1:2]
    # "Working together, the ...": a participle opening the sentence is no name
    participle = (
        first.endswith("ing") and first[1:].islower() and bool(rest) and rest[0][:1].islower()
    )
    common = participle or _common_word(first, prep) or _common_by_parse(s.text, prep)
    shown = first.lower() if common else first
    when = f"{day:%B} {day.year}" if year else f"{day:%B}"
    # ``reported``: an event its article tells without dating it (history, or what a year's
    # work achieved): the month is when it was reported, not when it happened
    frame = "As reported in" if reported else "In" if _reports_event(s.text) else "As of"
    head = f"{frame} {when}, {shown}"
    shift = len(head) - len(first)
    moved = [Repair(r.original, r.replacement, r.at + shift) for r in s.repairs]
    text = head + s.text[len(first) :]
    return BriefSentence(
        text, "repaired", s.citations, repair=None, repairs=[Repair(first, head, 0), *moved]
    )


def verbless(text: str) -> bool:
    """Whether a sentence has no verb (a list item of a fact sheet: "A lower 10% tariff on any
    potash imported from Canada and Mexico that falls outside the USMCA preference.") or none
    with a subject or a tense: no clause of its own to state a fact, it is no sentence of a
    briefing."""
    doc = parse_sentence(text)
    if not len(doc):
        return True
    root = next(iter(doc.sents)).root
    if (
        root.tag_ in {"VB", "VBG", "VBN"}
        and not any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in root.children)
        and not any(c.dep_ in {"aux", "auxpass"} and c.lower_ != "to" for c in root.children)
    ):
        # no finite verb: "January 2023, during the North American Leaders' Summit, to guide
        # priority actions ..." (the tail of a sentence cut at a line), "Creating a North
        # American Strategy on ...", "Read more about ..."
        return True
    return root.pos_ not in {"VERB", "AUX"} and not any(
        t.pos_ in {"VERB", "AUX"} and t.dep_ in {"ROOT", "ccomp", "conj"} and t.head == root
        for t in doc
    )
