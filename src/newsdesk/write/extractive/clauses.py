"""The main clause of a sentence, from its dependency parse (spaCy): what the "Overall" close
names a strand by (:mod:`.close`). A clause keeps the subject, the verb and its complements and
leaves out asides; it is whole (no phrase cut short, no word left hanging) or there is none."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.openers import _common_word, parse_sentence

CLAUSE_MAX_WORDS = 18
CLAUSE_MIN_WORDS = 6
CLAUSE_SHORT_WORDS = 10  # a clause that would restate its sentence is tried again this short
CLAUSE_TARGET_WORDS = 12  # a longer clause loses the phrases inside its subject first
_REPORTING = frozenset(
    "announced said says reported told added noted stated warned claimed confirmed revealed "
    "declared explained".split()
)
_RELATIVE = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|now|recently|currently|(?:this|last|next)\s+"
    r"(?:week|weekend|month|year|spring|summer|fall|autumn|winter|morning|evening))\b",
    re.IGNORECASE,
)


_DANGLING = frozenset(
    "on in at of to for by with from as the a an and or its their his her are is was were be "
    "been has have had will would".split()
)


# Dependents that carry a clause or an aside of their own: never part of the main clause.
_ASIDE = frozenset(
    "relcl acl appos advcl parataxis dep discourse intj meta npadvmod punct mark cc preconj".split()
)
# Prepositions of circumstance: a prepositional phrase they open is no part of the core fact.
_CIRCUMSTANCE = frozenset(
    "during amid after before despite because following since until throughout while over "
    "ahead like unlike besides including".split()
)
_TIME_ENTS = frozenset({"DATE", "TIME"})
# Prepositional phrases that belong to their verb ("take older voters for granted").
_IDIOMS = frozenset(
    {"for granted", "into account", "into effect", "in place", "on hold", "in charge", "at risk"}
)
# Adverbs of the verb that go: those of time or of the discourse (the close gives the day and
# joins the strands itself). Every other adverb stays: "always", "again", "only", "nearly" or
# "unremittingly" are part of the claim ("69% say they always vote").
_DROPPED_ADVERBS = frozenset(
    "also now recently currently today tonight yesterday tomorrow previously earlier later then "
    "here however meanwhile subsequently eventually finally initially first last already still "
    "separately additionally moreover furthermore instead thus therefore so".split()
)
# Nouns whose source a "by"/"from"/"for" phrase gives: it stays with them.
_SOURCE_NOUNS = frozenset(
    "research study survey report analysis poll figures data estimate estimates review "
    "statement forecast".split()
)
# Nouns that say little without what follows them ("calls for him to name the day"): a clause
# never ends on one the sentence goes on to complete.
_NEEDS_COMPLEMENT = frozenset(
    "call plan effort demand talk bid push move pressure proposal attempt hope fear concern "
    "question claim step measure way need right decision promise pledge threat warning reason "
    "allegation sign".split()
)
_LIST_TAIL = frozenset({"more", "others", "so", "elsewhere"})  # ", and more"
_LOWER_BEFORE_NAMES = frozenset("the a an this that these those some many most".split())
_THING_PRONOUNS = frozenset("it they this that these those".split())
_QUANTIFIERS = frozenset("none many some most few several all both each others one".split())
_OBJECT_PRONOUN = frozenset("it them this that these those him her".split())
_REPORTING_FORMS = frozenset(
    {
        form
        for base in (
            "announce report add note state warn claim confirm reveal declare explain "
            "estimate insist argue predict learn understand"
        ).split()
        for form in (base, base + "s", base + "d", base + "ed")
    }
    | {"say", "says", "said", "tell", "tells", "told", "learnt", "understood"}
)


# "the number of students [expelled for ...]": a count of what a participle says which
_COUNT_NOUNS = frozenset("number share percentage proportion rate amount count total".split())
_NP_DEPS = frozenset("compound amod nummod det quantmod poss nmod".split())
_COMPLEMENTS = frozenset("dobj attr acomp xcomp ccomp oprd prep dative agent".split())
_VERBAL = frozenset({"VERB", "AUX"})


def _time_phrase(tok: Any) -> bool:
    """Whether a prepositional phrase says when: its object's noun phrase (not the clauses
    hanging on it) holds a date or time entity, a weekday or "today"."""
    objs = [c for c in tok.children if c.dep_ in {"pobj", "pcomp"}]
    todo, seen = list(objs), []
    while todo:
        t = todo.pop()
        seen.append(t)
        todo.extend(c for c in t.children if c.dep_ in _NP_DEPS)
    return any(t.ent_type_ in _TIME_ENTS or _RELATIVE.fullmatch(t.text) for t in seen)


def _core(root: Any) -> set[int]:
    """The token indices of ``root``'s main clause: its subject, verb and complements, without
    asides, subordinate and coordinated clauses, adverbs of the verb, phrases of time or
    circumstance, and a phrase before the subject."""
    keep: set[int] = set()
    subject = [c.i for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}]
    in_subject = {
        t.i
        for h in [root, *(c for c in root.children if c.dep_ == "ccomp")]
        for c in h.children
        if c.dep_ in {"nsubj", "nsubjpass"}
        for t in c.subtree
    }

    def walk(tok: Any) -> None:
        keep.add(tok.i)
        verbal = tok.pos_ in _VERBAL
        for child in tok.children:
            dep = child.dep_
            if (
                dep == "npadvmod"
                and verbal
                and child.ent_type_ in _TIME_ENTS
                and not any(c.dep_ in {"dobj", "ccomp", "xcomp", "attr"} for c in tok.children)
                and any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children)
            ):
                walk(child)  # "to name 5 May as election day": the date is what is named
                continue
            if (
                dep == "appos"
                and child.pos_ == "PROPN"
                and tok.pos_ == "NOUN"
                and not any(t.is_punct for t in tok.doc[min(tok.i, child.i) : max(tok.i, child.i)])
            ):
                walk(child)  # "the Israeli peace group Peace Now": the name of the group
                continue
            if dep == "cc" and not verbal:
                walk(child)  # "and" in a list of names
                continue
            if (
                dep == "acl"
                and tok.dep_ == "attr"
                and any(c.dep_ == "expl" for c in tok.head.children)
            ):
                walk(child)  # "there are no fentanyl labs operating in Mexico"
                continue
            if dep == "relcl" and _restrictive(child):
                walk(child)  # "the performance that kicked off the campaign"
                continue
            if (
                dep == "amod"
                and child.i > tok.i
                and (tok.doc[child.i - 1].text == "," or tok.pos_ not in {"NOUN", "PROPN"})
            ):
                continue  # an adjective after its noun is an aside ("Yunnan Province, rich in")
            # (without a comma it says which: "in doses high enough to have dangerous
            # consequences", not "in doses")
            if (
                dep == "prep"
                and verbal
                and child.i > tok.i
                and child.i > 0
                and tok.doc[child.i - 1].text == ","
            ):
                continue  # set off by a comma: ", with some users known to have taken ..."
            if verbal and _second_object(tok, child):
                continue  # a second "object" after a comma is an aside: ", many in scrubs,"
            if (
                dep == "acl"
                and child.i == tok.i + 1
                and tok.pos_ in {"NOUN", "PROPN"}
                and child.tag_ == "VBN"
                and tok.i in in_subject
                and tok.dep_ == "pobj"
                and tok.head.lower_ == "of"
                and tok.head.head.lower_ in _COUNT_NOUNS
            ):
                # in the subject it says which: "the number of students expelled for bringing
                # a gun dropped" (without it, "the number of students dropped")
                walk(child)
                continue
            if dep in {"acl", "relcl"} and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children
            ):
                walk(child)  # "in talks to buy the assets", "a task force to track fentanyl"
                continue
            if (
                dep == "advcl"
                and verbal
                and child.i > tok.i
                and child.pos_ in _VERBAL
                and tok.doc[min(x.i for x in child.subtree) - 1].text != ","
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
                and not any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in child.children)
            ):
                walk(child)  # what it is for: "committed to continue joint work to dismantle ..."
                continue
            if dep in _ASIDE and not (dep == "mark" and child.lower_ == "that" and tok is not root):
                continue
            if dep == "conj" and verbal and child.pos_ in _VERBAL:
                if _shares_object(tok, child):
                    # "to reach and rescue the 118 sailors": one object for both verbs
                    walk(child)
                    for c in tok.children:
                        if c.dep_ == "cc" and tok.i < c.i < child.i:
                            keep.add(c.i)
                continue  # a second clause or predicate
            if dep == "advmod" and verbal and child.lower_ in _DROPPED_ADVERBS:
                continue
            if dep == "prep" and child.lower_ == "since" and verbal and _time_phrase(child):
                # "have stopped delivering babies since 2020": the claim's span, whole
                keep.update(t.i for t in child.subtree)
                continue
            if dep == "prep" and (
                child.lower_ in _CIRCUMSTANCE or (child.lower_ != "as" and _time_phrase(child))
            ):
                continue
            if (
                dep == "prep"
                and tok is root
                and subject
                and child.i < min(subject)
                and child.lower_ != "among"
            ):
                # "With millions of Chinese trying to survive, the leadership ..."; but "among
                # teen-age males, steroid use had remained stable" says of whom it holds
                continue
            walk(child)

    walk(root)
    return _tidy(root.doc, keep)


def _second_object(verb: Any, obj: Any) -> bool:
    """Whether ``obj`` is a verb's second "object" set off by a comma, an aside the parse took
    for an object ("filled a hearing room, many in scrubs, as ...")."""
    doc = verb.doc
    end = max(t.i for t in obj.subtree)
    closed = end + 2 < len(doc) and doc[end + 1].text == ","
    return (
        obj.dep_ == "dobj"
        and any(c.dep_ == "dobj" and c.i < obj.i for c in verb.children)
        and doc[min(t.i for t in obj.subtree) - 1].text == ","
        and closed
        and doc[end + 2].lower_ not in {"and", "or"}  # ", grants ..., and family ...": a list
    )


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


def _complement(tok: Any, root: Any) -> bool:
    """Whether ``tok`` completes the verb ``root`` (an object, a complement, a phrase that is
    not of time or circumstance and follows it): without one, "Talks to end the strike
    collapsed" is whole."""
    if tok.dep_ not in _COMPLEMENTS:
        return False
    if tok.dep_ == "prep":
        return tok.i > root.i and tok.lower_ not in _CIRCUMSTANCE and not _time_phrase(tok)
    return True


