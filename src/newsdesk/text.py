"""Text normalisation and sentence splitting with character offsets."""

from __future__ import annotations

import re
import unicodedata

from newsdesk.model import Sentence
from newsdesk.segment import (  # noqa: F401  (_segmenter, _stock_segmenter: tests read them)
    _plan,
    _pysbd_pieces,
    _segmenter,
    _stock_segmenter,
    _whole_paragraph,
)

_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


_LIST_ITEM = re.compile(r"^(?:[-*•+]\s|\d{1,3}[.)]\s|[A-Za-z][.)]\s|#)")
_ENDS_CLAUSE = re.compile(r"[.!?:;…\"”’')\]]$")
WRAP_MIN = 50  # a line this long that stops mid-sentence was wrapped, not ended


# A line ending in a title ("Dr.", "Sen.") or a middle initial ("Lisa O.") followed by a
# capitalised line, or in a country abbreviation ("U.S.") followed by a line that starts with a
# capitalised word that does not open sentences ("Ambassador"), was wrapped mid-sentence.
_TITLE_END = re.compile(
    r"\b(?:Dr|Sen|Rep|Gov|Mr|Mrs|Ms|Gen|Lt|Col|Sgt|Capt|Prof|Rev|Hon|Amb|Sec|Adm|Maj)\.$"
)
_INITIAL_END = re.compile(r"\b[A-Z][a-z]+\s+[A-Z]\.$")  # "Lisa O." before "Monaco"
_COUNTRY_END = re.compile(r"\b(?:U\.S|U\.K|U\.N|E\.U)\.$")
# Longer than any match of _TITLE_END, _COUNTRY_END and _MAYBE_INITIAL plus the character
# their leading \b looks at (a search from a position still sees the characters before it).
_TAIL = 12
_MAYBE_INITIAL = re.compile(r"\s[A-Z]\.$")  # what every _INITIAL_END match ends with
_CLAUSE_ENDS = frozenset(".!?:;…\"”’')]")
_OPENS_SENTENCE = re.compile(
    r"^(?:The|A|An|In|On|At|It|He|She|They|We|I|This|That|These|Those|But|And|Or|So|As|If|"
    r"When|While|After|Before|Since|Its|His|Her|Their|Our|Some|Many|Most|All|No|Both|Each|"
    r"For|From|With|By|To|There|Here|What|Who|How|Why|Meanwhile|However|Today|Yesterday)\b"
)


def _continues(prev: str, nxt: str) -> bool:
    """Whether ``nxt`` continues the sentence of ``prev`` (the text was hard-wrapped)."""
    if not prev or not nxt or _LIST_ITEM.match(nxt) or prev.startswith("#"):
        return False
    # The three endings below are end-anchored and end in a full stop: only a line ending in
    # one is searched, and only its last characters where the ending's length is bounded (a
    # paragraph joined so far can be long, and is asked about again for every next line).
    if prev[-1] == "." and nxt[0].isupper():
        tail = max(0, len(prev) - _TAIL)
        if _TITLE_END.search(prev, tail):
            return True
        if _MAYBE_INITIAL.search(prev, tail) and _INITIAL_END.search(prev):
            return True
        if _COUNTRY_END.search(prev, tail) and not _OPENS_SENTENCE.match(nxt):
            return True
    if prev.rstrip("\"”’'").endswith(",") or (nxt[0].islower() and prev[-1] not in ".!?…"):
        return True
    if prev[-1] in _CLAUSE_ENDS:  # _ENDS_CLAUSE: the line has no newline in it
        return False
    if nxt[0].islower() or nxt[0] in "[(":
        return True
    if _OPEN_END.search(prev[-80:]):
        return True  # "... established the Committee in" / "January 2023, during ...": no
        # heading or paragraph ends on a preposition, an article or a conjunction
    return len(prev) >= WRAP_MIN and not prev.isupper() and not _title_case(prev)


_OPEN_END = re.compile(
    r"(?:^|\s)(?:in|of|the|a|an|and|or|to|for|with|on|at|by|from|into)$"
    # "..., President Andrés Manuel López Obrador, and Prime" / "Minister Justin Trudeau ...":
    # a list of names going on
    r"|,\s+(?:and|or)\s+[A-Z][\w.]*$"
)


def _title_case(line: str) -> bool:
    """A heading in title case ("The U.S.-Mexico Framework for Security, Public Health, and
    Safe Communities"): most of its longer words capitalised."""
    long_words = [w for w in re.findall(r"[A-Za-z][\w.'’\-]*", line) if len(w) >= 4]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def _drop_control(text: str) -> str:
    """``text`` without control, format, surrogate, private-use and unassigned characters
    (Unicode category C), newlines and tabs kept. Each distinct character is looked up once,
    so a long article costs one ``str.translate`` rather than a category lookup a character."""
    drop = {
        ord(ch): None for ch in set(text) if ch not in "\n\t" and unicodedata.category(ch)[0] == "C"
    }
    return text.translate(drop) if drop else text


