"""Sentences the splitter cut at an abbreviation are joined back before the writer reads them:
a month and its day, a title and a name, a time and its day or zone. A real sentence end
after the same abbreviations stays."""

from __future__ import annotations

from newsdesk.text import split_sentences
from newsdesk.write.extractive.candidates import Candidate, make_candidates, merge_split_spans


def _pieces(text: str, cuts: list[str]) -> list[str]:
    spans, pos = [], 0
    for piece in cuts:
        start = text.index(piece, pos)
        spans.append((start, start + len(piece)))
        pos = start + len(piece)
    return [text[a:b] for a, b in merge_split_spans(text, spans)]


def _candidates(text: str) -> list[Candidate]:
    spans = [(s.start, s.end) for s in split_sentences(text)]
    return make_candidates([text], [spans], min_words=8, max_words=55)


def test_month_title_and_time_abbreviations_are_joined_back() -> None:
    text = (
        "The executions of Glen McGinnis (Jan. 25) and Anzel Jones (Jan. 26) are set. "
        "The first impeachment was of Sen. William Blount of Tennessee. "
        "Fans lined up by 6 p.m. Tuesday, and the doors opened at 1:40 a.m. Eastern time."
    )
    cuts = [
        "The executions of Glen McGinnis (Jan.", "25) and Anzel Jones (Jan.", "26) are set.",
        "The first impeachment was of Sen.", "William Blount of Tennessee.",
        "Fans lined up by 6 p.m.", "Tuesday, and the doors opened at 1:40 a.m.",
        "Eastern time.",
    ]  # fmt: skip
    assert _pieces(text, cuts) == [
        "The executions of Glen McGinnis (Jan. 25) and Anzel Jones (Jan. 26) are set.",
        "The first impeachment was of Sen. William Blount of Tennessee.",
        "Fans lined up by 6 p.m. Tuesday, and the doors opened at 1:40 a.m. Eastern time.",
    ]


def test_a_real_sentence_end_after_the_same_abbreviations_stays() -> None:
    text = "They began the camp-out at 9 a.m. Their spirits were up. It ended in Oct. The end."
    cuts = ["They began the camp-out at 9 a.m.", "Their spirits were up.", "It ended in Oct.",
            "The end."]  # fmt: skip
    assert _pieces(text, cuts) == cuts


def test_a_long_sentence_broken_across_a_line_continues_on_the_next_line() -> None:
    text = (
        "The delegation was led by the Homeland Security Advisor and included the ambassador, "
        "the deputy secretary for management, the deputy attorney general, the senior advisor "
        "for drug policy and the department's senior counsel\n"
        "Anna Novak; and the deputy chief of mission, Mark Olsen.\n\n"
        "Border Security and Public Health\n"
        "Officials agreed to share more data on precursor chemicals."
    )
    spans = [(s.start, s.end) for s in split_sentences(text)]
    pieces = [text[a:b] for a, b in merge_split_spans(text, spans)]
    assert not any(p.startswith("Anna Novak") for p in pieces)
    assert any(
        p.endswith("senior counsel\nAnna Novak; and the deputy chief of mission, Mark Olsen.")
        for p in pieces
    )
    # A short heading is not a sentence broken across a line: it stays apart.
    assert not any("Public Health\nOfficials" in p for p in pieces)


def test_the_tail_of_a_sentence_broken_across_lines_is_not_a_sentence() -> None:
    text = (
        "Ministers from both countries met in the capital on Thursday for a third round.\n"
        "They discussed chemicals, firearms and the money that moves between the cartels.\n"
        "A joint statement was released after the meeting ended late in the evening.\n"
        "The delegation was led by the Homeland Security\n"
        "Advisor and included the ambassador, the attorney general and the senior counsel\n"
        "Anna Novak; and the deputy chief of mission, Mark Olsen.\n\n"
        "Border Security and Public Health Cooperation Between Both Nations\n"
        "Officials agreed to share more data on precursor chemicals with customs agencies."
    )
    cands = _candidates(text)
    verdict = {c.text.split()[0]: c.problem for c in cands}
    assert verdict["Anna"] == "fragment"
    assert verdict["Officials"] is None  # after a title-case heading: a sentence
    # A list line with a semicolon is running text, title case or not.
    text2 = (
        "Ministers from both countries met in the capital on Thursday for a third round.\n"
        "They discussed chemicals, firearms and the money that moves between the cartels.\n"
        "A joint statement was released after the meeting ended late in the evening.\n"
        "Control Policy, Kemp Chester; the Department of Justice Senior Counsel\n"
        "Anna Novak; and the deputy chief of mission, Mark Olsen, attended the talks.\n"
    )
    cands = _candidates(text2)
    assert {c.text.split()[0]: c.problem for c in cands}["Anna"] == "fragment"
    # A list item, or a line after one that ended in an ellipsis or closing emphasis, starts
    # afresh.
    text3 = (
        "Ministers from both countries met in the capital on Thursday for a third round.\n"
        "They discussed chemicals, firearms and the money that moves between the cartels.\n"
        "The minister told reporters the results speak for themselves and more will come…\n"
        "The two governments will meet again in the spring to review the joint plan.\n"
        "It focuses on creating opportunities for young women in rural areas. **\n"
        "- On her trip, the minister witnessed the signing of a memorandum on ports.\n"
    )
    cands = _candidates(text3)
    assert all(c.problem != "fragment" for c in cands), [(c.text, c.problem) for c in cands]
