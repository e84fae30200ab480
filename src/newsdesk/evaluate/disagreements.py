"""``newsdesk eval disagreements``: precision on real story clusters, recall on injected ones.

**Clusters.** AllSides: each story's left/center/right articles (dates from their URLs only,
never the story's date); ECB+: each gold event's articles (its source-URL first line removed
by the loader). Every article is its own lineage; sentences are newsdesk's own split.

**Precision.** :func:`newsdesk.stories.disagree.find_disagreements` runs on every cluster and
every flagged pair is listed under a stable key. A flagged pair is a *real disagreement* when,
read by a person, (1) both sentences speak of the same quantity, day or statement of the same
event (not a sub-total and a total, not two moments, not two different things that share a
noun), (2) the two values cannot both be true as stated (a range that contains the other value
is no conflict; a rounded figure within its rounding is none), and (3) for a denial, the
denying sentence rejects the very claim the other states. Judgments made that way are kept in
``disagree_judgments.tsv`` next to this module (key, verdict 1/0, a short note in the judge's
own words, no article text); precision is counted over the flagged pairs that have a judgment,
and how many flagged pairs that is gets printed with it.

**Recall.** Disagreements are injected into real clusters, each into an article B of another
lineage than the article A it conflicts with, published within a day of A when the dates are
known (an outlet reporting the same moment): *number*, a sentence of A stating a quantity
(complete, not a fact-check, its figure not a bound and not stated in B already), with the
number raised by half, inserted into B after its first sentence; *date*, a sentence
of A naming a day (a weekday or an explicit date), with that day moved two days on, inserted
the same way; *denial*, "Officials denied reports that" + a sentence of A, inserted the same
way. An injection is found when a disagreement of its kind has the inserted sentence as one of
its sides.
"""

from __future__ import annotations

import csv
import random
import re
import time
from collections.abc import Callable
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.evaluate import Progress
from newsdesk.model import EvidenceDoc

MAX_INJECT = 150  # per kind
JUDGMENTS = "disagree_judgments.tsv"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


def pair_key(dataset: str, d: Any) -> str:
    """A stable key for a flagged pair: dataset, kind, subject, the two (article, start)."""
    sides = sorted(f"{s.article_id}@{s.start}" for s in (d.a, d.b))
    return f"{dataset}|{d.kind}|{d.subject}|{sides[0]}|{sides[1]}"


def load_judgments() -> dict[str, tuple[int, str]]:
    path = resources.files("newsdesk.evaluate").joinpath(JUDGMENTS)
    if not path.is_file():
        return {}
    out = {}
    for row in csv.reader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t"):
        if len(row) >= 2 and not row[0].startswith("#"):
            out[row[0]] = (int(row[1]), row[2] if len(row) > 2 else "")
    return out


def clusters(dataset: str, data_dir: Path) -> list[list[EvidenceDoc]]:
    from newsdesk.evaluate.clusterdata import load_dataset
    from newsdesk.text import split_sentences

    groups: dict[str, list[EvidenceDoc]] = {}
    for d in load_dataset(dataset, data_dir):
        groups.setdefault(d.gold, []).append(
            EvidenceDoc(
                id=d.id,
                title=d.title,
                text=d.text,
                sentences=split_sentences(d.text),
                source=d.source,
                published=d.published,
                url=d.url,
                lineage_id=d.id,
                story_id=d.gold,
            )
        )
    return [g for _, g in sorted(groups.items()) if len(g) >= 2]


def _insert(doc: EvidenceDoc, sentence: str) -> EvidenceDoc:
    """``doc`` with ``sentence`` as its own paragraph after its first sentence."""
    from newsdesk.text import split_sentences

    cut = doc.sentences[0].end if doc.sentences else 0
    text = doc.text[:cut] + "\n\n" + sentence + "\n\n" + doc.text[cut:].lstrip()
    return replace(doc, text=text, sentences=split_sentences(text))


