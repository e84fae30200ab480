"""The "Overall" close of a planned briefing: a templated sentence naming each strand by the main
clause of one of its sentences (:mod:`.clauses`), with its date, citing the sentence's articles
(:mod:`.plan`)."""

from __future__ import annotations

import re

import numpy as np

from newsdesk.briefing import BriefSentence, Citation, Paragraph, is_window_line
from newsdesk.write.extractive.backrefs import FOLLOWS
from newsdesk.write.extractive.candidates import Candidate, Prepared, embed_or_fallback
from newsdesk.write.extractive.clauses import (
    CLAUSE_MAX_WORDS,
    CLAUSE_SHORT_WORDS,
    headline_clause,
    judges_only,
)
from newsdesk.write.extractive.close_time import _framed, _own_time
from newsdesk.write.extractive.dates import anchor_day, own_day
from newsdesk.write.extractive.openers import _reports_event
from newsdesk.write.extractive.repeats import _content
from newsdesk.write.extractive.select import cite_all
from newsdesk.write.extractive.settings import BriefConfig
from newsdesk.write.extractive.strands import (
    Strand,
    headline_scores,
)
from newsdesk.write.extractive.topicwords import plain_topic_words
from newsdesk.write.extractive.words import STOPWORDS

__all__ = [
    "CLAUSE_MAX_WORDS",
    "CLAUSE_SHORT_WORDS",
    "close_parts",
    "headline_clause",
    "overall_sentences",
]

CLOSE_MAX_STRANDS = 3
# The share of its sentence's content words a clause of the close may hold (more would state the
# fact twice).
CLOSE_MAX_SHARE = 0.6
CLOSE_LAST_WORDS = 24  # ... and this many words, when it must name a second strand
CLOSE_LAST_SHARE = 0.75  # ... or this much when no other sentence of the strand gives a clause
CLOSE_MORE_HEADS = 4  # unchosen sentences of a strand's story tried for its clause in the close
CLOSE_LEAD_SENTENCES = 2  # ... among its articles' opening sentences
CLOSE_MIN_RELEVANCE = 0.5  # share of the strand's best relevance a close's sentence needs
CLOSE_NEAR_COS = 0.6  # ... saying what one of the strand's shown sentences says


BACKGROUND_INDEX = 3  # an article's sentences from here on may tell what happened long before
_NAMES_A_DAY = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


def _background(prep: Prepared, i: int) -> bool:
    """Whether a sentence reports an event its article's date does not date: past tense, no
    day of its own, past the article's opening ("American steel fueled the country's
    industrialization" in a proclamation of April 2024). It gets no dated opener and no day
    in the close: "[In April 2024,]" would date history."""
    c = prep.cands[i]
    if c.index < BACKGROUND_INDEX or c.dates or _NAMES_A_DAY.search(c.text):
        return False  # "set Feb. 15 as the date": news of its days
    return _reports_event(c.text)


