"""Theme labels name a subject, not a document format (issue 23, item 2): no model, no store."""

from __future__ import annotations

from newsdesk.stories.summaries import theme_labels_of


def _theme(label: str, headlines: list[str]) -> dict[str, object]:
    return {
        "label": label,
        "stories": [{"id": f"s{label[:3]}{i}", "label": h} for i, h in enumerate(headlines)],
    }


def test_format_words_stay_out_of_theme_labels():
    # The stored labels are what the grouping gave on the White House documents. Fails on the
    # old rules: "Proclamation" and "Announces", "Key" (each in one theme only) were kept.
    themes = [
        _theme("United · Proclamation", [
            "A Proclamation on Adjusting Imports of Steel Into the United States",
            "A Proclamation on Adjusting Imports of Aluminum Into the United States",
            "Adjusting Imports of Steel Into the United States",
        ]),
        _theme("Announces · Key", [
            "FACT SHEET: President Biden Announces Key Nominees to Boundary Commission",
            "President Biden Announces Key Nominees",
            "President Biden Announces Key Appointments to Boundary Commission",
        ]),
        _theme("Fentanyl · Cartels", [
            "Joint Statement on Fentanyl Trafficking by Cartels",
            "Readout of Call on Fentanyl and Cartels",
        ]),
    ]  # fmt: skip
    labels = theme_labels_of(themes)
    words = {w.casefold() for label in labels for w in label.replace("·", " ").split()}
    assert not words & {"proclamation", "announces", "key", "united", "readout", "statement"}
    assert "Steel" in labels[0] and "Boundary Commission" in labels[1]
    assert labels[2] == "Fentanyl · Cartels"
