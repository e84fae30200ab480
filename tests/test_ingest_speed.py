"""Ingest speed-ups that must not change results (issue 25, item 5): each faster path is checked
against the slower one it replaced."""

from __future__ import annotations

import random
from datetime import date

import numpy as np

from newsdesk.ingest import datesource
from newsdesk.ingest.datesource import _MDY, TEXT_CHARS, TEXT_SPAN_DAYS, from_text


def _from_text_reference(text: str) -> date | None:
    """``from_text`` as it was: every month-day match, weekday optional, kept when it had one."""
    found = []
    for m in _MDY.finditer(text[:TEXT_CHARS]):
        if not (m["y"] and m["wd"]):
            continue
        got = datesource._match_day(m, None)
        if got is not None and datesource._WEEKDAYS[got.weekday()] == m["wd"].lower()[:3]:
            found.append(got)
    if not found:
        return None
    lo, hi = min(found), max(found)
    return None if (hi - lo).days > TEXT_SPAN_DAYS else hi


_PIECES = [
    "Monday, ",
    "Tues. ",
    "wednesday ",
    "Thurs, ",
    "Fri. ",
    "Saturday, ",
    "Sun ",
    "Simon ",
    "Aug. ",
    "August ",
    "march ",
    "Sept ",
    "May ",
    "Dec. ",
    "30",
    "2",
    "31st ",
    "3rd",
    ", 2021",
    " 2021",
    " 1989",
    ", 2020 ",
    "on ",
    "since ",
    "the ",
    ". ",
    "\n",
    "Mon",
    "day",
    "Sunday, October 3, 2021",
    "Monday, Aug. 30, 2021",
    "Tuesday, August 31, 2021 ",
]


def test_from_text_scan_for_weekday_dates_equals_the_full_scan() -> None:
    # Fails if the weekday-first scan misses or adds a date the old full scan found.
    rng = random.Random(25)
    texts = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 40))) for _ in range(4000)]
    texts += ["x" * 1990 + "Monday, Aug. 30, 2021", "Sunday, October 3, 2021" * 100]
    got = [from_text(t) for t in texts]
    assert got == [_from_text_reference(t) for t in texts]
    assert sum(d is not None for d in got) > 200  # the generator does make dated texts


def _news_texts() -> list[str]:
    rng = random.Random(5)
    vocab = (
        "the minister said talks in Geneva would resume on Monday after a 4.5% fall in "
        "prices; Ofcom, the BBC and £30m offers, café owners in Zürich"
    ).split()
    texts = ["", "one", "two words", "Three words here.", "ÉCOLE école Straße STRASSE"]
    texts += [" ".join(rng.choice(vocab) for _ in range(rng.randint(3, 400))) for _ in range(60)]
    return texts


def test_minhash_equals_datasketch_hashing_each_shingle() -> None:
    # Fails if the batched SHA-1 or the three-word shingles differ from what datasketch's own
    # hashing of the old shingle sets gave: stored signatures must keep matching new ones.
    from datasketch import MinHash

    from newsdesk.ingest import dedup
    from newsdesk.text import words

    for text in _news_texts():
        toks = words(text)
        n = dedup.SHINGLE
        old = (
            {" ".join(toks[i : i + n]).encode() for i in range(len(toks) - n + 1)}
            if len(toks) >= n
            else ({" ".join(toks).encode()} if toks else set())
        )
        assert dedup.shingles(text) == old
        ref = MinHash(num_perm=dedup.NUM_PERM, seed=dedup._SEED)
        if old:
            ref.update_batch(list(old))
        got = dedup.minhash(text)
        assert got.dtype == np.uint64
        assert np.array_equal(got, np.asarray(ref.hashvalues, dtype=np.uint64))


def test_prepared_key_hash_and_minhash_equal_those_computed_from_the_text_alone() -> None:
    # Fails if the words the pipeline computes once stop matching what article_key, text_hash
    # and minhash compute on their own (stored keys and hashes must stay comparable).
    from newsdesk.ingest import dedup
    from newsdesk.ingest.ids import article_key, text_hash
    from newsdesk.ingest.pipeline import Ingestor, IngestReport
    from newsdesk.model import RawArticle

    ing = Ingestor(None, None)  # type: ignore[arg-type]  # only _prepare is used
    for i, text in enumerate(t for t in _news_texts() if t.strip()):
        p = ing._prepare(RawArticle(title=f"Title {i}", text=text), IngestReport())
        assert p is not None
        assert p["key"] == article_key(None, p["title"], p["text"])
        assert p["text_hash"] == text_hash(p["title"], p["text"])
        assert np.array_equal(p["sig"], dedup.minhash(p["text"]))
