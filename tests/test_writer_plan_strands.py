"""What a planned briefing's strands hold.

A topic whose thing is qualified by a place ("the Cuba protests", "Iraq elections") gets
strands that say the place with the thing: graded, AllSides "the Cuba protests" had a strand on
Italy's protests over Covid rules and one on a rally in Washington; BBC "Iraq elections" ran
British election plans with no word of Iraq. Two outlets' openings on one story's fact are
told once.
"""

from __future__ import annotations

from newsdesk.model import EvidenceDoc
from newsdesk.text import split_sentences
from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.candidates import prepare
from newsdesk.write.extractive.compose import compose
from newsdesk.write.extractive.places import place_forms, topic_place_forms


def test_place_forms_hold_nationalities_and_other_names():
    assert {"Chile", "Chilean"} <= place_forms("Chile")
    assert {"Cuba", "Cuban"} <= place_forms("Cuba")
    assert {"Iraq", "Iraqi"} <= place_forms("Iraq")
    assert {"Mexico", "Mexican"} <= place_forms("Mexico")
    assert {"Italy", "Italian"} <= place_forms("Italy")
    assert {"UK", "Britain", "British"} <= place_forms("UK")
    assert "Afghanistan" in place_forms("Afghan")


def test_only_a_place_qualifying_one_thing_counts():
    assert "Cuban" in topic_place_forms("the Cuba protests")
    assert "Iraqi" in topic_place_forms("Iraq elections")
    # places related by a preposition, a list, a place alone: no rule
    assert topic_place_forms("fentanyl in U.S.-Mexico relations") == set()
    assert topic_place_forms("Canada and steel tariffs") == set()
    assert topic_place_forms("Chile") == set()
    assert topic_place_forms("Describe the protests in Chile. Include causes.") == set()
    # a party or a faith is no place (graded, BBC "the Conservative party": its manifesto
    # strand went for want of "Conservative" and "party" in one sentence)
    assert topic_place_forms("the Conservative party") == set()
    assert topic_place_forms("Republican senators") == set()


def _doc(i: int, title: str, text: str, source: str, day: str, story: str) -> EvidenceDoc:
    return EvidenceDoc(
        f"abcd{i:04d}", title, text, split_sentences(text), source, day, None, story_id=story
    )


def test_a_strand_of_another_place_is_no_strand(embedder):
    chile = [
        _doc(
            k,
            "Thousands march in Santiago against pension cuts",
            "Tens of thousands of Chileans marched through Santiago on Saturday in protests "
            "against a plan to cut state pensions, the largest demonstrations in Chile this "
            "decade. Police used water cannon near the presidential palace. Union leaders "
            "said the protests would continue until the plan is withdrawn.",
            src,
            "2023-03-04",
            "s-chile",
        )
        for k, src in enumerate(["Wire", "Herald", "Courier"])
    ]
    later = [
        _doc(
            10 + k,
            "Chile's government delays pension vote after protests",
            "The government of Chile postponed a vote on its pension plan on Tuesday after a "
            "week of protests in the capital. Ministers said they would meet union leaders "
            "before any new vote.",
            src,
            "2023-03-07",
            "s-chile-vote",
        )
        for k, src in enumerate(["Wire", "Gazette"])
    ]
    peru = [
        _doc(
            20 + k,
            "Fuel price protests spread across Peru",
            "Truck drivers blocked highways across Peru on Monday in protests against a rise in "
            "fuel prices, and farmers joined them in three southern provinces. The "
            "transport minister said talks with the drivers would open this week.",
            src,
            "2023-03-06",
            "s-peru",
        )
        for k, src in enumerate(["Wire", "Herald", "Observer"])
    ]
    cfg = product_config()
    prep = prepare("the Chile protests", [*chile, *later, *peru], embed=embedder.encode, config=cfg)
    b = compose(prep, words=250, config=cfg)
    text = " ".join(s.text for p in b.paragraphs for s in p.sentences)
    assert "Santiago" in text or "Chile" in text, text
    assert "Peru" not in text and "fuel" not in text, text


