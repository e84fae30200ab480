"""Story grouping: the pure clustering core (no SQLite here; see ``story_store``).

An article joins the best-matching *live* story or founds a new one. The match score is a
weighted mean of three cosine similarities between the article and the story's running sums,
plus a time term:

* ``emb``: the article vector (all-MiniLM-L6-v2 on title + lead) against the story centroid;
* ``lex``: TF-IDF over the title and the first ``max_chars`` of text, hashed into ``lex_dim``
  signed buckets so every story is a dense row and a batch is scored with one matrix product;
* ``key``: named entities (spaCy) plus numbers and month names ("850,000", "25%", "June"),
  TF-IDF weighted and hashed the same way. Two "actor enters rehab" events share their words
  but not their actor; two monthly jobs reports share their words but not their figures.
* time: when both sides are dated, a story more than ``cold_days`` from the article is cold
  (never joined); a story with a member within a day gets a small bonus.

Near-duplicates (``original_id`` set) follow their original's story and leave the centroid alone,
so twenty wire copies do not pull a story toward the wire's wording.

``StoryIndex`` is the incremental state; ``cluster`` re-clusters a whole collection in canonical
order (published date, then ID) with document frequencies from the whole collection, then makes
one refinement pass in which every article may move to the story that fits it best now. Story IDs
are derived from content (``s`` + the founding article's ID: earliest published member, ties by
ID) and carried over from the previous assignment when membership is unchanged or continues
(``carry_ids``). Themes group story centroids with a looser threshold (``cluster_themes``), and
``label_groups`` names stories and themes from their distinctive entities and title phrases.
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import numpy as np

from newsdesk.stories.entities import STOP_WORDS as _STOP
from newsdesk.stories.entities import Entity

# -- configuration ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryConfig:
    """Every knob of the grouping. One configuration serves every corpus (no per-set tuning).

    ``threshold``, ``min_df`` and ``refine_passes`` were chosen on the AllSides stories with an
    odd id only (best mean B-cubed F1 of the rebuild and incremental modes there); weights,
    dimensions and time rules were fixed beforehand, from exploratory analysis.
    """

    w_emb: float = 1.0
    w_lex: float = 1.0
    w_key: float = 0.5
    threshold: float = 0.40
    cold_days: float = 10.0  # a dated story this far from a dated article is not joined (set
    # on the demo corpus, whose stories develop over weeks; ECB+ has no dates)
    near_days: float = 1.0  # ... and one this close gets ``near_bonus``
    near_bonus: float = 0.1
    theme_threshold: float = 0.2  # looser: stories on one beat (set on the demo corpus)
    max_chars: int = 1500  # how much of an article feeds words, entities and numbers
    lex_dim: int = 2048
    key_dim: int = 512
    batch: int = 64  # articles scored per matrix product
    refine_passes: int = 1  # rebuild only
    min_df: int = 1  # a word seen once so far still counts: the next report may share it

    @property
    def weight_sum(self) -> float:
        return self.w_emb + self.w_lex + self.w_key


DEFAULT_CONFIG = StoryConfig()

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

    Document frequencies grow as articles arrive (``add_document``); a term seen in only one
    document so far carries no weight, since it cannot yet link two articles.
    """

    def __init__(self, dim: int, min_df: int = 2) -> None:
        self.dim = dim
        self.min_df = min_df
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self._slots: dict[str, tuple[int, float]] = {}

    def add_document(self, bag: dict[str, int]) -> None:
        self.n_docs += 1
        self.df.update(bag.keys())

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
            out[idx] += sign * (1.0 + math.log(count)) * math.log(n / max(df, 1))
        norm = float(np.linalg.norm(out))
        return out / norm if norm > 0 else out


# -- the incremental index -------------------------------------------------------------------


