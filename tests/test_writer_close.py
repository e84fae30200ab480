"""The "Overall" close of a reader's briefing: a sentence not yet used that sums up the
outlets' strands when one qualifies (verbatim and cited), else the earlier behaviour (the chosen
sentence closest to the others, or the templated line when the budget leaves room); and the
writer's ranked selection that ``newsdesk eval roundups`` cuts under the DUC protocol."""

from __future__ import annotations

import re
from dataclasses import replace

from newsdesk.model import EvidenceDoc
from newsdesk.text import split_sentences
from newsdesk.verify import verify
from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.compose import (
    CLOSE_WORDS,
    choose,
    compose,
    prepare,
    ranked,
    summing_up,
)

LEFT = (
    "The Senate voted 50 to 48 on Thursday to raise the federal debt limit by $480 billion. "
    "Senate Majority Leader Chuck Schumer said the vote averted a default that would have "
    "shaken markets. Republican senators accused Democrats of planning trillions in new "
    "spending on social programs. Treasury Secretary Janet Yellen had warned the government "
    "would run out of cash by October 18."
)
CENTER = (
    "The House is expected to approve the short-term debt limit increase next Tuesday. House "
    "Majority Leader Steny Hoyer said members would return early from their recess for the "
    "vote. Progressive members of the House want the larger social spending bill passed first. "
    "The measure keeps the government able to borrow until early December."
)
RIGHT = (
    "Minority Leader Mitch McConnell let the debt limit increase pass after weeks of standoff. "
    "McConnell said Republicans would not help Democrats raise the borrowing cap again in "
    "December. "
    "The Senate vote and the coming House vote only delay the debt limit fight until December, "
    "when Treasury cash runs low again. Several Republican senators criticized McConnell for "
    "offering the deal to Democrats."
)


def _doc(id_: str, text: str, source: str, lineage: str | None = None) -> EvidenceDoc:
    return EvidenceDoc(
        id=id_,
        title="t",
        text=text,
        sentences=split_sentences(text),
        source=source,
        published="2021-10-08",
        lineage_id=lineage,
    )


def _docs(lineage: str | None = None) -> list[EvidenceDoc]:
    return [
        _doc("aaaa0001", LEFT, "Left News", lineage),
        _doc("aaaa0002", CENTER, "Center News", lineage),
        _doc("aaaa0003", RIGHT, "Right News", lineage),
    ]


def test_the_close_is_an_unused_sentence_that_sums_up_the_strands(embedder):
    # The unplanned writer's close (a reader's briefing is now planned from stories, with a
    # templated close: tests/test_writer_plan.py).
    docs = _docs()
    cfg = replace(product_config(), plan=False)
    prep = prepare(None, docs, config=cfg, embed=embedder.encode)
    choice = choose(prep, words=150, since=None, until=None, cfg=cfg, close_room=CLOSE_WORDS)
    used = sum(prep.cands[i].n_words for i in choice.chosen) + choice.reserve
    j = summing_up(prep, choice, 150 - used + CLOSE_WORDS, cfg)
    assert j is not None and j not in choice.chosen
    b = verify(compose(prep, words=150, config=cfg), {d.id: d.text for d in docs})
    close = b.paragraphs[-1]
    assert close.role == "overall" and len(close.sentences) == 1
    s = close.sentences[0]
    assert s.kind in ("extracted", "repaired") and s.verdict is not None and s.verdict.ok
    assert s.text == prep.cands[j].shown
    others = [x.text for p in b.paragraphs[:-1] for x in p.sentences]
    assert s.text not in others
    assert b.word_count() <= 150


def test_without_a_sentence_to_sum_up_the_budget_goes_back_to_content():
    # One lineage: there are no strands to sum up across, so no close is searched for and the
    # 30 words kept for it go back to the selection.
    docs = _docs(lineage="wire0001")
    cfg = product_config()
    prep = prepare(None, docs, config=cfg)
    choice = choose(prep, words=150, since=None, until=None, cfg=cfg, close_room=CLOSE_WORDS)
    assert summing_up(prep, choice, 200, cfg) is None
    with_close = compose(prep, words=150, config=cfg)
    without = compose(prep, words=150, config=replace(cfg, overall_extracted_min_words=0))
    assert with_close.text() == without.text()


