"""Sentences that must still make sense out of their article: relative dates resolved against
the article's date (bracketed repairs the verify stage can undo), sentences that point back at
context they do not carry left out, and the text-cleaning defects seen on multi-outlet input
(outlet datelines, drop-caps, sentences cut at an abbreviation)."""

from __future__ import annotations

from newsdesk.boilerplate import content_start
from newsdesk.briefing import undo_repairs
from newsdesk.model import EvidenceDoc
from newsdesk.render.markdown import render_markdown
from newsdesk.text import clean_text, split_sentences
from newsdesk.verify import verify
from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.compose import write_briefing
from newsdesk.write.extractive.readability import standalone_problem

YESTERDAY = (
    "Yesterday, Homeland Security Advisor Elizabeth Sherwood-Randall and U.S. Ambassador Ken "
    "Salazar met with Mexican "
    "President Andres Manuel Lopez Obrador and Foreign Secretary Alicia Barcena."
)
FOLLOW = (
    "To follow through on this commitment, President Lopez Obrador welcomed a high-level U.S. "
    "delegation led by the Homeland Security Advisor."
)


def doc(id_: str, text: str, published: str | None, source: str = "whitehouse.gov") -> EvidenceDoc:
    return EvidenceDoc(
        id=id_,
        title="t",
        text=text,
        sentences=split_sentences(text),
        source=source,
        published=published,
    )


def _docs() -> list[EvidenceDoc]:
    return [
        doc(
            "aaaa1111",
            "The two governments agreed to fight fentanyl trafficking together. "
            + FOLLOW
            + " "
            + YESTERDAY,
            "2024-02-07",
        ),
        doc(
            "bbbb2222",
            "Mexican officials met U.S. officials in Mexico City to discuss fentanyl trafficking "
            "and arms smuggling across the border.",
            "2024-02-08",
        ),
        doc(
            "cccc3333",
            "Officials from both countries discussed fentanyl precursor chemicals and the arms "
            "trafficking that fuels cartel violence in Mexico.",
            "2024-02-09",
        ),
    ]


def test_yesterday_is_resolved_against_the_article_date_as_a_bracketed_repair():
    docs = _docs()
    topic = "Sherwood-Randall and Salazar meet Lopez Obrador on fentanyl"
    b = verify(
        write_briefing(topic, docs, words=250, config=product_config()),
        {d.id: d.text for d in docs},
    )
    hits = [s for s in b.sentences() if undo_repairs(s.text, s.repairs) == YESTERDAY]
    assert hits, b.text()
    s = hits[0]
    assert s.kind == "repaired" and s.verdict is not None and s.verdict.ok
    # every article is from 2024: the year is left out, as news style has it
    # (a person named without a role would be left out of a planned briefing: she has hers)
    assert s.text.startswith("On February 6, Homeland Security Advisor Elizabeth Sherwood-Randall")
    md = render_markdown(b)
    assert "\\[On February 6\\], Homeland Security Advisor" in md


def test_the_lead_names_the_time_window():
    docs = _docs()
    b = write_briefing("fentanyl talks with Mexico", docs, words=250, config=product_config())
    first = b.paragraphs[0].sentences[0]
    assert first.kind == "templated"
    assert first.text.startswith("Reported between February")


def test_a_sentence_leaning_on_context_is_left_out():
    assert standalone_problem(FOLLOW) == "context"
    assert standalone_problem("On that day, the two presidents met in Washington on trade.") == (
        "context"
    )
    # time words are dates, not references back
    week = "Earlier this week, officials met in Mexico City on fentanyl."
    assert standalone_problem(week) is None
    docs = _docs()
    b = write_briefing("fentanyl talks with Mexico", docs, words=250, config=product_config())
    assert "follow through on this commitment" not in b.text()


def test_without_an_article_date_nothing_is_resolved():
    docs = [doc(d.id, d.text, None) for d in _docs()]
    b = write_briefing("fentanyl talks with Mexico", docs, words=250, config=product_config())
    assert "February" not in b.text()


