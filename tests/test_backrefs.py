"""A definite description of something its article told just before it leans (issue 20, item
4): "the change", "the links", "the deployment" in a sentence from the middle of an article.

The examples are the kinds a blind reading of briefings found, written here in our own words.
Each passed the reader's detector before this change."""

from __future__ import annotations

from conftest import evidence_doc

from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.backrefs import back_reference
from newsdesk.write.extractive.candidates import prepare
from newsdesk.write.extractive.readability import ALL_KINDS, standalone_problem


def test_a_description_of_what_the_article_told_just_before_leans() -> None:
    cases = [
        (
            "Workers at a Ford plant in Ohio walked out on Monday over pay.",
            "Ford said the plant would stay closed until at least next week.",
            "plant",
        ),
        (
            "The search firm will link to scanned library books. Readers will find them online.",
            "Google will not be paid for providing the links to the scanned books.",
            "links",
        ),
        (
            "Mexico began its deployment of troops to the border on Tuesday.",
            "U.S. officials did not immediately comment on the deployment.",
            "deployment",
        ),
    ]
    for before, text, head in cases:
        # the sentence alone passes every other check of the reader's configuration
        assert standalone_problem(text, strict_context=True, leaning=ALL_KINDS) is None, text
        assert back_reference(text, before) == head


def test_what_says_which_by_itself_or_the_topic_names_does_not_lean() -> None:
    before = "The election will be held in May. The government has a board. The poll closed."
    assert (
        back_reference("Labour leads ahead of the election, he said.", before, "the UK election")
        is None
    )
    # a head that a definite article makes specific by itself
    assert back_reference("The government said it would act within weeks.", before) is None
    # "of", a possessive, a place after it, an aside saying which
    assert back_reference("The board of the school met on Monday night.", before) is None
    assert back_reference("The school board in Pratt met on Monday night.", before) is None
    assert back_reference("The poll, conducted in June, found support falling.", before) is None
    # the sentence introduces it itself
    assert back_reference("A new poll came out, and the poll showed a tie.", before) is None
    # nothing before it: an article's lead
    assert back_reference("The poll showed a tie.", "") is None


def test_a_change_told_in_other_words_before_leans() -> None:
    # "the change" pointed back at "a clear evolution of US policy": no word repeats, so the
    # noun itself says that it points back.
    text = "Mr Blair had personally seen the change over time in talks with Mr Bush."
    assert standalone_problem(text, strict_context=True, leaning=ALL_KINDS) == "reference"


def test_a_pronoun_speaker_further_from_the_end_leans() -> None:
    # Before: four words after "he insisted" hid the unnamed speaker (the limit was three).
    text = (
        'Claims that the answer was drafted by Downing Street were "wholly unfounded," he '
        "insisted during stormy Lords exchanges."
    )
    assert standalone_problem(text, strict_context=True, leaning=ALL_KINDS) == "pronoun"


def test_the_reader_configuration_leaves_such_a_sentence_out_unless_the_topic_names_it() -> None:
    text = (
        "Mexico began the deployment of 10,000 troops to its northern border on Tuesday, "
        "officials in Mexico City said. U.S. officials did not immediately comment on the "
        "deployment of the troops to the border region."
    )
    text2 = text.replace("of the troops to the border region", "in a statement to reporters")
    doc = evidence_doc("abcd0001", text2, title="Mexico sends troops", published="2026-02-03")
    problems = {
        c.index: c.problem for c in prepare("Mexico troops", [doc], config=product_config()).cands
    }
    assert problems == {0: None, 1: "follows"}
    problems = {
        c.index: c.problem
        for c in prepare("the deployment of Mexican troops", [doc], config=product_config()).cands
    }
    assert problems == {0: None, 1: None}


def test_the_description_ends_at_its_verb_and_a_compound_names_the_head() -> None:
    # Before: "the site looks plausible" was read as a description headed by "plausible", and
    # "website" did not count as a mention of "the site".
    before = "Net users are warned to avoid a scam website that claims to collect cash for victims."
    text = "The site looks plausible because it copies an old version of a charity's page."
    assert back_reference(text, before) == "site"


