"""Stories in the SQLite store: incremental assignment, rebuild, themes, queries, CLI handlers.

The database is the source of truth: ``story_articles`` (membership), ``stories`` (per-story
figures and label), ``themes``, ``story_events`` and ``article_features`` (words, entity and
figure keys, entities: computed once per article). The clustering state (running sums of every
story) is derived from it and kept in memory per database file between calls, so the batches of
one ingest run cost only their own articles; a token in ``story_state`` that changes on every
write tells a process when someone else wrote and the state must be reloaded.

Themes and the labels of stories a batch did not touch are recomputed lazily, by the reading
commands (``stories``, ``story``, ``themes``) when a write marked them stale, which keeps ingest
fast. Reading commands also catch up on articles ingested without story assignment.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from newsdesk.errors import AmbiguousIDError, NotFoundError
from newsdesk.ingest.boilerplate import content_start
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
    text_features,
)
from newsdesk.stories.entities import (
    Candidate,
    Entity,
    LabelDoc,
    extract_entities,
    label_candidates,
    label_from,
    ner_input,
    noun_phrases,
)

MODEL = "all-MiniLM-L6-v2"
FEATURE_VERSION = 1
DIM = 384
TOP_ENTITIES = 6
LABEL_LEAD_CHARS = 400


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or join the caller's transaction when one is open."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _chunks(items: Sequence[Any], n: int = 500) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _get_state(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM story_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _set_state(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO story_state (key, value) VALUES (?, ?)", (key, value))


# -- article features ------------------------------------------------------------------------


def ensure_features(
    conn: sqlite3.Connection,
    ids: Sequence[str] | None = None,
    *,
    config: StoryConfig = DEFAULT_CONFIG,
) -> int:
    """Compute and store words, keys and entities of articles that lack them; returns how many.

    NER (the slow part) runs before the write transaction opens, so the lock is held briefly.
    """
    sql = (
        "SELECT a.id, a.title, a.text FROM articles a "
        "LEFT JOIN article_features f ON f.article_id = a.id "
        "WHERE (f.article_id IS NULL OR f.version != ?)"
    )
    rows: list[sqlite3.Row] = []
    if ids is None:
        rows = conn.execute(sql + " ORDER BY a.rowid", (FEATURE_VERSION,)).fetchall()
    else:
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            rows += conn.execute(
                sql + f" AND a.id IN ({marks})", (FEATURE_VERSION, *chunk)
            ).fetchall()
    done = 0
    for chunk in _chunks(rows, 256):
        ents = extract_entities([ner_input(r[1], r[2], config.max_chars) for r in chunk])
        phrases = noun_phrases([r[1] for r in chunk])
        out = []
        for r, es, ph in zip(chunk, ents, phrases, strict=True):
            terms, keys = text_features(r[1], r[2], es, config.max_chars)
            out.append(
                (
                    r[0],
                    json.dumps(terms, ensure_ascii=False),
                    json.dumps(keys, ensure_ascii=False),
                    json.dumps([[e.key, e.label, e.text, e.count] for e in es], ensure_ascii=False),
                    json.dumps(ph, ensure_ascii=False),
                    FEATURE_VERSION,
                )
            )
        with _transaction(conn):
            conn.executemany(
                "INSERT OR REPLACE INTO article_features (article_id, terms, keys, entities, "
                "phrases, version) VALUES (?, ?, ?, ?, ?, ?)",
                out,
            )
        done += len(out)
    return done


def _entities(raw: str) -> list[Entity]:
    return [Entity(key=k, label=lab, text=t, count=int(n)) for k, lab, t, n in json.loads(raw)]


def load_features(
    conn: sqlite3.Connection, ids: Sequence[str] | None = None
) -> list[ArticleFeatures]:
    """Features of stored articles (all when ``ids`` is None); a missing vector is zeros."""
    sql = (
        "SELECT a.id, a.published, a.source, a.original_id, a.lineage_id, f.terms, f.keys, "
        "e.vector FROM articles a JOIN article_features f ON f.article_id = a.id "
        "LEFT JOIN article_vectors av ON av.article_id = a.id AND av.model = ? "
        "LEFT JOIN embeddings e ON e.key = av.key"
    )
    rows: list[sqlite3.Row] = []
    if ids is None:
        rows = conn.execute(sql + " ORDER BY a.id", (MODEL,)).fetchall()
    else:
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            rows += conn.execute(sql + f" WHERE a.id IN ({marks})", (MODEL, *chunk)).fetchall()
    out = []
    for r in rows:
        vec = (
            np.frombuffer(r[7], dtype="<f4").astype(np.float32)
            if r[7] is not None
            else np.zeros(DIM, np.float32)
        )
        out.append(
            ArticleFeatures(
                id=r[0],
                vector=vec,
                terms=json.loads(r[5]),
                keys=json.loads(r[6]),
                published=r[1],
                source=r[2],
                original_id=r[3],
                lineage_id=r[4],
            )
        )
    return out


def _label_docs(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, LabelDoc]:
    out: dict[str, LabelDoc] = {}
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
            f"SELECT a.id, a.title, substr(a.text, 1, {LABEL_LEAD_CHARS}), f.entities, f.phrases "
            f"FROM articles a JOIN article_features f ON f.article_id = a.id "
            f"WHERE a.id IN ({marks})",
            chunk,
        ):
            lead = r[2] or ""
            # A dateline ("WASHINGTON (Wire) — ") names where the reporter was, not the story.
            lead = lead[content_start(lead) :]
            out[r[0]] = LabelDoc(
                title=r[1], lead=lead, entities=_entities(r[3]), phrases=json.loads(r[4])
            )
    return out


# -- the in-memory state ---------------------------------------------------------------------


@dataclass
class _State:
    index: StoryIndex
    sids: list[str]  # story number -> story ID
    token: str | None
    config: StoryConfig
    cands: dict[str, dict[str, Candidate]] = field(default_factory=dict)
    entities: dict[str, list[Entity]] = field(default_factory=dict)
    background: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add_label_docs(self, docs: dict[str, LabelDoc]) -> None:
        for aid, d in docs.items():
            if aid in self.cands:
                continue
            c = label_candidates(d)
            self.cands[aid] = c
            self.entities[aid] = list(d.entities)
            for k, v in c.items():
                self.background[k] += v.weight

    def label(self, members: Sequence[str], parts: int = 2, groups: int | None = None) -> str:
        n_groups = groups if groups is not None else max(len(self.sids), 1)
        avg = sum(self.background.values()) / max(n_groups, 1)
        return label_from(
            [self.cands[a] for a in members if a in self.cands], self.background, avg, parts=parts
        )


_CACHE: dict[str, _State] = {}


def _db_key(conn: sqlite3.Connection) -> str:
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return str(row[2])
    return f"memory:{id(conn)}"


def _load_state(conn: sqlite3.Connection, config: StoryConfig) -> _State:
    key = _db_key(conn)
    token = _get_state(conn, "token")
    st = _CACHE.get(key)
    if st is not None and token is not None and st.token == token and st.config == config:
        return st
    members: dict[str, list[str]] = defaultdict(list)
    for aid, sid in conn.execute("SELECT article_id, story_id FROM story_articles"):
        members[sid].append(aid)
    sids = sorted(members)
    feats = {f.id: f for f in load_features(conn, [a for m in members.values() for a in m])}
    index = StoryIndex(config, dim=DIM)
    index.load(
        [
            sorted((feats[a] for a in members[s] if a in feats), key=lambda f: f.order_key)
            for s in sids
        ]
    )
    st = _State(index=index, sids=sids, token=token, config=config)
    st.add_label_docs(_label_docs(conn, list(feats)))
    _CACHE[key] = st
    return st


def _forget(conn: sqlite3.Connection) -> None:
    _CACHE.pop(_db_key(conn), None)


# -- writing stories -------------------------------------------------------------------------


def _story_rows(conn: sqlite3.Connection, story_ids: Sequence[str]) -> dict[str, list[sqlite3.Row]]:
    out: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for chunk in _chunks(list(story_ids)):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
            "SELECT sa.story_id, a.id, a.published, a.source, a.lineage_id, a.original_id, "
            "r.source AS root_source FROM story_articles sa "
            "JOIN articles a ON a.id = sa.article_id "
            f"LEFT JOIN articles r ON r.id = a.lineage_id WHERE sa.story_id IN ({marks})",
            chunk,
        ):
            out[r[0]].append(r)
    return out


def _figures(rows: Sequence[sqlite3.Row], st: _State) -> dict[str, Any]:
    """First/last seen, counts and top entities of one story's member rows."""
    dates = sorted(r["published"] for r in rows if r["published"])
    outlets = {r["source"] or "(unknown outlet)" for r in rows}
    # An outlet counts once however many copies of one wire story it and others ran.
    roots = {r["lineage_id"]: (r["root_source"] or r["source"] or r["lineage_id"]) for r in rows}
    independent = len(set(roots.values()))
    by_entity: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, tuple[str, str]] = {}
    total: Counter[str] = Counter()
    for r in rows:
        for e in st.entities.get(r["id"], []):
            by_entity[e.key].add(r["lineage_id"])
            total[e.key] += e.count
            shown.setdefault(e.key, (e.text, e.label))
    top = sorted(by_entity, key=lambda k: (-len(by_entity[k]), -total[k], k))[:TOP_ENTITIES]
    return {
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        "article_count": len(rows),
        "outlet_count": len(outlets),
        "independent_sources": independent,
        "top_entities": json.dumps(
            [[shown[k][0], shown[k][1], len(by_entity[k])] for k in top], ensure_ascii=False
        ),
    }


