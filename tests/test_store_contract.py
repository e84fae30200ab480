"""The Store contract, run against both backends: SQLite (a file in tmp_path) and PostgreSQL
(a real server started by the ``pg_server`` fixture, one fresh database per test).

Every test here takes ``any_store`` and uses only the ``Store`` protocol, so a method that
behaves differently on one backend fails here. ``test_the_same_ingest_gives_the_same_store``
goes through the engine: the same demo corpus, ingested with story grouping into each backend,
must give the same IDs, lineages, stories and themes.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from conftest import DEMO_DIR, write_jsonl

from newsdesk.engine import Engine
from newsdesk.errors import AmbiguousIDError, NotFoundError
from newsdesk.ingest import dedup
from newsdesk.model import BriefRequest, Sentence
from newsdesk.store import open_store
from newsdesk.store.base import (
    ROLES,
    FeatureRecord,
    NewArticle,
    Store,
    StoryEvent,
    StoryRow,
    ThemeRow,
)
from newsdesk.store.postgres import PostgresStore
from newsdesk.store.sqlite import SQLiteStore

BACKENDS = ["sqlite", "postgresql"]


def _protocol_methods() -> list[str]:
    """Every method of ``Store``, its roles' included."""
    return sorted({name for cls in (Store, *ROLES) for name in _methods_of(cls)})


def _shape(fn) -> tuple[int, list[str]]:
    """How many positional parameters, and the keyword-only names (names of positional ones
    may differ between implementations)."""
    params = inspect.signature(fn).parameters.values()
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional), sorted(p.name for p in params if p.kind == p.KEYWORD_ONLY)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.__name__)
@pytest.mark.parametrize("cls", [SQLiteStore, PostgresStore])
def test_every_method_of_every_role_is_implemented(cls, role) -> None:
    """Each role protocol is part of ``Store``, and both backends implement all its methods
    (not inherited from the protocol, nor left to the shared layer's abstract stubs) with
    the protocol's shape."""
    assert role in Store.__mro__
    names = _methods_of(role)
    assert names, role
    missing = []
    for name in names:
        impl = getattr(cls, name, None)
        if impl is None or impl is getattr(role, name) or _is_stub(impl):
            missing.append(name)
        elif _shape(getattr(role, name)) != _shape(impl):
            missing.append(f"{name}{_shape(impl)} != {_shape(getattr(role, name))}")
    assert not missing, f"{cls.__name__} lacks or differs on {role.__name__}: {missing}"
    for attr in getattr(role, "__annotations__", {}):
        assert attr in ("location", "read_only"), attr  # the data members, set on open


def _methods_of(proto: type) -> list[str]:
    return sorted(
        name
        for name, value in vars(proto).items()
        if callable(value) and (not name.startswith("_") or name in ("__enter__", "__exit__"))
    )


def _is_stub(fn) -> bool:
    """A method whose body only raises NotImplementedError (the shared layer's placeholders)."""
    try:
        src = inspect.getsource(fn)
    except (OSError, TypeError):
        return False
    return "raise NotImplementedError" in src and src.count("\n") < 8


def test_the_roles_cover_the_whole_store() -> None:
    in_roles = {n for r in ROLES for n in _methods_of(r)}
    assert set(_protocol_methods()) - {"__enter__"} <= in_roles
    assert sum(len(_methods_of(r)) for r in ROLES) == len(in_roles)  # no method in two roles


@pytest.mark.parametrize("cls", [SQLiteStore, PostgresStore])
def test_every_protocol_method_is_implemented(cls) -> None:
    """A Store method added to the protocol (by any branch) must exist on both backends."""
    missing = []
    for name in _protocol_methods():
        impl = getattr(cls, name, None)
        if impl is None or impl is getattr(Store, name):
            missing.append(name)
            continue
        want, have = _shape(getattr(Store, name)), _shape(impl)
        if want != have:
            missing.append(f"{name}{tuple(have)} != {tuple(want)}")
    assert not missing, f"{cls.__name__} lacks or differs on: {missing}"


@pytest.fixture(params=BACKENDS)
def any_store(request, tmp_path):
    if request.param == "sqlite":
        store = open_store(str(tmp_path / "contract.db"))
    else:
        store = open_store(request.getfixturevalue("pg_url"))
    assert isinstance(store, Store)
    yield store
    store.close()


