"""``eval summarization`` on tiny DUC-layout fixtures (invented text), plus a real-data slice."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.boilerplate import is_boilerplate
from newsdesk.errors import NotFoundError
from newsdesk.evaluate.duc import load_generic_set, load_topic_set, parse_sgml_article
from newsdesk.evaluate.summarization import format_summarization_table, run_summarization_eval
from newsdesk.evaluate.summarization_rouge import RougeRecall, cut_words

TOPIC_A = [
    "Orchard growers in the Tarn valley reported the worst frost damage in twenty years after "
    "temperatures fell to minus six degrees on two April nights.",
    "Apple and pear blossoms were hit hardest, and growers expect to lose about half of this "
    "year's harvest across the valley.",
    "The regional farm office said frost insurance covers fewer than a third of the orchards "
    "in the valley because premiums rose sharply.",
    "Some growers lit candles and ran wind machines between the rows to keep the cold air "
    "moving during the frost nights.",
    "Agronomists said warmer winters make trees blossom earlier, which leaves the flowers "
    "exposed to late spring frosts for longer.",
    "The regional council approved an emergency fund of four million euros for growers who "
    "lost most of their crop to the frost.",
]
TOPIC_B = [
    "The city of Lenwick opened its first protected bicycle lanes along the harbour road on "
    "Saturday after two years of planning and public hearings.",
    "Cycling groups welcomed the lanes but said the network still leaves the northern "
    "districts without a safe route into the centre.",
    "Shop owners on the harbour road complained that the loss of parking spaces had cut the "
    "number of customers during the first week.",
    "The transport department counted nearly three thousand cyclists a day on the new lanes, "
    "twice as many as on the old painted strips.",
    "City officials promised to add lanes on four more streets by next summer if the budget "
    "for road repairs allows it.",
    "A survey by the local university found that most residents would cycle more often if "
    "the routes were separated from car traffic.",
]


def _indented(paragraphs: list[str]) -> str:
    return "\n".join("   " + p for p in paragraphs)


def _sgml(
    docno: str, date: str, headline: str, paragraphs: list[str], *, trap: bool = False
) -> str:
    body = "\n".join(f"<P>\n{p}\n</P>" for p in paragraphs)
    if trap:  # the NYT trap: the story sits before <TEXT>, which holds a syndication line
        return (
            f"<DOC>\n<DOCNO> {docno} </DOCNO>\n<DATE_TIME> {date} </DATE_TIME>\n<BODY>\n"
            f"<HEADLINE> {headline} </HEADLINE>\n{_indented(paragraphs)}\n<TEXT>\n"
            " &UR; (Distributed by Example Features) &QL;\n</TEXT>\n</BODY>\n</DOC>\n"
        )
    return (
        f"<DOC>\n<DOCNO> {docno} </DOCNO>\n<DATE_TIME> {date} </DATE_TIME>\n<BODY>\n"
        f"<HEADLINE> {headline} </HEADLINE>\n<TEXT>\n{body}\n</TEXT>\n</BODY>\n</DOC>\n"
    )


def _references(sents: list[str]) -> dict[str, str]:
    return {
        "A": " ".join(sents[0:3]),
        "B": " ".join(sents[1:4]),
        "C": " ".join(sents[2:5]),
        "D": " ".join(sents[3:6]),
    }


@pytest.fixture(scope="module")
def duc2006_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data") / "duc2006"
    (root / "duc2006_docs").mkdir(parents=True)
    models = root / "NISTeval" / "ROUGE" / "models"
    peers = root / "NISTeval" / "ROUGE" / "peers"
    models.mkdir(parents=True)
    peers.mkdir(parents=True)
    (root / "duc2006_topics.sgml").write_text(
        "<topic>\n<num> D0601A </num>\n<title> spring frost in orchards </title>\n"
        "<narr>\nDescribe the frost damage to orchards and the help offered to growers.\n</narr>\n"
        "</topic>\n<topic>\n<num> D0602B </num>\n<title> new bicycle lanes </title>\n<narr>\n"
        "What did residents, shops and cyclists say about the new bicycle lanes?\n</narr>\n"
        "</topic>\n"
    )
    for num, key, sents in (("D0601A", "D0601", TOPIC_A), ("D0602B", "D0602", TOPIC_B)):
        folder = root / "duc2006_docs" / num
        folder.mkdir()
        (folder / "APW20000101.0001").write_text(
            _sgml("APW20000101.0001", "2000-01-01 10:00", "first", sents[0:3])
        )
        (folder / "XIE20000102.0002").write_text(
            _sgml("XIE20000102.0002", "2000-01-02 11:00", "second", sents[2:5])
        )
        (folder / "NYT20000103.0003").write_text(
            _sgml("NYT20000103.0003", "2000-01-03 12:00", "third", sents[3:6], trap=True)
        )
        refs = _references(sents)
        for letter, text in refs.items():
            (models / f"{key}.M.250.{num[-1]}.{letter}").write_text(text)
            (peers / f"{key}.M.250.{num[-1]}.{letter}").write_text(text)
        (peers / f"{key}.M.250.{num[-1]}.1").write_text(sents[0])
        (peers / f"{key}.M.250.{num[-1]}.2").write_text(" ".join(sents[1:5]))
    # One reference in Latin-1, as in the real set.
    latin = refs["A"] + " Caf\u00e9 owners agreed."
    (models / "D0602.M.250.B.A").write_bytes(latin.encode("latin-1"))
    return root.parent


@pytest.fixture(scope="module")
def duc2004_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data") / "duc2004"
    for cid, key, sents in (("d30001t", "D30001", TOPIC_A), ("d30002t", "D30002", TOPIC_B)):
        docs = root / "TEST_docs_Parsed" / cid
        docs.mkdir(parents=True)
        (docs / "C1").write_text("   " + " ".join(sents[0:3]) + " ")
        (docs / "C2").write_text(" ".join(sents[3:6]))
        (docs / "C3").write_text("")  # empty, as 12 real ones are
        sums = root / "Test_Summaries" / cid
        sums.mkdir(parents=True)
        for letter, text in _references(sents).items():
            (sums / f"{key}.M.100.T.{letter}").write_text(text)
    return root.parent


@pytest.fixture(scope="module")
def embed():
    from newsdesk.embed.minilm import get_embedder

    return get_embedder().encode


def test_loaders_handle_the_traps(duc2006_dir: Path, duc2004_dir: Path) -> None:
    topics = load_topic_set(duc2006_dir / "duc2006")
    assert [t.id for t in topics] == ["D0601A", "D0602B"]
    nyt = next(d for d in topics[0].docs if d.docno.startswith("NYT"))
    lines = nyt.text.split("\n")
    assert lines[0].startswith("Some growers lit candles") and len(lines) == 4
    assert is_boilerplate(lines[-1])  # the syndication line: the writer drops it
    assert "Café owners agreed." in topics[1].models["A"]
    assert set(topics[0].peers) == {"1", "2", "A", "B", "C", "D"}
    generic = load_generic_set(duc2004_dir / "duc2004")
    assert [len(t.docs) for t in generic] == [3, 3]
    assert generic[0].docs[2].text == ""


def test_sgml_entities_and_typography() -> None:
    doc = parse_sgml_article(
        "<DOC><DOCNO> APW1 </DOCNO><BODY><TEXT><P> PARIS (AP) _ Growers met A&AMP;M staff. "
        "&QL; </P></TEXT></BODY></DOC>",
        "x",
    )
    assert doc.text == "PARIS (AP) — Growers met A&M staff."


def test_duc2006_layout_table(duc2006_dir: Path, embed) -> None:
    result = run_summarization_eval("duc2006", duc2006_dir, embed=embed)
    names = {r["system"] for r in result["rows"]}
    assert {
        "newsdesk",
        "sumy LexRank",
        "sumy TextRank",
        "TF-IDF query similarity",
        "peer 1",
        "peer 2",
        "human A",
        "humans (average)",
    } <= names
    assert result["topics"] == 2
    assert result["halves"] == {"tune": 1, "held-out": 1}
    nd = result["newsdesk"]
    assert nd["verbatim_share"] == 1.0 and nd["extracted_sentences"] > 0
    assert nd["tune"]["topics"] == 1 and nd["held-out"]["topics"] == 1
    row = next(r for r in result["rows"] if r["system"] == "newsdesk")
    assert 0.0 < row["rouge2"] <= 1.0
    human = next(r for r in result["rows"] if r["system"] == "human A")
    assert human["kind"] == "human" and human["topics"] == 2
    table = format_summarization_table(result)
    assert "newsdesk" in table and "verified at their cited span: 100.0%" in table
    assert "problems found: none" in table
    # The held-out half leads: ranked by it, its columns first, then the tune half, the whole.
    ranked = next(ln for ln in table.splitlines() if ln.startswith("ranked by"))
    assert ranked == "ranked by ROUGE-2 on the held-out half"
    header = next(ln for ln in table.splitlines() if "tune half" in ln and "|" in ln)
    assert header.index("held-out half") < header.index("tune half") < header.index("whole set")
    assert "tuned on the odd-numbered DUC 2006 topics only" in table


def test_duc2004_layout_table(duc2004_dir: Path, embed) -> None:
    steps: list[tuple[str, int | None, int | None]] = []
    result = run_summarization_eval(
        "duc2004", duc2004_dir, embed=embed, on_progress=lambda *step: steps.append(step)
    )
    assert steps[-1][1:] == (len(steps) - 1, len(steps) - 1)  # one step per topic, then done
    names = {r["system"] for r in result["rows"]}
    assert {
        "newsdesk",
        "sumy LexRank",
        "sumy TextRank",
        "TF-IDF centroid",
        "lead (first article)",
    } <= names
    assert result["words"] == 100
    assert result["newsdesk"]["verified_share"] == 1.0
    assert set(result["halves"]) == {"odd", "even"}  # no "tune" half: never tuned on
    table = format_summarization_table(result)
    assert "DUC 2004 was never tuned on" in table and "tune" not in table.replace("tuned", "")
    assert "ranked by ROUGE-2 on the whole (held out)" in table


def test_missing_dataset_is_a_one_line_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="dataset folder not found") as err:
        run_summarization_eval("duc2006", tmp_path)
    assert "\n" not in str(err.value)


def test_fast_rouge_equals_rouge_score() -> None:
    from rouge_score import rouge_scorer

    lib = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    ours = RougeRecall()
    pairs = [
        (" ".join(TOPIC_A), " ".join(TOPIC_A[::-1])),
        (TOPIC_B[0], " ".join(TOPIC_B)),
        (" ".join(TOPIC_A[:3]), " ".join(TOPIC_B[:3])),
    ]
    for ref, cand in pairs:
        want = lib.score(ref, cand)
        got = ours.pair(ref, cand)
        assert got == pytest.approx(
            (want["rouge1"].recall, want["rouge2"].recall, want["rougeL"].recall), abs=1e-12
        )
    assert cut_words("a  b\nc d", 3) == "a b c"


def _real_data() -> Path:
    from newsdesk.cli.evaluate import default_data_dir

    return default_data_dir()


@pytest.mark.skipif(
    not (_real_data() / "duc2006").is_dir(),
    reason="DUC 2006 data not present (../shared/data/duc2006)",
)
def test_real_duc2006_slice(embed) -> None:
    result = run_summarization_eval("duc2006", _real_data(), limit=2, embed=embed)
    assert result["topics"] == 2
    names = {r["system"] for r in result["rows"]}
    assert "peer 24" in names and "peer 1" in names and "newsdesk" in names
    assert result["newsdesk"]["verified_share"] == 1.0
    peer1 = next(r for r in result["rows"] if r["system"] == "peer 1")
    assert peer1["kind"] == "nist-baseline"


# -- halves, verification, cache keys ---------------------------------------------------------


def test_a_subset_keeps_each_topics_half(duc2006_dir: Path, embed) -> None:
    # Halves go by the topic's number, not its position: D0602B alone is still held out.
    result = run_summarization_eval(
        "duc2006", duc2006_dir, topics=["D0602"], embed=embed, baselines=False, peers=False
    )
    assert result["topic_ids"] == ["D0602B"]
    assert result["halves"] == {"held-out": 1, "tune": 0}
    row = next(r for r in result["rows"] if r["system"] == "newsdesk")
    assert row["held-out"]["topics"] == 1 and row["tune"]["topics"] == 0
    assert row["held-out"]["rouge2"] == row["rouge2"]


def _tampered_compose(real):
    """``compose`` whose briefing carries one of each problem the verify stage finds."""
    from dataclasses import replace as dc_replace

    from newsdesk.briefing import Citation, Repair

    def compose(prep, **kwargs):
        brief = real(prep, **kwargs)
        extracted = [s for s in brief.sentences() if s.kind == "extracted"]
        assert len(extracted) >= 3
        unknown, shifted, repaired = extracted[:3]
        unknown.citations[0] = dc_replace(unknown.citations[0], id="nosuchid")
        c = shifted.citations[0]
        shifted.citations[0] = Citation(c.id, c.start + 1, c.end)
        repaired.kind = "repaired"
        repaired.repair = Repair(original="She", replacement=repaired.text.split()[0])
        return brief

    return compose


def test_every_verify_problem_counts(duc2006_dir: Path, embed, monkeypatch) -> None:
    from newsdesk.evaluate import summarization

    clean = run_summarization_eval(
        "duc2006", duc2006_dir, topics=["D0601"], embed=embed, baselines=False, peers=False
    )
    monkeypatch.setattr(summarization, "compose", _tampered_compose(summarization.compose))
    result = run_summarization_eval(
        "duc2006", duc2006_dir, topics=["D0601"], embed=embed, baselines=False, peers=False
    )
    nd = result["newsdesk"]
    total = nd["extracted_sentences"]
    assert total == clean["newsdesk"]["extracted_sentences"]
    assert nd["verified_share"] == pytest.approx((total - 3) / total)
    checks = {p["check"] for p in nd["verification"]["problems"] if p["variant"] == "newsdesk"}
    assert checks == {"citations exist", "verbatim span", "repair"}
    assert nd["verification"]["by_kind"] == {"extracted": total - 1, "repaired": 1}
    # What is scored is what would be published: the three failing sentences are left out.
    ours = next(r for r in result["rows"] if r["system"] == "newsdesk")
    before = next(r for r in clean["rows"] if r["system"] == "newsdesk")
    assert ours["rouge1"] < before["rouge1"]
    table = format_summarization_table(result)
    assert f"verified at their cited span: {(total - 3) / total:.1%}" in table
    assert "is not a known article" in table


class _CountingEmbedder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.dim = 4
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]):
        import numpy as np

        self.calls.append(list(texts))
        out = np.array([[len(t), t.count("a"), 1.0, float(ord(self.name[-1]))] for t in texts])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype("float32")


def test_sentence_cache_is_keyed_by_model_recipe_and_version(tmp_path: Path, monkeypatch) -> None:
    from newsdesk.evaluate import summarization_cache as sc

    texts = ["a first sentence", "another one"]
    a = _CountingEmbedder("model-a")
    first = sc.CachedEmbed(tmp_path, a)
    va = first(texts)
    first.save()
    again = sc.CachedEmbed(tmp_path, _CountingEmbedder("model-a"))
    assert (again(texts) == va).all() and again.misses == 0 and again.hits == 2
    b = _CountingEmbedder("model-b")
    other_model = sc.CachedEmbed(tmp_path, b)
    other_model(texts)
    assert other_model.misses == 2 and b.calls == [sorted(texts)]
    other_recipe = sc.CachedEmbed(tmp_path, _CountingEmbedder("model-a"), recipe="lower-cased")
    other_recipe(texts)
    assert other_recipe.misses == 2
    key = first.key(texts[0])
    assert len({key, other_model.key(texts[0]), other_recipe.key(texts[0])}) == 3
    monkeypatch.setattr(sc, "SENTENCE_VECTORS_VERSION", sc.SENTENCE_VECTORS_VERSION + 1)
    bumped = sc.CachedEmbed(tmp_path, _CountingEmbedder("model-a"))
    bumped(texts)
    assert bumped.misses == 2 and bumped.key(texts[0]) != key
    with pytest.raises(ValueError, match="model"):
        sc.CachedEmbed(tmp_path, a, model="model-b")


def test_sentence_cache_keeps_keys_ending_in_zero_bytes(tmp_path: Path, monkeypatch) -> None:
    from newsdesk.evaluate import summarization_cache as sc

    monkeypatch.setattr(sc, "entry_key", lambda *parts: b"\x07" * 14 + b"\x00\x00")
    first = sc.CachedEmbed(tmp_path, _CountingEmbedder("model-a"))
    first(["text"])
    first.save()
    again = sc.CachedEmbed(tmp_path, _CountingEmbedder("model-a"))
    again(["text"])
    assert again.hits == 1 and again.misses == 0