def _shares_object(verb: Any, conj: Any) -> bool:
    """Whether two coordinated verbs share the second one's object ("to reach and rescue the
    sailors"): the first has no object or complement and nothing stands between them but
    "and"/"or"."""
    if any(c.dep_ in {"dobj", "attr", "acomp", "xcomp", "ccomp", "prep"} for c in verb.children):
        return False
    between = verb.doc[verb.i + 1 : conj.i]
    return (
        len(between) == 1
        and between[0].lower_ in {"and", "or"}
        and any(c.dep_ == "dobj" for c in conj.children)
    )


def _restrictive(relcl: Any) -> bool:
    """Whether a relative clause says which thing its noun is ("the performance that kicked
    off the campaign"): on a noun with "the", not set off by a comma, not a "which" clause."""
    head = relcl.head
    left = min(t.i for t in relcl.subtree)
    doc = relcl.doc
    if left == 0 or doc[left - 1].text == "," or doc[left].lower_ in {"which", "who", "whom"}:
        return False
    return any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)


def _tidy(doc: Any, keep: set[int]) -> set[int]:
    """``keep`` with each listed name only beside what joins it to its list ("fentanyl and the
    precursor chemicals" under a dropped clause leaves "the precursor chemicals" hanging), no
    "and" left without its list, no ", and more" tail, and the commas of a list and hyphens
    inside a name where both neighbours stay."""
    # punctuation goes, but not a percent sign or a plural's possessive ("the companies'")
    keep = {i for i in keep if not doc[i].is_punct or doc[i].text == "%" or doc[i].dep_ == "case"}
    for t in doc:
        if t.i in keep and t.dep_ == "conj" and not verbal_pos(t):
            left = min(x.i for x in t.subtree)
            j = left - 1
            while j >= 0 and doc[j].text in {",", "and", "or"}:
                j -= 1
            tail = t.lower_ in _LIST_TAIL and not any(i > max(x.i for x in t.subtree) for i in keep)
            if j == left - 1 or j < 0 or j not in keep or tail:
                keep -= {x.i for x in t.subtree}
    for t in doc:
        if (
            t.i in keep
            and t.dep_ == "cc"
            and not any(c.dep_ == "conj" and c.i in keep for c in t.head.children)
        ):
            keep.discard(t.i)
    for t in doc:
        if t.i - 1 in keep and t.i + 1 in keep:
            if t.text in {"-", "/", "&", ","}:
                # a comma between two kept words stays ("faster, better or funkier hardware",
                # "energy deals, part of a pact")
                keep.add(t.i)
    return keep


