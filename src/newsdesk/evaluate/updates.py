"""``newsdesk eval updates``: do update briefings repeat what the reader already read?

Built from DUC 2006 (no public set has update briefings over dated news with a reader's
history; DUC 2007's update task is not in ../shared/data). For each topic, its articles are
split by date into an earlier and a later half (the day that makes the halves closest in size;
a topic is skipped when either half would hold fewer than ``MIN_HALF`` articles). Every article
is ingested into a fresh SQLite store and these are written on the topic's question, each cut to
``words`` words:

* **update**: ``newsdesk brief --new-since DAY`` (the earlier half counts as read);
* **later half, plain**: a plain briefing of the later half (``--since`` the next day);
* **lead of the later half**: the later articles' first sentences, then their second, ...,
  in date order (datelines and boilerplate removed, as the DUC baselines are);
* **everything, plain**: a plain briefing over all articles (what re-briefing without an
  update gives);
* for reference, **earlier half, plain**: the briefing the reader read (``--until DAY``).

Measured for each system, macro-averaged over topics:

* **repeats earlier half**: the share of its sentences that repeat a sentence of the earlier
  half's articles, where *repeat* means that at least half of the sentence's word bigrams
  (rouge-score tokens, Porter-stemmed) occur in one single earlier sentence. This judge is
  lexical and sentence-to-sentence; the update filter it checks uses embeddings and
  content-word containment (see :mod:`newsdesk.briefs.updates`), so the two are related but not
  the same rule;
* **repeats earlier briefing**: the same, against the sentences of the earlier-half briefing;
* **novel bigrams**: the share of its bigrams found nowhere in the earlier half;
* **ROUGE-2**: recall against the topic's four human summaries (which cover the whole topic,
  so a pure update is expected to score lower: it is there to show the update stays on topic).

The update filter's thresholds were set on the odd-numbered topics (``--half tune``); the
even-numbered ones (``--half held-out``, the default) are the ones to report.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Collection
from pathlib import Path
from statistics import mean
from typing import Any

from newsdesk.errors import InputError, NewsdeskError, NotFoundError
from newsdesk.evaluate import Progress
from newsdesk.evaluate.duc import DucTopic, find_topic_set_root, load_topic_set
from newsdesk.evaluate.summarization_rouge import RougeRecall

MIN_HALF = 4
REPEAT_SHARE = 0.5
SYSTEMS = (
    "update (--new-since)",
    "later half, plain",
    "lead of the later half",
    "everything, plain",
    "earlier half, plain",
)


def split_day(dates: list[str]) -> str | None:
    """The day D that splits ``dates`` most evenly into <= D and > D (None: no good split)."""
    days = sorted(set(dates))
    best: tuple[int, str] | None = None
    for d in days[:-1]:
        early = sum(1 for x in dates if x <= d)
        late = len(dates) - early
        if early < MIN_HALF or late < MIN_HALF:
            continue
        gap = abs(early - late)
        if best is None or gap < best[0]:
            best = (gap, d)
    return best[1] if best else None


def _half_of(topic_id: str) -> str:
    num = int("".join(c for c in topic_id[3:5] if c.isdigit()) or 0)
    return "tune" if num % 2 else "held-out"


class _Judge:
    """Sentence-level repeat judgement by bigram containment (rouge-score tokens)."""

    def __init__(self, rouge: RougeRecall) -> None:
        self.rouge = rouge

    def bigrams(self, text: str) -> set[tuple[str, str]]:
        t = self.rouge.tokens(text)
        return set(zip(t, t[1:], strict=False))

    def repeat_share(self, sentences: list[str], earlier: list[set[tuple[str, str]]]) -> float:
        if not sentences:
            return 0.0
        n = 0
        for s in sentences:
            b = self.bigrams(s)
            if b and any(len(b & e) / len(b) >= REPEAT_SHARE for e in earlier):
                n += 1
        return n / len(sentences)


def _cut_sentences(sentences: list[str], words: int) -> list[str]:
    out, total = [], 0
    for s in sentences:
        if total >= words:
            break
        out.append(s)
        total += len(s.split())
    return out


def run_updates_eval(
    data_dir: Path,
    *,
    half: str = "held-out",
    limit: int | None = None,
    topics: Collection[str] | None = None,
    words: int = 150,
    on_progress: Progress | None = None,
    same_meaning: float | None = None,
    same_words: float | None = None,
) -> dict[str, Any]:
    """Run the date-split evaluation on DUC 2006 (see the module docstring)."""
    from newsdesk.briefs import updates
    from newsdesk.embed.minilm import get_embedder
    from newsdesk.engine import Engine
    from newsdesk.evaluate.summarization import baseline_sentences, topic_docs
    from newsdesk.model import BriefRequest, RawArticle
    from newsdesk.store.sqlite import SQLiteStore

    if half not in ("held-out", "tune", "all"):
        raise InputError(f"--half {half!r}: expected held-out, tune or all")
    root = find_topic_set_root(Path(data_dir), "duc2006")
    loaded = [t for t in load_topic_set(root, ids=topics) if half in ("all", _half_of(t.id))]
    if limit is not None:
        loaded = loaded[:limit]
    if not loaded:
        raise NotFoundError(f"{root}: no topics in half {half!r}")
    saved = (updates.SAME_MEANING, updates.SAME_WORDS)
    if same_meaning is not None:
        updates.SAME_MEANING = same_meaning
    if same_words is not None:
        updates.SAME_WORDS = same_words
    rouge = RougeRecall()
    judge = _Judge(rouge)
    embedder = get_embedder()
    per: dict[str, dict[str, dict[str, float]]] = {s: {} for s in SYSTEMS}
    empty_updates = 0
    skipped: list[str] = []
    started = time.perf_counter()
    try:
        for n, topic in enumerate(loaded):
            if on_progress is not None:
                on_progress(f"updates: topic {topic.id}", n, len(loaded))
            docs = [d for d in topic_docs(topic) if d.published]
            day = split_day([d.published[:10] for d in docs if d.published])
            if day is None:
                skipped.append(topic.id)
                continue
            with tempfile.TemporaryDirectory(prefix="newsdesk-eval-updates-") as tmp:
                store = SQLiteStore(Path(tmp) / "topic.db")
                engine = Engine(store, embedder)
                try:
                    engine.ingest(
                        [
                            RawArticle(
                                title=d.title or "",
                                text=d.text,
                                published=(d.published or "")[:10] + "T12:00:00Z",
                                source=d.source,
                                origin=d.id,
                            )
                            for d in docs
                        ],
                        stories=False,
                    )
                    outputs = _systems(
                        engine, topic, day, words, docs, BriefRequest, updates, baseline_sentences
                    )
                finally:
                    store.close()
            if not outputs["update (--new-since)"]:
                empty_updates += 1
            earlier_sents = [
                s
                for d in docs
                if (d.published or "")[:10] <= day
                for s in (x.text for x in d.sentences)
            ]
            earlier_bi = [judge.bigrams(s) for s in earlier_sents]
            earlier_all = set().union(*earlier_bi) if earlier_bi else set()
            brief_bi = [judge.bigrams(s) for s in outputs["earlier half, plain"]]
            refs = list(topic.models.values())
            for system, sentences in outputs.items():
                kept = _cut_sentences(sentences, words)
                text = " ".join(kept)
                bi = judge.bigrams(text)
                per[system][topic.id] = {
                    "sentences": float(len(kept)),
                    "repeats_earlier_half": judge.repeat_share(kept, earlier_bi),
                    "repeats_earlier_briefing": judge.repeat_share(kept, brief_bi),
                    "novel_bigrams": (len(bi - earlier_all) / len(bi)) if bi else 0.0,
                    "rouge2": rouge.score(text, refs, words)[1] if refs else 0.0,
                }
    finally:
        updates.SAME_MEANING, updates.SAME_WORDS = saved
    if on_progress is not None:
        on_progress("updates: scored", len(loaded), len(loaded))
    rows = []
    for system in SYSTEMS:
        vals = per[system]
        if not vals:
            continue
        rows.append(
            {
                "system": system,
                "topics": len(vals),
                **{
                    k: mean(v[k] for v in vals.values())
                    for k in (
                        "sentences",
                        "repeats_earlier_half",
                        "repeats_earlier_briefing",
                        "novel_bigrams",
                        "rouge2",
                    )
                },
            }
        )
    return {
        "dataset": "duc2006",
        "half": half,
        "words": words,
        "topics": len(loaded) - len(skipped),
        "skipped": skipped,
        "empty_updates": empty_updates,
        "thresholds": {
            "same_meaning": same_meaning if same_meaning is not None else saved[0],
            "same_words": same_words if same_words is not None else saved[1],
        },
        "rows": rows,
        "per_topic": per,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _systems(
    engine: Any,
    topic: DucTopic,
    day: str,
    words: int,
    docs: list[Any],
    BriefRequest: Any,  # noqa: N803 - the class, passed in to keep imports lazy
    updates: Any,
    baseline_sentences: Any,
) -> dict[str, list[str]]:
    """The sentences each system publishes for one topic."""
    q = topic.query

    def brief(**kw: Any) -> list[str]:
        try:
            b = engine.brief(BriefRequest(q, words=words, **kw))
        except NewsdeskError:
            return []
        return [s.text for s in b.sentences() if s.kind != "templated"]

    later = [d for d in docs if (d.published or "")[:10] > day]
    later.sort(key=lambda d: (d.published or "", d.id))
    leads = baseline_sentences(later)
    lead: list[str] = []
    for i in range(max((len(x) for x in leads), default=0)):
        lead += [x[i] for x in leads if i < len(x)]
    return {
        "update (--new-since)": brief(new_since=day),
        "later half, plain": brief(since=updates.after_bound(day)),
        "lead of the later half": _cut_sentences(lead, words),
        "everything, plain": brief(),
        "earlier half, plain": brief(until=day),
    }


def format_updates_table(result: dict[str, Any]) -> str:
    lines = [
        f"DUC 2006 date-split update evaluation: {result['topics']} topics ({result['half']} "
        f"half), {result['words']} words, thresholds {result['thresholds']}",
        f"{'system':<26} {'sent.':>5} {'repeats earlier half':>21} {'repeats earlier brief':>22}"
        f" {'novel bigrams':>14} {'ROUGE-2':>8}",
    ]
    for r in result["rows"]:
        lines.append(
            f"{r['system']:<26} {r['sentences']:>5.1f} {r['repeats_earlier_half']:>21.3f} "
            f"{r['repeats_earlier_briefing']:>22.3f} {r['novel_bigrams']:>14.3f} "
            f"{r['rouge2']:>8.4f}"
        )
    lines.append(
        f"updates with no new developments: {result['empty_updates']}; skipped topics (no "
        f"date split with {MIN_HALF}+ articles a side): {len(result['skipped'])}; "
        f"{result['seconds']}s"
    )
    return "\n".join(lines)
