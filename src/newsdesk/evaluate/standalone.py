"""``newsdesk eval standalone``: the standalone detector against sentences labelled by reading.

The labelled set (``data/standalone_labels.tsv``) holds references only: the dataset, the
document's key, the sentence's index and offsets as :func:`newsdesk.text.split_sentences`
gives them on the text as newsdesk cleans it, a CRC-32 of the sentence (to notice a changed
splitter or data), the label and a short note. The text itself is read from the data folder.

A label is ``ok`` (the sentence stands alone) or the kinds of leaning it shows, joined by ``+``:

- ``reference``: a definite description, pronoun or demonstrative with no antecedent in it
  ("the threat", "He", "this committee");
- ``quantifier``: a quantity without its set ("None of the three", "The rest", "Both");
- ``connective``: a connective whose counterpart is missing ("also", "However", "Meanwhile");
- ``person``: a person named without a role, or a bare surname or title, at first mention;
- ``acronym``: an acronym never spelled out and not universally known;
- ``fragment``: a list item, a heading, a broken start or end;
- ``boilerplate``: the source's own formulas and voice (proclamation and executive-order
  formulas, Markdown, datelines, calls to action, transcript speaker tags).

The detector sees the sentence as the writer does: after a leading bullet, byline and dateline
are stripped (:func:`newsdesk.boilerplate.content_start`), with no length limits beyond
``MIN_WORDS`` (length is the writer's budget choice, not a context problem), in the reader's
configuration (``strict_context``) with every kind of leaning (``leaning=ALL_KINDS``), and
with its article's text before it (a definite description of something told there leans); the
writer's default kinds (``WRITER_KINDS``) are scored too. Rows split into halves by the
parity of a CRC-32 of their key: the detector was tuned on the odd half; the even half is the
held-out one.
"""

from __future__ import annotations

import csv
import json
import random
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.boilerplate import content_start
from newsdesk.errors import InputError, NotFoundError
from newsdesk.evaluate import Progress
from newsdesk.text import clean_text, split_sentences

LABELS_FILE = Path(__file__).parent / "data" / "standalone_labels.tsv"
KINDS = (
    "reference",
    "quantifier",
    "connective",
    "person",
    "acronym",
    "fragment",
    "boilerplate",
)
DATASETS = ("whitehouse", "bbc", "allsides", "duc2006")
MIN_WORDS = 4
COLUMNS = ("dataset", "doc", "index", "start", "end", "crc", "label", "note")

# What each detector verdict means as a kind (verdicts not listed are fragments).
VERDICT_KIND = {
    "pronoun": "reference",
    "reference": "reference",
    "context": "reference",
    "unattributed quote": "reference",
    "quantifier": "quantifier",
    "connective": "connective",
    "person": "person",
    "acronym": "acronym",
    "markup": "boilerplate",
    "boilerplate": "boilerplate",
    "formula": "boilerplate",
    "label": "boilerplate",
    "voice": "reference",
    "transcript": "boilerplate",
    "caption": "boilerplate",
    "dateline": "boilerplate",
    "headline": "fragment",
}


@dataclass(frozen=True)
class Row:
    dataset: str
    doc: str
    index: int
    start: int
    end: int
    crc: str
    label: str
    note: str
    # The index the row was first labelled at, when the splitter has since moved it: the half
    # a row belongs to never changes (a row of the held-out half stays unread).
    first_index: int | None = None

    @property
    def key(self) -> str:
        return f"{self.dataset}/{self.doc}/{self.index}"

    @property
    def held_out(self) -> bool:
        """The even half (by a CRC-32 of the key it was labelled under) is held out; the odd
        half is for tuning."""
        index = self.index if self.first_index is None else self.first_index
        return zlib.crc32(f"{self.dataset}/{self.doc}/{index}".encode()) % 2 == 0

    @property
    def kinds(self) -> set[str]:
        return set() if self.label == "ok" else set(self.label.split("+"))


def crc(text: str) -> str:
    return f"{zlib.crc32(text.encode()):08x}"


# --------------------------------------------------------------------------------------------
# Documents, as newsdesk cleans them


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for each non-blank line of a JSONL file; a bad line is an
    InputError naming it."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not JSON ({exc.msg})") from exc
            yield n, rec


