"""The engine's seams: another Store, a scripted Writer, the verify stage, the embedder's name.

``MemoryStore`` below is a second implementation of the Store interface written here (dicts and
numpy, no SQL): the engine ingests into it and writes a verified briefing from it without any
other module changing. ``ScriptedWriter`` is a writer plugged in the same way: it returns the
sentences it was given, so a test can make a writer misquote its source.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import pytest
from conftest import DEMO_DIR, write_jsonl

from newsdesk import plugins
from newsdesk.briefing import Briefing, BriefSentence, Citation, Paragraph, SourceRef
from newsdesk.dates import window_bounds
from newsdesk.engine import Engine
from newsdesk.errors import AmbiguousIDError, NotFoundError, StoreError
from newsdesk.model import Article, BriefRequest, Evidence
from newsdesk.render import render
from newsdesk.store.base import DuplicateCandidate, NewArticle, Store
from newsdesk.store.sqlite import SQLiteStore
from newsdesk.stories import service as story_service
from newsdesk.verify import verify
from newsdesk.write.base import Writer


class MemoryStore:
    """The part of the Store interface that ingest and briefings use, in plain Python."""

    def __init__(self) -> None:
        self.location = f"memory:{id(self)}"
        self.read_only = False  # Transactions: a memory store is always writable
        self.articles: dict[str, NewArticle] = {}
        self.vectors: dict[bytes, tuple[str, np.ndarray]] = {}
        self.article_vector: dict[tuple[str, str], bytes] = {}
        self.bands: dict[tuple[int, int], set[str]] = {}
        self.writes = 0

    def close(self) -> None:
        pass

    def __enter__(self) -> MemoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    @contextmanager
    def write(self) -> Iterator[None]:
        self.writes += 1
        yield

    def count(self) -> int:
        return len(self.articles)

    def ids_with_prefix(self, prefix: str) -> set[str]:
        return {i for i in self.articles if i.startswith(prefix)}

    def resolve_id(self, prefix: str) -> str:
        hits = sorted(self.ids_with_prefix(prefix))
        if not hits:
            raise NotFoundError(prefix)
        if len(hits) > 1:
            raise AmbiguousIDError(prefix)
        return hits[0]

    def _article(self, a: NewArticle) -> Article:
        return Article(
            id=a.id, title=a.title, text=a.text, url=a.url, published=a.published,
            source=a.source, original_id=a.original_id, sentences=list(a.sentences),
        )  # fmt: skip

    def get_articles(self, ids: Sequence[str], *, sentences: bool = True) -> list[Article]:
        return [self._article(self.articles[i]) for i in ids if i in self.articles]

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        return {i: self.articles[i].text for i in ids if i in self.articles}

    def ids_in_window(self, since: str | None, until: str | None) -> set[str]:
        lo, hi = window_bounds(since, until)
        return {
            i
            for i, a in self.articles.items()
            if a.published and (not lo or a.published >= lo) and (not hi or a.published <= hi)
        }

    def lineages(self, ids: Sequence[str]) -> dict[str, str]:
        return {i: self.articles[i].lineage_id for i in ids if i in self.articles}

    def lineage_members(self, lineage_id: str) -> list[str]:
        return sorted(i for i, a in self.articles.items() if a.lineage_id == lineage_id)

    def find_duplicate(
        self, key: str, text_hash: str, canonical_url: str | None
    ) -> tuple[str, str] | None:
        for a in self.articles.values():
            if a.key == key or (canonical_url and a.canonical_url == canonical_url):
                return a.id, "same URL"
            if a.text_hash == text_hash:
                return a.id, "same text"
        return None

    def duplicate_candidates(self, bands: Sequence[int]) -> list[DuplicateCandidate]:
        ids: set[str] = set()
        for i, h in enumerate(bands):
            ids |= self.bands.get((i, h), set())
        return [
            DuplicateCandidate(i, self.articles[i].minhash, self.articles[i].text)
            for i in sorted(ids)
        ]

    def add_article(self, article: NewArticle) -> None:
        self.articles[article.id] = article
        for i, h in enumerate(article.bands):
            self.bands.setdefault((i, h), set()).add(article.id)

    def published_of(self, article_id: str) -> str | None:
        return self.articles[article_id].published

    def reroot_lineage(self, old_root: str, new_root: str, similarity: float | None) -> None:
        for a in self.articles.values():
            if a.lineage_id == old_root:
                a.lineage_id = new_root
        self.articles[old_root].original_id = new_root
        self.articles[new_root].original_id = None

    def cached_vectors(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        return {k: self.vectors[k][1] for k in keys if k in self.vectors}

    def put_vectors(self, model: str, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        for k, v in items:
            self.vectors.setdefault(k, (model, np.asarray(v, dtype=np.float32)))

    def set_article_vector(self, article_id: str, model: str, key: bytes) -> None:
        self.article_vector[(article_id, model)] = key

    def article_model(self, preferred: str) -> str | None:
        models = {m for _, m in self.article_vector}
        return preferred if preferred in models else min(models, default=None)

    def article_vectors(
        self, ids: Sequence[str] | None, model: str
    ) -> tuple[list[str], np.ndarray]:
        wanted = sorted(self.articles) if ids is None else list(ids)
        have = [i for i in wanted if (i, model) in self.article_vector]
        if not have:
            return [], np.zeros((0, 0), np.float32)
        return have, np.stack([self.vectors[self.article_vector[(i, model)]][1] for i in have])

    def lexical_search(
        self,
        terms: Sequence[str],
        *,
        since: str | None = None,
        until: str | None = None,
        limit: int = 300,
    ) -> list[str]:
        allowed = self.ids_in_window(since, until) if since or until else set(self.articles)
        scored = []
        for i in allowed:
            low = (self.articles[i].title + " " + self.articles[i].text).lower()
            n = sum(low.count(t) for t in terms)
            if n:
                scored.append((-n, i))
        return [i for _, i in sorted(scored)[:limit]]

    def vector_scores(self, model: str, query: np.ndarray) -> tuple[list[str], np.ndarray]:
        ids, mat = self.article_vectors(None, model)
        return ids, (mat @ query if ids else np.zeros(0, np.float32))

    def stories_of(self, ids: Sequence[str]) -> dict[str, str]:
        return {}


class ScriptedWriter:
    """Returns a briefing made of the first sentence of each of the first three articles,
    with an optional edit applied to one sentence (a writer that misquotes its source)."""

    name = "scripted"

    def __init__(self, alter: tuple[str, str] | None = None) -> None:
        self.alter = alter
        self.calls = 0

    def write(self, request: BriefRequest, evidence: Evidence) -> Briefing:
        self.calls += 1
        sentences = []
        for d in evidence.docs[:3]:
            s = d.sentences[0]
            sentences.append(BriefSentence(s.text, "extracted", [Citation(d.id, s.start, s.end)]))
        if self.alter:
            old, new = self.alter
            target = next(s for s in sentences if old in s.text)
            target.text = target.text.replace(old, new, 1)
        sources = [
            SourceRef(d.id, d.source, d.published, d.title, d.url) for d in evidence.docs[:3]
        ]
        return Briefing(request.topic, [Paragraph("lead", sentences)], sources, writer=self.name)


def test_the_stage_types_satisfy_their_interfaces(tmp_path) -> None:
    with SQLiteStore(tmp_path / "x.db") as s:
        assert isinstance(s, Store)
    assert isinstance(ScriptedWriter(), Writer)
    assert isinstance(plugins.get("writer", "extractive")(), Writer)


@pytest.fixture(scope="module")
def memory_engine(embedder):
    store = MemoryStore()
    engine = Engine(store, embedder, ScriptedWriter())  # type: ignore[arg-type]
    report = engine.ingest([str(DEMO_DIR)], stories=False)
    assert report.ingested > 50
    return engine


def test_a_second_store_and_a_scripted_writer_make_a_briefing(memory_engine) -> None:
    store: MemoryStore = memory_engine.store
    assert store.count() > 50 and store.writes > 0
    assert store.article_vector  # vectors went through the interface, keyed by model
    assert {m for m, _ in store.vectors.values()} == {memory_engine.embedder.name}
    b = memory_engine.brief(BriefRequest("fentanyl seizures at the border"))
    assert b.writer == "scripted"
    assert b.verification is not None
    assert b.verification.checked == b.verification.passed == len(b.sentences()) > 0
    md = render(b, "md")
    assert "([" in md and f"Verified: {b.verification.passed} of" in md


def test_the_same_demo_is_deduplicated_in_both_stores(memory_engine, tmp_path, embedder) -> None:
    with SQLiteStore(tmp_path / "same.db") as sql:
        report = Engine(sql, embedder).ingest([str(DEMO_DIR)], stories=False)
        assert sorted(memory_engine.store.articles) == sorted(
            r["id"] for r in sql.list_articles()
        )
        assert report.near_duplicates == sum(
            1 for a in memory_engine.store.articles.values() if a.original_id
        )


def test_a_misquoted_sentence_is_dropped_and_the_json_says_why(memory_engine) -> None:
    honest = memory_engine.brief(BriefRequest("fentanyl seizures at the border"))
    first = honest.sentences()[0].text
    word = next(w for w in first.split() if len(w) > 4 and w.isalpha())
    engine = Engine(memory_engine.store, memory_engine.embedder, ScriptedWriter((word, "banana")))
    b = engine.brief(BriefRequest("fentanyl seizures at the border"))
    assert b.verification is not None
    assert b.verification.checked == len(honest.sentences())
    assert b.verification.passed == b.verification.checked - 1
    assert all("banana" not in s.text for s in b.sentences())
    data = json.loads(render(b, "json"))
    dropped = data["verification"]["dropped"]
    assert len(dropped) == 1 and "banana" in dropped[0]["text"]
    assert dropped[0]["verdict"]["ok"] is False
    assert "is not the sentence text" in dropped[0]["verdict"]["reason"]
    kept = [s for p in data["paragraphs"] for s in p["sentences"]]
    assert kept and all(s["verdict"]["ok"] for s in kept)
    assert "failed and was left out" in render(b, "md")


def test_unknown_citations_and_bad_repairs_fail_verification() -> None:
    # (a repair must also be what the article gives: it names Ann Lee)
    texts = {"aaaa1111": "The river rose. Ann Lee spoke. She said the levee held."}
    ok = BriefSentence("The river rose.", "extracted", [Citation("aaaa1111", 0, 15)])
    ghost = BriefSentence("The river rose.", "extracted", [Citation("ffff0000", 0, 15)])
    from newsdesk.briefing import Repair

    bad_repair = BriefSentence(
        "Ann Lee said the levee held.", "repaired", [Citation("aaaa1111", 31, 55)],
        Repair("He", "Ann Lee"),
    )  # fmt: skip
    good_repair = BriefSentence(
        "Ann Lee said the levee held.", "repaired", [Citation("aaaa1111", 31, 55)],
        Repair("She", "Ann Lee"),
    )  # fmt: skip
    b = Briefing("t", [Paragraph("lead", [ok, ghost, bad_repair, good_repair])], [])
    v = verify(b, texts)
    assert v.verification is not None
    assert (v.verification.checked, v.verification.passed) == (4, 2)
    reasons = [d.sentence.verdict.reason for d in v.verification.dropped if d.sentence.verdict]
    assert any("not a known article" in (r or "") for r in reasons)
    assert any("[aaaa1111] 31:55" in (r or "") for r in reasons)


def test_story_grouping_uses_the_embedders_own_vectors(tmp_path) -> None:
    """An int8 embedder's articles are grouped with its vectors, not with zero vectors."""
    from newsdesk.embed.minilm import INT8_MODEL, get_embedder

    int8 = get_embedder(INT8_MODEL)
    assert int8.name == INT8_MODEL
    rows = [
        {"title": "Harbor bridge closed after crack found", "text": "Engineers closed the "
         "Granite Harbor Bridge on Monday after finding a crack in a girder.",
         "published": "2026-03-02", "source": "A"},
        {"title": "Crack shuts Granite Harbor Bridge", "text": "The Granite Harbor Bridge "
         "was shut on Monday when inspectors found a cracked girder.",
         "published": "2026-03-02", "source": "B"},
        {"title": "School budget adds teachers", "text": "The Riverside school board "
         "approved a budget that hires twelve new teachers next year.",
         "published": "2026-03-02", "source": "C"},
    ]  # fmt: skip
    src = write_jsonl(tmp_path / "a.jsonl", rows)
    with SQLiteStore(tmp_path / "int8.db") as store:
        engine = Engine(store, int8)
        engine.ingest([str(src)])
        feats = engine.grouper().load_features()
        assert all(float(np.linalg.norm(f.vector)) > 0.9 for f in feats)
        assert {f.vector.shape[0] for f in feats} == {int8.dim}
        ids = [r["id"] for r in store.list_articles()]
        stories = store.stories_of(ids)
        by_title = {r["title"]: stories[r["id"]] for r in store.list_articles()}
        bridge = {v for k, v in by_title.items() if "ridge" in k}
        assert len(bridge) == 1 and by_title["School budget adds teachers"] not in bridge
    # Opened later with the default model configured, the store is read with its own model:
    # with the default one, no article vector would match and nothing would be found.
    from newsdesk.cli.app import main

    err = io.StringIO()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["brief", "Granite Harbor Bridge crack", "--db", str(tmp_path / "int8.db")])
    assert code == 0, err.getvalue()
    assert f"embedded with {INT8_MODEL}, not the configured all-MiniLM-L6-v2" in err.getvalue()
    assert "Granite Harbor Bridge" in out.getvalue()


