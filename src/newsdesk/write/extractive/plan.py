"""A reader's briefing planned as an editor would: from stories to strands, then filled.

The plan, before any sentence is chosen:

1. **Strands are stories.** The evidence articles are grouped by the store's story each
   belongs to; articles without one are grouped at brief time the way the store groups
   stories (:func:`newsdesk.stories.core.cluster` on title + lead vectors, words and names).
2. **Ranked** by relevance to the topic (the best of the story's sentences), coverage
   (independent outlets, then articles) and recency within the window. A budget of 100 words
   or fewer is the central story alone; up to 199 words, it and one or two more; from 200
   words, two to four strand paragraphs. The word budget is shared out by rank.
3. **The lead** is the central story's headline fact: the standalone sentence closest to what
   its articles' titles and first sentences share, early in its article. The "Reported
   between ..." line (no citations) comes first.
4. **Each strand** is filled by selection inside that story only (coverage of the story's
   concepts, redundancy against everything already chosen in the briefing), and shown in date
   order. A fact already stated anywhere in the briefing is not stated again
   (:func:`repeats`). When the strands span more than a month, a strand's first sentence
   carries its date.
5. **"Overall"** is a templated sentence naming each strand by its headline fact (a clause of
   its headline sentence), its first date and its outlet count, citing the headline sentence's
   articles.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from newsdesk.briefing import Briefing, BriefSentence, Citation, Paragraph, Repair
from newsdesk.reltime import find_dates, format_day
from newsdesk.write.extractive.arrange import _label, _sources, defined_first
from newsdesk.write.extractive.candidates import Prepared, embed_or_fallback
from newsdesk.write.extractive.dates import anchor_day, window_text
from newsdesk.write.extractive.pool import usable_candidates
from newsdesk.write.extractive.select import cite_all, select
from newsdesk.write.extractive.settings import BriefConfig
from newsdesk.write.extractive.words import STOPWORDS, tokens

WINDOW_WORDS = 9
CLOSE_WORDS_PER_STRAND = 16  # room kept for each strand the close names
CLOSE_MAX_STRANDS = 3
CLAUSE_MAX_WORDS = 16
LEAD_MAX_WORDS = 45  # a headline fact longer than this is a poor lead
MONTH_DAYS = 31
# Ranking: relevance ** REL_POWER times coverage (log outlets + ARTICLE_WEIGHT * log articles)
# times a recency factor.
REL_POWER = 0.5
ARTICLE_WEIGHT = 1.0
# A strand of two or more outlets opens with its headline fact chosen before selection; a
# one-outlet strand opens with the best of what selection chose in it.
HEADLINE_FIRST = True
BACKGROUND_MARGIN = 0.0  # cosine by which another strand's headline must be closer
_LAST: list[Strand] = []  # the last plan made (for inspection)


@dataclass
class Strand:
    """One story of the evidence as the plan sees it."""

    key: str
    docs: list[int]
    usable: list[int]  # usable candidates of its articles
    outlets: int  # independent sources (wire lineages count once)
    first: date | None
    last: date | None
    relevance: float = 0.0
    rank: float = 0.0
    chosen: list[int] = field(default_factory=list)
    side: list[int] = field(default_factory=list)  # usable sentences of stories attached to it
    side_docs: list[int] = field(default_factory=list)


LEAD_ONLY_WORDS = 100  # a budget of this many words or fewer is the lead alone


def strand_limits(words: int) -> tuple[int, int]:
    """(fewest, most) strand paragraphs for a budget: none at 100 words or fewer (the lead
    alone holds the central story), one or two below 200, two to four from 200."""
    if words <= LEAD_ONLY_WORDS:
        return 0, 0
    if words < 200:
        return 1, 2
    return 2, 4


# -- grouping ----------------------------------------------------------------------------------


def group_docs(prep: Prepared, embed: Callable[[list[str]], np.ndarray] | None = None) -> list[str]:
    """A story key for each doc: its store story, else a group found at brief time."""
    keys = [d.story_id or "" for d in prep.docs]
    loose = [k for k, key in enumerate(keys) if not key]
    if not loose:
        return keys
    if len(loose) == 1:
        keys[loose[0]] = f"g{loose[0]}"
        return keys
    from newsdesk.stories.core import ArticleFeatures, cluster, feature_text
    from newsdesk.stories.service import feature_records

    docs = [prep.docs[k] for k in loose]
    texts = [feature_text(d.title, d.text) for d in docs]
    vecs = embed_or_fallback(embed, texts)
    records = feature_records([(d.id, d.title, d.text) for d in docs])
    ids = {d.id for d in docs}
    feats = [
        ArticleFeatures(
            id=d.id,
            vector=np.asarray(v, dtype=np.float32),
            terms=dict(r.terms),
            keys=dict(r.keys),
            published=d.published,
            source=d.source,
            original_id=d.lineage_id if d.lineage_id in ids and d.lineage_id != d.id else None,
            lineage_id=d.lineage_id or d.id,
        )
        for d, v, r in zip(docs, vecs, records, strict=True)
    ]
    labels = cluster(feats)[1]
    for k, lab in zip(loose, labels, strict=True):
        keys[k] = f"g{lab}"
    return keys


def _outlets(prep: Prepared, docs: list[int]) -> int:
    """Independent outlets: wire lineages counted once, and lineages of one named outlet too
    (twenty White House documents are one outlet)."""
    seen: dict[str, str] = {}
    for d in sorted(docs, key=lambda d: prep.docs[d].id):
        seen.setdefault(prep.lineage[d], prep.docs[d].source or prep.lineage[d])
    return len(set(seen.values()))


def build_strands(prep: Prepared, keys: list[str], usable: list[int]) -> list[Strand]:
    """The stories with at least one usable sentence, ranked (best first)."""
    by_key: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        by_key.setdefault(key, []).append(k)
    use_by_doc: dict[int, list[int]] = {}
    for i in usable:
        use_by_doc.setdefault(prep.cands[i].doc, []).append(i)
    strands: list[Strand] = []
    for key, docs in by_key.items():
        mine = [i for d in docs for i in use_by_doc.get(d, [])]
        if not mine:
            continue
        days = [a for a in (anchor_day(prep.docs[d].published) for d in docs) if a is not None]
        strands.append(
            Strand(
                key=key,
                docs=docs,
                usable=mine,
                outlets=_outlets(prep, docs),
                first=min(days) if days else None,
                last=max(days) if days else None,
            )
        )
    if not strands:
        return []
    all_days = [s.last for s in strands if s.last is not None]
    lo = min(all_days) if all_days else None
    hi = max(all_days) if all_days else None
    for s in strands:
        rel = sorted((prep.cands[i].relevance for i in s.usable), reverse=True)
        s.relevance = float(np.mean(rel[:2]))
        coverage = math.log2(1 + s.outlets) + ARTICLE_WEIGHT * math.log2(1 + len(s.docs))
        recency = 0.5
        if lo is not None and hi is not None and s.last is not None and hi > lo:
            recency = (s.last - lo).days / (hi - lo).days
        s.rank = s.relevance**REL_POWER * coverage * (0.9 + 0.1 * recency)
    strands.sort(key=lambda s: (-s.rank, s.key))
    return strands


ATTACH_MIN_COS = 0.0  # a story joins a strand as a side of it from this centroid cosine up


def _centroid(prep: Prepared, s: Strand) -> np.ndarray:
    v = prep.vecs[s.usable].mean(axis=0)
    return np.asarray(v / (np.linalg.norm(v) or 1.0), dtype=np.float32)


def attach(prep: Prepared, strands: list[Strand], rest: list[Strand]) -> None:
    """Stories not planned as strands of their own join the strand they are closest to when
    close enough (``ATTACH_MIN_COS``): a strand is then a sub-topic, its selection draws on
    them too. A strand keeps its own headline fact (picked from its own story)."""
    if not strands or not rest:
        return
    cents = np.stack([_centroid(prep, s) for s in strands])
    for r in rest:
        if not r.key.startswith("g"):
            continue  # a story of the store stays a story of its own
        sims = cents @ _centroid(prep, r)
        k = int(np.argmax(sims))
        if float(sims[k]) >= ATTACH_MIN_COS:
            strands[k].side += r.usable
            strands[k].side_docs += r.docs


# -- the headline fact -------------------------------------------------------------------------


def _content(text: str) -> set[str]:
    return {t for t in tokens(text) if t not in STOPWORDS and len(t) > 2}


def headline_scores(prep: Prepared, strand: Strand, pool: list[int]) -> dict[int, float]:
    """How well each sentence of ``pool`` states what the story's articles' titles and first
    sentences share: its mean cosine to the other outlets' titles and first sentences (one
    per independent source), the share of the titles' words it holds, and how early it
    stands in its article."""
    cands, vecs = prep.cands, prep.vecs
    firsts: dict[str, int] = {}  # lineage -> its first standalone sentence
    titles: dict[str, str] = {}
    for i, c in enumerate(cands):
        if c.doc not in strand.docs or c.problem is not None:
            continue
        lin = prep.lineage[c.doc]
        if lin not in firsts or (c.index, c.doc) < (
            cands[firsts[lin]].index,
            cands[firsts[lin]].doc,
        ):
            firsts[lin] = i
            titles[lin] = prep.docs[c.doc].title
    lins = sorted(firsts)
    title_vecs = embed_or_fallback(prep.embed, [titles[x] for x in lins]) if lins else None
    title_words: dict[str, int] = {}
    for d in strand.docs:
        for w in _content(prep.docs[d].title):
            title_words[w] = title_words.get(w, 0) + 1
    total = sum(title_words.values()) or 1
    out: dict[int, float] = {}
    if len(lins) < 2:
        # One source: nothing shared to find; the selection's own score (relevance to the
        # topic, centrality, an early place in the article) decides.
        return {i: cands[i].score for i in pool}
    for i in pool:
        c = cands[i]
        own = prep.lineage[c.doc]
        rows = [k for k, x in enumerate(lins) if x != own] or list(range(len(lins)))
        if rows and title_vecs is not None and title_vecs.shape[1] == vecs.shape[1]:
            first_sim = vecs[[firsts[lins[k]] for k in rows]] @ vecs[i]
            title_sim = title_vecs[rows] @ vecs[i]
            lead_sim = float(np.mean((first_sim + title_sim) / 2))
        else:
            lead_sim = 0.5
        mine = _content(c.said)
        title = sum(n for w, n in title_words.items() if w in mine) / total
        position = 1.0 / (1.0 + c.index)
        out[i] = 0.4 * lead_sim + 0.25 * title + 0.15 * position + 0.2 * c.relevance
    return out


def headline(prep: Prepared, strand: Strand, pool: list[int]) -> int | None:
    """The sentence of ``pool`` that best states the story's headline fact."""
    if not pool:
        return None
    scores = headline_scores(prep, strand, pool)
    return max(pool, key=lambda i: (scores[i], -i))