def test_outlet_dateline_is_stripped():
    for text, rest in (
        ("New York (CNN) -- The mayor announced a plan on Monday.", "The mayor"),
        ("Washington (CNN) The Senate voted on Tuesday to pass it.", "The Senate"),
        ("Mexico City (Reuters) - Mexico said on Monday it would act.", "Mexico said"),
    ):
        assert text[content_start(text) :].startswith(rest), text
    keep = "Joe Biden (D) said he would run again next year."
    assert content_start(keep) == 0


def test_drop_cap_opening_is_shown_in_sentence_case():
    text = clean_text(
        "RESEARCHERS AROUND THE world are racing to find a vaccine. The end is not near."
    )
    assert text.startswith("Researchers around the world are racing")
    assert clean_text("AN FBI agent said so.") == "AN FBI agent said so."
    dateline = "WASHINGTON (AP) — The Senate voted."
    assert clean_text(dateline) == dateline


def test_sentence_is_not_cut_at_an_abbreviation():
    sents = split_sentences(
        "The bill was backed by Sen. Cory Gardner, R-Colo., who said it would pass. "
        "The vote is Monday."
    )
    assert [s.text for s in sents] == [
        "The bill was backed by Sen. Cory Gardner, R-Colo., who said it would pass.",
        "The vote is Monday.",
    ]
    wrapped = clean_text(
        "The delegation was led by Dr. Elizabeth Sherwood-Randall; and included the U.S.\n"
        "Ambassador to Mexico, Ken Salazar.\nThe talks took place in the U.S.\nThe next day "
        "it rained."
    )
    assert "the U.S. Ambassador to Mexico" in wrapped
    assert "in the U.S.\nThe next day" in wrapped
    assert "General Lisa O. Monaco, Acting" in clean_text(
        "a delegation with Deputy Attorney General Lisa O.\nMonaco, Acting Deputy Secretary."
    )


def test_a_title_case_heading_is_not_glued_to_the_next_sentence():
    text = clean_text(
        "The U.S.-Mexico Bicentennial Framework for Security, Public Health, and Safe "
        "Communities\nNearly 108,000 people died of drug overdoses in the United States."
    )
    assert "Safe Communities\nNearly 108,000" in text


def test_reader_briefings_leave_out_a_demonstrative_reference_anywhere():
    committee = (
        "President Joe Biden and Prime Minister Justin Trudeau established this trilateral "
        "Committee during the summit in Mexico City."
    )
    assert standalone_problem(committee) is None  # the DUC-measured default
    assert standalone_problem(committee, strict_context=True) == "context"
    week = "President Joe Biden met Prime Minister Justin Trudeau this week in Mexico City."
    assert standalone_problem(week, strict_context=True) is None


def test_strict_context_does_not_take_a_defined_pronoun_or_an_example_for_a_reference():
    # Seen on the AllSides tune half: good sentences left out as if they pointed back.
    for text in (
        "The new rules, which are similar to those announced for air travellers, start in May.",
        "Officials said the law would free those imprisoned for nonviolent marijuana crimes.",
        "Weapons such as rifles and shotguns are not covered by the new federal rule.",
        "Governor DeSantis said on Fox that the new law would keep mail voting accessible.",
        "The killing is being treated at this point as a probable act of terrorism.",
    ):
        assert standalone_problem(text, strict_context=True) is None, text
    for text in (
        "Under the new policy, creators will not receive a cut of revenue from those videos.",
        "There is little evidence of that effort in the draft legislation he unveiled.",
    ):
        assert standalone_problem(text, strict_context=True) == "context", text


def test_a_weekday_repair_keeps_the_articles_weekday_with_its_date():
    from datetime import date

    from newsdesk.write.extractive.dates import apply_repairs, date_repairs

    text = "The Supreme Court ruled Monday that the officers were protected."
    reps = date_repairs(text, date(2021, 10, 19))
    assert [(r.original, r.replacement) for r in reps] == [
        ("Monday", "on Monday, October 18, 2021")
    ]
    assert apply_repairs(text, reps) == (
        "The Supreme Court ruled on Monday, October 18, 2021 that the officers were protected."
    )
    # "yesterday" names no weekday: the date alone
    reps = date_repairs("Yesterday, the court ruled.", date(2021, 10, 19))
    assert reps[0].replacement == "On October 18, 2021"
    # a part of the day stays with its day, not after the date ("... 2021 evening")
    text = "The Senate voted 50-48 Thursday evening to extend the limit."
    reps = date_repairs(text, date(2021, 10, 8))
    assert apply_repairs(text, reps) == (
        "The Senate voted 50-48 on Thursday evening, October 7, 2021 to extend the limit."
    )
    assert reps[0].original == "Thursday evening"