def _write_stories(conn: sqlite3.Connection, st: _State, story_ids: Sequence[str]) -> None:
    """Insert or refresh the ``stories`` rows of ``story_ids`` (membership already written)."""
    now = _now()
    rows = _story_rows(conn, story_ids)
    for sid in story_ids:
        members = rows.get(sid, [])
        if not members:
            conn.execute("DELETE FROM stories WHERE id = ?", (sid,))
            continue
        fig = _figures(members, st)
        label = st.label([r["id"] for r in members]) or "(untitled)"
        conn.execute(
            "INSERT INTO stories (id, label, first_seen, last_seen, article_count, outlet_count, "
            "independent_sources, top_entities, created_at, updated_at) "
            "VALUES (:id, :label, :first_seen, :last_seen, :article_count, :outlet_count, "
            ":independent_sources, :top_entities, :now, :now) "
            "ON CONFLICT(id) DO UPDATE SET label = excluded.label, "
            "first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
            "article_count = excluded.article_count, outlet_count = excluded.outlet_count, "
            "independent_sources = excluded.independent_sources, "
            "top_entities = excluded.top_entities, updated_at = excluded.updated_at",
            {"id": sid, "label": label, "now": now, **fig},
        )


def _touch(conn: sqlite3.Connection, st: _State) -> None:
    token = uuid.uuid4().hex
    _set_state(conn, "token", token)
    _set_state(conn, "stale", "1")
    st.token = token