# -- repeats -----------------------------------------------------------------------------------


_MONTH_DAY = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?"
)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*%?")


def _figures(text: str) -> set[str]:
    """The figures a sentence states (dates left out: they say when, not what)."""
    return set(_FIGURE.findall(_MONTH_DAY.sub(" ", text)))


def repeats(a: str, b: str, cos: float | None = None) -> bool:
    """Whether two sentences state the same fact: nearly the same meaning (cosine above 0.85),
    or most of the shorter one's content words (at least 60%, four or more) in the other with
    none of its figures missing there ("The Senate approved the bill ... by 69 to 30" is not
    "House leaders will take up the bill after the Senate vote")."""
    if cos is not None and cos > 0.85:
        return True
    wa, wb = _content(a), _content(b)
    # The shorter one must be (mostly) in the longer; of two as long, either way round.
    pairs = [(a, wa, wb, b)] if len(wa) <= len(wb) else []
    if len(wb) <= len(wa):
        pairs.append((b, wb, wa, a))
    for short, ws, wl, long_ in pairs:
        shared = ws & wl
        if len(shared) >= 4 and len(shared) >= 0.6 * len(ws) and _figures(short) <= _figures(long_):
            return True
    return False


def _repeats_any(prep: Prepared, sims: np.ndarray, i: int, others: list[int]) -> bool:
    return any(
        repeats(prep.cands[i].said, prep.cands[k].said, float(sims[i, k])) for k in others if k != i
    )


