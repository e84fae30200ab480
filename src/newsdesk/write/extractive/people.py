"""Who a sentence names, made to stand alone: a leading "He"/"She" replaced by the person the
sentence before names (:func:`find_repairs`), and a person named without a role given the role
their article gives them (:func:`role_repair`, :func:`with_role`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.briefing import Repair
from newsdesk.write.extractive.readability import _REPAIRABLE, person_without_role


def repairable_pronoun(text: str) -> str | None:
    """The leading pronoun a repair could replace ("He" / "She"), or None."""
    m = _REPAIRABLE.match(text)
    return m.group(1) if m else None


def find_repairs(pairs: Sequence[tuple[str, str]]) -> list[Repair | None]:
    """For each (previous sentence, sentence) pair, the repair that is certain, else None.

    Certain means: the sentence opens with "He" or "She", and the previous sentence of the
    same article names exactly one person (spaCy NER, two words or more) and no other person
    is named in either sentence. The replacement is that name as the article writes it.
    """
    out: list[Repair | None] = [None] * len(pairs)
    todo = [i for i, (prev, cur) in enumerate(pairs) if prev and repairable_pronoun(cur)]
    if not todo:
        return out
    import warnings

    from newsdesk.stories.entities import get_nlp

    nlp = get_nlp()
    texts = [pairs[i][0] for i in todo] + [pairs[i][1] for i in todo]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # spaCy's lemmatizer warns when NER runs alone
        docs = list(nlp.pipe(texts, batch_size=32))
    for k, i in enumerate(todo):
        prev_people = {e.text.strip() for e in docs[k].ents if e.label_ == "PERSON"}
        cur_people = {e.text.strip() for e in docs[k + len(todo)].ents if e.label_ == "PERSON"}
        if len(prev_people) != 1:
            continue
        name = next(iter(prev_people))
        name = re.sub(r"(?:'s|’s)$", "", name).strip()
        if len(name.split()) < 2 or any(p != name and name not in p for p in cur_people):
            continue
        if not re.search(rf"{re.escape(name)}(?!['’]s\b)", pairs[i][0]):
            # "Lord Butler has criticised the way Tony Blair's government operates" / "He also
            # attacked ...": the one person tagged is only a possessor, not who "he" is
            continue
        pronoun = repairable_pronoun(pairs[i][1])
        if pronoun:
            out[i] = Repair(original=pronoun, replacement=name)
    return out


# --------------------------------------------------------------------------------------------
# A person named without a role, repaired with the role the article gives them.

_ROLE_NOUNS = (
    r"(?:Ambassador|Secretary|Senator|Sen\.|Representative|Rep\.|Governor|Gov\.|Mayor|"
    r"Director|Administrator|Commissioner|Chairman|Chairwoman|Chair|President|Vice President|"
    r"Minister|Prime Minister|Chancellor|Advisor|Adviser|Coordinator|Spokesman|Spokeswoman|"
    r"Spokesperson|Judge|Justice|Attorney General|Attorney|Prosecutor|General|Gen\.|Admiral|"
    r"Adm\.|Chief|Leader|Speaker|Counsel|Officer|CEO|Executive|Czar|Envoy|Consul|Sheriff|"
    r"Commander|Superintendent|Deputy|Agent|Inspector|boss|manager|coach|captain|striker|"
    r"midfielder|defender|goalkeeper|keeper|winger|chief executive|chairman|spokesman)"
)
# (a word ending a sentence is none: "in Leeds. Shadow Chancellor Maria Delgado"; "U.S." and
# "Sen." are)
_ROLE_WORD = r"(?:[A-Z][\w'’\-]*(?![\w.])|(?:[A-Z]\.)+|[A-Z][a-z]{1,3}\.|of|for|and|the|on)"
_APPOSITIVE_ROLE = re.compile(
    r"(?i:ambassador|secretary|senator|representative|governor|mayor|director|administrator|"
    r"commissioner|chair(?:man|woman)?|president|minister|chancellor|advis[oe]r|coordinator|"
    r"spokes(?:man|woman|person)|judge|justice|attorney|prosecutor|general|admiral|chief|"
    r"leader|speaker|counsel|officer|executive|czar|envoy|consul|sheriff|commander|head|"
    r"founder|owner|professor|economist|analyst|researcher|lawyer|doctor|official|member|"
    r"manager|editor|reporter|chairman|ceo)"
)


def _full_name(name: str, article: str) -> str:
    """``name`` as the article writes it in full ("Pruett" -> "Douglas Pruett")."""
    if " " in name:
        return name
    m = re.search(rf"\b([A-Z][a-z]+\s+(?:[A-Z]\.\s+)?){re.escape(name)}\b", article)
    return (m.group(1) + name) if m else name


def article_role(name: str, article: str) -> tuple[str, str] | None:
    """The role ``article`` gives ``name`` and the form of the repair: ``("U.S. Ambassador",
    "before")`` from "U.S. Ambassador Douglas Pruett", ``("the U.S. ambassador to Mexico",
    "after")`` from "Douglas Pruett, the U.S. ambassador to Mexico, said". None without one."""
    full = _full_name(name, article)
    esc = re.escape(full)
    flat = " ".join(article.split())
    m = re.search(rf"((?:{_ROLE_WORD}\s+){{0,5}}?{_ROLE_NOUNS})\s+{esc}\b", flat)
    if m:
        role = re.sub(r"^(?:(?:of|for|and|the|on)\s+)+", "", m.group(1)).strip()
        if role and role[0].isupper():
            return role, "before"
    m = re.search(rf"\b{esc},\s+((?:the|a|an)\s+)?([^,;()]{{3,80}}?),", flat)
    if (
        m
        and _APPOSITIVE_ROLE.search(m.group(2))
        and len(m.group(2).split()) <= 12
        and not re.search(r"[a-z]{2}[.!?]\s", m.group(2))  # no sentence ends inside
    ):
        return (m.group(1) or "") + m.group(2), "after"
    return None


def role_repair(text: str, article: str, name: str | None = None) -> Repair | None:
    """A repair that gives the person ``text`` names without a role the role ``article``
    gives them, or None (no such person, or the article gives no role).

    ``name`` is the person (default: the one :func:`person_without_role` finds). The repair
    replaces the name's first mention in ``text`` (``at`` is its offset in ``text``, before any
    other repair of the sentence): "Douglas Pruett said ..." -> "[U.S. Ambassador Douglas
    Pruett] said ...", "Pruett said ..." -> "[Douglas Pruett, the U.S. ambassador to
    Mexico,] said ..." (renderers bracket the whole replacement). A role the sentence already
    gives (the words just before the name) is not repeated."""
    who = name or person_without_role(text)
    if not who:
        return None
    at = text.find(who)
    if at < 0:
        return None
    found = article_role(who, article)
    if found is None:
        return None
    role, where = found
    if role.lower() in text[max(0, at - len(role) - 2) : at].lower():
        return None
    full = _full_name(who, article)
    if where != "before" and text[at + len(who) : at + len(who) + 2] in ("'s", "’s"):
        return None  # "Flournoy's approach": an owner takes no role after it in commas
    if where == "before":
        replacement = f"{role} {full}"
    else:
        replacement = f"{full}, {role},"
        if text[at + len(who) : at + len(who) + 1] == ",":
            replacement = replacement[:-1]
    return Repair(original=who, replacement=replacement, at=at)


def with_role(repair: Repair, article: str) -> Repair:
    """A leading-pronoun repair (see :func:`find_repairs`) with the role the article gives the
    person: "He" -> "Douglas Pruett" becomes "He" -> "U.S. Ambassador Douglas Pruett". The
    repair as it was when the article gives no role."""
    if repair.original not in ("He", "She"):
        return repair
    fixed = role_repair(repair.replacement, article, name=repair.replacement)
    if fixed is None or fixed.at != 0:
        return repair
    return Repair(original=repair.original, replacement=fixed.replacement, at=repair.at)
