"""Step 2 of the extractive writer: scores, concept weights, the greedy budgeted maximisation
of a submodular objective, and the citations of each chosen sentence.

The objective over a set S of sentences, within the word budget, is

    F(S) = sum_{c covered by S} w_c  +  lam * sum_{i in S} len_i * score_i

where the concepts c are word bigrams (not both stopwords) and, at ``unigram_weight`` of the
weight, content words, and

    w_c = sum over independent sources L containing c of  max_{i in L, c in i} score_i ** p

so a concept counts once per lineage (wire copies sharing a ``lineage_id`` count once), and
weighs more when it recurs in several independent sources inside relevant sentences. The
sentence score mixes query relevance (dense cosine to the question and lexical TF-IDF cosine),
centrality across other sources, and a lead-position prior. Greedy selection takes the best
``gain / len ** gamma`` that fits the budget and is not redundant (cosine to a chosen sentence
below a threshold), the cost-scaled greedy of Lin and Bilmes for budgeted submodular
maximisation.

The defaults of :class:`SelectConfig` were chosen by a random search and a one-at-a-time sweep
on the odd-numbered DUC 2006 topics only (see ``newsdesk eval summarization``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.briefing import BriefSentence, Citation, SentenceKind
from newsdesk.write.extractive.candidates import Candidate, Prepared
from newsdesk.write.extractive.settings import BriefConfig, SelectConfig
from newsdesk.write.extractive.words import STOPWORDS


def _tfidf_rows(docs_toks: list[list[str]], vocab: dict[str, int], idf: np.ndarray) -> np.ndarray:
    mat = np.zeros((len(docs_toks), len(vocab)), dtype=np.float32)
    for r, toks in enumerate(docs_toks):
        for t in toks:
            j = vocab.get(t)
            if j is not None:
                mat[r, j] += 1.0
    mat = np.log1p(mat) * idf[None, :]
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return mat / norms


def score_candidates(
    cands: list[Candidate],
    lineage: Sequence[str],
    vecs: np.ndarray,
    query_vec: np.ndarray,
    query_toks: list[str] | None,
    cfg: SelectConfig,
) -> np.ndarray:
    """Set relevance, centrality and score on each candidate; return the cosine matrix."""
    n = len(cands)
    content = [[t for t in c.toks if t not in STOPWORDS] for c in cands]
    vocab: dict[str, int] = {}
    df: dict[str, int] = {}
    for toks in content:
        for t in set(toks):
            df[t] = df.get(t, 0) + 1
            vocab.setdefault(t, len(vocab))
    idf = np.array([math.log((n + 1) / (df[t] + 0.5)) for t in vocab], dtype=np.float32)
    lex = _tfidf_rows(content, vocab, idf) if vocab else np.zeros((n, 1), np.float32)
    if query_toks is not None:
        q = _tfidf_rows([[t for t in query_toks if t not in STOPWORDS]], vocab, idf)[0]
    else:
        q = lex.mean(axis=0)
        q = q / (np.linalg.norm(q) or 1.0)
    lex_rel = lex @ q
    dense_rel = vecs @ query_vec
    sims = vecs @ vecs.T

    def norm01(x: np.ndarray) -> np.ndarray:
        lo, hi = float(np.min(x)), float(np.max(x))
        return (x - lo) / (hi - lo) if hi > lo else np.ones_like(x)

    rel = cfg.dense_weight * norm01(dense_rel) + (1 - cfg.dense_weight) * norm01(lex_rel)
    # Centrality: mean of the k best similarities to sentences of OTHER independent sources.
    lin = np.array([lineage[c.doc] for c in cands])
    other = lin[:, None] != lin[None, :]
    masked = np.where(other, sims, -1.0)
    k = max(1, min(cfg.centrality_k, n - 1))
    if n > 1:
        top = -np.sort(-masked, axis=1)[:, :k]
        cent = np.clip(top, 0, None).mean(axis=1)
    else:
        cent = np.ones(n)
    cent = norm01(cent)
    pos = np.array([1.0 / (1.0 + c.index / cfg.position_decay) for c in cands])
    score = cfg.w_relevance * rel + cfg.w_centrality * cent + cfg.w_position * pos
    score = score / (cfg.w_relevance + cfg.w_centrality + cfg.w_position)
    for c, r, ce, s in zip(cands, rel, cent, score, strict=True):
        c.relevance, c.centrality, c.score = float(r), float(ce), float(s)
    return sims


def _concepts(c: Candidate, unigrams: bool) -> set[str]:
    t = c.toks
    out = {
        f"{a} {b}"
        for a, b in zip(t, t[1:], strict=False)
        if not (a in STOPWORDS and b in STOPWORDS)
    }
    if unigrams:
        out |= {w for w in t if w not in STOPWORDS and len(w) > 2}
    return out


@dataclass
class _Objective:
    """The objective of selection: the weights of the concepts a set covers plus ``lam`` times
    each sentence's words times its score (see the module docstring)."""

    cands: list[Candidate]
    lam: float
    concept_sets: dict[int, set[str]]
    weight: dict[str, float]

    def covering(self, concepts: Iterable[str]) -> float:
        return sum(self.weight.get(c, 0.0) for c in concepts)

    def modular(self, i: int) -> float:
        return self.lam * self.cands[i].n_words * self.cands[i].score

    def value(self, sel: Sequence[int]) -> float:
        covered = set().union(*(self.concept_sets[i] for i in sel))
        return self.covering(covered) + sum(self.modular(i) for i in sel)


