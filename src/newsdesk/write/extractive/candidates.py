"""Step 1 of the extractive writer: candidate sentences and their vectors.

Every sentence of the evidence becomes a :class:`Candidate` (a verbatim span, after datelines
and bylines; hard-wrapped splits merged; a leading he/she repaired when the previous sentence
names the person; a ``problem`` when it cannot stand alone), embedded with the question.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from newsdesk.boilerplate import content_start
from newsdesk.briefing import Repair
from newsdesk.errors import InputError
from newsdesk.model import EvidenceDoc
from newsdesk.reltime import find_dates
from newsdesk.write.extractive.backrefs import FOLLOWS, WINDOW, back_reference, surname_told_before
from newsdesk.write.extractive.comments import comments_start
from newsdesk.write.extractive.dates import anchor_day, apply_repairs, date_repairs
from newsdesk.write.extractive.naming import bare_surname, named_subject
from newsdesk.write.extractive.people import find_repairs, role_repair, with_role
from newsdesk.write.extractive.readability import person_without_role, standalone_problem
from newsdesk.write.extractive.settings import BriefConfig
from newsdesk.write.extractive.words import STOPWORDS, tokens


@dataclass
class Candidate:
    """A sentence that may enter the briefing."""

    doc: int  # index into the docs list
    index: int  # sentence index within the doc
    start: int  # span in the doc text (after dateline/byline stripping)
    end: int
    text: str
    problem: str | None
    repair: Repair | None = None  # a leading pronoun replaced by the name
    dates: list[Repair] = field(default_factory=list)  # relative dates (offsets in ``text``)
    toks: list[str] = field(default_factory=list)
    score: float = 0.0
    relevance: float = 0.0
    centrality: float = 0.0
    opinion: bool = False  # from an opinion article, or argues (see :mod:`.outlets`)

    @property
    def repairs(self) -> list[Repair]:
        """Every repair, with offsets in the shown text."""
        if self.repair is None:
            return list(self.dates)
        shift = len(self.repair.replacement) - len(self.repair.original)
        return [self.repair, *(replace(d, at=d.at + shift) for d in self.dates)]

    @property
    def shown(self) -> str:
        """The text as the briefing shows it (repaired when a repair applies)."""
        if self.repair is None and not self.dates:
            return self.text
        return apply_repairs(self.text, self.repairs)

    @property
    def said(self) -> str:
        """The article's own words (a leading-pronoun repair applied, relative dates as the
        article has them): what selection reads. A date repair's words are shown and counted
        against the budget, but they are not content the article gives."""
        if self.repair is None:
            return self.text
        return apply_repairs(self.text, [self.repair])

    @property
    def n_words(self) -> int:
        return len(self.shown.split())


_ENDS_SENTENCE = re.compile(r"[.!?…]['\"’”)*_]*\s*$|[:;]$")  # markdown emphasis may close it
# A season counted from the article's date ("this summer's tour", "next season"): said in an
# undated article, no one can tell which (graded: "this summer" and "next summer's tour" of two
# undated reports of one tour, side by side).
_SEASON = re.compile(
    r"\b(?:this|next|last|coming|past)\s+(?:summer|spring|autumn|fall|winter|season)\b", re.I
)
_CONTINUES = frozenset("—–,;")  # marks no sentence starts with
_WRAPPED_SENTENCE_WORDS = 20  # a piece this long that stops mid-sentence at a line break
_STARTS_ITEM = re.compile(r"^(?:[-*•–#>|]|\(?\d{1,3}[.)]\s)")
# An abbreviation the splitter took for a full stop, with what can only follow it inside a
# sentence: a month and its day ("Jan. 25"), a title and a name ("Sen. William Blount"), a time
# and its day or zone ("6 p.m. Tuesday", "1:40 a.m. Eastern time").
_SPLIT_ABBREVIATIONS = (
    (re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.$"), re.compile(r"\d")),
    (
        re.compile(r"\b(?:Sen|Rep|Gov|Dr|Mr|Mrs|Ms|Gen|Lt|Col|Sgt|Capt|Prof|Rev|Hon|Adm|Maj)\.$"),
        re.compile(r"[A-Z][a-z]"),
    ),
    (
        re.compile(r"\b[ap]\.m\.$"),
        re.compile(
            r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Eastern|Central|"
            r"Pacific|Mountain|local|[ECMP][SD]T|GMT|UTC)\b"
        ),
    ),
)


def _cut_at_abbreviation(prev: str, nxt: str) -> bool:
    """Whether ``prev`` ends in an abbreviation that ``nxt`` continues (see above)."""
    return any(end.search(prev) and start.match(nxt) for end, start in _SPLIT_ABBREVIATIONS)


def _hard_wrapped(text: str) -> bool:
    """True when most long lines stop mid-sentence: the source was wrapped at a fixed width."""
    lines = [ln.rstrip() for ln in text.split("\n") if len(ln.strip()) >= 40]
    if len(lines) < 4:
        return False
    open_lines = sum(1 for ln in lines if not _ENDS_SENTENCE.search(ln))
    return open_lines >= 0.5 * len(lines)


def _title_case(text: str) -> bool:
    """Whether most longer words are capitalised, as in a heading."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if len(w) >= 4]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


