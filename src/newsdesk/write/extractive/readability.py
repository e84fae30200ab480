"""Readability of extracted sentences: datelines, bylines, boilerplate, standalone checks, and
the one repair newsdesk makes (a leading he/she replaced by the person the previous sentence of
the same article names).

Nothing here rewrites the middle of a sentence. Stripping a dateline or a byline only moves the
start of the span, so the kept text is still a verbatim slice of the article. A repair replaces
a leading pronoun and is recorded as :class:`Repair`, so a verifier can undo it exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.briefing import Repair
from newsdesk.ingest.boilerplate import is_boilerplate

_LEADING_CONNECTIVE = re.compile(
    r"^(?:But|However|And|Also|Yet|Still|Moreover|Furthermore|Nevertheless|Nonetheless|Instead|"
    r"Thus|Therefore|Hence|So|Then|Meanwhile|Besides|Otherwise|Likewise|Similarly|Indeed|"
    r"Consequently|Accordingly|Or|Nor|Plus|Even so|In addition|In contrast|On the other hand|"
    r"As a result|For example|For instance|In fact|At the same time|After that|Even then|"
    r"That is why|This is why|Such|Other|Another|The other|The same|Both|Neither|"
    r"The latter|The former|Later|Afterwards|"
    # Definite descriptions that point back at something the previous sentence said.
    r"The (?:move|decision|announcement|comments?|remarks?|incident|latest|step|measure|"
    r"issue|problem|change|proposal|effort|development|situation|case|trend|deal|statement|"
    r"raid|plan|agreement|report|ruling|order|meeting|visit|operation|arrests?|seizure|"
    r"designation|talks|offer|pledge|vote|rule|deployment|delay|postponement)\b(?! of\b))\b"
)
# Pronouns (or demonstratives) that, opening a sentence, point back at something unnamed.
_LEADING_PRONOUN = re.compile(
    r"^(?:He|She|They|It|We|His|Her|Their|Its|Him|Them|This|These|Those|That|There,)\b"
)
_REPAIRABLE = re.compile(r"^(He|She)\b(?!['’])")
_SAY = r"(?:said|says|added|adds|told|asked|explained|noted|warned|wrote|argued|insisted|recalled)"
_ATTRIBUTION = re.compile(rf"\b{_SAY}\b|\baccording to\b", re.I)
# "..., he said." with nobody named: the speaker is lost outside the article.
_PRONOUN_ATTRIBUTION = re.compile(
    rf"^\W*(?:(?:he|she|they|we|i)\s+{_SAY}|{_SAY}\s+(?:he|she|they))\b", re.I
)
_PRONOUN_ATTRIBUTION_END = re.compile(
    rf",\W*(?:(?:he|she|they)\s+{_SAY}|{_SAY}\s+(?:he|she|they))"
    r"(?:\s+\w+){0,3}\W*$",
    re.I,
)

# Markdown or wiki markup left in the text: bold, links, headings, table rows.
_MARKUP = re.compile(r"\*\*|__|\]\(|^#|\|\s*\||^\s*>|[✅❌✔]")
# Numbered list items are mostly fragments ("22. Cut the number of ...").
_LIST_ITEM = re.compile(r"^\(?\d{1,3}[.)]\s")
# Interview and press-briefing transcripts: "Q ...", "MS. LEAVITT: ...".
_TRANSCRIPT = re.compile(
    r"^(?:Q[.:]?\s|(?:MR|MS|MRS|DR|SEN|REP)\.?\s+[A-Z][A-Za-z'’\-]+\s*:|[A-Z][A-Z'’. \-]{2,30}:\s)"
)

# A demonstrative in the opening clause points back at something an earlier sentence of the
# article said: "To follow through on this commitment, ...", "Under these agreements, ...".
# Time words are dates, not references ("this week", "that morning").
_TIME_WORDS = (
    r"(?:week|weekend|month|year|morning|afternoon|evening|night|spring|summer|fall|autumn|"
    r"winter|quarter|season|time|session|term|decade|century|past|coming|point|stage|moment|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)"
)
# Not references: "such as" (an example follows), "those who / those in ..." (a pronoun that a
# relative clause or a modifier defines), "... that the ..." after a preposition (a clause
# follows: "said on Fox that the law ...").
_NOT_REFERENCE = (
    r"(?:as\b|(?<=those\s)(?:who|whom|whose|which|that|in|of|with|at|from|on|under|over|for|"
    r"to|by|near|without|[a-z]+ed)\b|(?<=that\s)(?:the|a|an|it|he|she|they|we|i|you|his|her|"
    r"their|its|there|this|these)\b)"
)
_DEMONSTRATIVE = re.compile(
    rf"\b(?:this|these|those|such|"
    rf"(?i:on|of|in|for|to|with|at|by|from|under|after|before|despite|following)\s+that)"
    rf"\s+(?!{_TIME_WORDS}\b)(?!{_NOT_REFERENCE})[a-z]"
)

# A news service's photo or story budget line: a slug in capitals with its month-day code
# ("HARBOUR-TALKS-COX, 10-14 — ..."). What follows describes a picture or another story.
_BUDGET_SLUG = re.compile(r"\b[A-Z][A-Z0-9&]*(?:-[A-Z0-9&]+)+,\s*\d{1,2}-\d{1,2}\s*(?:—|–|--)")

_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")


def leans_on_context(text: str, *, anywhere: bool = False) -> bool:
    """Whether the sentence points back with a demonstrative at something it does not say: in
    its opening clause (before its first comma, within 15 words), or with ``anywhere``,
    anywhere outside quotations ("... established this trilateral Committee ...")."""
    if anywhere and _DEMONSTRATIVE.search(_QUOTED.sub(" ", text)):
        return True
    head, comma, _ = text.partition(",")
    if not comma or len(head.split()) > 15:
        return False
    return bool(_DEMONSTRATIVE.search(head))


MIN_WORDS = 8
MAX_WORDS = 55


def _quotes_balanced(text: str) -> bool:
    straight = text.count('"')
    opening = text.count("“")
    closing = text.count("”")
    return straight % 2 == 0 and opening == closing


def standalone_problem(
    text: str,
    *,
    min_words: int = MIN_WORDS,
    max_words: int = MAX_WORDS,
    strict_context: bool = False,
) -> str | None:
    """Why ``text`` cannot stand alone in a briefing, or None when it can.

    Pronoun openings are reported as ``"pronoun"`` so the caller can try a certain repair or
    keep the sentence right after its antecedent.
    """
    t = " ".join(text.split())  # a span may hold line breaks of a hard-wrapped source
    n = len(t.split())
    if not t:
        return "short"
    if _MARKUP.search(t):
        return "markup"
    if _LIST_ITEM.match(t):
        return "list item"
    if _TRANSCRIPT.match(t):
        return "transcript"
    if _BUDGET_SLUG.search(t):
        return "caption"
    if n < min_words:
        return "short"
    if n > max_words:
        return "long"
    if not t[0].isupper() and not t[0].isdigit() and t[0] not in "\"“'":
        return "fragment"
    if t.endswith("?") or t.rstrip("\"”'’ ").endswith("?"):
        return "question"
    if t[-1] not in ".!\"”'’)":
        return "unfinished"
    if re.search(r"(?:\.\.\.|…)[\"”'’)]*$", t):
        return "unfinished"  # a snippet cut off mid-sentence ("... over the...")
    if t.rstrip("\"”'’").endswith(":") or t.endswith(',"'):
        return "unfinished"
    if not _quotes_balanced(t):
        return "quote cut"
    if t[0] in "\"“'‘":
        # A quote stays only with its attribution, and the speaker must be named.
        tail = re.split(r"[\"”]", t)[-1]
        if _PRONOUN_ATTRIBUTION.search(tail):
            return "pronoun"
        if not _ATTRIBUTION.search(tail):
            return "unattributed quote"
        return None
    if _PRONOUN_ATTRIBUTION_END.search(t):
        return "pronoun"
    if _LEADING_CONNECTIVE.match(t):
        return "connective"
    if _LEADING_PRONOUN.match(t):
        return "pronoun"
    if leans_on_context(t, anywhere=strict_context):
        return "context"
    if is_boilerplate(t):
        return "boilerplate"
    if re.match(r"^\W*(?:[A-Z]{2,}\s*){3,}", t) and t.upper() == t:
        return "headline"
    return None


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
        pronoun = repairable_pronoun(pairs[i][1])
        if pronoun:
            out[i] = Repair(original=pronoun, replacement=name)
    return out


def apply_repair(text: str, repair: Repair) -> str:
    """``text`` with its leading pronoun replaced (``text`` must start with it)."""
    if not text.startswith(repair.original):
        raise ValueError("the repair does not match the sentence")
    return repair.replacement + text[len(repair.original) :]
