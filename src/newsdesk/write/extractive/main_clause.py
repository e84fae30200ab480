"""Which tokens of a sentence's dependency parse (spaCy) make its main clause, for the close's
clause (:mod:`.clauses`): :func:`_core` keeps the subject, the verb and its complements and
leaves out asides, subordinate and coordinated clauses, adverbs of the verb and phrases of time
or circumstance; :func:`_trim` drops prepositional phrases until the clause is short enough;
:func:`_clause_of` puts a report after what it reports first, or finds no clause. Nothing here
imports :mod:`.clauses`."""

from __future__ import annotations

import re
from typing import Any

from newsdesk.write.extractive.phrase_kinds import (
    _defining_participle,
    _degree,
    _duration,
    _measure,
    _most_of,
    _place,
    _possessive,
    _rate,
    _restrictive,
    _set_off_participle,
    _shares_object,
    _until_of_negated,
    _who_says_which,
)
from newsdesk.write.extractive.vague import vague_end as _vague_end

# (importable from :mod:`.clauses` too, beside the other clause lengths)
CLAUSE_TARGET_WORDS = 12  # a longer clause loses the phrases inside its subject first
# Relative dates ("today", "last week"): a phrase holding one says when.
_RELATIVE = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|now|recently|currently|(?:this|last|next)\s+"
    r"(?:week|weekend|month|year|spring|summer|fall|autumn|winter|morning|evening))\b",
    re.IGNORECASE,
)

# Dependents that carry a clause or an aside of their own: never part of the main clause.
_ASIDE = frozenset(
    "relcl acl appos advcl parataxis dep discourse intj meta npadvmod punct mark cc preconj".split()
)
# Prepositions of circumstance: a prepositional phrase they open is no part of the core fact.
_CIRCUMSTANCE = frozenset(
    "during amid after before despite because following since until throughout while over "
    "ahead like unlike besides including compared".split()
)
_TIME_ENTS = frozenset({"DATE", "TIME"})
_BOUNDED_WORDS = frozenset({"record", "most", "least", "only", "first", "last"})
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
_LIST_TAIL = frozenset({"more", "others", "so", "elsewhere"})  # ", and more"
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
_TELL_BY_OBJECT = {
    w for w in _REPORTING_FORMS if w[:6] in "announ reveal confir declar estima report"
}
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
            if _until_of_negated(tok, child):
                # "is not due to take effect [until autumn 2006]": without it, the opposite
                keep.update(t.i for t in child.subtree)
                continue
            if dep == "npadvmod" and (
                _rate(child)
                or tok.lower_ in {"worth", "old", "long"}
                or tok.dep_ == "amod"
                or (tok.tag_ == "VBG" and child.i == tok.i - 1)
                or (verbal and _measure(child))
            ):  # a rate: "four flights a week" is not "four flights"; an amount an adjective
                # needs: "a plan worth [5.5 billion pounds]"; a "[fund]-raising match"; a
                # gerund's subject: "to prevent [injury] destroying careers"
                walk(child)
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
            if dep == "acl" and _defining_participle(tok, child):  # "an order blocking it"
                walk(child)
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
                and not _closes_aside(tok, child.i - 1)
            ):
                continue  # set off by a comma: ", with some users known to have taken ..."
            if verbal and (_second_object(tok, child) or _set_off_participle(tok, child)):
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
            if (
                dep == "mark"
                and child.lower_ == "for"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
                and any(c.dep_ == "nsubj" and c.i > child.i for c in tok.children)
            ):
                walk(child)  # "an agreement for Mexico to receive ...": the clause needs it
                continue
            if dep == "npadvmod" and _degree(child):
                walk(child)  # "didn't come a second too soon", "a week earlier"
                continue
            if dep == "mark" and child.lower_ in {"whether", "if"} and tok.dep_ == "ccomp":
                walk(child)  # "to announce whether she will create ...": no claim without it
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
            if (
                dep == "prep"
                and verbal
                and ((child.lower_ == "since" and _time_phrase(child)) or _duration(child))
            ):
                # "have stopped delivering babies since 2020": the claim's span, whole;
                # "prohibits any abortion after around six weeks": its bound
                keep.update(t.i for t in child.subtree)
                continue
            if dep == "prep" and (
                # (nor "over" on a noun: "concerns over calls to expand ..." says about what)
                (
                    child.lower_ in _CIRCUMSTANCE
                    and not (child.lower_ in ("like", "over") and not verbal)
                )
                or (child.lower_ not in ("as", "of") and _time_phrase(child))
            ):  # ("drugs like fentanyl" says which drugs; "player of the year" which award)
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


