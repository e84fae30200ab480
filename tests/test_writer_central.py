"""The central story of a planned briefing, and the sentences a reader cannot place. Each case
failed on the code before its rule; the texts are written for these tests, after briefings read
on BBC News ("Apple and iTunes", "Wales rugby", "the Labour party and Gordon Brown")."""

from __future__ import annotations

from typing import Any

from newsdesk.model import EvidenceDoc
from newsdesk.text import split_sentences
from newsdesk.write.extractive import ExtractiveWriter, product_config
from newsdesk.write.extractive.candidates import prepare
from newsdesk.write.extractive.compose import compose
from newsdesk.write.extractive.leaning import leaning_kind


def _doc(id_: str, story: str, source: str, title: str, text: str) -> EvidenceDoc:
    return EvidenceDoc(
        id_, title, text, split_sentences(text), source, "2025-03-06", story_id=story
    )


def _lead_id(topic: str, docs: list[EvidenceDoc], embedder: Any) -> str:
    prep = prepare(topic, docs, embed=embedder.encode, config=product_config())
    b = compose(prep, words=150, config=ExtractiveWriter().config_for(150))
    lead = next(p for p in b.paragraphs if p.role == "lead" and p.sentences[0].citations)
    return lead.sentences[0].citations[0].id


def test_the_central_story_names_the_topics_names_up_front(embedder):
    # Read on BBC "Apple and iTunes": the lead was "Mobiles are not yet ready to be
    # all-singing, all-dancing multimedia devices ...", a story that names iTunes only in its
    # fourth sentence, while the Mac mini's articles name Apple in their titles.
    phones = (
        "Phones are not yet ready to replace portable music players, two industry reports say. "
        "Handsets lack the storage and battery life that music fans expect from a player. "
        "Network operators are testing download stores that sell songs to handsets, as "
        "iTunes sells them to computers. The operators hope to copy the success of iTunes, "
        "whose store has sold more than 200 million songs for Apple's music players."
    )
    mini = (
        "Apple has unveiled a small, low-cost desktop computer aimed at first-time buyers. "
        "The machine will sell for less than half the price of the company's other desktops. "
        "Analysts said the computer could win over owners of the company's music players."
    )
    docs = [
        _doc("eeee0001", "phones", "Outlet A", "Phones not ready for music", phones),
        _doc(
            "eeee0002", "phones", "Outlet B", "Music phones lag players", phones.replace("two", "2")
        ),
        _doc(
            "eeee0003",
            "phones",
            "Outlet C",
            "Handsets fall short",
            phones.replace("fans", "lovers"),
        ),
        _doc("eeee0004", "mini", "Outlet D", "Apple unveils low-cost computer", mini),
    ]
    assert _lead_id("Apple and iTunes", docs, embedder) == "eeee0004"


def test_the_other_side_of_a_comparison_and_a_next_step_lean():
    # "Wales, on the other hand, have played some fine rugby ..." opened a paragraph; "For his
    # part, Mr Brown insists ..." and "Mr Blair then changed his mind in June 2004 ..." followed
    # sentences about something else.
    assert leaning_kind("Ireland, on the other hand, have won all three of their matches.") == (
        "connective"
    )
    assert leaning_kind("For her part, Ms Reed insists the plan will go ahead.") == "connective"
    assert leaning_kind("Mr Hale then changed his mind in May 2004, after allies intervened.") == (
        "connective"
    )
    assert leaning_kind("Mexico, by contrast, has cut its tariffs on steel.") == "connective"
    # a comparison the sentence carries is no such case
    assert leaning_kind("In contrast to last year, steel prices rose in every region.") is None


def test_a_topics_place_said_with_a_topic_word_up_front_makes_the_central_story(embedder):
    # Graded blind (White House "Canada and steel tariffs"): the lead was a measure on
    # Mexican steel, from the best-ranked steel story; the stories whose titles say tariffs on
    # Canada came later. A place alone is not enough: its title must hold a word of the topic.
    steel = (
        "Steel made in Mexico must be melted and poured in North America to enter free of the "
        "steel tariffs. Mexico agreed to watch its imports of steel from third countries. "
        "Officials said the steel tariffs had raised mill output in the United States."
    )
    canada = (
        "The President adjusted the tariffs on imports from Canada to spare parts of the car "
        "industry. The tariffs on Canadian steel and aluminum stay in place. Canada said it "
        "would keep its own tariffs on American steel."
    )
    docs = [
        _doc("ffff0001", "steel", "Outlet A", "Steel rules for Mexico", steel),
        _doc(
            "ffff0002", "steel", "Outlet B", "Mexico steel rules", steel.replace("watch", "track")
        ),
        _doc("ffff0003", "steel", "Outlet C", "New steel rules", steel.replace("raised", "lifted")),
        _doc("ffff0004", "canada", "Outlet D", "Tariffs on Canada adjusted", canada),
    ]
    assert _lead_id("Canada and steel tariffs", docs, embedder) == "ffff0004"


