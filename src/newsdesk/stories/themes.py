"""Themes: stories on one beat, grouped by their centroids."""

from __future__ import annotations

from collections import Counter

import numpy as np

from newsdesk.stories.config import DEFAULT_CONFIG, StoryConfig

# -- themes ----------------------------------------------------------------------------------


def cluster_themes(
    emb: np.ndarray,
    key: np.ndarray,
    config: StoryConfig = DEFAULT_CONFIG,
    lex: np.ndarray | None = None,
) -> list[int]:
    """Theme number of each story from its unit centroids (-1: the story stands alone).

    Average linkage over story centroids, embeddings and entities/figures (the words of two
    stories on one beat differ more than their actors and places do), cut at the looser
    ``theme_threshold``; the TF-IDF word centroids join with ``theme_w_lex`` when given
    (``newsdesk eval themes`` measures each choice). Single-article stories take part too: a
    follow-up that stands alone as a story still belongs to its beat.
    """
    n = emb.shape[0]
    if n < 2:
        return [-1] * n
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    w_e, w_k = 1.0, config.theme_w_key
    w_l = config.theme_w_lex if lex is not None else 0.0
    sim = w_e * (emb @ emb.T) + w_k * (key @ key.T)
    if lex is not None and w_l:
        sim += w_l * (lex @ lex.T)
    sim /= w_e + w_k + w_l
    dist = np.clip(1.0 - sim, 0.0, 2.0).astype(np.float64)
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2
    tree = linkage(squareform(dist, checks=False), method="average")
    flat = fcluster(tree, t=1.0 - config.theme_threshold, criterion="distance")
    sizes = Counter(flat.tolist())
    # Number themes by their first story, so the numbering follows the input order.
    numbering: dict[int, int] = {}
    out: list[int] = []
    for c in flat.tolist():
        if sizes[c] < 2:
            out.append(-1)
            continue
        out.append(numbering.setdefault(c, len(numbering)))
    return out


# -- labels: a theme names its subject, not a document format ---------------------------------

BOILERPLATE_SHARE = 0.15  # a name in more headlines than this share is the format, not a subject
MIN_STORIES_FOR_BOILERPLATE = 8
# Words that name a kind of document or its parts, never what it is about: "A Proclamation
# on ...", "Readout of ...", "FACT SHEET: ... Announces Key Deliverables", "Remarks by ...",
# "Press Gaggle", the formal signature "Joseph R. Biden, Jr." of every proclamation, and the
# country a government's documents all speak for ("the United States").
FORMAT_WORDS = frozenset(
    """proclamation proclamations statement statements readout readouts remarks briefing
    briefings press secretary fact sheet announces announce announcement key deliverables
    memorandum message letter notice executive order orders transcript release background
    joint call gaggle jr r united states""".split()
)


def headline_names(headline: str) -> list[str]:
    """The capitalised names of a headline, as written, once each ("White House")."""
    from newsdesk.stories.names import name_mentions

    out: list[str] = []
    seen: set[str] = set()
    for n in name_mentions("", headline):
        name = " ".join(n.split())
        key = name.casefold()
        if len(key) >= 3 and key not in seen:
            seen.add(key)
            out.append(name)
    return out


def boilerplate_names(
    headlines: list[list[str]], groups: list[int] | None = None
) -> set[str]:
    """Names, and single words of names, that recur across so many stories' headlines that they
    mark the kind of document ("Press Briefing", "Secretary") rather than what it is about
    (casefolded), and the ``FORMAT_WORDS`` always. With ``groups`` (the theme of each
    headline), a name must also recur in two themes or more: a subject that many stories of
    one theme share stays."""
    n = len(headlines)
    if n < MIN_STORIES_FOR_BOILERPLATE:
        return set(FORMAT_WORDS)
    groups = groups if groups is not None else list(range(n))
    df: Counter[str] = Counter()
    words: Counter[str] = Counter()
    where: dict[str, set[int]] = {}
    for names, g in zip(headlines, groups, strict=True):
        keys = {k.casefold() for k in names}
        ws = {w.casefold() for k in names for w in k.split()}
        df.update(keys)
        words.update(ws)
        for k in keys | ws:
            where.setdefault(k, set()).add(g)
    frequent = {k for k, c in df.items() if c / n > BOILERPLATE_SHARE and c >= 3} | {
        w for w, c in words.items() if c / n > BOILERPLATE_SHARE and c >= 3
    }
    return {k for k in frequent if len(where.get(k, ())) >= 2} | FORMAT_WORDS


_FUNCTION_WORDS = frozenset(
    "a an the of to in into on onto for from with by at as and or but is are was be".split()
)


def subject_of(name: str, boiler: set[str]) -> str:
    """``name`` without boilerplate words: the last run of words between them, function
    words off its ends ("Press Secretary Jen Psaki" -> "Jen Psaki", "President Biden Announces
    Key Nominees" -> "Nominees"); "" when nothing is left, or when it is a rubric in capitals
    ("FACT SHEET")."""
    runs: list[list[str]] = [[]]
    for w in name.split():  # a format word inside a name cuts it; the subject comes last
        if w.casefold() in boiler:
            runs.append([])
        else:
            runs[-1].append(w)
    words = next((r for r in reversed(runs) if r), [])
    ends = boiler | _FUNCTION_WORDS  # "Adjusting Imports of Steel Into" ends at "Steel"
    while words and words[0].casefold() in ends:
        words.pop(0)
    while words and words[-1].casefold() in ends:
        words.pop()
    text = " ".join(words)
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 4 and all(c.isupper() for c in letters):
        return ""  # a rubric ("FACT SHEET", "ICYMI"), not a subject
    return text


def theme_label_from(
    theme_headlines: list[list[str]], df: Counter[str], n_stories: int, boiler: set[str]
) -> str:
    """Up to two names shared by a theme's stories, rarest elsewhere first, boilerplate out."""
    shown: dict[str, str] = {}
    theme_headlines = [
        [x for x in (subject_of(k, boiler) for k in names) if x] for names in theme_headlines
    ]
    for names in theme_headlines:
        for k in names:
            shown.setdefault(k.casefold(), k)
    counts = Counter(
        k.casefold() for names in theme_headlines for k in set(names) if k.casefold() not in boiler
    )
    if not counts:
        return ""
    import math

    def score(k: str) -> float:
        return counts[k] * math.log(1 + n_stories / max(df[k], 1))

    best = sorted(counts, key=lambda k: (-score(k), k))
    chosen: list[str] = []
    for k in best:
        if any(k in c or c in k for c in chosen):
            continue
        chosen.append(k)
        if len(chosen) == 2:
            break
    return " · ".join(shown[k] for k in chosen)