def _article(aid: str, text: str, *, published: str | None = None, url: str | None = None,
             source: str | None = None, title: str = "A title") -> NewArticle:
    sig = dedup.minhash(text)
    return NewArticle(
        id=aid, key=aid * 8, title=title, text=text, text_hash="h" + aid,
        sentences=[Sentence(0, 0, len(text), text)], minhash=sig,
        bands=dedup.band_hashes(sig), lineage_id=aid, url=url, canonical_url=url,
        published=published, source=source, origin="test",
    )  # fmt: skip


def _fill(store: Store, n: int = 3) -> None:
    with store.write():
        store.add_article(_article("abcd1234", "Tariffs on steel rose sharply.",
                                   published="2026-01-02", url="https://x.test/1", source="Wire"))
        store.add_article(_article("abcd9999", "Cartel violence spread in the north.",
                                   published="2026-01-05", source="Daily", title="Cartels"))
        if n > 2:
            store.add_article(_article("abcd123456", "Migration talks resumed on Monday.",
                                       source="wire"))  # fmt: skip


def test_ids_prefixes_and_errors(any_store) -> None:
    _fill(any_store)
    s = any_store
    assert s.count() == 3 and s.schema_version() >= 2
    assert s.resolve_id("abcd9") == "abcd9999"
    assert s.resolve_id("abcd1234") == "abcd1234"
    assert s.resolve_id("[abcd12345]") == "abcd123456"
    with pytest.raises(AmbiguousIDError, match="ambiguous"):
        s.resolve_id("abcd")
    with pytest.raises(NotFoundError, match="no article"):
        s.resolve_id("ffff")
    with pytest.raises(NotFoundError, match="not an article ID"):
        s.resolve_id("zz-top")
    assert s.ids_with_prefix("abcd12") == {"abcd1234", "abcd123456"}


def test_articles_listing_windows_and_texts(any_store) -> None:
    _fill(any_store)
    s = any_store
    rows = s.list_articles()
    assert [r["id"] for r in rows] == ["abcd1234", "abcd9999", "abcd123456"]  # undated last
    assert [r["id"] for r in s.list_articles(since="2026-01-03")] == ["abcd9999"]
    assert [r["id"] for r in s.list_articles(until="2026-01-02")] == ["abcd1234"]
    assert [r["id"] for r in s.list_articles(source="WIRE")] == ["abcd1234", "abcd123456"]
    assert len(s.list_articles(limit=1)) == 1
    assert s.ids_in_window("2026-01-01", "2026-01-31") == {"abcd1234", "abcd9999"}
    a = s.get_article("abcd9999")
    assert a.title == "Cartels" and a.sentences[0].text == a.text
    assert [x.id for x in s.get_articles(["abcd9999", "nope", "abcd1234"])] == [
        "abcd9999", "abcd1234"
    ]
    with pytest.raises(NotFoundError):
        s.get_article("ffffffff")
    assert s.texts(["abcd1234", "zzz"]) == {"abcd1234": "Tariffs on steel rose sharply."}
    st = s.stats()
    assert st["articles"] == 3 and st["sentences"] == 3 and st["sources"] == 3
    assert st["first_published"] == "2026-01-02" and st["last_published"] == "2026-01-05"


def test_a_failed_write_leaves_nothing(any_store) -> None:
    with pytest.raises(RuntimeError), any_store.write():
        any_store.add_article(_article("deadbeef", "Some text here."))
        raise RuntimeError("boom")
    assert any_store.count() == 0
    with any_store.write(), any_store.write():  # nested calls join the outer transaction
        any_store.add_article(_article("deadbeef", "Some text here."))
    assert any_store.count() == 1