def _clash(prep: Prepared, sims: np.ndarray) -> Callable[[int, int], bool]:
    """Whether two candidates state the same fact (:func:`repeats`), remembered per pair."""
    memo: dict[tuple[int, int], bool] = {}

    def clash(a: int, b: int) -> bool:
        key = (a, b) if a < b else (b, a)
        if key not in memo:
            memo[key] = repeats(prep.cands[a].said, prep.cands[b].said, float(sims[a, b]))
        return memo[key]

    return clash


def _without_repeats(prep: Prepared, chosen: list[int], sims: np.ndarray) -> list[int]:
    kept: list[int] = []
    for i in chosen:
        if any(repeats(prep.cands[i].said, prep.cands[k].said, float(sims[i, k])) for k in kept):
            continue
        kept.append(i)
    return kept


# -- order and dates ---------------------------------------------------------------------------


def _day_of(prep: Prepared, i: int) -> str:
    return (prep.docs[prep.cands[i].doc].published or "")[:10]


def date_order(prep: Prepared, group: list[int]) -> list[int]:
    """Chronological (article date, then place in its article, then article: of one day's
    articles on a story, what they open with comes before their details, so a survey's
    introduction in one copy comes before its figures in another); among sentences of one
    day, a sentence spelling out an acronym comes before one using it."""
    group = sorted(
        group,
        key=lambda i: (
            _day_of(prep, i),
            prep.cands[i].index,
            prep.lineage[prep.cands[i].doc],
            prep.cands[i].doc,
        ),
    )
    out: list[int] = []
    k = 0
    while k < len(group):
        day = _day_of(prep, group[k])
        same = [i for i in group[k:] if _day_of(prep, i) == day]
        out += [same[j] for j in defined_first([prep.cands[i].shown for i in same])]
        k += len(same)
    return out