def test_a_short_briefing_keeps_the_earlier_close():
    docs = _docs()
    cfg = product_config()
    prep = prepare(None, docs, config=cfg)
    b = compose(prep, words=100, config=cfg)
    assert b == compose(prep, words=100, config=replace(cfg, overall_extracted_min_words=0))


def test_ranked_is_the_selection_then_the_next_sentence():
    docs = _docs()
    cfg = product_config()
    prep = prepare(None, docs, config=cfg)
    choice = choose(prep, words=50, since=None, until=None, cfg=cfg)
    order = ranked(prep, words=50, config=cfg)
    shown = [" ".join(prep.cands[i].shown.split()) for i in choice.chosen]
    assert order[: len(shown)] == shown
    assert len(order) == len(shown) + 1 and order[-1] not in shown
    assert sum(len(t.split()) for t in order) > 50  # the DUC protocol's cut has words to cut


def test_the_templated_close_counts_outlets_per_story_and_frames_one_storys_days():
    # The close names each story with its outlet count (issue 20: "with dates and outlet
    # counts"); a story told by its days is framed as one story, without counts (before: "the
    # reporting followed these stories" for the days of one story, and no counts anywhere).
    from newsdesk.briefing import Citation
    from newsdesk.write.extractive.close import overall_sentences

    parts = [
        (
            "the union voted to strike",
            "on January 13",
            "2 outlets",
            [Citation("aaaaaaaa", 0, 5)],
            ("a", 0, 0),
        ),
        (
            "talks collapsed",
            "on January 28",
            "3 outlets",
            [Citation("bbbbbbbb", 0, 5)],
            ("b", 1, 0),
        ),
    ]
    [s] = overall_sentences(parts)
    assert s.text == (
        "Overall, the reporting followed these stories: on January 13, the union voted to strike "
        "(2 outlets); and on January 28, talks collapsed (3 outlets)."
    )
    assert [c.id for c in s.citations] == ["aaaaaaaa", "bbbbbbbb"]
    [t] = overall_sentences(parts, steps=True)
    assert t.text == (
        "Overall, the story unfolded as follows: on January 13, the union voted to strike; "
        "and on January 28, talks collapsed."
    )
    # a count left empty (one outlet in all) is not shown
    [u] = overall_sentences([(*p[:2], "", *p[3:]) for p in parts])
    assert "(" not in u.text


def _close_parts(n: int) -> list:  # type: ignore[type-arg]
    """``n`` parts of a close (clause, day, outlet count, citations, where), and a paragraph
    of 40 words before it."""
    from newsdesk.briefing import Citation

    rows = [
        ("the union voted to strike", "on January 13", "2 outlets"),
        ("talks collapsed", "on January 28", "3 outlets"),
        ("the strike ended", "on February 15", "4 outlets"),
    ]
    return [
        (c, day, count, [Citation(chr(97 + k) * 8, 0, 5)], (chr(97 + k), k, 0))
        for k, (c, day, count) in enumerate(rows[:n])
    ]


def _body() -> list:  # type: ignore[type-arg]
    from newsdesk.briefing import BriefSentence, Paragraph

    return [Paragraph("lead", [BriefSentence(" ".join(["word"] * 40) + ".", "extracted", [])])]


def test_the_counts_go_before_a_sentence_of_the_body_does():
    # A close that fits only without its outlet counts is given without them; before, the
    # counts' words had a sentence of the body left out to make room for them.
    from newsdesk.write.extractive.close import _fitted_close

    parts, paragraphs = _close_parts(2), _body()
    bare = (
        "Overall, the reporting followed these stories: on January 13, the union voted to "
        "strike; and on January 28, talks collapsed."
    )
    words = 40 + len(bare.split())  # room for the close without its counts only
    [close] = _fitted_close(None, paragraphs, parts, {}, words)  # type: ignore[arg-type]
    assert close.text == bare
    assert len(paragraphs[0].sentences) == 1
    [counted] = _fitted_close(None, paragraphs, parts, {}, words + 4)  # type: ignore[arg-type]
    assert counted.text.endswith("(3 outlets).")