def _words(doc: Any, keep: set[int]) -> int:
    return sum(1 for i in keep if not doc[i].is_punct and doc[i].dep_ != "case")


def verbal_pos(tok: Any) -> bool:
    return bool(tok.pos_ in _VERBAL)


def _bound(prep: Any) -> bool:
    """Whether a prepositional phrase is part of its noun or verb: "numbers of schools", a name
    ("Bureau of Indian Affairs", "Strategy to Prevent Addictions"), "for granted", whose a
    study is ("research by handset maker Nokia")."""
    if prep.lower_ == "of":
        return True
    if prep.lower_ in {"by", "from", "for"} and prep.head.lower_ in _SOURCE_NOUNS:
        return True  # "research by handset maker Nokia": whose research it is
    nxt = prep.nbor(1).lower_ if prep.i + 1 < len(prep.doc) else ""
    if f"{prep.lower_} {nxt}" in _IDIOMS:
        return True
    objs = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
    return prep.head.pos_ == "PROPN" and any(
        o.pos_ == "PROPN" or any(x.pos_ == "PROPN" for x in o.subtree) for o in objs
    )


def _place(prep: Any) -> bool:
    """Whether a prepositional phrase says where ("in Washington", "across the country")."""
    if prep.lower_ in {"in", "at", "across", "throughout", "around", "near", "inside"}:
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        return any(o.ent_type_ in {"GPE", "LOC", "FAC"} or o.lower_ in _PLACE_NOUNS for o in objs)
    return False


