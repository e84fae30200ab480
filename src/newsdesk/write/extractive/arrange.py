"""Step 3 of the extractive writer: the chosen, cited sentences arranged as a briefing.

A lead paragraph with the core of the topic, two to five strand paragraphs (by story when the
articles carry story IDs, else by clustering the chosen sentences' vectors; chronological inside
a paragraph, except that a sentence spelling out an acronym comes before one using it), and an
"Overall" close: the remaining sentence closest to everything chosen, or a templated sentence
of counts, outlets and dates when the evidence is thin.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import numpy as np

from newsdesk.briefing import (
    Briefing,
    BriefSentence,
    Citation,
    Paragraph,
    SourceRef,
    is_window_line,
)
from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.dates import anchor_day, window_text
from newsdesk.write.extractive.settings import BriefConfig
from newsdesk.write.extractive.words import STOPWORDS, tokens


def _chrono_key(prep: Prepared, i: int) -> tuple[str, int, int]:
    c = prep.cands[i]
    return (prep.docs[c.doc].published or "", c.doc, c.index)


def ward_groups(vecs: np.ndarray, k: int) -> list[int]:
    """A group number for each row: SciPy's Ward tree with its last ``k - 1`` merges undone.

    The same partition as scikit-learn's ``AgglomerativeClustering(k, linkage="ward")``, which
    builds this very tree and cuts it the same way, without importing scikit-learn (about 1.3 s
    of every cold ``newsdesk brief``).
    """
    from scipy.cluster.hierarchy import ward

    n = len(vecs)
    merges = ward(np.require(vecs, requirements="W"))[:, :2].astype(np.intp)
    parent = list(range(2 * n - 1))
    for step, (a, b) in enumerate(merges[: n - max(1, min(k, n))]):
        parent[a] = parent[b] = n + step

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    return [root(i) for i in range(n)]


_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_CAPITALISED_RUN = re.compile(
    r"\b[A-Z][\w’'-]*(?:\s+(?:(?:of|and|for|on|the|&)\s+)*[A-Z][\w’'-]*)+"
)
_CONNECTORS = frozenset({"of", "and", "for", "on", "the", "&"})


def _defines(text: str) -> set[str]:
    """Acronyms ``text`` spells out: the initials of a run of capitalised words ("Trilateral
    Fentanyl Committee" -> TFC), or one given in parentheses ("(NALS)")."""
    out = set(re.findall(r"\(([A-Z]{2,6})\)", text))
    for m in _CAPITALISED_RUN.finditer(text):
        words = [w for w in m.group(0).split() if w not in _CONNECTORS]
        initials = "".join(w[0] for w in words)
        # any stretch of the run may be the expansion ("the U.S.-Mexico Trilateral Fentanyl
        # Committee" spells TFC from its last three words)
        for a in range(len(initials)):
            for b in range(a + 2, min(len(initials), a + 6) + 1):
                out.add(initials[a:b])
    return out


def defined_first(texts: list[str]) -> list[int]:
    """An order of ``texts`` (indices, the given order where it can be kept) in which a
    sentence that uses an acronym ("The TFC builds on ...") comes after the sentence that spells
    it out ("... established the Trilateral Fentanyl Committee ..."), when both are there."""
    defs = [_defines(t) for t in texts]
    uses = [
        {a for a in _ACRONYM.findall(t) if a not in d} for t, d in zip(texts, defs, strict=True)
    ]
    order = list(range(len(texts)))
    for _ in range(len(texts) * len(texts)):
        moved = False
        for pos, i in enumerate(order):
            later = [j for j in order[pos + 1 :] if uses[i] & defs[j]]
            if later:
                j = later[0]
                order.remove(j)
                order.insert(pos, j)
                moved = True
                break
        if not moved:
            break
    return order


def _in_reading_order(prep: Prepared, group: list[int]) -> list[int]:
    """Chronological, then an acronym's spelling-out before its use."""
    group = sorted(group, key=lambda i: _chrono_key(prep, i))
    return [group[k] for k in defined_first([prep.cands[i].shown for i in group])]


def _strands(prep: Prepared, rest: list[int], max_strands: int) -> list[list[int]]:
    """Group the chosen sentences into strands: by story ID when given, else by vectors."""
    if not rest:
        return []
    stories = [prep.docs[prep.cands[i].doc].story_id for i in rest]
    if all(stories) and 2 <= len(set(stories)) <= max_strands:
        groups: dict[str, list[int]] = {}
        for i, s in zip(rest, stories, strict=True):
            groups.setdefault(str(s), []).append(i)
        return list(groups.values())
    if len(rest) < 4:
        return [rest]
    k = max(2, min(max_strands, round(len(rest) / 3)))
    # Ward on unit vectors (Euclidean distance is monotone in cosine) gives even-sized groups;
    # average linkage tends to leave one large strand and stray singletons.
    labels = ward_groups(prep.vecs[rest], k)
    groups2: dict[int, list[int]] = {}
    for i, lab in zip(rest, labels, strict=True):
        groups2.setdefault(int(lab), []).append(i)
    # Singletons join the strand they are closest to, so no paragraph is one stray line.
    out = [g for g in groups2.values() if len(g) > 1]
    if not out:
        return [rest]
    for g in groups2.values():
        if len(g) == 1:
            v = prep.vecs[g[0]]
            best = max(out, key=lambda grp: float(prep.vecs[grp].mean(axis=0) @ v))
            best.append(g[0])
    return out


def _label(prep: Prepared, group: list[int]) -> str:
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for i in group:
        for w in re.findall(r"[A-Za-z][A-Za-z'-]+", prep.cands[i].shown):
            t = tokens(w)
            if not t or t[0] in STOPWORDS or len(w) < 4:
                continue
            counts[t[0]] += 1
            shown.setdefault(t[0], w.lower())
    top = [shown[t] for t, n in counts.most_common(3) if n > 1] or [
        shown[t] for t, _ in counts.most_common(2)
    ]
    return ", ".join(top)


def arrange(
    prep: Prepared,
    chosen: list[int],
    cited: dict[int, BriefSentence],
    sims: np.ndarray,
    words: int,
    since: str | None,
    until: str | None,
    notice: str | None,
    cfg: BriefConfig,
    want_templated: bool,
    closing: int | None = None,
) -> Briefing:
    """``closing``: a sentence not among ``chosen`` that closes the briefing (cited in
    ``cited``); without it the close is the chosen sentence closest to the others, or a
    templated line when the budget leaves room."""
    cands = prep.cands
    by_score = sorted(chosen, key=lambda i: -cands[i].score)
    n_lead = 2 if len(chosen) >= 6 else 1
    lead = _in_reading_order(prep, by_score[:n_lead])
    rest = [i for i in chosen if i not in lead]
    if closing is not None:
        chosen = [*chosen, closing]
    elif not want_templated and len(rest) >= 3:
        # The close: the remaining sentence closest to everything chosen (the widest view).
        closing = max(rest, key=lambda i: float(sims[i, chosen].mean()))
        rest = [i for i in rest if i != closing]
    paragraphs = [Paragraph("lead", [cited[i] for i in lead])]
    if cfg.window_min_words and words >= cfg.window_min_words:
        window = _window(prep, chosen, cited)
        if window is not None:
            paragraphs[0].sentences.insert(0, window)
    strands = _strands(prep, rest, cfg.max_strands)
    strands.sort(key=lambda g: -sum(cands[i].score for i in g))
    for g in strands:
        g[:] = _in_reading_order(prep, g)
        paragraphs.append(Paragraph("strand", [cited[i] for i in g], label=_label(prep, g)))
    if closing is not None:
        paragraphs.append(Paragraph("overall", [cited[closing]], label="Overall"))
    sources = _sources(prep, paragraphs)
    if want_templated or closing is None:
        used = sum(
            len(s.text.split())
            for p in paragraphs
            for s in p.sentences
            if not is_window_line(s.kind, s.text)
        )
        text = _templated_close(prep, sources, len(strands) or 1, since, until)
        n_text = len(text.split())
        room = want_templated or n_text <= cfg.templated_max_share * words
        if used + n_text <= words and room:
            # Its facts are counted over the cited articles: it cites each of them (the span of
            # the sentence the briefing first cites it for).
            first: dict[str, Citation] = {}
            for p in paragraphs:
                for s in p.sentences:
                    for c in s.citations:
                        first.setdefault(c.id, c)
            paragraphs.append(
                Paragraph(
                    "overall",
                    [BriefSentence(text, "templated", list(first.values()))],
                    label="Overall",
                )
            )
    return Briefing(
        topic=prep.query,
        paragraphs=paragraphs,
        sources=sources,
        notice=notice,
        since=since,
        until=until,
    )


def _window(
    prep: Prepared, chosen: list[int], cited: dict[int, BriefSentence]
) -> BriefSentence | None:
    """The lead's templated line naming the days the cited articles were published, citing
    the first and the last of them (None when the articles carry no dates)."""
    by_id = {d.id: d for d in prep.docs}
    dated: list[tuple[date, Citation]] = []
    for i in chosen:
        for c in cited[i].citations:
            day = anchor_day(by_id[c.id].published)
            if day is not None:
                dated.append((day, c))
    text = window_text([d for d, _ in dated])
    if text is None:
        return None
    dated.sort(key=lambda x: x[0])
    cites = [dated[0][1]] if dated[0][1].id == dated[-1][1].id else [dated[0][1], dated[-1][1]]
    return BriefSentence(text, "templated", cites)


def _sources(prep: Prepared, paragraphs: list[Paragraph]) -> list[SourceRef]:
    by_id = {d.id: d for d in prep.docs}
    out: list[SourceRef] = []
    seen: set[str] = set()
    for p in paragraphs:
        for s in p.sentences:
            for c in s.citations:
                if c.id in seen:
                    continue
                seen.add(c.id)
                d = by_id[c.id]
                out.append(SourceRef(d.id, d.source, d.published, d.title, d.url))
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _templated_close(
    prep: Prepared,
    sources: list[SourceRef],
    n_strands: int,
    since: str | None,
    until: str | None,
) -> str:
    """A closing sentence from verifiable facts only: counts, outlets, dates, strands."""
    n_art = len(sources)
    outlets = sorted({s.source for s in sources if s.source})
    dates = sorted(s.published[:10] for s in sources if s.published)
    text = f"Overall, this briefing draws on {_plural(n_art, 'article')}"
    if outlets:
        shown = ", ".join(outlets[:4]) + (" and others" if len(outlets) > 4 else "")
        text += f" from {_plural(len(outlets), 'outlet')} ({shown})"
    if dates:
        text += (
            f" published on {dates[0]}"
            if dates[0] == dates[-1]
            else (f" published between {dates[0]} and {dates[-1]}")
        )
    text += f", in {_plural(n_strands, 'strand')}." if n_strands > 1 else "."
    return text