def _strand_order(prep: Prepared, chosen: list[int]) -> list[int]:
    """A strand paragraph's sentences: its headline fact (``chosen[0]``) first, the rest in
    date order, unless one of them is of an earlier day (then all in date order: no
    chronology is inverted to put the headline first) or all come from one article (then
    they read as the article has them)."""
    if not chosen:
        return []
    head, rest = chosen[0], date_order(prep, chosen[1:])
    one_article = len({prep.lineage[prep.cands[i].doc] for i in chosen}) == 1
    if not one_article and all(_day_of(prep, i) >= _day_of(prep, head) for i in rest):
        return [head, *rest]
    return date_order(prep, chosen)


_HAS_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\s+\d{1,2}\b"
)


def _common_word(word: str, prep: Prepared | None = None) -> bool:
    """Whether a sentence's capitalised first word is an ordinary word (lower-cased inside a
    sentence) rather than a name: a function word, or a word the evidence never writes
    capitalised after a lower-case word."""
    if word in _LOWER_FIRST or word.lower() in STOPWORDS:
        return True
    if not word[1:].islower() or not word.isalpha():
        return False
    if prep is None:
        return word.lower().endswith(("ing", "ed", "ly"))
    inside = re.compile(rf"[a-z,] {re.escape(word)}\b")
    return not any(inside.search(d.text) for d in prep.docs)


_PAST = re.compile(
    r"\b(?:[a-z]{3,}ed|said|says|was|were|had|took|made|won|lost|came|went|began|fell|rose|"
    r"told|gave|held|met|left|sent|found|saw|struck|hit|ran|set|became|brought|chose|"
    r"spoke|wrote|stood|led|paid|sold|bought|kept|got|put|cut|shut|drew|grew|knew|threw|"
    r"broke|fled|flew|fought|sought|thought|taught|caught|won't)\b"
)
_NOT_PAST = frozenset({"called", "based", "united", "red", "need", "speed", "feed", "seed"})


def _reports_event(text: str) -> bool:
    """Whether a sentence's opening words report something that happened (a past-tense verb
    among its first twelve words, not a perfect: "has many times said" states how things
    stand) rather than state how things stand."""
    head = " ".join(text.split()[:12])
    return any(
        m.group(0).lower() not in _NOT_PAST
        and not re.search(r"\b(?:has|have|had)\s+(?:\w+\s+){0,3}$", head[: m.start()])
        for m in _PAST.finditer(head)
    )


def _says_when(s: BriefSentence, day: date) -> bool:
    """Whether a sentence already says when it happened: a date repair of its own (a resolved
    "on Friday"), or a date of its text in the week up to its article's day ("Feb. 15" in an
    article of January 16 is a deadline ahead, not when this happened)."""
    if s.repairs and any(_HAS_DATE.search(r.replacement) for r in s.repairs):
        return True
    for m in find_dates(s.text, day):
        if m.first is not None and m.last is not None and m.first == m.last:
            if 0 <= (day - m.first).days <= 7:
                return True
    return False