_PLACE_NOUNS = frozenset("country nation region city state capital border area world".split())


def _trim(root: Any, keep: set[int], limit: int, target: int = CLAUSE_TARGET_WORDS) -> set[int]:
    """``keep`` without its rightmost prepositional phrases until it is at most ``limit``
    words: first those inside the subject ("Record numbers of schools across the UK"), which
    also go while it is longer than ``target``; then those of a verb that has an object; then
    those of other nouns."""
    keep = set(keep)
    doc = root.doc
    # the subject, and the subject of what a report reports ("Dockworkers and operators at
    # the Port of Calder reached ..., both sides said")
    heads = [root, *(c for c in root.children if c.dep_ == "ccomp")]
    subject = {
        t.i
        for h in heads
        for c in h.children
        if c.dep_ in {"nsubj", "nsubjpass"}
        for t in c.subtree
    }
    while _words(doc, keep) > target:
        preps = [t for t in doc if t.i in keep and t.dep_ == "prep" and t.head.i in keep]
        preps = [t for t in preps if not _bound(t)]
        # (not a phrase of a participle kept to say which: "students expelled [for ...]")
        inside = [t for t in preps if t.head.i in subject and t.head.dep_ != "acl"]
        verbal = [
            t
            for t in preps
            if verbal_pos(t.head)
            and (
                t.head.dep_ in {"pcomp", "advcl"}  # "for granted in the coming election"
                or any(
                    c.i in keep and c.dep_ in {"dobj", "attr", "acomp", "xcomp"}
                    for c in t.head.children
                )
            )
        ]
        nominal = [t for t in preps if not verbal_pos(t.head)]
        # beyond the subject, only a phrase of place goes: another would change the claim
        # ("using their mobile phone" without "for every call")
        verbal = [t for t in verbal if _place(t)]
        nominal = [t for t in nominal if _place(t)]
        if _words(doc, keep) <= limit:
            verbal = nominal = []
        if not (inside or verbal or nominal):
            break
        victim = max(inside or verbal or nominal, key=lambda t: t.i)
        cut = keep - {t.i for t in victim.subtree}
        tidy = _tidy(doc, cut)
        if _words(doc, tidy) < _words(doc, cut):
            break  # the cut would break a list: no shorter clause
        keep = tidy
    return keep