def _reporting_outlets(cands: list[Candidate], lineage: Sequence[str], sel: Iterable[int]) -> int:
    """The independent sources ``sel`` cites with reporting (an opinion line does not count)."""
    return len({lineage[cands[i].doc] for i in sel if not cands[i].opinion})


def select(
    cands: list[Candidate],
    usable: list[int],
    lineage: Sequence[str],
    sims: np.ndarray,
    budget: int,
    cfg: SelectConfig,
    start: Sequence[int] = (),
    conflict: Callable[[int, int], bool] | None = None,
) -> list[int]:
    """Indices (into ``cands``) of the chosen sentences, in the order chosen. With ``start``
    the greedy continues from those sentences (already chosen, they come first). With
    ``conflict``, no two chosen sentences conflict (two that state the same fact), beside the
    redundancy cap."""
    clash = conflict or (lambda a, b: False)
    if not usable or budget <= 0:
        return list(start)
    concept_sets = {i: _concepts(cands[i], cfg.unigram_weight > 0) for i in usable}
    # Concept weight: per independent source, the best score of a sentence holding it.
    best: dict[str, dict[str, float]] = {}
    for i in range(len(cands)):
        c = cands[i]
        cs = concept_sets.get(i) or _concepts(c, cfg.unigram_weight > 0)
        lin = lineage[c.doc]
        for con in cs:
            d = best.setdefault(con, {})
            if c.score > d.get(lin, -1.0):
                d[lin] = c.score
    weight: dict[str, float] = {}
    for con, per in best.items():
        if len(per) < cfg.concept_min_df:
            continue
        w = sum(v**cfg.concept_power for v in per.values())
        if " " not in con:
            w *= cfg.unigram_weight
        weight[con] = w
    obj = _Objective(cands, cfg.lam, concept_sets, weight)
    if (
        not start
        and cfg.exact_max_sentences
        and len(usable) <= cfg.exact_max_candidates
        and budget <= cfg.exact_max_words
    ):
        exact = _exact(cands, usable, lineage, sims, budget, cfg, obj, clash)
        if exact is not None:
            return exact
    covered: set[str] = set()
    chosen: list[int] = []
    used = 0
    remaining = set(usable)
    per_lineage: dict[str, int] = {}
    for i in start:
        chosen.append(i)
        covered |= concept_sets.get(i) or _concepts(cands[i], cfg.unigram_weight > 0)
        used += cands[i].n_words
        lin_i = lineage[cands[i].doc]
        per_lineage[lin_i] = per_lineage.get(lin_i, 0) + 1
        remaining = {
            j for j in remaining if j != i and sims[i, j] <= cfg.redundancy and not clash(i, j)
        }

    def gain(i: int) -> float:
        return obj.covering(concept_sets[i] - covered) + obj.modular(i)

    cap = cfg.max_per_lineage
    while remaining:
        best_i, best_val = -1, 0.0
        fits = [
            i
            for i in remaining
            if used + cands[i].n_words <= budget
            and not (cap and per_lineage.get(lineage[cands[i].doc], 0) >= cap)
        ]
        if cfg.balance_outlets:
            fits = _balanced(cands, fits, lineage, per_lineage, budget - used)
        for i in fits:
            n_w = cands[i].n_words
            g = gain(i)
            if g <= 0:
                continue
            val = g / (n_w**cfg.gamma)
            if val > best_val:
                best_i, best_val = i, val
        if best_i < 0:
            break
        chosen.append(best_i)
        lin_i = lineage[cands[best_i].doc]
        per_lineage[lin_i] = per_lineage.get(lin_i, 0) + 1
        covered |= concept_sets[best_i]
        used += cands[best_i].n_words
        remaining.discard(best_i)
        # Redundancy control: drop what now says nearly the same thing.
        remaining = {
            i for i in remaining if sims[best_i, i] <= cfg.redundancy and not clash(best_i, i)
        }
    if cfg.fill and not start:
        chosen = _fill(cands, usable, lineage, sims, budget, cfg, obj, chosen, clash)
    return chosen


def _fill(
    cands: list[Candidate],
    usable: list[int],
    lineage: Sequence[str],
    sims: np.ndarray,
    budget: int,
    cfg: SelectConfig,
    obj: _Objective,
    chosen: list[int],
    clash: Callable[[int, int], bool],
) -> list[int]:
    """``chosen`` with the one swap, of a chosen sentence for a longer usable one that fits the
    words left, that uses the most words without lowering the objective (concepts covered plus
    the modular term); ties go to the higher objective. The swap keeps every rule of the greedy:
    redundancy, the cap per lineage and, with ``balance_outlets``, the reporting outlets cited.
    ``chosen`` itself when no swap qualifies."""
    used = sum(cands[i].n_words for i in chosen)
    left = budget - used
    if left <= 0 or not chosen:
        return chosen
    concept_sets = obj.concept_sets
    count: dict[str, int] = {}
    for i in chosen:
        for con in concept_sets[i]:
            count[con] = count.get(con, 0) + 1
    spread = _reporting_outlets(cands, lineage, chosen)
    taken = set(chosen)
    best: tuple[int, float] = (0, 0.0)  # (words gained, objective change)
    swap: tuple[int, int] | None = None
    for pos, i in enumerate(chosen):
        n_i = cands[i].n_words
        longer = [j for j in usable if j not in taken and n_i < cands[j].n_words <= n_i + left]
        if not longer:
            continue
        mine = concept_sets[i]
        # What dropping i loses: the concepts no other chosen sentence covers.
        loss = obj.covering(c for c in mine if count[c] == 1) + obj.modular(i)
        others = [k for k in chosen if k != i]
        for j in longer:
            if others and float(np.max(sims[j, others])) > cfg.redundancy:
                continue
            if any(clash(j, k) for k in others):
                continue
            gain = obj.modular(j) + obj.covering(
                c for c in concept_sets[j] if count.get(c, 0) - (c in mine) <= 0
            )
            delta = gain - loss
            if delta < 0:
                continue
            trial = [*others, j]
            lin_j = lineage[cands[j].doc]
            if cfg.max_per_lineage and (
                sum(lineage[cands[k].doc] == lin_j for k in trial) > cfg.max_per_lineage
            ):
                continue
            if cfg.balance_outlets and _reporting_outlets(cands, lineage, trial) < spread:
                continue
            key = (cands[j].n_words - n_i, delta)
            if key > best:
                best, swap = key, (pos, j)
    if swap is None:
        return chosen
    out = list(chosen)
    out[swap[0]] = swap[1]
    return out


def _exact(
    cands: list[Candidate],
    usable: list[int],
    lineage: Sequence[str],
    sims: np.ndarray,
    budget: int,
    cfg: SelectConfig,
    obj: _Objective,
    clash: Callable[[int, int], bool],
) -> list[int] | None:
    """For a short briefing on few articles: the best set of up to ``exact_max_sentences``
    sentences by the objective itself (no cost scaling: the words of the budget are worth
    using), every set searched. With ``balance_outlets``, the set citing the most reporting
    outlets (counted up to ``balance_max_outlets``) among those worth at least
    ``1 - balance_slack`` of the best. The sets searched hold fewer sentences when there are
    more than ``exact_max_sets`` of them. None when no single sentence fits, or when not even
    every pair can be searched."""
    from itertools import combinations

    fit = [i for i in usable if cands[i].n_words <= budget]
    if not fit:
        return None
    # Sets of up to ``most`` sentences, as many as ``exact_max_sets`` allows (at least two).
    most, sets = 0, 0
    while most < cfg.exact_max_sentences:
        sets += math.comb(len(fit), most + 1)
        if sets > cfg.exact_max_sets:
            break
        most += 1
    if most < 2:
        return None  # too many sets to search: the greedy decides
    cap = cfg.max_per_lineage
    best_by_spread: dict[int, tuple[float, tuple[int, ...]]] = {}
    for k in range(1, most + 1):
        for combo in combinations(fit, k):
            if sum(cands[i].n_words for i in combo) > budget:
                continue
            if k > 1 and any(
                sims[a, b] > cfg.redundancy or clash(a, b) for a, b in combinations(combo, 2)
            ):
                continue
            lins = [lineage[cands[i].doc] for i in combo]
            if cap and max(lins.count(x) for x in lins) > cap:
                continue
            value = obj.value(combo)
            spread = (
                min(cfg.balance_max_outlets, _reporting_outlets(cands, lineage, combo))
                if cfg.balance_outlets
                else 0
            )
            if spread not in best_by_spread or value > best_by_spread[spread][0]:
                best_by_spread[spread] = (value, combo)
    if not best_by_spread:
        return None
    top = max(v for v, _ in best_by_spread.values())
    # The most outlets whose best set is worth nearly as much as the best set of all.
    spread = max(s for s, (v, _) in best_by_spread.items() if v >= (1 - cfg.balance_slack) * top)
    return sorted(best_by_spread[spread][1], key=lambda i: -cands[i].score)