def test_missing_vectors_are_computed_or_refused(tmp_path, embedder) -> None:
    """Articles embedded by another model get vectors of the grouping model, never zeros."""
    src = write_jsonl(
        tmp_path / "b.jsonl",
        [{"title": "Dam opens", "text": "The Elm River dam opened its gates on Friday.",
          "published": "2026-04-03"}],
    )  # fmt: skip
    with SQLiteStore(tmp_path / "m.db") as store:
        Engine(store, embedder).ingest([str(src)], stories=False)
        other = story_service.StoryGrouper(store, "some-other-model")
        other.ensure_features()
        with pytest.raises(StoreError, match="no some-other-model vector"):
            other.load_features()
        engine = Engine(store, embedder)
        engine.refresh_stories()
        assert store.story_counts()["articles_in_stories"] == 1


def test_registry_names_and_errors() -> None:
    assert "extractive" in plugins.names("writer")
    assert "sqlite" in plugins.names("store")
    with pytest.raises(Exception, match="unknown writer 'nope'"):
        plugins.get("writer", "nope")
    plugins.register("writer", "scripted-test", ScriptedWriter)
    try:
        assert plugins.get("writer", "scripted-test") is ScriptedWriter
    finally:
        plugins.unregister("writer", "scripted-test")
    assert "scripted-test" not in plugins.names("writer")


