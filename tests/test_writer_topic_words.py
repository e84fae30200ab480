"""A topic's words in the sense the topic uses them (graded, fresh topics): BBC "ID cards" had
strands on chip-and-pin card fraud; AllSides "the eviction moratorium" one on a call for a
moratorium on vaccine booster shots; BBC "the euro" ones on a company selling shares "priced at
9 euros cents" and a carmaker getting "1bn euros"."""

from __future__ import annotations

from newsdesk.model import EvidenceDoc
from newsdesk.text import split_sentences
from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.candidates import prepare
from newsdesk.write.extractive.compose import compose
from newsdesk.write.extractive.readability import ALL_KINDS, standalone_problem
from newsdesk.write.extractive.topicwords import _said, pair_words


def _kind(text: str) -> str | None:
    return standalone_problem(text, strict_context=True, leaning=ALL_KINDS)


def _doc(i: int, title: str, text: str, source: str, day: str, story: str) -> EvidenceDoc:
    return EvidenceDoc(
        f"beef{i:04d}", title, text, split_sentences(text), source, day, None, story_id=story
    )


def test_a_short_topic_names_its_thing_by_all_its_common_words():
    assert pair_words("the eviction moratorium") == {"eviction", "moratorium"}
    assert pair_words("ID cards") == {"id", "card"}  # two capitals count
    assert pair_words("student loan forgiveness") == {"student", "loan", "forgiveness"}
    # beside a place, one word is a phrase, beside a name two; a head of no thing ("crisis")
    # is none
    assert pair_words("the Afghan refugee crisis") == {"refugee"}
    assert pair_words("the BBC licence fee") == {"licence", "fee"}
    assert pair_words("the Derek Chauvin trial") == set()
    assert pair_words("the UK general election") == {"general", "election"}
    assert pair_words("England rugby") == {"rugby"}
    # a list, a question, a name or a word alone, a longer phrase: no rule
    assert pair_words("fentanyl and tariffs") == set()
    assert pair_words("Describe the protests. Include causes.") == set()
    assert pair_words("Apple") == set()
    assert pair_words("the euro") == set()
    assert pair_words("the border crisis") == set()
    assert pair_words("rising costs of public university tuition fees") == set()


def test_a_currency_after_a_figure_is_a_unit():
    assert _said(["the", "euro", "rose"], {"euro"}) == {"euro"}
    assert _said(["get", "1bn", "euro"], {"euro"}) == set()
    assert _said(["at", "9", "euro", "cent"], {"euro"}) == set()
    assert _said(["364", "4m", "euro"], {"euro"}) == set()
    # any other word is the topic's wherever it stands ("25% tariffs")
    assert _said(["25", "tariff"], {"tariff"}) == {"tariff"}


def _three(base: int, title: str, text: str, day: str, story: str) -> list[EvidenceDoc]:
    return [
        _doc(base + k, title, text, src, day, story)
        for k, src in enumerate(["Wire", "Herald", "Courier"])
    ]


def test_a_strand_sharing_one_word_of_two_is_no_strand(embedder):
    lapse = _three(
        0,
        "Renters face evictions as federal moratorium ends",
        "A federal eviction moratorium for renters behind on payments expired on Saturday after "
        "Congress failed to extend it. Housing groups said millions of tenants could lose their "
        "homes within weeks. Landlords said they had carried unpaid rent for more than a year.",
        "2022-07-31",
        "s-lapse",
    )
    court = _three(
        10,
        "Court ends the new eviction freeze",
        "The Supreme Court ended the government's new eviction freeze on Thursday, ruling that "
        "the health agency had no power to impose it. Tenants' lawyers said the moratorium had "
        "kept families housed through the winter.",
        "2022-08-25",
        "s-court",
    )
    utilities = _three(
        20,
        "Regulators extend pandemic moratorium on utility shut-offs",
        "State regulators extended a pandemic moratorium on shutting off power and water to "
        "households behind on their bills on Tuesday, citing the number of families still out "
        "of work. Utilities said unpaid bills had passed $2 billion and asked for federal help. "
        "Consumer groups said the moratorium had kept the lights on for millions of renters.",
        "2022-08-09",
        "s-utilities",
    )
    cfg = product_config()
    prep = prepare(
        "the eviction moratorium", [*lapse, *court, *utilities], embed=embedder.encode, config=cfg
    )
    b = compose(prep, words=250, config=cfg)
    text = " ".join(s.text for p in b.paragraphs for s in p.sentences)
    assert "eviction" in text, text
    assert "shut" not in text and "utilit" not in text.lower(), text


def test_a_currency_as_a_unit_is_no_strand_of_it(embedder):
    slide = _three(
        0,
        "Dollar falls to a record low against the euro",
        "The dollar fell to a record low against the euro on Monday as traders bet that "
        "American interest rates would stay low. Exporters in Germany and France said the strong "
        "euro was hurting their sales abroad.",
        "2022-12-05",
        "s-slide",
    )
    bank = _three(
        10,
        "Central bank keeps rates on hold as the euro climbs",
        "The European Central Bank kept interest rates on hold on Thursday and said it was "
        "watching the rise of the euro closely. Its president said the currency's strength "
        "could slow growth next year.",
        "2022-12-08",
        "s-bank",
    )
    shares = _three(
        20,
        "Theme park operator sells new shares to cut its debt",
        "A theme park operator will sell new shares priced at 9 euro cents each to cut its "
        "debts. It hopes to raise 250m euros from the sale, which its banks have backed.",
        "2022-12-06",
        "s-shares",
    )
    cfg = product_config()
    prep = prepare("the euro", [*slide, *bank, *shares], embed=embedder.encode, config=cfg)
    b = compose(prep, words=250, config=cfg)
    text = " ".join(s.text for p in b.paragraphs for s in p.sentences)
    assert "euro" in text, text
    assert "theme park" not in text.lower() and "shares" not in text, text


def test_talk_and_a_columnists_hook_are_the_sources_voice():
    # graded, fresh topics: "Yes, the Apple laptop and Sony Walkman are classic gadgets." (a
    # reader's comment printed under a BBC article) and a Vox opening, "Watching the news or
    # browsing social media, it would be easy to think that critical race theory is ..."
    assert _kind("Yes, the old pocket radio and the first games console were true classics.")
    assert _kind("Well, it was goodbye to another season of near misses for the club.")
    assert _kind("Reading the headlines, it would be easy to think the housing plan is new.")
    assert _kind("You could be forgiven for thinking the council had already decided.")
    # "No one", "Yesterday", a quoted "Yes": no talk of the source's own
    assert _kind("No one was hurt when the roof of the depot fell in on Sunday.") is None
    assert _kind('Mayor Ann Lee of Leeds said: "Yes, we will build the bridge this year."') is None


def test_a_figure_its_clause_does_not_say_leans():
    # graded, AllSides "the minimum wage": "The figure, which Manchin has been floating
    # publicly for weeks, falls far below the $3.5 trillion ..." (the figure never given)
    assert _kind("The figure, which the mayor has floated for weeks, falls short of the cost.")
    assert _kind("The figures, which the agency released in May, show a sharp rise.")
    # a relative clause still defines any other noun, as before
    assert _kind("The previous moratorium, which protected renters, expired in July 2021.") is None
