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
over topics. newsdesk's parameters were tuned on DUC 2006's odd-numbered topics only, so the
results lead with the held-out half (the even-numbered topics), then the tune half and the whole
set; DUC 2004 was never tuned on (every topic is held out; its halves are alternate positions).

What is scored is what newsdesk would publish: the briefing after the verify stage
(:func:`newsdesk.verify.verify`), which drops any sentence that fails. Every sentence is checked
with :func:`newsdesk.verify.check_sentence` against the articles it cites, and the share of
extracted and repaired sentences verified at their cited span is reported (it must be 100%),
with every problem the verify stage found: a span outside its article or unequal to the
sentence, a repair that does not undo to its span, a citation of an unknown article.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from statistics import mean
from typing import Any

from newsdesk.boilerplate import content_start, is_boilerplate
from newsdesk.briefing import Briefing
from newsdesk.errors import InputError, NotFoundError
from newsdesk.evaluate import Progress
from newsdesk.evaluate.duc import DucTopic, find_topic_set_root, load_generic_set, load_topic_set
from newsdesk.evaluate.summarization_baselines import lead_summary, sumy_summary, tfidf_summary
from newsdesk.evaluate.summarization_rouge import RougeRecall
from newsdesk.text import split_sentences
from newsdesk.verify import VerificationError, check_sentence, verify
from newsdesk.verify.sources import SourceDoc, from_evidence
from newsdesk.write.extractive import ExtractiveWriter
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


# The half each topic belongs to. DUC 2006: newsdesk was tuned on the odd-numbered topics (by
# the topic's number, so a subset keeps its topics' halves); the even-numbered ones are held out.
# DUC 2004 was never tuned on: its halves are alternate positions in sorted order, both held out.
HALVES = {"duc2006": ("held-out", "tune"), "duc2004": ("odd", "even")}
HALF_NOTES = {
    "duc2006": {
        "held-out": "even-numbered topics, never tuned on",
        "tune": "odd-numbered topics, the only ones newsdesk's parameters were tuned on",
    },
    "duc2004": {
        "odd": "odd positions (sorted by cluster id), held out like the whole set",
        "even": "even positions (sorted by cluster id), held out like the whole set",
    },
}
TUNING_NOTES = {
    "duc2006": "newsdesk's parameters were tuned on the odd-numbered DUC 2006 topics only; the "
    "even-numbered half is held out",
    "duc2004": "DUC 2004 was never tuned on (newsdesk's parameters come from DUC 2006's "
    "odd-numbered topics): every topic is held out",
}


def _halves(dataset: str, ids: list[str]) -> dict[str, str]:
    """``{topic id: half}`` (see ``HALVES``)."""
    if dataset == "duc2006":
        out = {}
        for tid in ids:
            m = re.search(r"\d+", tid)
            if not m:
                raise InputError(f"topic {tid!r}: no number to tell its half")
            out[tid] = "tune" if int(m.group(0)) % 2 == 1 else "held-out"
        return out
    return {tid: ("odd" if k % 2 == 0 else "even") for k, tid in enumerate(sorted(ids))}


