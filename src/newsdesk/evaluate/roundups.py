"""``newsdesk eval roundups``: short multi-outlet briefings against AllSides' editors' roundups.

Each AllSides story that has coverage from a left, a centre and a right outlet becomes one
briefing: the three articles' lead paragraphs go in (about 90 words each), the product's
default writer briefs them with no topic (a story briefing) in 50 and in 100 words, and the
verify stage keeps what would be published. The reference is the story's editor-written
roundup. Scored in the same run with the same scorer (rouge-score's tokenizer with stemming,
recall, summary and reference cut to the word budget, macro average over stories) against a
lead round-robin (the first sentence of each article in turn, then the second ...) and sumy
LexRank, given the same cleaned sentences, each in two forms: "cut", the usual DUC protocol (the
baseline's ranked text cut at the N-th word, so its last sentence is mostly cut mid-way and every
word of the budget is used), and "whole", the baseline as a briefing would have to be (whole
sentences in its order, each taken while it fits the budget). newsdesk publishes whole
sentences within the budget ("newsdesk"); under the DUC protocol ("newsdesk, cut") its ranked
selection for the budget (the sentences as the briefing shows them, in the order chosen) and
the next sentence it ranks are cut at the N-th word, so each protocol compares like with like:
newsdesk against the "whole" baselines, newsdesk, cut against the "cut" ones.

What the word budget counts: every sentence a briefing shows, extracted or templated (the
lead's time-window line from 150 words up, a templated "Overall" close, kept only when it takes
at most a fifth of the budget), and the words a date repair adds; at 50 and 100 words neither
templated line is written in practice (the share with a templated close is in the JSON).

Reported beside ROUGE: briefings that failed (the writer raised an error: a user would have
seen no briefing), and the share of briefings that cite two or more outlets (for the baselines:
whose sentences, within the budget, come from two or more outlets).

What a system is given: the articles' text, outlet name, title and URL, and a publication date
taken from the URL when it holds one. Not given: the story's own date (shared by its articles),
its issue title (editor-written), the side (left/centre/right) or the opinion tag of an article.

Tuning: anything tuned on this set was tuned on stories with an odd ``id`` only; the results
lead with the held-out half (even ``id``).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

from newsdesk.boilerplate import content_start, is_boilerplate
from newsdesk.errors import InputError, NewsdeskError, NotFoundError
from newsdesk.evaluate import Progress
from newsdesk.evaluate.summarization_baselines import sumy_summary
from newsdesk.evaluate.summarization_rouge import RougeRecall
from newsdesk.ingest.ids import article_key, short_id
from newsdesk.model import BriefRequest, Evidence, EvidenceDoc
from newsdesk.text import clean_text, split_sentences
from newsdesk.write.extractive import ExtractiveWriter
from newsdesk.write.extractive.compose import compose, prepare, ranked

SIDES = ("left", "center", "right")
BUDGETS = (50, 100)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?:/|[^\d])")


@dataclass
class RoundupStory:
    """One AllSides story: its id, the editors' roundup and its three outlets' articles."""

    id: int
    roundup: str
    docs: list[EvidenceDoc]


def url_date(url: str | None) -> str | None:
    """``YYYY-MM-DD`` from a URL path such as ``/2021/10/18/...`` (None when it has none)."""
    if not url:
        return None
    m = _URL_DATE.search(url + "/")
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _doc(side: str, item: dict[str, Any], where: str) -> EvidenceDoc | None:
    body = item.get("newBody")
    if isinstance(body, str):
        body = [body]
    if not isinstance(body, list) or not all(isinstance(p, str) for p in body):
        raise InputError(f"{where}: news.{side}.newBody is not a list of paragraphs")
    # Cleaned as ingest cleans an article's text (drop-caps, wrapped lines).
    text = clean_text("\n\n".join(p.strip() for p in body if p.strip()))
    if not text:
        return None
    url = item.get("newsLink") or None
    title = str(item.get("newsTitle") or "")
    return EvidenceDoc(
        id=short_id(article_key(url, title, text)),
        title=title,
        text=text,
        sentences=split_sentences(text),
        source=str(item.get("newsSource") or "") or None,
        published=url_date(url),
        url=url,
    )


def find_stories_file(data: Path) -> Path:
    """The stories file: ``data`` itself, or ``allsides/stories_2021.jsonl`` under it."""
    for p in (data, data / "stories_2021.jsonl", data / "allsides" / "stories_2021.jsonl"):
        if p.is_file():
            return p
    raise NotFoundError(f"{data}: no AllSides stories file (allsides/stories_2021.jsonl)")


def load_roundup_stories(path: Path, *, limit: int | None = None) -> list[RoundupStory]:
    """Stories with an article from each of the three sides (others are skipped)."""
    out: list[RoundupStory] = []
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or not isinstance(row.get("news"), dict):
                raise InputError(f"{where}: no 'news' object")
            roundup = row.get("roundup")
            if isinstance(roundup, list):
                roundup = "\n".join(str(p) for p in roundup)
            if not isinstance(roundup, str) or not roundup.strip():
                continue
            docs = []
            for side in SIDES:
                item = row["news"].get(side)
                if isinstance(item, dict):
                    d = _doc(side, item, where)
                    if d is not None:
                        docs.append(d)
            if len(docs) != len(SIDES) or len({d.id for d in docs}) != len(docs):
                continue
            try:
                sid = int(row["id"])
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError(f"{where}: 'id' is not a number") from exc
            out.append(RoundupStory(sid, roundup, docs))
            if limit is not None and len(out) >= limit:
                break
    return out


def clean_sentences(doc: EvidenceDoc) -> list[str]:
    """The doc's sentences after datelines and bylines, boilerplate left out (what the
    baselines rank)."""
    out = []
    for s in doc.sentences:
        t = s.text[content_start(s.text) :].strip()
        if t and not is_boilerplate(t):
            out.append(" ".join(t.split()))
    return out


def lead_round_robin(sents: Sequence[Sequence[str]], budget: int) -> list[tuple[int, str]]:
    """First sentence of each article in turn, then the second ..., until ``budget`` words."""
    out: list[tuple[int, str]] = []
    total = 0
    depth = max((len(s) for s in sents), default=0)
    for k in range(depth):
        for d, doc in enumerate(sents):
            if k < len(doc) and total < budget:
                out.append((d, doc[k]))
                total += len(doc[k].split())
    return out


def whole_sentences(ranked: Sequence[tuple[int, str]], budget: int) -> list[tuple[int, str]]:
    """The baseline as a briefing must be: whole sentences in its order, each taken while it
    fits the budget (one that does not fit is skipped), never cut mid-sentence."""
    out: list[tuple[int, str]] = []
    total = 0
    for d, s in ranked:
        n = len(s.split())
        if total + n <= budget:
            out.append((d, s))
            total += n
    return out


def _outlets_within(picked: Sequence[tuple[int, str]], budget: int) -> int:
    """How many distinct docs the sentences starting within the first ``budget`` words come
    from."""
    seen: set[int] = set()
    total = 0
    for d, s in picked:
        if total >= budget:
            break
        seen.add(d)
        total += len(s.split())
    return len(seen)


def _lexrank(sents: list[list[str]], budget: int) -> list[tuple[int, str]]:
    text = sumy_summary("lexrank", sents, budget)
    where = {s: d for d, doc in enumerate(sents) for s in doc}
    return [(where.get(s, -1), s) for s in text.split("\n") if s]


@dataclass
class _Run:
    r1: float
    r2: float
    outlets: int
    failed: str | None = None
    templated_close: bool = False


def run_roundups_eval(
    data_dir: Path,
    *,
    limit: int | None = None,
    budgets: Sequence[int] = BUDGETS,
    on_progress: Progress | None = None,
    embed: Callable[[list[str]], Any] | None = None,
    cache_dir: Path | None = None,
    writer: Any = None,
    baselines: bool = True,
) -> dict[str, Any]:
    """Brief every three-outlet story at each budget; score against the roundup (see module)."""
    from newsdesk.verify import VerificationError, verify
    from newsdesk.verify.sources import from_evidence

    path = find_stories_file(Path(data_dir))
    stories = load_roundup_stories(path, limit=limit)
    if not stories:
        raise NotFoundError(f"{path}: no story with a left, a centre and a right article")
    if embed is None:
        from newsdesk.evaluate.summarization_cache import CachedEmbed

        embed = CachedEmbed(cache_dir)
    if writer is None:
        writer = ExtractiveWriter()
    scorer = RougeRecall()
    runs: dict[tuple[str, int], dict[int, _Run]] = {}
    failures: list[dict[str, Any]] = []
    started = time.perf_counter()
    for n, story in enumerate(stories):
        if on_progress is not None:
            on_progress(f"roundups: story {story.id}", n, len(stories))
        texts = {d.id: d.text for d in story.docs}
        refs = [story.roundup]
        preps: dict[int, Any] = {}  # one preparation per configuration the budgets use
        if isinstance(writer, ExtractiveWriter):
            for words in budgets:
                cfg = writer.config_for(words)
                same = [w for w in preps if writer.config_for(w) == cfg]
                if same:
                    preps[words] = preps[same[0]]
                    continue
                try:
                    preps[words] = prepare("", story.docs, embed=embed, config=cfg)
                except NewsdeskError:
                    preps[words] = None  # the writer itself reports the failure below
        for words in budgets:
            prep = preps.get(words)
            try:
                if prep is not None and isinstance(writer, ExtractiveWriter):
                    brief = compose(prep, words=words, config=writer.config_for(words))
                else:
                    request = BriefRequest("", words=words)
                    brief = writer.write(request, Evidence(story.docs, embed))
                brief = verify(brief, texts, sources=from_evidence(story.docs))
            except (NewsdeskError, VerificationError) as exc:
                failures.append({"story": story.id, "words": words, "error": str(exc)})
                runs.setdefault(("newsdesk", words), {})[story.id] = _Run(0.0, 0.0, 0, str(exc))
                continue
            r1, r2, _ = scorer.score(brief.text(), refs, words)
            cited = {s.source or s.id for s in brief.sources}
            templ = any(s.kind == "templated" for s in brief.sentences())
            runs.setdefault(("newsdesk", words), {})[story.id] = _Run(
                r1, r2, len(cited), None, templ
            )
            if prep is not None and baselines:
                # The DUC protocol, as the "cut" baselines get it: the writer's ranked
                # selection for the budget and the next sentence it ranks, cut at the N-th word.
                top = ranked(prep, words=words, config=writer.config_for(words))
                r1, r2, _ = scorer.score("\n".join(top), refs, words)
                by_text = {" ".join(c.shown.split()): c.doc for c in prep.cands}
                outlets = _outlets_within([(by_text.get(t, -1), t) for t in top], words)
                runs.setdefault(("newsdesk, cut", words), {})[story.id] = _Run(r1, r2, outlets)
        if baselines:
            sents = [clean_sentences(d) for d in story.docs]
            everything = sum(len(x) for x in sents) * 60 + 1  # every sentence, ranked
            orders = {
                "lead round-robin": lead_round_robin(sents, everything),
                "sumy LexRank": _lexrank(sents, everything),
            }
            for words in budgets:
                picks = []
                for name, order in orders.items():
                    picks.append((f"{name}, cut", order))
                    picks.append((f"{name}, whole", whole_sentences(order, words)))
                for name, picked in picks:
                    text = "\n".join(s for _, s in picked)
                    r1, r2, _ = scorer.score(text, refs, words)
                    outlets = _outlets_within([p for p in picked if p[0] >= 0], words)
                    runs.setdefault((name, words), {})[story.id] = _Run(r1, r2, outlets)
    if on_progress is not None:
        on_progress("roundups: scored", len(stories), len(stories))
    save = getattr(embed, "save", None)
    if callable(save):
        save()
    half = {s.id: ("tune" if s.id % 2 else "held-out") for s in stories}

    def agg(per: dict[int, _Run], only: str | None) -> dict[str, Any]:
        vals = [r for sid, r in per.items() if only is None or half[sid] == only]
        if not vals:
            return {"rouge1": None, "rouge2": None, "stories": 0}
        return {
            "rouge1": mean(r.r1 for r in vals),
            "rouge2": mean(r.r2 for r in vals),
            "stories": len(vals),
            "failed": sum(1 for r in vals if r.failed),
            "two_outlets": mean(1.0 if r.outlets >= 2 else 0.0 for r in vals),
            "one_outlet": mean(1.0 if r.outlets == 1 else 0.0 for r in vals),
            "templated_close": mean(1.0 if r.templated_close else 0.0 for r in vals),
        }

    rows = [
        {
            "system": name,
            "words": words,
            "all": agg(per, None),
            "held-out": agg(per, "held-out"),
            "tune": agg(per, "tune"),
        }
        for (name, words), per in runs.items()
    ]
    return {
        "data": str(path),
        "stories": len(stories),
        "halves": {h: sum(1 for v in half.values() if v == h) for h in ("held-out", "tune")},
        "tuning": "tuned on stories with an odd id only; held-out half: even id",
        "budgets": list(budgets),
        "rows": rows,
        "failures": failures,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _f(x: float | None) -> str:
    return "    -  " if x is None else f"{x:.4f}"


def format_roundups_table(result: dict[str, Any]) -> str:
    """One block per budget: R-1/R-2 on the held-out half, the tune half and all, failures and
    the share of briefings citing two or more outlets."""
    lines = [
        f"AllSides roundups: {result['stories']} three-outlet stories ({result['data']}); "
        "ROUGE recall (rouge-score, stemmed) against the editors' roundup, both cut to the "
        "budget; macro average over stories",
        f"{result['tuning']} ({result['halves']['held-out']} held out, "
        f"{result['halves']['tune']} tune)",
    ]
    for words in result["budgets"]:
        lines.append("")
        lines.append(f"{words} words")
        lines.append(
            f"  {'system':<24} | {'held-out R-1':>12} {'R-2':>7} | {'tune R-1':>8} {'R-2':>7} "
            f"| {'all R-1':>7} {'R-2':>7} | {'failed':>6} | {'2+ outlets':>10} | {'1 outlet':>8}"
        )
        rows = [r for r in result["rows"] if r["words"] == words]
        rows.sort(key=lambda r: -(r["held-out"]["rouge1"] or 0.0))
        for r in rows:
            a, h, t = r["all"], r["held-out"], r["tune"]
            lines.append(
                f"  {r['system']:<24} | {_f(h['rouge1']):>12} {_f(h['rouge2']):>7} "
                f"| {_f(t['rouge1']):>8} {_f(t['rouge2']):>7} "
                f"| {_f(a['rouge1']):>7} {_f(a['rouge2']):>7} | {a.get('failed', 0):>6} "
                f"| {a.get('two_outlets', 0.0):>10.1%} | {a.get('one_outlet', 0.0):>8.1%}"
            )
    fails = result.get("failures") or []
    lines.append("")
    lines.append(f"failed briefings: {len(fails) or 'none'}")
    for f in fails[:10]:
        lines.append(f"  - story {f['story']} at {f['words']} words: {f['error']}")
    if len(fails) > 10:
        lines.append(f"  ... {len(fails) - 10} more in the JSON output")
    lines.append(f"time: {result['seconds']} s")
    return "\n".join(lines)


__all__ = [
    "format_roundups_table",
    "lead_round_robin",
    "load_roundup_stories",
    "run_roundups_eval",
    "url_date",
]