# A reporter's turn in a briefing or press-call transcript: "Q Yes, hi. The president ..."
_QUESTION_TURN = re.compile(r"Q(?:[:.]|\s)\s*")
_SPEAKER_TURN = re.compile(r"(?m)^(?:Q[:.]?\s|[A-Z][A-Z .'’-]{2,40}:\s)")


def in_question_turn(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` stands in a questioner's turn of a transcript (its
    paragraph opens with "Q " and the text has turns of named speakers, "MODERATOR:",
    "MS. JEAN-PIERRE:"): what a reporter's question assumes ("The president of Mexico has many
    times said ...") is no statement of the source's."""
    para = text.rfind("\n\n", 0, start)
    para = 0 if para < 0 else para + 2
    if not _QUESTION_TURN.match(text, para):
        return False
    return len(_SPEAKER_TURN.findall(text)) >= 3


def continues_a_line(text: str, start: int) -> bool:
    """Whether the piece starting at ``start`` carries on, after a line break, running text
    that stopped mid-sentence on the line before ("... the Department of Justice Senior
    Counsel\nJoshua Handell; and ..."): it is the tail of a sentence, not one. Running text is
    a line with a semicolon, or of eight words or more not in title case; a heading before it
    does not count. The article's own text is read, so this holds whichever of its sentences
    the writer was given."""
    end = len(text[:start].rstrip())
    gap = text[end:start]
    if gap.count("\n") != 1 or _STARTS_ITEM.match(text[start:]):
        return False  # not after one line break, or a list item of its own
    before = text[text.rfind("\n", 0, end) + 1 : end].strip()
    running = ";" in before or (len(before.split()) >= 8 and not _title_case(before))
    return running and not _ENDS_SENTENCE.search(before)


def merge_split_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin sentences the splitter cut: a piece starting in lower case, or on the same line
    with a dash or a comma, continues the one before it (an abbreviation such as "U.S." or
    "Mont." was taken for a full stop). In a hard-wrapped text, or after 20 words or more (no
    heading runs that long), a line that stops mid-sentence continues on the next line. The
    merged span still indexes ``text`` exactly (it may contain line breaks)."""
    wrapped = _hard_wrapped(text)
    out: list[tuple[int, int]] = []
    for s0, s1 in spans:
        if out:
            p0, p1 = out[-1]
            gap = text[p1:s0]
            nxt = text[s0:s1]
            if not gap.strip() and gap.count("\n") <= 1:
                # No sentence starts in lower case, or with a dash or a comma on the same line
                # ("CROW AGENCY, Mont. — First the Crow ...", "in Whiteclay, Neb. — just two
                # miles away — sell ..."): the splitter took an abbreviation for a full stop.
                continues = nxt[:1].islower() or (
                    "\n" not in gap
                    and text[p1 - 1 : p1] == "."
                    and (nxt[:1] in _CONTINUES or _cut_at_abbreviation(text[p0:p1], nxt))
                )
                # A line break inside a long sentence ("... the senior counsel\nAnna Novak;
                # and ..."): a heading is short, a sentence of 20 words or more is no heading.
                wrap = (
                    (wrapped or len(text[p0:p1].split()) >= _WRAPPED_SENTENCE_WORDS)
                    and gap.count("\n") == 1
                    and not _ENDS_SENTENCE.search(text[p0:p1])
                    and not _STARTS_ITEM.match(nxt)
                )
                # A decimal broken by the line wrap ("limited under 16.\n5 percent, down
                # from ..."): a number's tail and a lower-case word go on.
                decimal = gap in {"", "\n"} and bool(
                    re.search(r"\d\.$", text[p0:p1]) and re.match(r"\d+%?\s+[a-z]", nxt)
                )
                if continues or wrap or decimal:
                    out[-1] = (p0, s1)
                    continue
        out.append((s0, s1))
    return out


def make_candidates(
    texts: Sequence[str],
    sentences: Sequence[Sequence[tuple[int, int]]],
    *,
    min_words: int,
    max_words: int,
    repair: bool = True,
    strict_context: bool = False,
    leaning: frozenset[str] | None = None,
) -> list[Candidate]:
    """Every sentence of every doc, stripped of datelines/bylines, with its standalone verdict.

    ``sentences[d]`` lists (start, end) spans of doc ``d``. Pronoun-led sentences become
    usable only when :func:`.people.find_repairs` finds a certain repair.
    """
    out: list[Candidate] = []
    prev_text: list[str] = []
    for d, (text, raw_spans) in enumerate(zip(texts, sentences, strict=True)):
        prev = ""
        spans = merge_split_spans(text, raw_spans)
        for k, (s0, s1) in enumerate(spans):
            tail = continues_a_line(text, s0)
            raw = text[s0:s1]
            off = content_start(raw)
            start = s0 + off
            body = text[start:s1]
            stripped = body.strip()
            if not stripped:
                prev = raw
                continue
            start += len(body) - len(body.lstrip())
            end = start + len(stripped)
            problem = standalone_problem(
                stripped,
                min_words=min_words,
                max_words=max_words,
                strict_context=strict_context,
                leaning=leaning,
            )
            if tail and problem is None:
                problem = "fragment"
            if problem is None and in_question_turn(text, start):
                problem = "voice"  # a questioner's premise, not what the source states
            out.append(Candidate(d, k, start, end, stripped, problem))
            prev_text.append(prev)
            prev = stripped
    if repair:
        todo = [i for i, c in enumerate(out) if c.problem == "pronoun"]
        fixes = find_repairs([(prev_text[i], out[i].text) for i in todo])
        person = strict_context and leaning is not None and "person" in leaning
        for i, fix in zip(todo, fixes, strict=True):
            if fix is not None:
                # The name with the role the article gives it ("He" -> "U.S. Ambassador
                # Douglas Pruett"); a reader's briefing leaves the sentence out when the
                # article gives none (a name without a role at first mention).
                fix = with_role(fix, texts[out[i].doc])
                out[i].repair = fix
                shown = apply_repairs(out[i].text, [fix])
                if person and person_without_role(shown):
                    out[i].problem = "person"
                else:
                    # the repaired sentence may still lean ("He also attacked ..."): checked
                    # again as it will be shown
                    again = standalone_problem(
                        shown,
                        min_words=min_words,
                        max_words=max_words,
                        strict_context=strict_context,
                        leaning=leaning,
                    )
                    out[i].problem = again if again not in ("pronoun", "short", "long") else None
        if person:
            for c in out:
                if c.problem is None and c.repair is None and c.text[:1].isupper():
                    # "Mourinho has won ..." in an article that names "Jose Mourinho": a
                    # surname alone at first mention, repaired below or left out
                    if bare_surname(c.text, texts[c.doc]) or _named(c, texts[c.doc]):
                        c.problem = "person"
            for c in out:
                if c.problem == "person":
                    # "Douglas Pruett said ..." -> "[U.S. Ambassador Douglas Pruett] said ..."
                    # when the name opens the sentence and its article gives the role.
                    who = bare_surname(c.text, texts[c.doc]) or _named(c, texts[c.doc])
                    fixed = role_repair(c.text, texts[c.doc], who)
                    if fixed is not None and fixed.at == 0:
                        c.repair = fixed
                        c.problem = None
    for c in out:
        c.toks = tokens(c.said)
    return out


def _named(c: Candidate, article: str) -> str | None:
    """A first name and surname opening a sentence after its article's first with no role
    ("Oliver Letwin said ...", graded): the first sentence introduces whom its article is
    about, as the article chose to."""
    return named_subject(c.text, article) if c.index > 0 else None


def embed_or_fallback(
    embed: Callable[[list[str]], np.ndarray] | None, texts: list[str]
) -> np.ndarray:
    """Unit vectors from ``embed``; without it, hashed bag-of-words vectors (lexical only)."""
    if embed is not None:
        vecs = np.asarray(embed(texts), dtype=np.float32)
        if vecs.shape[0] == len(texts):
            return vecs
    dim = 512
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for r, t in enumerate(texts):
        for tok in tokens(t):
            if tok not in STOPWORDS:
                out[r, zlib.crc32(tok.encode()) % dim] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


@dataclass
class Prepared:
    """Candidates and vectors of one (question, articles) pair, reusable across configs."""

    query: str | None
    docs: list[EvidenceDoc]
    cands: list[Candidate]
    vecs: np.ndarray
    query_vec: np.ndarray
    query_toks: list[str] | None
    lineage: list[str]
    # What a planned briefing needs more (see :mod:`.plan`): the embedder, to group articles
    # without a story at brief time, and that grouping once made (a story key per doc).
    embed: Callable[[list[str]], np.ndarray] | None = None
    story_keys: list[str] | None = None
    # The day each candidate was first published (ISO date): its article's, or an earlier
    # article's that carries the same sentence word for word (a wire copy, a reprint).
    first_days: list[str] = field(default_factory=list)
    # For ordering only (:mod:`.order`): an undated article's day guessed from its story.
    guessed_days: dict[int, str] | None = None

    def first_day(self, i: int) -> str:
        if i < len(self.first_days):
            return self.first_days[i]
        return (self.docs[self.cands[i].doc].published or "")[:10]


def prepare(
    query: str | None,
    docs: Sequence[EvidenceDoc],
    *,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    config: BriefConfig | None = None,
) -> Prepared:
    """Split, clean and embed the candidates (the expensive part of :func:`write_briefing`)."""
    cfg = config or BriefConfig()
    docs = list(docs)
    for d in docs:
        for s in d.sentences[:3]:
            if d.text[s.start : s.end] != s.text:
                raise InputError(f"article {d.id}: sentence {s.index} does not match its offsets")
    cands = make_candidates(
        [d.text for d in docs],
        [[(s.start, s.end) for s in d.sentences] for d in docs],
        min_words=cfg.select.min_words,
        max_words=cfg.select.max_words,
        repair=cfg.repair,
        strict_context=cfg.strict_context,
        leaning=cfg.leaning,
    )
    # Very long articles (transcripts, digests) are read up to a point: the cost stays bounded
    # and their tail rarely carries the core of a topic.
    cands = [c for c in cands if c.index < cfg.max_sentences_per_doc]
    # Readers' comments printed under a report are no part of it (:mod:`.comments`).
    ends = [comments_start(d.text) or len(d.text) for d in docs]
    cands = [c for c in cands if c.start < ends[c.doc]]
    if cfg.strict_context and cfg.leaning is not None and "reference" in cfg.leaning:
        # "... comment on the deployment.": a definite description of something the article
        # told just before the sentence, which the topic and the article's title do not name.
        # A sentence flagged for a reference ("The site looks plausible ...") whose head the
        # article told just before may follow that sentence too (:mod:`.followers`).
        for c in cands:
            if c.problem in (None, "reference") and c.index > 0:
                before = docs[c.doc].text[max(0, c.start - WINDOW) : c.start]
                # the article's title names what its story (and so the strand's headline
                # sentence) is about: "the board" in a story titled "Kansas board ..."
                named = f"{query or ''} {docs[c.doc].title}"
                if back_reference(c.text, before, named):
                    c.problem = FOLLOWS
                elif c.problem is None and "person" in cfg.leaning:
                    # "will investigate Robinson": a surname its article gave in full before
                    if surname_told_before(c.text, docs[c.doc].text[: c.start], named):
                        c.problem = "person"
    first_days = _first_days(docs, cands)
    if cfg.resolve_dates:
        # Relative dates resolved against the article's date, so the sentence still says when
        # out of its article. The year is left out of a repair when every dated article is
        # from that year (news style: "[on Monday, October 18]"). Selection reads the article's
        # own words (``Candidate.said``: the tokens and vectors are not the repair's).
        anchors = [anchor_day(d.published) for d in docs]
        years = {a.year for a in anchors if a is not None}
        year = years.pop() if len(years) == 1 else None
        # A sentence carried word for word by several articles (a wire copy, a story
        # republished days later) tells of the first one's days: its "on Friday" is the
        # Friday before the earliest of them, not before a later reprint.
        for c, first in zip(cands, first_days, strict=True):
            anchor = anchor_day(first) if anchors[c.doc] is not None else None
            c.dates = date_repairs(c.text, anchor, year=year)
            if (
                cfg.strict_context
                and cfg.leaning is not None  # every kind of leaning (a briefing of strands)
                and anchors[c.doc] is None
                and c.problem is None
                and (any(m.relative for m in find_dates(c.text, None)) or _SEASON.search(c.text))
            ):
                # "on Monday", "last year" in an article without a date: nothing to resolve
                # them by, so the sentence cannot say when out of its article.
                c.problem = "undated"
    texts = [" ".join(c.said.split()) for c in cands]
    if query and query.strip():
        vecs = embed_or_fallback(embed, texts + _query_parts(query))
        qv = vecs[len(texts) :]
        vecs = vecs[: len(texts)]
        # The question may ask several things: the whole and each part, averaged.
        query_vec = qv.mean(axis=0)
        query_toks: list[str] | None = tokens(query)
    else:
        vecs = embed_or_fallback(embed, texts)
        query_vec = vecs.mean(axis=0) if len(vecs) else np.zeros(vecs.shape[1], np.float32)
        query_toks = None
    nrm = float(np.linalg.norm(query_vec))
    if nrm > 0:
        query_vec = query_vec / nrm
    lineage = [d.lineage_id or d.id for d in docs]
    return Prepared(
        query,
        docs,
        cands,
        vecs,
        query_vec.astype(np.float32),
        query_toks,
        lineage,
        embed,
        first_days=first_days,
    )


def _first_days(docs: Sequence[EvidenceDoc], cands: list[Candidate]) -> list[str]:
    """Each candidate's first day (ISO date): the earliest publication day among the articles
    that carry its sentence word for word ("" for none dated)."""
    seen: dict[str, str] = {}
    for c in cands:
        day = (docs[c.doc].published or "")[:10]
        key = " ".join(c.text.split())
        if day and (key not in seen or day < seen[key]):
            seen[key] = day
    return [seen.get(" ".join(c.text.split()), "") for c in cands]


def _query_parts(query: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"(?<=[.?!])\s+", query) if len(p.split()) >= 2]
    return [query] + parts if len(parts) > 1 else [query]