class VerifyTally:
    """What the verify stage found in newsdesk's briefings, sentence by sentence."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()  # extracted / repaired sentences checked
        self.passed = 0  # of those, verified at their cited span
        self.other_checked = 0  # templated (and any other) sentences, citations checked
        self.other_passed = 0
        self.problems: list[dict[str, str]] = []

    def check(self, topic: str, variant: str, brief: Briefing, texts: dict[str, str]) -> None:
        """Check every sentence of ``brief``; only the main variant counts toward the share."""
        for s in brief.sentences():
            v = check_sentence(s, texts)
            if s.kind in ("extracted", "repaired"):
                if variant != "newsdesk":
                    if not v.ok:  # mostly the main variant's sentences: reported, not counted
                        self._problem(topic, variant, s.kind, v.reason, v.check, s.text)
                    continue
                self.kinds[s.kind] += 1
                self.passed += v.ok
            else:
                self.other_checked += 1
                self.other_passed += v.ok
            if not v.ok:
                self._problem(topic, variant, s.kind, v.reason, v.check, s.text)

    def _problem(
        self, topic: str, variant: str, kind: str, reason: str | None, check: str, text: str
    ) -> None:
        self.problems.append(
            {
                "topic": topic,
                "variant": variant,
                "kind": kind,
                "check": check,
                "reason": reason or "",
                "sentence": text[:120],
            }
        )

    def summary(self) -> dict[str, Any]:
        total = sum(self.kinds.values())
        return {
            "verified_share": self.passed / total if total else 1.0,
            "checked": total,
            "passed": self.passed,
            "by_kind": dict(self.kinds),
            "other_checked": self.other_checked,
            "other_passed": self.other_passed,
            "problems": self.problems,
        }


READER = "newsdesk, planned (reader)"


def published(
    brief: Briefing, texts: dict[str, str], sources: Mapping[str, SourceDoc] | None = None
) -> str:
    """The prose newsdesk would publish: the briefing after the verify stage ('' if none);
    ``sources`` gives the articles' dates, as the engine gives them."""
    try:
        return verify(brief, texts, sources=sources).text()
    except VerificationError:
        return ""


