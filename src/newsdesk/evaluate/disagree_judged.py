"""The judged set of disagreement candidates (issue 25, item 3): precision and recall of
:func:`newsdesk.stories.disagree.find_disagreements` against a person's reading.

**Candidates.** A looser generator than the rules proposes sentence pairs of one story (an
AllSides story, an ECB+ gold event, a DUC 2006 topic) from two different articles that fill the
same slot:

* *number*: a figure in each sentence (same unit: plain, %, $) followed by a shared noun
  ("... 7 people", "... 9 people") whose values differ;
* *date*: a day-precise date in each (resolved against the article's date where it has one)
  with different days, in sentences sharing at least three content words.

So the set holds true disagreements and look-alikes (two players' points, a total and a part,
this week and last week), not only what the current rules flag. Later additions (the file's
header says which rows): every pair of :mod:`.disagree_harvest` (counts of people killed,
injured, arrested, in digits or words; ages by name), every number pair of the generator above
where a figure is a number word ("three undersea cables"), and every date pair of one action
(cosine >= 0.6), each judged before any rule was tuned on it. Rows 1490-1559: every pair the
rules of main at 00994fe flagged (every pair kept) that no earlier row matched, judged by
reading before any rule was changed on them. Rows 1560-1578: the 2 pairs the rules of 243ce98
flagged that no row held, and every number pair a relaxed copy of those rules flags that they do
not (the file's header says how), judged before any rule was changed. Rows 1579-1615: every number
or date pair a further relaxed copy of the rules of ebf5950 flags that they do not (lower
cosines, articles up to 7 days apart), judged the same way. Rows 1616-1640: every number or date
pair the rules of d4d0efb, or a relaxed copy of them, flag on BBC News stories
(:func:`newsdesk.evaluate.disagree_data.bbc_clusters`: one outlet's follow-ups, a source of
look-alikes), judged the same way; none real. Rows 1641-1648: every number or date pair of two
articles of one DUC 2006 wire (``duc2006_wire``) that the rules of 789b956, or a relaxed copy,
flag, judged the same way; 2 real. Rows 1649-1652: the pairs the rules of edcf674 flag on the BBC
stories found by splitting groups too large to be one story, judged the same way; none real.
Rows 1653-1656: every pair the rules of aca06df flag on all six data sets that no row held (all
ages of articles more than a day apart), judged the same way; all 4 real. Rows 1657-1725:
look-alikes of a grouping error (every pair the rules of 3a2139e flag across the two events of an
ECB+ topic or two AllSides stories of one topic joined as one story, ``ecbplus_topic``,
``allsides_pair``), pairs of the White House documents (``whitehouse``), and every pair a looser
copy of those rules flags on the six data sets above, judged the same way; 1 real.

**Judgments.** Each candidate was judged by reading both sentences in their articles: ``1``
(``conflict``) only when all of these hold:

* the same event (not an earlier quake, last year's election, another bombing of the story);
* the same quantity, day or statement of it, said of the same subject (not two players' points,
  not the Kenya toll against the toll of both bombings, not a part against the whole);
* the same moment: an early and a later count of a growing toll, a share of the vote at 93% and
  at 96% counted, or an age at the crime and at the trial, are two moments, not a conflict,
  unless both claim the same moment;
* values that cannot both be true as stated: a bound or a range that holds the other value
  ("more than 250", "330 to 510 feet") and an approximation compatible with the exact figure
  ("nearly 6,000" and "5,892", "about 200" and "203") are no conflict; a preliminary figure
  revised later for a fixed quantity (a quake's magnitude) is one, since both claim the same
  fact;
* and neither sentence is cut short, a fact-check quoting a claim to rate it, or a game score
  or sports statistic.

Figures attributed to different sources ("Iranian media said 5.6", "the USGS put it at 5.4")
are still a conflict: one quake has one magnitude, and the reader should see the reports
differ. ``0`` otherwise, with a reason code (``REASONS``). The file ``disagree_candidates.tsv``
keeps references only: dataset, article id, sentence index and character offsets of the
sentence and of the figure or date, the label, the reason. No text. Stories come from
:func:`newsdesk.evaluate.disagree_data.story_clusters` (ECB+ and AllSides as in
``newsdesk eval disagreements``, DUC 2006 topics by DOCNO).

**Halves.** Candidates carry a number (a seeded shuffle); odd numbers are the tuning half,
even numbers the held-out half that is reported.

**Scoring.** A candidate is *flagged* when ``find_disagreements(cluster, embed, every=True)``
returns a disagreement of its kind whose two sides are its two sentences. Precision is real
over flagged, recall is flagged over real, within a half.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.model import EvidenceDoc
from newsdesk.stopwords import STOPWORDS
from newsdesk.stories.quantities import _noun_key

CANDIDATES = "disagree_candidates.tsv"
REASONS = {
    "conflict": "same quantity/day/statement of one event, values cannot both hold",
    "diff-thing": "different things that share a noun or a unit",
    "diff-subject": "same kind of quantity of different subjects (people, places, groups)",
    "diff-period": "different periods or moments (this week / last week, then / now)",
    "part-total": "a part against a whole, or a running total",
    "score": "a score or game statistic",
    "bound": "a bound or range that holds the other value",
    "rounding": "one value is the other rounded or approximated",
    "truncated": "a sentence cut short",
    "fact-check": "a claim quoted in order to rate it",
    "diff-event": "two different events of the story",
    "same": "the two say the same thing (units, wording)",
}
_LOOSE_NUM = re.compile(
    r"(?<![\w.,$-])(\$)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d-])(\s?(?:%|percent\b))?"
    r"(?:\s(million|billion|thousand|trillion)\b)?"
)
_MONTH = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE
)
# The words that end a figure's noun phrase for the loose candidate generator: the shared
# list's function words among these, plus a few that count ("year", "old", "per").
_LOOSE_STOP = (
    STOPWORDS
    & frozenset(
        """a an the of to in on for and or by at from with as its their his her more than was
        were is are be been has have had that which who this these those other about some into
        over under after before""".split()
    )
) | frozenset("per year years old".split())
_CONTENT = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")


@dataclass(frozen=True)
class Candidate:
    """A candidate pair: references into two articles of one story, and its judgment."""

    number: int
    dataset: str
    kind: str  # "number" | "date"
    cluster: str
    a_id: str
    a_index: int
    a_start: int
    a_end: int
    a_value: tuple[int, int]  # offsets of the figure or date in article a
    b_id: str
    b_index: int
    b_start: int
    b_end: int
    b_value: tuple[int, int]
    label: int | None = None
    reason: str = ""

    @property
    def half(self) -> str:
        return "odd" if self.number % 2 else "even"


_noun = _noun_key  # the rules' own singular form of a noun


def loose_figures(text: str) -> list[tuple[int, int, float, str, frozenset[str]]]:
    """(start, end, value, unit, nouns) of every figure in ``text`` but years and days of the
    month: a slot two sentences may share."""
    out = []
    for m in _LOOSE_NUM.finditer(text):
        dollar, digits, pct, scale = m.group(1), m.group(2), m.group(3), m.group(4)
        plain = digits.replace(",", "")
        if not (dollar or pct or scale) and re.fullmatch(r"(1[89]|20)\d\d", plain):
            continue
        if _MONTH.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        value = float(plain) * {"thousand": 1e3, "million": 1e6, "billion": 1e9}.get(
            (scale or "").lower(), 1e12 if scale else 1.0
        )
        unit = "%" if pct else ("$" if dollar else "")
        words = re.findall(r"[A-Za-z][A-Za-z'-]*", text[m.end() : m.end() + 50])[:4]
        nouns = []
        for w in words:
            if w.lower() in ("of", "the"):
                continue
            if w.lower() in _LOOSE_STOP:
                break
            nouns.append(_noun(w))
        if nouns or unit:
            out.append((m.start(), m.end(), value, unit, frozenset(nouns)))
    return out


def _content(text: str) -> set[str]:
    return {_noun(w) for w in _CONTENT.findall(text) if w.lower() not in _LOOSE_STOP}


def loose_candidates(dataset: str, groups: Sequence[Sequence[EvidenceDoc]]) -> list[dict[str, Any]]:
    """Every candidate pair of the looser generator (see the module docstring), unnumbered."""
    from newsdesk.reltime import find_dates
    from newsdesk.stories.disagree import MAX_SENTENCES, _anchor

    out: list[dict[str, Any]] = []
    for g in groups:
        per_doc = []
        for d in g:
            rows = []
            for s in d.sentences[:MAX_SENTENCES]:
                figs = [
                    (s.start + a, s.start + b, v, u, n) for a, b, v, u, n in loose_figures(s.text)
                ]
                days = [
                    (m.first.isoformat(), s.start + m.start, s.start + m.end)
                    for m in find_dates(s.text, _anchor(d))
                    if m.first is not None and m.first == m.last
                ]
                if figs or days:
                    rows.append((s, figs, days, _content(s.text)))
            per_doc.append((d, rows))
        for i, (da, ra) in enumerate(per_doc):
            for db, rb in per_doc[i + 1 :]:
                if da.id == db.id:
                    continue
                for sa, fa, ya, ca in ra:
                    for sb, fb, yb, cb in rb:
                        base = {"dataset": dataset, "cluster": da.story_id or "", "a": (da, sa),
                                "b": (db, sb)}  # fmt: skip
                        seen = False
                        for a0, a1, va, ua, na in fa:
                            for b0, b1, vb, ub, nb in fb:
                                if seen or ua != ub or va == vb or not (na & nb):
                                    continue
                                seen = True  # one candidate per sentence pair and kind
                                out.append({**base, "kind": "number", "va": (a0, a1),
                                            "vb": (b0, b1), "shared": len(ca & cb)})  # fmt: skip
                        if ya and yb and ya[0][0] != yb[0][0] and len(ca & cb) >= 3:
                            out.append({**base, "kind": "date", "va": ya[0][1:], "vb": yb[0][1:],
                                        "shared": len(ca & cb)})  # fmt: skip
    return out


FIELDS = [
    "number", "dataset", "kind", "cluster", "a_id", "a_index", "a_start", "a_end", "a_value",
    "b_id", "b_index", "b_start", "b_end", "b_value", "label", "reason",
]  # fmt: skip


def _span(text: str) -> tuple[int, int]:
    a, b = text.split("-")
    return int(a), int(b)


def load_candidates(path: Path | None = None) -> list[Candidate]:
    """The judged set (``disagree_candidates.tsv`` next to this module unless ``path``)."""
    if path is None:
        text = resources.files("newsdesk.evaluate").joinpath(CANDIDATES).read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    out = []
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        try:
            label = row["label"].strip()
            out.append(
                Candidate(
                    int(row["number"]),
                    row["dataset"],
                    row["kind"],
                    row["cluster"],
                    row["a_id"],
                    int(row["a_index"]),
                    int(row["a_start"]),
                    int(row["a_end"]),
                    _span(row["a_value"]),
                    row["b_id"],
                    int(row["b_index"]),
                    int(row["b_start"]),
                    int(row["b_end"]),
                    _span(row["b_value"]),
                    None if label in ("", "?") else int(label),
                    row.get("reason") or "",
                )  # fmt: skip
            )
        except (KeyError, ValueError, AttributeError) as e:
            raise ValueError(f"{CANDIDATES}: row {n}: bad field ({e})") from e
    return out


def write_candidates(path: Path, rows: Sequence[Candidate], header: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        for line in header.strip().splitlines():
            f.write(f"# {line}\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(FIELDS)
        for c in rows:
            w.writerow(
                [c.number, c.dataset, c.kind, c.cluster, c.a_id, c.a_index, c.a_start, c.a_end,
                 f"{c.a_value[0]}-{c.a_value[1]}", c.b_id, c.b_index, c.b_start, c.b_end,
                 f"{c.b_value[0]}-{c.b_value[1]}", "" if c.label is None else c.label, c.reason]
            )  # fmt: skip


def to_candidate(number: int, raw: dict[str, Any]) -> Candidate:
    (da, sa), (db, sb) = raw["a"], raw["b"]
    return Candidate(
        number, raw["dataset"], raw["kind"], raw["cluster"], da.id, sa.index, sa.start, sa.end,
        raw["va"], db.id, sb.index, sb.start, sb.end, raw["vb"],
    )  # fmt: skip


Find = Callable[..., list[Any]]


def _figure(text: str) -> str:
    """The figure a value starts with: its digits ("120, 000" is 120000), else its first
    word ("five people" is "five")."""
    m = re.match(r"\$?(\d{1,3}(?:, ?\d{3})+(?!\d)|\d[\d,]*(?:\.\d+)?)", text.strip())
    if m:
        return re.sub(r"[, ]", "", m.group(1))
    return (text.strip().lower().split() or [""])[0]


def flagged(c: Candidate, found: Sequence[Any], texts: dict[str, str]) -> bool:
    """Whether one of ``found`` (disagreements of the candidate's story) is this pair: its
    two sentences and, for a number, its two figures (``texts``: article id -> text)."""
    want = {(c.a_id, c.a_start), (c.b_id, c.b_start)}
    figures = {
        (c.a_id, _figure(texts[c.a_id][c.a_value[0] : c.a_value[1]])),
        (c.b_id, _figure(texts[c.b_id][c.b_value[0] : c.b_value[1]])),
    }
    for d in found:
        if d.kind != c.kind:
            continue
        if {(d.a.article_id, d.a.start), (d.b.article_id, d.b.start)} != want:
            continue
        got = {(d.a.article_id, _figure(d.a.value)), (d.b.article_id, _figure(d.b.value))}
        if c.kind != "number" or got == figures:
            return True
    return False


def score(cands: Sequence[Candidate], hits: dict[int, bool]) -> dict[str, Any]:
    """Precision and recall of ``hits`` (candidate number -> flagged) per half and in all."""
    out: dict[str, Any] = {}
    for half in ("odd", "even", "all"):
        rows = [c for c in cands if c.label is not None and half in ("all", c.half)]
        real = sum(1 for c in rows if c.label)
        flag = [c for c in rows if hits.get(c.number)]
        tp = sum(1 for c in flag if c.label)
        out[half] = {
            "judged": len(rows),
            "real": real,
            "flagged": len(flag),
            "true_flagged": tp,
            "precision": tp / len(flag) if flag else None,
            "recall": tp / real if real else None,
        }
    return out


def run_judged_eval(
    data_dir: Path,
    *,
    find: Find | None = None,
    cands: Sequence[Candidate] | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
) -> dict[str, Any]:
    """Run ``find`` (default: the current rules, every pair kept) on each judged candidate's
    story and score it against the judgments."""
    from newsdesk.evaluate.disagree_data import story_clusters
    from newsdesk.evaluate.disagreements import cached_embedder

    cands = list(load_candidates() if cands is None else cands)
    groups: dict[str, dict[str, list[EvidenceDoc]]] = {}
    for dataset in sorted({c.dataset for c in cands}):
        groups[dataset] = {g[0].story_id or "": g for g in story_clusters(dataset, data_dir)}
    return judge(cands, groups, cached_embedder() if embed is None else embed, find)


def judge(
    cands: Sequence[Candidate],
    groups: dict[str, dict[str, list[EvidenceDoc]]],
    embed: Callable[[list[str]], np.ndarray],
    find: Find | None = None,
) -> dict[str, Any]:
    """Score ``find`` on ``cands`` given their stories (dataset -> story id -> articles)."""
    from newsdesk.stories.disagree import find_disagreements

    hits: dict[int, bool] = {}
    for dataset in sorted({c.dataset for c in cands}):
        mine = [c for c in cands if c.dataset == dataset]
        for cluster in sorted({c.cluster for c in mine}):
            g = groups.get(dataset, {}).get(cluster)
            if g is None:
                raise ValueError(f"{CANDIDATES}: {dataset} story {cluster} not in the data")
            found = find(g, embed) if find is not None else find_disagreements(g, embed, every=True)
            texts = {d.id: d.text for d in g}
            for c in mine:
                if c.cluster == cluster:
                    hits[c.number] = flagged(c, found, texts)
    result = score(cands, hits)
    result["hits"] = hits
    return result


def _p(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def format_judged_table(result: dict[str, Any]) -> str:
    lines = [
        "judged set (disagree_candidates.tsv): odd = tuning half, even = held out",
        f"{'half':<6} {'judged':>7} {'real':>5} {'flagged':>8} {'true':>5} {'precision':>10}"
        f" {'recall':>7}",
    ]
    for half in ("odd", "even", "all"):
        r = result[half]
        lines.append(
            f"{half:<6} {r['judged']:>7} {r['real']:>5} {r['flagged']:>8} "
            f"{r['true_flagged']:>5} {_p(r['precision']):>10} {_p(r['recall']):>7}"
        )
    return "\n".join(lines)


def sample(raw: list[dict[str, Any]], k: int, rng: random.Random) -> list[dict[str, Any]]:
    """``k`` candidates drawn without replacement, at most 3 per story."""
    rng.shuffle(raw)
    per: dict[str, int] = {}
    out = []
    for r in raw:
        key = f"{r['dataset']}|{r['cluster']}"
        if per.get(key, 0) >= 3:
            continue
        per[key] = per.get(key, 0) + 1
        out.append(r)
        if len(out) == k:
            break
    return out