def assign_articles(
    conn: sqlite3.Connection, article_ids: list[str], *, config: StoryConfig = DEFAULT_CONFIG
) -> None:
    """Place newly stored articles into stories (incremental; its own transaction).

    Articles already in a story stay where they are, so calling this again with the same IDs
    changes nothing. Near-duplicates follow their original's story.
    """
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return
    placed: set[str] = set()
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        placed |= {
            r[0]
            for r in conn.execute(
                f"SELECT article_id FROM story_articles WHERE article_id IN ({marks})", chunk
            )
        }
    todo = [a for a in ids if a not in placed]
    if not todo:
        return
    ensure_features(conn, todo, config=config)
    st = _load_state(conn, config)
    in_batch = set(todo)
    feats = sorted(
        (f for f in load_features(conn, todo) if f.id not in st.index.story_of),
        key=lambda f: (f.original_id in in_batch, f.order_key),
    )
    if not feats:
        return
    try:
        st.add_label_docs(_label_docs(conn, [f.id for f in feats]))
        n_before = st.index.n
        numbers = st.index.add(feats)
        published = {f.id: f.published for f in feats}
        taken = set(st.sids) | {r[0] for r in conn.execute("SELECT id FROM stories")}
        for s in range(n_before, st.index.n):
            sid = new_story_id(st.index.members[s], published, taken)
            taken.add(sid)
            st.sids.append(sid)
        now = _now()
        with _transaction(conn):
            new_ids = st.sids[n_before:]
            conn.executemany(
                "INSERT INTO stories (id, label, article_count, outlet_count, independent_sources,"
                " created_at, updated_at) VALUES (?, '', 0, 0, 0, ?, ?)",
                [(sid, now, now) for sid in new_ids],
            )
            conn.executemany(
                "INSERT INTO story_articles (article_id, story_id, score, added_at) "
                "VALUES (?, ?, ?, ?)",
                [
                    (f.id, st.sids[s], round(st.index.scores.get(f.id, 1.0), 4), now)
                    for f, s in zip(feats, numbers, strict=True)
                ],
            )
            _write_stories(conn, st, sorted({st.sids[s] for s in numbers}))
            _touch(conn, st)
    except BaseException:
        _forget(conn)  # the in-memory state ran ahead of the database: reload next time
        raise


