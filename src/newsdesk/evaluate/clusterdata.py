"""Loaders for the story-clustering evaluation sets: ECB+ and AllSides.

Both return :class:`EvalDoc` records shaped like what ingest stores (title, text, optional date,
outlet) plus the gold label, kept apart from anything the clustering sees. Two leaks are kept
out here, at the source:

* ECB+: every ``*ecbplus.xml`` file (and no ``*ecb.xml`` one) opens with its source URL, which
  gives the event split away. Any leading sentence that is a URL is dropped, in every file. Most
  ``ecbplus`` files (and no ``ecb`` one) also carry page furniture near the top: a line that is
  only a timestamp ("Published: August 2, 2013 | 8:06 AM PT"). Left in, it would mark the half
  in the text and the embeddings, so such lines among the first few are dropped too, in every
  file; they are not used as dates either (only one half has them).
* AllSides: the ``date`` field belongs to the story, so it is never read. An article gets a date
  as ingest gives one to an undated article (:mod:`newsdesk.ingest.datesource`): from its own
  URL (``/2021/10/18/``, ``2021-10-18``, ``20211018``), else a dateline, else its text.

Document IDs are hashes of the file name or URL, so the processing order (date, then ID) carries
no trace of the gold grouping.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import InputError, NotFoundError
from newsdesk.ingest.datesource import infer_date

DATASETS = ("ecbplus", "allsides")


@dataclass(frozen=True)
class EvalDoc:
    """One evaluation article; ``gold`` and ``group`` are for scoring and splitting only."""

    id: str
    title: str
    text: str
    gold: str
    group: str  # ECB+ topic number; AllSides story id (used only to pick a tuning half)
    published: str | None = None
    source: str | None = None
    url: str | None = None


def load_dataset(dataset: str, data_dir: Path) -> list[EvalDoc]:
    """Load ``dataset`` ("ecbplus" or "allsides") from ``data_dir`` (the shared data folder)."""
    if dataset == "ecbplus":
        return load_ecbplus(Path(data_dir) / "ecbplus")
    if dataset == "allsides":
        return load_allsides(Path(data_dir) / "allsides")
    raise InputError(f"unknown dataset {dataset!r} (expected one of: {', '.join(DATASETS)})")


def _doc_id(basis: str) -> str:
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:12]


# -- ECB+ ------------------------------------------------------------------------------------

_URL_LINE = re.compile(r"^\s*(?:https?\s*:\s*/\s*/|www\s*\.)", re.IGNORECASE)
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


def detokenize(tokens: list[str]) -> str:
    """Join ECB+ tokens into readable text (spacing around punctuation and quotes fixed)."""
    text = " ".join(t for t in tokens if t)
    text = text.replace("``", '"').replace("''", '"')
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def read_ecb_file(path: Path) -> list[str]:
    """The sentences of one ECB+ XML file, any leading URL sentence removed."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"{path}: unreadable ECB+ file ({exc})") from exc
    sentences: dict[int, list[str]] = {}
    for tok in root.iter("token"):
        try:
            sent = int(tok.get("sentence", "0"))
        except ValueError as exc:
            raise InputError(f"{path}: token {tok.get('t_id')}: bad sentence number") from exc
        sentences.setdefault(sent, []).append(tok.text or "")
    out = [detokenize(sentences[k]) for k in sorted(sentences)]
    out = [s for s in out if s]
    while out and _URL_LINE.match(out[0]):
        out.pop(0)
    head = [s for s in out[:_DATELINE_SCAN] if not is_dateline(s)]
    return head + out[_DATELINE_SCAN:]


_DATELINE_SCAN = 5
_DATE_WORDS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december mon tue tues wed thu thur thurs fri sat "
    "sun monday tuesday wednesday thursday friday saturday sunday am pm a m p est edt et gmt utc "
    "bst pst pdt cst cdt ist pt mt mdt mst cet cest published updated posted first last article "
    "on at date time modified created st nd rd th originally hrs story edited release released "
    "found for immediate uk akdt hkt aest".split()
)