def _clause_of(
    root: Any, limit: int, target: int = CLAUSE_TARGET_WORDS
) -> tuple[list[int], list[int]] | None:
    """The main clause of ``root`` trimmed to ``CLAUSE_MAX_WORDS``, as the token indices to say
    first and then: a report after what it reports ("Y, X says") is said first ("X says Y"),
    so the close never drops who said it. None when the verb keeps no complement ("the
    leadership worried") or lost its object ("set as the date")."""
    keep = _trim(root, _core(root), limit, target)
    kept = [c for c in root.children if c.i in keep]
    doc = root.doc
    for t in doc:
        if t.dep_ == "prep" and t.head.i in keep and t.i not in keep:
            bounded = t.lower_ == "since" or any(
                x.tag_ == "JJS" or x.lower_ in {"record", "most", "least"}
                for x in t.head.subtree
                if x.i in keep
            )
            if bounded and (t.lower_ == "since" or _time_phrase(t)):
                return None  # "its weakest level" without "since last spring"
    if not any(c.dep_ in _COMPLEMENTS for c in kept) and any(
        _complement(c, root) for c in root.children
    ):
        return None  # a complement it had went ("the leadership worried")
    for verb in (t for t in root.subtree if t.i in keep and verbal_pos(t)):
        lost = any(
            c.dep_ == "npadvmod" and c.i not in keep and c.ent_type_ in _TIME_ENTS
            for c in verb.children
        )
        if lost and not any(
            c.i in keep and c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "acomp"}
            for c in verb.children
        ):
            return None  # "is likely to name" without "5 May", "set as the date"
    if root.lower_ in _REPORTING_FORMS and not any(c.dep_ == "ccomp" for c in kept):
        return None  # "revealed in a survey": a report without what it reported
    reported = [c for c in kept if c.dep_ == "ccomp" and c.i < root.i]
    if reported:  # "Y, X says" / "Y, an analysis concludes"
        if not any(
            c.i in keep and c.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"}
            for c in reported[0].children
        ):
            return None  # what was reported lost its subject ("said is a national priority")
        said = {t.i for t in reported[0].subtree} & keep
        subject = {t.i for c in kept if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree}
        return sorted(subject & keep) + sorted(keep - said - subject), sorted(said)
    return sorted(keep), []


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
        p = re.escape(phrase)
        t, n = re.subn(rf"\s*,\s*\b{p}\b\s*,", ",", t, count=1)
        if not n:
            t = re.sub(rf"\s*,?\s*\b{p}\b", "", t, count=1)
    if re.search(r"[\"“”]", t) or t[:1] in "'‘":
        return None
    parts = _clause_parts(t, limit, target)
    if parts is None:
        return None
    head, rest, head_common, rest_common = parts
    if rest and (rest_common or _common_word(rest.split()[0], prep)):
        rest = rest[:1].lower() + rest[1:]
    clause = f"{head} {rest}" if rest else head
    words = clause.split()
    if clause.count("(") != clause.count(")"):
        return None  # "sections 212(f": a parenthesis the parse cut
    if len(words) < CLAUSE_MIN_WORDS or _RELATIVE.search(clause):
        return None
    if words[-1].lower() in _REPORTING or words[-1].lower() in _DANGLING:
        return None
    first = words[0]
    titled = (
        len(words) > 1 and words[1][:1].isupper() and first.lower() not in _LOWER_BEFORE_NAMES
    )  # "President Bill Clinton", "Gov. George W. Bush": a title before a name
    if (
        (first == "A" or first[1:2].isalpha())
        and (head_common or _common_word(first, prep))
        and not titled
    ):
        clause = first.lower() + clause[len(first) :]
    return clause


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
    if sum(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in root.children) != 1:
        return None  # no subject, or two (a parse gone wrong)
    order = _clause_of(root, limit, target)
    if order is None:
        return None
    head, then = order
    if not CLAUSE_MIN_WORDS <= _words(doc, {*head, *then}) <= limit:
        return None
    kept = {*head, *then}
    for i in kept:
        tok = doc[i]
        if tok.dep_ == "conj" and verbal_pos(tok) and not verbal_pos(tok.head):
            return None  # a verb joined to a noun: a parse gone wrong ("time and again insisted")
        if tok.dep_ == "case" and i + 1 < len(doc) and i + 1 not in kept:
            return None  # a possessive without what is possessed ("Mexico's blocked")
    if not _whole(doc, kept, root):
        return None
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
        if nxt.pos_ in {"NOUN", "PROPN"} or nxt.tag_ == "VBG":
            return None  # it would end inside a noun phrase ("to disrupt firearms")
        own = any(t.i == nxt.i for t in doc[last].subtree)
        if (
            own
            and not nxt.is_punct
            and not (nxt.dep_ == "prep" and (_place(nxt) or _time_phrase(nxt)))
            and not (nxt.lower_ in {"that", "which", "who"} and nxt.head.dep_ == "relcl")
            and not (nxt.dep_ == "prep" and nxt.head.dep_ == "relcl")  # "in which ..."
            and not (nxt.tag_ == "VBN" and nxt.dep_ == "acl")  # "an election backed by ..."
            and not (doc[last].pos_ == "VERB" and _circumstance_after(doc[last], nxt))
        ):
            return None  # its last word's own phrase goes on: "has denied allegations [his
            # officers are linked to ...]"
    named = False
    thing_named = False
    for i in head + then:
        tok = doc[i]
        if tok.pos_ == "PRON" and tok.dep_ != "poss":
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
