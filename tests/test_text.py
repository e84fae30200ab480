"""Sentence splitting: exact offsets, paragraph breaks, and agreement with plain pysbd."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from newsdesk.text import clean_text, split_sentences, split_sentences_pysbd

SHARED_DATA = Path(
    os.environ.get("NEWSDESK_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)

TRICKY = [
    "",
    "   ",
    "\n\n\n",
    "One sentence without a full stop",
    "Trailing spaces.   \nNext paragraph here.   ",
    "Mr. Smith went to Washington. He met Dr. Jones at 3 p.m. Then they left.",
    "The U.S. economy grew 3.5% in 2004. The U.K. lagged behind.",
    'He said: "Profits fell. Sales rose." Then he left the room.',
    '"We are pleased," the chairman said. "It was a good year."',
    "The firm (see below.) did well. Its rival did not.",
    "Prices rose (by 2.5%). Analysts were surprised.",
    "Visit www.example.co.uk for details. Or call us.",
    "Yahoo! shares rose. Google's fell?! Nobody knew why...",
    "Café owners in Zürich said naïve tourists paid €5. Others disagreed.",
    "“Curly quotes work too.” So do ‘single’ ones. Don't they?",
    "Items: 1. apples 2. pears 3. plums. That is all.",
    "Options (a) first (b) second. Pick one.",
    "It rose by $14bn. The deal closed at 5pm. Shares jumped 13,000.",
    "See the report.[2] Critics disagreed. J. R. Hartley wrote it.",
    "Tabs\tinside. And  double  spaces.  Here.",
    "First paragraph ends here\n\nSecond starts. And ends.\n \nThird.",
    "Windows line\r\nendings. Still fine.",
    "He works for Acme Co. Ltd. in London. It is big.",
    "She was born in 1950. In 1970 she moved. No. 10 is a street.",
    "``I said, `You don't have to,' '' he recalled. ``And he said, `I will.' Yes. Sure.''",
    "The Bank of England (BoE) Governor spoke. (He was brief.) Markets rose.",
    "'Quoted headline' on its own",
    "A sentence.\u2028Another line separator. And more.",
    "Ellipsis at the end...",
    "What? Really! Yes.",
]

# Fragments for seeded random paragraphs that stress pysbd's rules (own words, not corpus text).
FRAGMENTS = (
    "The profits rose Mr. Smith said U.S. e.g. i.e. 3.5% $14bn. £600m in 2004. the Yahoo! "
    "What? No! wow?! wait... A. J. 12. 5. (a) (b) (IADB) -- - No. 5 St. Louis a.m. Inc. Co. "
    "Ltd. www.a.com bbc.co.uk. 'quoted' don't workers' “Curly. ” \" \"We are.\" he said. It is. "
    "Dr. Gen. vs. etc. Jan. Fig. p. pp. ii. iv) 1) 2) Ünïcödé. café. — … it's. (see below.) "
    '[1] word.[2] U.K. Washington. I am. 1. 2. Ph.D. and a of Cos. mid. said: "Yes. No." '
    "(Yes. no.) «Oui.» ‘single.’ Q. 5pm. 13,000. $5. Vol. art. ``I said, `You this,' '' it.' "
    "alive.'' fell,\" (BoE) Governor Bank."
).split(" ")


def random_text(rng: random.Random) -> str:
    paras = []
    for _ in range(rng.randint(1, 3)):
        words = [rng.choice(FRAGMENTS) for _ in range(rng.randint(3, 40))]
        paras.append(" ".join(words))
    return "\n".join(paras)


def spans(sentences):  # type: ignore[no-untyped-def]
    return [(s.start, s.end) for s in sentences]


def check_offsets(text: str) -> None:
    sents = split_sentences(text)
    prev_end = 0
    for i, s in enumerate(sents):
        assert s.index == i
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= prev_end
        prev_end = s.end
    # Nothing but whitespace is left out.
    covered: set[int] = set()
    for s in sents:
        covered.update(range(s.start, s.end))
    assert all(ch.isspace() for i, ch in enumerate(text) if i not in covered)


@pytest.mark.parametrize("text", TRICKY)
def test_offsets_exact_on_tricky_texts(text: str) -> None:
    check_offsets(text)
    check_offsets(clean_text(text))


@pytest.mark.parametrize("text", TRICKY)
def test_same_sentences_as_pysbd_on_tricky_texts(text: str) -> None:
    assert spans(split_sentences(text)) == spans(split_sentences_pysbd(text))


def test_same_sentences_as_pysbd_on_random_tricky_paragraphs() -> None:
    rng = random.Random(20241128)
    for _ in range(300):
        text = random_text(rng)
        check_offsets(text)
        assert spans(split_sentences(text)) == spans(split_sentences_pysbd(text)), text


# Abbreviations in odd cases and places, and letters that Unicode case folding maps onto ASCII
# ones (long s, Kelvin sign, dotted capital I): the narrowed abbreviation pass must not skip them.
CASES = tuple(
    "MR. Smith|mr. smith|Mr.Smith|(Mr. Smith)|Gen. Jones|GEN. JONES|st. louis|\u017ft. Louis|"
    "\u212aM. Jones|\u0130nc. now|no. 5|No.5|Vol. 3|fig. 2|a.m. today|Eng. text|eng. text|"
    "e.g. this|i.e. that|U.S. troops|approx. 40|est. 1990|Jan. 5|jr. said|Ltd. and|co. ltd.|"
    "etc. The|vs. them|p. 4|pp. 5-6|Prof. X|alt. route|It is.|He left.|\u00c9d. one|ed. two|"
    "\u2014Rev. Green".split("|")
)


def test_narrowed_abbreviation_pass_gives_stock_pysbd_sentences() -> None:
    from newsdesk.text import _segmenter, _stock_segmenter

    fast, stock = _segmenter(), _stock_segmenter()
    rng = random.Random(20261206)
    for _ in range(400):
        parts = [rng.choice((*CASES, *FRAGMENTS)) for _ in range(rng.randint(2, 25))]
        para = " ".join(parts)
        assert fast.processor(para).process() == stock.processor(para).process(), para


def test_same_sentences_as_pysbd_with_titles_before_names() -> None:
    # "MS. PSAKI:", "Gen. Jones": a title's full stop before a space ends no sentence in pysbd,
    # so a piece whose only marks are such stops is one sentence without asking pysbd.
    titles = "MS. PSAKI: Q. MR. KIRBY: Sen. Rep. Gen. Dr. Prof. St. Capt. Messrs. Gov. Rev. v."
    # ... except where pysbd gives the stop back ("I V. The", "hi v. The": its rule for "I"
    # and "i.v" before a sentence starter).
    for text in ("He said hi v. The end came.", "Ask I V. The man left.", "To hi v. In it."):
        assert spans(split_sentences(text)) == spans(split_sentences_pysbd(text)), text
    pool = (*titles.split(" "), *CASES, *FRAGMENTS)
    rng = random.Random(20261207)
    for _ in range(400):
        text = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 30)))
        assert spans(split_sentences(text)) == spans(split_sentences_pysbd(text)), text


def test_wrapped_line_checks_read_only_the_end_of_a_long_line() -> None:
    # _continues looks for a title, initial or "U.S." ending in the last characters of the
    # line above only; the same answers as searching the whole line (a joined paragraph).
    from newsdesk import text as t

    def whole_line(prev: str, nxt: str) -> bool:
        if not prev or not nxt or t._LIST_ITEM.match(nxt) or prev.startswith("#"):
            return False
        if (t._TITLE_END.search(prev) or t._INITIAL_END.search(prev)) and nxt[0].isupper():
            return True
        if t._COUNTRY_END.search(prev) and nxt[0].isupper() and not t._OPENS_SENTENCE.match(nxt):
            return True
        if prev.rstrip("\"”’'").endswith(",") or (nxt[0].islower() and prev[-1] not in ".!?…"):
            return True
        if t._ENDS_CLAUSE.search(prev):
            return False
        if nxt[0].islower() or nxt[0] in "[(":
            return True
        if t._OPEN_END.search(prev):
            return True
        return len(prev) >= t.WRAP_MIN and not prev.isupper() and not t._title_case(prev)

    ends = "Dr. xDr. Capt. Lisa O. Abcdefghijklmnopqrst   O. U.S. xU.S. E.U. said, went. Q."
    ends = ends.split(" ")
    starts = ["Monaco said", "The end", "ambassador", "Ambassador Lee", "(see)", "- item", "1. x"]
    rng = random.Random(5)
    for _ in range(3000):
        prev = " ".join(rng.choice((*ends, *FRAGMENTS)) for _ in range(rng.randint(1, 60)))
        nxt = rng.choice((*starts, *FRAGMENTS))
        assert t._continues(prev, nxt) == whole_line(prev, nxt), (prev, nxt)


def test_paragraph_breaks_end_sentences() -> None:
    text = "This line has no full stop\nNeither does this one\n\nBut this one does. Twice."
    got = [s.text for s in split_sentences(text)]
    assert got == [
        "This line has no full stop",
        "Neither does this one",
        "But this one does.",
        "Twice.",
    ]


def test_plain_sentences_are_split() -> None:
    text = "Shares in the firm rose sharply. Analysts were surprised by the jump. It may not last."
    assert [s.text for s in split_sentences(text)] == [
        "Shares in the firm rose sharply.",
        "Analysts were surprised by the jump.",
        "It may not last.",
    ]


def test_abbreviations_and_quotations_are_kept_whole() -> None:
    text = 'Mr. Brown met the U.S. envoy. He said: "Talks went well. We agree." Then he left.'
    got = [s.text for s in split_sentences(text)]
    assert got == [
        "Mr. Brown met the U.S. envoy.",
        'He said: "Talks went well. We agree."',
        "Then he left.",
    ]


BBC = SHARED_DATA / "bbc"


@pytest.mark.skipif(not BBC.is_dir(), reason=f"BBC data not available at {BBC}")
def test_same_sentences_as_pysbd_on_bbc_articles() -> None:
    files = sorted(BBC.glob("*/*.txt"))[::15]
    assert files
    for f in files:
        text = clean_text(f.read_text(encoding="latin-1"))
        got = split_sentences(text)
        for s in got:
            assert text[s.start : s.end] == s.text
        assert spans(got) == spans(split_sentences_pysbd(text)), f.name


def test_clean_text_rejoins_hard_wrapped_lines_only():
    from newsdesk.text import clean_text

    wrapped = (
        "The administration announced a new rule on Tuesday that will change how the\n"
        "agency reviews claims, officials said.\n"
        "A second paragraph starts here.\n\n"
        "Key facts\n"
        "- first item\n"
        "- second item that wraps onto\n"
        "  another line"
    )
    assert clean_text(wrapped) == (
        "The administration announced a new rule on Tuesday that will change how the agency "
        "reviews claims, officials said.\nA second paragraph starts here.\n\n"
        "Key facts\n- first item\n- second item that wraps onto another line"
    )


def test_clean_text_drops_every_control_character_and_keeps_the_rest():
    # Category C: controls, format characters (zero-width space, a tag), private use, a lone
    # surrogate; newlines and tabs stay; letters, accents and emoji stay.
    import unicodedata

    from newsdesk.text import _drop_control

    raw = "a\x00b\u200bc\ue000d\U000e0001e\n\tf\x7f é 😀 \ud800x"
    expected = "".join(ch for ch in raw if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    assert _drop_control(raw) == expected == "abcde\n\tf é 😀 x"
    assert _drop_control("plain text") == "plain text"


def test_minhash_signatures_equal_a_fresh_datasketch_minhash():
    # The cached permutations must not change a signature: stored bands must still match.
    import numpy as np
    from datasketch import MinHash

    from newsdesk.ingest import dedup

    for text in ("one two three four five six", "short", "", "The same words again " * 40):
        mh = MinHash(num_perm=dedup.NUM_PERM, seed=dedup._SEED)
        sh = dedup.shingles(text)
        if sh:
            mh.update_batch(list(sh))
        assert np.array_equal(dedup.minhash(text), np.asarray(mh.hashvalues, dtype=np.uint64))


def test_a_line_ending_on_a_preposition_or_a_list_of_names_goes_on() -> None:
    # White House, a10ac6b0: "... and Prime" / "Minister Justin Trudeau established the
    # Trilateral Fentanyl Committee in" / "January 2023, during ..." were three sentences (the
    # middle line reads as a title-case heading); a briefing showed "January 2023, during the
    # North American Leaders' Summit (NALS), to guide priority actions ...".
    text = clean_text(
        "President Joe Biden, President Andres Manuel Lopez Obrador, and Prime\n"
        "Minister Justin Trudeau established the Trilateral Fentanyl Committee in\n"
        "January 2023, during the leaders' summit, to guide priority actions.\n\nNext."
    )
    got = [s.text for s in split_sentences(text)]
    assert got[0].startswith("President Joe Biden") and got[0].endswith("priority actions.")
    # a heading in title case still stands alone
    assert clean_text("The Framework for Security\nBody text goes on here.").count("\n") == 1