def _closes_aside(verb: Any, comma: int) -> bool:
    """Whether the comma at ``comma`` closes an aside on the verb's object ("has landed Vail
    Resorts, the nation's largest ski area, in trouble": what follows still completes the
    verb)."""
    return any(
        a.dep_ == "appos" and max(t.i for t in a.subtree) == comma - 1
        for c in verb.children
        if c.dep_ in {"dobj", "attr", "oprd"}
        for a in c.children
    )


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


def _complement(tok: Any, root: Any) -> bool:
    """Whether ``tok`` completes the verb ``root`` (an object, a complement, a phrase that is
    not of time or circumstance and follows it): without one, "Talks to end the strike
    collapsed" is whole."""
    if tok.dep_ not in _COMPLEMENTS:
        return False
    if tok.dep_ == "prep":
        return tok.i > root.i and tok.lower_ not in _CIRCUMSTANCE and not _time_phrase(tok)
    return True


def _tidy(doc: Any, keep: set[int]) -> set[int]:
    """``keep`` with each listed name only beside what joins it to its list ("fentanyl and the
    precursor chemicals" under a dropped clause leaves "the precursor chemicals" hanging), no
    "and" left without its list, no ", and more" tail, and the commas of a list and hyphens
    inside a name where both neighbours stay."""
    # punctuation goes, but not a percent sign or a plural's possessive ("the companies'")
    keep = {i for i in keep if not doc[i].is_punct or doc[i].text == "%" or doc[i].dep_ == "case"}
    keep |= {t.i for t in doc if t.head.i in keep and _possessive(t)}  # "Texas’ [ban]"
    # "late [on Friday]": the word goes with its time
    keep -= {
        t.i
        for t in doc
        if t.i in keep
        and t.lower_ in {"late", "early"}
        and any(c.dep_ == "prep" and c.i not in keep for c in t.children)
    }
    for t in doc:
        if t.i in keep and t.dep_ == "conj" and not verbal_pos(t):
            left = min(x.i for x in t.subtree)
            j = left - 1
            while j >= 0 and doc[j].text in {",", "and", "or"}:
                j -= 1
            tail = t.lower_ in _LIST_TAIL and not any(i > max(x.i for x in t.subtree) for i in keep)
            if j == left - 1 or j < 0 or j not in keep or tail:
                keep -= {x.i for x in t.subtree}
            else:
                # its "and" stays with it, wherever the parse hung it ("to track fentanyl and
                # the precursor chemicals", the "and" read as the verb's)
                keep.update(k for k in range(j + 1, left) if doc[k].text != ",")
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
                # a comma between kept words stays ("faster, better", "deals, part of a pact")
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
        # (nor one holding an "and": "between Hamas militants [in Gaza and Israel]", the
        # parse's "Israel" may be the other side)
        preps = [t for t in preps if not _bound(t) and not any(x.dep_ == "conj" for x in t.subtree)]
        # (not a phrase of a participle kept to say which: "students expelled [for ...]")
        inside = [t for t in preps if t.head.i in subject and t.head.dep_ != "acl"]
        if _words(doc, keep) <= limit:  # in the limit, a place or an aside: "win [at Fulham]"
            inside = [t for t in inside if _place(t) or doc[t.i - 1].text == ","]  # says which
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
                (x.tag_ == "JJS" or x.lower_ in _BOUNDED_WORDS) and not _most_of(x)
                for x in t.head.subtree
                if x.i in keep
            )
            if bounded and (t.lower_ == "since" or _time_phrase(t)):
                return None  # "its weakest level" without "since last spring"
    for t in doc:
        if t.i not in keep and t.head.i in keep and _until_of_negated(t.head, t):
            return None  # "is not due to take effect" without "until autumn 2006"
        if t.dep_ == "relcl" and t.i not in keep and t.head.i in keep and _who_says_which(t):
            return None  # "lawsuits against the Texas physician [who announced ...]": which?
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
    if _vague_end(doc, keep):
        return None  # "with a side", "some of the actors", "could miss the rest"
    if root.lower_ in _REPORTING_FORMS and not any(
        c.dep_ == "ccomp" or (c.dep_ == "dobj" and root.lower_ in _TELL_BY_OBJECT) for c in kept
    ):
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
