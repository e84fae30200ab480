"""Stories through the store: incremental assignment, rebuild, themes and labels.

The store is the source of truth (membership, figures, labels, themes, events, and each
article's features). The clustering state (running sums of every story) is derived from it and
kept in memory per (store, embedding model) between calls, so the batches of one ingest run
cost only their own articles; a token in the store's metadata that changes on every write tells
a process when someone else wrote and the state must be reloaded.

Themes and the labels of stories a batch did not touch are recomputed lazily by ``refresh``
(the reading commands call it) when a write marked them stale, which keeps ingest fast.
``refresh`` also catches up on articles ingested without story assignment.

Vectors: grouping reads the article vectors of the embedding model it is given (its name and
dimension come from the embedder, never from a constant). Articles that lack a vector of that
model get one through ``ensure_vectors`` before grouping; without that hook, a missing vector
is an error rather than a silent zero vector.

The parts live beside it: the in-memory state and story figures in :mod:`.state`, the text
features the store keeps in :mod:`.extract`, merge and split events in :mod:`.events`. This
module still exports their public names.
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from newsdesk.boilerplate import content_start
from newsdesk.errors import StoreError
from newsdesk.store.base import Store, StoryEvent, StoryRow, ThemeRow
from newsdesk.stories.core import (
    DEFAULT_CONFIG,
    ArticleFeatures,
    StoryConfig,
    StoryIndex,
    agreement,
    carry_ids,
    cluster,
    cluster_themes,
    new_story_id,
)
from newsdesk.stories.entities import Entity, LabelDoc
from newsdesk.stories.events import _moves, story_fate
from newsdesk.stories.extract import FEATURE_VERSION, feature_records
from newsdesk.stories.state import _CACHE, _figures, _State, forget_all

__all__ = [
    "FEATURE_VERSION",
    "StoryGrouper",
    "feature_records",
    "forget_all",
    "one_blas_thread",
    "story_fate",
]

LABEL_LEAD_CHARS = 400


def _entities(raw: Sequence[Sequence[Any]]) -> list[Entity]:
    return [Entity(key=k, label=lab, text=t, count=int(n)) for k, lab, t, n in raw]


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS on one thread while inside. Placement multiplies small matrices (a batch against
    the stories' running sums): OpenBLAS's extra thread costs more in hand-offs and spinning
    than it saves, and takes the core the embedding thread needs (story assignment on BBC:
    11.6 s against 6.8 s)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


class StoryGrouper:
    """Story grouping over a :class:`Store` with the vectors of one embedding model."""

    def __init__(
        self,
        store: Store,
        model: str,
        *,
        ensure_vectors: Callable[[Sequence[str]], None] | None = None,
        config: StoryConfig = DEFAULT_CONFIG,
    ) -> None:
        self.store = store
        self.model = model
        self.ensure_vectors = ensure_vectors
        self.config = config
        self._key = (store.location, model)

    # -- features ----------------------------------------------------------------------------

    def ensure_features(
        self,
        ids: Sequence[str] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Compute and store words, keys and entities of articles that lack them.

        NER (the slow part) runs before each write transaction opens, so locks are held briefly.
        ``on_progress(done, total)`` follows the articles as they are done.
        """
        rows = self.store.articles_without_features(FEATURE_VERSION, ids)
        done = 0
        for i in range(0, len(rows), 256):
            out = feature_records(rows[i : i + 256], self.config)
            self.store.put_features(out)
            done += len(out)
            if on_progress is not None:
                on_progress(done, len(rows))
        return done

    def load_features(self, ids: Sequence[str] | None = None) -> list[ArticleFeatures]:
        """Grouping features of stored articles (all when ``ids`` is None)."""
        recs = self.store.load_features(ids, self.model)
        missing = [r.id for r in recs if r.vector is None]
        if missing and self.ensure_vectors is not None:
            self.ensure_vectors(missing)
            fixed = {r.id: r for r in self.store.load_features(missing, self.model)}
            recs = [fixed.get(r.id, r) if r.vector is None else r for r in recs]
            missing = [r.id for r in recs if r.vector is None]
        if missing:
            raise StoreError(
                f"{len(missing)} articles have no {self.model} vector (e.g. {missing[0]}): "
                "re-ingest them or group with the model they were embedded with"
            )
        return [
            ArticleFeatures(
                id=r.id,
                vector=np.asarray(r.vector, dtype=np.float32),
                terms=r.terms,
                keys=r.keys,
                published=r.published,
                source=r.source,
                original_id=r.original_id,
                lineage_id=r.lineage_id,
            )
            for r in recs
        ]

    def _label_docs(self, ids: Sequence[str]) -> dict[str, LabelDoc]:
        # A dateline ("WASHINGTON (Wire) — ") names where the reporter was, not the story.
        return {
            li.id: LabelDoc(
                title=li.title,
                lead=li.lead[content_start(li.lead) :],
                entities=_entities(li.entities),
                phrases=li.phrases,
            )
            for li in self.store.label_inputs(ids, LABEL_LEAD_CHARS)
        }

    # -- state -------------------------------------------------------------------------------

    def _state(self) -> _State:
        token = self.store.get_meta("token")
        st = _CACHE.get(self._key)
        if st is not None and token is not None and st.token == token and st.config == self.config:
            return st
        members: dict[str, list[str]] = defaultdict(list)
        for aid, sid in self.store.story_assignments().items():
            members[sid].append(aid)
        sids = sorted(members)
        feats = {f.id: f for f in self.load_features([a for m in members.values() for a in m])}
        dim = next(iter(feats.values())).vector.shape[0] if feats else 0
        index = StoryIndex(self.config, dim=dim)
        index.load(
            [
                sorted((feats[a] for a in members[s] if a in feats), key=lambda f: f.order_key)
                for s in sids
            ]
        )
        st = _State(index=index, sids=sids, token=token, config=self.config)
        st.add_label_docs(self._label_docs(list(feats)))
        _CACHE[self._key] = st
        return st

    def _touch(self, st: _State) -> None:
        token = uuid.uuid4().hex
        self.store.set_meta("token", token)
        self.store.set_meta("stale", "1")
        st.token = token

    def _story_rows(self, st: _State, story_ids: Sequence[str]) -> tuple[list[StoryRow], list[str]]:
        rows = self.store.member_rows(story_ids)
        out, gone = [], []
        for sid in story_ids:
            members = rows.get(sid, [])
            if not members:
                gone.append(sid)
                continue
            label = st.label([m.id for m in members]) or "(untitled)"
            out.append(_figures(sid, label, members, st))
        return out, gone

    # -- assignment --------------------------------------------------------------------------

    def assign(self, article_ids: Sequence[str]) -> None:
        """Place newly stored articles into stories (incremental; its own transaction).

        Articles already in a story stay where they are, so calling this again with the same
        IDs changes nothing. Near-duplicates follow their original's story.

        Placement is computed outside the write lock against this process's cached state and
        written only if no other process placed articles meanwhile (the store's story token is
        unchanged). If one did, the state is reloaded and the batch placed again while holding
        the lock, so two writers never place against each other's stale view.
        """
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return
        with one_blas_thread():
            if not self._assign(ids, locked=False):
                with self.store.write():
                    self._assign(ids, locked=True)

    def _assign(self, ids: list[str], *, locked: bool) -> bool:
        """One placement attempt; False when another writer got in first (nothing written)."""
        placed = self.store.placed(ids)
        todo = [a for a in ids if a not in placed]
        if not todo:
            return True
        self.ensure_features(todo)
        st = self._state()
        in_batch = set(todo)
        feats = sorted(
            (f for f in self.load_features(todo) if f.id not in st.index.story_of),
            key=lambda f: (f.original_id in in_batch, f.order_key),
        )
        if not feats:
            return True
        try:
            st.add_label_docs(self._label_docs([f.id for f in feats]))
            n_before = st.index.n
            st.index.changed.clear()
            st.index.moved_from.clear()
            numbers = st.index.add(feats)
            members = st.index.members
            published = {a: st.index.feats[a].published for a in st.index.feats}
            taken = set(st.sids) | self.store.story_ids()
            for s in range(n_before, st.index.n):
                # A story founded in this batch and emptied by settling gets no ID of its own.
                sid = new_story_id(members[s], published, taken) if members[s] else f"-{s}"
                taken.add(sid)
                st.sids.append(sid)
            full = sorted(st.index.changed | set(range(n_before, st.index.n)))
            rewrite = [s for s in full if members[s]]
            drop = [st.sids[s] for s in full if s < n_before]
            whole = set(rewrite)
            rows_in = [
                (a, st.sids[s], st.index.scores.get(a, 1.0)) for s in rewrite for a in members[s]
            ] + [
                (f.id, st.sids[s], st.index.scores.get(f.id, 1.0))
                for f, s in zip(feats, numbers, strict=True)
                if s not in whole
            ]
            events = _moves(st, n_before, {f.id for f in feats})
            with self.store.write():
                if not locked and self.store.get_meta("token") != st.token:
                    # Another process placed articles after this state was read.
                    _CACHE.pop(self._key, None)
                    return False
                if drop:  # rewritten whole: their memberships go with them (cascade)
                    self.store.save_stories([], delete=drop)
                self.store.add_stories([st.sids[s] for s in rewrite], rows_in)
                written = sorted({st.sids[s] for s in numbers} | {st.sids[s] for s in full})
                rows, gone = self._story_rows(st, [x for x in written if not x.startswith("-")])
                self.store.save_stories(rows, delete=gone)
                if events:
                    self.store.add_story_events(events)
                self._touch(st)
        except BaseException:
            _CACHE.pop(self._key, None)  # the state ran ahead of the store: reload next time
            raise
        return True

    # -- rebuild and refresh -----------------------------------------------------------------

    def rebuild(self, on_progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
        """Re-cluster the whole store; returns agreement with the previous assignment.

        ``on_progress(done, total)`` reports the features computed (NER, the slow part), then
        the whole collection once it is clustered and written.

        Story IDs carry over where membership is unchanged (or a story continues, holding most
        of an old one's articles); merges and splits against the previous assignment are
        recorded as story events.
        """
        t0 = time.perf_counter()
        self.ensure_features(None, on_progress)
        feats = self.load_features()
        previous = self.store.story_assignments()
        if not feats:
            return {"articles": 0, "stories": 0, "themes": 0, "agreement": None}
        index, labels = cluster(feats, self.config)
        groups: list[list[str]] = [[] for _ in range(index.n)]
        for f, lab in zip(feats, labels, strict=True):
            groups[lab].append(f.id)
        published = {f.id: f.published for f in feats}
        sids, events = carry_ids(groups, published, previous)
        new_of = {a: sid for g, sid in zip(groups, sids, strict=True) for a in g}
        old_groups: dict[str, set[str]] = defaultdict(set)
        for a, s in previous.items():
            old_groups[s].add(a)
        unchanged = sum(1 for g, s in zip(groups, sids, strict=True) if old_groups.get(s) == set(g))
        st = _State(index=index, sids=sids, token=None, config=self.config)
        st.add_label_docs(self._label_docs([f.id for f in feats]))
        summary: dict[str, Any] = {
            "articles": len(feats),
            "stories": len(groups),
            "previous_stories": len(old_groups),
            "unchanged": unchanged,
            "merges": sum(e["kind"] == "merge" for e in events),
            "splits": sum(e["kind"] == "split" for e in events),
            "agreement": agreement(previous, new_of) if previous else None,
        }
        try:
            with self.store.write():
                self.store.replace_stories(
                    sids,
                    [
                        (f.id, sids[lab], index.scores.get(f.id, 1.0))
                        for f, lab in zip(feats, labels, strict=True)
                    ],
                )
                rows, _gone = self._story_rows(st, sids)
                self.store.save_stories(rows)
                self.store.add_story_events(
                    [StoryEvent(str(e["kind"]), str(e["story_id"]), e) for e in events]
                )
                summary["themes"] = self._write_themes(st)
                summary["seconds"] = round(time.perf_counter() - t0, 2)
                self.store.add_story_events([StoryEvent("rebuild", "", dict(summary))])
                self._touch(st)
                self.store.set_meta("stale", "0")
        except BaseException:
            _CACHE.pop(self._key, None)
            raise
        _CACHE[self._key] = st
        if on_progress is not None:
            on_progress(len(feats), len(feats))
        return summary

    def _write_themes(self, st: _State) -> int:
        """Recompute themes over all stories, and relabel every story; returns the count."""
        info = {r["id"]: r for r in self.store.story_summaries()}
        num_of = {sid: i for i, sid in enumerate(st.sids)}
        eligible = sorted(
            (sid for sid in info if info[sid]["article_count"] >= 1 and sid in num_of),
            key=lambda s: (info[s]["first_seen"] is None, info[s]["first_seen"] or "", s),
        )
        emb, lex, key = st.index.centroids()
        nums = np.array([num_of[s] for s in eligible], dtype=np.int64)
        theme_of = (
            cluster_themes(emb[nums], key[nums], st.config, lex=lex[nums]) if len(nums) else []
        )
        themes: dict[int, list[str]] = defaultdict(list)
        for sid, t in zip(eligible, theme_of, strict=True):
            if t >= 0:
                themes[t].append(sid)
        members = {sid: st.index.members[num_of[sid]] for sid in info if sid in num_of}
        # Labels drift as the collection grows: refresh them all together.
        labels = {sid: st.label(m) or "(untitled)" for sid, m in members.items()}
        rows = []
        for t in sorted(themes):
            sids = themes[t]
            arts = [a for s in sids for a in members[s]]
            firsts = [info[s]["first_seen"] for s in sids if info[s]["first_seen"]]
            lasts = [info[s]["last_seen"] for s in sids if info[s]["last_seen"]]
            rows.append(
                ThemeRow(
                    id="t" + sids[0][1:],
                    label=st.label(arts, groups=max(len(themes), 1)) or "(untitled)",
                    story_ids=sids,
                    article_count=len(arts),
                    first_seen=min(firsts) if firsts else None,
                    last_seen=max(lasts) if lasts else None,
                )
            )
        self.store.replace_themes(rows, labels)
        return len(rows)

    def refresh(self) -> None:
        """Catch up: place unassigned articles, then recompute themes and labels if stale."""
        pending = self.store.unplaced()
        if pending:
            self.assign(pending)
        if self.store.get_meta("stale") == "0":
            return
        st = self._state()
        try:
            with self.store.write():
                self._write_themes(st)
                self._touch(st)
                self.store.set_meta("stale", "0")
        except BaseException:
            _CACHE.pop(self._key, None)
            raise
