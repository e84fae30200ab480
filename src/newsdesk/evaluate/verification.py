"""``newsdesk eval verify``: does the verifier catch wrong sentences and pass right ones?

A labelled set is built from real sentences of the shared data (DUC 2006 articles, AllSides
coverage): for each chosen source sentence,

* ``true``: the sentence cited to its own article;
* ``paraphrase``: the same facts with its clauses reordered ("On Monday, X said Y." ->
  "X said Y on Monday."; "\\"Q,\\" X said." -> "X said, \\"Q.\\"");
* ``number``: one number changed to a value its article never states;
* ``entity``: one name swapped for another of the same type from the same corpus that its
  article never mentions;
* ``date``: one date shifted (an explicit day moved, a weekday changed) to one its article
  never states;
* ``citation``: the sentence cited to another article on the same topic that does not carry
  it;
* ``negation``: "not" inserted after the first auxiliary verb.

Each topic's items are written out as one Markdown briefing (one paragraph per item, citations
as ``([id])``) and checked exactly as ``newsdesk verify`` checks a file: parsed by
:func:`newsdesk.verify.document.parse_document`, verified by
:func:`newsdesk.verify.check.check_against` with the real embedding model. Detection recall is
the share of corrupted items flagged, false alarms the share of true and paraphrased items
flagged.

Topics are split by index: odd DUC 2006 topics and odd AllSides story IDs are the tuning half
(the verifier's thresholds were set on it), even ones the reported half.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.errors import NotFoundError
from newsdesk.evaluate import Progress
from newsdesk.reltime import WEEKDAYS, find_dates, format_day
from newsdesk.text import split_sentences
from newsdesk.verify.check import check_against
from newsdesk.verify.dates import parse_day
from newsdesk.verify.document import parse_document
from newsdesk.verify.entities import required_words, sentence_entities
from newsdesk.verify.facts import quantities
from newsdesk.verify.support import SourceDoc, SupportChecker, Thresholds, negations

TRUE_KINDS = ("true", "paraphrase")
CORRUPT_KINDS = ("number", "entity", "date", "citation", "negation")
KINDS = TRUE_KINDS + CORRUPT_KINDS
SWAP_LABELS = ("PERSON", "ORG", "GPE", "NORP")
_AUX = re.compile(
    r"\b(is|was|are|were|has|have|had|will|would|can|could|should|does|did|do|may|might)\b"
    r"(?!\s+(?:not|n't|never)\b)"
)
_OPENER = re.compile(
    r"^((?:In|On|At|After|Before|During|Since|While|Although|When|Despite|Last|This|Earlier|"
    r"Later|Under|For|With|By|Over)\b[^,\"“”]{2,60}),\s+(.+)$"
)
_SAID_THAT = re.compile(
    r"^([A-Z][^,\"“”]{2,60}?)\s+(said|says|announced|reported|added)"
    r"(\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?\s+that\s+"
    r"([^\"“”]{20,})\.$"
)
_TRAILING_SAID = re.compile(r"^([^\"“”]{20,}?),\s+([^,]{2,50}?)\s+(said|says)\.$")
_QUOTE_SAID = re.compile(r'^"([^"]{20,}?),"\s+(.{2,60}?)\s+(said|says|added|told [^.]{1,40})\.$')


@dataclass
class Topic:
    corpus: str
    id: str
    split: str  # "tune" | "report"
    docs: list[SourceDoc]


@dataclass
class Item:
    topic: str
    corpus: str
    split: str
    kind: str
    text: str
    cites: list[str]
    flagged: bool | None = None
    reasons: list[str] = field(default_factory=list)
    similarity: float = 1.0  # the lowest of its sentences'
    coverage: float = 1.0


def _eid(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


# -- data -------------------------------------------------------------------------------------


def load_topics(
    data_dir: Path, *, limit: int | None = None, docs_per_topic: int = 4, stories: int = 100
) -> list[Topic]:
    """DUC 2006 topics (their first ``docs_per_topic`` articles) and the first ``stories``
    AllSides stories (``limit``: only the first ``limit`` topics and ``2 * limit`` stories)."""
    from newsdesk.evaluate.duc import find_topic_set_root, load_topic_set

    topics: list[Topic] = []
    duc_root = Path(data_dir) / "duc2006"
    if duc_root.is_dir():
        root = find_topic_set_root(Path(data_dir), "duc2006")
        for n, t in enumerate(load_topic_set(root, limit=limit), start=1):
            docs = [
                SourceDoc(_eid("duc:" + d.docno), d.text, parse_day(d.date))
                for d in t.docs
                if len(d.text.split()) > 80
            ][:docs_per_topic]
            if len(docs) >= 2:
                topics.append(Topic("duc2006", t.id, "tune" if n % 2 else "report", docs))
    path = Path(data_dir) / "allsides" / "stories_2021.jsonl"
    if path.is_file():
        found = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    found.append(json.loads(line))
        for s in found[: (limit * 2 if limit else stories)]:
            docs = []
            for side in ("left", "center", "right"):
                item = (s.get("news") or {}).get(side) or {}
                body = item.get("newBody") or []
                text = "\n".join(
                    str(p).strip() for p in ([body] if isinstance(body, str) else body)
                )
                if len(text.split()) > 40:
                    docs.append(SourceDoc(_eid(f"allsides:{s['id']}:{side}"), text, None))
            if len(docs) >= 2:
                split = "tune" if int(s["id"]) % 2 else "report"
                topics.append(Topic("allsides", f"allsides-{s['id']}", split, docs))
    if not topics:
        raise NotFoundError(
            f"{data_dir}: neither duc2006/ nor allsides/stories_2021.jsonl found (see --data)"
        )
    return topics


def _candidate_sentences(doc: SourceDoc) -> list[str]:
    out = []
    for s in split_sentences(doc.text):
        t = s.text.strip()
        n = len(t.split())
        if 10 <= n <= 45 and t.endswith((".", '."', ".”")) and "\n" not in t and t[0].isupper():
            out.append(t)
    return out


# -- corruptions ------------------------------------------------------------------------------


def paraphrase(text: str) -> str | None:
    """The same facts with clauses reordered, or None when no rule applies."""
    m = _OPENER.match(text)
    if m and text.endswith("."):
        opener, rest = m.group(1), m.group(2)
        first = opener[0].lower() + opener[1:] if opener.split()[0] not in ("I",) else opener
        return rest[0].upper() + rest[1:-1] + " " + first + "."
    m = _QUOTE_SAID.match(text.replace("“", '"').replace("”", '"'))
    if m:
        return f'{m.group(2)[0].upper()}{m.group(2)[1:]} {m.group(3)}, "{m.group(1)}."'
    m = _SAID_THAT.match(text)
    if m:
        who, verb, when, rest = m.group(1), m.group(2), m.group(3) or "", m.group(4)
        if who.split()[0] in ("The", "A", "An"):
            who = who[0].lower() + who[1:]
        return f"{rest[0].upper()}{rest[1:]}, {who} {verb}{when}."
    m = _TRAILING_SAID.match(text)
    if m and not m.group(1).startswith(('"', "“")):
        body, who, verb = m.group(1), m.group(2), m.group(3)
        who = who[0].upper() + who[1:]
        return f"{who} {verb} that {body[0].lower() if not _proper(body) else body[0]}{body[1:]}."
    m = re.match(r"^(.{20,}?),\s+(according to [^,]{3,60})\.$", text)
    if m:
        return f"{m.group(2)[0].upper()}{m.group(2)[1:]}, {m.group(1)[0].lower()}{m.group(1)[1:]}."
    return None


def _proper(text: str) -> bool:
    """Whether the first word is a name (kept capitalised when it moves inside)."""
    first = text.split()[0]
    return (
        first not in ("The", "A", "An", "It", "This", "That", "There", "In", "On")
        and (first.isupper() or first[0].isupper())
        and first.lower()
        not in (
            "the",
            "a",
            "an",
            "it",
            "this",
            "that",
            "there",
            "in",
            "on",
            "he",
            "she",
            "they",
            "we",
        )
    )


def change_number(text: str, doc: SourceDoc, rng: random.Random) -> str | None:
    spans = [(m.start, m.end) for m in find_dates(text, None)]
    qs = [q for q in quantities(text, skip=spans) if q.text[:1].isdigit() or q.text[:1] in "$€£"]
    if not qs:
        return None
    have = quantities(doc.text)
    q = rng.choice(qs)
    m = re.search(r"\d[\d,]*(?:\.\d+)?", q.text)
    if not m:
        return None
    raw = m.group()
    value = float(raw.replace(",", ""))
    for _ in range(20):
        new = value + rng.choice([-1, 1]) * max(1.0, round(value * rng.uniform(0.1, 0.6)))
        if new <= 0 or new == value:
            continue
        new_raw = (
            f"{new:,.0f}" if "," in raw else (f"{new:.0f}" if "." not in raw else f"{new:.1f}")
        )
        scale = q.value / value if value else 1.0
        if any(abs(h.value - new * scale) < 1e-6 * max(1, new * scale) for h in have):
            continue
        a = q.start + m.start()
        return text[:a] + new_raw + text[a + len(raw) :]
    return None


def swap_entity(
    text: str,
    ents: list[tuple[str, str]],
    doc: SourceDoc,
    pool: dict[str, list[str]],
    rng: random.Random,
) -> str | None:
    words = doc.words()
    choices = [(t, lab) for t, lab in ents if lab in SWAP_LABELS and required_words(t)]
    if not choices:
        return None
    old, label = rng.choice(choices)
    options = [
        e
        for e in pool.get(label, [])
        if e != old and required_words(e) and not any(w in words for w in required_words(e))
    ]
    if not options:
        return None
    return text.replace(old, rng.choice(options), 1)


def shift_date(text: str, doc: SourceDoc, rng: random.Random) -> str | None:
    have = find_dates(doc.text, doc.day)
    mentions = [m for m in find_dates(text, doc.day) if m.first is not None]
    if not mentions:
        return None
    m = rng.choice(mentions)
    assert m.first is not None
    phrase = m.phrase
    for _ in range(20):
        if m.relative:
            low = phrase.lower()
            day = next((w for w in WEEKDAYS if w in low), None)
            if day is None:
                return None
            other = rng.choice([w for w in WEEKDAYS if w != day])
            i = low.index(day)
            new_phrase = phrase[:i] + other.capitalize() + phrase[i + len(day) :]
        else:
            if m.first != m.last:
                return None
            new_day = m.first + timedelta(days=rng.choice([-1, 1]) * rng.randint(2, 40))
            with_year = bool(re.search(r"\b(19|20)\d\d\b", phrase))
            new_phrase = format_day(new_day, year=with_year)
        new_text = text[: m.start] + new_phrase + text[m.end :]
        found = [
            x for x in find_dates(new_text, doc.day) if x.start == m.start and x.first is not None
        ]
        if not found:
            continue
        x = found[0]
        assert x.first is not None and x.last is not None
        if any(h.first and h.last and h.first <= x.last and x.first <= h.last for h in have):
            continue
        return new_text
    return None


def insert_negation(text: str) -> str | None:
    if negations(text):
        return None
    m = _AUX.search(text)
    if not m:
        return None
    return text[: m.end()] + " not" + text[m.end() :]


def _shares_run(sentence: str, other: str, n: int = 8) -> bool:
    w = re.findall(r"\w+", sentence.lower())
    o = " " + " ".join(re.findall(r"\w+", other.lower())) + " "
    return any(" " + " ".join(w[i : i + n]) + " " in o for i in range(max(1, len(w) - n + 1)))


def build_items(topics: Sequence[Topic], *, per_doc: int = 2, seed: int = 2006) -> list[Item]:
    """The labelled set (deterministic for a seed)."""
    rng = random.Random(seed)
    chosen: list[tuple[Topic, SourceDoc, str]] = []
    for t in topics:
        for d in t.docs:
            cands = _candidate_sentences(d)
            rng.shuffle(cands)
            # half with a figure or a date when there is one: those are what corruptions change
            rich = [c for c in cands if re.search(r"\d", c)]
            picks = (rich[:1] + [c for c in cands if c not in rich[:1]])[:per_doc]
            chosen += [(t, d, c) for c in picks]
    ents = sentence_entities([c for _, _, c in chosen])
    pool: dict[str, dict[str, list[str]]] = {}
    for (t, _, _), es in zip(chosen, ents, strict=True):
        for text, label in es:
            bucket = pool.setdefault(t.corpus, {}).setdefault(label, [])
            if text not in bucket:
                bucket.append(text)
    items: list[Item] = []
    for (t, d, c), es in zip(chosen, ents, strict=True):

        def add(
            kind: str,
            text: str | None,
            cites: list[str] | None = None,
            t: Topic = t,
            d: SourceDoc = d,
        ) -> None:
            if text:
                items.append(Item(t.id, t.corpus, t.split, kind, text, cites or [d.id]))

        add("true", c)
        add("paraphrase", paraphrase(c))
        add("number", change_number(c, d, rng))
        add("entity", swap_entity(c, es, d, pool.get(t.corpus, {}), rng))
        add("date", shift_date(c, d, rng))
        others = [o for o in t.docs if o.id != d.id and not _shares_run(c, o.text)]
        if others:
            add("citation", c, [rng.choice(others).id])
        add("negation", insert_negation(c))
    return items


# -- running ----------------------------------------------------------------------------------


def _markdown(items: Sequence[Item]) -> str:
    return "\n\n".join(f"{i.text} ({', '.join(f'[{c}]' for c in i.cites)})" for i in items)


def check_items(
    items: list[Item], sources: dict[str, SourceDoc], checker: SupportChecker, topic: str
) -> None:
    """Flag each item as ``newsdesk verify`` would flag the Markdown briefing holding it."""
    doc = parse_document(_markdown(items), topic)
    if len(doc.paragraphs) != len(items):
        raise RuntimeError(f"{topic}: {len(items)} items read back as {len(doc.paragraphs)}")
    checked = check_against(doc, sources, checker)
    assert checked.verification is not None
    results = iter(checked.verification.sentences)
    for item, p in zip(items, doc.paragraphs, strict=True):
        item.flagged = False
        for _ in p.sentences:
            s = next(results)
            v = s.verdict
            if v is not None and v.similarity is not None and v.coverage is not None:
                item.similarity = min(item.similarity, v.similarity)
                item.coverage = min(item.coverage, v.coverage)
            if s.verdict is not None and not s.verdict.ok:
                item.flagged = True
                item.reasons += s.verdict.reasons or [s.verdict.reason or ""]


def cached_embed(encode: Callable[[list[str]], np.ndarray]) -> Callable[[list[str]], np.ndarray]:
    memo: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in memo))
        if todo:
            memo.update(zip(todo, encode(todo), strict=True))
        return np.stack([memo[t] for t in texts])

    return embed


def summarize(items: Sequence[Item]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for split in ("tune", "report", "all"):
        rows: dict[str, Any] = {}
        for kind in KINDS:
            sel = [i for i in items if i.kind == kind and (split == "all" or i.split == split)]
            n = len(sel)
            k = sum(1 for i in sel if i.flagged)
            rows[kind] = {"n": n, "flagged": k, "rate": (k / n) if n else None}
        true = [i for i in items if i.kind in TRUE_KINDS and (split == "all" or i.split == split)]
        fa = sum(1 for i in true if i.flagged)
        rows["false_alarms"] = {
            "n": len(true),
            "flagged": fa,
            "rate": fa / len(true) if true else None,
        }
        out[split] = rows
    return out


def run_verify_eval(
    data_dir: Path,
    *,
    limit: int | None = None,
    on_progress: Progress | None = None,
    thresholds: Thresholds | None = None,
    encode: Callable[[list[str]], np.ndarray] | None = None,
    examples: int = 3,
) -> dict[str, Any]:
    """Build the labelled set from ``data_dir``, check it, and score per corruption type."""
    say = on_progress or (lambda *_: None)
    say("loading data", None, None)
    topics = load_topics(Path(data_dir), limit=limit)
    say("building the labelled set", None, None)
    items = build_items(topics)
    if encode is None:
        from newsdesk.embed.minilm import get_embedder

        embedder = get_embedder()
        encode = embedder.encode
    checker = SupportChecker(cached_embed(encode), thresholds)
    by_topic: dict[str, list[Item]] = {}
    for it in items:
        by_topic.setdefault(it.topic, []).append(it)
    docs = {d.id: d for t in topics for d in t.docs}
    for n, (topic, its) in enumerate(by_topic.items(), start=1):
        say("checking", n, len(by_topic))
        check_items(its, docs, checker, topic)
    summary = summarize(items)
    misses = {
        k: [
            {"text": i.text, "topic": i.topic}
            for i in items
            if i.kind == k and i.split == "report" and not i.flagged
        ][:examples]
        for k in CORRUPT_KINDS
    }
    alarms = [
        {"kind": i.kind, "text": i.text, "reasons": i.reasons, "topic": i.topic}
        for i in items
        if i.kind in TRUE_KINDS and i.split == "report" and i.flagged
    ][:examples]
    t = checker.t
    return {
        "topics": {
            "duc2006": sum(1 for x in topics if x.corpus == "duc2006"),
            "allsides": sum(1 for x in topics if x.corpus == "allsides"),
        },
        "items": len(items),
        "thresholds": {
            "similarity": t.similarity,
            "coverage": t.coverage,
            "synthesis_coverage": t.synthesis_coverage,
        },
        "summary": summary,
        "missed_examples": misses,
        "false_alarm_examples": alarms,
        "day": date.today().isoformat(),
    }


def format_verify_table(result: dict[str, Any]) -> str:
    s = result["summary"]
    lines = [
        f"newsdesk eval verify: {result['items']} labelled sentences from "
        f"{result['topics']['duc2006']} DUC 2006 topics and {result['topics']['allsides']} "
        "AllSides stories",
        "thresholds tuned on the 'tune' half (odd topics/stories); 'report' is the held-out half",
        "",
        f"{'item type':<22}{'tune n':>8}{'flagged':>9}{'report n':>10}{'flagged':>9}",
    ]
    for kind in (*CORRUPT_KINDS, *TRUE_KINDS, "false_alarms"):
        name = {"false_alarms": "false alarms (true+para)"}.get(kind, kind)
        if kind in CORRUPT_KINDS:
            name = f"{kind} (recall)"
        row = f"{name:<22}"
        for split in ("tune", "report"):
            r = s[split][kind]
            rate = "-" if r["rate"] is None else f"{r['rate']:.1%}"
            row += f"{r['n']:>8}{rate:>9}" if split == "tune" else f"{r['n']:>10}{rate:>9}"
        lines.append(row)
    return "\n".join(lines)