# -- rebuild and refresh ---------------------------------------------------------------------


def rebuild(conn: sqlite3.Connection, *, config: StoryConfig = DEFAULT_CONFIG) -> dict[str, Any]:
    """Re-cluster the whole store; returns agreement with the previous assignment.

    Story IDs carry over where membership is unchanged (or a story continues, holding most of
    an old one's articles); merges and splits against the previous assignment are recorded in
    ``story_events``.
    """
    t0 = time.perf_counter()
    ensure_features(conn, None, config=config)
    feats = load_features(conn)
    previous = {r[0]: r[1] for r in conn.execute("SELECT article_id, story_id FROM story_articles")}
    if not feats:
        return {"articles": 0, "stories": 0, "themes": 0, "agreement": None}
    index, labels = cluster(feats, config)
    groups: list[list[str]] = [[] for _ in range(index.n)]
    for f, lab in zip(feats, labels, strict=True):
        groups[lab].append(f.id)
    published = {f.id: f.published for f in feats}
    sids, events = carry_ids(groups, published, previous)
    new_of = {a: sid for g, sid in zip(groups, sids, strict=True) for a in g}
    agree = agreement(previous, new_of) if previous else None
    old_groups: dict[str, set[str]] = defaultdict(set)
    for a, s in previous.items():
        old_groups[s].add(a)
    unchanged = sum(1 for g, s in zip(groups, sids, strict=True) if old_groups.get(s) == set(g))
    st = _State(index=index, sids=sids, token=None, config=config)
    st.add_label_docs(_label_docs(conn, [f.id for f in feats]))
    now = _now()
    summary: dict[str, Any] = {
        "articles": len(feats),
        "stories": len(groups),
        "previous_stories": len(old_groups),
        "unchanged": unchanged,
        "merges": sum(e["kind"] == "merge" for e in events),
        "splits": sum(e["kind"] == "split" for e in events),
        "agreement": agree,
    }
    try:
        with _transaction(conn):
            conn.execute("UPDATE stories SET theme_id = NULL")
            conn.execute("DELETE FROM story_articles")
            conn.execute("DELETE FROM stories")
            conn.executemany(
                "INSERT INTO stories (id, label, article_count, outlet_count, independent_sources,"
                " created_at, updated_at) VALUES (?, '', 0, 0, 0, ?, ?)",
                [(sid, now, now) for sid in sids],
            )
            conn.executemany(
                "INSERT INTO story_articles (article_id, story_id, score, added_at) "
                "VALUES (?, ?, ?, ?)",
                [
                    (f.id, sids[lab], round(index.scores.get(f.id, 1.0), 4), now)
                    for f, lab in zip(feats, labels, strict=True)
                ],
            )
            _write_stories(conn, st, sids)
            conn.executemany(
                "INSERT INTO story_events (at, kind, story_id, detail) VALUES (?, ?, ?, ?)",
                [(now, e["kind"], e["story_id"], json.dumps(e)) for e in events],
            )
            summary["themes"] = _write_themes(conn, st)
            summary["seconds"] = round(time.perf_counter() - t0, 2)
            conn.execute(
                "INSERT INTO story_events (at, kind, story_id, detail) "
                "VALUES (?, 'rebuild', '', ?)",
                (now, json.dumps(summary)),
            )
            _touch(conn, st)
            _set_state(conn, "stale", "0")
    except BaseException:
        _forget(conn)
        raise
    _CACHE[_db_key(conn)] = st
    return summary