def test_a_third_strand_goes_before_the_counts_do():
    # The grader preferred a close naming three strands to one naming two (BBC "tsunami aid");
    # before, the close kept its counts and named two when the three fitted only without them.
    from newsdesk.write.extractive.close import _fitted_close

    three = (
        "Overall, the reporting followed these stories: on January 13, the union voted to "
        "strike; on January 28, talks collapsed; and on February 15, the strike ended."
    )
    words = 40 + len(three.split())
    [close] = _fitted_close(None, _body(), _close_parts(3), {}, words)  # type: ignore[arg-type]
    assert close.text == three


def test_a_strand_the_close_must_name_may_take_a_longer_clause(embedder):
    # BBC "England rugby": a strand's only sentence, "Sir Clive Woodward will coach the Northern
    # team against ... in a tsunami fund-raising match at Twickenham", gave no clause of 18
    # words, so the close named one strand and was left out. As the last resort for a second
    # strand, a clause of up to 24 words is taken.
    from newsdesk.write.extractive.close import _close_part
    from newsdesk.write.extractive.pool import usable_candidates
    from newsdesk.write.extractive.strands import Strand

    text = (
        "Sir Tom Reed will coach the Northern side against Dan Cole's Southern side in a charity "
        "fund-raising match at Twickenham. Tickets go on sale next week."
    )
    doc = EvidenceDoc("abcd0001", "Reed to coach charity match", text, split_sentences(text))
    cfg = product_config()
    prep = prepare("rugby charity match", [doc], embed=embedder.encode, config=cfg)
    usable_candidates(prep, since=None, until=None, cfg=cfg)
    strand = Strand("s", [0], [0], 1, None, None, chosen=[0])
    assert _close_part(prep, strand)[1] is None
    _, part = _close_part(prep, strand, last_share=1.0)
    assert part is not None and "charity fund-raising match" in part[2]


def test_a_one_sentence_strand_gives_way_to_the_close_and_nothing_goes_for_no_close():
    # White House "security cooperation": five paragraphs of long sentences left no room for a
    # close naming two strands, and no paragraph had a second sentence to spare, so there was
    # no close. A strand paragraph of one sentence the close does not name now gives way.
    # Before, sentences left out to make room stayed out when the close still did not fit.
    from types import SimpleNamespace

    from newsdesk.briefing import BriefSentence, Paragraph
    from newsdesk.write.extractive.close import _fitted_close

    def body() -> tuple[list, dict]:  # type: ignore[type-arg]
        lead = BriefSentence(" ".join(["lead"] * 40) + ".", "extracted", [])
        weak = BriefSentence(" ".join(["weak"] * 30) + ".", "extracted", [])
        strong = BriefSentence(" ".join(["strong"] * 30) + ".", "extracted", [])
        paragraphs = [
            Paragraph("lead", [lead]),
            Paragraph("strand", [weak]),
            Paragraph("strand", [strong]),
        ]
        return paragraphs, {0: lead, 1: weak, 2: strong}

    cands = [SimpleNamespace(score=s, doc=9, index=k) for k, s in enumerate((0.9, 0.1, 0.5))]
    prep = SimpleNamespace(cands=cands, docs=[])
    parts = _close_parts(2)
    paragraphs, cited = body()
    words = 100 + 10  # the close (19 words at the least) fits only without a paragraph
    [close] = _fitted_close(prep, paragraphs, parts, cited, words)  # type: ignore[arg-type]
    assert close.text.startswith("Overall")
    assert [p.sentences[0].text.split()[0] for p in paragraphs] == ["lead", "strong"]
    paragraphs, cited = body()
    assert _fitted_close(prep, paragraphs, parts, cited, 50) == []  # type: ignore[arg-type]
    assert len(paragraphs) == 3


