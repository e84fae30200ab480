"""Sentence selection for briefings: candidates, scores, concept weights and the greedy
budgeted maximisation of a submodular objective.

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
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from newsdesk.briefing import Repair
from newsdesk.ingest.boilerplate import content_start
from newsdesk.write.extractive.readability import (
    find_repairs,
    standalone_problem,
)

_TOKEN = re.compile(r"[a-z0-9]+")

# A compact English stopword list (function words only: content words must stay concepts).
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves s t d ll m re ve said says say mr mrs ms one two new year years""".split()
)


def stem(token: str) -> str:
    """A light suffix stripper: enough to match plurals and verb forms of the same word."""
    if len(token) <= 3 or token.isdigit():
        return token
    for suffix, repl in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("es", "e"),
        ("s", ""),
    ):
        if token.endswith(suffix):
            if suffix == "s" and token.endswith(("ss", "us", "is")):
                return token
            base = token[: -len(suffix)] + repl
            if len(base) >= 3 and re.search(r"[aeiouy]", base):
                return base
            return token
    return token


def tokens(text: str) -> list[str]:
    """Lower-cased alphanumeric tokens, stemmed."""
    return [stem(t) for t in _TOKEN.findall(text.lower())]


@dataclass
class SelectConfig:
    """Tunable parameters of selection (defaults tuned on the odd DUC 2006 topics only)."""

    min_words: int = 8
    max_words: int = 55
    dense_weight: float = 0.4  # share of the dense cosine in query relevance (rest: lexical)
    w_relevance: float = 1.0
    w_centrality: float = 0.6
    w_position: float = 0.3
    position_decay: float = 2.0  # sentence index where the lead prior has halved
    concept_power: float = 2.0
    concept_min_df: int = 1  # independent sources a bigram needs to be a concept
    unigram_weight: float = 0.1  # weight of content-word unigram concepts relative to bigrams
    lam: float = 0.25  # weight of the modular score term
    gamma: float = 1.2  # cost scaling exponent in the greedy
    redundancy: float = 0.8  # max cosine to an already chosen sentence
    relevance_floor: float = 0.2  # drop candidates below this share of the best relevance
    centrality_k: int = 10
    max_per_lineage: int = 0  # most sentences from one independent source (0: no cap)


@dataclass
class Candidate:
    """A sentence that may enter the briefing."""

    doc: int  # index into the docs list
    index: int  # sentence index within the doc
    start: int  # span in the doc text (after dateline/byline stripping)
    end: int
    text: str
    problem: str | None
    repair: Repair | None = None
    toks: list[str] = field(default_factory=list)
    score: float = 0.0
    relevance: float = 0.0
    centrality: float = 0.0

    @property
    def shown(self) -> str:
        """The text as the briefing shows it (repaired when a repair applies)."""
        if self.repair is None:
            return self.text
        return self.repair.replacement + self.text[len(self.repair.original) :]

    @property
    def n_words(self) -> int:
        return len(self.shown.split())


_ENDS_SENTENCE = re.compile(r"[.!?]['\"’”)]*$|[:;]$")
_STARTS_ITEM = re.compile(r"^(?:[-*•–#>|]|\(?\d{1,3}[.)]\s)")


def _hard_wrapped(text: str) -> bool:
    """True when most long lines stop mid-sentence: the source was wrapped at a fixed width."""
    lines = [ln.rstrip() for ln in text.split("\n") if len(ln.strip()) >= 40]
    if len(lines) < 4:
        return False
    open_lines = sum(1 for ln in lines if not _ENDS_SENTENCE.search(ln))
    return open_lines >= 0.5 * len(lines)


