"""Where pysbd must cut a paragraph, and pysbd made cheaper with the same sentences: its
English abbreviation pass narrowed to the abbreviations that could change a line, and a plan
that cuts a paragraph first at the boundaries pysbd is certain to make, so only the pieces that
need it go through pysbd (:func:`newsdesk.text.split_sentences` uses both)."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from newsdesk.model import Sentence


@lru_cache(maxsize=1)
def _stock_segmenter():  # pragma: no cover - trivial
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


@lru_cache(maxsize=1)
def _segmenter():  # type: ignore[no-untyped-def]
    """pysbd's English segmenter with its abbreviation pass narrowed (``_english_fast``): the
    same sentences, for a third less of pysbd's time on news text."""
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False, char_span=False)
    seg.language_module = _english_fast()
    return seg


# A run of non-space characters: pysbd's abbreviation rules look for an abbreviation that
# starts such a run (or the line) and ends at a full stop.
_NONSPACE = re.compile(r"\S+")


def _words_before_stops(line: str) -> set[str] | None:
    """Lower-cased text from the start of each non-space run up to each full stop in it ("u"
    and "u.s" in "U.S."); None when one holds a non-ASCII character (Unicode case folding could
    then make it match an abbreviation that its lower case does not)."""
    out: set[str] = set()
    for m in _NONSPACE.finditer(line):
        run = m.group()
        at = run.find(".")
        while at >= 0:
            word = run[:at]
            if not word.isascii():
                return None
            out.add(word.lower())
            at = run.find(".", at + 1)
    return out


@lru_cache(maxsize=1)
def _english_fast() -> type:
    """pysbd's English rules, except that the per-line abbreviation search only visits the
    abbreviations that could change the line.

    pysbd tries each of its ~190 abbreviations on every line that contains it as a substring
    ("a", "no", "st", ...): a regex search and a substitution per occurrence, most of pysbd's
    time. Each substitution replaces only a full stop right after the abbreviation, where the
    abbreviation starts a non-space run (or the line). So an all-letters abbreviation that is
    not, case-insensitively, the text before any full stop of a run cannot change the line and
    is left out; the others run in pysbd's order, through pysbd's own code. Abbreviations with
    a full stop inside (pysbd does not escape them: "e.g" also matches "eng") always run."""
    from pysbd.lang.english import English

    base = English.AbbreviationReplacer
    every = tuple(English.Abbreviation.ABBREVIATIONS)
    plain = frozenset(a for a in every if a.strip().isalpha())
    dotted = tuple(a for a in every if a not in plain)

    @lru_cache(maxsize=4096)
    def narrowed(keep: tuple[str, ...]) -> type:
        abbreviation = type("Abbreviation", (English.Abbreviation,), {"ABBREVIATIONS": list(keep)})
        return type("English", (English,), {"Abbreviation": abbreviation})

    class Replacer(base):  # type: ignore[misc, valid-type]
        def search_for_abbreviations_in_string(self, text: str) -> str:
            before = _words_before_stops(text)
            if before is None:
                return str(super().search_for_abbreviations_in_string(text))
            if plain.isdisjoint(before):
                keep = dotted
            else:
                keep = tuple(a for a in every if a not in plain or a.strip() in before)
            lang = getattr(self, "lang")  # noqa: B009  (pysbd's attribute, untyped)
            self.lang = narrowed(keep)
            try:
                return str(super().search_for_abbreviations_in_string(text))
            finally:
                self.lang = lang

    return type("English", (English,), {"AbbreviationReplacer": Replacer})


def _plan(para: str) -> list[tuple[int, str, bool]] | None:
    """Pieces of ``para`` as (offset, text, is-one-sentence), or None to run pysbd on it whole.

    A piece pysbd must split is handed to it on its own, which gives what pysbd gives on the
    whole paragraph except where its rules look beyond the piece: its single-quote pass is
    switched on or off by the whole text, a quote at the very start has no space before it,
    a number or letter with a full stop at the very start is a list marker, and text without
    any full stop is not split at all. A sentence that starts with a quotation or a bracket
    may also run on past a cut (``_runs_past``).
    """
    plan: list[tuple[int, str, bool]] = []
    begin = 0
    cuts = _safe_cuts(para)
    for n, (end, resume) in enumerate([*cuts, (len(para), len(para))]):
        piece = para[begin:end]
        stripped = piece.strip()
        if stripped:
            last = n == len(cuts)
            one = _is_one_sentence(stripped)
            if not one and _context_matters(para, stripped, last):
                return None
            # Sentences start only at a piece's start, unless pysbd will split the piece.
            if not last and _runs_past(para, begin, end, inside=not one):
                return None
            plan.append((begin, piece, one))
        begin = resume
    return plan