def _raise_number(sentence: str) -> str | None:
    from newsdesk.stories.quantities import _NUM, quantities

    # the first figure in digits (not a count in words, not an age: "Gray, 16,")
    qs = [q for q in quantities(sentence) if q.unit != "age" and q.phrase[:1] in "$0123456789"]
    if not qs:
        return None
    target = qs[0].phrase.split(" ")[0]
    m = next((m for m in _NUM.finditer(sentence) if m.group(0).startswith(target)), None)
    if m is None or " " in m.group(2):
        return None
    digits = m.group(2)
    plain = float(digits.replace(",", ""))
    new = plain * 1.5 if plain else 7.0
    if "." in digits:
        shown = f"{new:.{len(digits.split('.')[1])}f}"
    elif "," in digits:
        shown = f"{round(new):,}"
    else:
        shown = str(round(new))
    return sentence[: m.start(2)] + shown + sentence[m.end(2) :]


def _move_day(sentence: str) -> str | None:
    for i, w in enumerate(WEEKDAYS):
        m = re.search(rf"\b{w}\b", sentence)
        if m:
            return sentence[: m.start()] + WEEKDAYS[(i + 2) % 7] + sentence[m.end() :]
    for mon in MONTHS:
        m = re.search(rf"\b{mon} (\d{{1,2}})\b", sentence)
        if m and int(m.group(1)) <= 26:
            return sentence[: m.start(1)] + str(int(m.group(1)) + 2) + sentence[m.end(1) :]
    return None


def _close(a: EvidenceDoc, b: EvidenceDoc) -> bool:
    from newsdesk.stories.disagree import _close_in_time

    return _close_in_time(a, b)


def injections(
    groups: list[list[EvidenceDoc]], rng: random.Random
) -> list[tuple[str, int, EvidenceDoc, str]]:
    """(kind, cluster index, the changed article B, the inserted sentence), up to MAX_INJECT
    of each kind."""
    from newsdesk.stories.disagree import MAX_SENTENCES
    from newsdesk.stories.quantities import _comparable, quantities

    made: dict[str, list[tuple[str, int, EvidenceDoc, str]]] = {
        "number": [],
        "date": [],
        "denial": [],
    }
    order = list(range(len(groups)))
    rng.shuffle(order)
    for gi in order:
        g = groups[gi]
        a = rng.choice(g)
        others = [b for b in g if b.id != a.id and _close(a, b)]
        if not others:
            continue
        b = rng.choice(others)
        sents = [s.text for s in a.sentences[:MAX_SENTENCES] if len(s.text.split()) >= 6]
        rng.shuffle(sents)
        # a bound ("more than 1,000") does not conflict with a larger bound, a sentence cut
        # short or a fact-check is never compared, and a B that already states the figure
        # holds both figures (two things, not a disagreement): none of them is injected
        stated = {q.phrase.split(" ")[0] for s in b.sentences for q in quantities(s.text)}
        num = next(
            (
                s
                for s in sents
                if quantities(s)
                and not quantities(s)[0].bound
                and _comparable(s)
                and quantities(s)[0].phrase.split(" ")[0] not in stated
            ),
            None,
        )
        if num and len(made["number"]) < MAX_INJECT:
            changed = _raise_number(num)
            if changed and changed != num:
                made["number"].append(("number", gi, _insert(b, changed), changed))
        day = next((s for s in sents if _move_day(s)), None)
        if day and len(made["date"]) < MAX_INJECT:
            moved = _move_day(day)
            assert moved is not None
            made["date"].append(("date", gi, _insert(b, moved), moved))
        if sents and len(made["denial"]) < MAX_INJECT:
            s = sents[0]
            denial = "Officials denied reports that " + s[0].lower() + s[1:]
            made["denial"].append(("denial", gi, _insert(b, denial), denial))
    return [x for kind in made.values() for x in kind]


