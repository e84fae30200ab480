"""A second generator of candidates for the judged set (:mod:`.disagree_judged`): counts of
people and of what happened to them, where real disagreements are most often found and which
the first generator misses because news writes them in words ("killed five people", "injured
two") or a detokenised text splits them ("home to 120, 000 people").

A *count* is a figure (digits, a number word from two to twenty, or ``N, 000`` rejoined) with a
*key*: the casualty word within a few words of it (``kill``/``dead``/``died`` are one key, so
are ``injur``/``wound``/``hurt``; also ``arrest``, ``missing``, ``hostage``), ``times`` for
"shot 11 times", else ``people`` when a word for people follows it (nothing else is a count
here); an age ("Gray, 16," or "16-year-old") is keyed by the name it is given to. Two sentences
of one story from two independent articles (within a day) are a candidate when they give counts
of one key with different values, at most three times apart, neither sentence also gives the
other's value under that key, and their cosine is at least ``MIN_COSINE``. One candidate per
sentence pair: the first such pair of counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence, Set
from typing import Any

import numpy as np

from newsdesk.model import EvidenceDoc

MIN_COSINE = 0.5
_WORDS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    " sixteen seventeen eighteen nineteen twenty"
).split()
WORD_VALUES = {w: float(i + 2) for i, w in enumerate(_WORDS)}
_COUNT = re.compile(
    r"(?<![\w.,$-])(\d{1,3}(?:, ?\d{3})+|\d+|" + "|".join(_WORDS) + r")\b(?![.,]\d|-\d)",
    re.IGNORECASE,
)
_KEYS = (
    ("dead", re.compile(r"\b(kill\w*|dead|died|die|deaths?|fatalit\w*|lives)\b", re.I)),
    ("hurt", re.compile(r"\b(injur\w*|wound\w*|hurt)\b", re.I)),
    ("arrest", re.compile(r"\b(arrest\w*|detain\w*)\b", re.I)),
    ("missing", re.compile(r"\bmissing\b", re.I)),
    ("hostage", re.compile(r"\bhostages?\b", re.I)),
)
_TIMES = re.compile(r"^\s+times\b", re.I)
_AGE_AFTER = re.compile(r"^\s*-?\s*years?\s*-?\s*old\b", re.I)
_NAME_BEFORE = re.compile(r"([A-Z][a-z]+),\s*$")
_MONTH = re.compile(r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.I)
_PEOPLE = frozenset("people person civilian child passenger victim resident".split())
_NOUN = re.compile(r"^\s+(?:of\s+)?([a-z][a-z-]{2,})", re.I)


def counts(text: str) -> list[tuple[int, int, float, str]]:
    """(start, end, value, key) of each count in ``text`` (see the module docstring)."""
    from newsdesk.evaluate.disagree_judged import _noun

    out = []
    for m in _COUNT.finditer(text):
        raw = m.group(1)
        value = WORD_VALUES.get(raw.lower())
        if value is None:
            value = float(re.sub(r"[, ]", "", raw))
            if re.fullmatch(r"(1[89]|20)\d\d", raw) or value < 2:
                continue
        before, after = text[max(0, m.start() - 40) : m.start()], text[m.end() : m.end() + 40]
        if _MONTH.search(before) or re.match(r"\s*(%|percent|a\.m|p\.m|:\d|st\b|nd\b|rd\b|th\b)",
                                             after, re.I):  # fmt: skip
            continue
        name = _NAME_BEFORE.search(before)
        if _AGE_AFTER.match(after) or (name and re.match(r"^,", after)):
            who = name.group(1) if name else (re.findall(r"[A-Z][a-z]+", after[:40]) or [""])[-1]
            out.append((m.start(), m.end(), value, f"age:{who.lower()}"))
            continue
        if _TIMES.match(after):
            out.append((m.start(), m.end(), value, "times"))
            continue
        near = text[max(0, m.start() - 25) : m.end() + 30]
        key = next((k for k, rx in _KEYS if rx.search(near)), None)
        if key is None:
            noun = _NOUN.match(after)
            if not noun or _noun(noun.group(1)) not in _PEOPLE:
                continue
            key = "people"
        out.append((m.start(), m.end(), value, key))
    return out


def count_candidates(
    dataset: str,
    groups: Sequence[Sequence[EvidenceDoc]],
    embed: Callable[[list[str]], np.ndarray],
    seen: Set[tuple[str, frozenset[tuple[str, int]]]] = frozenset(),
) -> list[dict[str, Any]]:
    """Every candidate of this generator in ``groups`` not in ``seen`` ((dataset, the two
    (article id, sentence start))), unnumbered, in the form of ``loose_candidates``."""
    from newsdesk.stories.disagree import MAX_SENTENCES, _close_in_time, _independent

    out: list[dict[str, Any]] = []
    for g in groups:
        items = [
            (d, s, [(s.start + a, s.start + b, v, k) for a, b, v, k in counts(s.text)])
            for d in g
            for s in d.sentences[:MAX_SENTENCES]
        ]
        items = [x for x in items if x[2]]
        if len(items) < 2:
            continue
        vecs = embed([s.text for _, s, _ in items])
        sims = vecs @ vecs.T
        for i, (da, sa, fa) in enumerate(items):
            for j in range(i + 1, len(items)):
                db, sb, fb = items[j]
                if not _independent(da, db) or not _close_in_time(da, db):
                    continue
                if (dataset, frozenset({(da.id, sa.start), (db.id, sb.start)})) in seen:
                    continue
                if float(sims[i, j]) < MIN_COSINE:
                    continue
                va_by = {(v, k) for _, _, v, k in fa}
                vb_by = {(v, k) for _, _, v, k in fb}
                for a0, a1, va, ka in fa:
                    hit = next(
                        (
                            (b0, b1)
                            for b0, b1, vb, kb in fb
                            if kb == ka
                            and vb != va
                            and max(va, vb) <= 3 * min(va, vb)
                            and (vb, kb) not in va_by
                            and (va, ka) not in vb_by
                        ),
                        None,
                    )
                    if hit:
                        out.append({"dataset": dataset, "cluster": da.story_id or "",
                                    "a": (da, sa), "b": (db, sb), "kind": "number",
                                    "va": (a0, a1), "vb": hit,
                                    "sim": float(sims[i, j])})  # fmt: skip
                        break
    return out
