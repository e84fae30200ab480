"""The corruptions of ``newsdesk eval verify``: a true sentence changed in one known way.

Each returns the changed sentence, or None when the sentence offers nothing to change (no
number, no dated phrase, no auxiliary verb ...). A changed value is checked against the source
article so that the corrupted sentence is really unsupported by it.
"""

from __future__ import annotations

import calendar
import random
import re
from datetime import timedelta

from newsdesk.reltime import WEEKDAYS, find_dates, format_day
from newsdesk.verify.dates import DateFact, agree, date_facts
from newsdesk.verify.entities import required_words
from newsdesk.verify.facts import quantities
from newsdesk.verify.support import SourceDoc, negations

SWAP_LABELS = ("PERSON", "ORG", "GPE", "NORP")
_AUX = re.compile(
    r"\b(is|was|are|were|has|have|had|will|would|can|could|should|does|did|do|may|might)\b"
    r"(?!\s+(?:not|n't|never)\b)"
)
_OPENER = re.compile(
    r"^((?:In|On|At|After|Before|During|Since|While|Although|When|Despite|Last|This|Earlier|"
    r"Later|Under|For|With|By|Over)\b[^,\"“”]{2,60}),\s+(.+)$"
)
_SAID_THAT = re.compile(
    r"^([A-Z][^,\"“”]{2,60}?)\s+(said|says|announced|reported|added)"
    r"(\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?\s+that\s+"
    r"([^\"“”]{20,})\.$"
)
_TRAILING_SAID = re.compile(r"^([^\"“”]{20,}?),\s+([^,]{2,50}?)\s+(said|says)\.$")
_QUOTE_SAID = re.compile(r'^"([^"]{20,}?),"\s+(.{2,60}?)\s+(said|says|added|told [^.]{1,40})\.$')


# -- corruptions ------------------------------------------------------------------------------


def paraphrase(text: str) -> str | None:
    """The same facts with clauses reordered, or None when no rule applies."""
    m = _OPENER.match(text)
    if m and text.endswith("."):
        opener, rest = m.group(1), m.group(2)
        first = opener[0].lower() + opener[1:] if opener.split()[0] not in ("I",) else opener
        return rest[0].upper() + rest[1:-1] + " " + first + "."
    m = _QUOTE_SAID.match(text.replace("“", '"').replace("”", '"'))
    if m:
        return f'{m.group(2)[0].upper()}{m.group(2)[1:]} {m.group(3)}, "{m.group(1)}."'
    m = _SAID_THAT.match(text)
    if m:
        who, verb, when, rest = m.group(1), m.group(2), m.group(3) or "", m.group(4)
        if who.split()[0] in ("The", "A", "An"):
            who = who[0].lower() + who[1:]
        return f"{rest[0].upper()}{rest[1:]}, {who} {verb}{when}."
    m = _TRAILING_SAID.match(text)
    if m and not m.group(1).startswith(('"', "“")):
        body, who, verb = m.group(1), m.group(2), m.group(3)
        who = who[0].upper() + who[1:]
        return f"{who} {verb} that {body[0].lower() if not _proper(body) else body[0]}{body[1:]}."
    m = re.match(r"^(.{20,}?),\s+(according to [^,]{3,60})\.$", text)
    if m:
        return f"{m.group(2)[0].upper()}{m.group(2)[1:]}, {m.group(1)[0].lower()}{m.group(1)[1:]}."
    return None


def _proper(text: str) -> bool:
    """Whether the first word is a name (kept capitalised when it moves inside)."""
    first = text.split()[0]
    return (
        first not in ("The", "A", "An", "It", "This", "That", "There", "In", "On")
        and (first.isupper() or first[0].isupper())
        and first.lower()
        not in (
            "the",
            "a",
            "an",
            "it",
            "this",
            "that",
            "there",
            "in",
            "on",
            "he",
            "she",
            "they",
            "we",
        )
    )


