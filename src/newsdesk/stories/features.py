"""What story grouping reads of an article: content words, entity and figure keys, dates,
and the hashed TF-IDF vectorizer they are weighted with."""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

from newsdesk.stories.config import DEFAULT_CONFIG
from newsdesk.stories.entities import STOP_WORDS as _STOP
from newsdesk.stories.entities import Entity

# -- article features ------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_NUMBER = re.compile(
    r"(?<![\w.])\$?(\d[\d,]*(?:\.\d+)?)(\s*(?:%|percent|million|billion|trillion|thousand))?",
    re.IGNORECASE,
)
_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = re.compile(r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r")\b")


def content_terms(text: str) -> Counter[str]:
    """Case-folded content words (3+ letters, no stop words), counted."""
    out: Counter[str] = Counter()
    for tok in _TOKEN.findall(text):
        t = tok.casefold().replace("’", "'")
        if t.endswith("'s"):
            t = t[:-2]
        if len(t) >= 3 and t not in _STOP:
            out[t] += 1
    return out


def number_keys(text: str) -> Counter[str]:
    """Figures and month names: specific facts that tell one event from a similar one."""
    out: Counter[str] = Counter()
    for m in _NUMBER.finditer(text):
        num = m.group(1).replace(",", "").rstrip(".")
        unit = (m.group(2) or "").strip().lower().replace("percent", "%")
        if sum(c.isdigit() for c in num) < 2 and not unit:
            continue  # "3 people" is too common to tell events apart
        out["n:" + num + unit] += 1
    for m in _MONTH.finditer(text):
        out["m:" + m.group(1).lower()] += 1
    return out


def day_number(published: str | None) -> float | None:
    """Days since 1970-01-01 of an ISO date or datetime, None when absent or unreadable."""
    if not published:
        return None
    try:
        d = date.fromisoformat(published[:10])
    except ValueError:
        return None
    frac = 0.0
    if len(published) >= 16 and published[10] == "T":
        try:
            t = datetime.fromisoformat(published.replace("Z", "+00:00"))
            frac = (t.hour * 3600 + t.minute * 60 + t.second) / 86400
        except ValueError:
            frac = 0.0
    return float(d.toordinal() - date(1970, 1, 1).toordinal()) + frac


@dataclass
class ArticleFeatures:
    """What grouping needs of one article."""

    id: str
    vector: np.ndarray  # unit float32
    terms: dict[str, int]
    keys: dict[str, int]  # "e:<entity>", "n:<number>", "m:<month>"
    published: str | None = None
    source: str | None = None
    original_id: str | None = None
    lineage_id: str | None = None
    day: float | None = field(default=None)

    def __post_init__(self) -> None:
        if self.day is None:
            self.day = day_number(self.published)

    @property
    def order_key(self) -> tuple[bool, str, str]:
        """Canonical order: dated articles by date, then undated ones; ties by ID."""
        return (self.published is None, self.published or "", self.id)


def feature_text(title: str, text: str, max_chars: int = DEFAULT_CONFIG.max_chars) -> str:
    """Title plus the start of the body: the part of an article grouping reads."""
    body = text[: max(0, max_chars - len(title))]
    return body if title and body.startswith(title) else f"{title}\n{body}"


def text_features(
    title: str, text: str, entities: Iterable[Entity], max_chars: int = DEFAULT_CONFIG.max_chars
) -> tuple[dict[str, int], dict[str, int]]:
    """(content words, entity and figure keys) of an article's title and lead."""
    ft = feature_text(title, text, max_chars)
    keys = number_keys(ft)
    for e in entities:
        keys["e:" + e.key] += e.count
    return dict(content_terms(ft)), dict(keys)


def make_features(
    article_id: str,
    title: str,
    text: str,
    vector: np.ndarray,
    entities: Iterable[Entity],
    *,
    published: str | None = None,
    source: str | None = None,
    original_id: str | None = None,
    lineage_id: str | None = None,
    max_chars: int = DEFAULT_CONFIG.max_chars,
) -> ArticleFeatures:
    """Features of one article from its text, vector and entities."""
    terms, keys = text_features(title, text, entities, max_chars)
    return ArticleFeatures(
        id=article_id,
        vector=np.asarray(vector, dtype=np.float32),
        terms=terms,
        keys=keys,
        published=published,
        source=source,
        original_id=original_id,
        lineage_id=lineage_id or article_id,
    )


# -- hashed TF-IDF ---------------------------------------------------------------------------


class Vectorizer:
    """Signed feature hashing of TF-IDF weights into a fixed number of dense dimensions.

    Document frequencies grow as articles arrive (``add_document``); terms seen in fewer than
    ``min_df`` documents are left out. The IDF is smoothed (``log((n + 1) / (df + 1)) + 1``),
    so in a young collection, where every word is in every document so far, words still count.
    """

    def __init__(self, dim: int, min_df: int = 2) -> None:
        self.dim = dim
        self.min_df = min_df
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self._slots: dict[str, tuple[int, float]] = {}
        self.generation = 0

    def add_document(self, bag: dict[str, int]) -> None:
        self.n_docs += 1
        self.df.update(bag.keys())
        self.generation += 1  # every transform may change: cached vectors are stale

    def _slot(self, term: str) -> tuple[int, float]:
        s = self._slots.get(term)
        if s is None:
            h = zlib.crc32(term.encode("utf-8"))
            s = (h % self.dim, 1.0 if (h >> 31) & 1 else -1.0)
            self._slots[term] = s
        return s

    def transform(self, bag: dict[str, int]) -> np.ndarray:
        out = np.zeros(self.dim, dtype=np.float32)
        n = max(self.n_docs, 1)
        for term, count in bag.items():
            df = self.df.get(term, 0)
            if df < self.min_df or count <= 0:
                continue
            idx, sign = self._slot(term)
            out[idx] += sign * (1.0 + math.log(count)) * (math.log((n + 1) / (df + 1)) + 1.0)
        norm = float(np.linalg.norm(out))
        return out / norm if norm > 0 else out