def run_summarization_eval(
    dataset: str,
    data_dir: Path,
    *,
    limit: int | None = None,
    topics: Collection[str] | None = None,
    on_progress: Progress | None = None,
    embed: Callable[[list[str]], Any] | None = None,
    cache_dir: Path | None = None,
    config: BriefConfig | None = None,
    baselines: bool = True,
    peers: bool = True,
    reader: bool = True,
) -> dict:
    """Run the evaluation and return its results (see :func:`format_summarization_table`).

    The rows "newsdesk" are the configuration measured here (``config``, by default the DUC
    one); with ``reader`` a row for what a reader gets (:data:`READER`: the product's writer,
    planned from stories) is printed beside it.

    ``data_dir`` is the data folder holding ``duc2006/`` or ``duc2004/`` (or that dataset
    folder itself). ``topics`` keeps only the topics it names (``D0602B`` or ``D0602``),
    ``limit`` the first N. ``embed`` defaults to the product embedder, with an on-disk vector
    cache in ``cache_dir`` when one is given.
    """
    if dataset not in DATASETS:
        raise InputError(f"unknown dataset {dataset!r} (expected duc2006 or duc2004)")
    kind, words = DATASETS[dataset]
    root = find_topic_set_root(Path(data_dir), dataset)
    loaded = (
        load_topic_set(root, limit=limit, ids=topics)
        if kind == "topic"
        else load_generic_set(root, limit=limit, ids=topics)
    )
    loaded = [t for t in loaded if t.models]
    if not loaded:
        raise NotFoundError(f"{root}: no topics with reference summaries")
    if embed is None:
        from newsdesk.evaluate.summarization_cache import CachedEmbed

        embed = CachedEmbed(cache_dir)
    cfg = config or BriefConfig()
    scorer = RougeRecall()
    half = _halves(dataset, [t.id for t in loaded])
    scores: dict[str, dict[str, tuple[float, float, float]]] = {}
    kinds: dict[str, str] = {}
    tally = VerifyTally()
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def record(system: str, system_kind: str, tid: str, value: tuple[float, float, float]) -> None:
        scores.setdefault(system, {})[tid] = value
        kinds[system] = system_kind

    for n, topic in enumerate(loaded, 1):
        if on_progress is not None:
            on_progress(f"{dataset}: topic {topic.id}", n - 1, len(loaded))
        refs = list(topic.models.values())
        docs = topic_docs(topic)
        texts = {d.id: d.text for d in docs}
        if len(texts) != len(docs):
            raise InputError(f"topic {topic.id}: two articles share an ID")
        query = topic.query if kind == "topic" else None
        t0 = time.perf_counter()
        prep = prepare(query, docs, embed=embed, config=cfg)
        brief = compose(prep, words=words, config=cfg)
        timings["newsdesk"] = timings.get("newsdesk", 0.0) + time.perf_counter() - t0
        # The same selection closed by a templated sentence of counts instead: what that costs.
        templated = compose(prep, words=words, config=replace(cfg, overall="templated"))
        runs_nd = [("newsdesk", brief), ("newsdesk, templated close", templated)]
        if reader:
            # What a reader gets: the product's writer at this budget, planned from stories.
            rcfg = ExtractiveWriter().config_for(words)
            t0 = time.perf_counter()
            rprep = prepare(query, docs, embed=embed, config=rcfg)
            runs_nd.append((READER, compose(rprep, words=words, config=rcfg)))
            timings[READER] = timings.get(READER, 0.0) + time.perf_counter() - t0
        for name, b in runs_nd:
            tally.check(topic.id, name, b, texts)
            shown = published(b, texts, from_evidence(docs))
            record(name, "newsdesk", topic.id, scorer.score(shown, refs, words))
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
                record(name, "baseline", topic.id, scorer.score(summary, refs, words))
        if peers:
            for pid, text in topic.peers.items():
                others = [r for k, r in topic.models.items() if k != pid]
                human = pid in topic.models or pid.isalpha()
                name = f"human {pid}" if human else f"peer {pid}"
                pkind = "human" if human else ("nist-baseline" if pid == "1" else "system")
                record(name, pkind, topic.id, scorer.score(text, others, words))
    if on_progress is not None:
        on_progress(f"{dataset}: scored", len(loaded), len(loaded))
    save = getattr(embed, "save", None)
    if callable(save):
        save()
    halves = HALVES[dataset]

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

    def row(system: str, system_kind: str, per: dict[str, tuple[float, float, float]]) -> dict:
        out = {"system": system, "kind": system_kind, **avg(per)}
        for h in halves:
            out[h] = avg(per, h)
        return out

    rows = [row(system, kinds[system], per) for system, per in scores.items()]
    humans = [r for r in rows if r["kind"] == "human"]
    if humans:
        # Human peers each cover only the topics they wrote for: average them per topic.
        by_topic: dict[str, list[tuple[float, float, float]]] = {}
        for r in humans:
            for tid, v in scores[r["system"]].items():
                by_topic.setdefault(tid, []).append(v)
        per_topic = {
            tid: (mean(x[0] for x in vs), mean(x[1] for x in vs), mean(x[2] for x in vs))
            for tid, vs in by_topic.items()
        }
        rows.append(row("humans (average)", "human-average", per_topic))
    rows.sort(key=lambda r: -(r["rouge2"] or 0.0))
    verified = tally.summary()
    ours = next(r for r in rows if r["system"] == "newsdesk")
    return {
        "dataset": dataset,
        "data": str(root),
        "words": words,
        "topics": len(loaded),
        "topic_ids": [t.id for t in loaded],
        "tuning": TUNING_NOTES[dataset],
        "halves": {h: sum(1 for v in half.values() if v == h) for h in halves},
        "half_notes": HALF_NOTES[dataset],
        "rows": rows,
        "newsdesk": {
            "verified_share": verified["verified_share"],
            # Kept under its old name for readers of earlier results: the same share.
            "verbatim_share": verified["verified_share"],
            "extracted_sentences": verified["checked"],
            "verification": verified,
            **{h: ours[h] for h in halves},
        },
        "seconds": {k: round(v, 1) for k, v in timings.items()}
        | {"total": round(time.perf_counter() - started, 1)},
    }


def _f(x: float | None) -> str:
    return "   -  " if x is None else f"{x:.4f}"


def _group_cols(r: dict) -> str:
    return f"{_f(r['rouge1']):>7} {_f(r['rouge2']):>7} {r['topics']:>3}"