def change_number(text: str, doc: SourceDoc, rng: random.Random) -> str | None:
    spans = [(m.start, m.end) for m in find_dates(text, None)]
    qs = [q for q in quantities(text, skip=spans) if q.text[:1].isdigit() or q.text[:1] in "$€£"]
    if not qs:
        return None
    have = quantities(doc.text)
    q = rng.choice(qs)
    m = re.search(r"\d[\d,]*(?:\.\d+)?", q.text)
    if not m:
        return None
    raw = m.group()
    value = float(raw.replace(",", ""))
    for _ in range(20):
        new = value + rng.choice([-1, 1]) * max(1.0, round(value * rng.uniform(0.1, 0.6)))
        if new <= 0 or new == value:
            continue
        new_raw = (
            f"{new:,.0f}" if "," in raw else (f"{new:.0f}" if "." not in raw else f"{new:.1f}")
        )
        scale = q.value / value if value else 1.0
        if any(abs(h.value - new * scale) < 1e-6 * max(1, new * scale) for h in have):
            continue
        a = q.start + m.start()
        return text[:a] + new_raw + text[a + len(raw) :]
    return None


def swap_entity(
    text: str,
    ents: list[tuple[str, str]],
    doc: SourceDoc,
    pool: dict[str, list[str]],
    rng: random.Random,
) -> str | None:
    words = doc.words()
    choices = [(t, lab) for t, lab in ents if lab in SWAP_LABELS and required_words(t)]
    if not choices:
        return None
    old, label = rng.choice(choices)
    options = [
        e
        for e in pool.get(label, [])
        if e != old and required_words(e) and not any(w in words for w in required_words(e))
    ]
    if not options:
        return None
    return text.replace(old, rng.choice(options), 1)


def shift_date(text: str, doc: SourceDoc, rng: random.Random) -> str | None:
    have = find_dates(doc.text, doc.day)
    mentions = [m for m in find_dates(text, doc.day) if m.first is not None]
    if not mentions:
        return None
    m = rng.choice(mentions)
    assert m.first is not None
    phrase = m.phrase
    for _ in range(20):
        if m.relative:
            low = phrase.lower()
            day = next((w for w in WEEKDAYS if w in low), None)
            if day is None:
                return None
            other = rng.choice([w for w in WEEKDAYS if w != day])
            i = low.index(day)
            new_phrase = phrase[:i] + other.capitalize() + phrase[i + len(day) :]
        else:
            if m.first != m.last:
                return None
            new_day = m.first + timedelta(days=rng.choice([-1, 1]) * rng.randint(2, 40))
            with_year = bool(re.search(r"\b(19|20)\d\d\b", phrase))
            new_phrase = format_day(new_day, year=with_year)
        new_text = text[: m.start] + new_phrase + text[m.end :]
        found = [
            x for x in find_dates(new_text, doc.day) if x.start == m.start and x.first is not None
        ]
        if not found:
            continue
        x = found[0]
        assert x.first is not None and x.last is not None
        if any(h.first and h.last and h.first <= x.last and x.first <= h.last for h in have):
            continue
        return new_text
    return None


def insert_negation(text: str) -> str | None:
    if negations(text):
        return None
    m = _AUX.search(text)
    if not m:
        return None
    return text[: m.end()] + " not" + text[m.end() :]


def shares_run(sentence: str, other: str, n: int = 8) -> bool:
    w = re.findall(r"\w+", sentence.lower())
    o = " " + " ".join(re.findall(r"\w+", other.lower())) + " "
    return any(" " + " ".join(w[i : i + n]) + " " in o for i in range(max(1, len(w) - n + 1)))


# -- date forms without a day, and relative dates (issue 21) ----------------------------------

_MONTH_NAMES = [calendar.month_name[m] for m in range(1, 13)]
_RELATIVE_SWAPS = {
    "last week": ("last month", "last year", "next week"),
    "this week": ("last month", "next month", "last year"),
    "next week": ("last week", "last month", "last year"),
    "last month": ("last year", "next month", "last week"),
    "this month": ("last year", "next year"),
    "next month": ("last year", "last month"),
    "last year": ("next year", "last month", "last week"),
    "this year": ("last year", "next year"),
    "next year": ("last year", "last month"),
    "yesterday": ("last month", "last year"),
    "today": ("last month", "last year"),
    "tomorrow": ("last month", "last year"),
}


def _doc_facts(doc: SourceDoc) -> list[DateFact]:
    facts = date_facts(doc.text, doc.day)
    if doc.day is not None:
        facts.append(DateFact(0, 0, "", doc.day, doc.day))
    return facts


def _unsupported_in(new_text: str, start: int, doc: SourceDoc) -> bool:
    """Whether the date form now at ``start`` agrees with no date of the article."""
    have = _doc_facts(doc)
    found = [f for f in date_facts(new_text, doc.day) if f.start == start]
    if not found:
        return False
    return not any(agree(found[0], h) for h in have)