def test_two_openings_of_one_story_tell_its_fact_once(embedder):
    # AllSides "Texas abortion law": "A one-page order by the 5th U.S. Circuit Court of Appeals
    # reinstated ..." and "The 5th U.S. Circuit Court of Appeals late [on Friday, October 8]
    # temporarily allowed ...", two outlets' openings on one ruling, in one paragraph (graded
    # as a fact stated twice; cosine 0.67, too far apart for the repeat rule)
    order = (
        "A two-page order from the 9th U.S. Circuit Court of Appeals revived the city's "
        "strictest ban on street vending, which bars carts from every downtown block."
    )
    ruling = (
        "The 9th U.S. Circuit Court of Appeals on Friday let Portland's near-total street "
        "vending ban take effect again after pausing a district judge's block of the rule."
    )
    docs = [
        _doc(
            1,
            "Appeals court revives Portland vending ban",
            f"{order} Vendors said they would appeal to the full court. The city had defended "
            "the ban as a safety measure for crowded sidewalks.",
            "Wire",
            "2023-05-12",
            "s-court",
        ),
        _doc(
            2,
            "Court lets Portland enforce street vending ban",
            f"{ruling} About 300 licensed vendors work downtown, according to city records. "
            "A hearing on the merits is set for July.",
            "Herald",
            "2023-05-12",
            "s-court",
        ),
        _doc(
            3,
            "Portland council votes to cap vending permits",
            "The Portland city council voted 7-2 on Tuesday to cap street vending permits at "
            "250 a year, a move vendors' groups called a back-door ban. The cap takes effect in "
            "September. Council members said the limit would ease crowding on downtown streets.",
            "Courier",
            "2023-05-02",
            "s-council",
        ),
        _doc(
            4,
            "Vending permit cap passes council",
            "Portland's council capped street vending permits at 250 a year in a 7-2 vote on "
            "Tuesday. Vendors' groups said they would challenge the cap in court.",
            "Gazette",
            "2023-05-02",
            "s-council",
        ),
    ]
    cfg = product_config()
    prep = prepare("Portland street vending ban", docs, embed=embedder.encode, config=cfg)
    b = compose(prep, words=250, config=cfg)
    texts = [s.text for p in b.paragraphs if p.role != "overall" for s in p.sentences]
    told = [t for t in texts if "9th U.S. Circuit" in t]
    assert len(told) == 1, texts


def test_a_columnists_outlet_marks_opinion():
    from newsdesk.write.extractive.outlets import byline_outlet

    # AllSides gives a column's outlet as its writer: "David Harsanyi", "Rich Lowry"
    assert byline_outlet("David Harsanyi") and byline_outlet("Guest Writer - Left")
    assert not byline_outlet("Miami Herald") and not byline_outlet("Washington Examiner")
    assert not byline_outlet("Reuters") and not byline_outlet("Continental Wire Service")


def test_a_columns_sentence_is_no_fact_of_a_strand(embedder):
    # AllSides "the withdrawal from Afghanistan" stated a National Review column's "Biden, who
    # for 20 years has taken whatever the most popular position happened to be on Afghanistan
    # (so, all of them), believed he could get a quick ... victory" in the briefing's own voice
    reports = [
        _doc(
            40 + k,
            "Governor signs bill closing Harlow coal plant by 2030",
            "Governor Dana Price signed a bill on Monday that will close the Harlow coal plant "
            "by 2030 and pay its 400 workers for retraining. The plant supplies about a fifth "
            "of the state's electricity. Utility regulators must approve a replacement plan "
            "by next summer.",
            src,
            "2023-06-05",
            "s-plant",
        )
        for k, src in enumerate(["Wire", "Herald", "Courier"])
    ]
    column = _doc(
        50,
        "Price's coal gamble",
        "Governor Dana Price, who has backed whatever energy plan polled best in any given "
        "year, believed closing the Harlow coal plant would win her an easy green victory. "
        "The plant's workers will pay for her vanity.",
        "Martha Jennings",
        "2023-06-06",
        "s-plant",
    )
    vote = [
        _doc(
            60 + k,
            "Harlow council backs solar farm on plant site",
            "The Harlow town council voted 5-0 on Thursday to back a solar farm on the coal "
            "plant's land once it closes. The farm would employ about 60 people.",
            src,
            "2023-06-08",
            "s-solar",
        )
        for k, src in enumerate(["Wire", "Gazette"])
    ]
    cfg = product_config()
    prep = prepare(
        "the Harlow coal plant closure",
        [*reports, column, *vote],
        embed=embedder.encode,
        config=cfg,
    )
    b = compose(prep, words=250, config=cfg)
    text = " ".join(s.text for p in b.paragraphs for s in p.sentences)
    assert "polled best" not in text and "vanity" not in text, text