def _write_themes(conn: sqlite3.Connection, st: _State) -> int:
    """Recompute themes over all stories, and relabel every story; returns count."""
    rows = conn.execute("SELECT id, first_seen, last_seen, article_count FROM stories").fetchall()
    info = {r["id"]: r for r in rows}
    num_of = {sid: i for i, sid in enumerate(st.sids)}
    eligible = sorted(
        (sid for sid in info if info[sid]["article_count"] >= 1 and sid in num_of),
        key=lambda s: (info[s]["first_seen"] is None, info[s]["first_seen"] or "", s),
    )
    emb, _lex, key = st.index.centroids()
    nums = np.array([num_of[s] for s in eligible], dtype=np.int64)
    theme_of = cluster_themes(emb[nums], key[nums], st.config) if len(nums) else []
    themes: dict[int, list[str]] = defaultdict(list)
    for sid, t in zip(eligible, theme_of, strict=True):
        if t >= 0:
            themes[t].append(sid)
    conn.execute("UPDATE stories SET theme_id = NULL")
    conn.execute("DELETE FROM themes")
    now = _now()
    members = {sid: st.index.members[num_of[sid]] for sid in info if sid in num_of}
    for sid in info:  # labels drift as the collection grows: refresh them all together
        if sid in members:
            label = st.label(members[sid]) or "(untitled)"
            conn.execute("UPDATE stories SET label = ? WHERE id = ?", (label, sid))
    for t in sorted(themes):
        sids = themes[t]
        tid = "t" + sids[0][1:]
        arts = [a for s in sids for a in members[s]]
        firsts = [info[s]["first_seen"] for s in sids if info[s]["first_seen"]]
        lasts = [info[s]["last_seen"] for s in sids if info[s]["last_seen"]]
        conn.execute(
            "INSERT INTO themes (id, label, story_count, article_count, first_seen, last_seen, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                tid,
                st.label(arts, groups=max(len(themes), 1)) or "(untitled)",
                len(sids),
                len(arts),
                min(firsts) if firsts else None,
                max(lasts) if lasts else None,
                now,
            ),
        )
        conn.executemany("UPDATE stories SET theme_id = ? WHERE id = ?", [(tid, s) for s in sids])
    return len(themes)


def refresh(conn: sqlite3.Connection, *, config: StoryConfig = DEFAULT_CONFIG) -> None:
    """Catch up: place unassigned articles, then recompute themes and labels if stale."""
    pending = [
        r[0]
        for r in conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id "
            "WHERE sa.article_id IS NULL ORDER BY a.published IS NULL, a.published, a.id"
        )
    ]
    if pending:
        assign_articles(conn, pending, config=config)
    if _get_state(conn, "stale") == "0":
        return
    st = _load_state(conn, config)
    try:
        with _transaction(conn):
            _write_themes(conn, st)
            _touch(conn, st)
            _set_state(conn, "stale", "0")
    except BaseException:
        _forget(conn)
        raise


# -- queries ---------------------------------------------------------------------------------


