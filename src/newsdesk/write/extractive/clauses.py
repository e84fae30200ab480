"""The main clause of a sentence, from its dependency parse (spaCy): what the "Overall" close
names a strand by (:mod:`.close`). A clause keeps the subject, the verb and its complements and
leaves out asides; it is whole (no phrase cut short, no word left hanging) or there is none.
Which tokens make the clause is :mod:`.main_clause`; here it is checked whole, well ended, said."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.descriptions import describes_person
from newsdesk.write.extractive.main_clause import (
    _CIRCUMSTANCE,
    _DROPPED_ADVERBS,
    _RELATIVE,
    _VERBAL,
    CLAUSE_TARGET_WORDS,
    _clause_of,
    _place,
    _second_object,
    _time_phrase,
    _words,
    verbal_pos,
)
from newsdesk.write.extractive.openers import _common_word, written_as_name
from newsdesk.write.extractive.parse import parse_sentence

CLAUSE_MAX_WORDS = 18
CLAUSE_MIN_WORDS = 6
CLAUSE_SHORT_WORDS = 10  # a clause that would restate its sentence is tried again this short
_REPORTING = frozenset(
    "announced said says reported told added noted stated warned claimed confirmed revealed "
    "declared explained".split()
)

_DANGLING = frozenset(
    "on in at of to for by with from as the a an and or its their his her are is was were be "
    "been has have had will would each apiece soon shortly".split()  # ("the FA Cup [three
    # times] each", "the surge began soon [after June 30]")
)
# Nouns that say little alone ("calls [for him to name the day]"): no clause ends on one.
_NEEDS_COMPLEMENT = frozenset(
    "call plan effort demand talk bid push move pressure proposal attempt hope fear concern "
    "question claim step measure way need right decision promise pledge threat warning reason "
    "allegation sign".split()
)
_LOWER_BEFORE_NAMES = frozenset(
    "the a an this that these those some many most several few all both each former then "
    "late acting outgoing incoming".split()  # "former President Donald Trump released ..."
)
_SOME_OF_A_KIND = frozenset("most many some few several".split())
_THINK_OR_SAY = tuple(  # verbs of saying and thinking, by their stems (the parse has no lemmas)
    "say said think thought believ expect predict fear feel felt agree argu warn suggest doubt "
    "hope worr reckon forecast".split()
)
_THING_PRONOUNS = frozenset("it they this that these those".split())
_QUANTIFIERS = frozenset("none many some most few several all both each others one".split())
_OBJECT_PRONOUN = frozenset("it them this that these those him her".split())


def _circumstance_after(verb: Any, nxt: Any) -> bool:
    """Whether the word after a clause's last verb opens what the clause drops of it on
    purpose: a clause of time or cause ("collapsed [after the union rejected ...]"), a phrase of
    time or circumstance; the verb had no object to lose."""
    if any(c.dep_ in {"dobj", "xcomp", "ccomp", "attr", "acomp"} for c in verb.children):
        return False
    for c in verb.children:
        if (
            c.i > verb.i
            and any(t.i == nxt.i for t in c.subtree)
            and min(t.i for t in c.subtree) == nxt.i
        ):
            if c.dep_ == "advcl":
                return True
            return c.dep_ == "prep" and (c.lower_ in _CIRCUMSTANCE or _time_phrase(c))
    return False


def _spoken(doc: Any, keep: set[int]) -> str:
    """The kept tokens as text, with the source's spacing between adjacent ones."""
    out = []
    idx = sorted(keep)
    for k, i in enumerate(idx):
        tok = doc[i]
        nxt = idx[k + 1] if k + 1 < len(idx) else None
        out.append(tok.text + (tok.whitespace_ if nxt == i + 1 else " "))
    t = "".join(out).strip()
    t = re.sub(r"\s+([,%])", r"\1", t)
    return re.sub(r"\s+", " ", t).strip(" ,;")


# Dependents without which a kept word is cut short: a verb's object or particle, a
# preposition's object, a noun's own words ("pest-eating insects", "Mexico's Unit").
_NEEDED = frozenset(
    "dobj pobj pcomp attr acomp oprd dative nsubj nsubjpass aux auxpass neg compound case det "
    "poss prt nummod quantmod preconj".split()
)


