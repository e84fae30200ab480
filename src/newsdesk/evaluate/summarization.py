"""``newsdesk eval summarization``: newsdesk against every DUC peer and common baselines.

DUC 2006 (and any DUC 2005-2007 style topic-focused set): for each topic, the articles are
turned into :class:`newsdesk.summarize.Doc` objects straight from the SGML (no store), newsdesk
briefs with the topic's title and narrative as the question, and the briefing's prose is cut to
250 words. Scored in the same run, with the same scorer: every peer in ``NISTeval/ROUGE/peers``
(systems, NIST's lead baseline as peer 1, and each human against the other three references),
sumy LexRank and TextRank, and a TF-IDF query-similarity ranker. DUC 2004: generic (no
question), 100 words, against sumy LexRank and TextRank, a TF-IDF centroid ranker and a lead
baseline.

The protocol (see :mod:`newsdesk.evaluate.summarization_rouge`): rouge-score 0.1.2 with
stemming, every text cut to its first N words, recall averaged over references, macro average
over topics. newsdesk is also reported on two halves of the topics (sorted by ID): the odd
positions ("tune", the only topics its parameters were tuned on) and the even ones
("held-out"). Finally, the share of newsdesk's extracted sentences whose text is found verbatim
at the span they cite (it must be 100%).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from statistics import mean
from typing import Any

from newsdesk.errors import InputError, NotFoundError
from newsdesk.evaluate.duc import DucTopic, find_topic_set_root, load_generic_set, load_topic_set
from newsdesk.evaluate.summarization_baselines import lead_summary, sumy_summary, tfidf_summary
from newsdesk.evaluate.summarization_rouge import RougeRecall
from newsdesk.ingest.boilerplate import content_start, is_boilerplate
from newsdesk.text import split_sentences
from newsdesk.verify import check_sentence
from newsdesk.write.extractive.compose import BriefConfig, Doc, compose, prepare

DATASETS = {"duc2006": ("topic", 250), "duc2004": ("generic", 100)}
AGENCIES = {
    "APW": "Associated Press",
    "NYT": "New York Times",
    "XIE": "Xinhua",
    "LAT": "Los Angeles Times",
    "FT": "Financial Times",
    "FBIS": "FBIS",
}


def topic_docs(topic: DucTopic, *, near_duplicate: float = 0.8) -> list[Doc]:
    """The topic's non-empty articles as writer input (sentences split on the cleaned text).

    Near-duplicates get a shared ``lineage_id`` as ingest gives them in the product: an article
    whose word 3-shingles overlap an earlier one's at Jaccard >= ``near_duplicate`` (the store's
    default threshold) joins that article's lineage, so wire copies count as one source.
    """
    from newsdesk.ingest.dedup import jaccard, shingles

    docs: list[Doc] = []
    seen: list[tuple[set[bytes], str]] = []
    for d in topic.docs:
        if not d.text.strip():
            continue  # the empty DUC 2004 articles
        agency = re.match(r"[A-Z]+", d.docno)
        sh = shingles(d.text)
        lineage = next((lin for other, lin in seen if jaccard(sh, other) >= near_duplicate), None)
        seen.append((sh, lineage or d.docno))
        docs.append(
            Doc(
                id=d.docno,
                title=d.headline,
                text=d.text,
                sentences=split_sentences(d.text),
                source=AGENCIES.get(agency.group(0), agency.group(0)) if agency else None,
                published=d.date,
                lineage_id=lineage,
            )
        )
    return docs


def baseline_sentences(docs: list[Doc]) -> list[list[str]]:
    """Every doc's sentences with datelines, bylines and boilerplate removed (what the
    baselines rank; newsdesk applies the same cleaning to its own candidates)."""
    out = []
    for d in docs:
        sents = []
        for s in d.sentences:
            t = s.text[content_start(s.text) :].strip()
            if t and not is_boilerplate(t):
                sents.append(t)
        out.append(sents)
    return out


def _halves(ids: list[str]) -> dict[str, str]:
    """``{topic id: "tune" | "held-out"}``: odd positions (1st, 3rd, ...) in sorted order tune."""
    return {tid: ("tune" if k % 2 == 0 else "held-out") for k, tid in enumerate(sorted(ids))}


def run_summarization_eval(
    dataset: str,
    data_dir: Path,
    *,
    limit: int | None = None,
    progress: bool = False,
    embed: Callable[[list[str]], Any] | None = None,
    cache_dir: Path | None = None,
    config: BriefConfig | None = None,
    baselines: bool = True,
    peers: bool = True,
) -> dict:
    """Run the evaluation and return its results (see :func:`format_summarization_table`).

    ``data_dir`` is the data folder holding ``duc2006/`` or ``duc2004/`` (or that dataset
    folder itself). ``embed`` defaults to the product embedder, with an on-disk vector cache
    in ``cache_dir`` when one is given.
    """
    if dataset not in DATASETS:
        raise InputError(f"unknown dataset {dataset!r} (expected duc2006 or duc2004)")
    kind, words = DATASETS[dataset]
    root = find_topic_set_root(Path(data_dir), dataset)
    topics = (
        load_topic_set(root, limit=limit)
        if kind == "topic"
        else (load_generic_set(root, limit=limit))
    )
    topics = [t for t in topics if t.models]
    if not topics:
        raise NotFoundError(f"{root}: no topics with reference summaries")
    if embed is None:
        from newsdesk.evaluate.summarization_cache import CachedEmbed

        embed = CachedEmbed(cache_dir)
    cfg = config or BriefConfig()
    scorer = RougeRecall()
    half = _halves([t.id for t in topics])
    scores: dict[str, dict[str, tuple[float, float, float]]] = {}
    kinds: dict[str, str] = {}
    verbatim_ok = verbatim_total = 0
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def record(system: str, system_kind: str, tid: str, value: tuple[float, float, float]) -> None:
        scores.setdefault(system, {})[tid] = value
        kinds[system] = system_kind

    for n, topic in enumerate(topics, 1):
        if progress:
            print(f"\r{dataset}: topic {n}/{len(topics)} {topic.id}", end="", file=sys.stderr)
        refs = topic.models
        docs = topic_docs(topic)
        query = topic.query if kind == "topic" else None
        t0 = time.perf_counter()
        prep = prepare(query, docs, embed=embed, config=cfg)
        brief = compose(prep, words=words, config=cfg)
        timings["newsdesk"] = timings.get("newsdesk", 0.0) + time.perf_counter() - t0
        texts = {d.id: d.text for d in docs}
        # Every problem counts: a bad span, a repair that does not undo, an unknown citation.
        extracted = [s for s in brief.sentences() if s.kind in ("extracted", "repaired")]
        verbatim_total += len(extracted)
        verbatim_ok += sum(1 for s in extracted if check_sentence(s, texts).ok)
        record(
            "newsdesk", "newsdesk", topic.id, scorer.score(brief.text(), list(refs.values()), words)
        )
        # The same selection closed by a templated sentence of counts instead: what that costs.
        templated = compose(prep, words=words, config=replace(cfg, overall="templated"))
        record(
            "newsdesk, templated close",
            "newsdesk",
            topic.id,
            scorer.score(templated.text(), list(refs.values()), words),
        )
        if baselines:
            sents = baseline_sentences(docs)
            runs: list[tuple[str, Callable[[], str]]] = [
                ("sumy LexRank", partial(sumy_summary, "lexrank", sents, words)),
                ("sumy TextRank", partial(sumy_summary, "textrank", sents, words)),
            ]
            if kind == "topic":
                tfidf_q = partial(tfidf_summary, sents, words, query)
                runs.append(("TF-IDF query similarity", tfidf_q))
            else:
                runs.append(("TF-IDF centroid", partial(tfidf_summary, sents, words, None)))
                runs.append(("lead (first article)", partial(lead_summary, sents, words)))
            for name, fn in runs:
                t0 = time.perf_counter()
                summary = fn()
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
                record(
                    name, "baseline", topic.id, scorer.score(summary, list(refs.values()), words)
                )
        if peers:
            for pid, text in topic.peers.items():
                others = [r for k, r in refs.items() if k != pid]
                human = pid in refs or pid.isalpha()
                name = f"human {pid}" if human else f"peer {pid}"
                pkind = "human" if human else ("nist-baseline" if pid == "1" else "system")
                record(name, pkind, topic.id, scorer.score(text, others, words))
    if progress:
        print(file=sys.stderr)
    save = getattr(embed, "save", None)
    if callable(save):
        save()

    def avg(per: dict[str, tuple[float, float, float]], only: str | None = None) -> dict:
        vals = [v for tid, v in per.items() if only is None or half[tid] == only]
        if not vals:
            return {"rouge1": None, "rouge2": None, "rougeL": None, "topics": 0}
        return {
            "rouge1": mean(v[0] for v in vals),
            "rouge2": mean(v[1] for v in vals),
            "rougeL": mean(v[2] for v in vals),
            "topics": len(vals),
        }

    rows = []
    for system, per in scores.items():
        row = {"system": system, "kind": kinds[system], **avg(per)}
        row["tune"] = avg(per, "tune")
        row["held-out"] = avg(per, "held-out")
        rows.append(row)
    rows.sort(key=lambda r: -(r["rouge2"] or 0.0))
    humans = [r for r in rows if r["kind"] == "human"]
    if humans:
        # Human peers each cover only the topics they wrote for: average them per topic.
        by_topic: dict[str, list[tuple[float, float, float]]] = {}
        for r in humans:
            for tid, v in scores[r["system"]].items():
                by_topic.setdefault(tid, []).append(v)
        per_topic = {
            tid: tuple(mean(x[k] for x in vs) for k in range(3)) for tid, vs in by_topic.items()
        }
        avg_row = {"system": "humans (average)", "kind": "human-average", **avg(per_topic)}  # type: ignore[arg-type]
        avg_row["tune"] = avg(per_topic, "tune")  # type: ignore[arg-type]
        avg_row["held-out"] = avg(per_topic, "held-out")  # type: ignore[arg-type]
        rows.append(avg_row)
        rows.sort(key=lambda r: -(r["rouge2"] or 0.0))
    return {
        "dataset": dataset,
        "data": str(root),
        "words": words,
        "topics": len(topics),
        "halves": {
            "tune": sum(1 for v in half.values() if v == "tune"),
            "held-out": sum(1 for v in half.values() if v == "held-out"),
        },
        "rows": rows,
        "newsdesk": {
            "verbatim_share": verbatim_ok / verbatim_total if verbatim_total else 1.0,
            "extracted_sentences": verbatim_total,
            "tune": next(r["tune"] for r in rows if r["system"] == "newsdesk"),
            "held-out": next(r["held-out"] for r in rows if r["system"] == "newsdesk"),
        },
        "seconds": {k: round(v, 1) for k, v in timings.items()}
        | {"total": round(time.perf_counter() - started, 1)},
    }


def _f(x: float | None) -> str:
    return "   -  " if x is None else f"{x:.4f}"


def format_summarization_table(result: dict) -> str:
    """The ranked table (by ROUGE-2) with newsdesk's halves and verbatim share below it."""
    lines = [
        f"{result['dataset']}: {result['topics']} topics, summaries cut to {result['words']} "
        "words, ROUGE recall (rouge-score 0.1.2, stemmed), macro average over topics",
        "humans are scored against the other three references; rougeL is rouge-score's "
        "summary-level LCS, not NIST's",
        "",
        f"{'rank':>4}  {'system':<28} {'kind':<14} {'ROUGE-1':>7}  {'ROUGE-2':>7}  "
        f"{'ROUGE-L':>7}  {'topics':>6}",
    ]
    for k, r in enumerate(result["rows"], 1):
        mark = " <" if r["system"] == "newsdesk" else ""
        lines.append(
            f"{k:>4}  {r['system']:<28} {r['kind']:<14} {_f(r['rouge1']):>7}  "
            f"{_f(r['rouge2']):>7}  {_f(r['rougeL']):>7}  {r['topics']:>6}{mark}"
        )
    lines.append("")
    if result["dataset"] == "duc2006":
        lines.append(
            "by half: 'tune' = odd-numbered topics (the only ones newsdesk was tuned on), "
            "'held-out' = even-numbered"
        )
    else:
        lines.append(
            "by half (newsdesk was not tuned on this set: parameters from DUC 2006's "
            "odd-numbered topics):"
        )
    systems = [r for r in result["rows"] if r["kind"] == "system"]
    shown = [
        r
        for r in result["rows"]
        if r["kind"] in ("newsdesk", "baseline", "nist-baseline", "human-average")
        or (systems and r is systems[0])
    ]
    lines.append(
        f"  {'system':<28} {'tune R-1':>8} {'tune R-2':>8} {'held R-1':>8} {'held R-2':>8}"
    )
    for r in shown:
        t, h = r["tune"], r["held-out"]
        lines.append(
            f"  {r['system']:<28} {_f(t['rouge1']):>8} {_f(t['rouge2']):>8} "
            f"{_f(h['rouge1']):>8} {_f(h['rouge2']):>8}"
        )
    nd = result["newsdesk"]
    lines.append(
        f"newsdesk extracted sentences verbatim at their cited span: "
        f"{nd['verbatim_share']:.1%} of {nd['extracted_sentences']}"
    )
    secs = result.get("seconds", {})
    if secs:
        lines.append("time (s): " + ", ".join(f"{k} {v}" for k, v in secs.items()))
    return "\n".join(lines)


__all__ = ["run_summarization_eval", "format_summarization_table", "topic_docs"]
