"""Cited timelines: per day, the sentence or two that carry that day's development.

For each day (by publication date, UTC) the candidates are the opening sentences of that day's
articles (where news copy states what happened), each fit to stand as a line on its own
(:func:`line_of`): not boilerplate (a proclamation's formula, a credit line, a heading in
capitals), no Markdown, no bare dateline (an opening dateline is cut off and the span cited
from where the sentence proper starts), no sentence cut short.

A topic's timeline (``topic`` given) gives each day one line: the candidate most relevant to the
topic (cosine of its vector with the topic's, plus a small lead bonus), and nothing for a day
whose best candidate stays below ``MIN_RELEVANCE``: articles retrieval found only through a
shared word (a farmer's feature in a tariff timeline) leave no line. A story's timeline scores
a candidate by how central it is among the day's independent articles (mean cosine to the other
lineages' candidates: what several outlets report), plus the lead bonus, and adds a second
sentence when the day has two independent articles and another article says something else
(cosine below ``REPEAT`` to the first). Either way a candidate is skipped when it repeats a
sentence chosen for an earlier day (cosine >= ``REPEAT``), and a day with no line is left out.
Each sentence is cited with its article and character span.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from newsdesk.boilerplate import content_start, is_boilerplate, is_byline
from newsdesk.model import EvidenceDoc, Sentence

if TYPE_CHECKING:
    from newsdesk.ports import EngineView

LEAD = 4  # opening sentences of each article considered (a story's timeline)
TOPIC_LEAD = 8  # ... for a topic's timeline, where the relevant sentence may come later
REPEAT = 0.8
MIN_WORDS = 8
MAX_WORDS = 70  # longer: a legal recital or a run-on list, not a day's development
MIN_RELEVANCE = 0.3  # a topic timeline's line: cosine with the topic at least this, and
MIN_COVERAGE = 0.2  # ... at least this share of the topic's words, weighted by rarity, one of
# them distinctive (:func:`coverage`)
W_COVERAGE = 0.5  # how much the words count beside the cosine
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Markdown: emphasis, links, headings, table rows, block quotes, code.
_MARKUP = re.compile(
    r"\*\*|__|\]\(|^\s*#|^\s*[*>|]|\|\s*\||`|^\s*\d+\.\s{2,}|(?<![\w*])\*\w|\w\*(?![\w*])"
)
# The formulas of proclamations, orders and memoranda: not news of the day.
_FORMULA = re.compile(
    r"by the authority vested in me|now, therefore|in witness whereof|hereunto set my hand"
    r"|it is hereby|^subject\s*:|^memorandum for|^sec(?:tion)?\.?\s+\d|^for immediate release"
    r"|^\(?[a-z]\)\s|^###",
    re.IGNORECASE,
)
_END = re.compile(r"[.!?][\"”’')\]]*\s*$")

Embed = Callable[[list[str]], np.ndarray]


@dataclass
class Line:
    text: str
    article_id: str
    start: int
    end: int
    source: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "id": self.article_id,
            "start": self.start,
            "end": self.end,
            "source": self.source,
        }


@dataclass
class Day:
    day: str
    articles: int
    lines: list[Line] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "articles": self.articles,
            "sentences": [x.as_dict() for x in self.lines],
        }


def line_of(s: Sentence) -> Sentence | None:
    """``s`` as a timeline line (an opening dateline or bullet cut off, the span moved to
    match; the text is the span's, verbatim), or None when it cannot stand as one:
    boilerplate, Markdown, a bare dateline, a heading in capitals, a sentence cut short, too
    short or too long."""
    text = s.text
    off = content_start(text)
    while off < len(text) and text[off].isspace():
        off += 1
    body = text[off:].rstrip()
    if not body:
        return None
    words = body.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return None
    if _MARKUP.search(body) or _FORMULA.search(body):
        return None
    if is_boilerplate(body) or is_byline(body):
        return None
    if not _END.search(body) or not (body[0].isupper() or body[0] in "\"“‘'0123456789"):
        return None  # cut short, or starting mid-sentence
    letters = [c for c in body if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.5 * len(letters):
        return None  # A HEADING OR FORMULA IN CAPITALS
    return Sentence(s.index, s.start + off, s.start + off + len(body), body)


def _stem(word: str) -> str:
    w = word.lower()
    return w[:5] if len(w) > 5 else w


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text)}


def coverage(terms: Sequence[str], sentences: Sequence[str]) -> list[float]:
    """For each sentence, the share of the topic's ``terms`` it contains, each term weighted by
    its rarity among ``sentences`` (a word every candidate shares, "Mexico" in a Mexico
    corpus, tells little about which sentence is on the topic); 0 for a sentence holding none
    of the topic's distinctive terms (weighing at least half the heaviest): a broad topic
    ("fentanyl, tariffs, cartels and migration") is served by a sentence on any one facet."""
    keys = list(dict.fromkeys(_stem(t) for t in terms))
    if not keys:
        return [1.0] * len(sentences)
    bags = [_stems(s) for s in sentences]
    n = len(bags)
    weight = {k: np.log((n + 1) / (sum(k in b for b in bags) + 1)) + 0.1 for k in keys}
    total = sum(weight.values())
    top = max(weight.values())
    out = []
    for b in bags:
        if not any(k in b and w >= top / 2 for k, w in weight.items()):
            out.append(0.0)
            continue
        out.append(sum(w for k, w in weight.items() if k in b) / total)
    return out


def _continues(previous: Sentence) -> bool:
    """Whether the sentence after ``previous`` continues it: the splitter broke a hard-wrapped
    line ("... hosted Dr. Sherwood-Randall and" / "Canada's ..."). A heading (in capitals or
    Markdown) or a line ending in a colon introduces rather than breaks off."""
    t = previous.text.rstrip()
    if not t or _END.search(t) or t.endswith(":") or _MARKUP.search(t):
        return False
    letters = [c for c in t if c.isalpha()]
    return not (letters and sum(c.isupper() for c in letters) > 0.5 * len(letters))


def _candidates(doc: EvidenceDoc, lead: int = LEAD) -> list[Sentence]:
    out = []
    for k, s in enumerate(doc.sentences[:lead]):
        if k and _continues(doc.sentences[k - 1]):
            continue
        line = line_of(s)
        if line is not None and not line.text.endswith(":"):
            out.append(line)
    return out


def developments(
    docs: Sequence[EvidenceDoc],
    embed: Embed,
    *,
    per_day: int = 2,
    topic: np.ndarray | None = None,
    terms: Sequence[str] = (),
) -> list[Day]:
    """The day-by-day timeline of ``docs`` (undated articles are left out), earliest first;
    with ``topic`` (the topic's unit vector, and ``terms`` its words) one line a day, the most
    relevant to it."""
    by_day: dict[str, list[EvidenceDoc]] = {}
    for d in docs:
        if d.published:
            by_day.setdefault(d.published[:10], []).append(d)
    lead_n = LEAD if topic is None else TOPIC_LEAD
    cover: dict[tuple[str, int], float] = {}
    if topic is not None:
        every = [(d.id, s) for d in docs if d.published for s in _candidates(d, lead_n)]
        cover = dict(
            zip(
                [(a, s.index) for a, s in every],
                coverage(terms, [s.text for _, s in every]),
                strict=True,
            )
        )
    chosen_vecs: list[np.ndarray] = []
    out = []
    for day in sorted(by_day):
        items = [(d, s) for d in by_day[day] for s in _candidates(d, lead_n)]
        if not items:
            continue
        result = Day(day, len(by_day[day]))
        vecs = embed([s.text for _, s in items])
        lineages = [d.lineage_id or d.id for d, _ in items]
        sims = vecs @ vecs.T
        scores = []
        for i, (_d, s) in enumerate(items):
            lead = 0.15 if s.index == 0 else (0.05 if s.index == 1 else 0.0)
            if topic is not None:
                rel = float(vecs[i] @ topic)
                cov = cover.get((items[i][0].id, s.index), 0.0)
                ok = rel >= MIN_RELEVANCE and cov >= MIN_COVERAGE
                scores.append(rel + W_COVERAGE * cov + lead / 3 if ok else -np.inf)
                continue
            others = [j for j in range(len(items)) if lineages[j] != lineages[i]]
            central = float(np.mean(sims[i, others])) if others else 0.0
            scores.append(central + lead)
        previous = np.stack(chosen_vecs) if chosen_vecs else None
        picked: list[int] = []
        independent = len(set(d.lineage_id or d.id for d in by_day[day]))
        limit = 1 if topic is not None else per_day
        for i in sorted(range(len(items)), key=lambda k: -scores[k]):
            if scores[i] == -np.inf:
                break
            if previous is not None and float(np.max(previous @ vecs[i])) >= REPEAT:
                continue  # yesterday's news
            if picked:
                if independent < 2 or len(picked) >= limit:
                    break
                first = picked[0]
                if lineages[i] == lineages[first] or float(sims[i, first]) >= REPEAT:
                    continue
            picked.append(i)
            if len(picked) >= limit:
                break
        for i in picked:
            d, s = items[i]
            result.lines.append(Line(s.text, d.id, s.start, s.end, d.source))
            chosen_vecs.append(vecs[i])
        if result.lines:
            out.append(result)
    return out


def story_timeline(engine: EngineView, story_id: str) -> list[Day]:
    from newsdesk.retrieve import embed_cached
    from newsdesk.stories.differ import story_docs

    docs = story_docs(engine, story_id)
    return developments(docs, lambda t: embed_cached(engine.store, engine.embedder, t))


def topic_timeline(
    engine: EngineView, topic: str, since: str | None = None, until: str | None = None
) -> list[Day]:
    """The timeline of the articles retrieval finds for ``topic`` in the window."""
    from newsdesk.errors import NotFoundError
    from newsdesk.model import window_phrase
    from newsdesk.retrieve import embed_cached, evidence_docs, query_terms, retrieve

    store = engine.store
    hits = retrieve(store, topic, engine.embedder, since=since, until=until, limit=80)
    if not hits:
        raise NotFoundError(f"no articles match {topic!r}{window_phrase(since, until)}")
    docs = evidence_docs(store, [h.id for h in hits])
    query = np.asarray(engine.embedder.encode([topic])[0], dtype=np.float32)
    query /= max(float(np.linalg.norm(query)), 1e-9)
    return developments(
        docs,
        lambda t: embed_cached(store, engine.embedder, t),
        topic=query,
        terms=query_terms(topic),
    )