def _dated(
    s: BriefSentence, day: date | None, year: bool, prep: Prepared | None = None
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
    shown = first.lower() if _common_word(first, prep) else first
    when = f"{day:%B} {day.year}" if year else f"{day:%B}"
    frame = "In" if _reports_event(s.text) else "As of"
    head = f"{frame} {when}, {shown}"
    shift = len(head) - len(first)
    moved = [Repair(r.original, r.replacement, r.at + shift) for r in s.repairs]
    text = head + s.text[len(first) :]
    return BriefSentence(
        text, "repaired", s.citations, repair=None, repairs=[Repair(first, head, 0), *moved]
    )


# -- the close ---------------------------------------------------------------------------------

_CLAUSE_END = re.compile(
    r",\s*(?:officials?|he|she|they|the \w+|a|an|according|saying|which|who|where|while|after|"
    r"as|amid|despite|following|but|and|though|although)\b|\s+(?:unless|after|amid|following|"
    r"because|while|despite|as part|that|which|who|and|but|though|although|if|when|so that|"
    r"including|in order)\b"
    r"|;|\s+[—–]\s+|:\s|\s+\(",
)
_LOWER_FIRST = frozenset({"The", "A", "An", "Its", "Their", "In", "On", "At", "More", "Some"})
CLAUSE_MIN_WORDS = 6
_PREPOSITIONS = frozenset("on in at by for from of to with under into onto about".split())
_NO_MAIN = frozenset(
    "with as after while if when although though because despite since before under amid for "
    "from by throughout during until unless whether once currently".split()
)
_AUX = frozenset(
    "is are was were has have had will would can could may might must should won't can't "
    "didn't doesn't isn't aren't wasn't".split()
)
_DETERMINER = frozenset(
    "the a an his her its their our these those some many several two three four five".split()
)


_PRONOUN = frozenset(
    "it its he she they we i you this these those that there his her their".split()
)
_REPORTING = frozenset(
    "announced said says reported told added noted stated warned claimed confirmed revealed "
    "declared explained".split()
)
_RELATIVE = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|now|recently|currently|(?:this|last|next)\s+"
    r"(?:week|weekend|month|year|spring|summer|fall|autumn|winter|morning|evening))\b",
    re.IGNORECASE,
)


def _has_verb(words: list[str], strict: bool = False) -> bool:
    """Whether a clause holds a finite verb (roughly: an auxiliary, a past-tense form, or a
    word in -s after a word that is no determiner)."""
    low = [w.lower().strip(",;:") for w in words]
    if any(w in _AUX for w in low) or _PAST.search(" ".join(low)):
        return True
    return not strict and any(
        w.endswith("s")
        and not w.endswith(("ss", "'s", "’s", "us", "is"))
        and low[k - 1] not in _DETERMINER
        and words[k][:1].islower()
        for k, w in enumerate(low)
        if k > 0
    )
_DANGLING = frozenset(
    "on in at of to for by with from as the a an and or its their his her are is was were be "
    "been has have had will would".split()
)


def headline_clause(
    text: str, drop: list[str] | None = None, prep: Prepared | None = None
) -> str | None:
    """The main clause of a headline sentence, for the close: the sentence without the
    phrases in ``drop`` (its relative dates: the close gives the day), cut at the first
    attribution, subordinate or coordinate clause, dash or parenthesis after at least
    ``CLAUSE_MIN_WORDS`` words. None when that leaves more than ``CLAUSE_MAX_WORDS`` words or
    fewer than ``CLAUSE_MIN_WORDS``, or the sentence quotes."""
    t = " ".join(text.split())
    for phrase in drop or []:
        t = re.sub(rf"\s*,?\s*\b{re.escape(phrase)}\b,?", "", t, count=1)
    t = t.rstrip(".!\"”’' ")
    # A leading date phrase goes: the close names the day itself.
    t = re.sub(r"^(?:On|In|During|By|Since)\s[^,]*\d[^,]*,\s+", "", t)
    if t[:1] in "'‘\"“":
        return None
    # A leading adverb or phrase set off by a comma ("Currently,", "Throughout China,") goes;
    # a clause that still opens with a subordinator or preposition is no main clause.
    lead = re.match(r"^(?:[A-Z][a-z]+ly|[A-Z][a-z]+(?:\s+[A-Za-z][\w.-]*){0,3}),\s+", t)
    if lead and (_common_word(t.split()[0], prep) or t.split()[0].endswith("ly,")):
        t = t[lead.end() :]
    if t.split() and t.split()[0].lower() in _NO_MAIN:
        return None
    words = t.split()
    floor = len(" ".join(words[:CLAUSE_MIN_WORDS]))
    # The first boundary that leaves a whole phrase: not one right after a preposition ("as
    # the date on which ..." cut before "which" would end the clause on "on").
    for m in _CLAUSE_END.finditer(t, floor):
        before = t[: m.start()].split()
        if not before or before[-1].lower() in _PREPOSITIONS:
            continue
        if re.match(r",\s*(?:and|or)\b", m.group(0)) and re.search(
            r",\s+(?:\S+\s+){0,2}\S+$", t[: m.start()]
        ):
            continue  # the last item of a list ("the transfer, facilitation, and supply of")
        t = t[: m.start()]
        break
    # A list's tail after the last comma, with no verb of its own, goes ("pupils will stand
    # as party candidates, speech writers").
    head, comma, tail = t.rpartition(", ")
    if comma and head and not _has_verb(tail.split(), True) and _has_verb(head.split()):
        t = head
    words = t.split()
    while words and words[-1].lower().strip(",") in _DANGLING:
        words.pop()
    t = " ".join(words)
    if not CLAUSE_MIN_WORDS <= len(words) <= CLAUSE_MAX_WORDS or not _has_verb(words):
        return None
    if re.search(r"[\"“”]", t):
        return None  # a quote (cut before it, the clause may still do)
    low = [w.lower().strip(",;:.") for w in words]
    if low[0] in _PRONOUN or low[-1] in _REPORTING or _RELATIVE.search(t):
        return None  # a pronoun for its subject, a report with what it said cut, "today"
    first = words[0]
    if (first == "A" or first[1:2].isalpha()) and _common_word(first, prep):
        t = first.lower() + t[len(first) :]
    return t.rstrip(",; ")


