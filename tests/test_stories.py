"""Stories and themes: grouping, stable IDs, rebuild, labels, figures and the CLI handlers.

Each test builds its own SQLite store, inserts invented articles with real all-MiniLM-L6-v2
vectors, and runs the real spaCy NER through ``StoryGrouper.assign``.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
import pytest

from newsdesk.cli import stories as story_cli
from newsdesk.embed.minilm import content_key
from newsdesk.engine import Engine
from newsdesk.errors import AmbiguousIDError, InputError, NotFoundError
from newsdesk.store.sqlite import SQLiteStore
from newsdesk.stories import core as stories
from newsdesk.stories import service as story_store
from newsdesk.stories.core import (
    ArticleFeatures,
    StoryConfig,
    StoryIndex,
    adjusted_rand,
    bcubed,
    carry_ids,
    content_terms,
    day_number,
    number_keys,
)
from newsdesk.stories.entities import LabelDoc, entities_from_mentions, label_groups, normalize
from newsdesk.stories.service import StoryGrouper

MODEL = "all-MiniLM-L6-v2"

# (id, published, source, title, text, original_id) -- invented reports of four stories.
BRIDGE = [
    (
        "b1000001",
        "2026-03-02T08:00:00Z",
        "Harbor Ledger",
        "Port Calloway closes Granite Harbor Bridge after inspectors find crack",
        "Port Calloway closed the Granite Harbor Bridge on Monday after state inspectors found a "
        "crack in a main steel girder. Mayor Elena Strand said the bridge would stay shut to all "
        "traffic until engineers finish a full review.",
        None,
    ),
    (
        "b1000002",
        "2026-03-02T11:30:00Z",
        "Coastal Wire",
        "Crack in girder shuts Granite Harbor Bridge in Port Calloway",
        "State inspectors found a crack in a steel girder of the Granite Harbor Bridge, and Port "
        "Calloway shut the span to traffic on Monday. Mayor Elena Strand asked commuters to use "
        "the ferry while engineers study the damage.",
        None,
    ),
    (
        "b1000003",
        "2026-03-02T12:10:00Z",
        "Valley Times",
        "Crack in girder shuts Granite Harbor Bridge in Port Calloway",
        "State inspectors found a crack in a steel girder of the Granite Harbor Bridge, and Port "
        "Calloway shut the span to traffic on Monday. Mayor Elena Strand asked commuters to use "
        "the ferry while engineers study the damage.",
        "b1000002",
    ),
    (
        "b1000004",
        "2026-03-03T09:00:00Z",
        "Daily Current",
        "Granite Harbor Bridge closure snarls Port Calloway commute",
        "Commuters in Port Calloway faced long queues on Tuesday, a day after the Granite Harbor "
        "Bridge was closed when inspectors found a cracked girder. Mayor Elena Strand said extra "
        "ferries would run.",
        None,
    ),
]
REOPEN = [
    (
        "c2000001",
        "2026-03-20T09:00:00Z",
        "Harbor Ledger",
        "Granite Harbor Bridge reopens in Port Calloway after girder repair",
        "The Granite Harbor Bridge reopened on Friday after crews replaced the cracked girder, "
        "Mayor Elena Strand said. Port Calloway spent 12 million dollars on the repair.",
        None,
    ),
    (
        "c2000002",
        "2026-03-20T13:00:00Z",
        "Daily Current",
        "Port Calloway reopens Granite Harbor Bridge to traffic",
        "Traffic returned to the Granite Harbor Bridge on Friday after Port Calloway finished "
        "replacing a cracked girder. Mayor Elena Strand thanked the repair crews.",
        None,
    ),
]
SCHOOL = [
    (
        "aa000001",
        "2026-03-04T18:00:00Z",
        "Valley Times",
        "Riverside school board approves budget with new teacher hires",
        "The Riverside school board voted 5-2 on Wednesday to approve a 48 million dollar budget "
        "that adds 30 teachers and expands the reading program at Oakmont Elementary.",
        None,
    ),
    (
        "aa000002",
        "2026-03-04T20:00:00Z",
        "Harbor Ledger",
        "Riverside board passes school budget, adding 30 teachers",
        "Riverside's school board passed its 48 million dollar budget on Wednesday in a 5-2 vote. "
        "The plan hires 30 teachers and grows reading classes at Oakmont Elementary.",
        None,
    ),
]
FIRE = [
    (
        "aa000003",
        "2026-03-05T07:00:00Z",
        "Coastal Wire",
        "Wildfire in Pine Valley forces evacuation of 2,000 residents",
        "A fast-moving wildfire in Pine Valley forced about 2,000 residents to leave their "
        "homes on Thursday as firefighters battled strong winds on Cedar Ridge.",
        None,
    ),
    (
        "d4000002",
        "2026-03-05T09:30:00Z",
        "Daily Current",
        "Pine Valley residents flee as Cedar Ridge wildfire spreads",
        "Strong winds pushed a wildfire across Cedar Ridge on Thursday and officials ordered "
        "roughly 2,000 people in Pine Valley to evacuate.",
        None,
    ),
]
ALL = BRIDGE + REOPEN + SCHOOL + FIRE


# -- a tiny store ----------------------------------------------------------------------------


class DB:
    """A SQLite store with the stories stage on it; ``execute`` inspects its tables."""

    def __init__(self, path: Path, embedder) -> None:
        self.store = SQLiteStore(path)
        self.engine = Engine(self.store, embedder)
        self.grouper = StoryGrouper(self.store, MODEL)

    def execute(self, sql: str, params=()):
        return self.store.conn.execute(sql, params)

    def close(self) -> None:
        self.store.close()


def apply_migrations(path: Path, embedder=None) -> DB:
    """A fresh store: opening it applies every migration in order."""
    return DB(path, embedder)


_VECTORS: dict[str, np.ndarray] = {}


def insert_articles(db: DB, rows, embedder) -> list[str]:
    conn = db.store.conn
    todo = [r for r in rows if r[0] not in _VECTORS]
    if todo:
        vecs = embedder.encode([f"{r[3]}. {r[4]}"[:400] for r in todo])
        _VECTORS.update({r[0]: v for r, v in zip(todo, vecs, strict=True)})
    conn.execute("BEGIN")
    for aid, published, source, title, text, original in rows:
        lineage = original or aid
        conn.execute(
            "INSERT INTO articles (id, key, text_hash, title, text, published, source, "
            "original_id, lineage_id, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                aid,
                aid * 8,
                "h" + aid,
                title,
                text,
                published,
                source,
                original,
                lineage,
                "2026-03-21T00:00:00Z",
            ),
        )
        key = content_key(MODEL, aid)
        conn.execute(
            "INSERT OR IGNORE INTO embeddings (key, model, dim, vector) VALUES (?, ?, ?, ?)",
            (key, MODEL, 384, _VECTORS[aid].astype("<f4").tobytes()),
        )
        conn.execute(
            "INSERT INTO article_vectors (article_id, model, key) VALUES (?, ?, ?)",
            (aid, MODEL, key),
        )
    conn.execute("COMMIT")
    return [r[0] for r in rows]


@pytest.fixture()
def db(tmp_path, embedder):
    conn = apply_migrations(tmp_path / "stories.db", embedder)
    ids = insert_articles(conn, ALL, embedder)
    # Two ingest batches, as ingest would call it.
    conn.grouper.assign(ids[:5])
    conn.grouper.assign(ids[5:])
    yield conn
    conn.close()


def membership(conn: DB) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT article_id, story_id FROM story_articles")}


def args(**kw) -> argparse.Namespace:
    base = {"since": None, "until": None, "theme": None, "json": False, "rebuild": False}
    base.update(kw)
    return argparse.Namespace(**base)


# -- grouping --------------------------------------------------------------------------------


def test_articles_group_into_their_stories(db):
    m = membership(db)
    assert len(m) == len(ALL)
    assert len({m[r[0]] for r in BRIDGE}) == 1
    assert len({m[r[0]] for r in REOPEN}) == 1
    assert len({m[r[0]] for r in SCHOOL}) == 1
    assert len({m[r[0]] for r in FIRE}) == 1
    # Same bridge, same people, but 17 days later: the first story went cold.
    assert m["c2000001"] != m["b1000001"]
    assert len(set(m.values())) == 4


def test_near_duplicate_follows_its_original(db):
    assert db.store.story_of("b1000003") == db.store.story_of("b1000002")
    assert db.store.story_of("ffffffff") is None


def test_story_id_is_s_plus_founding_article(db):
    m = membership(db)
    assert m["b1000001"] == "sb1000001"  # earliest published member
    assert m["c2000001"] == "sc2000001"
    assert m["aa000001"] == "saa000001"
    assert m["d4000002"] == "saa000003"  # the fire story was founded by aa000003


def test_same_articles_again_change_nothing(db):
    before = membership(db)
    db.grouper.assign([r[0] for r in ALL])
    assert membership(db) == before


def test_reingesting_into_a_fresh_store_gives_the_same_ids(db, tmp_path, embedder):
    other = apply_migrations(tmp_path / "again.db", embedder)
    ids = insert_articles(other, ALL, embedder)
    other.grouper.assign(ids)  # one batch this time
    assert membership(other) == membership(db)
    other.close()


def test_rebuild_keeps_ids_and_reports_agreement(db):
    before = membership(db)
    result = db.grouper.rebuild()
    assert membership(db) == before
    assert result["unchanged"] == result["stories"] == 4
    assert result["merges"] == result["splits"] == 0
    assert result["agreement"]["ari"] == pytest.approx(1.0)
    assert result["agreement"]["bcubed_f1"] == pytest.approx(1.0)
    kinds = [r[0] for r in db.execute("SELECT kind FROM story_events")]
    assert kinds == ["rebuild"]
    # A second rebuild is a no-op as well.
    db.grouper.rebuild()
    assert membership(db) == before


def test_rebuild_records_merge_and_split(db):
    # Pretend an earlier run had put a school article into the bridge story.
    db.execute("UPDATE story_articles SET story_id = 'sb1000001' WHERE article_id = 'aa000002'")
    result = db.grouper.rebuild()
    m = membership(db)
    assert m["aa000002"] == m["aa000001"] == "saa000001"
    assert m["b1000001"] == "sb1000001"  # the bridge story continues under its ID
    assert result["splits"] == 1 and result["merges"] == 1
    events = {
        r[0]: json.loads(r[1])
        for r in db.execute("SELECT kind, detail FROM story_events WHERE kind != 'rebuild'")
    }
    assert events["split"]["story_id"] == "sb1000001"
    assert sorted(events["split"]["into"]) == ["saa000001", "sb1000001"]
    assert sorted(events["merge"]["from"]) == ["saa000001", "sb1000001"]
    assert result["agreement"]["ari"] < 1.0


def test_carry_ids_rules():
    published = {"a1": "2026-01-01", "a2": "2026-01-02", "a3": "2026-01-03", "a4": None}
    # Unchanged membership keeps the old ID even though it is not content-derived.
    ids, events = carry_ids([["a1", "a2"]], published, {"a1": "sold", "a2": "sold"})
    assert ids == ["sold"] and events == []
    # A story that grew keeps its ID; a new one takes its founding article's.
    ids, _ = carry_ids([["a1", "a2", "a3"], ["a4"]], published, {"a1": "sx", "a2": "sx"})
    assert ids == ["sx", "sa4"]
    # Two stories merged: the bigger share wins, the other ID is recorded as merged.
    prev = {"a1": "sp", "a2": "sp", "a3": "sq"}
    ids, events = carry_ids([["a1", "a2", "a3"]], published, prev)
    assert ids == ["sp"]
    assert events == [{"kind": "merge", "story_id": "sp", "from": ["sp", "sq"]}]
    # The founder left a story that continues under its ID: the founder's new story gets a
    # hash of its membership instead.
    prev = {"a1": "sa1", "a2": "sa1", "a3": "sa1"}
    ids, events = carry_ids([["a2", "a3"], ["a1"]], published, prev)
    assert ids[0] == "sa1" and re.fullmatch(r"s[0-9a-f]{10}", ids[1])
    assert events == [{"kind": "split", "story_id": "sa1", "into": sorted(ids)}]


# -- figures, labels, themes ------------------------------------------------------------------


def test_story_figures(db):
    db.grouper.refresh()
    s = db.store.get_story("sb1000001")
    assert s["article_count"] == 4
    assert s["outlet_count"] == 4
    # Valley Times ran Coastal Wire's copy: four outlets, three independent sources.
    assert s["independent_sources"] == 3
    assert s["first_seen"] == "2026-03-02T08:00:00Z"
    assert s["last_seen"] == "2026-03-03T09:00:00Z"
    assert s["articles_per_day"] == {"2026-03-02": 3, "2026-03-03": 1}
    names = [e["text"] for e in s["top_entities"]]
    assert "Granite Harbor Bridge" in names or "Port Calloway" in names
    assert [d["day"] for d in s["timeline"]] == ["2026-03-02", "2026-03-03"]


def test_labels_are_readable_and_distinctive(db):
    db.grouper.refresh()
    labels = {r[0]: r[1] for r in db.execute("SELECT id, label FROM stories")}
    for label in labels.values():
        assert 0 < len(label) <= 60
        assert "·" in label
    assert re.search(r"wildfire|pine valley|cedar ridge", labels["saa000003"], re.I)
    assert re.search(r"budget|teacher|riverside|school", labels["saa000001"], re.I)
    assert re.search(r"bridge|calloway|granite|crack|girder", labels["sb1000001"], re.I)


def test_label_groups_prefers_what_sets_a_group_apart():
    groups = [
        [
            LabelDoc("Mexico and U.S. set up fentanyl task force"),
            LabelDoc("Fentanyl task force formed by Mexico and U.S."),
        ],
        [
            LabelDoc("Mexico faces tariff threat from U.S."),
            LabelDoc("U.S. tariff threat rattles Mexico"),
        ],
    ]
    a, b = label_groups(groups)
    assert "task force" in a.lower() and "mexico" not in a.lower()
    assert "tariff" in b.lower()


def test_related_stories_share_a_theme(db):
    db.grouper.refresh()
    theme = {r[0]: r[1] for r in db.execute("SELECT id, theme_id FROM stories")}
    assert theme["sb1000001"] is not None
    assert theme["sb1000001"] == theme["sc2000001"] == "tb1000001"
    assert theme["saa000001"] != theme["sb1000001"]
    themes = db.store.list_themes()
    assert themes[0]["id"] == "tb1000001"
    assert [s["id"] for s in themes[0]["stories"]] == ["sb1000001", "sc2000001"]
    assert themes[0]["label"]


# -- CLI handlers ----------------------------------------------------------------------------


def test_cmd_stories_text_and_json(db, capsys):
    assert story_cli.cmd_stories(db.engine, args()) == 0
    out = capsys.readouterr().out
    assert "sb1000001" in out and "saa000003" in out
    assert story_cli.cmd_stories(db.engine, args(json=True)) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in rows} == {"sb1000001", "sc2000001", "saa000001", "saa000003"}
    assert rows[0]["id"] == "sc2000001"  # most recently active first
    bridge = next(r for r in rows if r["id"] == "sb1000001")
    assert bridge["independent_sources"] == 3 and bridge["theme_id"] == "tb1000001"


def test_cmd_stories_filters(db, capsys):
    story_cli.cmd_stories(db.engine, args(json=True, since="2026-03-04", until="2026-03-05"))
    assert {r["id"] for r in json.loads(capsys.readouterr().out)} == {"saa000001", "saa000003"}
    story_cli.cmd_stories(db.engine, args(json=True, theme="tb1"))
    assert {r["id"] for r in json.loads(capsys.readouterr().out)} == {"sb1000001", "sc2000001"}
    with pytest.raises(InputError):
        story_cli.cmd_stories(db.engine, args(since="March 4"))
    with pytest.raises(NotFoundError):
        story_cli.cmd_stories(db.engine, args(theme="t999"))


def test_cmd_stories_rebuild_prints_agreement(db, capsys):
    assert story_cli.cmd_stories(db.engine, args(rebuild=True)) == 0
    out = capsys.readouterr().out
    assert "rebuilt 10 articles into 4 stories" in out
    assert "ARI 1.000" in out


def test_cmd_story_timeline(db, capsys):
    assert story_cli.cmd_story(db.engine, args(id="sb100")) == 0
    out = capsys.readouterr().out
    assert out.startswith("sb1000001  ")
    assert "2026-03-02  3 articles" in out and "2026-03-03  1 article" in out
    assert "(copy of b1000002)" in out
    assert "4 from 4 outlets, 3 independent" in out
    assert story_cli.cmd_story(db.engine, args(id="b1000001", json=True)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "sb1000001" and len(data["timeline"]) == 2


def test_cmd_themes(db, capsys):
    assert story_cli.cmd_themes(db.engine, args()) == 0
    out = capsys.readouterr().out
    assert "tb1000001" in out and "2 stories" in out
    assert story_cli.cmd_themes(db.engine, args(json=True)) == 0
    assert json.loads(capsys.readouterr().out)[0]["story_count"] == 2


def test_unknown_and_ambiguous_ids(db):
    with pytest.raises(NotFoundError, match="no story with ID or prefix 'sdead'"):
        story_cli.cmd_story(db.engine, args(id="sdead"))
    with pytest.raises(AmbiguousIDError, match="ambiguous: saa000001, saa000003"):
        story_cli.cmd_story(db.engine, args(id="saa"))
    with pytest.raises(NotFoundError, match="not a story ID"):
        story_cli.cmd_story(db.engine, args(id="xyz!"))


def test_merged_story_id_points_to_its_successor(db):
    db.execute(
        "INSERT INTO story_events (at, kind, story_id, detail) VALUES ('2026-03-21', 'merge', "
        '\'sb1000001\', \'{"kind": "merge", "story_id": "sb1000001", "from": '
        '["sb1000001", "sdd000000"]}\')'
    )
    with pytest.raises(NotFoundError, match="merged into sb1000001"):
        db.store.resolve_story("sdd000000")


def test_empty_store_is_a_clear_error(tmp_path, embedder):
    conn = apply_migrations(tmp_path / "empty.db", embedder)
    for cmd in (story_cli.cmd_stories, story_cli.cmd_themes):
        with pytest.raises(NotFoundError, match="no articles yet"):
            cmd(conn.engine, args())
    with pytest.raises(NotFoundError, match="no articles yet"):
        story_cli.cmd_story(conn.engine, args(id="s1234"))
    with pytest.raises(NotFoundError, match="no articles yet"):
        story_cli.cmd_stories(conn.engine, args(rebuild=True))
    assert conn.grouper.rebuild()["articles"] == 0


def test_reading_commands_catch_up_on_unassigned_articles(tmp_path, embedder, capsys):
    conn = apply_migrations(tmp_path / "late.db", embedder)
    insert_articles(conn, SCHOOL, embedder)
    assert story_cli.cmd_stories(conn.engine, args(json=True)) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == ["saa000001"]
    assert conn.store.story_counts()["articles_in_stories"] == 2


def test_a_new_process_reloads_the_state(db, embedder):
    story_store.forget_all()  # as if another process wrote: state comes from the database
    extra = [
        (
            "e5000001",
            "2026-03-03T15:00:00Z",
            "Metro Post",
            "Granite Harbor Bridge crack: engineers begin girder review in Port Calloway",
            "Engineers began reviewing the cracked girder of the Granite Harbor Bridge on "
            "Tuesday. Mayor Elena Strand said Port Calloway would share the findings.",
            None,
        )
    ]
    insert_articles(db, extra, embedder)
    db.grouper.assign(["e5000001"])
    assert db.store.story_of("e5000001") == "sb1000001"


# -- the pure core ---------------------------------------------------------------------------


def _random_features(n: int, seed: int = 0) -> list[ArticleFeatures]:
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(5, 384))
    out = []
    for i in range(n):
        c = i % 5
        v = centers[c] + 0.6 * rng.normal(size=384)
        v = (v / np.linalg.norm(v)).astype(np.float32)
        terms = {f"topic{c}": 2, f"word{rng.integers(50)}": 1}
        out.append(
            ArticleFeatures(
                id=f"{i:08x}",
                vector=v,
                terms=terms,
                keys={f"e:actor{c}": 1},
                published=f"2026-01-{1 + i % 3:02d}",
            )
        )
    return out


def test_batched_scoring_equals_one_at_a_time():
    feats = _random_features(90)
    one = StoryIndex(StoryConfig(batch=1))
    many = StoryIndex(StoryConfig(batch=64))
    assert one.add(feats) == many.add(feats)
    assert 1 < one.n < 90


def test_cluster_separates_synthetic_topics():
    feats = _random_features(60)
    _, labels = stories.cluster(feats)
    gold = [int(f.id, 16) % 5 for f in feats]
    assert bcubed(gold, labels)[2] > 0.9


def test_cold_story_is_not_joined():
    v = np.ones(384, np.float32) / np.sqrt(384)
    a = ArticleFeatures("a", v, {"x": 1}, {}, published="2026-01-01")
    b = ArticleFeatures("b", v, {"x": 1}, {}, published="2026-01-02")
    c = ArticleFeatures("c", v, {"x": 1}, {}, published="2026-01-20")
    _, labels = stories.cluster([a, b, c])
    assert labels[0] == labels[1] != labels[2]


def test_metrics():
    assert bcubed(["a", "a", "b"], [1, 1, 2]) == (1.0, 1.0, 1.0)
    p, r, f = bcubed(["a", "a", "b", "b"], [1, 1, 1, 1])
    assert p == pytest.approx(0.5) and r == 1.0
    assert adjusted_rand(["a", "a", "b"], [5, 5, 7]) == pytest.approx(1.0)


def test_text_features():
    assert number_keys("Employers added 850,000 jobs in June; 5.9% unemployment, 3 states") == {
        "n:850000": 1,
        "n:5.9%": 1,
        "m:june": 1,
    }
    terms = content_terms("The bridge's girder cracked; the bridge closed.")
    assert terms["bridge"] == 2 and "the" not in terms
    assert day_number("1970-01-02") == 1.0
    assert day_number("1970-01-01T12:00:00Z") == 0.5
    assert day_number("not a date") is None


def test_entity_normalisation():
    assert normalize("the U.S.'s") == "u.s"
    ents = entities_from_mentions(
        [("Lindsay Lohan", "PERSON"), ("Lohan", "PERSON"), ("Malibu", "GPE"), ("2013", "DATE")]
    )
    assert [(e.key, e.count) for e in ents] == [("lindsay lohan", 2), ("malibu", 1)]


def test_refine_moves_a_misplaced_article():
    feats = _random_features(40)
    by_topic: dict[int, list[ArticleFeatures]] = {}
    for f in feats:
        by_topic.setdefault(int(f.id, 16) % 5, []).append(f)
    wrong = by_topic[1][0]
    groups = [[*by_topic[0], wrong], by_topic[1][1:], by_topic[2], by_topic[3], by_topic[4]]
    index = StoryIndex()
    index.load(groups)
    assert index.story_of[wrong.id] == 0
    from newsdesk.stories.rebuild import refine

    assert refine(index, feats) >= 1
    index.compact()
    assert index.story_of[wrong.id] == index.story_of[by_topic[1][1].id]
    assert all(index.members[s] for s in range(index.n))
    assert sorted(a for m in index.members for a in m) == sorted(f.id for f in feats)


def test_rebuild_reports_progress(db):
    seen: list[tuple[int, int]] = []
    db.engine.rebuild_stories(on_progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (len(ALL), len(ALL))
    assert all(0 <= d <= t for d, t in seen)


def test_a_writer_that_got_in_first_is_not_ignored(tmp_path, embedder, monkeypatch):
    """Two processes place articles at once: the one that writes second must place against
    what the first wrote, not against the state it read before (same event, same story)."""
    a = apply_migrations(tmp_path / "race.db", embedder)
    insert_articles(a, SCHOOL + FIRE + BRIDGE[:2], embedder)
    a.grouper.assign([r[0] for r in SCHOOL + FIRE])
    other = DB(tmp_path / "race.db", embedder)  # a second connection: the other process
    original = StoryIndex.add
    interleaved = []

    def add(self, feats):
        if not interleaved:
            interleaved.append(True)
            # The other process, with its own in-memory state, places its article and
            # commits while this one is between reading its state and writing.
            mine = dict(story_store._CACHE)
            story_store._CACHE.clear()
            other.grouper.assign(["b1000002"])
            story_store._CACHE.clear()
            story_store._CACHE.update(mine)
        return original(self, feats)

    monkeypatch.setattr(StoryIndex, "add", add)
    a.grouper.assign(["b1000001"])
    assert interleaved
    assert a.store.story_of("b1000001") == a.store.story_of("b1000002") is not None
    stories_now = {r[0] for r in a.execute("SELECT story_id FROM story_articles")}
    assert len(stories_now) == 3  # school, fire, bridge
    other.close()
    a.close()


def test_placement_runs_blas_on_one_thread(db, embedder, monkeypatch):
    """Story placement multiplies small matrices: BLAS runs on one thread while it does (a
    second OpenBLAS thread costs more than it saves and takes the embedding thread's core)."""
    from threadpoolctl import threadpool_info

    seen = []
    original = StoryIndex.add

    def add(self, feats, **kw):
        seen.extend(p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas")
        return original(self, feats, **kw)

    monkeypatch.setattr(StoryIndex, "add", add)
    extra = [
        (
            "f6000001",
            "2026-03-06T10:00:00Z",
            "Metro Post",
            "Pine Valley fire contained",
            "Firefighters contained the Cedar Ridge wildfire near Pine Valley on Friday.",
            None,
        )
    ]
    insert_articles(db, extra, embedder)
    db.grouper.assign(["f6000001"])
    assert seen and set(seen) == {1}
