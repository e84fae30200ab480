"""``newsdesk eval readability``: does a planned briefing read as an editor would write it?

Multi-story topics with known gold stories, briefed by the product's extractive writer
(``ExtractiveWriter().config_for(words)``: planned from stories, grouped at brief time since
the articles carry no story IDs):

* **ECB+**: each topic's articles, two real-world events (the gold stories);
* **AllSides**: stories of one issue (the editors' topic label, e.g. "Immigration") mixed
  together, three stories a topic, stories taken in ID order.

Each briefing is scored on what it publishes (after the verify stage), each extracted sentence
belonging to the gold story of the article it cites first:

* **strand purity**: the share of paragraphs (lead and strands) whose sentences all come from
  one gold story;
* **strand coverage**: the share of the topic's top gold stories (the two largest) that the
  majority of some paragraph comes from;
* **lead accuracy**: how often the lead's sentence comes from the largest gold story (any of
  them on a tie);
* **leaning**: the share of published sentences the standalone detector
  (:func:`newsdesk.write.extractive.readability.standalone_problem`) flags, but for a
  sentence right after the one before it in its article (it may lean on that one);
* **chronology inversions**: sentences inside a paragraph whose article is dated before the
  article of the sentence before them;
* **repeated facts**: pairs of extracted sentences of one briefing that state the same fact
  (:func:`newsdesk.write.extractive.repeats.repeats`); the "Overall" close, which names the
  strands' facts on purpose, is left out of this and of the leaning rate.

The writer's plan parameters may be tuned on the odd-numbered topics (ECB+ topic number;
AllSides: the smallest story ID of the mix); the even-numbered half is held out.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.briefing import Briefing, BriefSentence, cite_ids
from newsdesk.errors import NewsdeskError, NotFoundError
from newsdesk.evaluate import Progress
from newsdesk.evaluate.clusterdata import EvalDoc, load_allsides, load_ecbplus
from newsdesk.model import EvidenceDoc
from newsdesk.text import split_sentences
from newsdesk.write.extractive import ExtractiveWriter
from newsdesk.write.extractive.candidates import prepare
from newsdesk.write.extractive.compose import compose
from newsdesk.write.extractive.readability import ALL_KINDS, standalone_problem
from newsdesk.write.extractive.repeats import repeats

WORDS = 250
MIX = 3  # AllSides stories per mixed topic
TOP = 2  # gold stories a briefing should give a paragraph each


@dataclass
class Topic:
    id: str
    dataset: str
    number: int  # decides the half: odd tunes, even is held out
    docs: list[EvalDoc]


def _ecb_topics(docs: Sequence[EvalDoc]) -> list[Topic]:
    by: dict[str, list[EvalDoc]] = {}
    for d in docs:
        by.setdefault(d.group, []).append(d)
    out = []
    for group, members in by.items():
        if len({d.gold for d in members}) < 2:
            continue
        digits = "".join(ch for ch in group if ch.isdigit())
        out.append(Topic(f"ecb+{group}", "ecbplus", int(digits or 0), members))
    return sorted(out, key=lambda t: t.number)


def _issues(path: Path) -> dict[str, str]:
    """AllSides story ID -> its issue (the editors' topic label)."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                story = json.loads(line)
                out[str(story["id"])] = str(story.get("topic") or "")
    return out


def _allsides_topics(docs: Sequence[EvalDoc], issues: dict[str, str]) -> list[Topic]:
    stories: dict[str, list[EvalDoc]] = {}
    for d in docs:
        stories.setdefault(d.gold, []).append(d)
    by_issue: dict[str, list[str]] = {}
    for sid in sorted(stories, key=lambda s: (len(s), s)):
        if len(stories[sid]) >= 2 and issues.get(sid):
            by_issue.setdefault(issues[sid], []).append(sid)
    out = []
    for issue, sids in sorted(by_issue.items()):
        for k in range(0, len(sids) - MIX + 1, MIX):
            group = sids[k : k + MIX]
            first = min(int(s) if s.isdigit() else 0 for s in group)
            members = [d for s in group for d in stories[s]]
            out.append(Topic(f"allsides:{issue}:{first}", "allsides", first, members))
    return sorted(out, key=lambda t: t.number)


def _evidence(topic: Topic) -> list[EvidenceDoc]:
    return [
        EvidenceDoc(
            id=d.id[:8],
            title=d.title,
            text=d.text,
            sentences=split_sentences(d.text),
            source=d.source,
            published=d.published,
            url=d.url,
        )
        for d in topic.docs
    ]


@dataclass
class Scores:
    paragraphs: int = 0
    pure: int = 0
    top: int = 0
    top_covered: int = 0
    briefings: int = 0
    lead_right: int = 0
    sentences: int = 0
    leaning: int = 0
    inversions: int = 0
    repeats: int = 0
    failed: int = 0

    def add(self, other: Scores) -> None:
        for k, v in vars(other).items():
            setattr(self, k, getattr(self, k) + v)

    def summary(self) -> dict[str, Any]:
        def share(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "briefings": self.briefings,
            "failed": self.failed,
            "strand_purity": share(self.pure, self.paragraphs),
            "strand_coverage": share(self.top_covered, self.top),
            "lead_accuracy": share(self.lead_right, self.briefings),
            "leaning": share(self.leaning, self.sentences),
            "leaning_count": self.leaning,
            "sentences": self.sentences,
            "inversions": self.inversions,
            "repeated_facts": self.repeats,
            "paragraphs": self.paragraphs,
        }


def score_briefing(
    b: Briefing,
    gold: dict[str, str],
    day: dict[str, str],
    embed: Callable[[list[str]], Any] | None,
) -> Scores:
    """The figures of one published briefing (see the module docstring)."""
    sc = Scores(briefings=1)
    sizes = Counter(gold.values())
    largest = max(sizes.values())
    top = [g for g, _ in sizes.most_common(TOP)]
    majority: set[str] = set()
    extracted: list[str] = []
    lead_gold: str | None = None
    for p in b.paragraphs:
        sents = [s for s in p.sentences if s.kind != "templated" and s.citations]
        if not sents:
            continue
        golds = [gold.get(cite_ids(s)[0], "?") for s in sents]
        if p.role in ("lead", "strand"):
            sc.paragraphs += 1
            sc.pure += len(set(golds)) == 1
            majority.add(Counter(golds).most_common(1)[0][0])
        if p.role == "lead" and lead_gold is None:
            lead_gold = golds[0]
        if p.role == "overall":
            continue  # the close names the strands' facts on purpose
        days = [day.get(cite_ids(s)[0], "") for s in sents]
        sc.inversions += sum(1 for a, c in zip(days, days[1:], strict=False) if a and c and c < a)
        for k, s in enumerate(sents):
            sc.sentences += 1
            if standalone_problem(
                s.text, strict_context=True, leaning=ALL_KINDS
            ) is not None and not _follows(sents[k - 1] if k else None, s):
                sc.leaning += 1
            extracted.append(s.text)
    sc.top = len(top)
    sc.top_covered = sum(1 for g in top if g in majority)
    sc.lead_right = int(lead_gold is not None and sizes.get(lead_gold, 0) == largest)
    if len(extracted) > 1:
        vecs = embed(extracted) if embed is not None else None
        for a in range(len(extracted)):
            for c in range(a + 1, len(extracted)):
                cos = float(vecs[a] @ vecs[c]) if vecs is not None else None
                sc.repeats += repeats(extracted[a], extracted[c], cos)
    return sc


def run_readability_eval(
    data_dir: Path,
    *,
    limit: int | None = None,
    words: int = WORDS,
    on_progress: Progress | None = None,
    embed: Callable[[list[str]], Any] | None = None,
    cache_dir: Path | None = None,
    datasets: Sequence[str] = ("ecbplus", "allsides"),
) -> dict[str, Any]:
    """Brief every topic of ``datasets`` and score the briefings (see the module)."""
    from newsdesk.verify import VerificationError, verify
    from newsdesk.verify.sources import from_evidence

    data_dir = Path(data_dir)
    topics: list[Topic] = []
    if "ecbplus" in datasets:
        topics += _ecb_topics(load_ecbplus(data_dir / "ecbplus"))[:limit]
    if "allsides" in datasets:
        root = data_dir / "allsides"
        articles = load_allsides(root)
        topics += _allsides_topics(articles, _issues(root / "stories_2021.jsonl"))[:limit]
    if not topics:
        raise NotFoundError(f"{data_dir}: no multi-story topics found")
    if embed is None:
        from newsdesk.evaluate.summarization_cache import CachedEmbed

        embed = CachedEmbed(cache_dir)
    cfg = ExtractiveWriter().config_for(words)
    totals: dict[tuple[str, str], Scores] = {}
    failures: list[dict[str, str]] = []
    per_topic: list[dict[str, Any]] = []
    started = time.perf_counter()
    for n, topic in enumerate(topics):
        if on_progress is not None:
            on_progress(f"readability: {topic.id}", n, len(topics))
        half = "tune" if topic.number % 2 else "held-out"
        evidence = _evidence(topic)
        gold = {e.id: d.gold for e, d in zip(evidence, topic.docs, strict=True)}
        day = {e.id: (e.published or "")[:10] for e in evidence}
        texts = {e.id: e.text for e in evidence}
        key = (topic.dataset, half)
        try:
            prep = prepare(None, evidence, embed=embed, config=cfg)
            b = verify(
                compose(prep, words=words, config=cfg), texts, sources=from_evidence(evidence)
            )
        except (NewsdeskError, VerificationError) as exc:
            failures.append({"topic": topic.id, "error": str(exc)})
            totals.setdefault(key, Scores()).failed += 1
            continue
        sc = score_briefing(b, gold, day, embed)
        totals.setdefault(key, Scores()).add(sc)
        per_topic.append({"topic": topic.id, "half": half, **sc.summary()})
    save = getattr(embed, "save", None)
    if callable(save):
        save()
    rows = []
    for (dataset, half), sc in sorted(totals.items()):
        rows.append({"dataset": dataset, "half": half, **sc.summary()})
    for half in ("tune", "held-out"):
        both = Scores()
        for (_, h), sc in totals.items():
            if h == half:
                both.add(sc)
        rows.append({"dataset": "both", "half": half, **both.summary()})
    return {
        "words": words,
        "topics": len(topics),
        "tuning": "plan parameters may be tuned on odd-numbered topics; even ones are held out",
        "rows": rows,
        "per_topic": per_topic,
        "failures": failures,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def format_readability_table(result: dict[str, Any]) -> str:
    lines = [
        f"Readability of planned briefings ({result['words']} words, {result['topics']} "
        "topics; tune = odd ids, held-out = even ids)",
        "",
        "| data | half | briefings | purity | coverage | lead | leaning | inversions | repeats |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        lines.append(
            f"| {r['dataset']} | {r['half']} | {r['briefings']} | {_f(r['strand_purity'])} | "
            f"{_f(r['strand_coverage'])} | {_f(r['lead_accuracy'])} | {_f(r['leaning'])} "
            f"({r['leaning_count']}/{r['sentences']}) | {r['inversions']} | "
            f"{r['repeated_facts']} |"
        )
    if result["failures"]:
        lines.append("")
        lines.append(f"{len(result['failures'])} topics failed: {result['failures'][:3]}")
    lines.append(f"\n{result['seconds']} s")
    return "\n".join(lines)


def _follows(prev: BriefSentence | None, s: BriefSentence) -> bool:
    """Whether ``s`` comes right after the sentence before it in the same article, as the
    briefing's previous sentence: it may lean on that one (issue 20, item 3)."""
    if prev is None or not prev.citations or not s.citations:
        return False
    a, b = prev.citations[0], s.citations[0]
    return a.id == b.id and 0 <= b.start - a.end <= 3