def test_they_after_an_opening_phrase_and_unnamed_participants_lean() -> None:
    for text in (
        "Recognizing the importance of trade ties, they agreed on new customs checks at the "
        "ports.",
        # a speech's garbled "To schedule an appointment ..., do they qualify." (White House)
        "To book a slot at a crossing and file their claim there without entering illegally "
        "and have it heard by an officer, do they become eligible.",
        "Participants discussed how to move forward on smuggling, illicit finance and corruption.",
    ):
        assert standalone_problem(text, strict_context=True, leaning=ALL_KINDS) == "reference"
    for text in (
        "When Biden and Trudeau met in Ottawa, they agreed on a joint plan for the border.",
        "Participants from both countries discussed smuggling and illicit finance at length.",
    ):
        assert standalone_problem(text, strict_context=True, leaning=ALL_KINDS) is None, text


def test_a_permits_language_a_cut_dates_tail_a_plural_acronym_and_the_orders_lean() -> None:
    # Before: each stood in a White House briefing on "the U.S.-Mexico border" (read there).
    cases = {
        "The Permittee shall file any statements and reports that federal law requires for "
        "the crossing.": "formula",
        "3, 2024, by the Permittee to the Secretary of State and made complete with additional "
        "information.": "fragment",
        "Upon request, the Permittee will provide information to the President about the "
        "crossing.": "reference",
        "As of February 2025, the Mexican DTOs have a working alliance with the "
        "government.": "acronym",
        "The orders make clear that the flow of drugs across the border is a national "
        "emergency.": "reference",
    }
    for text, kind in cases.items():
        assert standalone_problem(text, strict_context=True, leaning=ALL_KINDS) == kind, text
    # plurals of acronyms everyone knows, or spelled out, stand
    for text in (
        "Labour MPs have angrily criticised the prime minister over the new tax plans.",
        "Drug trafficking organizations (DTOs) have grown stronger along the border, the "
        "Justice Department said.",
    ):
        assert standalone_problem(text, strict_context=True, leaning=ALL_KINDS) is None, text


def test_a_name_holding_the_word_is_no_earlier_mention() -> None:
    # Before: "the mock votes" leaned on "the Y Vote Mock Elections 2005", a scheme's name,
    # and a sentence that stands alone left a BBC election briefing.
    before = "Some 600 schools have signed up for the Y Vote Mock Elections 2005 run by a charity."
    text = "Its project manager said he looked forward to schools taking part in the mock votes."
    assert back_reference(text, before) is None
    assert back_reference(text, "Some 600 schools will hold mock votes in May.") == "votes"


def test_a_player_given_only_by_age_or_position_leans() -> None:
    # Before: a graded England rugby briefing led with "The 18-year-old will play alongside
    # ..."; the player was never named.
    for text in (
        "The 18-year-old will partner club colleague Jamie Noon in the England midfield.",
        "The Newcastle fly-half has been ruled out of the Six Nations with a knee injury.",
    ):
        assert standalone_problem(text, strict_context=True, leaning=ALL_KINDS) == "reference"
    named = "The England fly-half Charlie Hodgson kicked four penalties in the win over Italy."
    assert standalone_problem(named, strict_context=True, leaning=ALL_KINDS) is None


def test_a_fellow_of_someone_never_named_leans() -> None:
    # Before: "Fellow Bath prop Duncan Bell will start on the bench, ..." led a graded briefing.
    text = "Fellow Bath prop Duncan Bell will start on the bench as the coach makes one change."
    assert standalone_problem(text, strict_context=True, leaning=ALL_KINDS) == "connective"


def test_a_surname_its_article_gave_in_full_before_leans():
    # BBC "England rugby": "The Rugby Football Union (RFU) will investigate Robinson after
    # deciding not to lodge a complaint against Kaplan." (who are they?), while the article
    # named "Andy Robinson" and "Jonathan Kaplan" before.
    from newsdesk.write.extractive.backrefs import surname_told_before

    before = "Wales coach Tom Harper criticised referee Owen Baxter after the defeat by Italy. "
    assert surname_told_before("The union will look into Harper's remarks about Baxter.", before)
    # given in full, a head of government, a role right after, or a place are no such case
    assert surname_told_before("The union will look into Tom Harper's remarks.", before) is None
    assert surname_told_before("The union wrote to Biden.", "President Joe Biden said so.") is None
    assert surname_told_before("The union wrote to Baxter, a referee since 2001.", before) is None
    assert (
        surname_told_before("The deal was agreed in Korea.", "Officials in South Korea said.")
        is None
    )
