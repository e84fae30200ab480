"""Where a sentence proper begins (:func:`newsdesk.boilerplate.content_start`)."""


def test_a_bold_section_label_is_not_part_of_the_sentence():
    # White House fact sheets open with "**SAFEGUARDING THE NATION:** President ...": the
    # Markdown label made the whole sentence boilerplate, so the facts after it were never used.
    from newsdesk.boilerplate import content_start

    text = "**SAFEGUARDING THE NATION:** President Trump is proceeding with tariffs on imports."
    assert text[content_start(text) :].startswith("President Trump is proceeding")
    text = "- **Border security:** The two countries agreed to share intelligence on cartels."
    assert text[content_start(text) :].startswith("The two countries agreed")
    # bold words inside a sentence are no label
    text = "The plan is **not** final, officials said."
    assert content_start(text) == 0