def test_a_piece_starting_with_a_dash_continues_the_sentence_cut_at_an_abbreviation():
    from newsdesk.write.extractive.candidates import make_candidates

    text = (
        "CROW AGENCY, Mont. — First the Crow were bullied by the Sioux from these red clay "
        "hills. Stores in Whiteclay, Neb. — just two miles from the reservation — sell millions "
        "of dollars worth of beer.\n— A list item on its own line stays apart from it."
    )
    spans = [(s.start, s.end) for s in split_sentences(text)]
    assert text[spans[0][0] : spans[0][1]] == "CROW AGENCY, Mont."  # the splitter's cut
    cands = make_candidates([text], [spans], min_words=8, max_words=55)
    shown = [(c.text, c.problem) for c in cands]
    assert shown[0] == (
        "First the Crow were bullied by the Sioux from these red clay hills.",
        None,
    )  # the dateline is stripped from the rejoined lead sentence
    assert shown[1] == (
        "Stores in Whiteclay, Neb. — just two miles from the reservation — sell millions of "
        "dollars worth of beer.",
        None,
    )
    assert shown[2][0].startswith("— A list item")


def test_an_acronym_is_spelled_out_before_a_sentence_uses_it():
    from newsdesk.write.extractive.arrange import defined_first

    uses = (
        "The TFC builds on the existing work of the North American Drug Dialogue and the "
        "U.S.-Canada Opioid Action Plan."
    )
    spells = (
        "President Joe Biden and Prime Minister Justin Trudeau established the Trilateral "
        "Fentanyl Committee in January 2023, during the North American Leaders' Summit (NALS)."
    )
    other = "Over 442 million potentially lethal doses of fentanyl were seized at the border."
    assert defined_first([uses, other, spells]) == [2, 0, 1]
    assert defined_first([spells, uses, other]) == [0, 1, 2]  # already in reading order
    # an acronym nobody spells out, or one a sentence spells out itself, moves nothing
    assert defined_first(["NATO allies met in Brussels on Monday.", other]) == [0, 1]
    assert defined_first([spells, "The NALS ended on Tuesday."]) == [0, 1]


def test_a_wire_photo_caption_with_its_budget_slug_is_not_a_sentence():
    from newsdesk.write.extractive.candidates import make_candidates

    # The shape of a news service's photo budget: the date, the slug with its month-day code,
    # then a caption that describes a picture the briefing does not show.
    text = (
        "Harbour pilots in the port voted to end their strike on Thursday after a long night of "
        "talks with the shipping companies.\n"
        "(NYT12) PORTSMOUTH, N.H. — Oct. 14, 1999 — PORT-STRIKE-2-COX, 10-14 — A pilot boat, "
        "left, idles beside a tanker at the mouth of the harbour on Wednesday.\n"
        "HARBOUR-TALKS-COX, 10-14 — Negotiators for both sides leave the port authority's "
        "offices after the vote late on Thursday night.\n"
    )
    spans = [(s.start, s.end) for s in split_sentences(text)]
    cands = make_candidates([text], [spans], min_words=8, max_words=55)
    problems = {c.text[:30]: c.problem for c in cands}
    assert problems["Harbour pilots in the port vot"] is None
    captions = [c for c in cands if "-COX" in c.text]
    assert len(captions) == 2
    assert all(c.problem == "caption" for c in captions)
    # A hyphenated name or a model number is no slug.
    assert (
        standalone_problem(
            "The F-16 and the MiG-29 flew over the coast on Oct. 14, 1999, officials said today."
        )
        is None
    )