def test_duplicates_candidates_and_lineages(any_store) -> None:
    _fill(any_store)
    s = any_store
    assert s.find_duplicate("abcd1234" * 8, "zz", None) == ("abcd1234", "same URL")
    assert s.find_duplicate("nokey", "habcd9999", None) == ("abcd9999", "same text")
    assert s.find_duplicate("nokey", "zz", "https://x.test/1") == ("abcd1234", "same URL")
    assert s.find_duplicate("nokey", "zz", None) is None
    text = "Cartel violence spread in the north."
    cands = s.duplicate_candidates(dedup.band_hashes(dedup.minhash(text)))
    assert [c.id for c in cands] == ["abcd9999"]
    assert np.array_equal(cands[0].minhash, dedup.minhash(text))
    copy = _article("eeee0000", text + " ", published="2026-01-01")
    copy.lineage_id, copy.original_id, copy.similarity = "abcd9999", "abcd9999", 0.9
    with s.write():
        s.add_article(copy)
        s.reroot_lineage("abcd9999", "eeee0000", 0.9)
    assert s.lineages(["abcd9999", "eeee0000"]) == {"abcd9999": "eeee0000", "eeee0000": "eeee0000"}
    assert s.lineage_members("eeee0000") == ["eeee0000", "abcd9999"]
    assert [c["id"] for c in s.copies_of("eeee0000")] == ["abcd9999"]
    assert s.published_of("eeee0000") == "2026-01-01"
    assert s.get_article("abcd9999").original_id == "eeee0000"