def _whole(doc: Any, kept: set[int], root: Any) -> bool:
    """Whether the kept words make whole phrases: each hangs on a kept word, keeps the
    dependents it needs (``_NEEDED``), and a hyphenated word is kept whole."""
    for i in kept:
        tok = doc[i]
        if tok.is_punct:
            continue
        if tok.i != root.i and tok.head.i not in kept:
            return False
        if tok.pos_ == "ADJ" and tok.dep_ in {"pobj", "dobj"}:
            return False  # an adjective as an object: a noun lost ("on unproven")
        if tok.dep_ == "amod" and any(c.i not in kept and not c.is_punct for c in tok.children):
            return False  # a modifier cut inside its noun phrase ("to prevent [injury] destroying")
        for c in tok.children:
            if c.dep_ in _NEEDED and c.i not in kept and not c.is_punct:
                if _second_object(tok, c):
                    continue
                return False
            if c.dep_ == "advcl" and c.pos_ == "ADJ" and c.i not in kept:
                return False  # "regards housing for low-income people [affordable]"
        for j in (i - 1, i + 1):
            k = i + (j - i) * 2
            if 0 <= k < len(doc) and 0 <= j < len(doc) and doc[j].text == "-":
                joined = doc[min(i, j)].whitespace_ == "" and doc[min(j, k)].whitespace_ == ""
                if joined and k not in kept:
                    return False  # "pest-eating" cut to "eating"
    return True


def _in_order(doc: Any, idx: list[int]) -> str:
    """The tokens ``idx`` in the order given (a report said source first), each run of adjacent
    tokens with the source's own spacing ("the BBC's political editor")."""
    runs: list[list[int]] = []
    for i in idx:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return " ".join(x for x in (_spoken(doc, set(r)) for r in runs) if x)


# A dash aside cut in half: the dash beside "and" or at an end ("fees in England and Wales - and
# did not seem ...", a subject's "- and the different fee regime in Scotland -" half gone).
_HALF_DASH = re.compile(r"\s[-–—]\s+(?:and|or|but)\b|\b(?:and|or|but)\s+[-–—]\s|^[-–—]|\s[-–—]$")


# Whose finding a sentence states: a report's or an inquiry's, which a clause must not drop.
_FINDING = re.compile(
    r"\baccording to (?:a|an|the)\s+(?:[\w'’\-]+\s+){0,4}(?:report|investigation|inquiry|"
    r"probe|lawsuit|complaint|indictment|findings|audit|review)\b"
)


def _lost_verb(sentence: str, clause: str) -> bool:
    """Whether the parse hung the sentence's finite verb off its root as an unlabelled part
    ("Legislation needed to implement ... unanimously passed the Senate": "needed" the root,
    "passed" a ``dep``) and the clause left that verb out: the clause says something else."""
    doc = parse_sentence(sentence)
    if not len(doc):
        return False
    root = next(iter(doc.sents)).root
    said = set(clause.lower().split())
    quoted = _quoted(doc)  # (a quotation's verb is the speaker's: "charging the FBI “turned a
    # blind eye”" hung off "offered testimony")
    return any(
        c.dep_ == "dep"
        and c.tag_ in {"VBD", "VBZ", "VBP"}
        and c.lower_ not in said
        and c.i not in quoted
        for c in root.children
    )


# A noun whose "that" clause says what it is: without it, "dismissed fears" fears nothing.
_CONTENT_NOUN = re.compile(
    r"\b(fears?|claims?|suggestions?|reports?|concerns?|warnings?|accusations?|allegations?|"
    r"speculation|rumou?rs?|criticism|hopes?|doubts?|worries|belief|notion)\b"
    r"(?:\s+(?:from|among|by|of)\s+[^,.;]{1,40}?)?\s+that\b"
)