def _close_heads(prep: Prepared, s: Strand) -> list[int]:
    """The sentences a strand's part of the close may come from, in order: what the strand
    shows (its headline fact first), then the story's other opening sentences of articles,
    best at stating its headline fact first. A sentence the briefing shows is often a clause
    already, and naming the strand by it would state it twice; another article's opening
    sentence on the story then names it in other words. (Any sentence of the story first, the
    close adds content: DUC 2006 tune half R-2 0.0921 -> 0.0977; but it then names strands by
    details no paragraph gives, "Downing Street would not be drawn on the claim".)"""
    on_show = set(s.chosen)
    rest = [i for i in s.usable if i not in on_show and prep.cands[i].index < CLOSE_LEAD_SENTENCES]
    if s.chosen and rest:
        # only one that says what a shown sentence says, in other words: the close sums up
        # the strand, it brings in no fact the paragraphs never gave (graded: "the merger
        # will allow foreigners to trade in Gazprom shares", a story the body never told)
        near = prep.vecs[rest] @ prep.vecs[list(s.chosen)].T
        rest = [i for i, row in zip(rest, near, strict=True) if float(row.max()) >= CLOSE_NEAR_COS]
    if s.chosen:
        # a detail far from the topic names no strand ("Exeter City face a home tie against
        # Middlesbrough" for "Chelsea football club", a sentence of the FA Cup draw's strand)
        # (of sentences a clause can come from: not a quotation's, '"The unprecedented nature
        # of January 6th demands ...," Pelosi said.')
        top = max(
            (prep.cands[i].relevance for i in s.chosen if prep.cands[i].text[:1] not in "\"“'‘"),
            default=max(prep.cands[i].relevance for i in s.chosen),
        )
        floor = CLOSE_MIN_RELEVANCE * top
        # the topic's own words before its places ("fentanyl", not "Mexico", in "fentanyl in
        # U.S.-Mexico relations": "the United States and Mexico partnered to address human
        # rights priorities" named a strand of seizures of fentanyl)
        topic = plain_topic_words(prep.query) or {
            t for t in (prep.query_toks or []) if t not in STOPWORDS
        }

        def near(i: int) -> bool:
            # relevant enough, and naming a word of the topic when the strand's sentences do
            return prep.cands[i].relevance >= floor and (
                not named or bool(topic & set(prep.cands[i].toks))
            )

        named = any(topic & set(prep.cands[i].toks) for i in s.chosen)
        rest = [i for i in rest if near(i)]
        shown = [i for i in s.chosen if near(i)]
    else:
        shown = list(s.chosen)
    # a sentence shown only after the one it leans on ("the site looks plausible") names no
    # strand on its own
    shown = [i for i in shown if prep.cands[i].problem != FOLLOWS]
    if not rest:
        return shown
    scores = headline_scores(prep, s, rest)
    seen = {prep.cands[i].text for i in s.chosen}
    best = []
    for i in sorted(rest, key=lambda i: (-scores[i], i)):
        if prep.cands[i].text not in seen:  # a wire copy says it again
            seen.add(prep.cands[i].text)
            best.append(i)
    return [*shown, *best[:CLOSE_MORE_HEADS]]


CLAUSE_MIN_COS = 0.7  # cosine a close's clause keeps to its whole sentence


def _says_what_it_said(prep: Prepared, clause: str, sentence: str) -> bool:
    """Whether a clause still says what its sentence says, by the embedder's cosine (at least
    ``CLAUSE_MIN_COS``; the verify stage asks 0.65 of a clause and its cited span): a clause
    that lost the names its sentence was about is no way to name a strand, and the verify
    stage would drop the close for it. Without an embedder, every clause does."""
    if prep.embed is None:
        return True
    v = embed_or_fallback(prep.embed, [clause, sentence])
    return float(v[0] @ v[1]) >= CLAUSE_MIN_COS


def _leans(clause: str) -> bool:
    """Whether a clause, said on its own, leans on context the close does not give: a person
    whose role was an aside the clause dropped ("Ian Harris said ..."), a possessive before
    what it points to ("its central bank says Sri Lanka ..."), a reference or connective."""
    from newsdesk.write.extractive.readability import ALL_KINDS, standalone_problem

    said = clause[:1].upper() + clause[1:] + "."
    return standalone_problem(said, strict_context=True, leaning=ALL_KINDS) not in (None, "short")


CLOSE_TOLD_SHARE = 0.6  # share of a close's clause from an unshown sentence the body said


def _told(prep: Prepared, s: Strand, clause: str) -> bool:
    """Whether the strand's shown sentences say most of what a clause of another sentence
    says (``CLOSE_TOLD_SHARE`` of its content words, each of its figures): the close sums up
    the body in other words, it does not bring in a fact of its own."""
    shown = " ".join(prep.cands[i].said for i in s.chosen)
    words = _content(clause)
    return len(words & _content(shown)) >= CLOSE_TOLD_SHARE * len(words) and set(
        re.findall(r"\d+(?:[.,]\d+)*", clause)
    ) <= set(re.findall(r"\d+(?:[.,]\d+)*", shown))