# pysbd's sentence regex takes a quotation or bracket that starts a sentence, up to the first
# closing mark, as one sentence when a space and a capital follow, whatever lies inside.
_OPENERS = re.compile("(?<![^\\s.!?。．！？\"“'(（「])[\"“'(（「]")
_CLOSER = {'"': '"', "“": "”", "'": "'", "(": ")", "（": "）", "「": "」"}


def _runs_past(para: str, begin: int, end: int, inside: bool) -> bool:
    """Whether a sentence starting in ``para[begin:end]`` (a piece ending in a cut) may run
    past ``end``: only the piece's first character counts unless ``inside``."""
    for m in _OPENERS.finditer(para, begin, end):
        at = m.start()
        if not inside and para[begin:at].strip():
            break
        opener = m.group()
        if opener in "(（「":  # brackets may be rewritten before that regex runs: stay safe
            close = para.find(_CLOSER[opener], at + 1)
            if close >= end:
                return True
            continue
        stop = _quotation_end(para, at)
        if stop is not None and stop > end:
            return True
    return False


def _quotation_end(text: str, at: int) -> int | None:
    """Where pysbd's sentence regex ends a quotation opened at ``text[at]``, if it does.

    Its alternative is opener, non-closers, one character that is not a comma, closer, then
    a space and a capital; the character before the closer may itself be a closer ("''").
    """
    closer = _CLOSER[text[at]]
    close = text.find(closer, at + 1)
    if close < 0:
        return None
    if close - 1 > at and text[close - 1] != "," and _SPACE_CAPITAL.match(text, close + 1):
        return close + 1
    if text.startswith(closer, close + 1) and _SPACE_CAPITAL.match(text, close + 2):
        return close + 2
    return None


def _single_quotes_skipped(text: str) -> bool:
    # pysbd's BetweenPunctuation.sub_punctuation_between_single_quotes condition.
    return bool(_LEADING_APOSTROPHE.search(text)) and not _APOSTROPHE_SPACE.search(text)


def _context_matters(para: str, piece: str, last: bool) -> bool:
    if piece[0] in "'‘" or _MARKS.isdisjoint(piece) or _START_MARKER.match(piece):
        return True
    if last and piece[0] in '"“(（「' and not _KEPT_END.search(piece):
        # pysbd returns text whole when its abbreviation and number rules have hidden every
        # mark, while inside the paragraph a leading quotation or bracket could still be split
        # off. Earlier pieces end in a cut, a mark those rules keep; so does this ending.
        return True
    return "'" in piece and _single_quotes_skipped(piece) != _single_quotes_skipped(para)


def _pysbd_pieces(
    text: str, start: int, chunk: str, out: list[Sentence], exact: bool = False
) -> None:
    """Run pysbd on ``chunk`` (at ``start`` in ``text``) and emit its sentences with offsets.

    Segmenter.segment() runs Processor.process() and then locates every sentence with a
    freshly compiled regex (a third of pysbd's time); the find() below does that job, so only
    the reference splitter (``exact``) pays for it.
    """
    if exact:
        pieces = _stock_segmenter().segment(chunk)
    else:
        pieces = _segmenter().processor(chunk).process()
    cursor = 0
    for piece in pieces:
        piece_stripped = piece.strip()
        if not piece_stripped:
            continue
        found = chunk.find(piece_stripped, cursor)
        if found < 0:  # pysbd altered the text; fall back to a sequential cut
            found = cursor
            piece_stripped = chunk[cursor : cursor + len(piece)].strip()
            if not piece_stripped:
                continue
            found = chunk.find(piece_stripped, cursor)
        s = start + found
        e = s + len(piece_stripped)
        cursor = found + len(piece_stripped)
        out.append(Sentence(len(out), s, e, text[s:e]))