def headline_clause(
    text: str,
    drop: list[str] | None = None,
    prep: Prepared | None = None,
    limit: int = CLAUSE_MAX_WORDS,
    target: int = CLAUSE_TARGET_WORDS,
) -> str | None:
    """The main clause of a headline sentence, for the close, from its dependency parse: the
    subject, the verb and its complements, without asides (appositions, parentheses, relative
    and adverbial clauses), a second coordinated clause, adverbs of the verb and phrases of
    time (the close gives the day) or circumstance; a verb's, then a noun's, last prepositional
    phrases go while it is longer than ``limit``. A report after what it reports ("Y, X says")
    is said first. None when fewer than ``CLAUSE_MIN_WORDS`` words are left, when the subject
    or an object is a pronoun with no name before it, when a phrase of time it loses bounds a
    superlative or a change ("its weakest level since last spring", "risen by 60% since the
    start of the year"), or the sentence quotes. ``drop`` (the sentence's relative dates) is left
    out first. Phrases inside the subject go while it is longer than ``target``."""
    t = " ".join(text.split())
    for phrase in drop or []:
        # ", on Tuesday," goes with one comma; "room on Tuesday, many in scrubs" keeps its comma
        p = rf"(?:(?:late|early)\s+)?{re.escape(phrase)}"  # "late [on Friday]" goes whole
        t, n = re.subn(rf"\s*,\s*\b{p}\b\s*,", ",", t, count=1)
        if not n:
            t = re.sub(rf"\s*,?\s*\b{p}\b", "", t, count=1)
    if t[:1] in "\"“'‘":
        return None  # a quotation first: whose words the clause would say is unclear
    parts = _clause_parts(t, limit, target)
    if parts is None:
        return None
    head, rest, head_common, rest_common = parts
    if (
        rest
        and not _capitals(rest.split()[0])
        and (
            (rest_common and not written_as_name(rest.split()[0], prep))
            or _common_word(rest.split()[0], prep)
        )
    ):
        rest = rest[:1].lower() + rest[1:]
    clause = f"{head} {rest}" if rest else head
    words = clause.split()
    if clause.count("(") != clause.count(")") or _HALF_DASH.search(clause):
        return None  # "sections 212(f", "Wales - and did not seem": an aside the parse cut
    if _FINDING.search(t) and "according to" not in clause:
        return None  # "Gov. Cuomo sexually harassed multiple women[, according to a report]"
    if _lost_verb(t, clause):
        return None  # "legislation needed to implement a treaty [unanimously passed the Senate]"
    content = _CONTENT_NOUN.search(t)
    if content and " that " not in clause and re.search(rf"\b{content.group(1)}\b", clause):
        return None  # "dismissed fears from some Conservatives [that his plans ...]": of what?
    if re.search(r"\bneither\b", clause, re.I) and not re.search(r"\bnor\b", clause, re.I):
        return None  # "there is neither evidence that ... [nor ...]": half a pair says the opposite
    if len(words) < CLAUSE_MIN_WORDS or _RELATIVE.search(clause):
        return None
    if words[-1].lower() in _REPORTING or words[-1].lower() in _DANGLING:
        return None
    first = words[0]
    # "President Bill Clinton", "New York Gov. ...": a title or a name before a name keeps its
    # capital; a description before a person's name does not (graded "and Gymnast ...")
    named = len(words) > 1 and words[1][:1].isupper()
    described = named and describes_person(clause, first, prep)
    titled = named and first.lower() not in _LOWER_BEFORE_NAMES and not described
    common = (head_common and not written_as_name(first, prep)) or _common_word(first, prep)
    if (
        (first == "A" or first[1:2].isalpha())
        and not _capitals(first)  # "MPs have urged ...", not "mps"
        and ((common and not titled) or described)
    ):
        clause = first.lower() + clause[len(first) :]
    return clause


def _described_name(subjects: list[Any]) -> bool:
    """Whether two subjects the parse gave are one: a common noun right before a name ("Greek
    sprinters Kostas Kenteris and Katerina Thanou have been suspended")."""
    if len(subjects) != 2:
        return False
    first, second = sorted(subjects, key=lambda t: t.i)
    return (
        first.pos_ == "NOUN"
        and second.pos_ == "PROPN"
        and max(t.i for t in first.subtree) + 1 == min(t.i for t in second.subtree)
    )


def _capitals(word: str) -> bool:
    """Whether ``word`` is written with a capital after its first letter ("MPs", "NGOs",
    "iPod"): no sentence case to undo."""
    return any(ch.isupper() for ch in word[1:])


def _quoted(doc: Any) -> set[int]:
    """The tokens inside quotation marks ("takes "decisive and verifiable" steps")."""
    inside: set[int] = set()
    open_ = False
    for tok in doc:
        if tok.text in {'"', "“", "”"}:
            open_ = tok.text == "“" or (tok.text == '"' and not open_)
            continue
        if open_:
            inside.add(tok.i)
    return inside


def _own_phrase(tok: Any) -> bool:
    """Whether a participle heads a phrase of the verb's after the clause ("agreed to accept
    flights from the United States [carrying migrants ...]" as the parse reads it), not a word of
    a noun phrase: after a name, which it cannot say which thing is. One after a common noun
    says which thing that is ("in fighting crime involving firearms", parsed as the same
    adverbial clause) and stays."""
    return (
        tok.dep_ == "advcl"
        and tok.i > 0
        and tok.doc[tok.i - 1].pos_ == "PROPN"
        and any(c.dep_ == "dobj" for c in tok.children)
    )