def run_disagreement_eval(
    dataset: str,
    data_dir: Path,
    *,
    show: int = 0,
    seed: int = 11,
    on_progress: Progress | None = None,
) -> dict[str, Any]:
    from newsdesk.stories.disagree import find_disagreements

    started = time.perf_counter()
    embed = cached_embedder()

    groups = clusters(dataset, data_dir)
    judged = load_judgments()
    flagged: list[dict[str, Any]] = []
    for n, g in enumerate(groups):
        if on_progress is not None and n % 20 == 0:
            on_progress(f"{dataset}: clusters", n, len(groups))
        for d in find_disagreements(g, embed):
            key = pair_key(dataset, d)
            verdict = judged.get(key)
            flagged.append(
                {
                    "key": key,
                    "kind": d.kind,
                    "subject": d.subject,
                    "similarity": round(d.similarity, 3),
                    "verdict": None if verdict is None else verdict[0],
                    "note": None if verdict is None else verdict[1],
                    "sides": [d.a.as_dict(), d.b.as_dict()],
                }
            )
    rng = random.Random(seed)
    inj = injections(groups, rng)
    found = {"number": [0, 0], "date": [0, 0], "denial": [0, 0]}
    for i, (kind, gi, changed, sentence) in enumerate(inj):
        if on_progress is not None and i % 20 == 0:
            on_progress(f"{dataset}: injections", i, len(inj))
        docs = [changed if d.id == changed.id else d for d in groups[gi]]
        hit = any(
            d.kind == kind and sentence in (d.a.sentence, d.b.sentence)
            for d in find_disagreements(docs, embed)
        )
        found[kind][1] += 1
        found[kind][0] += int(hit)
    by_kind: dict[str, dict[str, Any]] = {}
    for kind in ("number", "date", "denial"):
        rows = [f for f in flagged if f["kind"] == kind]
        judged_rows = [f for f in rows if f["verdict"] is not None]
        real = sum(f["verdict"] for f in judged_rows)
        by_kind[kind] = {
            "flagged": len(rows),
            "judged": len(judged_rows),
            "real": real,
            "precision": real / len(judged_rows) if judged_rows else None,
            "injected": found[kind][1],
            "found": found[kind][0],
            "recall": found[kind][0] / found[kind][1] if found[kind][1] else None,
        }
    judged_all = [f for f in flagged if f["verdict"] is not None]
    return {
        "dataset": dataset,
        "clusters": len(groups),
        "articles": sum(len(g) for g in groups),
        "by_kind": by_kind,
        "precision": (
            sum(f["verdict"] for f in judged_all) / len(judged_all) if judged_all else None
        ),
        "judged": len(judged_all),
        "flagged": len(flagged),
        "shown": flagged[:show] if show else [],
        "pairs": flagged,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _p(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def format_disagreement_table(result: dict[str, Any]) -> str:
    lines = [
        f"{result['dataset']}: {result['clusters']} clusters, {result['articles']} articles; "
        f"{result['flagged']} flagged pairs, {result['judged']} judged",
        f"{'kind':<8} {'flagged':>8} {'judged':>7} {'real':>5} {'precision':>10} "
        f"{'injected':>9} {'found':>6} {'recall':>7}",
    ]
    for kind, r in result["by_kind"].items():
        lines.append(
            f"{kind:<8} {r['flagged']:>8} {r['judged']:>7} {r['real']:>5} "
            f"{_p(r['precision']):>10} {r['injected']:>9} {r['found']:>6} {_p(r['recall']):>7}"
        )
    lines.append(f"all judged: precision {_p(result['precision'])}; {result['seconds']}s")
    for f in result["shown"]:
        verdict = "?" if f["verdict"] is None else str(f["verdict"])
        lines.append(f"\n[{verdict}] {f['key']}  (cos {f['similarity']})")
        for s in f["sides"]:
            lines.append(f"    {s['source'] or '?'} ({s['published'] or '?'}): {s['value']!r}")
            lines.append(f"      {s['sentence']}")
    return "\n".join(lines)


def cached_embedder() -> Callable[[list[str]], np.ndarray]:
    """The product's embedder with each text embedded once per run."""
    from newsdesk.embed.minilm import get_embedder

    embedder = get_embedder()
    memo: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in memo]
        if todo:
            memo.update(zip(todo, embedder.encode(todo), strict=True))
        return np.stack([memo[t] for t in texts])

    return embed
