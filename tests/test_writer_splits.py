"""Sentences the splitter cut at an abbreviation are joined back before the writer reads them:
a month and its day, a title and a name, a time and its day or zone. A real sentence end
after the same abbreviations stays."""

from __future__ import annotations

from newsdesk.write.extractive.candidates import merge_split_spans


def _pieces(text: str, cuts: list[str]) -> list[str]:
    spans, pos = [], 0
    for piece in cuts:
        start = text.index(piece, pos)
        spans.append((start, start + len(piece)))
        pos = start + len(piece)
    return [text[a:b] for a, b in merge_split_spans(text, spans)]


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