def _event_day(prep: Prepared, i: int, year: bool) -> str | None:
    """When the headline sentence's event happened, as the close names it: the day its first
    relative date resolves to ("February 13"), else its article's date."""
    c = prep.cands[i]
    for r in c.dates:
        if not r.replacement.lower().startswith("on "):
            continue  # a week, a month: no day to name
        m = re.search(
            r"(?:January|February|March|April|May|June|July|August|September|October|"
            r"November|December) \d{1,2}(?:, \d{4})?$",
            r.replacement,
        )
        if m:
            return m.group(0)
    day = anchor_day(prep.docs[c.doc].published)
    return None if day is None else format_day(day, year=year)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def overall_sentences(
    parts: list[tuple[str, str | None, str, list[Citation], tuple[str, int, int]]],
) -> list[BriefSentence]:
    """The close: "Overall, the reporting followed these stories: on January 22, <clause>;
    on January 28, <clause>; and on February 13, <clause>." citing each part's articles, a
    claim the verify stage checks like any other (each clause and its date are the cited
    sentence's own; outlet counts, which no article states, are left to the dateline). Empty
    with fewer than two parts."""
    if len(parts) < 2:
        return []
    shown = []
    cites: list[Citation] = []
    for clause, day, _count, cs, _ in parts:
        when = f"on {day}, " if day is not None else ""
        shown.append(f"{when}{clause}")
        for c in cs:
            if all(c.id != o.id for o in cites):
                cites.append(c)
    body = "; ".join(shown[:-1]) + f"; and {shown[-1]}"
    return [
        BriefSentence(f"Overall, the reporting followed these stories: {body}.", "generated", cites)
    ]


# -- the planned briefing ----------------------------------------------------------------------


def _fits(prep: Prepared, pool: list[int], room: int) -> list[int]:
    return [i for i in pool if prep.cands[i].n_words <= room]


def compose_planned(
    prep: Prepared,
    *,
    words: int,
    since: str | None,
    until: str | None,
    cfg: BriefConfig,
) -> Briefing:
    """The planned briefing (see the module docstring). The words kept for the close are an
    estimate: when the close came out shorter (or there is none), the plan is filled once more
    with those words given back to the strands."""
    b = _compose_planned(prep, words=words, since=since, until=until, cfg=cfg, give_back=0)
    left = words - b.word_count()
    if left >= REFILL_MIN_WORDS:
        again = _compose_planned(
            prep, words=words, since=since, until=until, cfg=cfg, give_back=left
        )
        if again.word_count() <= words and again.word_count() > b.word_count():
            return again
    return b


REFILL_MIN_WORDS = 8


