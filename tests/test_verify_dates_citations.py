"""Issue 21: every date form a fact, each citation on its own, repairs checked against the
article's date, and help with the fix (facts quoted whole, what the article says, a stored
article that supports the sentence, ``verify --fix``)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from newsdesk.cli.app import main
from newsdesk.verify.dates import date_misses
from newsdesk.verify.facts import quantities
from newsdesk.verify.support import SourceDoc

# A made-up article of Wednesday, February 18, 2026 (own words).
ARTICLE = (
    "Crossings rose slightly in January, the agency said on Wednesday. Agents stopped 8,310 "
    "people last month, up from 7,950 in December. A rule took effect on Feb. 2, and the "
    "reprieve expires on March 15. Figures for the third quarter of 2025 were revised. "
    "Officials expect another rise this spring."
)
DAY = date(2026, 2, 18)


@pytest.mark.parametrize(
    "sentence",
    [
        "Crossings rose slightly in January.",  # month alone
        "Agents stopped 8,310 people in January 2026.",  # month and year, from "last month"
        "A rule took effect in 2026.",  # year against a full date
        "The agency said on Wednesday that crossings rose.",  # weekday
        "Officials expect another rise in the spring.",  # season
        "Figures for Q3 2025 were revised.",  # quarter
        "Agents stopped 8,310 people last month.",  # relative, read against the article
    ],
)
def test_every_date_form_that_agrees_passes(sentence):
    assert date_misses(sentence, [(ARTICLE, DAY)]) == []


def span_of(sentence: str) -> str:
    """The sentence of ARTICLE that shares the most words with ``sentence`` (the verifier
    compares dates with the spans that carry a claim)."""
    words = set(sentence.lower().split())
    sents = [s.strip() + "." for s in ARTICLE.split(".") if s.strip()]
    return max(sents, key=lambda s: len(words & set(s.lower().split())))


@pytest.mark.parametrize(
    "sentence, phrase",
    [
        ("Crossings rose slightly in June.", "June"),
        ("Agents stopped 8,310 people in April 2026.", "April 2026"),
        ("A rule took effect in 2024.", "2024"),
        ("The agency said on Thursday that crossings rose.", "on Thursday"),
        ("Officials expect another rise this summer.", "summer"),
        ("Figures for the first quarter of 2025 were revised.", "first quarter of 2025"),
        ("Agents stopped 8,310 people last week.", "last week"),
    ],
)
def test_each_date_form_changed_alone_is_caught(sentence, phrase):
    assert [m.phrase for m in date_misses(sentence, [(span_of(sentence), DAY)])] == [phrase]


def test_a_repaired_weekday_must_run_in_the_articles_direction():
    # An article of Monday, August 30, 2021: "a Tuesday deadline" is the next day.
    src = "The convoy hurried toward a Tuesday deadline to leave the city, officials said."
    monday = date(2021, 8, 30)
    assert date_misses("The convoy hurried toward a Tuesday deadline.", [(src, monday)]) == []
    ok = "The convoy hurried toward a [on Tuesday, August 31] deadline."
    assert date_misses(ok.replace("[", "").replace("]", ""), [(src, monday)]) == []
    wrong = "The convoy hurried toward a on Tuesday, August 24 deadline."
    assert [m.phrase for m in date_misses(wrong, [(src, monday)])] == ["Tuesday, August 24"]
    # said about the past, the same weekday is the one before
    past = "The convoy left the city on Tuesday, officials said."
    assert date_misses("The convoy left on Tuesday, August 24.", [(past, monday)]) == []


def test_a_decimal_is_quoted_whole():
    assert [q.text for q in quantities("It rose 1.2. It fell 3.75 and $1.2 billion.")] == [
        "1.2",
        "3.75",
        "$1.2 billion",
    ]


# -- on the demo store -----------------------------------------------------------------------

JUNE = (
    "Illegal crossings at the southwest border rose slightly in June but remained close to "
    "the lowest levels on record. ([842344f8])"
)
EXPORTER = (
    "Mexico is the largest exporter of vehicles and auto parts to the United States. "
    "([29c9fe6e], [4626609d], [fa7dc26f], [297cbac1], [6d110535])"
)
EDITED = """# Hand-edited

Border Patrol agents apprehended 8,310 people between ports of entry in January, up about 6.5% \
from 7,950 in December ([842344f8]). Illegal crossings at the southwest border rose slightly in \
June but remained close to the lowest levels on record ([842344f8]).

Mexico is the largest exporter of vehicles and auto parts to the United States ([29c9fe6e], \
[4626609d]).

