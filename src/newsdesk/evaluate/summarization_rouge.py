"""ROUGE recall under the DUC protocol used here, fast enough to score every peer in one run.

The protocol: rouge-score 0.1.2's tokenizer with its Porter stemmer (``use_stemmer=True``),
every summary and reference cut to its first N whitespace-separated words, recall averaged over
the references, macro average over topics. Tokens are computed once per text and cached, and the
longest common subsequence runs row by row in numpy; the results equal
``rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)`` recall exactly
(tests/test_eval_summarization.py checks this against the library itself).
"""

from __future__ import annotations

from collections import Counter
from statistics import mean

import numpy as np

from newsdesk.errors import DependencyError


def cut_words(text: str, n: int) -> str:
    """The first ``n`` whitespace-separated words of ``text``, joined by single spaces."""
    return " ".join(text.split()[:n])


def _lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence of two token lists.

    Row update of the classic table: ``new[j] = max(new[j-1], prev[j], prev[j-1] + match)``,
    which is a running maximum of ``max(prev[j], prev[j-1] + match)`` along the row.
    """
    if not a or not b:
        return 0
    vocab: dict[str, int] = {}
    ia = np.array([vocab.setdefault(t, len(vocab)) for t in a])
    ib = np.array([vocab.setdefault(t, len(vocab)) for t in b])
    prev = np.zeros(len(b) + 1, dtype=np.int32)
    for tok in ia:
        match = (ib == tok).astype(np.int32)
        cand = np.maximum(prev[1:], prev[:-1] + match)
        new = np.empty_like(prev)
        new[0] = 0
        new[1:] = np.maximum.accumulate(cand)
        prev = new
    return int(prev[-1])


class RougeRecall:
    """ROUGE-1, ROUGE-2 and ROUGE-L recall of summaries against references, tokens cached."""

    def __init__(self) -> None:
        try:
            from rouge_score.tokenizers import DefaultTokenizer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise DependencyError(
                "the summarization evaluation needs rouge-score; run: pip install -e '.[eval]'"
            ) from exc
        self._tok = DefaultTokenizer(use_stemmer=True)
        self._cache: dict[str, list[str]] = {}

    def tokens(self, text: str) -> list[str]:
        """rouge-score's tokens of ``text`` (lower-cased, alphanumeric, Porter-stemmed)."""
        toks = self._cache.get(text)
        if toks is None:
            toks = self._tok.tokenize(text)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[text] = toks
        return toks

    def pair(self, reference: str, summary: str) -> tuple[float, float, float]:
        """Recall of ``summary`` against one ``reference`` (both already cut)."""
        ref = self.tokens(reference)
        cand = self.tokens(summary)
        out = []
        for n in (1, 2):
            rg = Counter(tuple(ref[i : i + n]) for i in range(len(ref) - n + 1))
            cg = Counter(tuple(cand[i : i + n]) for i in range(len(cand) - n + 1))
            total = sum(rg.values())
            overlap = sum(min(c, cg[g]) for g, c in rg.items())
            out.append(overlap / total if total else 0.0)
        out.append(_lcs_length(ref, cand) / len(ref) if ref else 0.0)
        return out[0], out[1], out[2]

    def score(self, summary: str, references: list[str], words: int) -> tuple[float, float, float]:
        """Recall averaged over ``references``; everything cut to its first ``words`` words."""
        if not references:
            return 0.0, 0.0, 0.0
        s = cut_words(summary, words)
        rows = [self.pair(cut_words(r, words), s) for r in references]
        return mean(r[0] for r in rows), mean(r[1] for r in rows), mean(r[2] for r in rows)