def _compose_planned(
    prep: Prepared,
    *,
    words: int,
    since: str | None,
    until: str | None,
    cfg: BriefConfig,
    give_back: int,
) -> Briefing:
    sc = cfg.select
    cands = prep.cands
    usable, fine, sims, notes = usable_candidates(prep, since=since, until=until, cfg=cfg)
    if prep.story_keys is None:
        prep.story_keys = group_docs(prep, prep.embed)
    keys = prep.story_keys
    strands = build_strands(prep, keys, usable) or build_strands(prep, keys, fine)
    if not strands:
        from newsdesk.errors import NotFoundError

        raise NotFoundError(f"no usable sentences in the {len(prep.docs)} matching articles")
    clash = _clash(prep, sims)
    fewest, most = strand_limits(words)
    window = bool(cfg.window_min_words and words >= cfg.window_min_words)
    reserve = WINDOW_WORDS if window else 0
    central = strands[0]
    others = strands[1:most]
    # A story ranked far below the central one is no strand of this topic.
    others = [s for s in others if s.rank >= 0.15 * central.rank] or others[:fewest]
    attach(prep, [central, *others], [s for s in strands if s is not central and s not in others])
    close_named = min(CLOSE_MAX_STRANDS, 1 + len(others))
    if words >= 150 and others:
        reserve += max(0, 6 + CLOSE_WORDS_PER_STRAND * close_named - give_back)
    budget = max(0, words - reserve)

    chosen: list[int] = []
    if not others:
        # The central story alone: the best selection inside it, its headline fact first.
        pool = [*central.usable, *central.side]
        # The best set in which no two sentences state the same fact.
        picked = select(cands, pool, prep.lineage, sims, budget, sc, conflict=clash)
        kept = _without_repeats(prep, picked, sims)
        if not kept:
            kept = select(cands, pool, prep.lineage, sims, words, sc)
        if not kept:
            shortest = min(central.usable, key=lambda i: cands[i].n_words)
            kept = [shortest]
            notes.append(
                f"No sentence fits the {words}-word budget: the shortest runs "
                f"{cands[shortest].n_words} words."
            )
        picked = kept
        lead_i = headline(prep, central, picked)
        assert lead_i is not None
        central.chosen = picked
        rest = date_order(prep, [i for i in picked if i != lead_i])
        cited = cite_all(prep, picked, sims, cfg)
        lead_par = Paragraph("lead", [cited[lead_i]] + [cited[i] for i in rest])
        paragraphs = [lead_par]
        if window:
            w = _window_line(prep, picked, cited)
            if w is not None:
                paragraphs.insert(0, Paragraph("lead", [w]))
        return _briefing(prep, paragraphs, notes, since, until)

    def used_all(ids: list[int]) -> int:
        return sum(cands[i].n_words for i in ids)

    # The budget follows the ranking: each strand its share of the words, selected for
    # coverage inside the strand (its story and the stories attached to it), redundancy
    # checked against everything chosen before; what a strand leaves goes to the next.
    planned = [central, *others]
    chosen = []
    # First each strand's headline fact, in rank order while one fits (the lead: the central
    # story's); a one-outlet strand opens with the best of what selection gives it.
    for s in planned:
        if s is central or (HEADLINE_FIRST and s.outlets >= 2):
            own = [i for i in s.usable if not _repeats_any(prep, sims, i, chosen)]
            first = headline(prep, s, _fits(prep, own, budget - used_all(chosen)))
            if first is not None:
                s.chosen = [first]
                chosen.append(first)
    # Then the rest of the budget: one selection for coverage over every planned strand's
    # sentences (its story and the stories attached to it), continuing from the headline
    # facts, so the plan keeps the content a briefing of the whole evidence would hold; each
    # sentence it adds goes to its own strand's paragraph. A fact already stated is left out
    # and the selection made again without it.
    owner: dict[int, Strand] = {}
    for s in planned:
        for i in [*s.usable, *s.side]:
            owner.setdefault(i, s)
    # A sentence closer to another planned strand's headline fact than to its own strand's
    # is background about that other story ("The White House has threatened a 25% tariff
    # ..." in an article on the cartel designation): it would mix two strands in one
    # paragraph, so it is no candidate.
    heads = {id(s): s.chosen[0] for s in planned if s.chosen}
    if len(heads) > 1:
        for i in list(owner):
            mine = heads.get(id(owner[i]))
            if mine is None or i == mine:
                continue
            other = max(float(sims[i, h]) for k, h in heads.items() if k != id(owner[i]))
            if other > float(sims[i, mine]) + BACKGROUND_MARGIN:
                del owner[i]
    repeated: set[int] = set()
    for _ in range(4):
        pool = [i for i in owner if i not in chosen and i not in repeated]
        more = select(cands, pool, prep.lineage, sims, budget, sc, chosen, conflict=clash)
        added = False
        for i in more[len(chosen) :]:
            if _repeats_any(prep, sims, i, chosen):
                repeated.add(i)
                continue
            owner[i].chosen.append(i)
            chosen.append(i)
            added = True
        if not added or budget - used_all(chosen) < sc.min_words:
            break
    for s in planned[1:]:
        own_set = set(s.usable)
        if s.chosen and not (HEADLINE_FIRST and s.outlets >= 2):
            # Of what the strand chose, its headline fact opens it.
            first = headline(prep, s, [i for i in s.chosen if i in own_set] or s.chosen)
            assert first is not None
            s.chosen.remove(first)
            s.chosen.insert(0, first)
    if not central.chosen:
        shortest = min(central.usable, key=lambda i: cands[i].n_words)
        central.chosen = [shortest]
        chosen.append(shortest)
    lead_i = central.chosen[0]
    _LAST[:] = planned
    # Strands that got nothing are no strands.
    shown = [s for s in others if s.chosen]
    central_rest = [i for i in central.chosen if i != lead_i]
    cited = cite_all(prep, chosen, sims, cfg)
    days = [s.first for s in [central, *shown] if s.first is not None]
    one_year = len({d.year for d in days}) <= 1
    span_month = bool(days) and (max(days) - min(days)).days > MONTH_DAYS

    lead_par = Paragraph("lead", [cited[lead_i]])
    paragraphs = [lead_par]
    if window:
        w = _window_line(prep, chosen, cited)
        if w is not None:
            paragraphs.insert(0, Paragraph("lead", [w]))
    groups: list[tuple[Strand, list[int]]] = []
    if central_rest:
        groups.append((central, date_order(prep, central_rest)))
    groups += [(s, _strand_order(prep, s.chosen)) for s in shown]
    groups.sort(key=lambda g: (_day_of(prep, g[1][0]), -g[0].rank))
    for _strand, order in groups:
        sents = [cited[i] for i in order]
        if span_month:
            sents[0] = _dated(
                sents[0],
                anchor_day(prep.docs[cands[order[0]].doc].published),
                not one_year,
                prep,
            )
        paragraphs.append(Paragraph("strand", sents, label=strand_label(prep, _strand, order)))
    if words >= 150:
        parts = []
        for s in [central, *shown]:
            # The strand's headline fact names it; when that sentence gives no clean main
            # clause, the next of the strand's sentences that does.
            found = None
            for head in s.chosen:
                c = cands[head]
                if c.repair is not None:  # a name repair: the clause would lose it
                    continue
                clause = headline_clause(c.text, [r.original for r in c.dates], prep)
                if clause is not None and len(_content(clause)) >= 0.6 * len(_content(c.said)):
                    # the close names a strand by a part of its sentence: restating (most of)
                    # the sentence would state its fact twice
                    clause = None
                if clause is not None:
                    found = (head, c, clause)
                    break
            if found is None:
                continue
            head, c, clause = found
            when = _event_day(prep, head, not one_year)
            at = (prep.docs[c.doc].published or "", c.doc, c.index)
            # Without outlet names the count is of articles (independent sources unknown).
            count = (
                _plural(s.outlets, "outlet")
                if all(prep.docs[d].source for d in s.docs)
                else _plural(len(s.docs), "article")
            )
            parts.append((clause, when, count, cited[head].citations, at))
            if len(parts) == CLOSE_MAX_STRANDS:
                break
        total = sum(len(x.text.split()) for p in paragraphs for x in p.sentences)
        # Fewer strands named when all do not fit (the lower-ranked ones go first).
        for n in range(len(parts), 1, -1):
            close = overall_sentences(sorted(parts[:n], key=lambda p: p[4]))
            if close and total + sum(len(x.text.split()) for x in close) <= words:
                paragraphs.append(Paragraph("overall", close, label="Overall"))
                break
    return _briefing(prep, paragraphs, notes, since, until)