def _whitehouse(root: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for n, rec in _records(root / "whitehouse" / "mexico_2021_2026.jsonl"):
        key = str(rec.get("path") or rec.get("url") or n)
        out[key] = clean_text(str(rec.get("text") or ""))
    return out


def _bbc(root: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in sorted((root / "bbc").glob("*/*.txt")):
        raw = f.read_bytes().decode("utf-8", errors="replace")
        _, _, body = raw.partition("\n")
        out[f"{f.parent.name}/{f.name}"] = clean_text(body)
    return out


def _allsides(root: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for _, rec in _records(root / "allsides" / "stories_2021.jsonl"):
        for side, item in (rec.get("news") or {}).items():
            body = item.get("newBody") if isinstance(item, dict) else None
            if isinstance(body, str):
                body = [body]
            if not isinstance(body, list):
                continue
            # Cleaned as the roundups evaluation and ingest clean an article.
            text = clean_text("\n\n".join(str(p).strip() for p in body if str(p).strip()))
            if text:
                out[f"{rec.get('id')}/{side}"] = text
    return out


def _duc2006(root: Path) -> dict[str, str]:
    from newsdesk.evaluate.duc import parse_sgml_article, read_text

    out: dict[str, str] = {}
    for f in sorted((root / "duc2006" / "duc2006_docs").glob("*/*")):
        if f.is_file():
            out[f"{f.parent.name}/{f.name}"] = parse_sgml_article(read_text(f), str(f)).text
    return out


LOADERS: dict[str, Callable[[Path], dict[str, str]]] = {
    "whitehouse": _whitehouse,
    "bbc": _bbc,
    "allsides": _allsides,
    "duc2006": _duc2006,
}


def shown_text(sentence: str) -> str:
    """The sentence as the writer reads it: bullet, byline and dateline stripped, one line."""
    return " ".join(sentence[content_start(sentence) :].split())


def sample(
    data_dir: Path, per_dataset: int, *, seed: int = 20
) -> list[tuple[str, str, int, int, int, str]]:
    """``per_dataset`` sentences from each dataset (one per document, documents and positions
    drawn with ``seed``): (dataset, doc, index, start, end, text shown)."""
    rng = random.Random(seed)
    out = []
    for ds in DATASETS:
        docs = LOADERS[ds](data_dir)
        keys = sorted(docs)
        rng.shuffle(keys)
        taken = 0
        for key in keys:
            if taken >= per_dataset:
                break
            sents = split_sentences(docs[key])
            if not sents:
                continue
            s = sents[rng.randrange(min(len(sents), 40))]
            shown = shown_text(s.text)
            if not shown:
                continue
            out.append((ds, key, s.index, s.start, s.end, shown))
            taken += 1
    return out


# --------------------------------------------------------------------------------------------
# The labelled set


def load_labels(path: Path = LABELS_FILE) -> list[Row]:
    rows: list[Row] = []
    with path.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    reader = csv.reader(lines, delimiter="\t")
    header = next(reader, None)
    if header is None or tuple(header[: len(COLUMNS)]) != COLUMNS:
        raise InputError(f"{path}: the header must be {' '.join(COLUMNS)}")
    for n, rec in enumerate(reader, 2):
        if len(rec) < len(COLUMNS) - 1:
            raise InputError(f"{path}: row {n}: {len(rec)} fields, {len(COLUMNS)} expected")
        ds, doc, index, start, end, crc_, label = rec[:7]
        note = rec[7] if len(rec) > 7 else ""
        first = rec[8] if len(rec) > 8 and rec[8].strip() else None
        bad = [k for k in label.split("+") if k not in KINDS] if label != "ok" else []
        if ds not in LOADERS or bad:
            raise InputError(f"{path}: row {n}: unknown dataset or label {ds!r} {label!r}")
        try:
            rows.append(
                Row(
                    ds,
                    doc,
                    int(index),
                    int(start),
                    int(end),
                    crc_,
                    label,
                    note,
                    int(first) if first is not None else None,
                )
            )
        except ValueError as exc:
            raise InputError(f"{path}: row {n}: index/start/end must be integers") from exc
    return rows


def resolve(
    rows: Iterable[Row], data_dir: Path, before: dict[str, str] | None = None
) -> list[tuple[Row, str]]:
    """Each row with its sentence as the writer reads it, checked against its offsets and CRC.
    With ``before``, each row's key is mapped to its article's text before the sentence (none
    for an article's first sentence), which the writer reads for references back."""
    rows = list(rows)
    out = []
    loaded: dict[str, dict[str, str]] = {}
    for r in rows:
        if r.dataset not in loaded:
            try:
                loaded[r.dataset] = LOADERS[r.dataset](data_dir)
            except FileNotFoundError as exc:
                raise NotFoundError(f"{data_dir}: no {r.dataset} data ({exc.filename})") from exc
        text = loaded[r.dataset].get(r.doc)
        if text is None:
            raise InputError(f"{r.key}: no such document in {data_dir}")
        sents = split_sentences(text)
        if r.index >= len(sents) or (sents[r.index].start, sents[r.index].end) != (r.start, r.end):
            raise InputError(f"{r.key}: the splitter no longer gives this sentence")
        if crc(sents[r.index].text) != r.crc:
            raise InputError(f"{r.key}: the sentence's text changed (CRC)")
        out.append((r, shown_text(sents[r.index].text)))
        if before is not None:
            before[r.key] = text[: sents[r.index].start] if r.index > 0 else ""
    return out


# --------------------------------------------------------------------------------------------
# Scoring


def detect(text: str, kinds: Collection[str] | None = None, before: str = "") -> str | None:
    """The detector's verdict as the evaluation reads it (see the module docstring): every
    kind of leaning, or only ``kinds`` (the writer's default: ``WRITER_KINDS``). ``before``
    is the article's text before the sentence: a definite description of something it told
    is a reference (:func:`newsdesk.write.extractive.backrefs.back_reference`, no topic)."""
    verdict = _detect(text, kinds)
    if verdict is None and before and (kinds is None or "reference" in kinds):
        try:
            from newsdesk.write.extractive.backrefs import back_reference
        except ImportError:  # the detector before references back were read
            return None
        if back_reference(text, before):
            return "reference"
        try:
            from newsdesk.write.extractive.backrefs import surname_told_before
        except ImportError:  # the detector before surnames were read against their article
            return None
        if (kinds is None or "person" in kinds) and surname_told_before(text, before):
            return "person"
    return verdict


def _detect(text: str, kinds: Collection[str] | None) -> str | None:
    from newsdesk.write.extractive import readability

    try:
        every = readability.ALL_KINDS
    except AttributeError:  # the detector before issue 20 had no kinds to choose
        return readability.standalone_problem(
            text, min_words=MIN_WORDS, max_words=10_000, strict_context=True
        )
    return readability.standalone_problem(
        text,
        min_words=MIN_WORDS,
        max_words=10_000,
        strict_context=True,
        leaning=every if kinds is None else kinds,
    )


def verdict_kind(verdict: str | None) -> str | None:
    if verdict is None:
        return None
    return VERDICT_KIND.get(verdict, "fragment")


def score(pairs: list[tuple[Row, str | None]]) -> dict[str, Any]:
    """Binary precision/recall (leans vs stands alone), per-kind recall (flagged for any
    reason) and per-kind precision (verdicts of that kind whose sentence has that kind)."""
    tp = sum(1 for r, v in pairs if r.kinds and v)
    fp = sum(1 for r, v in pairs if not r.kinds and v)
    fn = sum(1 for r, v in pairs if r.kinds and not v)

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    kinds: dict[str, dict[str, Any]] = {}
    for k in KINDS:
        gold = [v for r, v in pairs if k in r.kinds]
        said = [r for r, v in pairs if verdict_kind(v) == k]
        kinds[k] = {
            "gold": len(gold),
            "recall": ratio(sum(1 for v in gold if v), len(gold)),
            "flagged": len(said),
            "precision": ratio(sum(1 for r in said if r.kinds), len(said)),
            "exact": ratio(sum(1 for r in said if k in r.kinds), len(said)),
        }
    leaning = tp + fn
    return {
        "sentences": len(pairs),
        "leaning": leaning,
        "flagged": tp + fp,
        # Sentences that stand alone but are left out: what the detector costs a briefing.
        "false alarms": ratio(fp, len(pairs) - leaning),
        "precision": ratio(tp, tp + fp),
        "recall": ratio(tp, leaning),
        "f1": ratio(2 * tp, 2 * tp + fp + fn),
        "kinds": kinds,
    }


def run_standalone_eval(
    data_dir: Path,
    *,
    labels: Path = LABELS_FILE,
    on_progress: Progress | None = None,
    show_errors: bool = False,
) -> dict[str, Any]:
    rows = load_labels(labels)
    if on_progress:
        on_progress("reading the labelled sentences", 0, len(rows))
    before: dict[str, str] = {}
    resolved = resolve(rows, data_dir, before)
    pairs = [(r, detect(text, before=before[r.key])) for r, text in resolved]
    from newsdesk.write.extractive import readability

    writer_kinds = getattr(readability, "WRITER_KINDS", None)
    writer = [(r, detect(text, writer_kinds)) for r, text in resolved] if writer_kinds else []
    if on_progress:
        on_progress("scored", len(rows), len(rows))
    result: dict[str, Any] = {
        "labels": str(labels),
        "tuning (odd)": score([p for p in pairs if not p[0].held_out]),
        "held out (even)": score([p for p in pairs if p[0].held_out]),
        "writer default, held out": score([p for p in writer if p[0].held_out]) if writer else None,
        "per dataset (held out)": {
            ds: score([p for p in pairs if p[0].held_out and p[0].dataset == ds]) for ds in DATASETS
        },
    }
    if show_errors:
        # Only the tuning half's mistakes are shown: reading the held-out ones would tune on them.
        result["errors (tuning)"] = [
            {"key": r.key, "label": r.label, "verdict": v, "text": t}
            for (r, v), (_, t) in zip(pairs, resolved, strict=True)
            if not r.held_out
            and (bool(r.kinds) != bool(v) or (v and verdict_kind(v) not in r.kinds))
        ]
    return result


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def format_standalone_table(result: dict[str, Any]) -> str:
    lines = [f"Standalone detector against {result['labels']}"]
    for half in ("tuning (odd)", "held out (even)"):
        s = result[half]
        lines.append(
            f"\n{half}: {s['sentences']} sentences, {s['leaning']} lean on context; "
            f"flagged {s['flagged']}: precision {_f(s['precision'])}, recall {_f(s['recall'])}, "
            f"F1 {_f(s['f1'])}; standing sentences flagged {_f(s['false alarms'])}"
        )
        lines.append(
            f"  {'kind':<12} {'gold':>5} {'recall':>7} {'flagged':>8} {'prec.':>7} {'exact':>7}"
        )
        for k, v in s["kinds"].items():
            lines.append(
                f"  {k:<12} {v['gold']:>5} {_f(v['recall']):>7} {v['flagged']:>8} "
                f"{_f(v['precision']):>7} {_f(v['exact']):>7}"
            )
    w = result.get("writer default, held out")
    if w:
        lines.append(
            f"\nwriter's default kinds only (formulas, datelines, fragments), "
            f"held out: flagged {w['flagged']}: precision {_f(w['precision'])}, recall "
            f"{_f(w['recall'])}; standing sentences flagged {_f(w['false alarms'])}"
        )
    lines.append("\nheld out, per dataset:")
    for ds, s in result["per dataset (held out)"].items():
        lines.append(
            f"  {ds:<11} {s['sentences']:>4} sentences, {s['leaning']:>3} leaning: "
            f"precision {_f(s['precision'])}, recall {_f(s['recall'])}"
        )
    for e in result.get("errors (tuning)", []):
        lines.append(f"  [{e['label']} / {e['verdict']}] {e['key']}: {e['text']}")
    lines.append(
        "\n(kind recall: that kind's sentences flagged for any reason; prec.: verdicts of that "
        "kind on leaning sentences; exact: on sentences of that kind)"
    )
    return "\n".join(lines)