def test_vectors_cache_and_search(any_store) -> None:
    _fill(any_store)
    s = any_store
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(3, 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    keys = [b"k1", b"k2", b"k3"]
    assert s.article_model("m") is None  # no article vectors yet
    with s.write():
        s.put_vectors("m", zip(keys, vecs, strict=True))
        s.put_vectors("m", zip(keys, vecs, strict=True))  # idempotent
        for aid, k in zip(["abcd1234", "abcd9999", "abcd123456"], keys, strict=True):
            s.set_article_vector(aid, "m", k)
    got = s.cached_vectors([b"k2", b"nope"])
    assert list(got) == [b"k2"] and np.allclose(got[b"k2"], vecs[1])
    ids, mat = s.article_vectors(None, "m")
    assert ids == ["abcd1234", "abcd123456", "abcd9999"] and mat.shape == (3, 8)
    assert s.article_vectors(None, "other")[0] == []
    assert s.article_model("m") == "m" and s.article_model("other") == "m"
    order = s.articles_after(0, 10)
    assert [i for _, i in order] == ["abcd1234", "abcd9999", "abcd123456"]  # as stored
    assert s.articles_after(order[0][0], 1) == [order[1]]
    assert s.articles_after(order[-1][0], 10) == []
    ids, sims = s.vector_scores("m", vecs[2])
    assert np.isclose(dict(zip(ids, sims.tolist(), strict=True))["abcd123456"], 1.0, atol=1e-5)
    exact = sorted(zip(ids, sims.tolist(), strict=True), key=lambda p: -p[1])
    assert exact[0][0] == "abcd123456"
    assert not hasattr(s, "nearest")  # removed: nothing called it (issue 22)
    assert s.lexical_search(["steel"]) == ["abcd1234"]
    assert s.lexical_search(["cartels"]) == ["abcd9999"]  # stemmed, title match
    assert s.lexical_search(["tariffs", "migration"], since="2026-01-01") == ["abcd1234"]
    assert s.lexical_search([]) == []


def test_features_stories_themes(any_store) -> None:
    _fill(any_store)
    s = any_store
    assert [r[0] for r in s.articles_without_features(1)] == ["abcd1234", "abcd9999", "abcd123456"]
    s.put_features([FeatureRecord("abcd1234", {"steel": 2}, {"e:x": 1}, [["x", "ORG", "X", 1]],
                                  ["steel"], 1)])  # fmt: skip
    assert [r[0] for r in s.articles_without_features(1, ["abcd1234", "abcd9999"])] == [
        "abcd9999"
    ]
    f = s.load_features(["abcd1234"], "m")[0]
    assert f.terms == {"steel": 2} and f.entities == [["x", "ORG", "X", 1]] and f.vector is None
    assert s.label_inputs(["abcd1234"], 7)[0].lead == "Tariffs"
    s.set_meta("token", "1")
    s.set_meta("token", "2")
    assert s.get_meta("token") == "2" and s.get_meta("none") is None
    with s.write():
        s.add_stories(["sabcd1234", "sabcd9999"], [("abcd1234", "sabcd1234", 1.0),
                      ("abcd123456", "sabcd1234", 0.71234), ("abcd9999", "sabcd9999", 1.0)])
    assert s.story_assignments()["abcd123456"] == "sabcd1234"
    assert s.placed(["abcd1234", "zz"]) == {"abcd1234"} and s.unplaced() == []
    assert s.story_ids() == {"sabcd1234", "sabcd9999"}
    rows = s.member_rows(["sabcd1234"])["sabcd1234"]
    assert {m.id for m in rows} == {"abcd1234", "abcd123456"}
    s.save_stories([StoryRow("sabcd1234", "Steel", "2026-01-02", "2026-01-02", 2, 2, 1,
                             [["X", "ORG", 1]])])  # fmt: skip
    s.save_stories([], delete=["sabcd9999"])
    assert s.story_ids() == {"sabcd1234"} and s.story_of("abcd9999") is None
    s.replace_themes([ThemeRow("tabcd1234", "Trade", ["sabcd1234"], 2, "2026-01-02", None)],
                     {"sabcd1234": "Steel tariffs"})  # fmt: skip
    s.add_story_events([StoryEvent("merge", "sabcd1234", {"story_id": "sabcd1234",
                                                          "from": ["sabcd9999"]})])
    story = s.get_story("sabcd1234")
    assert story["label"] == "Steel tariffs" and story["theme_label"] == "Trade"
    assert story["top_entities"] == [{"text": "X", "label": "ORG", "articles": 1}]
    assert story["articles_per_day"] == {"2026-01-02": 1, "undated": 1}
    assert [e["kind"] for e in story["events"]] == ["merge"]
    assert s.story_members("sabcd1234") == ["abcd1234", "abcd123456"]
    assert s.stories_of(["abcd1234", "abcd9999"]) == {"abcd1234": "sabcd1234"}
    assert s.resolve_story("abcd12") == "sabcd1234" and s.resolve_theme("tabcd") == "tabcd1234"
    with pytest.raises(NotFoundError, match="merged into sabcd1234"):
        s.resolve_story("sabcd9999")
    assert [x["id"] for x in s.list_stories(since="2026-01-01")] == ["sabcd1234"]
    assert s.list_stories(since="2027-01-01") == []
    assert s.list_themes()[0]["stories"][0]["id"] == "sabcd1234"
    assert s.story_counts() == {"stories": 1, "stories_with_2plus_articles": 1, "themes": 1,
                                "articles_in_stories": 2}  # fmt: skip
    assert s.story_summaries()[0]["article_count"] == 2
    s.replace_stories(["sabcd9999"], [("abcd9999", "sabcd9999", 1.0)])
    assert s.story_assignments() == {"abcd9999": "sabcd9999"}


def _snapshot(store: Store) -> dict:
    def strip(d: dict) -> dict:
        return {k: v for k, v in d.items() if k not in ("updated_at", "created_at", "at", "db")}

    stories = store.list_stories()
    return {
        "articles": store.list_articles(),
        "lineages": store.lineages([a["id"] for a in store.list_articles()]),
        "assignments": store.story_assignments(),
        "stories": [strip(s) for s in stories],
        "story": [
            {**strip(store.get_story(s["id"])), "events": None} for s in stories[:5]
        ],
        "themes": [strip(t) for t in store.list_themes()],
        "stats": strip(store.stats()),
        "counts": store.story_counts(),
    }


def test_the_same_ingest_gives_the_same_store(tmp_path, pg_url, embedder) -> None:
    """The demo corpus plus a record set with copies, through the engine, into each backend."""
    extra = write_jsonl(tmp_path / "copies.jsonl", [
        {"title": "Copy", "text": "A wire copy. " * 30, "url": "https://w.test/1",
         "published": "2026-02-02"},
        {"title": "Copy", "text": "A wire copy. " * 30 + "Updated.", "url": "https://w.test/2",
         "published": "2026-02-01"},
    ])  # fmt: skip
    snaps = []
    for loc in (str(tmp_path / "same.db"), pg_url):
        with Engine(open_store(loc), embedder) as eng:
            report = eng.ingest([str(DEMO_DIR), str(extra)])
            eng.refresh_stories()
            assert report.ingested > 50 and report.near_duplicates >= 1
            snaps.append(_snapshot(eng.store))
            b = eng.brief(BriefRequest("fentanyl seizures at the border"))
            assert b.verification is not None
            # every extracted sentence holds; the templated close may be refused (a clause the
            # plan cut too short) and is then left out, on both backends alike
            assert b.verification.passed > 0
            assert all(d.sentence.kind == "generated" for d in b.verification.dropped)
    for key in snaps[0]:
        if snaps[0][key] != snaps[1][key] and isinstance(snaps[0][key], list):
            for a, b in zip(snaps[0][key], snaps[1][key], strict=False):
                assert a == b, key
    assert snaps[0] == snaps[1]


def test_migrate_moves_a_store_across_and_back(tmp_path, pg_server, embedder, capsys) -> None:
    """``newsdesk migrate`` SQLite -> PostgreSQL -> SQLite: the same IDs, lineages, vectors,
    stories and themes at each step; a second run skips what is there."""
    from newsdesk.cli.main import main

    first = str(tmp_path / "first.db")
    with Engine(open_store(first), embedder) as eng:
        eng.ingest([str(DEMO_DIR / "usmexico.jsonl")])
        eng.refresh_stories()
        before = _snapshot(eng.store)
        vectors = eng.store.article_vectors(None, embedder.name)
        events = eng.store.story_events()
    pg = pg_server.database()
    back = str(tmp_path / "back.db")
    assert main(["migrate", "--from", first, "--to", pg]) == 0
    assert "copied 49 articles (0 already there)" in capsys.readouterr().out
    with open_store(pg, create=False) as s:  # no HNSW index is kept up to date any more
        names = [r[0] for r in s._all("SELECT indexname FROM pg_indexes "  # type: ignore[attr-defined]
                                      "WHERE tablename = 'embeddings'")]  # fmt: skip
        assert not any(n.startswith("embeddings_hnsw_") for n in names), names
    assert main(["migrate", "--from", first, "--to", pg]) == 0
    assert "copied 0 articles (49 already there)" in capsys.readouterr().out
    assert main(["migrate", "--from", pg, "--to", back]) == 0
    for loc in (pg, back):
        with open_store(loc, create=False) as s:
            assert _snapshot(s) == before, loc
            ids, mat = s.article_vectors(None, embedder.name)
            assert ids == vectors[0] and np.allclose(mat, vectors[1])
            assert [(e.kind, e.story_id) for e in s.story_events()] == [
                (e.kind, e.story_id) for e in events
            ]
            assert s.meta_items() == open_store(first).meta_items()
            dup = s.article_records(["zzz"] + ids[:1])[0]
            assert s.find_duplicate(dup.key, "x", None) == (dup.id, "same URL")
    with Engine(open_store(back), embedder) as eng:  # the copy works as a store
        b = eng.brief(BriefRequest("fentanyl at the border"))
        assert b.verification is not None and b.verification.passed > 0


def test_migrate_errors_are_one_line(tmp_path, capsys) -> None:
    from newsdesk.cli.main import main

    assert main(["migrate", "--from", str(tmp_path / "none.db"), "--to", "x.db"]) != 0
    err = capsys.readouterr().err
    assert "no such database" in err and "Traceback" not in err
    assert main(["migrate", "--from", "postgresql://nobody:secret@127.0.0.1:9/none",
                 "--to", str(tmp_path / "x.db")]) != 0  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "cannot open the PostgreSQL store" in err
    assert "secret" not in err


def test_beat_sources_topics_and_briefing_history(any_store) -> None:
    """The following-a-beat block (issue 11) behaves the same on both backends."""
    from newsdesk.errors import InputError

    now = "2026-01-10T08:00:00Z"
    sid = any_store.add_feed_source("https://example.org/feed.xml", "Example", 1800, now)
    with pytest.raises(InputError):
        any_store.add_feed_source("https://example.org/feed.xml", None, 60, now)
    assert any_store.get_feed_source(str(sid))["url"] == "https://example.org/feed.xml"
    assert any_store.get_feed_source("Example")["id"] == sid
    with pytest.raises(NotFoundError):
        any_store.get_feed_source("nope")
    assert [s["id"] for s in any_store.due_feed_sources(now)] == [sid]
    any_store.update_feed_source(
        sid, {"etag": '"v1"', "failures": 2, "next_poll": "2026-01-10T09:00:00Z"}
    )
    assert any_store.due_feed_sources(now) == []
    row = any_store.feed_sources()[0]
    assert (row["etag"], row["failures"], row["paused"]) == ('"v1"', 2, 0)
    with pytest.raises(ValueError):
        any_store.update_feed_source(sid, {"url": "https://elsewhere.example/"})

    tid = any_store.add_saved_topic("tariffs", 86400, "/tmp/out", 200, now)
    assert any_store.get_saved_topic("tariffs")["id"] == tid
    any_store.update_saved_topic(tid, {"last_run": now})
    assert any_store.saved_topics()[0]["last_run"] == now

    for i, kind in enumerate(("full", "update")):
        any_store.add_briefing_record(
            {
                "topic_key": "tariffs",
                "topic": "Tariffs",
                "created_at": f"2026-01-1{i}T00:00:00Z",
                "covered_until": None,
                "read_ids": ["aaaaaaaa", "bbbbbbbb"][: i + 1],
                "sentences": [f"Sentence {i} ([aaaaaaaa])."],
                "kind": kind,
            }
        )
    records = any_store.briefing_records("tariffs")
    assert [r["kind"] for r in records] == ["update", "full"]
    assert records[0]["read_ids"] == ["aaaaaaaa", "bbbbbbbb"] and records[1]["files"] == []
    assert len(any_store.briefing_records("tariffs", limit=1)) == 1

    any_store.remove_saved_topic(tid)
    any_store.remove_feed_source(sid)
    assert any_store.saved_topics() == [] and any_store.feed_sources() == []


def test_llm_response_cache(any_store) -> None:
    """The LLM response cache (issue 8) behaves the same on both backends."""
    from newsdesk.store.base import CachedResponse

    assert any_store.llm_cache_get("k1") is None
    any_store.llm_cache_put("k1", CachedResponse("m", "first answer", 10, 3))
    assert any_store.llm_cache_get("k1") == CachedResponse("m", "first answer", 10, 3)
    any_store.llm_cache_put("k1", CachedResponse("m", "second answer", 12, 4))
    assert any_store.llm_cache_get("k1") == CachedResponse("m", "second answer", 12, 4)


def test_lexical_search_puts_articles_matching_more_terms_first(any_store) -> None:
    # A word in the title weighs 4x; still, an article naming both topic words comes before
    # one that names only the first, however prominently, on both backends.
    s = any_store
    with s.write():
        s.add_article(_article("aaaa0001", "Oil oil oil. Oil again.", title="Oil oil oil"))
        s.add_article(_article("aaaa0002", "Oil prices and the world economy slowed."))
        s.add_article(_article("aaaa0003", "Nothing related here at all."))
    got = s.lexical_search(["oil", "economy"])
    assert got[0] == "aaaa0002" and set(got) == {"aaaa0001", "aaaa0002"}
    assert s.lexical_search(["oil", "economy"], limit=1) == ["aaaa0002"]


def test_story_desk_rows_and_outlet_leans(any_store) -> None:
    """Migration 0008 (issue 23): headline and summary per story, an outlet's lean."""
    assert any_store.desk_rows() == {} and any_store.outlet_leans() == {}
    summary = {"text": "Port reopens.", "sentences": [{"text": "Port reopens.",
                                                       "citations": [{"id": "ab12cd34"}]}]}
    any_store.put_desk_rows([
        {"story_id": "s1", "members": "f1", "headline": "Port reopens", "summary": summary},
        {"story_id": "s2", "members": "f2", "headline": "Strike ends", "summary": None},
    ])
    rows = any_store.desk_rows()
    assert set(rows) == {"s1", "s2"} and rows["s1"]["summary"] == summary
    assert rows["s2"]["summary"] is None and rows["s1"]["members"] == "f1"
    any_store.put_desk_rows([{"story_id": "s1", "members": "f3", "headline": "Port reopens",
                              "summary": None}])
    again = any_store.desk_rows(["s1"])
    assert list(again) == ["s1"] and again["s1"]["members"] == "f3"
    assert again["s1"]["summary"] is None
    any_store.set_outlet_leans({"CNN": "left", "Reuters": "center"}, origin="allsides")
    any_store.set_outlet_leans({"CNN": "lean left"})
    assert any_store.outlet_leans() == {"CNN": "lean left", "Reuters": "center"}