def _close_part(
    prep: Prepared, s: Strand, last_share: float = 0.0, lead: int | None = None
) -> tuple[tuple[int, Candidate, str] | None, tuple[int, Candidate, str] | None]:
    """(the part of the close naming strand ``s``, a part restating most of a sentence it
    shows): the main clause of the first of :func:`_close_heads` that gives one, shorter
    when the clause would hold more than ``CLOSE_MAX_SHARE`` of a shown sentence's content
    words; a clause holding up to ``CLOSE_LAST_SHARE`` of it is kept apart."""
    last_resort = None
    heads = _close_heads(prep, s)
    if lead is not None and len(heads) > 1 and lead in heads:
        # the central story by another of its sentences than the lead: the close does not
        # say the lead again (graded: "the close just repeats the lead")
        heads = [h for h in heads if h != lead]
    for head in heads:
        c = prep.cands[head]
        if c.repair is not None:  # a name repair: the clause would lose it
            continue
        # the last resort may run longer ("Sir Clive Woodward will coach the Northern team
        # against ... in a tsunami fund-raising match": no close named two strands without it)
        final = last_share >= 1.0
        for limit in (CLAUSE_MAX_WORDS, CLOSE_LAST_WORDS if final else CLAUSE_SHORT_WORDS):
            dates = [r.original for r in c.dates]
            clause = headline_clause(c.text, dates, prep, limit)
            if clause is None and final and limit == CLAUSE_MAX_WORDS:
                continue
            if clause is None:
                break
            if not _says_what_it_said(prep, clause, c.text):
                # the subject's phrases it lost were what it was about ("dockworkers [at the
                # Port of Calder] voted ..."): kept, or no clause of this length
                clause = headline_clause(c.text, dates, prep, limit, target=limit)
                if clause is None or not _says_what_it_said(prep, clause, c.text):
                    continue
            if _leans(clause) or judges_only(clause):
                continue  # "Ian Harris said the machine ...": the role went with the aside;
                # "as of October, Facebook is a national security risk": no story's news
            if head not in s.chosen:  # not shown: stated once, in the close
                if not _told(prep, s, clause):
                    break  # a fact the body never gave (graded: the demo's task force "held
                    # its first meeting", a strand that told only its founding)
                return (head, c, clause), last_resort
            share = len(_content(clause)) / max(1, len(_content(c.said)))
            if share <= CLOSE_MAX_SHARE:
                return (head, c, clause), last_resort
            if share <= max(last_share, CLOSE_LAST_SHARE) and last_resort is None:
                last_resort = (head, c, clause)
    return None, last_resort


