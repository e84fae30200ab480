"""Whose figure it is (issue 25, item 3, :mod:`newsdesk.stories.owners`): figures of two named
owners, read from the parse of their own clauses, are two figures. Each case of the first test
fails on the rules of main at 87d34d9. Paraphrases written for these tests; similarity is
fixed (every pair of sentences at cosine 0.9)."""

from __future__ import annotations

import pytest
from test_disagree_spans import _found

from newsdesk.stories.owners import owners, two_owners


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # two funds' losses on one sale, each named as the subject of its verb, far before it
        (
            "Northgate Capital, the pension fund that bought most of the bonds last spring, "
            "lost $40 million on the sale.",
            "Harrow Partners, the hedge fund that bought most of the bonds last spring, lost "
            "$55 million on the sale.",
        ),
        # a verb joined by "and" takes its subject from the first
        (
            "Northgate Capital, the pension fund that bought most of the bonds last spring, "
            "lost $40 million on the sale.",
            "Harrow Partners, the hedge fund that bought most of the bonds last spring, sold "
            "them in May and lost $55 million on the sale.",
        ),
        # two ratios to two bases
        (
            "Women were victims of assault at 7.5 times greater than the rate of men, the study "
            "found.",
            "The fall in crime in Ohio was four times greater than that of Texas, the study found.",
        ),
        # the marchers of two cities, each named as the antecedent of "where"
        (
            "Unrest spread to Patras, where a further 12,000 people marched against the cuts.",
            "Unrest also spread to Larissa, where 8,000 people marched against the cuts.",
        ),
    ],
)
def test_figures_of_two_named_owners_are_no_disagreement(one: str, two: str) -> None:
    a, b = (
        min(t.index(f) for f in ("$", "12,000", "8,000", "7.5", "four") if f in t)
        for t in (one, two)
    )
    assert two_owners(one, a, two, b)
    assert _found(one, two) == []


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # one city named alike in both
        (
            "Unrest spread to Patras, where a further 12,000 people marched against the cuts.",
            "Unrest also reached Patras, where 8,000 people marched against the cuts.",
        ),
        # an owner named on one side only says nothing against the other
        (
            "Mrs Page had been in hospital in Denver for four weeks with pneumonia.",
            "She had been in hospital for three weeks with pneumonia, her agent said.",
        ),
    ],
)
def test_figures_of_one_owner_still_disagree(one: str, two: str) -> None:
    assert _found(one, two)


def test_owners_read_the_clause_of_the_figure() -> None:
    text = "Harrow Partners, a hedge fund, lost $55 million on the sale."
    who, where = owners(text, text.index("$"))
    assert who == {"harrow", "partners"} and not where
    text = "Unrest spread to Patras, where a further 12,000 people marched."
    who, where = owners(text, text.index("12,000"))
    assert where == {"patras"}