def test_a_topic_of_plain_words_is_led_by_the_story_that_opens_on_all_of_them(embedder):
    # Read on the demo corpus, "fentanyl task force": the lead was the cartel designation, a
    # story whose articles recall the task force in a later sentence (the best sentence of the
    # story beat the task force story's), while the task force's own articles say it in their
    # titles.
    task = (
        "Washington and Mexico City agreed to form a joint task force to trace fentanyl and the "
        "chemicals used to make them. The task force will share shipping data between customs "
        "services. Officials said its first meeting would follow within weeks."
    )
    label = (
        "The United States listed four Mexican crime groups as terrorist organizations, a step "
        "that exposes their backers to criminal charges. Mexican officials fear the listing "
        "could invite unilateral action. The new fentanyl task force will now track the "
        "fentanyl trade of the four groups as well, officials said."
    )
    docs = [
        _doc("ffff0001", "task", "Outlet A", "U.S. and Mexico set up fentanyl task force", task),
        _doc("ffff0002", "task", "Outlet B", "Fentanyl task force formed", task[:-7] + "month."),
        _doc("ffff0003", "label", "Outlet C", "Four cartels listed as terrorist groups", label),
        _doc(
            "ffff0004", "label", "Outlet D", "Cartels get terror label", label.replace("four", "4")
        ),
        _doc("ffff0005", "label", "Outlet E", "U.S. labels cartels", label.replace("step", "move")),
    ]
    assert _lead_id("fentanyl task force", docs, embedder) in {"ffff0001", "ffff0002"}


def test_a_named_topic_is_not_led_by_a_far_lower_story_for_its_title(embedder):
    # BBC "Gordon Brown's budget": the lead was a one-article profile ("The ultimate prize of 10
    # Downing Street may continue to elude him ...") whose title names Gordon Brown, not the
    # seven articles on the Budget, which name him in their opening sentences.
    profile = (
        "Ruth Dean may never get the top job, but as she prepares a record ninth budget she can "
        "console herself that she is the longest serving finance minister in decades. "
        "Colleagues say she still dreams of more."
    )
    budget = (
        "Finance minister Ruth Dean will present her budget to parliament on 16 March, the "
        "treasury has announced. The budget is expected to cut taxes for first-time buyers. "
        "Opposition parties called it an election budget."
    )
    docs = [
        _doc("dddd0001", "profile", "Outlet A", "Ruth Dean's long wait", profile),
        *(
            _doc(f"dddd000{k}", "budget", f"Outlet {k}", title, budget.replace("16", str(10 + k)))
            for k, title in enumerate(
                ("Dean names date", "Budget date set", "Budget on the way", "Tax cuts ahead"), 2
            )
        ),
    ]
    assert _lead_id("Ruth Dean's budget", docs, embedder) != "dddd0001"


def test_an_emphatic_self_and_a_continuing_still_lean():
    # BBC "Tony Blair and the Iraq war": "Tony Blair himself has said people complain he does
    # not listen." (himself, as against whom?); "Chelsea": "There was still drama as ..."
    # and BBC "England rugby": "The England coach went on to claim ..." (after what?)
    for text in (
        "Jack Hale himself has said voters think he is out of touch.",
        "There was still time for a late goal as the home side pressed.",
        "Coach Tom Hale went on to claim that only one side was refereed.",
    ):
        assert leaning_kind(text) == "connective"
    # a reflexive object is no such case
    assert leaning_kind("Striker Jack Hale hurt himself badly in training on Monday.") is None


def test_a_title_and_surname_inside_the_sentence_lean():
    # Graded (White House "security cooperation"): "... will be the counterpart for leadership
    # of the counter-Fentanyl effort with Dr. Sherwood-Randall." (who is she?); only a title
    # and surname opening a sentence were caught.
    from newsdesk.write.extractive.naming import person_without_role

    assert person_without_role("The minister will lead the talks with Dr. Hale-Morton.") == (
        "Dr. Hale-Morton"
    )
    assert person_without_role("The minister will lead the talks with Dr Ana Hale.") is None
