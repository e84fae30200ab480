"""Where outlets disagree: claims within one story that differ between independent sources.

Three kinds of claim are compared, each between sentences of articles of different wire
lineages (a copy never disagrees with its original):

* **number**: the same quantity given different values: "10,000 National Guard troops" against
  "15,000 troops". A quantity is a number (with its scale: "1.2 million", "$3 billion"; with its
  unit: "1.2 tonnes" is 1,200 kilograms; "16%" and "16 percent" are one) and the content words
  right after it; two quantities are the same when those words share a noun and their
  sentences are about the same thing (embedding cosine >= ``SAME_CONTEXT``). Values differ when
  they are more than 5% apart (25% when either is hedged: "about", "more than", "up to", ...).
  Years, days of the month and ordinals are not quantities.
* **date**: the same event put on different days: two sentences close in meaning (cosine >=
  ``SAME_EVENT``) whose day-precise dates (:func:`newsdesk.reltime.find_dates`, resolved against
  each article's own date) do not overlap.
* **denial**: one source denies or rejects what another states: a sentence with a denial cue
  ("denied", "rejected", "false", "did not", "no evidence") close in meaning (cosine >=
  ``SAME_DENIED``) to a sentence of another source that has none.

Every side is cited with its article and the character span of its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from newsdesk.model import EvidenceDoc, Sentence

if TYPE_CHECKING:
    from newsdesk.briefing import Briefing
    from newsdesk.engine import Engine

SAME_CONTEXT = 0.5
SAME_EVENT = 0.8
SAME_DENIED = 0.65
MAX_DAYS_APART = 1  # articles published further apart report different moments of a story
MAX_SENTENCES = 40  # per article: the body where a story's claims are made

Embed = Callable[[list[str]], np.ndarray]

_NUM = re.compile(
    r"(?<![\w.,$])(\$)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(%|percent\b|per cent\b))?"
    r"(?:\s(million|billion|thousand|trillion)\b)?"
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNITS = {  # unit word -> (canonical unit, factor)
    "tonne": ("kg", 1000.0), "tonnes": ("kg", 1000.0), "ton": ("kg", 907.0),
    "tons": ("kg", 907.0), "kilogram": ("kg", 1.0), "kilograms": ("kg", 1.0),
    "kg": ("kg", 1.0), "pound": ("kg", 0.4536), "pounds": ("kg", 0.4536),
    "kilometre": ("km", 1.0), "kilometres": ("km", 1.0), "kilometer": ("km", 1.0),
    "kilometers": ("km", 1.0), "km": ("km", 1.0), "mile": ("km", 1.609),
    "miles": ("km", 1.609),
}  # fmt: skip
_HEDGES = re.compile(
    r"\b(about|around|roughly|nearly|almost|some|approximately|more than|less than|fewer than"
    r"|over|under|at least|at most|up to|as many as|as much as|estimated|an estimated|about"
    r"|close to|upwards of|dozens|hundreds|thousands)\s*$",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_STOP = frozenset(
    """a an the of to in on for and or by at from with as its their his her per each more than
    was were is are be been has have had that which who this these those new other about some
    percent per cent million billion thousand trillion year years old nearly almost over under
    into across through against between among during since before after within""".split()
)
_DENIAL = re.compile(
    r"\b(denied|denies|deny|denying|false|untrue|refuted|refutes|disputed|disputes"
    r"|no evidence|rejected (?:the )?(?:claims?|reports?|allegations?|accusations?))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Side:
    """One side of a disagreement: what an article states, where."""

    article_id: str
    source: str | None
    published: str | None
    sentence: str
    start: int
    end: int
    value: str  # the phrase that differs ("15,000 troops", "on Friday", "denied")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.article_id,
            "source": self.source,
            "published": self.published,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "value": self.value,
        }


@dataclass
class Disagreement:
    kind: str  # "number" | "date" | "denial"
    subject: str  # what it is about ("troops", "kg", an event's words)
    a: Side
    b: Side
    similarity: float = 0.0

    def line(self) -> str:
        sa = self.a.source or self.a.article_id
        sb = self.b.source or self.b.article_id
        if self.kind == "denial":
            return (
                f"{sb} reports a denial ({self.b.value!r}) of what {sa} states "
                f"([{self.a.article_id}], [{self.b.article_id}])"
            )
        what = "date" if self.kind == "date" else self.subject
        return (
            f"{what}: {sa} says {self.a.value!r} ([{self.a.article_id}]); "
            f"{sb} says {self.b.value!r} ([{self.b.article_id}])"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "similarity": round(self.similarity, 3),
            "sides": [self.a.as_dict(), self.b.as_dict()],
        }


@dataclass
class Quantity:
    value: float
    unit: str  # "" | "%" | "$" | "kg" | "km"
    nouns: frozenset[str]
    hedged: bool
    phrase: str


@dataclass
class _Sent:
    doc: EvidenceDoc
    s: Sentence
    quantities: list[Quantity] = field(default_factory=list)
    days: list[tuple[date, date, str]] = field(default_factory=list)
    spans: list[tuple[date, date]] = field(default_factory=list)  # every resolved mention
    denial: str | None = None


def _noun_key(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def quantities(text: str) -> list[Quantity]:
    """The quantities a sentence states (see the module docstring)."""
    out = []
    for m in _NUM.finditer(text):
        dollar, digits, pct, scale = m.group(1), m.group(2), m.group(3), m.group(4)
        before = text[max(0, m.start() - 30) : m.start()]
        after = text[m.end() : m.end() + 60]
        if _MONTH_BEFORE.search(before) or re.match(r"(st|nd|rd|th)\b", after):
            continue
        plain = digits.replace(",", "")
        if not dollar and not pct and not scale and re.fullmatch(r"(19|20)\d\d", plain):
            continue  # a year
        if re.match(r"\s?(a\.m\.|p\.m\.|am\b|pm\b|:\d)", after):
            continue  # a time of day
        value = float(plain) * _SCALE.get((scale or "").lower(), 1.0)
        unit = "%" if pct else ("$" if dollar else "")
        words = _WORD.findall(after)[:4]
        nouns = []
        shown = 0  # words of ``after`` that belong to the quantity's phrase
        for n, w in enumerate(words):
            lw = w.lower()
            if lw in _UNITS and not unit:
                unit, factor = _UNITS[lw]
                value *= factor
                continue
            if lw in ("and", "or", "but", "to", "in", "on", "at", "by", "from", "since", "after"):
                break
            if lw not in _STOP and len(lw) > 2:
                nouns.append(_noun_key(lw))
                shown = n + 1
        if not nouns and not unit:
            continue
        hedged = bool(_HEDGES.search(before))
        phrase = " ".join([text[m.start() : m.end()], *words[:shown]])
        out.append(Quantity(value, unit, frozenset(nouns), hedged, phrase.strip()))
    return out


def _same_quantity(a: Quantity, b: Quantity) -> str | None:
    """The shared noun (or unit) when ``a`` and ``b`` measure the same thing, else None."""
    if a.unit != b.unit:
        return None
    shared = a.nouns & b.nouns
    if shared:
        return sorted(shared, key=len)[-1]
    if a.unit in ("kg", "km", "%") and (not a.nouns or not b.nouns):
        return None  # a bare "38%" next to another bare "12%": too little to say it's one thing
    return None


def _differ(a: Quantity, b: Quantity) -> bool:
    hi, lo = max(a.value, b.value), min(a.value, b.value)
    if hi == 0:
        return False
    gap = (hi - lo) / hi
    return gap > (0.25 if a.hedged or b.hedged else 0.05)


def _sentences(doc: EvidenceDoc) -> list[Sentence]:
    return doc.sentences[:MAX_SENTENCES]


def _anchor(doc: EvidenceDoc) -> date | None:
    try:
        return date.fromisoformat((doc.published or "")[:10])
    except ValueError:
        return None


def _prepare(docs: Sequence[EvidenceDoc]) -> list[_Sent]:
    from newsdesk.reltime import find_dates

    out = []
    for d in docs:
        anchor = _anchor(d)
        for s in _sentences(d):
            item = _Sent(d, s, quantities(s.text))
            for m in find_dates(s.text, anchor):
                if m.first is None or m.last is None:
                    continue
                item.spans.append((m.first, m.last))
                if m.first == m.last:
                    item.days.append((m.first, m.last, m.phrase))
            cue = _DENIAL.search(s.text)
            item.denial = cue.group(0) if cue else None
            if item.quantities or item.days or item.denial:
                out.append(item)
    return out


def _side(x: _Sent, value: str) -> Side:
    return Side(x.doc.id, x.doc.source, x.doc.published, x.s.text, x.s.start, x.s.end, value)


def _independent(a: EvidenceDoc, b: EvidenceDoc) -> bool:
    la, lb = a.lineage_id or a.id, b.lineage_id or b.id
    if la == lb:
        return False
    return not (a.source and b.source and a.source.lower() == b.source.lower())


def _close_in_time(a: EvidenceDoc, b: EvidenceDoc) -> bool:
    da, db = _anchor(a), _anchor(b)
    return da is None or db is None or abs((da - db).days) <= MAX_DAYS_APART


def _other_times(x: _Sent, y: _Sent) -> bool:
    """Both sentences name times more than a week apart: two moments, not one claim."""
    if not x.spans or not y.spans:
        return False
    return all(
        (b0 - a1).days > 7 or (a0 - b1).days > 7 for a0, a1 in x.spans for b0, b1 in y.spans
    )


def find_disagreements(docs: Sequence[EvidenceDoc], embed: Embed | None) -> list[Disagreement]:
    """Disagreements between independent articles of one story, strongest first (one per
    pair of articles and subject)."""
    items = _prepare(docs)
    if len(items) < 2:
        return []
    sims = np.zeros((len(items), len(items)), dtype=np.float32)
    if embed is not None:
        vecs = embed([x.s.text for x in items])
        sims = vecs @ vecs.T
    found: dict[tuple[str, ...], Disagreement] = {}

    def keep(d: Disagreement) -> None:
        # one entry per claim in conflict, whichever articles carry each side
        key = (d.kind, d.subject, *sorted((d.a.value.split(" ")[0], d.b.value.split(" ")[0])))
        if d.kind != "number":
            key = (d.kind, *sorted((d.a.article_id, d.b.article_id)))
        if key not in found or found[key].similarity < d.similarity:
            found[key] = d

    for i, x in enumerate(items):
        for j in range(i + 1, len(items)):
            y = items[j]
            if not _independent(x.doc, y.doc) or not _close_in_time(x.doc, y.doc):
                continue
            sim = float(sims[i, j])
            for qa in x.quantities if not _other_times(x, y) else ():
                for qb in y.quantities:
                    noun = _same_quantity(qa, qb)
                    if noun and sim >= SAME_CONTEXT and _differ(qa, qb):
                        keep(
                            Disagreement(
                                "number", noun, _side(x, qa.phrase), _side(y, qb.phrase), sim
                            )
                        )
            if x.days and y.days and sim >= SAME_EVENT:
                dx, dy = x.days[0], y.days[0]
                if dx[0] != dy[0]:
                    keep(Disagreement("date", "when", _side(x, dx[2]), _side(y, dy[2]), sim))
            if sim >= SAME_DENIED and bool(x.denial) != bool(y.denial):
                asserts, denies = (x, y) if y.denial else (y, x)
                keep(
                    Disagreement(
                        "denial",
                        "denial",
                        _side(asserts, ""),
                        _side(denies, denies.denial or ""),
                        sim,
                    )
                )
    return sorted(found.values(), key=lambda d: (d.kind != "number", -d.similarity))


# -- the engine's side ---------------------------------------------------------------------


def story_docs(engine: Engine, story_id: str) -> list[EvidenceDoc]:
    store = engine.store
    ids = store.story_members(story_id)
    lineage = store.lineages(ids)
    return [
        EvidenceDoc(
            id=a.id,
            title=a.title,
            text=a.text,
            sentences=a.sentences,
            source=a.source,
            published=a.published,
            url=a.url,
            lineage_id=lineage.get(a.id),
            story_id=story_id,
        )
        for a in store.get_articles(ids)
    ]


def story_disagreements(engine: Engine, story_id: str) -> list[Disagreement]:
    from newsdesk.retrieve import embed_cached

    docs = story_docs(engine, story_id)
    return find_disagreements(docs, lambda t: embed_cached(engine.store, engine.embedder, t))


def add_disagreements(engine: Engine, briefing: Briefing, limit: int = 3) -> Briefing:
    """``briefing`` with a "Where reports differ" paragraph: number and date disagreements
    (then denials) within the stories its sentences cite, each side cited at its sentence."""
    from dataclasses import replace

    from newsdesk.briefing import BriefSentence, Citation, Paragraph, SourceRef, Verification
    from newsdesk.verify import check_sentence

    cited = [c.id for s in briefing.sentences() for c in s.citations]
    if not cited:
        return briefing
    engine.refresh_stories()
    story_ids = list(dict.fromkeys(engine.store.stories_of(cited).values()))
    found: list[Disagreement] = []
    for sid in story_ids:
        found += story_disagreements(engine, sid)
    found.sort(key=lambda d: (d.kind != "number", d.kind != "date", -d.similarity))
    sentences = []
    for d in found[:limit]:
        sa, sb = d.a.source or "one report", d.b.source or "another"
        if d.kind == "number":
            text = f"Reports differ on {d.subject}s: {sa} gives {d.a.value}, {sb} {d.b.value}."
        elif d.kind == "date":
            text = f"Reports differ on when: {sa} says {d.a.value}, {sb} {d.b.value}."
        else:
            text = f"{sb} reports a denial ({d.b.value}) of what {sa} states."
        cites = [
            Citation(d.a.article_id, d.a.start, d.a.end),
            Citation(d.b.article_id, d.b.start, d.b.end),
        ]
        sentences.append(BriefSentence(text, "templated", cites))
    texts = engine.store.texts({c.id for x in sentences for c in x.citations})
    checked = [replace(x, verdict=check_sentence(x, texts)) for x in sentences]
    kept = [x for x in checked if x.verdict is not None and x.verdict.ok]
    if not kept:
        return briefing
    have = {r.id for r in briefing.sources}
    new_ids = [c.id for x in kept for c in x.citations if c.id not in have]
    refs = [
        SourceRef(a.id, a.source, a.published, a.title, a.url)
        for a in engine.store.get_articles(list(dict.fromkeys(new_ids)), sentences=False)
    ]
    v = briefing.verification or Verification()
    verification = replace(v, checked=v.checked + len(checked), passed=v.passed + len(kept))
    return replace(
        briefing,
        paragraphs=[*briefing.paragraphs, Paragraph("strand", kept, "Where reports differ")],
        sources=[*briefing.sources, *refs],
        verification=verification,
    )