def test_a_surname_alone_before_a_past_tense_is_a_person_without_a_role():
    # graded: "During a stop at the border in Texas, Mayorkas commented that ..." and
    # "Sotherton finished third in the Olympic heptathlon ...", each article naming the person
    # in full elsewhere
    from newsdesk.write.extractive.naming import bare_surname

    article = (
        "Transport Secretary Ruth Calloway toured the depot. Sprinter Ama Okafor won gold. "
        "Arsenal lost at home. Fans in Central Ohio cheered."
    )
    assert bare_surname("On a visit to the depot, Calloway remarked that buses ran late.", article)
    assert bare_surname("Okafor finished second in the 200m final.", article) == "Okafor"
    assert bare_surname("Arsenal conceded twice in the first half.", article) is None
    assert bare_surname("In a statement, Biden said the talks went well.", article) is None


def test_all_three_without_its_set_leans():
    # graded, BBC "Apple": the close named a strand by "all three are Apple fan sites"
    from newsdesk.write.extractive.readability import ALL_KINDS, standalone_problem

    leaning = "All three are fan sites that watch the firm for news of its next products."
    assert standalone_problem(leaning, strict_context=True, leaning=ALL_KINDS) == "quantifier"


def test_a_result_or_a_pronoun_never_said_whose_leans():
    # graded, fresh topics: "Sales climbed to 364.4m euros, lifting revenue ..." (the firm only
    # in the next sentence), "Victory over Premiership strugglers Southampton, would bring ...",
    # "If they haven't [ID cards] they are going to be detained." (no speaker, no "they")
    from newsdesk.write.extractive.readability import ALL_KINDS, standalone_problem

    def kind(text: str) -> str | None:
        return standalone_problem(text, strict_context=True, leaning=ALL_KINDS)

    assert kind("Profits climbed to 80m pounds, lifting earnings for the year to a record.")
    assert kind("Victory over bottom side Millwall would send the club into the last eight.")
    assert kind("If they stay home on polling day the party is sure to lose the seat.")
    assert kind("Sales of electric vans rose 40% in Norway in the first half of the year.") is None
    assert kind("If the council fails to act, the depot will close in March.") is None


def test_a_topic_no_article_says_gets_a_notice(embedder):
    # AllSides "the minimum wage": no article says it; the briefing gave a "15% minimum tax"
    # and "$3.5 trillion ... at minimum" with no word that it found nothing closer
    fines = [
        _doc(
            70 + k,
            "City doubles parking fines downtown",
            "The city council voted on Monday to double parking fines downtown from July. "
            "Officials said the extra money would pay for new bus shelters.",
            src,
            "2023-04-03",
            "s-fines",
        )
        for k, src in enumerate(["Wire", "Herald"])
    ]
    levy = _doc(
        80,
        "Council backs a tourist levy",
        "The council backed a nightly levy on hotel guests on Tuesday to fund street cleaning.",
        "Courier",
        "2023-04-04",
        "s-levy",
    )
    cfg = product_config()
    prep = prepare("the parking levy", [*fines, levy], embed=embedder.encode, config=cfg)
    b = compose(prep, words=250, config=cfg)
    assert b.notice and "No matching article says “parking levy”" in b.notice, b.notice
    said = _doc(
        90,
        "A parking levy for offices",
        "The city plans a parking levy on offices.",
        "Gazette",
        "2023-04-05",
        "s-said",
    )
    prep = prepare("the parking levy", [*fines, levy, said], embed=embedder.encode, config=cfg)
    b = compose(prep, words=250, config=cfg)
    assert not b.notice or "No matching article says" not in b.notice, b.notice
