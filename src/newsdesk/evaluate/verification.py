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
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.errors import NotFoundError
from newsdesk.evaluate import Progress
from newsdesk.evaluate.corruptions import (
    change_number,
    insert_negation,
    paraphrase,
    shares_run,
    shift_date,
    shift_month,
    shift_relative,
    shift_weekday,
    shift_year,
    swap_entity,
    wrong_repair,
)
from newsdesk.text import split_sentences
from newsdesk.verify.check import check_against
from newsdesk.verify.dates import date_spans, parse_day
from newsdesk.verify.document import parse_document
from newsdesk.verify.entities import required_words, sentence_entities
from newsdesk.verify.facts import unsupported_quantities
from newsdesk.verify.support import SourceDoc, SupportChecker, Thresholds

TRUE_KINDS = ("true", "paraphrase", "handwritten")
CORRUPT_KINDS = (
    "number",
    "entity",
    "date",
    "month",
    "year",
    "weekday",
    "relative",
    "citation",
    "citation_subset",
    "repair",
    "negation",
)
PARAPHRASES = Path(__file__).with_name("verify_paraphrases.tsv")
KINDS = TRUE_KINDS + CORRUPT_KINDS


@dataclass
class Topic:
    corpus: str
    id: str
    split: str  # "tune" | "report"
    docs: list[SourceDoc]
    keys: dict[str, str] = field(default_factory=dict)  # document reference -> doc ID


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
            kept = [d for d in t.docs if len(d.text.split()) > 80][:docs_per_topic]
            docs = [SourceDoc(_eid("duc:" + d.docno), d.text, parse_day(d.date)) for d in kept]
            if len(docs) >= 2:
                refs = {d.docno: _eid("duc:" + d.docno) for d in kept}
                split = "tune" if n % 2 else "report"
                topics.append(Topic("duc2006", t.id, split, docs, refs))
    path = Path(data_dir) / "allsides" / "stories_2021.jsonl"
    if path.is_file():
        found = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    found.append(json.loads(line))
        for s in found[: (limit * 2 if limit else stories)]:
            docs = []
            keys: dict[str, str] = {}
            for side in ("left", "center", "right"):
                item = (s.get("news") or {}).get(side) or {}
                body = item.get("newBody") or []
                text = "\n".join(
                    str(p).strip() for p in ([body] if isinstance(body, str) else body)
                )
                if len(text.split()) > 40:
                    docs.append(SourceDoc(_eid(f"allsides:{s['id']}:{side}"), text, None))
                    keys[f"{s['id']}:{side}"] = docs[-1].id
            if len(docs) >= 2:
                split = "tune" if int(s["id"]) % 2 else "report"
                topics.append(Topic("allsides", f"allsides-{s['id']}", split, docs, keys))
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
        if "..." in t or ".." in t or "…" in t:
            continue  # a source cut short ("curb.."): no sentence to restate
        if 10 <= n <= 45 and t.endswith((".", '."', ".”")) and "\n" not in t and t[0].isupper():
            out.append(t)
    return out


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
        add("month", shift_month(c, d, rng))
        add("year", shift_year(c, d, rng))
        add("weekday", shift_weekday(c, d, rng))
        add("relative", shift_relative(c, d, rng))
        add("repair", wrong_repair(c, d, rng))
        # another article of the topic, verifiably without the claim: it lacks one of the
        # sentence's numbers or names (an outlet retelling the story in its own words is no
        # miscitation, and is not counted as one)
        others = [
            o
            for o in t.docs
            if o.id != d.id and not shares_run(c, o.text) and _lacks_a_fact(c, es, o)
        ]
        if others:
            add("citation", c, [rng.choice(others).id])
            extra = [d.id, rng.choice(others).id]
            rng.shuffle(extra)
            add("citation_subset", c, extra)
        add("negation", insert_negation(c))
    items += handwritten_items(topics)
    return items


def _lacks_a_fact(sentence: str, ents: list[tuple[str, str]], doc: SourceDoc) -> bool:
    """Whether ``doc`` lacks one of the numbers or names ``sentence`` states."""
    if unsupported_quantities(sentence, [doc.text], skip=date_spans(sentence)):
        return True
    words = doc.words()
    return any(not all(w in words for w in required_words(e)) for e, _ in ents if required_words(e))


def handwritten_items(topics: Sequence[Topic], path: Path = PARAPHRASES) -> list[Item]:
    """The hand-written paraphrases (:data:`PARAPHRASES`) whose documents are loaded."""
    where: dict[str, tuple[Topic, str]] = {}
    for t in topics:
        for key, doc_id in t.keys.items():
            where[f"{t.corpus}:{key}"] = (t, doc_id)
    out: list[Item] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("corpus\t"):
            continue
        corpus, doc, _sentence, text = line.split("\t", 3)
        hit = where.get(f"{corpus}:{doc}")
        if hit is None:
            continue
        t, doc_id = hit
        out.append(Item(t.id, t.corpus, t.split, "handwritten", text, [doc_id]))
    return out


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
            elif s.verdict is not None and any(
                r.startswith("citation [") for r in s.verdict.reasons
            ):
                item.flagged = True  # a citation that states nothing, dropped
                item.reasons += s.verdict.reasons


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
            "clause_similarity": t.clause_similarity,
            "clause_coverage": t.clause_coverage,
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