def test_a_close_part_from_an_unshown_sentence_says_what_the_body_said(embedder):
    # Graded twice (the demo, "U.S. tariff threat against Mexico"): the close named the task
    # force strand by "officials from both countries said the new U.S.-Mexico task force on
    # fentanyl held its first meeting in Washington", from an article the body never cited,
    # while the strand told only the task force's founding.
    from newsdesk.write.extractive.close import _told
    from newsdesk.write.extractive.strands import Strand

    text = (
        "Canada and Chile agreed on Monday to set up a joint task force to track lithium "
        "smuggling, the first result of talks restarted last year."
    )
    doc = EvidenceDoc("abcd0002", "Task force agreed", text, split_sentences(text))
    prep = prepare("lithium task force", [doc], embed=embedder.encode, config=product_config())
    strand = Strand("s", [0], [0], 1, None, None, chosen=[0])
    new_fact = "officials said the new task force held its first meeting in Santiago"
    assert not _told(prep, strand, new_fact)
    assert _told(
        prep, strand, "Canada and Chile agreed to set up a task force on lithium smuggling"
    )


def test_a_strands_outlet_count_is_of_the_outlets_that_carry_it(embedder):
    # Graded (the demo): "(2 outlets)" beside a part citing three outlets' articles: wire
    # copies carried by other papers were counted once. The count is of the outlets a reader
    # sees.
    from newsdesk.write.extractive.close import close_parts
    from newsdesk.write.extractive.pool import usable_candidates
    from newsdesk.write.extractive.select import cite_all
    from newsdesk.write.extractive.strands import Strand

    wire = "Springfield council approved a new bus depot on Monday after a two-year dispute."
    other = "The port authority opened a second container terminal on Tuesday, officials said."
    docs = [
        EvidenceDoc(f"abcd000{k}", "Depot approved", wire, split_sentences(wire), source=src)
        for k, src in enumerate(("Wire", "Paper A", "Paper B"))
    ]
    docs.append(EvidenceDoc("abcd0009", "Terminal opens", other, split_sentences(other), "Paper C"))
    cfg = product_config()
    prep = prepare("city transport", docs, embed=embedder.encode, config=cfg)
    prep.lineage = ["w", "w", "w", "c"]  # the papers reprint the wire copy
    _, _, sims, _ = usable_candidates(prep, since=None, until=None, cfg=cfg)
    strands = [
        Strand("s", [0, 1, 2], [0], 1, None, None, chosen=[0]),
        Strand("t", [3], [3], 1, None, None, chosen=[3]),
    ]
    cited = cite_all(prep, [0, 3], sims, cfg)
    parts = close_parts(prep, strands, cited, sims, cfg, True)
    assert [p[2] for p in parts] == ["3 outlets", "1 outlet"]


def _city_close(embedder, texts: list[str], groups: list[list[int]]) -> list[str]:  # type: ignore[no-untyped-def]
    """The close's parts for one article per text, a strand per group of articles: the ID of
    each part's first cited article."""
    from newsdesk.write.extractive.close import close_parts
    from newsdesk.write.extractive.pool import usable_candidates
    from newsdesk.write.extractive.select import cite_all
    from newsdesk.write.extractive.strands import Strand

    docs = [
        EvidenceDoc(f"abce000{k}", "City news", t, split_sentences(t), source=f"Paper {k}")
        for k, t in enumerate(texts)
    ]
    cfg = product_config()
    prep = prepare("city transport", docs, embed=embedder.encode, config=cfg)
    _, _, sims, _ = usable_candidates(prep, since=None, until=None, cfg=cfg)
    strands = [Strand(f"s{g[0]}", g, g, len(g), None, None, chosen=list(g)) for g in groups]
    cited = cite_all(prep, list(range(len(texts))), sims, cfg)
    return [p[3][0].id for p in close_parts(prep, strands, cited, sims, cfg, True)]


_AIRPORT = (
    "Springfield airport added three new routes to Asia on Wednesday, a move that local firms "
    "had sought for a decade and that airlines had long resisted."
)


