"""Repairs checked for truth, not only for where they stand.

A writer repairs a cited span so that it reads alone: a relative date becomes the date it
names ("Tuesday" -> "[on Tuesday, August 31]"), a leading pronoun the person it stands for
("She" -> "[Economy Minister Elena Baptista]"). The structural check only undoes the repair;
here the repair itself must be what the article gives:

* a date repair must agree with the original phrase read in its own sentence against the
  article's date, in the direction that sentence looks (:mod:`.dates`): "a Tuesday deadline"
  in an article of Monday, August 30 is August 31, not August 24;
* a name repair's words (name and role) must stand together in one sentence or two adjacent
  ones of the article.
"""

from __future__ import annotations

import re

from newsdesk.briefing import Repair
from newsdesk.verify.dates import agree, date_facts, dated_frame
from newsdesk.verify.support import STOP, SourceDoc

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
STEM = 5


def _stems(text: str) -> set[str]:
    return {w.lower().replace("’", "'").removesuffix("'s")[:STEM] for w in _WORD.findall(text)}


def locate_original(text: str, r: Repair, article: str) -> tuple[Repair, str] | None:
    """For a repair read from prose (its original unknown): the words of ``article`` that
    stand where the insertion stands, found by the words around it in ``text``, with the
    article's sentence pair around them; None when the context is not in the article."""
    before = _WORD.findall(text[: r.at])[-3:]
    after = _WORD.findall(text[r.at + len(r.replacement) :])[:2]
    if not before or not after:
        return None
    gap = r"[^A-Za-z]+"
    pattern = (
        gap.join(re.escape(w) for w in before)
        + r"(?P<orig>[^.;]{0,60}?)"
        + gap.join(re.escape(w) for w in after)
    )
    m = re.search(pattern, article)
    if m is None:
        return None
    orig = m.group("orig").strip(" ,")
    start = max(article.rfind(". ", 0, m.start()) + 2, 0)
    stop = article.find(". ", m.end())
    return Repair(orig, r.replacement, r.at), article[start : stop + 1 if stop >= 0 else None]


def repair_problems(repairs: list[Repair], span: str, doc: SourceDoc) -> list[str]:
    """Why each repair is not what the article gives (empty: every repair holds)."""
    out: list[str] = []
    for r in repairs:
        shown = f"repair '[{r.replacement.strip()}]'"
        said = date_facts(r.replacement, doc.day)
        at = span.find(r.original) if r.original else -1
        if said:
            if at < 0:
                continue  # the structural check reports a repair that is not in its span
            orig = [
                f
                for f in date_facts(span, doc.day)
                if f.start < at + len(r.original) and at < f.end
            ]
            if not orig:
                if at == 0 and dated_frame(r.replacement, doc.day):
                    continue  # a strand's opener dated with the article's own date
                out.append(f"{shown} names a date where the article has none")
                continue
            if not any(
                o.first is not None or any(c is not None for c in o.components()) for o in orig
            ):
                continue  # "yesterday" in an article without a date: nothing to read it by
            bad = [f.phrase for f in said if not any(agree(f, o) for o in orig)]
            if bad:
                o = orig[0]
                means = (
                    f" (the article's {o.phrase!r} is {o.first:%A, %B %-d, %Y})"
                    if (o.first is not None and o.first == o.last)
                    else ""
                )
                out.append(f"{shown}: date {bad[0]!r} is not what the article means{means}")
            continue
        want = {w for w in _stems(r.replacement) if w not in STOP and len(w) > 1}
        if not want:
            continue
        windows = [doc.text[a:b] for a, b in doc.spans()]
        if not any(want <= _stems(w) for w in windows):
            missing = sorted(want - _stems(doc.text))
            detail = f" ({', '.join(missing)} not in it)" if missing else " (not together)"
            out.append(f"{shown}: the article does not name it so{detail}")
    return out
