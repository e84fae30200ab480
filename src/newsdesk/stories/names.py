"""A fast, model-free entity extractor: runs of capitalised words.

spaCy's NER costs ~25 ms an article on these machines; story grouping only needs keys that two
reports of one event share ("tara reid", "betty ford center", "fbi") and that a different event
lacks, not their exact types. This extractor finds them by their spelling in about 0.1 ms:

* a *name* is a run of capitalised words (or all-capital acronyms), joined by at most one
  lower-case particle inside it ("Bank of America", "Osama bin Laden");
* a capitalised word at the start of a sentence (or anywhere in a title written in Title Case)
  is capitalised by convention, not because it names something: it counts only when the same
  word is seen capitalised mid-sentence elsewhere in the text ("Actress Lindsay Lohan" at the
  start of a sentence gives "Lindsay Lohan" when "Lindsay" appears mid-sentence; "Police said"
  gives nothing);
* stop words, month and weekday names and honorifics break a run (dates and figures are the
  ``number_keys``' business);
* a one-word name that ends exactly one longer name of the article joins it ("Lohan" ->
  "lindsay lohan"), as :func:`~newsdesk.stories.entities.entities_from_mentions` does for
  spaCy's persons.

Every name gets the label ``NAME`` (the extractor does not guess types).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from newsdesk.stories.entities import STOP_WORDS, Entity, normalize

LABEL = "NAME"
MAX_WORDS = 5
# Lower-case words allowed inside a name, between two capitalised words.
_PARTICLES = frozenset(
    {
        "of",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "bin",
        "al",
        "el",
        "&",
        "for",
    }
)
_NEVER = frozenset(
    """january february march april june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr sir i""".split()
)
# Initials and dotted acronyms ("G.", "U.S.") first, so their dots end no sentence.
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){1,4}(?![^\W\d_])|[^\W\d_](?:[\w’'&-]*[^\W_])?|&|[.!?;:]+|\n|[^\w\s]"
)
_END = re.compile(r"[.!?;:\n]+")
_BREAK = ""  # a punctuation mark inside a sentence: no name runs across it


def _capitalised(tok: str) -> bool:
    return tok[:1].isupper()


def _title_case(words: Sequence[str]) -> bool:
    """Whether a title capitalises its ordinary words too ("Court Sides With Police")."""
    content = [w for w in words if w.casefold() not in STOP_WORDS and w[:1].isalpha()]
    if len(content) < 3:
        return False
    return sum(_capitalised(w) for w in content) >= 0.8 * len(content)


def _sentences(title: str, body: str) -> list[tuple[list[str], bool]]:
    """(tokens, title-cased) of each sentence, the title first; ``_BREAK`` marks punctuation."""
    out: list[tuple[list[str], bool]] = []
    for part, is_title in ((title, True), (body, False)):
        cur: list[str] = []
        for tok in _TOKEN.findall(part):
            if _END.fullmatch(tok):
                if cur:
                    out.append((cur, is_title and _title_case(cur)))
                cur = []
            elif tok[0].isalpha() or tok == "&":
                cur.append(tok)
            elif cur and cur[-1] != _BREAK:
                cur.append(_BREAK)
        if cur:
            out.append((cur, is_title and _title_case(cur)))
    return out


def _clean(tok: str) -> str:
    return tok.rstrip(".").removesuffix("'s").removesuffix("’s")


def _flush(run: list[str], out: list[str]) -> None:
    """Close a run of name words: drop trailing particles, keep the rest as one name."""
    while run and run[-1].casefold() in _PARTICLES:
        run.pop()
    if run:
        out.append(" ".join(run[:MAX_WORDS]))
    run.clear()


def name_mentions(title: str, body: str) -> list[str]:
    """The names of a title and body, in order, as written (see the module docstring)."""
    sents = _sentences(title, body)
    # Words seen capitalised where convention does not capitalise them (proof they are names),
    # and words seen in lower case (ordinary words, "Actress" at a sentence start).
    known: set[str] = set()
    lower: set[str] = set()
    for toks, title_cased in sents:
        first = True
        for tok in toks:
            if tok == _BREAK or tok == "&":
                continue
            if not _capitalised(tok):
                lower.add(tok.casefold())
            elif not first and not title_cased:
                known.add(_clean(tok).casefold())
            first = False
    out: list[str] = []
    for toks, title_cased in sents:
        run: list[str] = []
        first = True
        for pos, tok in enumerate(toks):
            if tok == _BREAK:
                _flush(run, out)
                continue
            word = _clean(tok)
            low = word.casefold()
            at_start, first = first, False
            nxt = _clean(toks[pos + 1]) if pos + 1 < len(toks) else ""
            nxt_name = _capitalised(nxt) and nxt.casefold() not in _NEVER
            if not word or low in _NEVER or not _capitalised(word):
                if run and low in _PARTICLES and nxt_name:
                    run.append(word)
                    continue
                _flush(run, out)
                continue
            if (at_start or title_cased) and not word.isupper() and low not in known:
                # Capitalised by convention: a name only if it opens a longer one and is never
                # written in lower case ("Tara Reid ..." yes, "Actress Lindsay Lohan" no).
                if title_cased or not nxt_name or low in lower or low in STOP_WORDS:
                    _flush(run, out)
                    continue
            if not run and low in STOP_WORDS:
                continue  # "The", "But" open no name
            run.append(word)
        _flush(run, out)
    return out


def pattern_entities(title: str, text: str, max_chars: int) -> list[Entity]:
    """Entities of an article's title and the first ``max_chars`` of its text, most frequent
    first, each with the label ``NAME``."""
    body = text[: max(0, max_chars - len(title))]
    if title and body.startswith(title):
        body = body[len(title) :]
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for raw in name_mentions(title, body):
        key = normalize(raw)
        if len(key) < 2 or not any(c.isalpha() for c in key):
            continue
        counts[key] += 1
        shown.setdefault(key, raw)
    by_last: dict[str, list[str]] = {}
    for key in counts:
        parts = key.split()
        if len(parts) > 1:
            by_last.setdefault(parts[-1], []).append(key)
    merged: Counter[str] = Counter()
    for key, n in counts.items():
        full = by_last.get(key, [])
        merged[full[0] if " " not in key and len(full) == 1 else key] += n
    return [
        Entity(key=k, label=LABEL, text=shown.get(k, k), count=n)
        for k, n in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def extract_names(rows: Sequence[tuple[str, str]], max_chars: int) -> list[list[Entity]]:
    """:func:`pattern_entities` of each (title, text)."""
    return [pattern_entities(t, x, max_chars) for t, x in rows]


# -- headlines -------------------------------------------------------------------------------
# A story's label is a headline: the title of its most representative article. Keyword pairs
# ("Cartel · Companies") tell a reader what a story is about only after they have read it.

# " - BBC News", " | Reuters", " — The Guardian": a trailing part that names the outlet.
_SUFFIX = re.compile(r"\s+(?:[-|–—:•·]|::)\s+([^-|–—:•·]{1,60})$")
_OUTLET_WORDS = frozenset(
    """news times post journal herald tribune guardian telegraph reuters ap afp bloomberg
    press wire daily weekly gazette review report cnn bbc npr abc cbs nbc fox msnbc politico
    axios examiner observer independent mail express chronicle courier standard""".split()
)
_LEAD_TAG = re.compile(
    r"^(?:analysis|opinion|watch|live|update|updated|breaking|exclusive)\s*:\s+", re.I
)
MIN_HEADLINE_WORDS = 6


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def clean_title(title: str, outlets: Sequence[str] = ()) -> str:
    """``title`` without an outlet suffix ("... - BBC News") or a rubric prefix ("Analysis: ").

    A trailing part after a dash, bar or colon is cut when it names one of ``outlets`` or reads
    like an outlet's name (a few capitalised words, one of them "News", "Times", "Post", ...).
    """
    t = " ".join((title or "").split())
    names = {_squash(o) for o in outlets if o and _squash(o)}
    for _ in range(2):
        m = _SUFFIX.search(t)
        if not m:
            break
        tail = m.group(1).strip()
        words = tail.split()
        squashed = _squash(tail)
        named = squashed in names or any(
            n and (squashed.startswith(n) or n.startswith(squashed)) for n in names
        )
        outlet_like = (
            len(words) <= 4
            and all(w[:1].isupper() or w.isupper() for w in words if w[:1].isalpha())
            and any(w.casefold().strip(".") in _OUTLET_WORDS for w in words)
        )
        if (named or outlet_like) and len(t[: m.start()].split()) >= 2:
            t = t[: m.start()].rstrip()
        else:
            break
    t = _LEAD_TAG.sub("", t)
    return t


def pick_headline(
    titles: Mapping[str, str],
    vectors: Mapping[str, np.ndarray],
    copies: Mapping[str, str | None],
    outlets: Sequence[str] = (),
) -> str:
    """The headline of a story from its members' ``titles`` (ID -> title).

    The title of the member closest to the story's centre (the mean of the members' unit
    vectors), preferring original reporting over copies (``copies``: ID -> the original's ID,
    or None) and titles of at least ``MIN_HEADLINE_WORDS`` words; cleaned of outlet suffixes.
    Members without a vector count as farthest; ties go to the smallest ID.
    """
    ids = [i for i in titles if (titles[i] or "").strip()]
    if not ids:
        return ""
    have = [i for i in ids if i in vectors]
    closeness: dict[str, float] = {}
    if have:
        raw = np.stack([np.asarray(vectors[i], dtype=np.float64) for i in have])
        norms = np.linalg.norm(raw, axis=1, keepdims=True)
        mat = raw / np.where(norms == 0, 1.0, norms)
        centre = mat.mean(axis=0)
        n = float(np.linalg.norm(centre))
        if n > 0:
            centre = centre / n
        closeness = dict(zip(have, (mat @ centre).tolist(), strict=True))

    def rank(i: str) -> tuple[int, int, float, str]:
        cleaned = clean_title(titles[i], outlets)
        return (
            0 if not copies.get(i) else 1,
            0 if len(cleaned.split()) >= MIN_HEADLINE_WORDS else 1,
            -closeness.get(i, -2.0),
            i,
        )

    best = min(ids, key=rank)
    return clean_title(titles[best], outlets)
