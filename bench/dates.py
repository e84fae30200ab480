"""Dates for undated articles (``newsdesk.ingest.datesource``) on the shared data.

For AllSides (no article has a date of its own: the story's date is the story's, never an
article's) and the White House documents with their metadata date hidden: the share dated by
each source. Then precision: on ``--sample`` White House documents (the first by a hash of the
URL) whose metadata date is known, the inferred date against it, per source (exact day, and
within one day).

    python bench/dates.py [--data ../shared/data] [--sample 100]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsdesk.ingest.datesource import SOURCES, infer_date  # noqa: E402


def _allsides(data: Path, with_story_date: bool = False) -> list[Any]:
    out: list[Any] = []
    with open(data / "allsides" / "stories_2021.jsonl", encoding="utf-8") as fh:
        for line in fh:
            story = json.loads(line)
            for side in ("left", "center", "right"):
                a = (story.get("news") or {}).get(side)
                if a:
                    row = (a.get("newsLink"), "\n".join(a.get("newBody") or []))
                    out.append((*row, story["date"][:10]) if with_story_date else row)
    return out


def _whitehouse(data: Path) -> list[dict[str, str]]:
    path = data / "whitehouse" / "mexico_2021_2026.jsonl"
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def shares(rows: list[tuple[str | None, str]]) -> dict[str, object]:
    counts = Counter(infer_date(None, url, text)[1] for url, text in rows)
    n = len(rows)
    return {
        "articles": n,
        **{s: f"{counts[s]} ({counts[s] / max(n, 1):.1%})" for s in SOURCES if s != "metadata"},
    }


def precision(docs: list[dict[str, str]], sample: int) -> dict[str, object]:
    """Inferred (metadata hidden) against the metadata date, per source."""
    docs = sorted(docs, key=lambda d: hashlib.sha256(d["url"].encode()).hexdigest())[:sample]
    per: dict[str, Counter[str]] = {}
    wrong: list[str] = []
    for d in docs:
        got, src = infer_date(None, d["url"], d["text"])
        c = per.setdefault(src, Counter())
        c["n"] += 1
        if got is None:
            continue
        gap = abs((_d(got) - _d(d["date"])).days)
        c["exact"] += gap == 0
        c["within_1_day"] += gap <= 1
        if gap > 1:
            wrong.append(f"{src}: {got} vs {d['date']} {d['url']}")
    return {"sample": len(docs), "by_source": {k: dict(v) for k, v in per.items()}, "wrong": wrong}


def story_date_check(rows: list[tuple[str | None, str, str]]) -> dict[str, dict[str, int]]:
    """AllSides: inferred dates against the story's date, within 3 days or not. Only a check
    (a story's date is close to its articles' but is not theirs; it is never used as one)."""
    out: dict[str, Counter[str]] = {}
    for url, text, story_day in rows:
        got, src = infer_date(None, url, text)
        if got is not None:
            near = abs((_d(got) - _d(story_day)).days) <= 3
            out.setdefault(src, Counter())["within 3 days" if near else "further"] += 1
    return {k: dict(v) for k, v in out.items()}


def _d(s: str):  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(s[:10])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--sample", type=int, default=100)
    args = ap.parse_args()
    wh = _whitehouse(args.data)
    out = {
        "allsides": shares(_allsides(args.data)),
        "allsides against the story date": story_date_check(_allsides(args.data, True)),
        "whitehouse (metadata date hidden)": shares([(d["url"], d["text"]) for d in wh]),
        "whitehouse precision": precision(wh, args.sample),
        "whitehouse precision, every document": precision(wh, len(wh)),
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