@lru_cache(maxsize=4096)
def _clause_parts(
    t: str, limit: int, target: int = CLAUSE_TARGET_WORDS
) -> tuple[str, str, bool, bool] | None:
    """:func:`headline_clause` before its first words are cased: (what is said first, what
    follows it in a report said the other way round, whether each opens with a common word by
    its part of speech). Cached: a plan names its strands twice when it refills, and a repeated
    topic asks for the same headline sentences again."""
    doc = parse_sentence(t)
    root = next(iter(doc.sents)).root if len(doc) else None
    if root is None or root.pos_ not in _VERBAL:
        return None
    subjects = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}]
    if len(subjects) != 1 and not _described_name(subjects):
        return None  # no subject, or two (a parse gone wrong)
    order = _clause_of(root, limit, target)
    if order is None:
        return None
    # a currency sign the parse hung elsewhere goes with its amount ("how £2bn ... is spent")
    head, then = ([*p, *{i - 1 for i in p if i and doc[i - 1].tag_ == "$"} - {*p}] for p in order)
    if not CLAUSE_MIN_WORDS <= _words(doc, {*head, *then}) <= limit:
        return None
    kept = {*head, *then}
    if kept & _quoted(doc):
        return None  # a quotation's words are the speaker's: never said as the close's own
    for i in kept:
        tok = doc[i]
        if tok.dep_ == "conj" and verbal_pos(tok) and not verbal_pos(tok.head):
            return None  # a verb joined to a noun: a parse gone wrong ("time and again insisted")
        if tok.dep_ == "case" and i + 1 < len(doc) and i + 1 not in kept:
            return None  # a possessive without what is possessed ("Mexico's blocked")
        main = tok.i == root.i or (tok.dep_ == "ccomp" and tok.head.i == root.i)
        if main and any(
            c.dep_ == "advcl"
            and c.i not in kept
            and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in c.children)
            for c in tok.children
        ):
            return None  # the claim without its condition ("the tariff would take effect [if
            # ...]"); a condition inside a phrase ("the date on which ... unless ...") may go
        if i > 0 and doc[i - 1].tag_ == "$" and i - 1 not in kept:
            return None  # an amount without its currency ("how 2bn in licence fee money")
        if not tok.whitespace_ and i + 1 < len(doc) and i + 1 not in kept:
            if not doc[i + 1].is_punct:
                return None  # a written word cut ("$5m" said as "$5")
        if tok.dep_ == "conj" and any(
            c.dep_ == "cc" and tok.head.i < c.i < tok.i and c.i not in kept
            for c in tok.head.children
        ):
            return None  # a list without its "and" ("to track fentanyl the precursor chemicals")
        start = min(t.i for t in tok.subtree)
        if (
            tok.dep_ == "ccomp"
            and start > 0
            and start - 1 not in kept
            and not doc[start - 1].is_punct
        ):
            return None  # a clause after a cut ("backed the report [amid claims] he was ...")
    if not _whole(doc, kept, root):
        return None
    if any(
        t.dep_ == "conj" and t.i not in kept and t.head.i in kept and t.head.i in subject_ids
        for t in doc
        for subject_ids in [{x.i for c in subjects for x in c.subtree}]
    ):
        return None  # "Kenteris [, the champion, and Thanou] face ...": one of a pair dropped
    last = max(i for i in kept if not doc[i].is_punct)
    if re.sub(r"s$", "", doc[last].lower_) in _NEEDS_COMPLEMENT and last + 1 < len(doc):
        if not doc[last + 1].is_punct:
            return None  # "resisted calls" without "for him to name the day"
    after = last + 1
    while (
        after < len(doc) and doc[after].dep_ == "advmod" and doc[after].lower_ in _DROPPED_ADVERBS
    ):
        after += 1  # "said here.": an adverb the clause drops ends nothing
    if after == len(doc) or doc[after].is_punct:
        pass
    elif last + 1 < len(doc):
        nxt = doc[last + 1]
        if (
            doc[last].pos_ == "VERB"
            and not nxt.is_punct
            and not _circumstance_after(doc[last], nxt)
        ):
            return None  # it would end on a verb its sentence goes on from ("its bid to reach")
        if nxt.pos_ in {"NOUN", "PROPN"} or (nxt.tag_ == "VBG" and not _own_phrase(nxt)):
            return None  # it would end inside a noun phrase ("to disrupt firearms")
        if doc[last].pos_ in {"NOUN", "PROPN"} and nxt.tag_ in {"VBZ", "VBD", "VBP", "MD"}:
            return None  # its last noun is the next verb's subject: "to check the forthcoming
            # UK general election [is fairly run]", the parse's second clause
        own = any(t.i == nxt.i for t in doc[last].subtree)
        if own and doc[last].pos_ == "PROPN" and {"a", "an"} & {c.lower_ for c in doc[last].lefts}:
            return None  # "a"/"an" before a name wants a noun: "an FA Cup [upset]" (a "participle")
        if (
            own
            and not nxt.is_punct
            and not (nxt.dep_ == "prep" and (_place(nxt) or _time_phrase(nxt)))
            and not (nxt.lower_ in {"that", "which", "who"} and nxt.head.dep_ == "relcl")
            and not (nxt.dep_ == "prep" and nxt.head.dep_ == "relcl")  # "in which ..."
            and not (nxt.tag_ == "VBN" and nxt.dep_ == "acl")  # "an election backed by ..."
            and not _own_phrase(nxt)  # "flights ... carrying migrants from ..."
            and not (doc[last].pos_ == "VERB" and _circumstance_after(doc[last], nxt))
        ):
            return None  # its last word's own phrase goes on: "has denied allegations [his
            # officers are linked to ...]"
    named = False
    thing_named = False
    for i in head + then:
        tok = doc[i]
        if tok.pos_ == "PRON" and tok.dep_ != "poss" and tok.tag_ not in {"WDT", "WP"}:
            # (not a relative pronoun: "A Texas law that bans most abortions took effect")
            if tok.lower_ in _OBJECT_PRONOUN and tok.dep_ in {"dobj", "pobj", "dative"}:
                return None  # "will offer it": what is offered is elsewhere
            if not named and tok.dep_ in {"nsubj", "nsubjpass"}:
                return None  # "It said ...": the subject is elsewhere
            if tok.dep_ in {"nsubj", "nsubjpass"} and tok.lower_ in _THING_PRONOUNS:
                if tok.lower_ not in {"it", "they"} or not thing_named:
                    return None  # "Clare Short said it was the same statement": not her
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.lower_ in _QUANTIFIERS:
            return None  # "none of the studies", "many were frustrated": a set named elsewhere
        if tok.pos_ == "PROPN":
            named = True
            # "T-Mobile has announced it will carry ...": a thing named, "it" may be it
            thing_named = thing_named or tok.ent_type_ not in {"PERSON", ""}
    said = _in_order(doc, head) if then else _spoken(doc, set(head))
    rest = _spoken(doc, set(then)) if then else ""
    lead, reported = doc[head[0]], doc[then[0]] if then else None
    return (
        said,
        rest,
        lead.pos_ != "PROPN" and not lead.ent_type_,
        reported is not None and reported.pos_ != "PROPN" and not reported.ent_type_,
    )


