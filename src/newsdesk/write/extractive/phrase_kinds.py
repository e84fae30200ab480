"""Kinds of phrase the main clause (:mod:`.main_clause`) must keep whole or tell apart: a rate
("four flights a week"), the "until ..." of a negated verb, two verbs sharing one object, a
relative clause saying which thing its noun is, a possessive's mark."""

from __future__ import annotations

from typing import Any

_RATE_UNITS = frozenset("day week month year hour minute night quarter season".split())


def _rate(tok: Any) -> bool:
    """Whether a noun phrase says how often ("a week", "per day"), not when ("a week ago")."""
    return (
        tok.lower_ in _RATE_UNITS
        and any(c.dep_ == "det" and c.lower_ in {"a", "an", "per", "each"} for c in tok.children)
        and not any(c.dep_ == "advmod" for c in tok.children)
    )


_UNTIL = frozenset({"until", "till", "before"})


def _until_of_negated(tok: Any, child: Any) -> bool:
    """Whether ``child`` is an "until ..." phrase or clause of a negated verb ("not due to take
    effect until autumn 2006", "will not apply until the review ends")."""
    if child.dep_ == "prep":
        until = child.lower_ in _UNTIL - {"before"}
    elif child.dep_ == "advcl":
        until = any(c.dep_ == "mark" and c.lower_ in _UNTIL for c in child.children)
    else:
        return False
    return until and any(c.dep_ == "neg" for a in [tok, *tok.ancestors] for c in a.children)


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
    off the campaign"): on a common noun with "the" or "a", not set off by a comma, not a "which"
    clause."""
    head = relcl.head
    left = min(t.i for t in relcl.subtree)
    doc = relcl.doc
    if left == 0 or doc[left - 1].text == "," or doc[left].lower_ in {"which", "who", "whom"}:
        return False
    if head.pos_ == "PROPN":
        return False  # a name says which: "the Voting Rights Act [that bars ...]"
    # (or "a" on the subject: "A Texas law that bans most abortions took effect", not "A
    # Texas law took effect"; an object's says more about it, "struck down a moratorium ...")
    dets = {"the", "a", "an"} if head.dep_ in {"nsubj", "nsubjpass"} else {"the"}
    return any(c.dep_ == "det" and c.lower_ in dets for c in head.children)


def _defining_participle(noun: Any, acl: Any) -> bool:
    """Whether a participle right after "a" noun says which one it is: "a statement lambasting
    the politicization of ...", "an order blocking the ban" (without it, "released a
    statement" says nothing)."""
    return (
        acl.tag_ == "VBG"
        and acl.i == noun.i + 1
        and noun.pos_ == "NOUN"
        and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in noun.children)
    )


def _possessive(tok: Any) -> bool:
    """A possessive's mark the parse read as punctuation: "Texas’ near-total ban"."""
    if tok.text not in {"'", "’"} or tok.i == 0 or tok.head.i != tok.i - 1:
        return False
    before = tok.doc[tok.i - 1]
    return not before.whitespace_ and before.text[-1:] in {"s", "S"}


def _who_says_which(relcl: Any) -> bool:
    """Whether a "who" clause says which person "the" noun is: "the physician who announced
    ...", not set off by a comma."""
    left = min(t.i for t in relcl.subtree)
    doc = relcl.doc
    return (
        left > 0
        and doc[left - 1].text != ","
        and doc[left].lower_ in {"who", "whom", "whose"}
        and any(c.dep_ == "det" and c.lower_ == "the" for c in relcl.head.children)
    )


_DEGREE_WORDS = frozenset("too ahead earlier later before after early late".split())


def _degree(tok: Any) -> bool:
    """Whether a noun phrase measures the word after it ("a second too soon", "a week
    earlier"), not a time of its own."""
    end = max(t.i for t in tok.subtree) + 1
    return end < len(tok.doc) and tok.doc[end].lower_ in _DEGREE_WORDS


_SPAN_UNITS = frozenset(
    "day days week weeks month months year years hour hours minute minutes".split()
)


def _duration(prep: Any) -> bool:
    """Whether "after"/"within"/"before" bounds a claim by a length of time ("after around six
    weeks [of pregnancy]", "within 30 days"), not a day: a counted unit, no date."""
    if prep.lower_ not in {"after", "within", "before", "beyond", "under"}:
        return False
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    return any(
        o.lower_ in _SPAN_UNITS and any(c.dep_ == "nummod" for c in o.children) for o in objs
    )


def _place(prep: Any) -> bool:
    """Whether a prepositional phrase says where ("in Washington", "across the country")."""
    if prep.lower_ in {"in", "at", "across", "throughout", "around", "near", "inside"}:
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        return any(o.ent_type_ in {"GPE", "LOC", "FAC"} or o.lower_ in _PLACE_NOUNS for o in objs)
    return False


_PLACE_NOUNS = frozenset(
    "country nation region city state capital border area world legislature parliament chamber "
    "assembly congress senate statehouse capitol".split()
)


def _measure(tok: Any) -> bool:
    """Whether a noun phrase on a verb says by how much, not when: "rose [5.4 percent]",
    "fell [10 points]" (a number in it and no time: "[two weeks] ago" says when)."""
    return tok.ent_type_ not in {"DATE", "TIME"} and any(
        c.dep_ in {"nummod", "quantmod"} for c in tok.children
    )


def _most_of(tok: Any) -> bool:
    """Whether "most" says how many, not which is greatest: "bans [most] abortions", "[most]
    vaping products" (no "the" before it, a plural noun after it, or the noun's modifier),
    which no phrase of time bounds as it bounds "the most in 13 years"."""
    doc = tok.doc
    if tok.lower_ != "most" or (tok.i > 0 and doc[tok.i - 1].lower_ == "the"):
        return False
    if tok.i + 1 >= len(doc):
        return False
    nxt = doc[tok.i + 1]
    noun = nxt if nxt.tag_ in {"NNS", "NNPS"} else nxt.head
    return noun.tag_ in {"NNS", "NNPS"} and (nxt is noun or nxt.dep_ in {"compound", "amod"})


def _set_off_participle(verb: Any, child: Any) -> bool:
    """Whether a phrase after a comma or a dash on a verb is an aside: a participle once the
    verb has its complement ("admitted making his latest mistake ..., — apologizing by saying
    ...", graded: no clause, the aside's quotation went with it), or an adverb with a phrase of
    its own (", up 51,000 from the prior week": graded "totaled 419,000 up")."""
    doc = verb.doc
    start = min(t.i for t in child.subtree)
    if start <= verb.i or doc[start - 1].text not in {",", "—", "–", "--"}:
        return False
    if child.dep_ == "advmod":
        return any(True for _ in child.children)
    return (
        child.dep_ in {"xcomp", "advcl"}
        and child.tag_ == "VBG"
        and any(c.dep_ in {"dobj", "xcomp", "ccomp", "attr"} and c.i < start for c in verb.children)
    )