def test_the_close_names_the_central_story_first_even_by_a_restating_clause(embedder):
    # Graded ("fentanyl task force"): the close named the cartel designation and the tariff's
    # postponement, not the task force the briefing led with, whose one sentence gave only a
    # clause restating it.
    texts = [
        "Springfield council approved a new bus depot on Monday.",
        "The port authority opened a second container terminal on Tuesday, a project that took "
        "six years and cost more than the city's annual budget, officials said.",
        _AIRPORT,
    ]
    assert _city_close(embedder, texts, [[0], [1], [2]])[:1] == ["abce0000"]


def test_a_close_part_that_would_lean_is_not_taken():
    # BBC "Apple iPod" and "tsunami aid" (read, not tuned on): "Ian Harris said the machine
    # would appeal to PC-owning consumers" (his role was an aside the clause dropped) and "its
    # central bank says Sri Lanka faces a $1.3bn bill" (the report said first).
    from newsdesk.write.extractive.close import _leans

    assert _leans("Tom Hale said the device would appeal to first-time buyers")
    assert _leans("its central bank says Chile faces a $2bn bill for reconstruction")
    assert not _leans("the Asian Development Bank has said two million people could be poor")


def test_the_close_names_the_central_story_by_another_sentence_than_the_lead(embedder):
    # Graded: "the close just repeats the lead" (BBC "England rugby": "the Daily Mail reports
    # England will protest to the International Rugby Board ..." opened both the briefing and
    # its close). Another shown sentence of the central story names it now when one gives a
    # clause; the lead's own clause stays the fallback.
    texts = [
        "Springfield council approved a new bus depot on Monday, ending a two-year dispute with "
        "residents who had opposed the plan at every public meeting.",
        "Springfield council will build the depot on the old rail yard, a site it bought in 2019 "
        "after a long dispute with the railway, officials said.",
        _AIRPORT,
    ]
    assert _city_close(embedder, texts, [[0, 1], [2]])[:1] == ["abce0001"]


def test_a_clause_keeps_no_half_of_a_dash_aside():
    # BBC "university tuition fees" closed on "tuition fees and student loans in England and
    # Wales - and did not seem to have affected the choices of young people": the subject's
    # "- and the different fee regime in Scotland -" lost all but its first dash and "and"
    from newsdesk.write.extractive.clauses import headline_clause

    text = (
        "Bus fares and rail tickets in Leeds and York - and the new parking charges in Hull - "
        "did not seem to have changed the habits of commuters, even the richest."
    )
    clause = headline_clause(text, [], None, 24)
    assert clause is None or not re.search(r"\s-\s+and\b|\s-$", clause), clause
    # a whole aside between dashes still goes whole
    whole = (
        "Grain prices in Kansas - the state hit hardest by drought - did not appear to have "
        "hurt the incomes of farmers."
    )
    assert headline_clause(whole, [], None, 24) == (
        "grain prices did not appear to have hurt the incomes of farmers"
    )


def test_a_close_of_how_things_stood_only_is_no_close():
    # DUC 2006: "Overall, the reporting followed these stories: as of July 1998, slackers and
    # Generation X types are hardly slack (1 outlet); and as of October 1998, each generation
    # has some legitimate gripes and fears (1 outlet)." names no story
    from newsdesk.briefing import Citation
    from newsdesk.write.extractive.close import overall_sentences

    cite = [Citation("abcd0001", 0, 10)]
    stood = [
        ("wind farms cover most of the plains", "as of March 1998", "1 outlet", cite, ("", 0, 0)),
        ("rooftop panels are cheaper than ever", "as of September 1998", "", cite, ("", 1, 0)),
    ]
    assert overall_sentences(stood) == []
    happened = [stood[0], ("the state opened a solar farm", "on September 3", "", cite, ("", 1, 0))]
    assert overall_sentences(happened)