def close_parts(
    prep: Prepared,
    strands: list[Strand],
    cited: dict[int, BriefSentence],
    sims: np.ndarray,
    cfg: BriefConfig,
    one_year: bool,
) -> list[tuple[str, str | None, str, list[Citation], tuple[str, int, int]]]:
    """The parts of the close, one a strand (``strands``: the central story's first), in rank
    order: (clause, when, outlet count, citations, where its sentence stands); ``cited`` gains
    the citations of a sentence the briefing does not show."""
    # Each strand's part: a clause not restating most of a sentence the briefing shows;
    # one that does only when the close would otherwise name fewer than two strands (a
    # close naming them beats none).
    strict: list[tuple[Strand, tuple[int, Candidate, str]]] = []
    loose: list[tuple[Strand, tuple[int, Candidate, str]]] = []
    lead = strands[0].chosen[0] if strands and strands[0].chosen else None
    for s in strands:
        found, last_resort = _close_part(prep, s, lead=lead if s is strands[0] else None)
        if s is strands[0] and found is None and last_resort is None:
            found, last_resort = _close_part(prep, s)  # the lead's own clause, as before
        if found is not None:
            strict.append((s, found))
        elif last_resort is not None:
            loose.append((s, last_resort))
    named = strict[:CLOSE_MAX_STRANDS]
    if len(named) + len(loose) < 2:
        # Still fewer than two: a strand other than the central one is named by a clause of
        # the sentence that opens it, however much of it the clause restates (graded: a
        # briefing of four strands with no close scored below one whose close restated).
        for s in strands[1:]:
            if not any(s is x for x, _ in [*strict, *loose]):
                found, part = _close_part(prep, s, last_share=1.0)
                part = found or part
                if part is not None:
                    loose.append((s, part))
    rank = {id(s): k for k, s in enumerate(strands)}
    if len(named) < 2:
        named = sorted(named + loose[: 2 - len(named)], key=lambda x: rank[id(x[0])])
    central = next((x for x in loose if x[0] is strands[0]), None)
    if named and central is None and not any(x[0] is strands[0] for x in named):
        found, part = _close_part(prep, strands[0], last_share=1.0, lead=lead)
        if found is None and part is None:
            found, part = _close_part(prep, strands[0], last_share=1.0)
        restated = found or part
        central = (strands[0], restated) if restated is not None else None
    if named and central is not None and not any(x[0] is strands[0] for x in named):
        # the central story is named first, by its restated clause if need be (graded: the
        # close of "fentanyl task force" named the designation and the tariff, not the task
        # force); the lowest ranked strand makes way when the close is full
        named = [central, *named[: CLOSE_MAX_STRANDS - 1]]
    parts = []
    outlets = {d.source for d in prep.docs if d.source}
    for s, (head, c, clause) in named:
        if head not in cited:
            cited.update(cite_all(prep, [head], sims, cfg))
        when = None if _background(prep, head) else _event_day(prep, head, not one_year)
        when = _framed(clause, _own_time(c.text, when, clause), when)
        # in the order of the events: a sentence's own day where it says one
        told = own_day(c.text, prep.docs[c.doc].published)
        at = (told.isoformat() if told else prep.docs[c.doc].published or "", c.doc, c.index)
        # Without outlet names the count is of articles (independent sources unknown); from a
        # single outlet (whitehouse.gov) there is none: "(1 outlet)" every time says nothing.
        if len(outlets) == 1 and all(d.source for d in prep.docs):
            count = ""
        elif all(prep.docs[d].source for d in s.docs):
            # the outlets a reader sees carry it (a wire copy in another paper counts): "(2
            # outlets)" beside three outlets' articles was graded as a miscount
            count = _plural(len({prep.docs[d].source for d in s.docs}), "outlet")
        else:
            count = _plural(len(s.docs), "article")
        parts.append((clause, when, count, cited[head].citations, at))
    return parts


def _event_day(prep: Prepared, i: int, year: bool) -> str | None:
    """When the headline sentence's event happened, as the close names it: "on February 13",
    the day its first relative date resolves to, else "in April 2023", its article's month."""
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
            return f"on {m.group(0)}"
    day = anchor_day(prep.docs[c.doc].published)
    if day is None:
        return None
    # the article's date is when it was reported, not always the day it happened: its month
    return f"in {day:%B} {day.year}" if year else f"in {day:%B}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


STORIES_FRAME = "Overall, the reporting followed these stories:"
STEPS_FRAME = "Overall, the story unfolded as follows:"


def overall_sentences(
    parts: list[tuple[str, str | None, str, list[Citation], tuple[str, int, int]]],
    steps: bool = False,
) -> list[BriefSentence]:
    """The close: "Overall, the reporting followed these stories: on January 22, <clause> (4
    outlets); on January 28, <clause> (3 outlets); and on February 13, <clause> (2 outlets)."
    citing each part's articles, a claim the verify stage checks like any other (each clause
    and its date are the cited sentence's own; the outlet count, the story's, is the
    verify stage's to set aside). ``steps``: the parts are the days of one story ("Overall,
    the story unfolded as follows: ..."), with no counts. Empty with fewer than two parts, or
    when every part says how things stood ("as of ...")."""
    if len(parts) < 2 or all(when and when.startswith("as of ") for _c, when, *_ in parts):
        # every strand named by how things stood, none by what happened, is no story to sum
        # up ("as of July 1998, slackers and Generation X types are hardly slack; and as of
        # October 1998, each generation has some legitimate gripes", DUC 2006): the words go
        # to the strands (tune half R-2 0.0949 -> 0.0971, 14 closes of 25 left)
        return []
    shown = []
    cites: list[Citation] = []
    for clause, day, count, cs, _ in parts:
        when = f"{day}, " if day is not None else ""
        tail = f" ({count})" if count and not steps else ""
        shown.append(f"{when}{clause}{tail}")
        for c in cs:
            if all(c.id != o.id for o in cites):
                cites.append(c)
    body = "; ".join(shown[:-1]) + f"; and {shown[-1]}"
    frame = STEPS_FRAME if steps else STORIES_FRAME
    return [BriefSentence(f"{frame} {body}.", "generated", cites)]