def strand_label(prep: Prepared, strand: Strand, order: list[int]) -> str:
    """A strand paragraph's label: its story's headline (the title of the article its first
    sentence comes from, cleaned of outlet suffixes), its first day and its outlets, e.g.
    "Washington labels six Mexican cartels terrorist groups (2026-01-28, 3 outlets)"; the
    keywords of its sentences when the article has no title. The LLM writer's prompt names
    each strand by it."""
    from newsdesk.stories.names import clean_title

    head = strand.chosen[0] if strand.chosen else order[0]
    doc = prep.docs[prep.cands[head].doc]
    title = clean_title(doc.title or "", [doc.source] if doc.source else [])
    if not title.strip():
        return _label(prep, order)
    facts = [] if strand.first is None else [strand.first.isoformat()]
    facts.append(_plural(strand.outlets, "outlet"))
    return f"{title.strip()} ({', '.join(facts)})"


def _window_line(
    prep: Prepared, chosen: list[int], cited: dict[int, BriefSentence]
) -> BriefSentence | None:
    """ "Reported between ... and ...": the days the cited articles were published; a
    templated line with no citations, a paragraph of its own before the lead (so a reader of
    the rendered text, and ``newsdesk verify``, take it apart from the lead's sentence)."""
    by_id = {d.id: d for d in prep.docs}
    days = []
    for i in chosen:
        for c in cited[i].citations:
            day = anchor_day(by_id[c.id].published)
            if day is not None:
                days.append(day)
    text = window_text(days)
    return None if text is None else BriefSentence(text, "templated", [])


def _briefing(
    prep: Prepared,
    paragraphs: list[Paragraph],
    notes: list[str],
    since: str | None,
    until: str | None,
) -> Briefing:
    return Briefing(
        topic=prep.query,
        paragraphs=paragraphs,
        sources=_sources(prep, paragraphs),
        notice=" ".join(notes) or None,
        since=since,
        until=until,
    )
