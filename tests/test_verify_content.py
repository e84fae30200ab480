"""The verifier's content check: facts normalised, dates resolved, names, closeness, re-citing,
citation parsing. Real embedding model, no store."""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.briefing import Briefing, BriefSentence, Citation, Paragraph
from newsdesk.citations import strip_citations
from newsdesk.verify import Claim, SourceDoc, SupportChecker, verify
from newsdesk.verify.dates import unsupported_dates
from newsdesk.verify.facts import quantities, unsupported_quantities

ARTICLE = (
    "MEXICO CITY (Wire) - President Claudia Sheinbaum said on Friday that Mexico would answer a "
    "25 percent tariff on its exports with talks rather than retaliation. The U.S. Treasury "
    "estimated the tariff would raise 1.2 billion dollars a month. Talks are set for Jan. 5 in "
    "Washington, officials said."
)
OTHER = (
    "Farmers in Iowa harvested a record soybean crop this autumn, the Agriculture Department "
    "said, as prices fell for a third straight month."
)
DAY = date(2026, 1, 9)  # a Friday


@pytest.fixture(scope="module")
def checker(embedder):
    return SupportChecker(embedder.encode)


def docs() -> list[SourceDoc]:
    return [SourceDoc("aaaa1111", ARTICLE, DAY), SourceDoc("bbbb2222", OTHER, DAY)]


def check(checker, text: str, cites=("aaaa1111",), synthesis: bool = False):
    by = {d.id: d for d in docs()}
    return checker.check(Claim(text, [by[i] for i in cites], synthesis))


@pytest.mark.parametrize(
    "a, b",
    [("25%", "25 percent"), ("$1.2 billion", "1.2 billion dollars"), ("three", "3"),
     ("$1,200 million", "1.2 billion dollars")],
)  # fmt: skip
def test_quantities_normalise(a, b):
    assert not unsupported_quantities(f"It was {a}.", [f"It was {b}."])


def test_changed_number_is_caught_and_rounding_allowed():
    assert [q.text for q in unsupported_quantities("a 35% tariff", [ARTICLE])] == ["35%"]
    assert not unsupported_quantities("about $1.2bn a month", ["raised $1.23 billion a month"])
    assert unsupported_quantities("about $1.5 billion", ["raised $1.23 billion"])
    assert [q.value for q in quantities("3,400 people and 12.5%")] == [3400.0, 12.5]


def test_dates_normalise_and_relative_dates_resolve_against_the_article():
    src = [(ARTICLE, DAY)]
    assert not unsupported_dates("Talks are set for January 5.", src)
    assert not unsupported_dates("Sheinbaum spoke on January 9, 2026.", src)  # "on Friday"
    assert not unsupported_dates("Sheinbaum [on January 9, 2026] said Mexico would talk.", src)
    assert unsupported_dates("Talks are set for January 12.", src) == ["January 12"]
    assert unsupported_dates("Sheinbaum spoke on Thursday.", src) == ["on Thursday"]


def test_supported_paraphrase_passes_with_its_best_span(checker):
    f = check(checker, "Sheinbaum said Mexico would answer the 25% tariff with talks on Friday.")
    assert f.ok, f.reasons
    i, a, b = f.spans[0]
    assert i == "aaaa1111" and "25 percent tariff" in ARTICLE[a:b]


@pytest.mark.parametrize(
    "text, reason",
    [
        (
            "Sheinbaum said Mexico would answer a 40 percent tariff with talks.",
            "number '40 percent'",
        ),
        ("Justin Trudeau said Mexico would answer a 25 percent tariff with talks.", "name"),
        ("Talks on the tariff are set for Jan. 19 in Washington, officials said.", "date"),
        ("Sheinbaum said Mexico would not answer a 25 percent tariff with talks.", "negation"),
        ("Farmers in Iowa harvested a record soybean crop this autumn.", "close in meaning"),
    ],
)
def test_wrong_claims_are_caught_with_a_reason(checker, text, reason):
    f = check(checker, text)
    assert not f.ok and any(reason in r for r in f.reasons), f.reasons


def test_synthesis_is_held_to_each_clause_not_to_a_share_of_words(checker):
    text = (
        "Overall, Sheinbaum said Mexico would answer the tariff with talks rather than "
        "retaliation, while farmers in Iowa harvested a record soybean crop this autumn."
    )
    both = check(checker, text, ("aaaa1111", "bbbb2222"), synthesis=True)
    assert both.ok and not both.dropped, both.reasons
    # one clause has no article behind it
    assert not check(checker, text, ("aaaa1111",), synthesis=True).ok
    # words of both articles, a claim neither makes (passed the old union-of-words rule)
    wrong = "Overall, tariff talks with Washington and a record Iowa soybean crop mark the month."
    assert not check(checker, wrong, ("aaaa1111", "bbbb2222"), synthesis=True).ok


def _briefing(*sentences: BriefSentence) -> Briefing:
    return Briefing("t", [Paragraph("lead", list(sentences))], [])