def shift_month(text: str, doc: SourceDoc, rng: random.Random) -> str | None:
    """A month named alone ("in January") changed to one no date of the article falls in."""
    bare = [
        f for f in date_facts(text, None) if f.first is None and f.months and len(f.months) == 1
    ]
    bare = [f for f in bare if f.phrase.lower() in {m.lower() for m in _MONTH_NAMES}]
    if not bare:
        return None
    f = rng.choice(bare)
    options = [m for m in _MONTH_NAMES if m.lower() != f.phrase.lower()]
    rng.shuffle(options)
    for m in options:
        new_text = text[: f.start] + m + text[f.end :]
        if _unsupported_in(new_text, f.start, doc):
            return new_text
    return None


def shift_year(text: str, doc: SourceDoc, rng: random.Random) -> str | None:
    """A year (alone or in a date) moved by one to three years."""
    years = [
        (m.start(), m.end(), int(m.group()))
        for m in re.finditer(r"(?<![\d$.,])\b(?:19|20)\d\d\b(?![.,]\d|\s*%)", text)
    ]
    if not years:
        return None
    a, b, y = rng.choice(years)
    for delta in rng.sample([-3, -2, -1, 1, 2, 3], 6):
        new_text = text[:a] + str(y + delta) + text[b:]
        facts = [f for f in date_facts(new_text, doc.day) if f.start <= a < f.end]
        if facts and not any(agree(facts[0], h) for h in _doc_facts(doc)):
            return new_text
    return None


def shift_weekday(text: str, doc: SourceDoc, rng: random.Random) -> str | None:
    """A weekday changed to another (the article dated, so that it names another day)."""
    if doc.day is None:
        return None
    hits = list(
        re.finditer(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", text)
    )
    if not hits:
        return None
    m = rng.choice(hits)
    options = [w.capitalize() for w in WEEKDAYS if w != m.group(1).lower()]
    rng.shuffle(options)
    for w in options:
        new_text = text[: m.start()] + w + text[m.end() :]
        facts = [f for f in date_facts(new_text, doc.day) if f.start <= m.start() < f.end]
        if facts and not any(agree(facts[0], h) for h in _doc_facts(doc)):
            return new_text
    return None


def shift_relative(text: str, doc: SourceDoc, rng: random.Random) -> str | None:
    """A relative date ("last week", "yesterday") swapped for another that, read from the
    article's date, names a time the article does not."""
    if doc.day is None:
        return None
    low = text.lower()
    hits = [(low.find(k), k) for k in _RELATIVE_SWAPS if re.search(rf"\b{k}\b", low)]
    hits = [(i, k) for i, k in hits if i >= 0]
    if not hits:
        return None
    i, k = rng.choice(hits)
    for new in rng.sample(_RELATIVE_SWAPS[k], len(_RELATIVE_SWAPS[k])):
        word = new.capitalize() if text[i].isupper() else new
        new_text = text[:i] + word + text[i + len(k) :]
        if _unsupported_in(new_text, i, doc):
            return new_text
    return None


def wrong_repair(text: str, doc: SourceDoc, rng: random.Random) -> str | None:
    """A relative weekday repaired with the date a week off (the wrong direction):
    "on Tuesday" -> "[on Tuesday, August 24]" where the article means August 31."""
    if doc.day is None:
        return None
    facts = [
        f
        for f in date_facts(text, doc.day)
        if f.relative and f.weekday is not None and f.first is not None and f.first == f.last
    ]
    if not facts:
        return None
    # only where reltime's own reading agrees with the verifier's (a day both place alike),
    # so that the label does not rest on the verifier's reading alone
    theirs = {(m.start, m.first) for m in find_dates(text, doc.day)}
    facts = [f for f in facts if (f.start, f.first) in theirs]
    if not facts:
        return None
    f = rng.choice(facts)
    assert f.first is not None
    for step in rng.sample([-7, 7], 2):
        wrong = f.first + timedelta(days=step)
        if any(agree(DateFact(0, 0, "", wrong, wrong), h) for h in _doc_facts(doc)):
            continue
        day = f"{calendar.day_name[wrong.weekday()]}, {format_day(wrong, year=False)}"
        lead = "on " if f.phrase.lower().startswith("on ") else ""
        return text[: f.start] + f"[{lead}{day}]" + text[f.end :]
    return None
