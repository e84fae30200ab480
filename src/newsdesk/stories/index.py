"""The incremental story index (see :mod:`newsdesk.stories`).

Whole-collection clustering for the rebuild, and its refinement pass over an index, are in
:mod:`newsdesk.stories.rebuild` (which builds on this module, never the other way round).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from newsdesk.stories.config import DEFAULT_CONFIG, StoryConfig
from newsdesk.stories.features import ArticleFeatures, Vectorizer

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
        self._vec_cache: dict[
            str, tuple[ArticleFeatures, tuple[np.ndarray, np.ndarray, np.ndarray]]
        ] = {}
        self._vec_generation = (-1, -1)
        self._cap = 0
        self.n = 0
        self._emb = np.zeros((0, dim), np.float32)
        self._lexs = np.zeros((0, config.lex_dim), np.float32)
        self._keys = np.zeros((0, config.key_dim), np.float32)
        self._norms = np.ones((3, 0), np.float32)
        self._count = np.zeros(0, np.float32)  # members whose vectors are in the sums
        self._lo = np.zeros(0)
        self._hi = np.zeros(0)
        self.members: list[list[str]] = []
        self.story_of: dict[str, int] = {}
        self.scores: dict[str, float] = {}
        self.feats: dict[str, ArticleFeatures] = {}  # every placed article (settle re-reads)
        # What settling changed since the caller last cleared these: story numbers whose
        # membership changed, and the story each moved article was in before it first moved.
        self.changed: set[int] = set()
        self.moved_from: dict[str, int] = {}

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
        count = np.zeros(cap, np.float32)
        count[: self._cap] = self._count
        self._count = count
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

    def _update(
        self, s: int, vecs: tuple[np.ndarray, ...] | None, day: float | None, sign: float = 1.0
    ) -> None:
        """Add (``sign`` -1: take away) an article to story ``s``: its vectors (None for a copy)
        and its date."""
        if vecs is not None:
            for row, (arr, v) in enumerate(
                zip((self._emb, self._lexs, self._keys), vecs, strict=True)
            ):
                arr[s] += sign * v
                self._norms[row, s] = max(float(np.linalg.norm(arr[s])), 1e-6)
            self._count[s] += sign
        if day is not None:
            lo, hi = self._lo[s], self._hi[s]
            self._lo[s] = day if np.isnan(lo) else min(lo, day)
            self._hi[s] = day if np.isnan(hi) else max(hi, day)

    # -- scoring ------------------------------------------------------------------------------

    def vectors(self, f: ArticleFeatures) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """An article's (embedding, lexical, key) vectors under the document frequencies as
        they are now; kept until the frequencies change (settling asks for the same articles
        again and again within one batch). Callers must not modify them."""
        generation = (self.lex.generation, self.key.generation)
        if generation != self._vec_generation:
            self._vec_cache.clear()
            self._vec_generation = generation
        hit = self._vec_cache.get(f.id)
        if hit is not None and hit[0] is f:
            return hit[1]
        vecs = (
            f.vector.astype(np.float32),
            self.lex.transform(f.terms),
            self.key.transform(f.keys),
        )
        self._vec_cache[f.id] = (f, vecs)
        return vecs

    def _score_rows(
        self, emb: np.ndarray, lex: np.ndarray, key: np.ndarray, days: np.ndarray, rows: np.ndarray
    ) -> np.ndarray:
        """Scores (articles x ``rows``): the mean pairwise same-event logit of each article with
        each story's members (average linkage), computed from the stories' running sums."""
        cfg = self.config
        count = np.maximum(self._count[rows], 1.0)
        s = cfg.w_emb * (emb @ self._emb[rows].T)
        s += cfg.w_lex * (lex @ self._lexs[rows].T)
        s += cfg.w_key * (key @ self._keys[rows].T)
        s /= count
        s += cfg.bias
        lo, hi = self._lo[rows][None, :], self._hi[rows][None, :]
        return self._add_time(s, days[:, None], lo, hi)

    def _add_time(self, s: np.ndarray, d: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Add the time terms of the logit where both sides are dated; cold pairs get -inf."""
        cfg = self.config
        with np.errstate(invalid="ignore"):
            gap = np.maximum(0.0, np.maximum(lo - d, d - hi))
        gap = np.broadcast_to(gap, s.shape)
        known = ~np.isnan(gap)
        g = np.where(known, gap, 0.0)
        t = cfg.time_logit(g)
        s = np.where(known, s + t, s)
        s[known & (g > cfg.cold_days)] = -np.inf
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

    def add(
        self,
        feats: Sequence[ArticleFeatures],
        *,
        update_df: bool = True,
        settle: bool | None = None,
    ) -> list[int]:
        """Assign articles in the given order; returns each one's story number (after
        settling, when ``settle``: by default ``config.settle``)."""
        self._fit_dim(feats)
        cfg = self.config
        if settle is None:
            settle = cfg.settle
        if update_df:
            for f in feats:
                if f.id not in self.story_of and not f.original_id:
                    self.lex.add_document(f.terms)
                    self.key.add_document(f.keys)
        for start in range(0, len(feats), cfg.batch):
            batch = list(feats[start : start + cfg.batch])
            new = [f.id for f in batch if f.id not in self.story_of]
            self._add_batch(batch)
            if settle:
                self.settle(new)
        return [self.story_of[f.id] for f in feats]

    # -- settling (ingest converging to the rebuild) --------------------------------------------

    def _is_copy(self, f: ArticleFeatures) -> bool:
        """A near-duplicate whose original is placed: it follows it and adds no vectors."""
        return bool(f.original_id) and f.original_id != f.id and f.original_id in self.feats

    def settle(self, new: Sequence[str]) -> set[int]:
        """Re-cluster the stories the articles ``new`` joined, and their neighbours, with the
        rebuild's own linkage (:func:`~newsdesk.stories.linkage.average_linkage`, document
        frequencies as they are now); returns the story numbers whose membership changed.

        Neighbours are the stories a new article scores at least ``settle_floor`` against (mean
        logit; a story beyond the guard's ``cold_days`` scores -inf and is never one), nearest
        first, up to ``settle_max`` articles in all. The new groups take the old numbers where
        they overlap most (so the larger part of a split keeps its story, and a merge the
        number of the story it holds most of); the rest found new stories, and a story left
        with no members stays empty. Copies follow their originals.
        """
        from newsdesk.stories.linkage import average_linkage, group_by_labels

        cfg = self.config
        fresh = [self.feats[a] for a in new if a in self.feats]
        fresh = [f for f in fresh if not self._is_copy(f)]
        if not fresh or not self.n:
            return set()
        vecs = [self.vectors(f) for f in fresh]
        emb = np.stack([v[0] for v in vecs])
        lex = np.stack([v[1] for v in vecs])
        key = np.stack([v[2] for v in vecs])
        days = np.array([np.nan if f.day is None else f.day for f in fresh])
        scores = self._score_rows(emb, lex, key, days, np.arange(self.n))
        near = scores.max(axis=0)
        own = sorted({self.story_of[f.id] for f in fresh})
        picked: list[int] = list(own)
        total = sum(len(self.members[s]) for s in picked)
        seen = set(own)
        for s in np.argsort(-near, kind="stable").tolist():
            if near[s] < cfg.settle_floor:
                break
            if s in seen or not self.members[s]:
                continue
            if total + len(self.members[s]) > cfg.settle_max:
                continue
            picked.append(s)
            seen.add(s)
            total += len(self.members[s])
        if len(picked) < 2 and all(len(self.members[s]) < 2 for s in picked):
            return set()
        arts = [self.feats[a] for s in picked for a in self.members[s]]
        originals = sorted((f for f in arts if not self._is_copy(f)), key=lambda f: f.order_key)
        copies = [f for f in arts if self._is_copy(f)]
        if not originals:
            return set()
        rows = [self.vectors(f) for f in originals]
        mat = (
            np.stack([r[0] for r in rows]),
            np.stack([r[1] for r in rows]),
            np.stack([r[2] for r in rows]),
        )
        odays = np.array([np.nan if f.day is None else f.day for f in originals])
        groups = group_by_labels(average_linkage(mat, odays, cfg))
        before = {s: set(self.members[s]) for s in picked}
        # Each group takes the old number it overlaps most, largest overlaps first.
        overlap: Counter[tuple[int, int]] = Counter(
            (g, self.story_of[originals[i].id]) for g, grp in enumerate(groups) for i in grp
        )
        number: dict[int, int] = {}
        used: set[int] = set()
        for (g, s), _n in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0])):
            if g not in number and s not in used:
                number[g] = s
                used.add(s)
        for g in range(len(groups)):
            if g not in number:
                number[g] = self._new_story()
        target = {originals[i].id: number[g] for g, grp in enumerate(groups) for i in grp}
        vec_of = {f.id: r for f, r in zip(originals, rows, strict=True)}
        pending = list(copies)
        while pending:  # a copy goes where its original goes (or stayed, outside this set)
            left = []
            for f in pending:
                o = f.original_id or ""
                if o in target:
                    target[f.id] = target[o]
                elif o in self.story_of and o not in {g.id for g in pending}:
                    target[f.id] = self.story_of[o]
                else:
                    left.append(f)
            if len(left) == len(pending):
                for f in left:
                    target[f.id] = self.story_of[f.id]
                break
            pending = left
        after: dict[int, list[str]] = {s: [] for s in picked}
        for f in arts:
            after.setdefault(target[f.id], []).append(f.id)
        changed = {s for s, m in after.items() if set(m) != before.get(s, set())}
        for s in sorted(changed):
            self._reset(s, [self.feats[a] for a in after[s]], vec_of)
        for s in changed:
            for a in after[s]:
                old = self.story_of.get(a)
                if old is not None and old != s:
                    self.moved_from.setdefault(a, old)
        for s in changed:
            for a in after[s]:
                self.story_of[a] = s
        self.changed |= changed
        return changed

    def _reset(
        self,
        s: int,
        members: Sequence[ArticleFeatures],
        vec_of: Mapping[str, tuple[np.ndarray, ...]],
    ) -> None:
        """Story ``s`` recomputed from scratch with ``members`` (sums, count, span)."""
        self._emb[s] = 0.0
        self._lexs[s] = 0.0
        self._keys[s] = 0.0
        self._norms[:, s] = 1.0
        self._count[s] = 0.0
        self._lo[s] = np.nan
        self._hi[s] = np.nan
        self.members[s] = [f.id for f in members]
        for f in members:
            v: tuple[np.ndarray, ...] | None = None
            if not self._is_copy(f):
                v = vec_of[f.id] if f.id in vec_of else self.vectors(f)
            self._update(s, v, f.day)

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
            if best < 0 or best_score < self.config.join_threshold:
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
        self.feats[f.id] = f
        self._update(s, vecs, f.day)

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
        self._count[:k] = self._count[idx]
        self._count[k:] = 0.0
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