def test_ner_loads_without_torch_and_torch_still_imports_after(tmp_path):
    # thinc imports torch when it can; NER must not pay for it, and a later import of torch
    # (the sentence-transformers fallback) must still work in the same process.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from newsdesk.stories.entities import extract_entities\n"
        "ents = extract_entities(['Angela Merkel visited Paris.'])[0]\n"
        "assert {e.key for e in ents} >= {'angela merkel', 'paris'}, ents\n"
        "assert 'torch' not in sys.modules\n"
        "import torch\n"
        "print(torch.zeros(1).shape)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "torch.Size([1])" in out.stdout


def test_warm_up_loads_models_and_vectors(tmp_path):
    from newsdesk.embed import get_embedder
    from newsdesk.engine import Engine
    from newsdesk.store import open_store
    from newsdesk.stories import entities

    store = open_store(str(tmp_path / "w.db"))
    with Engine(store, get_embedder()) as eng:
        eng.warm_up()  # an empty store: nothing to score, still no error
    assert entities._pipelines.get("ner") is not None
    assert entities._pipelines.get("parser") is not None


def test_a_briefing_does_not_import_what_only_ingest_or_evaluation_needs(tmp_path, embedder):
    """A cold 'newsdesk brief' skips scikit-learn (~1.3 s; the writer's strands use SciPy's
    Ward tree) and datasketch (~1 s with the SciPy integrators it imports; MinHash is ingest's)."""
    import subprocess
    import sys

    db = tmp_path / "demo.db"
    with SQLiteStore(db) as store:
        Engine(store, embedder).ingest([str(DEMO_DIR)])
    code = (
        "import sys\n"
        "from newsdesk.cli.app import main\n"
        f"code = main(['brief', 'fentanyl task force', '--db', {str(db)!r}])\n"
        "assert code == 0, code\n"
        "print('loaded:', sorted(m for m in ('sklearn', 'datasketch') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "fentanyl" in out.stdout.lower()
    assert "loaded: []" in out.stdout


def test_indexed_sentences_spare_a_briefing_its_embedding(tmp_path, embedder, capsys) -> None:
    """'newsdesk index' embeds the texts the writer will ask for: a briefing on a store that
    was indexed embeds only its query; the index resumes after what it did."""
    from newsdesk.cli.app import main

    class Counting:
        name, dim = embedder.name, embedder.dim

        def __init__(self) -> None:
            self.texts: list[str] = []

        def encode(self, texts: list[str]) -> np.ndarray:
            self.texts += texts
            return embedder.encode(texts)

    db = tmp_path / "idx.db"
    with SQLiteStore(db) as store:
        Engine(store, embedder).ingest([str(DEMO_DIR)])
    assert main(["index", "--db", str(db)]) == 0
    first = capsys.readouterr().out
    assert re.fullmatch(r"indexed 89 articles: \d+ sentence vectors embedded\n", first), first
    assert int(first.split(": ")[1].split()[0]) > 89 * 5
    assert main(["index", "--db", str(db)]) == 0
    assert capsys.readouterr().out == "indexed 0 articles: 0 sentence vectors embedded\n"

    counting = Counting()
    with SQLiteStore(db) as store:
        eng = Engine(store, counting)
        eng.brief(BriefRequest("measles outbreak in Ashgrove County"))
        from newsdesk.retrieve import evidence_docs

        docs = evidence_docs(store, sorted(store.ids_in_window(None, None)))
        wanted = set(eng.writer.sentence_texts(docs))  # type: ignore[attr-defined]
    # retrieval embeds the question; the writer embeds none of its texts (they were indexed);
    # what the verify stage embeds after them (its clauses and spans) is no writer text
    texts = counting.texts
    assert texts[:2] == ["measles outbreak in Ashgrove County"] * 2
    assert not set(texts[2:]) & wanted
    assert len(wanted) > 89 * 5

    src = write_jsonl(tmp_path / "one.jsonl", [{
        "title": "Ashgrove County closes its measles clinic", "published": "2026-03-02",
        "text": "Ashgrove County closed its measles vaccination clinic on Monday. Officials "
                "said no new cases had been reported for three weeks."}])  # fmt: skip
    with SQLiteStore(db) as store:
        engine = Engine(store, embedder)
        engine.ingest([str(src)])
        assert engine.index_sentences() == (1, 3)  # two sentences and the title


def test_the_verify_stage_reads_cited_sentences_from_the_store(
    tmp_path, embedder, monkeypatch
) -> None:
    """The engine's checker takes a cited article's sentences from the store (split at ingest)
    instead of splitting its text again (fails before: the verify stage split every cited
    text); a text the store does not hold is split as before."""
    from newsdesk.verify import SourceDoc, support

    text = (
        "Mexico said on Friday it would answer a 25 percent tariff on its steel with talks "
        "rather than retaliation. The Treasury estimated the tariff would raise 1.2 billion "
        "dollars a month. Talks are set for January 5 in Washington, officials said."
    )
    src = write_jsonl(
        tmp_path / "a.jsonl",
        [{"title": "Mexico answers tariff", "text": text, "published": "2026-01-09",
          "source": "Wire", "url": "https://example.org/a"}],
    )  # fmt: skip
    split: list[str] = []
    real = support.split_sentences

    def counting(t: str) -> list:
        split.append(t)
        return real(t)

    with SQLiteStore(tmp_path / "s.db") as store:
        eng = Engine(store, embedder)
        eng.ingest([str(src)], stories=False)
        (a,) = store.get_articles([r["id"] for r in store.list_articles()])
        stored = [(s.start, s.end) for s in a.sentences]
        assert len(stored) == 3
        monkeypatch.setattr(support, "split_sentences", counting)
        support._windows.cache_clear()
        claim = "Mexico said it would answer a 25 percent tariff on its steel with talks."
        draft = Briefing(
            "tariffs",
            [Paragraph("lead", [BriefSentence(claim, "generated", [Citation(a.id, 0, 1)])])],
            [SourceRef(a.id, a.source, a.published, a.title, a.url)],
        )
        doc = SourceDoc(a.id, a.text)
        out = verify(draft, {a.id: a.text}, checker=eng.checker(), sources={a.id: doc})
        assert out.verification is not None and out.verification.passed == 1
        assert split == []
        assert doc.spans() == [*stored, (stored[0][0], stored[1][1]), (stored[1][0], stored[2][1])]
        # not the stored text: split here; nor an article the store lacks
        other = SourceDoc(
            a.id, text + " Officials said talks would resume.", stored=eng.stored_sentences
        )
        gone = SourceDoc("ffffffff", text, stored=eng.stored_sentences)
        assert len(other.spans()) == 7 and len(gone.spans()) == 5
        assert split == [other.text, text]


def test_ner_after_the_parser_runs_on_the_parsers_model(monkeypatch) -> None:
    """Once the parser's pipeline is loaded (a briefing's close), NER runs on it with the other
    components off instead of loading the model again (fails before: a second load), and
    finds the same entities as the NER-only pipeline."""
    from newsdesk.stories import entities

    monkeypatch.setattr(entities, "_pipelines", {})
    parser = entities.get_parser()
    nlp = entities.get_nlp()
    assert getattr(nlp, "nlp", None) is parser and nlp.pipe_names == ["ner"]
    alone = entities._import_spacy().load(entities.MODEL, exclude=list(entities._NOT_NER))
    texts = [
        "President Claudia Sheinbaum said on Friday that Mexico would answer the tariff. "
        "The U.S. Treasury estimated it would raise $1.2 billion a month in Washington.",
        "Arsenal paid Real Madrid a fee for the Brazilian midfielder, the BBC reported.",
    ]

    def ents(docs) -> list[list[tuple[str, str]]]:
        return [[(e.text, e.label_) for e in d.ents] for d in docs]

    assert ents(nlp.pipe(texts, batch_size=2)) == ents(alone.pipe(texts)) != [[], []]
    assert ents([nlp(texts[0])]) == ents([alone(texts[0])])
    assert nlp.tokenizer is parser.tokenizer
