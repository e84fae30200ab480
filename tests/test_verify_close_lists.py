"""Graded on AllSides "China": the close "... and China tore into the US, UK, and Australia
for signing a defense technology deal (3 outlets)" was cut at ", and Australia", and the verify
stage dropped the whole close (neither half was close to its article). A list of names before
", and" is one clause. Our own paraphrase."""

from __future__ import annotations

from newsdesk.verify.clauses import clauses


def test_a_list_of_names_before_and_is_not_cut():
    close = (
        "Overall, the reporting followed these stories: the port reopened after the storm (2 "
        "outlets); and Norway rebuked Sweden, Finland, and Denmark for signing a fishing pact "
        "(3 outlets)."
    )
    assert [u.text for u in clauses(close)] == [
        "the port reopened after the storm",
        "Norway rebuked Sweden, Finland, and Denmark for signing a fishing pact",
    ]
    # two clauses joined by ", and" are still two
    two = "The council approved the budget for the harbour, and the mayor signed it on Friday."
    assert len(clauses(two)) == 2