The acting CBP commissioner, Paul Ostrander, attributed the increase to seasonal patterns \
([4626609d]).
"""


def run(capsys, db, path, *extra):
    rc = main(["verify", str(path), "--db", db, *extra])
    return rc, capsys.readouterr()


def test_june_for_january_is_caught_on_the_demo_article(llm_demo_db, tmp_path, capsys):
    p = tmp_path / "june.md"
    p.write_text(JUNE, encoding="utf-8")
    rc, cap = run(capsys, llm_demo_db, p)
    assert rc == 1 and "date 'June' is not in the cited text" in cap.out
    assert "it gives January" in cap.out
    # full sentences in the text output
    assert "remained close to the lowest levels on record." in cap.out


def test_each_citation_on_its_own(llm_demo_db, tmp_path, capsys):
    p = tmp_path / "exporter.md"
    p.write_text(EXPORTER, encoding="utf-8")
    rc, cap = run(capsys, llm_demo_db, p, "--json")
    row = json.loads(cap.out)["sentences"][0]
    assert rc == 1 and row["supported"] and row["needs_fix"]
    assert row["cites"] == ["29c9fe6e"]
    assert {d["id"] for d in row["dropped_citations"]} == {
        "4626609d", "fa7dc26f", "297cbac1", "6d110535",
    }  # fmt: skip
    # each citation's own best span, with its text
    span = row["spans"][0]
    assert span["id"] == "29c9fe6e" and "largest exporter of vehicles" in span["text"]


def test_hand_edited_briefing_every_error_caught_and_fixed(llm_demo_db, tmp_path, capsys):
    p = tmp_path / "edited.md"
    p.write_text(EDITED, encoding="utf-8")
    fixed = tmp_path / "fixed.md"
    rc, cap = run(capsys, llm_demo_db, p, "--json", "--fix", str(fixed))
    rows = json.loads(cap.out)["sentences"]
    assert rc == 1 and [r["needs_fix"] for r in rows] == [True, True, True, True]
    number, month, extra, miscited = rows
    assert number["failed_facts"] == ["number '6.5%'"]
    assert "4.5%" in number["cited_article_says"]["gives"][0]
    assert month["failed_facts"] == ["date 'June'"]
    assert "January" in month["cited_article_says"]["text"]
    assert [d["id"] for d in extra["dropped_citations"]] == ["4626609d"]
    assert miscited["supported_by"]["id"] == "842344f8"
    out = fixed.read_text(encoding="utf-8")
    assert "[unsupported: number '6.5%'" in out and "[unsupported: date 'June'" in out
    assert "United States ([29c9fe6e])." in out
    assert "seasonal patterns ([842344f8])." in out


# -- repairs ---------------------------------------------------------------------------------

REPAIR_SRC = (
    "As the troops hurried toward a Tuesday deadline to leave the city, violence went on. "
    "Mexico's economy minister, Elena Baptista, spoke in the capital. She said talks would "
    "start at once."
)


def _repaired(original: str, replacement: str, sentence_of_span: str):
    from newsdesk.briefing import Briefing, BriefSentence, Citation, Paragraph, Repair
    from newsdesk.verify import SourceDoc, verify

    start = REPAIR_SRC.index(sentence_of_span)
    end = start + len(sentence_of_span)
    at = sentence_of_span.index(original)
    text = sentence_of_span[:at] + replacement + sentence_of_span[at + len(original) :]
    s = BriefSentence(
        text, "repaired", [Citation("abcd0123", start, end)], Repair(original, replacement, at)
    )
    b = Briefing("t", [Paragraph("lead", [s])], [])
    docs = {"abcd0123": SourceDoc("abcd0123", REPAIR_SRC, date(2021, 8, 30))}
    out = verify(b, {"abcd0123": REPAIR_SRC}, sources=docs, require_one=False)
    assert out.verification is not None
    return out.verification.sentences[0].verdict


def test_a_date_repair_must_be_what_the_article_means():
    first = REPAIR_SRC.split(". ")[0] + "."
    v = _repaired("Tuesday", "on Tuesday, August 24", first)
    assert not v.ok and "August 24" in v.reason and "August 31" in v.reason, v.reason
    assert _repaired("Tuesday", "on Tuesday, August 31", first).ok


def test_a_name_repair_must_be_what_the_article_names():
    third = "She said talks would start at once."
    assert REPAIR_SRC.endswith(third)
    right = _repaired("She", "Economy Minister Elena Baptista", third)
    assert right.ok, right.reason
    wrong = _repaired("She", "Foreign Minister Elena Baptista", third)
    assert not wrong.ok and "foreign" in wrong.reason.lower()


def test_a_bracketed_date_in_prose_is_read_where_it_stands(tmp_path, capsys, embedder):
    """The "[on Tuesday, August 24]" repair of a hand-written briefing: the words around the
    brackets find the article's own "Tuesday" (a deadline: the next day), so August 24 fails
    even though the article's "last week" spans it."""
    from newsdesk.verify import SupportChecker
    from newsdesk.verify.check import check_against
    from newsdesk.verify.document import parse_prose

    text = (
        "As the convoy hurried toward a Tuesday deadline to leave the city, sporadic violence "
        "went on in the capital. Officials said an attack last week had killed dozens."
    )
    src = {"abcd0123": SourceDoc("abcd0123", text, date(2021, 8, 30))}
    checker = SupportChecker(embedder.encode)

    def verdict(day: str):
        b = parse_prose(
            f"As the convoy hurried toward a [on Tuesday, {day}] deadline to leave the city, "
            "sporadic violence went on in the capital ([abcd0123])."
        )
        out = check_against(b, dict(src), checker)
        assert out.verification is not None
        return out.verification.sentences[0].verdict

    wrong = verdict("August 24")
    assert not wrong.ok and "August 31" in wrong.reason, wrong.reason
    assert verdict("August 31").ok


def test_a_strand_opener_dated_with_its_articles_own_date_is_no_claim() -> None:
    # A planned strand opens "[On January 10, the] city council ...": the date is the article's
    # own, so the date check leaves it out; any other day is still a claim to check.
    from datetime import date

    from newsdesk.verify.dates import dated_frame

    day = date(2024, 1, 10)
    text = "On January 10, the city council approved a budget."
    assert text[dated_frame(text, day) :] == "the city council approved a budget."
    assert dated_frame("On January 11, the city council approved a budget.", day) == 0
    assert dated_frame(text, None) == 0
    assert dated_frame("On January 10, 2024, the council met.", day) > 0