class StoryIndex:
    """Live stories as dense rows of running sums; articles join or found stories.

    Stories are numbered 0, 1, ... in founding order; ``members[s]`` lists article IDs and
    ``story_of[article_id]`` maps back. Scores for a batch of articles come from one matrix
    product against every live story; articles within the batch that change a story get their
    later neighbours' scores for that story recomputed, so the result equals one-at-a-time
    processing.
    """

    def __init__(self, config: StoryConfig = DEFAULT_CONFIG, dim: int = 0) -> None:
        # ``dim`` 0: taken from the first article vector the index sees (the embedder decides).
        self.config = config
        self.dim = dim
        self.lex = Vectorizer(config.lex_dim, config.min_df)
        self.key = Vectorizer(config.key_dim, config.min_df)
        self._cap = 0
        self.n = 0
        self._emb = np.zeros((0, dim), np.float32)
        self._lexs = np.zeros((0, config.lex_dim), np.float32)
        self._keys = np.zeros((0, config.key_dim), np.float32)
        self._norms = np.ones((3, 0), np.float32)
        self._lo = np.zeros(0)
        self._hi = np.zeros(0)
        self.members: list[list[str]] = []
        self.story_of: dict[str, int] = {}
        self.scores: dict[str, float] = {}

    # -- storage ------------------------------------------------------------------------------

    def _grow(self) -> None:
        cap = max(64, self._cap * 2)
        cfg = self.config

        def grow(a: np.ndarray, width: int, fill: float = 0.0) -> np.ndarray:
            b = np.full((cap, width), fill, dtype=a.dtype)
            b[: self._cap] = a
            return b

        self._emb = grow(self._emb, self.dim)
        self._lexs = grow(self._lexs, cfg.lex_dim)
        self._keys = grow(self._keys, cfg.key_dim)
        norms = np.ones((3, cap), np.float32)
        norms[:, : self._cap] = self._norms
        self._norms = norms
        for name in ("_lo", "_hi"):
            old = getattr(self, name)
            new = np.full(cap, np.nan)
            new[: self._cap] = old
            setattr(self, name, new)
        self._cap = cap

    def _new_story(self) -> int:
        if self.n >= self._cap:
            self._grow()
        self.members.append([])
        self.n += 1
        return self.n - 1

    def _update(self, s: int, vecs: tuple[np.ndarray, ...] | None, day: float | None) -> None:
        """Add an article to story ``s``: its vectors (None for a copy) and its date."""
        if vecs is not None:
            for row, (arr, v) in enumerate(
                zip((self._emb, self._lexs, self._keys), vecs, strict=True)
            ):
                arr[s] += v
                self._norms[row, s] = max(float(np.linalg.norm(arr[s])), 1e-6)
        if day is not None:
            lo, hi = self._lo[s], self._hi[s]
            self._lo[s] = day if np.isnan(lo) else min(lo, day)
            self._hi[s] = day if np.isnan(hi) else max(hi, day)

    # -- scoring ------------------------------------------------------------------------------

    def vectors(self, f: ArticleFeatures) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return f.vector.astype(np.float32), self.lex.transform(f.terms), self.key.transform(f.keys)

    def _score_rows(
        self, emb: np.ndarray, lex: np.ndarray, key: np.ndarray, days: np.ndarray, rows: np.ndarray
    ) -> np.ndarray:
        """Scores (articles x ``rows``) of articles against the given stories."""
        cfg = self.config
        s = cfg.w_emb * (emb @ self._emb[rows].T) / self._norms[0, rows]
        s += cfg.w_lex * (lex @ self._lexs[rows].T) / self._norms[1, rows]
        s += cfg.w_key * (key @ self._keys[rows].T) / self._norms[2, rows]
        s /= cfg.weight_sum
        lo, hi = self._lo[rows][None, :], self._hi[rows][None, :]
        d = days[:, None]
        with np.errstate(invalid="ignore"):
            gap = np.maximum(0.0, np.maximum(lo - d, d - hi))
        known = ~np.isnan(gap)
        s[known & (gap > cfg.cold_days)] = -np.inf
        s[known & (gap <= cfg.near_days)] += cfg.near_bonus
        return s

    def _fit_dim(self, feats: Iterable[ArticleFeatures]) -> None:
        """Take the vector dimension from the first article, before any story exists."""
        if self.dim or self.n:
            return
        for f in feats:
            self.dim = int(f.vector.shape[0])
            self._emb = np.zeros((self._cap, self.dim), np.float32)
            return

    def load(self, groups: Sequence[Sequence[ArticleFeatures]]) -> None:
        """Restore known stories (story number = position in ``groups``) without re-scoring."""
        self._fit_dim(f for g in groups for f in g)
        for g in groups:
            for f in g:
                if not f.original_id:
                    self.lex.add_document(f.terms)
                    self.key.add_document(f.keys)
        for g in groups:
            s = self._new_story()
            for f in g:
                self._place(f, s, 1.0, None if f.original_id else self.vectors(f))

    def add(self, feats: Sequence[ArticleFeatures], *, update_df: bool = True) -> list[int]:
        """Assign articles in the given order; returns each one's story number."""
        self._fit_dim(feats)
        cfg = self.config
        out: list[int] = []
        if update_df:
            for f in feats:
                if f.id not in self.story_of and not f.original_id:
                    self.lex.add_document(f.terms)
                    self.key.add_document(f.keys)
        for start in range(0, len(feats), cfg.batch):
            out.extend(self._add_batch(list(feats[start : start + cfg.batch])))
        return out

    def _add_batch(self, batch: list[ArticleFeatures]) -> list[int]:
        m = len(batch)
        emb = np.zeros((m, self.dim), np.float32)
        lex = np.zeros((m, self.config.lex_dim), np.float32)
        key = np.zeros((m, self.config.key_dim), np.float32)
        days = np.full(m, np.nan)
        for i, f in enumerate(batch):
            emb[i], lex[i], key[i] = self.vectors(f)
            if f.day is not None:
                days[i] = f.day
        n0 = self.n
        base = (
            self._score_rows(emb, lex, key, days, np.arange(n0))
            if n0
            else np.zeros((m, 0), np.float32)
        )
        touched: set[int] = set()
        out: list[int] = []
        for i, f in enumerate(batch):
            if f.id in self.story_of:  # already placed: keep it there
                out.append(self.story_of[f.id])
                continue
            follow = self.story_of.get(f.original_id or "")
            if follow is not None:  # a near-duplicate goes where its original is
                self._place(f, follow, 1.0, None)
                out.append(follow)
                continue
            best, best_score = self._best(base, i, n0, touched, emb, lex, key, days)
            if best < 0 or best_score < self.config.threshold:
                best, best_score = self._new_story(), 1.0
            self._place(f, best, best_score, (emb[i], lex[i], key[i]))
            touched.add(best)
            out.append(best)
        return out

    def _best(
        self,
        base: np.ndarray,
        i: int,
        n0: int,
        touched: set[int],
        emb: np.ndarray,
        lex: np.ndarray,
        key: np.ndarray,
        days: np.ndarray,
    ) -> tuple[int, float]:
        """Best story for article ``i`` of a batch: batch scores, refreshed where it changed."""
        row = base[i].copy()
        extra: dict[int, float] = {}
        if touched:
            stale = np.array(sorted(touched), dtype=np.int64)
            one = slice(i, i + 1)
            sc = self._score_rows(emb[one], lex[one], key[one], days[one], stale)[0]
            old = stale < n0
            row[stale[old]] = sc[old]
            extra = dict(zip(stale[~old].tolist(), sc[~old].tolist(), strict=True))
        best, best_score = -1, -np.inf
        if row.size:
            j = int(np.argmax(row))
            best, best_score = j, float(row[j])
        for s_, v in sorted(extra.items()):
            if v > best_score:
                best, best_score = s_, v
        return best, best_score

    def _place(
        self,
        f: ArticleFeatures,
        s: int,
        score: float,
        vecs: tuple[np.ndarray, ...] | None,
    ) -> None:
        self.members[s].append(f.id)
        self.story_of[f.id] = s
        self.scores[f.id] = score
        self._update(s, vecs, f.day)

    # -- refinement (rebuild only) -------------------------------------------------------------

    def refine(self, feats: Sequence[ArticleFeatures], chunk: int = 512) -> int:
        """One k-means-style pass: move each article to the story that fits it best now.

        A sequential pass decides with the stories as they were when each article arrived; here
        every article is scored against the final stories (its own with itself left out) and
        moves, or leaves to stand alone, when another story fits better or its own no longer
        reaches the threshold. All moves are decided first, then applied. Copies follow their
        originals. Returns the number of articles moved.
        """
        cfg = self.config
        moves: list[tuple[ArticleFeatures, int, int, tuple[np.ndarray, ...]]] = []
        size = Counter(
            self.story_of[f.id] for f in feats if not f.original_id and f.id in self.story_of
        )
        order = sorted(
            (f for f in feats if not f.original_id and f.id in self.story_of),
            key=lambda f: f.order_key,
        )
        n = self.n
        for start in range(0, len(order), chunk):
            part = order[start : start + chunk]
            vecs = [self.vectors(f) for f in part]
            emb = np.stack([v[0] for v in vecs])
            lex = np.stack([v[1] for v in vecs])
            key = np.stack([v[2] for v in vecs])
            days = np.array([np.nan if f.day is None else f.day for f in part])
            rows = self._rows_near(days, n)
            scores = self._score_rows(emb, lex, key, days, rows)
            pos = {int(r): j for j, r in enumerate(rows.tolist())}
            for i, f in enumerate(part):
                own = self.story_of[f.id]
                if own in pos:
                    own_score = self._own_score(own, vecs[i], size[own])
                    if f.day is not None and not np.isnan(self._lo[own]):
                        own_score += cfg.near_bonus  # its own story is dated on its day
                    scores[i, pos[own]] = own_score
                j = int(np.argmax(scores[i])) if len(rows) else -1
                best = int(rows[j]) if j >= 0 and scores[i, j] >= cfg.threshold else -1
                if best != own and not (best < 0 and size[own] == 1):
                    moves.append((f, own, best, vecs[i]))
        for f, old, new, v in moves:
            if new < 0:
                new = self._new_story()
            self.members[old].remove(f.id)
            self._update(old, tuple(-x for x in v), None)
            self._place(f, new, self.scores.get(f.id, 1.0), v)
        moved = {f.id for f, *_ in moves}
        for f in feats:  # copies go where their originals went
            if f.original_id and f.id in self.story_of and f.original_id in moved:
                s_old, s_new = self.story_of[f.id], self.story_of[f.original_id]
                if s_old != s_new:
                    self.members[s_old].remove(f.id)
                    self._place(f, s_new, 1.0, None)
        self._respan(feats)
        return len(moves)

    def _rows_near(self, days: np.ndarray, n: int) -> np.ndarray:
        """Stories a chunk of articles could join: near its dates in time, or undated."""
        rows = np.arange(n)
        if np.isnan(days).any() or not len(days):
            return rows
        lo, hi = self._lo[:n], self._hi[:n]
        slack = self.config.cold_days
        keep = np.isnan(lo) | ((lo <= days.max() + slack) & (hi >= days.min() - slack))
        return rows[keep]

    def _own_score(self, s: int, v: tuple[np.ndarray, ...], size: int) -> float:
        """Score of an article against its own story with itself left out."""
        if size <= 1:
            return -np.inf
        cfg = self.config
        total = 0.0
        for w, arr, x in zip(
            (cfg.w_emb, cfg.w_lex, cfg.w_key), (self._emb, self._lexs, self._keys), v, strict=True
        ):
            rest = arr[s] - x
            norm = float(np.linalg.norm(rest))
            total += w * (float(x @ rest) / norm if norm > 1e-6 else 0.0)
        return total / cfg.weight_sum

    def _respan(self, feats: Sequence[ArticleFeatures]) -> None:
        day = {f.id: f.day for f in feats}
        self._lo[: self.n] = np.nan
        self._hi[: self.n] = np.nan
        for s, members in enumerate(self.members):
            ds = [d for a in members if (d := day.get(a)) is not None]
            if ds:
                self._lo[s], self._hi[s] = min(ds), max(ds)

    def compact(self) -> None:
        """Drop stories left empty (by refinement), renumbering the rest in order."""
        keep = [s for s in range(self.n) if self.members[s]]
        if len(keep) == self.n:
            return
        idx = np.array(keep, dtype=np.int64)
        k = len(keep)
        for name in ("_emb", "_lexs", "_keys"):
            arr = getattr(self, name)
            arr[:k] = arr[idx]
            arr[k:] = 0.0
        self._norms[:, :k] = self._norms[:, idx]
        self._lo[:k], self._hi[:k] = self._lo[idx], self._hi[idx]
        self._lo[k:] = np.nan
        self._hi[k:] = np.nan
        self.members = [self.members[s] for s in keep]
        self.n = k
        self.story_of = {a: s for s, m in enumerate(self.members) for a in m}

    # -- summaries ----------------------------------------------------------------------------

    def centroids(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Unit centroids (emb, lex, key) of every story, in story order."""
        k = self.n
        return (
            self._emb[:k] / self._norms[0, :k, None],
            self._lexs[:k] / self._norms[1, :k, None],
            self._keys[:k] / self._norms[2, :k, None],
        )

    def spans(self) -> list[tuple[float | None, float | None]]:
        return [
            (None if np.isnan(a) else float(a), None if np.isnan(b) else float(b))
            for a, b in zip(self._lo[: self.n], self._hi[: self.n], strict=True)
        ]


def cluster(
    feats: Sequence[ArticleFeatures], config: StoryConfig = DEFAULT_CONFIG
) -> tuple[StoryIndex, list[int]]:
    """Re-cluster a whole collection: canonical order, document frequencies of the whole set,
    then ``refine_passes`` refinement passes (``StoryIndex.refine``).

    Originals come before their copies whatever the dates say, so every copy finds its story.
    """
    index = StoryIndex(config, dim=int(feats[0].vector.shape[0]) if feats else 0)
    for f in feats:
        if not f.original_id:
            index.lex.add_document(f.terms)
            index.key.add_document(f.keys)
    by_id = {f.id: f for f in feats}
    ordered = sorted(feats, key=lambda f: f.order_key)
    originals = [f for f in ordered if not (f.original_id and f.original_id in by_id)]
    copies = [f for f in ordered if f.original_id and f.original_id in by_id]
    index.add(originals, update_df=False)
    # A copy of a copy follows once its own original is placed: sort by lineage depth.
    pending = copies
    while pending:
        ready = [f for f in pending if f.original_id in index.story_of]
        if not ready:  # a cycle or a missing link: group the rest on their own merits
            ready = [replace(f, original_id=None) for f in pending]
            index.add(ready, update_df=False)
            break
        index.add(ready, update_df=False)
        done = {f.id for f in ready}
        pending = [f for f in pending if f.id not in done]
    for _ in range(config.refine_passes):
        if not index.refine(feats):
            break
    index.compact()
    labels = [index.story_of[f.id] for f in feats]
    return index, labels


# -- stable story IDs ------------------------------------------------------------------------


def founding_key(article_ids: Iterable[str], published: dict[str, str | None]) -> list[str]:
    """Member IDs in founding order: earliest published first, undated last, ties by ID."""
    return sorted(article_ids, key=lambda a: (published.get(a) is None, published.get(a) or "", a))


def new_story_id(
    members: Sequence[str],
    published: dict[str, str | None],
    taken: set[str],
    prefix: str = "s",
) -> str:
    """``prefix`` + the founding article's ID; the next member's if that is taken, and when
    every member's is taken (a story's founder left for another), a hash of the membership."""
    for aid in founding_key(members, published):
        if prefix + aid not in taken:
            return prefix + aid
    digest = hashlib.sha256("\x00".join(sorted(members)).encode()).hexdigest()
    n = 10
    while prefix + digest[:n] in taken:
        n += 2
    return prefix + digest[:n]


def carry_ids(
    groups: Sequence[Sequence[str]],
    published: dict[str, str | None],
    previous: dict[str, str] | None = None,
    prefix: str = "s",
) -> tuple[list[str], list[dict[str, object]]]:
    """Stable IDs for ``groups`` of article IDs, and the merge/split events against ``previous``.

    A group whose membership equals a previous story's keeps that ID. Otherwise a group keeps
    the ID of the previous story it holds most of the articles of, when it holds more than half
    of that story (a story that grew or lost a few articles is the same story). Everything else
    gets a new ID (``new_story_id``). ``previous`` maps article ID -> old story ID.
    """
    previous = previous or {}
    old_members: dict[str, set[str]] = {}
    for aid, sid in previous.items():
        old_members.setdefault(sid, set()).add(aid)
    ids: list[str | None] = [None] * len(groups)
    taken: set[str] = set()
    # Pass 1: exact membership, then majority continuations, largest overlap first.
    claims: list[tuple[int, int, str]] = []
    for gi, g in enumerate(groups):
        counts = Counter(previous[a] for a in g if a in previous)
        for sid, n in counts.items():
            old = old_members[sid]
            if set(g) == old:
                claims.append((10**9, gi, sid))
            elif 2 * n > len(old):
                claims.append((n, gi, sid))
    for _, gi, sid in sorted(claims, key=lambda c: (-c[0], c[1], c[2])):
        if ids[gi] is None and sid not in taken:
            ids[gi] = sid
            taken.add(sid)
    # Pass 2: content-derived IDs for the new stories.
    for gi, g in enumerate(groups):
        if ids[gi] is None:
            ids[gi] = new_story_id(g, published, taken, prefix)
            taken.add(ids[gi])  # type: ignore[arg-type]
    final = [str(i) for i in ids]
    return final, transition_events(groups, final, previous)


def transition_events(
    groups: Sequence[Sequence[str]], ids: Sequence[str], previous: dict[str, str]
) -> list[dict[str, object]]:
    """Merges (articles of two or more old stories now in one) and splits (the reverse)."""
    events: list[dict[str, object]] = []
    new_of = {a: sid for g, sid in zip(groups, ids, strict=True) for a in g}
    # merges: a new story drawing on several old ones
    for g, sid in zip(groups, ids, strict=True):
        olds = sorted({previous[a] for a in g if a in previous})
        if len(olds) > 1:
            events.append({"kind": "merge", "story_id": sid, "from": olds})
    # splits: an old story whose articles went to several new ones
    old_members: dict[str, list[str]] = {}
    for aid, sid in previous.items():
        old_members.setdefault(sid, []).append(aid)
    for sid, arts in sorted(old_members.items()):
        news = sorted({new_of[a] for a in arts if a in new_of})
        if len(news) > 1:
            events.append({"kind": "split", "story_id": sid, "into": news})
    return events


# -- themes ----------------------------------------------------------------------------------


def cluster_themes(
    emb: np.ndarray, key: np.ndarray, config: StoryConfig = DEFAULT_CONFIG
) -> list[int]:
    """Theme number of each story from its unit centroids (-1: the story stands alone).

    Average linkage over story centroids, embeddings and entities/figures (the words of two
    stories on one beat differ more than their actors and places do), cut at the looser
    ``theme_threshold``. Single-article stories take part too: a follow-up that stands alone
    as a story still belongs to its beat.
    """
    n = emb.shape[0]
    if n < 2:
        return [-1] * n
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    w_e, w_k = config.w_emb, config.w_key * 2
    sim = (w_e * (emb @ emb.T) + w_k * (key @ key.T)) / (w_e + w_k)
    dist = np.clip(1.0 - sim, 0.0, 2.0).astype(np.float64)
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2
    tree = linkage(squareform(dist, checks=False), method="average")
    flat = fcluster(tree, t=1.0 - config.theme_threshold, criterion="distance")
    sizes = Counter(flat.tolist())
    # Number themes by their first story, so the numbering follows the input order.
    numbering: dict[int, int] = {}
    out: list[int] = []
    for c in flat.tolist():
        if sizes[c] < 2:
            out.append(-1)
            continue
        out.append(numbering.setdefault(c, len(numbering)))
    return out


# -- agreement between two groupings ---------------------------------------------------------


def bcubed(gold: Sequence[object], pred: Sequence[object]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``pred`` against ``gold`` (same item order)."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    if not gold:
        return 1.0, 1.0, 1.0
    pair = Counter(zip(gold, pred, strict=True))
    gsize = Counter(gold)
    psize = Counter(pred)
    p = sum(pair[(g, q)] / psize[q] for g, q in zip(gold, pred, strict=True)) / len(gold)
    r = sum(pair[(g, q)] / gsize[g] for g, q in zip(gold, pred, strict=True)) / len(gold)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def adjusted_rand(gold: Sequence[object], pred: Sequence[object]) -> float:
    """Adjusted Rand index (1.0 when both groupings are identical)."""
    from sklearn.metrics import adjusted_rand_score

    if len(gold) < 2:
        return 1.0
    return float(adjusted_rand_score([str(g) for g in gold], [str(p) for p in pred]))


def agreement(a: dict[str, str], b: dict[str, str]) -> dict[str, float | int]:
    """How closely two assignments (article -> story) agree, over the articles both cover."""
    common = sorted(set(a) & set(b))
    ga = [a[x] for x in common]
    gb = [b[x] for x in common]
    p, r, f = bcubed(ga, gb)
    return {
        "articles": len(common),
        "ari": adjusted_rand(ga, gb),
        "bcubed_precision": p,
        "bcubed_recall": r,
        "bcubed_f1": f,
        "stories_before": len(set(ga)),
        "stories_after": len(set(gb)),
    }


def group_members(labels: Sequence[int], ids: Sequence[str]) -> list[list[str]]:
    """Article IDs per story number, in story-number order."""
    k = max(labels, default=-1) + 1
    out: list[list[str]] = [[] for _ in range(k)]
    for lab, aid in zip(labels, ids, strict=True):
        out[lab].append(aid)
    return [g for g in out if g]
