"""The DUC 2006 stories of the disagreement evaluation, read from a small DUC-shaped folder
written here (no shared data needed)."""

from __future__ import annotations

from pathlib import Path

from newsdesk.evaluate.disagree_data import story_clusters

_ARTICLE = """<DOC>
<DOCNO> {docno} </DOCNO>
<DATE_TIME> {date} </DATE_TIME>
<BODY>
<HEADLINE> Submarine rescue </HEADLINE>
<TEXT>
<P>
{text}
</P>
</TEXT>
</BODY>
</DOC>
"""


def _duc(root: Path) -> Path:
    base = root / "duc2006"
    (base / "NISTeval" / "ROUGE" / "models").mkdir(parents=True)
    (base / "duc2006_topics.sgml").write_text(
        "<topic><num> D0640D </num><title> Kursk </title><narr> The sinking. </narr></topic>\n"
        "<topic><num> D0641E </num><title> Alone </title><narr> One article. </narr></topic>\n",
        "utf-8",
    )
    docs = base / "duc2006_docs"
    (docs / "D0640D").mkdir(parents=True)
    (docs / "D0641E").mkdir(parents=True)
    for folder, docno, date, text in [
        ("D0640D", "APW20000814.0117", "2000-08-14 09:00", "A Norwegian report said the "
         "Kursk was some 450 feet down. Rescuers could not reach it."),
        ("D0640D", "NYT20000815.0170", "2000-08-15 10:00", "The sailors are trapped 354 feet "
         "below the surface of the Barents Sea."),
        ("D0641E", "XIE20000101.0001", "2000-01-01 10:00", "Only one article here."),
    ]:  # fmt: skip
        (docs / folder / docno).write_text(
            _ARTICLE.format(docno=docno, date=date, text=text), "utf-8"
        )
    return root


def test_duc_topics_are_stories_with_wire_dates_and_docnos(tmp_path):
    groups = story_clusters("duc2006", _duc(tmp_path))
    assert len(groups) == 1  # a topic with one article has nothing to compare
    (g,) = groups
    assert [d.id for d in g] == ["APW20000814.0117", "NYT20000815.0170"]
    assert [d.source for d in g] == ["APW", "NYT"]
    assert [d.published for d in g] == ["2000-08-14", "2000-08-15"]
    assert {d.story_id for d in g} == {"D0640D"}
    a = g[0]
    # offsets index the text as loaded: a sentence's span is its text
    assert [a.text[s.start : s.end] for s in a.sentences] == [s.text for s in a.sentences]
    assert a.sentences[0].text.startswith("A Norwegian report")
    # one wire's articles are compared too when no outlet is given (duc2006_wire)
    (w,) = story_clusters("duc2006_wire", tmp_path)
    assert [d.id for d in w] == [d.id for d in g] and {d.source for d in w} == {None}
    assert [d.text for d in w] == [d.text for d in g]


def test_duc2004_clusters_are_undated_stories_named_by_file(tmp_path):
    cluster = tmp_path / "duc2004" / "TEST_docs_Parsed" / "d30002t"
    cluster.mkdir(parents=True)
    (cluster / "C1").write_text("Hurricane Mitch killed 9,000 people. Aid was slow.", "utf-8")
    (cluster / "C2").write_text("Mitch had killed 6,076 people in Honduras.", "utf-8")
    (cluster / "C3").write_text("", "utf-8")  # DUC 2004 has empty files: left out
    (g,) = story_clusters("duc2004", tmp_path)
    assert [d.id for d in g] == ["d30002t/C1", "d30002t/C2"]
    assert {d.published for d in g} == {None} and {d.source for d in g} == {None}
    assert g[0].sentences[1].text == "Aid was slow."


def test_bbc_stories_are_linked_follow_ups_with_no_outlet_or_date(tmp_path):
    folder = tmp_path / "bbc" / "business"
    folder.mkdir(parents=True)
    texts = {
        "001": "Brewer bid\n\nThe Dutch brewer Hopsma made a takeover offer for Maltings.",
        "002": "Maltings rejects bid\n\nMaltings rejected the takeover offer made by Hopsma.",
        "003": "Oil falls\n\nCrude oil prices fell below $40 a barrel in New York trading.",
        "004": "Copy\n\nCrude oil prices fell below $40 a barrel in New York trading.",
    }
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, "utf-8")
    (g,) = story_clusters("bbc", tmp_path)  # 003 and 004 are one article twice
    assert [d.id for d in g] == ["business/001", "business/002"]
    assert {d.published for d in g} == {None} and {d.source for d in g} == {None}
    assert g[1].title == "Maltings rejects bid" and g[0].story_id == "bbc:business/001"
    assert g[1].sentences[0].text.startswith("Maltings rejected")


def _story(sid: int, topic: str, day: str, outlet: str, text: str) -> str:
    import json

    item = {"newsSource": outlet, "newsTitle": f"Story {sid}", "newsLink": f"https://x.org/{sid}",
            "newBody": [text]}  # fmt: skip
    return json.dumps({"id": sid, "issue": "i", "topic": topic, "date": day,
                       "news": {"left": item, "right": {**item, "newsSource": "Other",
                                "newsLink": f"https://y.org/{sid}"}}})  # fmt: skip


def test_two_allsides_stories_of_one_topic_days_apart_are_one_joined_story(tmp_path):
    (tmp_path / "allsides").mkdir()
    (tmp_path / "allsides" / "stories_2021.jsonl").write_text(
        "\n".join(
            [
                _story(1, "Economy", "2021-05-06T10:00:00", "A", "Claims fell to 498,000."),
                _story(2, "Economy", "2021-05-08T10:00:00", "B", "Claims fell to 473,000."),
                _story(3, "Economy", "2021-06-20T10:00:00", "C", "Claims rose to 412,000."),
                _story(4, "Sports", "2021-05-07T10:00:00", "D", "The final was played."),
            ]
        ),
        "utf-8",
    )
    groups = story_clusters("allsides_pair", tmp_path)
    assert [g[0].story_id for g in groups] == ["1+2"]  # one topic, at most 3 days apart
    assert len(groups[0]) == 4


def test_white_house_documents_linked_into_stories(tmp_path):
    import json

    (tmp_path / "whitehouse").mkdir()
    texts = [
        "The permit authorizes the bridge at Laredo over the river for border trade.",
        "The permit authorizes the bridge at Laredo over the river for border commerce.",
        "Tariffs on steel imports take effect on Friday under a new proclamation.",
    ]
    rows = [{"date": f"2024-05-3{i}", "title": f"T{i}", "text": t} for i, t in enumerate(texts)]
    (tmp_path / "whitehouse" / "mexico_2021_2026.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows), "utf-8"
    )
    groups = story_clusters("whitehouse", tmp_path)
    assert [[d.id for d in g] for g in groups] == [["wh000", "wh001"]]
    assert [d.published for d in groups[0]] == ["2024-05-30", "2024-05-31"]
    assert all(d.source is None for d in groups[0])  # one publisher: every pair compared