# A token, a full stop / question / exclamation mark, spaces, then what can start a sentence.
# pysbd always ends a sentence there unless ``_cut_ok`` rejects the token (abbreviations, list
# markers, initials, "Yahoo!", runs of marks) or the mark is inside quotes or brackets.
_CUT = re.compile(r"""(?<!\S)(\S+?)([.!?]) +(?=[A-Z0-9"“‘'(\[])""")
_MARKS = frozenset(".!?。．！？")
_TRAILING_WORD = re.compile(r"[A-Za-z]+$")
# Lone letters and one- or two-digit numbers before a full stop are list markers or initials.
_MARKER = re.compile(r"\W*(?:[A-Za-z]|\d{1,2})")
# A full stop pysbd never splits at: between two digits, or a word character and a letter
# ("3.5", "bbc.co.uk", but not the middle of "www.a.com"); anything else, and every other mark,
# may be a boundary.
_RISKY = re.compile(
    r"[!?。．！？]|(?<![A-Za-z0-9_])\.|\.(?![A-Za-z0-9_])|(?<=[A-Za-z_])\.(?=[0-9])"
    r"|(?<=\.[A-Za-z0-9_])\."
)
# Openers pysbd may treat as a sentence of their own when a piece starts with them.
_ODD_START = frozenset("'‘([（「«")
# pysbd's WORD_WITH_LEADING_APOSTROPHE, and the test that goes with it.
_LEADING_APOSTROPHE = re.compile(r"(?<=\s)'(?:[^']|'[a-zA-Z])*'\S")
_APOSTROPHE_SPACE = re.compile(r"'\s")
# A mark that pysbd's abbreviation, number and ellipsis rules leave alone: "!" or "?" not in
# a run, or a full stop after a letter in a word with no other full stop; closers may follow.
_KEPT_END = re.compile(r"(?:(?<![!?])[!?]|(?<!\S)[^\s.!?]*[A-Za-z]\.)[\"”'’)\]]*$")
_SPACE_CAPITAL = re.compile(r"\s[A-Z]")
# A list marker or initial at the very start of a text, where pysbd's rules anchor on "^".
_START_MARKER = re.compile(r"[\-⁃]?(?:\d{1,2}|[A-Za-z])[.)]")
# Line separators other than "\n": pysbd's abbreviation pass works line by line.
_ODD_LINES = re.compile(r"[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@lru_cache(maxsize=1)
def _pysbd_words() -> tuple[frozenset[str], frozenset[str]]:
    """pysbd's English abbreviations (lower case) and its words that end in "!"."""
    from pysbd.exclamation_words import ExclamationWords
    from pysbd.lang.english import English

    abbreviations = frozenset(a.strip().lower() for a in English.Abbreviation.ABBREVIATIONS)
    return abbreviations, frozenset(ExclamationWords.EXCLAMATION_WORDS)


@lru_cache(maxsize=1)
def _pysbd_patterns() -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str], re.Pattern[str]]:
    """pysbd's quote/bracket regions (it never splits inside them); its two rules that split
    a piece at quotes (brackets between quotations, a quote after a closing mark); and the
    rules that break a paragraph up before anything else (brackets between quotations, a
    numbered reference after a full stop)."""
    from pysbd.between_punctuation import BetweenPunctuation as B
    from pysbd.lang.english import English

    regions = tuple(
        re.compile(p)
        for p in (
            B.BETWEEN_SINGLE_QUOTES_REGEX,
            B.BETWEEN_SINGLE_QUOTE_SLANTED_REGEX,
            B.BETWEEN_DOUBLE_QUOTES_REGEX_2,
            B.BETWEEN_SQUARE_BRACKETS_REGEX_2,
            B.BETWEEN_PARENS_REGEX_2,
            B.BETWEEN_QUOTE_ARROW_REGEX_2,
            B.BETWEEN_EM_DASHES_REGEX_2,
            B.BETWEEN_QUOTE_SLANTED_REGEX_2,
        )
    )
    splits = re.compile(
        f"{English.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX}|{English.QUOTATION_AT_END_OF_SENTENCE_REGEX}"
    )
    breaks = re.compile(
        f"{English.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX}|{English.NUMBERED_REFERENCE_REGEX}"
    )
    return regions, splits, breaks


_QUOTE_CHARS = frozenset("'‘\"[(«-“")


def _whole_paragraph(para: str) -> bool:
    """Paragraphs where pysbd's rules reach across the whole text: it breaks them into parts
    before pairing quotes (list items, "word.[2] Next" references, brackets between
    quotations), and its abbreviation pass works line by line."""
    if _ODD_LINES.search(para) or _has_list(para):
        return True
    # Those two rules need a full stop (or pysbd's mark for one) before "[" or a digit, or a
    # closing quotation, a space and "(": most paragraphs have neither.
    return bool(_BREAK_GUARD.search(para)) and bool(_pysbd_patterns()[2].search(para))


_BREAK_GUARD = re.compile('[.\u222f][\\[\\d]|["\u201d]\\s\\(')


@lru_cache(maxsize=1)
def _list_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    from pysbd.lists_item_replacer import ListItemReplacer as L

    return (
        re.compile(L.NUMBERED_LIST_REGEX_1),
        re.compile(L.NUMBERED_LIST_PARENS_REGEX),
        re.compile(L.ALPHABETICAL_LIST_WITH_PERIODS),
        re.compile(L.ALPHABETICAL_LIST_WITH_PARENS),
    )


