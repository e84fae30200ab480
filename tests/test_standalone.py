"""Every sentence of a reader's briefing stands alone (issue 20, item 4): the detector on the
issue's own examples, the role repair, and ``newsdesk eval standalone`` on the labelled set.

Each example below passed the detector before this change (``standalone_problem(...,
strict_context=True)`` returned None for all the new kinds, and there was no role repair)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED_DATA

from newsdesk.briefing import Repair
from newsdesk.errors import InputError
from newsdesk.evaluate.standalone import (
    KINDS,
    LABELS_FILE,
    Row,
    load_labels,
    run_standalone_eval,
    score,
)
from newsdesk.write.extractive.people import role_repair, with_role
from newsdesk.write.extractive.readability import (
    ALL_KINDS,
    WRITER_KINDS,
    leaning_kind,
    standalone_problem,
)

DATA = SHARED_DATA  # $NEWSDESK_DATA or ../shared/data


def strict(text: str) -> str | None:
    return standalone_problem(text, strict_context=True, leaning=ALL_KINDS)


ISSUE_EXAMPLES = {
    # a definite reference with no antecedent
    "The U.S. president announced the threat in a statement on Saturday night.": "reference",
    "Defense lawyers in Mexico criticized the use of the national security provision.": (
        "reference"
    ),
    "Negotiators said the deal would be signed in Mexico City within weeks.": "reference",
    '"It is important to remember that this will take a decade," a spokesman said.': ("reference"),
    "Three justices voted to hear arguments in the case before the end of the term.": ("reference"),
    # a quantifier without its set
    "None of the three had been vaccinated against measles, county officials said.": ("quantifier"),
    "The rest received permits to stay in the United States for another year.": "quantifier",
    "Both were released on bail after a hearing in a federal court in Texas.": "quantifier",
    # (the demo's "Some of them had spent months in U.S. immigration detention.": the name
    # after the verb names no set)
    "Some of them had waited weeks in U.S. border camps before the flight.": "quantifier",
    # a connective
    "Mexican officials also said the cartel designation would take effect within days.": (
        "connective"
    ),
    "Ottawa, meanwhile, announced new fentanyl controls at its own border crossings.": (
        "connective"
    ),
    # a person named without a role at first mention
    "Douglas Pruett said the two countries would keep talking about migration.": "person",
    "Mr Campbell has made public his keenness to play a part in the campaign.": "person",
    # an acronym not spelled out
    "The CBSA said it seized more than 200 kilograms of fentanyl precursors last year.": (
        "acronym"
    ),
    # a list item or a broken start
    "4551(a)), the ITC made negative findings on imports of steel from Mexico.": "fragment",
    "25% tariffs on goods that do not satisfy the USMCA rules of origin.": "fragment",
    "Border, Ambassador Roberta Jacobson, will lead the delegation to Mexico City.": "fragment",
    "Creating a North American Strategy on Methane to reduce emissions from all sectors.": (
        "fragment"
    ),
    # boilerplate: formulas and the source's own voice
    "IN WITNESS WHEREOF, I have hereunto set my hand this first day of February, in the year "
    "of our Lord two thousand twenty-five.": "formula",
    "NOW, THEREFORE, I, DONALD J. TRUMP, President of the United States, do hereby proclaim "
    "that the tariffs take effect.": "formula",
    "Our vision is a secure border and a prosperous partnership with our neighbours.": "voice",
}


@pytest.mark.parametrize("text,kind", sorted(ISSUE_EXAMPLES.items()))
def test_the_issues_examples_are_left_out(text: str, kind: str) -> None:
    # "Both ..." and "IN WITNESS WHEREOF, ..." were left out before too (as a connective and a
    # demonstrative reference); every other example passed.
    assert strict(text) in (kind, "connective", "context"), text
    assert leaning_kind(text) == kind


def test_sentences_that_stand_alone_are_kept() -> None:
    for text in (
        "President Donald Trump announced a 25% tariff on imports from Mexico on Saturday.",
        "Mexico agreed to send 10,000 National Guard troops to its border with the United States.",
        "The Senate approved the infrastructure bill on Tuesday by a vote of 69 to 30.",
        "The House is expected to vote on the bill in September.",
        "Homeland Security Secretary Alejandro Mayorkas said the border was not open.",
        "The Centers for Disease Control and Prevention (CDC) unveiled updated guidelines.",
        "This year, Mercedes-Benz and Volvo added air bag curtains to some of their models.",
        "Trump said the tariffs would stay until the flow of fentanyl into the country stopped.",
        "House leaders said they would take up the infrastructure bill after the Senate vote.",
    ):
        assert strict(text) is None, text


def test_the_writer_leaves_out_only_the_kinds_it_asks_for() -> None:
    # By default the reader's configuration leaves out formulas, datelines and fragments; the
    # other kinds cost the current writer roundup content (see readability.WRITER_KINDS) and
    # are asked for by name.
    for text, kind in ISSUE_EXAMPLES.items():
        verdict = standalone_problem(text, strict_context=True)
        if kind in WRITER_KINDS:
            assert verdict in (kind, "context"), text  # IN WITNESS WHEREOF: "this first day"
        elif verdict is not None:
            assert verdict in ("connective", "context"), text  # the old verdicts
    only = standalone_problem(
        "The CBSA said it seized more than 200 kilograms of fentanyl precursors last year.",
        strict_context=True,
        leaning={"acronym"},
    )
    assert only == "acronym"


def test_the_duc_configuration_is_unchanged_by_the_new_kinds() -> None:
    # The DUC-measured default (strict_context=False) leaves these in, as before.
    for text in ISSUE_EXAMPLES:
        if ISSUE_EXAMPLES[text] in ("reference", "person", "acronym"):
            assert standalone_problem(text) is None, text


ARTICLE = (
    "MEXICO CITY — U.S. Ambassador Douglas Pruett met Mexican security officials on Monday. "
    "Douglas Pruett said the two countries would keep talking about migration. "
    "He said the talks would resume in Washington."
)


def test_a_person_gets_the_role_the_article_gives_them() -> None:
    text = "Douglas Pruett said the two countries would keep talking about migration."
    fix = role_repair(text, ARTICLE)
    assert fix == Repair("Douglas Pruett", "U.S. Ambassador Douglas Pruett", 0)
    # a bare surname gets the full name with it; an appositive role reads after the name
    apposed = "Douglas Pruett, the U.S. ambassador to Mexico, met officials on Monday."
    fix = role_repair("Officials met in Mexico City, Pruett said on Monday.", apposed)
    assert fix is not None and fix.original == "Pruett" and fix.at == 30
    assert fix.replacement == "Douglas Pruett, the U.S. ambassador to Mexico,"
    # no role in the article: no repair (the sentence stays left out)
    assert role_repair(text, "Douglas Pruett said so on Monday in Mexico City.") is None
    # a leading-pronoun repair takes the role too ("[Douglas Pruett] said ..." in the issue)
    assert with_role(Repair("He", "Douglas Pruett"), ARTICLE) == Repair(
        "He", "U.S. Ambassador Douglas Pruett"
    )
    assert with_role(Repair("He", "Douglas Pruett"), "Nothing here.") == Repair(
        "He", "Douglas Pruett"
    )


def _row(label: str, key: int) -> Row:
    return Row("bbc", f"tech/{key:03d}.txt", 1, 0, 10, "0", label, "")


def test_scores_count_leaning_sentences_and_kinds() -> None:
    pairs = [
        (_row("reference", 1), "pronoun"),
        (_row("reference+connective", 2), None),
        (_row("ok", 3), "connective"),
        (_row("ok", 4), None),
        (_row("person", 5), "person"),
    ]
    s = score(pairs)
    assert (s["sentences"], s["leaning"], s["flagged"]) == (5, 3, 3)
    assert s["precision"] == round(2 / 3, 3) and s["recall"] == round(2 / 3, 3)
    assert s["kinds"]["reference"]["recall"] == 0.5
    assert s["kinds"]["connective"]["precision"] == 0.0
    assert s["kinds"]["person"]["exact"] == 1.0


def test_the_labelled_set_holds_references_only() -> None:
    rows = load_labels()
    assert len(rows) >= 400
    assert {r.dataset for r in rows} == {"whitehouse", "bbc", "allsides", "duc2006"}
    assert all(r.label == "ok" or r.kinds <= set(KINDS) for r in rows)
    held = sum(r.held_out for r in rows)
    assert 0.4 * len(rows) < held < 0.6 * len(rows)
    header = next(ln for ln in LABELS_FILE.read_text().splitlines() if not ln.startswith("#"))
    assert header.split("\t") == ["dataset", "doc", "index", "start", "end", "crc", "label", "note"]


def test_a_bad_labels_file_names_its_row(tmp_path: Path) -> None:
    bad = tmp_path / "labels.tsv"
    bad.write_text(
        "dataset\tdoc\tindex\tstart\tend\tcrc\tlabel\tnote\n"
        "bbc\ttech/001.txt\t1\t0\t9\t00000000\tsideways\tx\n"
    )
    with pytest.raises(InputError, match="row 2"):
        load_labels(bad)


@pytest.mark.skipif(not (DATA / "allsides").is_dir(), reason="evaluation data absent")
def test_the_evaluation_reads_the_labelled_sentences(tmp_path: Path) -> None:
    lines = LABELS_FILE.read_text().splitlines()
    keep = [ln for ln in lines if ln.startswith(("dataset", "allsides"))][:41]
    small = tmp_path / "labels.tsv"
    small.write_text("\n".join(keep) + "\n")
    result = run_standalone_eval(DATA, labels=small)
    both = result["tuning (odd)"]["sentences"] + result["held out (even)"]["sentences"]
    assert both == 40
    held = result["held out (even)"]
    assert held["precision"] is not None and held["precision"] >= 0.8
    assert held["recall"] is not None and held["recall"] >= 0.6


def test_a_briefing_from_sentences_that_all_lean_is_still_written() -> None:
    # Before the salvage tier knew the new kinds, the reader's configuration found "no usable
    # sentences" here and raised instead of writing the best it had, with a notice.
    from newsdesk.model import EvidenceDoc
    from newsdesk.text import split_sentences
    from newsdesk.write.extractive import product_config
    from newsdesk.write.extractive.compose import write_briefing

    text = (
        "By the authority vested in me as President, new fentanyl controls at the ports of "
        "entry take effect.\nIN WITNESS WHEREOF, fentanyl seizures at the ports of entry are "
        "to be reported monthly to the Congress."
    )
    docs = [
        EvidenceDoc(
            id=f"abcd000{k}",
            title="t",
            text=text,
            sentences=split_sentences(text),
            source=f"outlet{k}",
            published="2024-02-08",
        )
        for k in (1, 2)
    ]
    b = write_briefing("fentanyl cooperation", docs, words=100, config=product_config())
    assert "fentanyl" in b.text()
    assert b.notice is not None and "stands alone" in b.notice, b.notice


def test_a_nationality_does_not_say_which_delegation() -> None:
    # Before: "The U.S. delegation included Homeland Security Advisor ..." stood in the White
    # House fentanyl briefing with no delegation introduced; the adjective hid the reference.
    text = (
        "The U.S. delegation included Homeland Security Advisor Dr. Elizabeth Sherwood-Randall "
        "and U.S. Ambassador to Mexico Ken Salazar."
    )
    assert leaning_kind(text) == "reference"
    # an institution a nationality makes specific stands alone
    for ok in (
        "The Mexican government said it would send a delegation to Washington next month.",
        "The British economy grew faster than expected in the last three months of the year.",
    ):
        assert strict(ok) is None, ok


def test_an_epithet_of_two_words_is_a_reference() -> None:
    # Before: "The telecoms giant said the number of people on broadband ..." opened a strand
    # of the BBC "mobile phone market and broadband" briefing (which giant? BT, two sentences
    # earlier in its article); only one-word descriptions ("The firm said") were caught.
    text = (
        "The telecoms giant said the number of people on broadband via the telephone line had "
        "now surpassed four million."
    )
    assert leaning_kind(text) == "reference"
    assert leaning_kind("The stock market fell sharply in early trading in London.") is None


def test_a_description_with_an_aside_before_its_verb_is_a_reference() -> None:
    # Before: "The stricter rules, involving wetlands as small as one-tenth of an acre, will
    # mainly affect ..." led a DUC 2006 wetlands briefing (which rules? stricter than what?).
    text = (
        "The stricter rules, involving wetlands as small as one-tenth of an acre, will mainly "
        "affect Westchester, Putnam and Dutchess counties, said an official."
    )
    assert leaning_kind(text) == "reference"


def test_roles_of_an_unnamed_body_bare_quantifiers_and_then_lean() -> None:
    # Graded on the demo's "nurse staffing" and "measles outbreak" and the White House
    # "migration" briefings, each passed before: which guild, which hospital, some of whom,
    # after what?
    assert (
        leaning_kind(
            '"Nurses are not leaving because they stopped caring," said Carla Dunleavy, the '
            "guild's president."
        )
        == "reference"
    )
    assert (
        leaning_kind(
            "Martin Ebersole, the hospital's chief executive, said the unit needs eight nurses."
        )
        == "reference"
    )
    assert leaning_kind("Some have been allowed back after getting vaccinated.") == "quantifier"
    assert (
        leaning_kind("Senior Director Gonzalez will then travel to Guatemala to meet officials.")
        == "connective"
    )
    assert (
        leaning_kind(
            "The exclusion order covers nine schools where a student with measles was present."
        )
        == "reference"
    )
    # what stands: a role of something the sentence names, a defining relative clause, "and
    # then" inside a condition, a quantifier of a named set
    assert leaning_kind("Ana Ruiz, the country's health minister, said cases fell.") is None
    assert (
        leaning_kind(
            "The previous moratorium, which protected millions of renters, expired on Saturday."
        )
        is None
    )
    assert leaning_kind("If mediation fails, the union will then call a strike in Ohio.") is None
    assert leaning_kind("Some of the protesters in Kabul were arrested by police.") is None


def test_a_study_never_said_whose_leans() -> None:
    # Graded on the White House "fentanyl" briefing: "A recent study recognized Canada's
    # heightened domestic production of fentanyl ..." passed before (which study?).
    assert (
        leaning_kind(
            "A recent study recognized Canada's heightened domestic production of fentanyl."
        )
        == "reference"
    )
    assert (
        leaning_kind("A recent study by Stanford University found that fentanyl deaths doubled.")
        is None
    )


def test_an_outlets_own_voice_a_titles_tail_and_an_accented_surname_lean() -> None:
    # Read on BBC "mobile phones" and White House "China and synthetic drugs" and the demo's
    # "National Guard troops" briefings; each passed before.
    assert (
        leaning_kind(
            "The BBC News website takes a look at how games on mobile phones are maturing."
        )
        == "formula"
    )
    assert (
        leaning_kind(
            "2023 (Public Law 117-263) amended the definition of major drug source countries."
        )
        == "fragment"
    )
    assert (
        leaning_kind('"The deployment is a decision of the Mexican state," Treviño told reporters.')
        == "person"
    )
    assert leaning_kind("In 2023 the law amended the definition of drug source countries.") is None


def test_a_title_standing_for_a_person_never_named_leans() -> None:
    # Graded on the White House "Central American migration and root causes": "The Vice
    # President has recognized the need to internationalize her efforts ..." passed before.
    assert (
        leaning_kind("The Vice President has recognized the need to internationalize her efforts.")
        == "person"
    )
    # a title with its office, or a head of government, is no such case
    assert leaning_kind("The Secretary of State met Mexican officials in Mexico City.") is None
    assert leaning_kind("The President signed the order on Friday in Washington.") is None


def test_an_unnamed_side_or_player_and_a_cut_relative_clause_lean() -> None:
    # Read on BBC "Liverpool football club": "The combatants from one-time prosperous mill
    # towns, are both founder members of the Football League." (the close named a strand by
    # it), "The 24-year-old England midfielder is determined to see out his contract ..."; on
    # the White House "Central America and migration": "Which is why over [2022], at the Summit
    # of the Americas ...". All three passed before.
    assert (
        leaning_kind(
            "The combatants from two old port towns are both founder members of the league."
        )
        == "reference"
    )
    assert (
        leaning_kind("The 27-year-old Wales striker is set to sign a new contract.") == "reference"
    )
    assert (
        leaning_kind("Which is why in 2023, at the regional summit, leaders launched a new plan.")
        == "fragment"
    )
    # a name after the role, or a question, is no such case
    assert leaning_kind("The Wales striker Gareth Bale is set to sign a new contract.") is None
    assert leaning_kind("Which club will win the league this season?") is None


def test_a_legal_texts_language_is_a_formula() -> None:
    # Read on the White House "Mexico and trade": "On January 11, 2018, the Secretary of
    # Commerce (Secretary) transmitted to the President a report ..." and "[As of February
    # 2025,] the provisions of clause 1 of Proclamation 9980 ... shall be ineffective as of
    # 12:01 a.m. ..." were strand sentences.
    assert (
        leaning_kind(
            "On May 2, 2019, the Secretary of Labor (Secretary) sent the President a report on "
            "imports of mill products (mill products) and jobs."
        )
        == "formula"
    )
    assert (
        leaning_kind("The duties set out in clause 2 shall be ineffective as of March 1, 2020.")
        == "formula"
    )
    # an acronym spelled out, a caption's "(pictured)", "shall" in a quotation: no formula
    assert leaning_kind("The Food and Drug Administration (FDA) approved the drug.") is None
    assert leaning_kind("Liverpool striker Michael Owen (pictured) scored twice.") is None
    assert leaning_kind('Ms Reed said the union "shall not be moved" by the threat.') != "formula"


def test_a_pronoun_after_an_opening_adverb_a_demonstrative_at_the_end_and_the_report_lean() -> None:
    # Graded blind (White House "Mexico and immigration enforcement", demo "measles vaccination
    # in schools", White House "Canada and steel tariffs"): "Twice they voted against additional
    # border and immigration personnel." led a briefing; "[As of February,] new cases at
    # several schools have reset that clock."; "[As of April 2025,] the Report makes
    # recommendations to the President ...". All three passed before.
    assert leaning_kind("Twice they voted against more money for the state's courts.") == (
        "reference"
    )
    assert leaning_kind("New cases at two more schools have reset that clock.") == "reference"
    assert leaning_kind("The Report makes recommendations to the Governor on prices.") == (
        "reference"
    )
    # a title with its office, a demonstrative before a clause, a name after: no such case
    assert leaning_kind("The Secretary of State met Mexican officials in Mexico City.") is None
    assert leaning_kind("Officials said that prices would rise in the spring.") is None


def test_a_judgement_said_as_the_sources_own_or_a_group_never_said_whose_leans() -> None:
    # Graded: "There is no doubt that mobile phones sporting cameras ... are hugely popular."
    # (BBC "mobile phones", the lead), "the need for an America First Trade Policy is
    # self-evident" (White House, the source's voice), "Analysts are not optimistic about
    # Yukos' chances in court." (whose analysts?)
    for text in (
        "There is no doubt that tablets with keyboards are hugely popular with students.",
        "The case for a new rail link to the north is self-evident.",
        "It is appropriate to extend the grant programme for another two years.",
        "Smugglers operate freely because of an intolerable failure of the border police.",
        # (White House "fentanyl": "Everyone here has probably heard the President of Mexico
        # say ...", a speech's room)
        "Everyone here has probably heard the minister say the bridge will be built.",
        # (White House "security cooperation" led with "As two nations with an enduring
        # partnership based on sovereignty, mutual respect, and ... friendship, the United
        # States and Mexico need and want to face security challenges together.")
        "Chile and Peru remain committed to an enduring partnership based on mutual trust and "
        "respect for each country's sovereignty.",
    ):
        assert leaning_kind(text) == "voice", text
    assert leaning_kind("Critics are doubtful about the carmaker's chances of a recovery.")
    # graded on fresh topics: a columnist's "Secretary ... is indisputably good at one part of
    # his job" (AllSides "the border crisis"); "The battling 35-year-old leaves the sport ..."
    # (BBC, read as the athlete named before, another person); "would not be drawn on the
    # claim" (which claim?)
    assert leaning_kind("Minister Ana Ruiz is indisputably good at one part of her job.") == "voice"
    assert leaning_kind("The gritty 33-year-old leaves the sport with a vast medal haul.")
    assert leaning_kind("The ministry would not be drawn on the claim.") == "reference"
    # said whose, it stands
    assert leaning_kind(
        "There is no doubt that prices will rise, Dr Ana Ruiz of the bank said."
    ) in (
        None,
        "person",
    )
    assert leaning_kind("Analysts at Halden Bank expect growth to slow this year.") is None
    # a meeting's act is no goodwill alone
    assert (
        leaning_kind(
            "Chile and Peru reaffirmed their commitment to deepen police cooperation through the "
            "Andes Framework, signed in 2021."
        )
        is None
    )