def story_of(conn: sqlite3.Connection, article_id: str) -> str | None:
    """The story an article belongs to, None when it has not been placed."""
    row = conn.execute(
        "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def story_member_ids(conn: sqlite3.Connection, story_id: str) -> list[str]:
    """Article IDs of a story, earliest first."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT a.id FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "WHERE sa.story_id = ? ORDER BY a.published IS NULL, a.published, a.id",
            (story_id,),
        )
    ]


def story_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Figures for ``newsdesk stats``."""
    one = lambda sql: int(conn.execute(sql).fetchone()[0] or 0)  # noqa: E731
    return {
        "stories": one("SELECT COUNT(*) FROM stories"),
        "stories_with_2plus_articles": one("SELECT COUNT(*) FROM stories WHERE article_count >= 2"),
        "themes": one("SELECT COUNT(*) FROM themes"),
        "articles_in_stories": one("SELECT COUNT(*) FROM story_articles"),
    }


def _resolve(conn: sqlite3.Connection, text: str, kind: str) -> str:
    table, prefix = ("stories", "s") if kind == "story" else ("themes", "t")
    raw = str(text).strip()
    p = raw.lower().strip("[]")
    if not p.startswith(prefix):
        p = prefix + p
    if len(p) < 2 or any(c not in "0123456789abcdef" for c in p[1:]):
        raise NotFoundError(f"{raw!r} is not a {kind} ID (expected {prefix} and hex digits)")
    rows = [
        r[0]
        for r in conn.execute(
            f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 6", (p, p + "g")
        )
    ]
    if p in rows:
        return p
    if len(rows) == 1:
        return rows[0]
    if len(rows) > 1:
        more = " ..." if len(rows) > 5 else ""
        raise AmbiguousIDError(
            f"{kind} ID prefix {raw!r} is ambiguous: {', '.join(rows[:5])}{more}"
        )
    if kind == "story":
        for (detail,) in conn.execute(
            "SELECT detail FROM story_events WHERE kind = 'merge' ORDER BY rowid DESC"
        ):
            d = json.loads(detail)
            if p in d.get("from", []):
                raise NotFoundError(f"story {p} was merged into {d['story_id']}")
    raise NotFoundError(f"no {kind} with ID or prefix {raw!r}")


def resolve_story_id(conn: sqlite3.Connection, text: str) -> str:
    """The one story ID matching ``text`` (an ID or a unique prefix, with or without "s")."""
    return _resolve(conn, text, "story")


resolve_story = resolve_story_id  # the name briefings use


def resolve_theme_id(conn: sqlite3.Connection, text: str) -> str:
    return _resolve(conn, text, "theme")


def _per_day(conn: sqlite3.Connection, story_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for chunk in _chunks(list(story_ids)):
        marks = ",".join("?" * len(chunk))
        for sid, day, n in conn.execute(
            "SELECT sa.story_id, COALESCE(substr(a.published, 1, 10), 'undated'), COUNT(*) "
            "FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            f"WHERE sa.story_id IN ({marks}) GROUP BY 1, 2 ORDER BY 1, 2",
            chunk,
        ):
            out[sid][day] = n
    return out


def _story_dict(r: sqlite3.Row, per_day: dict[str, int]) -> dict[str, Any]:
    return {
        "id": r["id"],
        "label": r["label"],
        "theme_id": r["theme_id"],
        "theme_label": r["theme_label"],
        "first_seen": r["first_seen"],
        "last_seen": r["last_seen"],
        "article_count": r["article_count"],
        "outlet_count": r["outlet_count"],
        "independent_sources": r["independent_sources"],
        "top_entities": [
            {"text": t, "label": lab, "articles": n} for t, lab, n in json.loads(r["top_entities"])
        ],
        "articles_per_day": per_day,
    }


def list_stories(
    conn: sqlite3.Connection,
    *,
    since: str | None = None,
    until: str | None = None,
    theme: str | None = None,
) -> list[dict[str, Any]]:
    """Stories, most recently active first; with a window, those with an article inside it."""
    from newsdesk.store.sqlite.store import date_filter

    where: list[str] = []
    params: list[Any] = []
    if theme:
        where.append("s.theme_id = ?")
        params.append(theme)
    cond, cparams = date_filter(since, until, column="a.published")
    if cond:
        where.append(
            "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a "
            f"ON a.id = sa.article_id WHERE {' AND '.join(cond)})"
        )
        params += cparams
    sql = (
        "SELECT s.*, t.label AS theme_label FROM stories s LEFT JOIN themes t ON t.id = s.theme_id"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY s.last_seen IS NULL, s.last_seen DESC, s.article_count DESC, s.id"
    rows = conn.execute(sql, params).fetchall()
    per_day = _per_day(conn, [r["id"] for r in rows])
    return [_story_dict(r, per_day.get(r["id"], {})) for r in rows]


def get_story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any]:
    """One story with its articles and its day-by-day timeline."""
    r = conn.execute(
        "SELECT s.*, t.label AS theme_label FROM stories s LEFT JOIN themes t ON t.id = s.theme_id "
        "WHERE s.id = ?",
        (story_id,),
    ).fetchone()
    if r is None:
        raise NotFoundError(f"no story with ID {story_id!r}")
    out = _story_dict(r, _per_day(conn, [story_id]).get(story_id, {}))
    arts = conn.execute(
        "SELECT a.id, a.title, a.source, a.published, a.url, a.original_id, a.lineage_id, "
        "sa.score FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
        "WHERE sa.story_id = ? ORDER BY a.published IS NULL, a.published, a.id",
        (story_id,),
    ).fetchall()
    timeline: dict[str, list[dict[str, Any]]] = {}
    for a in arts:
        timeline.setdefault((a["published"] or "")[:10] or "undated", []).append(dict(a))
    out["timeline"] = [{"day": d, "articles": items} for d, items in timeline.items()]
    out["events"] = [
        {"at": e[0], "kind": e[1], **json.loads(e[2])}
        for e in conn.execute(
            "SELECT at, kind, detail FROM story_events WHERE story_id = ? AND kind != 'rebuild' "
            "ORDER BY rowid",
            (story_id,),
        )
    ]
    return out


def list_themes(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Themes, biggest first, each with its stories."""
    themes = conn.execute(
        "SELECT * FROM themes ORDER BY article_count DESC, last_seen DESC, id"
    ).fetchall()
    out = []
    for t in themes:
        stories = conn.execute(
            "SELECT id, label, first_seen, last_seen, article_count, independent_sources "
            "FROM stories WHERE theme_id = ? ORDER BY first_seen IS NULL, first_seen, id",
            (t["id"],),
        ).fetchall()
        out.append({**dict(t), "stories": [dict(s) for s in stories]})
    return out