def test_a_present_tense_says_how_things_stood():
    # DUC 2006: "in March 2000, federal programs include the Native American Employment ..."
    # is how things stood then, not what happened that month
    from newsdesk.write.extractive.close_time import _states

    assert _states("federal programs include job training and school grants")
    assert _states("many farmers believe the new rules will raise costs")
    # a past tense spelt as a present is no state
    assert not _states("the two governments set a deadline for the talks")
    assert not _states("the council approved the plan")


def test_a_clause_keeps_no_neither_without_its_nor():
    # DUC 2006: "an American scientist said there is neither evidence that global warming is a
    # serious problem" was cut from "... and nor truly cause to worry that ...": half a pair
    from newsdesk.write.extractive.clauses import headline_clause

    text = (
        "There is neither proof that a sales tax is a serious burden and nor truly cause to "
        "fear that duties on imported goods that raise costs like steel could disrupt the "
        "nation's trade, said a Danish economist."
    )
    for limit in (18, 24):
        clause = headline_clause(text, [], None, limit)
        assert clause is None or "nor" in clause.split(), clause


def test_a_clause_keeps_the_verb_the_parse_left_unlabelled():
    # DUC 2006: "legislation needed to implement an international treaty on foreign adoptions"
    # named a strand: the parse made "needed" the root and left "unanimously passed the Senate"
    # hanging off it unlabelled, and the clause dropped the verb that said what happened
    from newsdesk.write.extractive.clauses import headline_clause

    text = (
        "Legislation needed to enforce a regional accord on river pollution unanimously passed "
        "the Senate on Thursday."
    )
    clause = headline_clause(text, ["on Thursday"], None, 18)
    assert clause is None or "passed" in clause, clause


def test_a_close_gives_what_will_happen_its_day(embedder):
    # AllSides "the border crisis" closed on "as of June 30, former president Donald Trump will
    # visit the U.S.-Mexico border": June 30 is the day of the visit, not a day things stood
    def doc(i: int, title: str, text: str, source: str, day: str, story: str) -> EvidenceDoc:
        return EvidenceDoc(
            f"abcd{i:04d}", title, text, split_sentences(text), source, day, None, story_id=story
        )

    visit = (
        "Governor Dana Price will visit the flooded river towns of the Harlow valley on "
        "Friday, joining relief crews and local mayors for a tour of the worst-hit streets. "
        "The visit comes a week after the river rose to its highest level in forty years. "
        "Price has promised state money to rebuild the bridges the flood destroyed."
    )
    flood = (
        "Floodwaters in the Harlow valley forced more than 3,000 people from their homes on "
        "Saturday after the river broke through two levees. Rescue crews used boats to reach "
        "families stranded on rooftops in the town of Elmore. State officials said the levees "
        "had not been repaired since a smaller flood in 2011."
    )
    title = "Governor to tour flooded Harlow valley towns"
    docs = [doc(k, title, visit, s, "2023-06-14", "s-visit") for k, s in enumerate("ABC")]
    title = "Harlow valley floods force thousands from homes"
    docs += [doc(10 + k, title, flood, s, "2023-05-07", "s-flood") for k, s in enumerate("DE")]
    cfg = product_config()
    prep = prepare("floods in the Harlow valley", docs, embed=embedder.encode, config=cfg)
    b = compose(prep, words=250, config=cfg)
    [close] = [p for p in b.paragraphs if p.role == "overall"]
    text = close.sentences[0].text
    assert "on June 16, Governor Dana Price will visit" in text, text


def test_a_clause_keeps_whose_finding_it_is():
    # graded, AllSides "Andrew Cuomo": the close said "on August 3, Gov. Andrew M. Cuomo
    # sexually harassed multiple women", cut from "..., according to a much anticipated report
    # from the New York State attorney general, ... released on Tuesday"
    from newsdesk.write.extractive.clauses import headline_clause

    text = (
        "Mayor Ellen Voss misused city funds on three trips abroad, breaking state ethics "
        "rules, according to a long-awaited report from the state comptroller released on "
        "Tuesday."
    )
    for limit in (18, 24):
        clause = headline_clause(text, ["on Tuesday"], None, limit)
        assert clause is None or "according to" in clause, clause