def _balanced(
    cands: list[Candidate],
    fits: list[int],
    lineage: Sequence[str],
    per_lineage: dict[str, int],
    left: int,
) -> list[int]:
    """The candidates balance allows next: a reporting sentence (not opinion) from an outlet
    not yet cited while one fits, and, while another uncited outlet could still follow, only
    those that leave it room (a 50-word briefing is not spent on one outlet when two fit)."""
    fresh = [i for i in fits if lineage[cands[i].doc] not in per_lineage and not cands[i].opinion]
    if not fresh:
        return fits
    shortest: dict[str, int] = {}
    for i in fresh:
        lin = lineage[cands[i].doc]
        shortest[lin] = min(shortest.get(lin, 10**9), cands[i].n_words)

    def leaves_room(i: int) -> bool:
        lin = lineage[cands[i].doc]
        rest = left - cands[i].n_words
        return any(n <= rest for other, n in shortest.items() if other != lin)

    roomy = [i for i in fresh if leaves_room(i)]
    return roomy or fresh


# A secondary citation's sentence may lack this share of the claim's content words (at least
# one word): a different word for the same thing, not a different claim.
CLAIM_MISSING = 0.15
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
# an abbreviation of a name ("the UK", "the EU"): another one in its place is another claim
_ABBREVIATION = re.compile(r"\b[A-Z]{2,}\b")


def supporting(
    cands: list[Candidate],
    i: int,
    sims: np.ndarray,
    lineage: Sequence[str],
    *,
    min_cos: float = 0.8,
    min_overlap: float = 0.6,
) -> list[int]:
    """Candidates of OTHER docs that state what candidate ``i`` states: one per doc.

    Required: a high embedding cosine, a high share of ``i``'s content words present in the
    other sentence, at most ``CLAIM_MISSING`` of its content words missing there (so "the
    largest exporter of vehicles" is not cited to "the largest trading partner ... cars and
    auto parts"), and every figure, name and abbreviation ("UK", not "EU") of ``i`` in it. A
    citation is only added when the other article states the claim, not something close to it.
    """
    mine = {t for t in cands[i].toks if t not in STOPWORDS}
    if not mine:
        return []
    figures = set(_FIGURE.findall(cands[i].said))
    names = set(_NAME.findall(cands[i].said[1:]))
    abbreviations = set(_ABBREVIATION.findall(cands[i].said))
    allowed = max(1, int(CLAIM_MISSING * len(mine)))
    best_per_doc: dict[int, tuple[float, int]] = {}
    for j, c in enumerate(cands):
        if c.doc == cands[i].doc or sims[i, j] < min_cos:
            continue
        theirs = {t for t in c.toks if t not in STOPWORDS}
        overlap = len(mine & theirs) / len(mine)
        if overlap < min_overlap or len(mine - theirs) > allowed:
            continue
        said = c.said
        if not figures <= set(_FIGURE.findall(said)) or any(n not in said for n in names):
            continue
        if not abbreviations <= set(_ABBREVIATION.findall(said)):
            continue  # graded: a quota on steel "from the UK" cited to the EU's and Japan's
        val = float(sims[i, j]) + overlap
        if c.doc not in best_per_doc or val > best_per_doc[c.doc][0]:
            best_per_doc[c.doc] = (val, j)
    return [j for _, j in sorted(best_per_doc.values(), reverse=True)]


def cite(prep: Prepared, i: int, sims: np.ndarray, cfg: BriefConfig) -> BriefSentence:
    c = prep.cands[i]
    cites = [Citation(prep.docs[c.doc].id, c.start, c.end)]
    for j in supporting(
        prep.cands,
        i,
        sims,
        prep.lineage,
        min_cos=cfg.cite_min_cos,
        min_overlap=cfg.cite_min_overlap,
    ):
        o = prep.cands[j]
        cites.append(Citation(prep.docs[o.doc].id, o.start, o.end))
    repairs = c.repairs
    kind: SentenceKind = "repaired" if repairs else "extracted"
    return BriefSentence(text=c.shown, kind=kind, citations=cites, repairs=repairs)


def cite_all(
    prep: Prepared, chosen: Sequence[int], sims: np.ndarray, cfg: BriefConfig
) -> dict[int, BriefSentence]:
    """Each chosen candidate as a briefing sentence citing every article that states it."""
    return {i: cite(prep, i, sims, cfg) for i in chosen}