def clean_text(text: str) -> str:
    """Normalise Unicode (NFC), drop control characters, collapse runs of blank lines, and
    rejoin hard-wrapped lines (a line that stops mid-sentence and goes on on the next one), so
    that a line break is left only where a paragraph, heading or list item ends."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _drop_control(text)
    lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    blank = False
    for line in lines:
        if not line:
            blank = True
            continue
        if out and blank:
            out.append("")
        elif out and _continues(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
            continue
        out.append(line)
        blank = False
    joined = "\n".join(out).strip()
    return _DROP_CAP.sub(lambda m: _sentence_case(m, joined), joined)


# A paragraph that opens in capitals running into lower case: a drop-cap or small-caps opening
# ("RESEARCHERS AROUND THE world are ..."), shown in sentence case.
_DROP_CAP = re.compile(r"(?m)^((?:[A-Z][A-Z'’\-]*\s+){1,5}[A-Z][A-Z'’\-]*)(?=\s+[a-z])")


def _sentence_case(m: re.Match[str], text: str) -> str:
    words_ = m.group(1).split()
    if sum(len(w) for w in words_) < 6:
        return m.group(0)  # "AN FBI agent": an acronym, not a drop-cap
    out = []
    for k, w in enumerate(words_):
        title = w[0] + w[1:].lower()
        if k == 0 or re.search(rf"[a-z,;]\s+{re.escape(title)}\b", text):
            # A name: the article writes it capitalised elsewhere, mid-sentence.
            out.append(title)
        else:
            out.append(w.lower())
    # The run's own spacing is kept so offsets after it do not move.
    spaces = re.findall(r"\s+", m.group(1))
    return "".join(w + (spaces[k] if k < len(spaces) else "") for k, w in enumerate(out))


def normalize_for_hash(text: str) -> str:
    """Case-folded words joined by single spaces: equal for trivially different copies."""
    return " ".join(words(text))


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences whose offsets index ``text`` exactly.

    Paragraph breaks always end a sentence; within a paragraph the boundaries are pysbd's. Each
    sentence is stripped of surrounding whitespace and ``text[s.start:s.end] == s.text`` holds.

    pysbd is slow (its abbreviation pass costs about paragraph length times the number of words
    that start like an abbreviation), so a paragraph is first cut at boundaries pysbd is certain
    to make (see ``_safe_cuts``); pieces with no other sentence-ending punctuation or quoting
    are sentences as they stand and only the rest go through pysbd, each on its own.
    """
    out: list[Sentence] = []
    pos = 0
    for para in text.split("\n"):
        para_start = pos
        pos += len(para) + 1
        if not para.strip():
            continue
        plan = None if _whole_paragraph(para) else _plan(para)
        if plan is None:
            _pysbd_pieces(text, para_start, para, out)
            continue
        for begin, piece, whole in plan:
            if whole:
                lead = len(piece) - len(piece.lstrip())
                s = para_start + begin + lead
                stripped = piece.strip()
                out.append(Sentence(len(out), s, s + len(stripped), stripped))
            else:
                _pysbd_pieces(text, para_start + begin, piece, out)
    return _rejoin(text, out)


# A piece that cannot start a sentence: punctuation that continues a clause, or a lower-case
# word after an abbreviation ("Sen. Cory Gardner, R-Colo., said ..." cut at "R-Colo.").
_CONTINUES_CLAUSE = re.compile(r"^[,;:)\]]")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z][A-Za-z]{0,4}|[A-Z]\.[A-Z])\.$")


def _rejoin(text: str, sents: list[Sentence]) -> list[Sentence]:
    """Join back pieces the splitter cut off after an abbreviation (same line only)."""
    out: list[Sentence] = []
    for s in sents:
        if out:
            prev = out[-1]
            gap = text[prev.end : s.start]
            cont = _CONTINUES_CLAUSE.match(s.text) or (
                s.text[:1].islower() and _ABBREVIATION_END.search(prev.text)
            )
            if cont and "\n" not in gap and not gap.strip():
                out[-1] = Sentence(prev.index, prev.start, s.end, text[prev.start : s.end])
                continue
        out.append(Sentence(len(out), s.start, s.end, s.text))
    return out


def split_sentences_pysbd(text: str) -> list[Sentence]:
    """Reference splitter: every paragraph through stock pysbd (slow; for checks and
    benchmarks)."""
    out: list[Sentence] = []
    pos = 0
    for para in text.split("\n"):
        para_start = pos
        pos += len(para) + 1
        if para.strip():
            _pysbd_pieces(text, para_start, para, out, exact=True)
    return _rejoin(text, out)
