"""``newsdesk verify FILE|-``: briefings written anywhere, checked against the store."""

from __future__ import annotations

import io
import json
import re

import pytest

from newsdesk.cli.app import main

TOPIC = "fentanyl, tariffs and cartels"


@pytest.fixture(scope="module")
def briefing(llm_demo_db, tmp_path_factory):
    """newsdesk's own briefing on the demo corpus, as Markdown (both citation styles) and JSON."""
    folder = tmp_path_factory.mktemp("verify")
    out = {}
    for name, extra in (
        ("md", []),
        ("para.md", ["--cite", "paragraph"]),
        ("json", ["--format", "json"]),
    ):
        path = folder / f"brief.{name}"
        argv = ["brief", TOPIC, "--db", llm_demo_db, "--out", str(path), *extra]
        assert main(argv) == 0
        out[name] = path
    return out


def verify(capsys, db: str, path: str, *extra: str) -> tuple[int, str, str]:
    rc = main(["verify", path, "--db", db, *extra])
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


@pytest.mark.parametrize("name", ["md", "para.md", "json"])
def test_newsdesks_own_briefing_verifies(llm_demo_db, briefing, capsys, name):
    rc, out, err = verify(capsys, llm_demo_db, str(briefing[name]), "--json")
    result = json.loads(out)
    assert rc == 0, [r for r in result["sentences"] if not r["supported"]]
    assert result["unsupported"] == 0 and result["checked"] >= 3


def _hand_written(data: dict) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The JSON briefing as a person would paste it: prose with ([id]) after each sentence."""
    paragraphs = []
    flat = []
    for p in data["paragraphs"]:
        sents = []
        for s in p["sentences"]:
            ids = list(dict.fromkeys(c["id"] for c in s["citations"]))
            text = s["text"].replace("\n", " ")
            if s["kind"] == "templated":
                continue
            flat.append((text, ids))
            sents.append(len(flat) - 1)
        if sents:
            paragraphs.append(sents)
    return paragraphs, flat


def _render(paragraphs, flat) -> str:
    return "\n\n".join(
        " ".join(f"{flat[i][0]} ({', '.join(f'[{x}]' for x in flat[i][1])})" for i in p)
        for p in paragraphs
    )


def test_hand_edited_briefing_flags_exactly_the_edited_sentences(
    llm_demo_db, briefing, capsys, tmp_path
):
    data = json.loads(briefing["json"].read_text(encoding="utf-8"))
    paragraphs, flat = _hand_written(data)
    sources = [s["id"] for s in data["sources"]]
    # 1. a number changed
    n_num = next(i for i, (t, _) in enumerate(flat) if re.search(r"\b\d[\d,.]*\b", t))
    t, ids = flat[n_num]
    flat[n_num] = (re.sub(r"\b\d[\d,.]*\b", "987", t, count=1), ids)
    # 2. the citation moved to another cited article that does not carry the sentence
    # (any other cited sentence: with one citation or several, it now cites only an article
    # that does not carry it)
    n_cite = next(i for i in range(len(flat)) if i != n_num and flat[i][1])
    t, ids = flat[n_cite]
    texts = {}
    for sid in sources:
        assert main(["show", sid, "--db", llm_demo_db, "--json"]) == 0
        texts[sid] = json.loads(capsys.readouterr().out)["text"]
    wrong = next(s for s in sources if s not in ids and t[:40] not in texts[s])
    flat[n_cite] = (t, [wrong])
    path = tmp_path / "edited.md"
    path.write_text(_render(paragraphs, flat), encoding="utf-8")
    rc, out, err = verify(capsys, llm_demo_db, str(path), "--json")
    result = json.loads(out)
    bad = [k for k, r in enumerate(result["sentences"]) if not r["supported"]]
    assert rc == 1 and bad == sorted([n_num, n_cite]), result["sentences"]
    assert any("987" in r for r in result["sentences"][n_num]["reasons"])
    # the table: one BAD line per edited sentence, with the reasons under it
    rc, out, err = verify(capsys, llm_demo_db, str(path))
    assert rc == 1 and out.count("BAD ") == 2 and "2 unsupported" in out


def test_edited_json_sentence_is_flagged(llm_demo_db, briefing, capsys, tmp_path):
    data = json.loads(briefing["json"].read_text(encoding="utf-8"))
    # the first sentence drawn from an article (the lead may open with the templated time window)
    every = [s for p in data["paragraphs"] for s in p["sentences"]]
    k = next(i for i, s in enumerate(every) if s["kind"] in ("extracted", "repaired"))
    s = every[k]
    s["text"] = "Justin Trudeau announced " + s["text"][0].lower() + s["text"][1:]
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    rc, out, _ = verify(capsys, llm_demo_db, str(path), "--json")
    rows = json.loads(out)["sentences"]
    assert rc == 1 and [r["supported"] for r in rows].count(False) == 1
    assert not rows[k]["supported"]


def test_stdin_and_unknown_ids(llm_demo_db, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Something happened ([0badc0de]).\n"))
    rc, out, err = verify(capsys, llm_demo_db, "-", "--json")
    [row] = json.loads(out)["sentences"]
    assert rc == 1 and "not a known article" in row["reasons"][0]


@pytest.mark.parametrize(
    "content, needle",
    [
        (None, "no such file"),
        ('{"paragraphs": [', "invalid JSON"),
        ('{"paragraphs": [{"sentences": [{"kind": "generated"}]}]}', "field 'text'"),
        ("# Only a heading\n", "no sentences found"),
        (b"\xff\xfe bad", "not UTF-8"),
    ],
)
def test_bad_input_is_one_line(llm_demo_db, capsys, tmp_path, content, needle):
    path = tmp_path / "in.md"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    rc, out, err = verify(capsys, llm_demo_db, str(path))
    assert rc == 2 and err.count("\n") == 1 and needle in err and "Traceback" not in err