def is_dateline(sentence: str) -> bool:
    """True for a line that is only a timestamp ("Updated 5:40 p.m. ET, May 3rd, 2013")."""
    if len(sentence) > 80 or not any(c.isdigit() for c in sentence):
        return False
    tokens = re.findall(r"[^\W_]+", sentence.casefold())
    return all(
        t.isdigit() or t in _DATE_WORDS or re.fullmatch(r"\d+(st|nd|rd|th|am|pm|p|a)", t)
        for t in tokens
    )


def load_ecbplus(root: Path) -> list[EvalDoc]:
    """ECB+ as 982 documents; gold = topic plus its ``ecb``/``ecbplus`` half (86 events)."""
    tsv = root / "ecbplus_doc_clusters.tsv"
    corpus = root / "ECB+_LREC2014" / "ECB+"
    if not tsv.is_file() or not corpus.is_dir():
        raise NotFoundError(
            f"{root}: ECB+ not found (expected ecbplus_doc_clusters.tsv and ECB+_LREC2014/ECB+)"
        )
    docs: list[EvalDoc] = []
    with tsv.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != ["doc", "topic", "subtopic"]:
            raise InputError(f"{tsv}:1: expected the header 'doc, topic, subtopic'")
        for lineno, row in enumerate(reader, start=2):
            if not row or not row[0].strip():
                continue
            if len(row) < 3:
                raise InputError(f"{tsv}:{lineno}: expected 3 tab-separated fields")
            name, topic, event = (c.strip() for c in row[:3])
            path = corpus / topic / name
            if not path.is_file():
                raise NotFoundError(f"{tsv}:{lineno}: {path} does not exist")
            sentences = read_ecb_file(path)
            if not sentences:
                continue
            # No headline in ECB: the first sentence stands in, as ingest does for untitled text.
            docs.append(
                EvalDoc(
                    id=_doc_id("ecb:" + name),
                    title=sentences[0][:200],
                    text="\n".join(sentences),
                    gold=event,
                    group=topic,
                )
            )
    if not docs:
        raise NotFoundError(f"{tsv}: no documents listed")
    return docs


# -- AllSides --------------------------------------------------------------------------------

_URL_DATE = re.compile(
    r"(?<![0-9])(20[0-3][0-9])([/_-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12][0-9]|3[01])(?![0-9])"
)


def date_from_url(url: str | None) -> str | None:
    """``YYYY-MM-DD`` when the URL path carries a full date, else None."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.IGNORECASE)
    m = _URL_DATE.search(path)
    if not m:
        return None
    return f"{m.group(1)}-{m.group(3)}-{m.group(4)}"


def load_allsides(root: Path) -> list[EvalDoc]:
    """AllSides 2021: the left/center/right items of each story; gold = story id."""
    path = root / "stories_2021.jsonl"
    if not path.is_file():
        raise NotFoundError(f"{root}: AllSides not found (expected stories_2021.jsonl)")
    docs: list[EvalDoc] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                story = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from exc
            if not isinstance(story, dict) or "id" not in story:
                raise InputError(f"{path}:{lineno}: expected an object with an 'id' field")
            news = story.get("news") or {}
            if not isinstance(news, dict):
                raise InputError(f"{path}:{lineno}: field 'news' is not an object")
            for side in ("left", "center", "right"):
                item = news.get(side)
                if not item:
                    continue
                title = str(item.get("newsTitle") or "").strip()
                body = item.get("newBody") or []
                if isinstance(body, str):
                    body = [body]
                text = "\n".join(str(p).strip() for p in body if str(p).strip())
                if not title and not text:
                    continue
                url = str(item.get("newsLink") or "").strip() or None
                key = url or f"{title}\x00{text}"
                if key in seen:  # the same article listed twice is one document
                    continue
                seen.add(key)
                docs.append(
                    EvalDoc(
                        id=_doc_id("allsides:" + key),
                        title=title or text.split("\n")[0][:200],
                        text=text or title,
                        gold=str(story["id"]),
                        group=str(story["id"]),
                        # as ingest dates it: URL, dateline, text; never the story's own date
                        published=infer_date(None, url, text)[0],
                        source=str(item.get("newsSource") or "").strip() or None,
                        url=url,
                    )
                )
    if not docs:
        raise NotFoundError(f"{path}: no articles found")
    return docs