CLOSE_MAKE_ROOM = 2  # sentences a strand may give up so that the close fits


def _fitted_close(
    prep: Prepared,
    paragraphs: list[Paragraph],
    parts: list[tuple[str, str | None, str, list[Citation], tuple[str, int, int]]],
    cited: dict[int, BriefSentence],
    words: int,
    steps: bool = False,
) -> list[BriefSentence]:
    """The close naming as many strands as fit (the lower-ranked ones go first), with their
    outlet counts when they fit too (a strand goes after the counts do). When not even
    two fit, the weakest sentence that opens no paragraph and names no strand in the close is
    left out, up to ``CLOSE_MAKE_ROOM`` times: the words kept for the close are an estimate,
    and a briefing whose strands took them had no close (demo, "the Port of Calder
    strike")."""
    if len(parts) < 2:
        return []
    index = {id(b): i for i, b in cited.items()}
    by_span: dict[tuple[str, int], int] = {}

    def cand(x: BriefSentence) -> int | None:
        if id(x) in index:
            return index[id(x)]
        # a strand's first sentence with its dated opener is a new object: its citation says
        if not by_span:
            by_span.update({(prep.docs[c.doc].id, c.start): i for i, c in enumerate(prep.cands)})
        return by_span.get((x.citations[0].id, x.citations[0].start)) if x.citations else None

    named = {(d, k) for *_, (_day, d, k) in parts}

    def spare(x: BriefSentence) -> bool:
        i = cand(x)
        return i is not None and (prep.cands[i].doc, prep.cands[i].index) not in named

    # made on copies: the body gives up nothing unless the close then fits
    trial = [list(p.sentences) for p in paragraphs]
    for attempt in range(CLOSE_MAKE_ROOM + 1):
        total = sum(
            len(x.text.split()) for ss in trial for x in ss if not is_window_line(x.kind, x.text)
        )
        # More strands named beat outlet counts: for each number of strands, with counts, then
        # without; the counts are not worth a sentence of the body either (without them before
        # room is made).
        for n in range(len(parts), 1, -1):
            chosen = sorted(parts[:n], key=lambda p: p[4])
            bare = [(c, w, "", cs, at) for c, w, _n, cs, at in chosen]
            for variant in (chosen, bare):
                close = overall_sentences(variant, steps)
                if close and total + sum(len(x.text.split()) for x in close) <= words:
                    for p, ss in zip(paragraphs, trial, strict=True):
                        p.sentences = ss
                    paragraphs[:] = [p for p in paragraphs if p.sentences]
                    return close
        roles = [p.role for p in paragraphs]
        victims = [
            (prep.cands[cand(x) or 0].score, j, k)
            for j, ss in enumerate(trial)
            if roles[j] in ("lead", "strand")
            for k, x in enumerate(ss)
            if k > 0 and spare(x)
        ]
        if not victims:
            # no further sentence to spare: a strand paragraph of one sentence the close does
            # not name (White House "security cooperation": five paragraphs of long sentences
            # left no room for a close naming two strands)
            victims = [
                (prep.cands[cand(ss[0]) or 0].score, j, 0)
                for j, ss in enumerate(trial)
                if roles[j] == "strand" and len(ss) == 1 and spare(ss[0])
            ]
        if not victims or attempt == CLOSE_MAKE_ROOM:
            break
        _score, j, k = min(victims, key=lambda v: v[0])
        del trial[j][k]
    return []