def format_summarization_table(result: dict) -> str:
    """One ranked table that leads with the held-out topics, then the tune half and the whole.

    DUC 2006: ranked by ROUGE-2 on the held-out half (even-numbered topics), with the tune half
    (odd-numbered, where newsdesk was tuned) and the whole set beside it. DUC 2004, never tuned
    on: ranked by the whole set (all held out), its alternate halves beside it. Below: the
    verify stage's findings on newsdesk's sentences.
    """
    dataset = result["dataset"]
    halves = list(result["halves"])
    notes = result.get("half_notes", {})
    lines = [
        f"{dataset}: {result['topics']} topics, summaries cut to {result['words']} "
        "words, ROUGE recall (rouge-score 0.1.2, stemmed), macro average over topics",
        "humans are scored against the other three references; rougeL is rouge-score's "
        "summary-level LCS, not NIST's",
        result.get("tuning", ""),
    ]
    if "held-out" in halves:  # lead with the held-out half, rank by it
        groups = ["held-out", "tune", "all"]
        titles = {"held-out": "held-out half", "tune": "tune half", "all": "whole set"}
        rank_by = "held-out"
    else:
        groups = ["all", *halves]
        titles = {"all": "whole (held out)", **{h: f"{h} half" for h in halves}}
        rank_by = "all"
    for g in groups:
        if g != "all":
            lines.append(f"  {titles[g]} ({result['halves'][g]} topics): {notes.get(g, '')}")

    def part(r: dict, g: str) -> dict:
        return r if g == "all" else r[g]

    rows = sorted(result["rows"], key=lambda r: -(part(r, rank_by)["rouge2"] or -1.0))
    lines.append("")
    lines.append(f"ranked by ROUGE-2 on the {titles[rank_by]}")
    head = f"{'':>4}  {'':<28} {'':<14}" + "".join(f" | {titles[g]:<19}" for g in groups)
    lines.append(head + f" | {'':>7}")
    lines.append(
        f"{'rank':>4}  {'system':<28} {'kind':<14}"
        + "".join(f" | {'R-1':>7} {'R-2':>7} {'n':>3}" for _ in groups)
        + f" | {'R-L all':>7}"
    )
    for k, r in enumerate(rows, 1):
        mark = " <" if r["system"] == "newsdesk" else ""
        lines.append(
            f"{k:>4}  {r['system']:<28} {r['kind']:<14}"
            + "".join(f" | {_group_cols(part(r, g))}" for g in groups)
            + f" | {_f(r['rougeL']):>7}{mark}"
        )
    nd = result["newsdesk"]
    v = nd.get("verification", {})
    by_kind = ", ".join(f"{n} {k}" for k, n in sorted(v.get("by_kind", {}).items()))
    lines.append("")
    lines.append(
        f"newsdesk sentences verified at their cited span: {nd['verified_share']:.1%} of "
        f"{nd['extracted_sentences']} ({by_kind or 'none'}); verify stage: span inside the "
        "article and equal to the sentence, repair undone exactly, every citation known"
    )
    if v:
        lines.append(
            f"  templated sentences, citations checked: {v['other_passed']} of "
            f"{v['other_checked']} pass; problems found: {len(v['problems']) or 'none'}"
        )
        for p in v["problems"][:10]:
            lines.append(
                f"  - {p['topic']} ({p['variant']}, {p['kind']}, {p['check']}): {p['reason']}: "
                f"{p['sentence'][:60]!r}"
            )
        if len(v["problems"]) > 10:
            lines.append(f"  ... {len(v['problems']) - 10} more in the JSON output")
    secs = result.get("seconds", {})
    if secs:
        lines.append("time (s): " + ", ".join(f"{k} {v}" for k, v in secs.items()))
    return "\n".join(lines)


__all__ = ["run_summarization_eval", "format_summarization_table", "topic_docs"]