def judges_only(clause: str) -> bool:
    """Whether a clause says only what something is, now ("Facebook is a national security
    risk", "the explosion, at a mosque, is the first major attack in the city"): a present "is"
    or "are" as its verb, with no figure and nothing to happen ("is to visit"), or any "be"
    saying what someone is ("was a product manager"). A judgment or a description; a story's
    headline fact tells who did what. So is what unnamed people of a kind think or expect
    ("most commentators have been expecting an election", "many analysts say ...")."""
    roots = [t for t in parse_sentence(clause) if t.dep_ == "ROOT"]
    if any(
        r.lower_.startswith(_THINK_OR_SAY)
        and c.dep_ == "nsubj"
        and c.tag_ == "NNS"
        and any(d.lower_ in _SOME_OF_A_KIND and d.i < c.i for d in c.children)
        for r in roots[:1]
        for c in r.children
    ):
        return True
    if re.search(r"\d", clause):
        return False
    if len(roots) != 1 or roots[0].lemma_ != "be":
        return False
    kids = list(roots[0].children)
    # what kind of thing someone or something is ("was a product manager"), in any tense
    kind = any(c.dep_ == "attr" and any(d.lower_ in ("a", "an") for d in c.children) for c in kids)
    if roots[0].tag_ not in {"VBZ", "VBP"}:
        return kind
    # or how it is, now (not where it stands, "gas stations are without fuel", nor which it is,
    # "the PlayStation Portable is the top gadget")
    return not any(c.dep_ == "xcomp" for c in kids) and (
        kind or any(c.dep_ == "acomp" for c in kids)
    )


def right_after_clause(text: str, clause: str, at: int) -> bool:
    """Whether ``at`` in ``text`` comes right after the stretch of it ``clause`` was made from
    ("added 850,000 new jobs [in June]"): a month said anywhere else is not the clause's time
    ("... trials and could be launched in 2005", "Apple, which opened its store in 2003, uses
    ...")."""
    last = clause.split()[-1] if clause.split() else ""
    end = text.rfind(last) + len(last) if last and last in text else -1
    return end >= 0 and at >= end and not text[end:at].strip()
