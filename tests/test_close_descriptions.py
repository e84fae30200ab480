"""Graded on fresh topics: "and Gymnast Simone Biles chose her mental health" (an AllSides
store that never writes "gymnast" in lower case), "and Boss Sir Alex Ferguson was left ruing
...", "Manchester United avoided an FA Cup (3 articles)" (the parse took "upset" for a
participle after the name). Our own paraphrases."""

from __future__ import annotations

from test_writer_topic_words import _doc

from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.candidates import prepare
from newsdesk.write.extractive.clauses import headline_clause


def _prep(embedder, texts: list[str]):
    docs = [_doc(k, f"Report {k}", t, "Ledger", "2022-02-10", "s-1") for k, t in enumerate(texts)]
    return prepare("the games", docs, embed=embedder.encode, config=product_config())


def test_a_description_no_evidence_writes_as_a_name_is_lower_case(embedder):
    skater = "Skater Simone Hale chose her mental health over a medal at the winter games."
    boss = "Boss Sir Alan Grant was left ruing his side's failure to close the gap on the leaders."
    prep = _prep(embedder, [skater, boss, "The games opened on Friday in the mountains."])
    assert headline_clause(skater, [], prep, 18).startswith("skater Simone Hale chose")
    assert headline_clause(boss, [], prep, 24).startswith("boss Sir Alan Grant was left")
    # a name before a name keeps its capital ("Wrexham boss Sir Alan ..." has a name first)
    named = "Wrexham manager Dean Hale was left ruing his side's failure to close the gap."
    prep = _prep(embedder, [named, "The fans of Wrexham sang on."])
    assert headline_clause(named, [], prep, 24).startswith("Wrexham manager Dean Hale")
    # a party before a title keeps its capital (graded: "democratic Sen. Joe Manchin")
    party = "Democratic Sen. Ron Vale said he would oppose the spending bill in its present form."
    prep = _prep(embedder, [party, "The democratic process took its course."])
    assert headline_clause(party, [], prep, 24).startswith("Democratic Sen. Ron Vale")


def test_no_clause_ends_on_a_name_after_a_or_an():
    for text in (
        "Leeds United avoided an FA Cup upset by edging past Exeter City in their replay.",
        "Leeds United avoided a League Cup upset by beating Exeter City in their replay.",
    ):
        got = headline_clause(text, [], None, 18)
        assert got is None or "upset" in got