def _has_list(para: str) -> bool:
    """Whether pysbd's list pass would mark list items in ``para`` (it then breaks the text
    up before anything else): numbers that follow on (1., 2.), or two letter/roman items."""
    from pysbd.lists_item_replacer import ListItemReplacer as L

    numbered, numbered_parens, lettered, lettered_parens = _list_patterns()
    # Each pattern can only match where its cheap guard does ("3. ", "3.)", "3) ", " a.", ")"),
    # and most paragraphs have none of them: the costly findall runs only where it could.
    for pat, guard in ((numbered, _NUMBER_DOT), (numbered_parens, _NUMBER_PAREN)):
        if not guard.search(para):
            continue
        nums = [int(x) for x in pat.findall(para)]
        if any(b - a == 1 or (a, b) in ((9, 0), (0, 9)) for a, b in itertools.pairwise(nums)):
            return True
    for pat, ok in ((lettered, bool(_LETTER_DOT.search(para))), (lettered_parens, ")" in para)):
        if not ok:
            continue
        items = [f for f in pat.findall(para) if f in L.LATIN_NUMERALS or f in L.ROMAN_NUMERALS]
        if len(items) >= 2:
            return True
    return False


_NUMBER_DOT = re.compile(r"\d\.[\s)]")
_NUMBER_PAREN = re.compile(r"\d\)\s")
_LETTER_DOT = re.compile(r"(?:^|\s)[a-z]\.")


def _cut_ok(token: str, mark: str) -> bool:
    """Whether pysbd surely ends a sentence after ``token`` + ``mark`` (+ space, capital)."""
    abbreviations, exclaims = _pysbd_words()
    if not _MARKS.isdisjoint(token) or _MARKER.fullmatch(token):
        return False
    word = _TRAILING_WORD.search(token)
    if token.lower() in abbreviations or (word and word.group().lower() in abbreviations):
        return False
    return not (mark == "!" and any((token + mark).endswith(w) for w in exclaims))


def _safe_cuts(para: str) -> list[tuple[int, int]]:
    """(end of sentence, start of next) pairs where pysbd certainly splits ``para``."""
    regions: list[tuple[int, int]] | None = None
    cuts: list[tuple[int, int]] = []
    for m in _CUT.finditer(para):
        if not _cut_ok(m.group(1), m.group(2)):
            continue
        if regions is None:
            regions = []
            if not _QUOTE_CHARS.isdisjoint(para):
                for pat in _pysbd_patterns()[0]:
                    regions.extend(q.span() for q in pat.finditer(para))
        at = m.start(2)
        if any(a <= at < b for a, b in regions):
            continue
        cuts.append((m.end(2), m.end()))
    return cuts


@lru_cache(maxsize=1)
def _held_stops() -> frozenset[str]:
    """pysbd's prepositive abbreviations ("mr", "ms", "gen", "sen", ...) whose full stop its
    abbreviation pass always hides when a space follows. Left out: one-letter ones, and any
    ending in "i" or "v", which its rule for "U.S." and "I" before a sentence starter could
    give back."""
    from pysbd.lang.english import English

    every = set(English.Abbreviation.ABBREVIATIONS)
    return frozenset(
        a
        for a in English.Abbreviation.PREPOSITIVE_ABBREVIATIONS
        if a in every and len(a) > 1 and a.isascii() and a.isalpha() and a[-1] not in "iv"
    )


def _held_by_title(piece: str, at: int, held: frozenset[str]) -> bool:
    """Whether the mark at ``piece[at]`` is the full stop of a prepositive abbreviation that
    opens a run of non-space characters and is followed by a space ("MS. PSAKI:", "Gen. Lee"):
    pysbd turns it into a placeholder before looking for sentence ends."""
    if piece[at] != "." or at + 1 >= len(piece) or not piece[at + 1].isspace():
        return False
    start = at
    while start > 0 and not piece[start - 1].isspace():
        start -= 1
    word = piece[start:at]
    return word.isascii() and word.lower() in held


def _is_one_sentence(piece: str) -> bool:
    """True when pysbd could not split ``piece`` (stripped, non-empty).

    pysbd splits at a mark that is not protected, at \\r it inserts itself (lists, brackets
    between quotes), after a quote that follows a mark, and where a sentence starts with a
    quotation or bracket that is followed by a capital. With no risky mark before the last
    character (the full stop of a title such as "Ms." before a space is none: ``_held_by_title``),
    only the piece's own start can begin a match of its sentence regex.
    """
    last = len(piece) - 1
    risky = _RISKY.search(piece)  # the first; the others lie further on
    if risky is not None and risky.start() != last:
        held = _held_stops()
        for m in _RISKY.finditer(piece, risky.start()):
            if m.start() != last and not _held_by_title(piece, m.start(), held):
                return False
    first = piece[0]
    if first in _ODD_START:
        return False
    if first in '"“' and _quotation_end(piece, 0) is not None:
        return False  # a quotation then a capital is a sentence of its own
    return not _pysbd_patterns()[1].search(piece)