def test_stage_recites_drops_and_flags(checker):
    texts = {d.id: d.text for d in docs()}
    good = BriefSentence(
        "Sheinbaum said Mexico would answer the tariff with talks.",
        "generated",
        [Citation("aaaa1111", 0, len(ARTICLE))],
    )
    miscited = BriefSentence(
        "Farmers in Iowa harvested a record soybean crop this autumn.",
        "generated",
        [Citation("aaaa1111", 0, len(ARTICLE))],
    )
    invented = BriefSentence(
        "The tariff would raise 9.9 billion dollars a month.",
        "generated",
        [Citation("aaaa1111", 0, len(ARTICLE))],
    )
    b = verify(
        _briefing(good, miscited, invented), texts, checker=checker,
        sources={d.id: d for d in docs()}, candidates=docs(),
    )  # fmt: skip
    v = b.verification
    assert v is not None and (v.checked, v.supported, v.recited, len(v.dropped)) == (3, 1, 1, 1)
    kept = b.paragraphs[0].sentences
    assert kept[1].citations[0].id == "bbbb2222" and kept[1].verdict.recited_from == ["aaaa1111"]
    assert "9.9 billion dollars" in v.dropped[0].sentence.verdict.reason
    flagged = (
        verify(_briefing(good, invented), texts, checker=checker, keep_unsupported=True)
        .paragraphs[0]
        .sentences
    )
    assert flagged[1].verdict.flagged and not flagged[1].verdict.ok


def test_extracted_sentences_still_pass_by_their_span(checker):
    start = ARTICLE.index("The U.S. Treasury")
    end = ARTICLE.index("month.") + len("month.")
    s = BriefSentence(ARTICLE[start:end], "extracted", [Citation("aaaa1111", start, end)])
    b = verify(_briefing(s), {"aaaa1111": ARTICLE}, checker=checker)
    assert b.paragraphs[0].sentences[0].verdict.check == "verbatim span"


@pytest.mark.parametrize(
    "text, ids",
    [
        ("A claim ([de4dbeca]).", [["de4dbeca"]]),
        ("A claim [de4dbeca, e706d217].", [["de4dbeca", "e706d217"]]),
        ("A claim (de4dbeca; e706d217).", [["de4dbeca", "e706d217"]]),
        ("A claim. ([de4dbeca]) B ([12345678]).", [["de4dbeca"], ["12345678"]]),
        ("A claim [1] and [2, 3].", [["aaaaaaaa"], ["bbbbbbbb"]]),
        ("In 2026 (the year) prices rose.", []),
    ],
)
def test_citation_forms(text, ids):
    clean, markers = strip_citations(text, {1: "aaaaaaaa", 2: "bbbbbbbb"})
    assert [m.ids for m in markers] == ids
    assert "[" not in clean and "de4dbeca" not in clean


def test_a_list_of_names_before_and_is_no_clause_of_its_own():
    # White House "fentanyl in U.S.-Mexico relations": the close's part "in January 2023,
    # President Joe Biden, President Andrés Manuel López Obrador, and Prime Minister Justin
    # Trudeau established the Trilateral Fentanyl Committee" was cut at ", and", and the names
    # alone (no verb) matched no span: the close was dropped.
    from newsdesk.verify.clauses import clauses

    text = (
        "Overall, the reporting followed these stories: in January 2023, President Joe Biden, "
        "President Andrés Manuel López Obrador, and Prime Minister Justin Trudeau established "
        "the Trilateral Fentanyl Committee; and as of March 2025, the flow of contraband drugs "
        "has created a national emergency."
    )
    got = [u.text for u in clauses(text)]
    assert len(got) == 2 and got[0].endswith("established the Trilateral Fentanyl Committee")
    # the list second, after the close's "and" and its day (the close was dropped again
    # when the part came second)
    text = (
        "Overall, the reporting followed these stories: as of October 2022, the two countries "
        "remain committed to their partnership; and in January 2023, President Ana Ruiz, "
        "President Jorge Vela, and Prime Minister Ian Holt established the Lakes Committee."
    )
    got = [u.text for u in clauses(text)]
    assert len(got) == 2 and got[1].endswith("established the Lakes Committee."), got
    # two clauses joined by ", and" are still two
    assert len(clauses("The talks collapsed on Friday, and the union called a strike.")) == 2


def test_a_close_part_is_checked_without_its_outlet_count():
    # The close gives each story's outlet count ("(3 outlets)"), which no article states: each
    # clause is checked without it (before: "number '3' is not in the cited text"); the frame
    # of a story told by its days is a frame too.
    from newsdesk.verify.clauses import clauses

    text = (
        "Overall, the reporting followed these stories: on January 13, dockworkers voted to "
        "authorize a strike (2 outlets); and on February 15, both sides reached a tentative "
        "agreement to end the strike (3 outlets)."
    )
    got = [u.text for u in clauses(text)]
    assert got == [
        "on January 13, dockworkers voted to authorize a strike",
        "on February 15, both sides reached a tentative agreement to end the strike",
    ]
    steps = clauses(
        "Overall, the story unfolded as follows: on February 20, the port agreed to take six "
        "ships a month; and on February 26, the first ship docked with grain on board."
    )
    assert [u.text for u in steps][0] == "on February 20, the port agreed to take six ships a month"
    # outside a close, a parenthesis with a count is the sentence's own
    plain = clauses("The strike ended on Friday (3 outlets).")
    assert plain[-1].text.endswith("(3 outlets).")
