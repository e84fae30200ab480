"""A reporter's question in a briefing transcript is no statement of the source's: graded in
the White House fentanyl briefing, "[As of February 2024,] the president of Mexico has many
times said that there are no fentanyl labs operating in Mexico" came from a "Q" turn of a
press call and read as the White House's own claim. The transcript below is written for the
test."""

from __future__ import annotations

from newsdesk.write.extractive.candidates import in_question_turn

CALL = (
    "MODERATOR: Thanks, everyone, for joining this call on the border talks.\n\n"
    "SENIOR ADMINISTRATION OFFICIAL: The two delegations agreed to share cargo data at six "
    "crossings starting next month.\n\n"
    "Q Yes, hi. The governor has often said that no smuggling tunnels run under the river. "
    "Do you agree with that?\n\n"
    "SENIOR ADMINISTRATION OFFICIAL: We found four tunnels last year and closed all of them.\n\n"
    "Q: And the inspections?\n\n"
    "MODERATOR: That is all the time we have."
)


def test_a_sentence_in_a_reporters_turn_is_the_question_not_the_source():
    premise = CALL.index("The governor has often said")
    assert in_question_turn(CALL, premise)
    assert in_question_turn(CALL, CALL.index("And the inspections"))


def test_the_officials_answers_and_ordinary_text_are_statements():
    assert not in_question_turn(CALL, CALL.index("We found four tunnels"))
    assert not in_question_turn(CALL, CALL.index("The two delegations agreed"))
    # a paragraph that opens with "Q" in an article without speaker turns is not a question
    story = "Q Street lobbyists met the senators on Monday.\n\nThe bill passed on Tuesday."
    assert not in_question_turn(story, 0)
