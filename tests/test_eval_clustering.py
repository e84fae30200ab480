"""``newsdesk eval clustering``: loaders (and their leak guards), metrics, the run and the table.

A tiny invented fixture in the ECB+ and AllSides layouts runs everywhere; a slice of the real
data runs only where ``../shared/data`` exists.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from newsdesk.errors import InputError, NotFoundError
from newsdesk.evaluate import clustering, clusterprep
from newsdesk.evaluate.baselines import noise_to_singletons
from newsdesk.evaluate.clusterdata import (
    date_from_url,
    detokenize,
    is_dateline,
    load_allsides,
    load_dataset,
    load_ecbplus,
)
from newsdesk.ingest.datesource import infer_date

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

# topic -> half -> list of articles (each a list of sentences); invented text.
ECB = {
    "1": {
        "ecb": [
            ["Actor Jon Marlow checked into the Sunrise rehab clinic on Tuesday , his agent said .",
             "Marlow , 41 , entered the clinic in Palm Hollow after a difficult year ."],
            ["Jon Marlow has entered rehab at the Sunrise clinic , according to his agent .",
             "The actor arrived in Palm Hollow on Tuesday ."],
            ["Sunrise clinic admits actor Jon Marlow for treatment .",
             "His agent confirmed the stay in Palm Hollow ."],
        ],
        "ecbplus": [
            ["http : / / www . example . com / news / kara - vance - rehab",
             "Singer Kara Vance enters Oakview treatment center",
             "Published : June 3 , 2013",
             "Singer Kara Vance checked into the Oakview treatment center in Lake Ardent ."],
            ["http : / / news . example . org / vance",
             "Kara Vance begins 60 - day stay at Oakview",
             "The singer Kara Vance started a 60 - day program at Oakview in Lake Ardent ."],
            ["http : / / www . example . net / 2013 / 06 / 03 / vance",
             "Updated 5 : 40 p . m . ET",
             "Kara Vance is now at the Oakview center in Lake Ardent , her publicist said ."],
        ],
    },
    "2": {
        "ecb": [
            ["A magnitude 6.1 earthquake struck the coast of Norvale on Sunday .",
             "Buildings shook in Port Ema but no deaths were reported ."],
            ["Norvale was hit by a 6.1 magnitude quake on Sunday , officials said .",
             "Port Ema reported cracked walls ."],
        ],
        "ecbplus": [
            ["http : / / quake . example . com / istria",
             "Strong 5.4 quake rattles Istria valley",
             "A 5.4 magnitude earthquake shook the Istria valley towns on Friday ."],
            ["http : / / www . example . com / istria - quake",
             "Istria valley hit by 5.4 earthquake",
             "The 5.4 quake damaged old houses across the Istria valley on Friday ."],
        ],
    },
}

STORIES = [
    (101, "2021-03-01T10:00:00-07:00", [
        ("Senate passes clean water bill", "https://news.example.com/2021/03/01/senate-water-bill",
         ["The Senate passed the Clean Water Act amendments 61-39 on Monday."]),
        ("Water bill clears Senate in bipartisan vote", "https://other.example.org/water-bill",
         ["A bipartisan Senate majority approved the clean water bill on Monday, 61-39."]),
        ("Senators approve clean water measure", "https://third.example.net/politics/12345",
         ["Senators voted 61-39 to approve the clean water measure."]),
    ]),
    (102, "2021-03-01T10:00:00-07:00", [
        ("Storm knocks out power to 80,000 in Lakeshore",
         "https://news.example.com/2021-03-02/lakeshore-storm",
         ["A winter storm left 80,000 Lakeshore homes without power on Tuesday."]),
        ("Lakeshore storm leaves thousands in the dark",
         "https://other.example.org/lakeshore-storm",
         ["About 80,000 customers in Lakeshore lost power as the storm moved through."]),
    ]),
    (103, "2021-03-01T10:00:00-07:00", [
        ("Central bank holds interest rates steady",
         "https://news.example.com/20210303/rates",
         ["The central bank kept its benchmark interest rate at 0.25% on Wednesday."]),
        ("Rates unchanged as central bank waits on inflation",
         "https://other.example.org/rates-hold",
         ["Policymakers left the 0.25% rate unchanged and said inflation was transitory."]),
    ]),
]


def _xml(name: str, sentences: list[str]) -> str:
    toks = []
    tid = 1
    for s_no, sent in enumerate(sentences):
        for n, tok in enumerate(sent.split()):
            toks.append(
                f'<token t_id="{tid}" sentence="{s_no}" number="{n}">{escape(tok)}</token>'
            )
            tid += 1
    return f'<Document doc_name="{name}">\n' + "\n".join(toks) + "\n<Markables/></Document>\n"


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    ecb = root / "ecbplus"
    rows = ["doc\ttopic\tsubtopic"]
    for topic, halves in ECB.items():
        folder = ecb / "ECB+_LREC2014" / "ECB+" / topic
        folder.mkdir(parents=True)
        for half, docs in halves.items():
            for i, sents in enumerate(docs, start=1):
                name = f"{topic}_{i}{half}.xml"
                (folder / name).write_text(_xml(name, sents), encoding="utf-8")
                rows.append(f"{name}\t{topic}\t{topic}_{half}")
    (ecb / "ecbplus_doc_clusters.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    sides = root / "allsides"
    sides.mkdir(parents=True)
    lines = []
    for sid, date, items in STORIES:
        news = {}
        for side, (title, url, body) in zip(("left", "center", "right"), items, strict=False):
            news[side] = {"newsSource": f"Outlet {side}", "newsTitle": title, "newsLink": url,
                          "newBody": body}
        lines.append(json.dumps({"id": sid, "issue": "x", "topic": "y", "date": date,
                                 "roundup": ["r"], "news": news}))
    (sides / "stories_2021.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


# -- loaders ---------------------------------------------------------------------------------


def test_ecbplus_loader_strips_url_and_datelines(data_dir):
    docs = load_ecbplus(data_dir / "ecbplus")
    assert len(docs) == 10
    assert len({d.gold for d in docs}) == 4
    for d in docs:
        assert "http" not in d.text and "example" not in d.text
        assert "Published" not in d.text and "Updated" not in d.text
        assert d.published is None  # ECB+ articles carry no usable date
        assert len(d.id) == 12 and "_" not in d.id  # opaque: no file name, no half
    vance = [d for d in docs if d.gold == "1_ecbplus"]
    assert {d.title for d in vance} >= {"Singer Kara Vance enters Oakview treatment center"}


def test_allsides_loader_uses_url_dates_only(data_dir):
    docs = load_allsides(data_dir / "allsides")
    assert len(docs) == 7
    by_title = {d.title: d for d in docs}
    assert by_title["Senate passes clean water bill"].published == "2021-03-01"
    assert by_title["Storm knocks out power to 80,000 in Lakeshore"].published == "2021-03-02"
    assert by_title["Central bank holds interest rates steady"].published == "2021-03-03"
    # No date in the URL: none at all (never the story's own date field).
    assert by_title["Water bill clears Senate in bipartisan vote"].published is None
    assert {d.gold for d in docs} == {"101", "102", "103"}


def test_helpers():
    assert detokenize(["He", "said", ",", "``", "no", "''", "(", "twice", ")", "."]) == (
        'He said, " no " (twice).'
    )
    assert is_dateline("Published: August 2, 2013 | 08:06 AM PT")
    assert is_dateline("12 / 23 / 12 06: 03 PM ET EST")
    assert not is_dateline("Colts beat Chiefs 20 - 13")
    assert not is_dateline("He was 75.")
    assert date_from_url("https://x.example.com/2021/10/18/story") == "2021-10-18"
    assert date_from_url("https://x.example.com/news/story-20211018") == "2021-10-18"
    assert date_from_url("https://x.example.com/story-october-9") is None
    assert date_from_url("https://x.example.com/a/4050844.html") is None


def test_loader_errors(tmp_path, data_dir):
    with pytest.raises(NotFoundError, match="ECB\\+ not found"):
        load_dataset("ecbplus", tmp_path / "nowhere")
    with pytest.raises(NotFoundError, match="AllSides not found"):
        load_dataset("allsides", tmp_path)
    with pytest.raises(InputError, match="unknown dataset"):
        load_dataset("bbc", data_dir)
    bad = data_dir / "allsides" / "stories_2021.jsonl"
    bad.write_text(bad.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"stories_2021.jsonl:4: invalid JSON"):
        load_allsides(data_dir / "allsides")
    with pytest.raises(NotFoundError, match="data folder not found"):
        clustering.run_clustering_eval("ecbplus", tmp_path / "missing")
    with pytest.raises(InputError, match="unknown dataset"):
        clustering.run_clustering_eval("duc2004", data_dir)


# -- the run ---------------------------------------------------------------------------------


def test_score_and_noise_handling():
    s = clustering.score(["a", "a", "b"], [0, 0, 1])
    assert s["bcubed_f1"] == 1.0 and s["clusters"] == s["gold_clusters"] == 2
    import numpy as np

    assert noise_to_singletons(np.array([0, -1, 0, -1])) == [0, 1, 0, 2]


@pytest.mark.parametrize("dataset", ["ecbplus", "allsides"])
def test_run_on_the_tiny_fixture(dataset, data_dir, tmp_path):
    steps: list[tuple[str, int | None, int | None]] = []
    result = clustering.run_clustering_eval(
        dataset,
        data_dir,
        cache_dir=tmp_path / "cache",
        on_progress=lambda msg, done, total: steps.append((msg, done, total)),
    )
    assert steps and all(msg.startswith(f"{dataset}: ") for msg, _, _ in steps)
    names = [r["system"] for r in result["all"]["systems"]]
    assert names[:2] == ["newsdesk (rebuild)", "newsdesk (incremental)"]
    assert [r["clusterer"] for r in result["all"]["systems"]] == [
        "newsdesk", "newsdesk-incremental", "newsdesk-shuffled", "hdbscan", "agglomerative",
        "bertopic", "hdbscan-combined", "agglomerative-combined",
    ]
    assert result["input"]["vectors"] == result["all"]["vectors"]
    assert result["input"]["model"] == "all-MiniLM-L6-v2"
    reads = {r["clusterer"]: r["inputs"] for r in result["all"]["systems"]}
    assert reads["hdbscan"] == ["vector"] and reads["bertopic"] == ["vector", "text"]
    assert any(n.startswith("HDBSCAN") for n in names)
    assert any(n.startswith("agglomerative") for n in names)
    assert any(n.startswith("BERTopic") for n in names)
    for row in result["all"]["systems"]:
        assert 0.0 <= row["bcubed_f1"] <= 1.0
        assert row["gold_clusters"] == result["all"]["gold_clusters"]
    ours = result["all"]["systems"][0]
    assert ours["bcubed_f1"] >= 0.8
    table = clustering.format_clustering_table(result)
    assert "newsdesk (rebuild)" in table and "B3 F1" in table and "incremental vs rebuild" in table
    assert "odd half" in table and "even half" in table
    assert "the same vectors for every system" in table and result["input"]["vectors"] in table
    json.dumps(result)  # the --json output must serialise
    # The second run reads the cached vectors (the default name extractor needs no cache).
    assert list((tmp_path / "cache").glob("emb-*.npy"))


def test_entities_split_two_events_of_one_topic(data_dir, tmp_path):
    result = clustering.run_clustering_eval(
        "ecbplus", data_dir, cache_dir=tmp_path / "c", baselines=False, halves=False
    )
    ours = result["all"]["systems"][0]
    assert ours["clusters"] >= 4  # the rehab and quake topics each split into their two events
    assert ours["bcubed_precision"] == 1.0


# -- real data -------------------------------------------------------------------------------


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"evaluation data not found at {SHARED}")
def test_real_data_slice(tmp_path):
    ecb = [d for d in load_dataset("ecbplus", SHARED) if d.group in {"1", "3", "4"}]
    assert all(not d.text.lower().startswith(("http", "www")) for d in ecb)
    assert all(d.published is None for d in ecb)
    leads, vecs = clustering.embed_leads(ecb)
    ents = clustering.doc_entities(ecb)
    part = clustering.run_systems(ecb, leads, vecs, ents, baselines=False)
    assert part["gold_clusters"] == 6
    assert part["systems"][0]["bcubed_f1"] > 0.6

    sides = load_dataset("allsides", SHARED)
    assert 1400 <= len(sides) <= 1479
    raw = [json.loads(x) for x in (SHARED / "allsides" / "stories_2021.jsonl").open()]
    story_dates = {str(r["id"]): r["date"][:10] for r in raw}
    undated_urls = [d for d in sides if d.url and clustering_date(d.url) is None]
    # Without a date in its URL an article is dated only by its own text (a dateline, or a
    # full date with its weekday), never by the story's date: most stay undated.
    assert undated_urls and sum(d.published is None for d in undated_urls) > 0.95 * len(
        undated_urls
    )
    # Where a date is set it comes from the article, which may differ from the story's date.
    by_url = [(d, infer_date(None, d.url, "")[0]) for d in sides]
    assert all(d.published == u for d, u in by_url if u)
    assert any(d.published != story_dates[d.gold] for d in sides if d.published)


def clustering_date(url: str) -> str | None:
    return date_from_url(url)


# -- the Clusterer interface -----------------------------------------------------------------

ALL_CLUSTERERS = [
    "newsdesk", "newsdesk-incremental", "newsdesk-shuffled", "hdbscan", "agglomerative", "bertopic",
    "hdbscan-combined", "agglomerative-combined",
]


def _fixture_features(data_dir, tmp_path):
    docs = load_dataset("ecbplus", data_dir)
    leads, vecs = clustering.embed_leads(docs, tmp_path / "c")
    ents = clustering.doc_entities(docs, tmp_path / "c")
    feats = clustering.build_features(docs, vecs, ents, clustering.near_duplicates(docs))
    return docs, leads, feats


def test_every_clusterer_is_named_behind_one_interface():
    from newsdesk.stories.clusterer import INPUTS, Clusterer

    assert set(ALL_CLUSTERERS) == set(clustering.SYSTEMS)
    for name in ALL_CLUSTERERS:
        c = clustering.make_clusterer(name)
        assert isinstance(c, Clusterer), name
        assert c.name == name and c.label and set(c.inputs) <= set(INPUTS)
    with pytest.raises(InputError, match="unknown clusterer 'nope' .available: agglomerative"):
        clustering.make_clusterer("nope")


def test_newsdesk_clusterers_are_the_stories_core(data_dir, tmp_path):
    from newsdesk.stories.core import StoryIndex, cluster

    docs, leads, feats = _fixture_features(data_dir, tmp_path)
    rebuild = clustering.make_clusterer("newsdesk").cluster(feats, leads)
    assert rebuild == cluster(feats)[1]
    index = StoryIndex(dim=int(feats[0].vector.shape[0]))
    index.add(sorted(feats, key=lambda f: f.order_key))  # arrival order, one batch (< 64)
    incremental = clustering.make_clusterer("newsdesk-incremental").cluster(feats, leads)
    assert incremental == [index.story_of[f.id] for f in feats]
    with pytest.raises(ValueError, match="texts"):
        clustering.make_clusterer("newsdesk").cluster(feats, leads[:-1])


def test_a_named_clusterer_runs_with_only_what_it_declares(data_dir, tmp_path, monkeypatch):
    seen = {}

    class Spy:
        name = "spy"
        label = "spy (one story)"
        inputs = frozenset({"vector"})

        def cluster(self, feats, texts):
            seen["feats"], seen["texts"] = list(feats), list(texts)
            return [0] * len(feats)

    docs, leads, _ = _fixture_features(data_dir, tmp_path)
    leads, vecs = clustering.embed_leads(docs, tmp_path / "c")
    ents = clustering.doc_entities(docs, tmp_path / "c")
    monkeypatch.setitem(clustering.SYSTEMS, "spy", Spy)
    part = clustering.run_systems(
        docs, leads, vecs, ents, systems=["newsdesk", "spy", "agglomerative"]
    )
    rows = {r["clusterer"]: r for r in part["systems"]}
    assert list(rows) == ["newsdesk", "spy", "agglomerative"]
    assert rows["spy"]["system"] == "spy (one story)" and rows["spy"]["clusters"] == 1
    assert rows["spy"]["inputs"] == ["vector"] == rows["agglomerative"]["inputs"]
    assert rows["newsdesk"]["inputs"] == ["vector", "terms", "keys", "published", "original_id"]
    assert part["vectors"] == clustering.fingerprint(vecs)
    assert "incremental_vs_rebuild" not in part  # only one newsdesk mode ran
    # The spy got the vectors and nothing else: no words, entities, dates, links or text.
    assert all(f.terms == {} and f.keys == {} and f.published is None for f in seen["feats"])
    assert all(f.original_id is None and f.lineage_id == f.id for f in seen["feats"])
    assert seen["texts"] == [""] * len(docs)
    assert all((f.vector == v).all() for f, v in zip(seen["feats"], vecs, strict=True))
    table = clustering.format_clustering_table(
        {"dataset": "ecbplus", "embedding": "x", "tuning": "y", "all": part}
    )
    assert "spy (one story)" in table and "  vec\n" in table + "\n"


def test_a_missing_baseline_library_names_the_install(monkeypatch, data_dir, tmp_path):
    import sys

    from newsdesk.errors import DependencyError
    from newsdesk.evaluate.baselines import BertopicClusterer, HdbscanClusterer

    _, leads, feats = _fixture_features(data_dir, tmp_path)
    monkeypatch.setitem(sys.modules, "hdbscan", None)
    monkeypatch.setitem(sys.modules, "bertopic", None)
    for c in (HdbscanClusterer(), BertopicClusterer()):
        with pytest.raises(DependencyError, match=r"pip install .*\[eval\]"):
            c.cluster(feats, leads)


# -- cache keys ------------------------------------------------------------------------------


def test_lead_vector_and_entity_caches_are_keyed_by_model_recipe_and_version(
    data_dir, tmp_path, monkeypatch
):
    import numpy as np

    from newsdesk.evaluate import cache_keys

    docs = load_dataset("ecbplus", data_dir)
    cache = tmp_path / "c"
    leads, vecs = clustering.embed_leads(docs, cache)
    (emb,) = cache.glob("emb-*.npy")
    parts = ("lead-vectors", cache_keys.LEAD_VECTORS_VERSION)
    recipe = clustering.lead_recipe()
    assert emb.name == f"emb-{cache_keys.cache_key(*parts, 'all-MiniLM-L6-v2', recipe, leads)}.npy"
    assert "1 sentence" in recipe and "400 chars" in recipe  # ingest's lead, named
    # Another model name, another key: a planted file for it is read, the real one is not.
    other = cache_keys.cache_key(*parts, "other-model", recipe, leads)
    assert other != emb.stem[4:]
    np.save(cache / f"emb-{other}.npy", np.zeros_like(vecs))
    assert not clustering.embed_leads(docs, cache, model="other-model")[1].any()
    assert (clustering.embed_leads(docs, cache)[1] == vecs).all()
    # Another recipe (three sentences, 700 chars): another key, another file.
    clustering.embed_leads(docs, cache, lead_sentences=3)
    assert len(list(cache.glob("emb-*.npy"))) == 3
    assert clustering.lead_recipe(3) != recipe
    # The same texts with the recipe named differently would still key apart.
    assert cache_keys.cache_key(*parts, "m", "r1", ["t"]) != cache_keys.cache_key(
        *parts, "m", "r2", ["t"]
    )
    # A bumped version misses the old files.
    monkeypatch.setattr(clusterprep, "LEAD_VECTORS_VERSION", cache_keys.LEAD_VECTORS_VERSION + 1)
    monkeypatch.setattr(clusterprep, "ENTITIES_VERSION", cache_keys.ENTITIES_VERSION + 1)
    clustering.embed_leads(docs, cache)
    assert len(list(cache.glob("emb-*.npy"))) == 4
    clustering.doc_entities(docs, cache, extractor="spacy")
    clustering.doc_entities(docs, cache, extractor="spacy")
    assert len(list(cache.glob("ner-*.json"))) == 1
    monkeypatch.setattr(clusterprep, "ner_model", lambda: "another spaCy model 1.0")
    clustering.doc_entities(docs, cache, extractor="spacy")
    assert len(list(cache.glob("ner-*.json"))) == 2


def test_cache_key_parts_cannot_run_together():
    from newsdesk.evaluate.cache_keys import cache_key, entry_key

    assert cache_key("k", 1, "ab", "c") != cache_key("k", 1, "a", "bc")
    assert cache_key("k", 1, "m", "r", ["ab", "c"]) != cache_key("k", 1, "m", "r", ["a", "bc"])
    assert cache_key("k", 1, "m", "r") != cache_key("k", 2, "m", "r")
    assert entry_key("k", 1, "m", "r", "t") != entry_key("k", 1, "m2", "r", "t")
    assert len(entry_key("k", 1, "m", "r", "t")) == 16
