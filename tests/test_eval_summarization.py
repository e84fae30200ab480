"""``eval summarization`` on tiny DUC-layout fixtures (invented text), plus a real-data slice."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.errors import NotFoundError
from newsdesk.evaluate.duc import load_generic_set, load_topic_set, parse_sgml_article
from newsdesk.evaluate.summarization import format_summarization_table, run_summarization_eval
from newsdesk.evaluate.summarization_rouge import RougeRecall, cut_words
from newsdesk.ingest.boilerplate import is_boilerplate

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
    assert "newsdesk" in table and "verbatim at their cited span: 100.0%" in table
    assert "held-out" in table


def test_duc2004_layout_table(duc2004_dir: Path, embed) -> None:
    result = run_summarization_eval("duc2004", duc2004_dir, embed=embed)
    names = {r["system"] for r in result["rows"]}
    assert {
        "newsdesk",
        "sumy LexRank",
        "sumy TextRank",
        "TF-IDF centroid",
        "lead (first article)",
    } <= names
    assert result["words"] == 100
    assert result["newsdesk"]["verbatim_share"] == 1.0


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
    assert result["newsdesk"]["verbatim_share"] == 1.0
    peer1 = next(r for r in result["rows"] if r["system"] == "peer 1")
    assert peer1["kind"] == "nist-baseline"