def merge_split_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin sentences the splitter cut: a piece starting in lower case continues the one
    before it (an abbreviation such as "U.S." was taken for a full stop), and in a hard-wrapped
    text a line that stops mid-sentence continues on the next line. The merged span still
    indexes ``text`` exactly (it may contain line breaks)."""
    wrapped = _hard_wrapped(text)
    out: list[tuple[int, int]] = []
    for s0, s1 in spans:
        if out:
            p0, p1 = out[-1]
            gap = text[p1:s0]
            nxt = text[s0:s1]
            if not gap.strip() and gap.count("\n") <= 1:
                continues = nxt[:1].islower()
                wrap = (
                    wrapped
                    and gap.count("\n") == 1
                    and not _ENDS_SENTENCE.search(text[p0:p1])
                    and not _STARTS_ITEM.match(nxt)
                )
                if continues or wrap:
                    out[-1] = (p0, s1)
                    continue
        out.append((s0, s1))
    return out


def make_candidates(
    texts: Sequence[str],
    sentences: Sequence[Sequence[tuple[int, int]]],
    *,
    min_words: int,
    max_words: int,
    repair: bool = True,
) -> list[Candidate]:
    """Every sentence of every doc, stripped of datelines/bylines, with its standalone verdict.

    ``sentences[d]`` lists (start, end) spans of doc ``d``. Pronoun-led sentences become
    usable only when :func:`newsdesk.readability.find_repairs` finds a certain repair.
    """
    out: list[Candidate] = []
    prev_text: list[str] = []
    for d, (text, raw_spans) in enumerate(zip(texts, sentences, strict=True)):
        prev = ""
        spans = merge_split_spans(text, raw_spans)
        for k, (s0, s1) in enumerate(spans):
            raw = text[s0:s1]
            off = content_start(raw)
            start = s0 + off
            body = text[start:s1]
            stripped = body.strip()
            if not stripped:
                prev = raw
                continue
            start += len(body) - len(body.lstrip())
            end = start + len(stripped)
            problem = standalone_problem(stripped, min_words=min_words, max_words=max_words)
            out.append(Candidate(d, k, start, end, stripped, problem))
            prev_text.append(prev)
            prev = stripped
    if repair:
        todo = [i for i, c in enumerate(out) if c.problem == "pronoun"]
        fixes = find_repairs([(prev_text[i], out[i].text) for i in todo])
        for i, fix in zip(todo, fixes, strict=True):
            if fix is not None:
                out[i].repair = fix
                out[i].problem = None
    for c in out:
        c.toks = tokens(c.shown)
    return out


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


def select(
    cands: list[Candidate],
    usable: list[int],
    lineage: Sequence[str],
    sims: np.ndarray,
    budget: int,
    cfg: SelectConfig,
) -> list[int]:
    """Indices (into ``cands``) of the chosen sentences, in the order chosen."""
    if not usable or budget <= 0:
        return []
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
    covered: set[str] = set()
    chosen: list[int] = []
    used = 0
    remaining = set(usable)

    def gain(i: int) -> float:
        g = sum(weight.get(con, 0.0) for con in concept_sets[i] - covered)
        return g + cfg.lam * cands[i].n_words * cands[i].score

    per_lineage: dict[str, int] = {}
    cap = cfg.max_per_lineage
    while remaining:
        best_i, best_val = -1, 0.0
        for i in remaining:
            n_w = cands[i].n_words
            if used + n_w > budget:
                continue
            if cap and per_lineage.get(lineage[cands[i].doc], 0) >= cap:
                continue
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
        remaining = {i for i in remaining if sims[best_i, i] <= cfg.redundancy}
    return chosen


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

    Both a high embedding cosine and a high share of ``i``'s content words present in the
    other sentence are required, so a citation is only added when the other article really
    says it.
    """
    mine = {t for t in cands[i].toks if t not in STOPWORDS}
    if not mine:
        return []
    best_per_doc: dict[int, tuple[float, int]] = {}
    for j, c in enumerate(cands):
        if c.doc == cands[i].doc or sims[i, j] < min_cos:
            continue
        theirs = {t for t in c.toks if t not in STOPWORDS}
        overlap = len(mine & theirs) / len(mine)
        if overlap < min_overlap:
            continue
        val = float(sims[i, j]) + overlap
        if c.doc not in best_per_doc or val > best_per_doc[c.doc][0]:
            best_per_doc[c.doc] = (val, j)
    return [j for _, j in sorted(best_per_doc.values(), reverse=True)]


def embed_or_fallback(
    embed: Callable[[list[str]], np.ndarray] | None, texts: list[str]
) -> np.ndarray:
    """Unit vectors from ``embed``; without it, hashed bag-of-words vectors (lexical only)."""
    if embed is not None:
        vecs = np.asarray(embed(texts), dtype=np.float32)
        if vecs.shape[0] == len(texts):
            return vecs
    dim = 512
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for r, t in enumerate(texts):
        for tok in tokens(t):
            if tok not in STOPWORDS:
                out[r, zlib.crc32(tok.encode()) % dim] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms
