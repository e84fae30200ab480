"""Baseline summarizers run beside newsdesk in the same session: sumy LexRank and TextRank, a
TF-IDF centroid (generic) or query-similarity (topic-focused) ranker with a redundancy cut, and
a lead baseline.

Every baseline takes the topic's articles as lists of sentences (the same split newsdesk gets)
and returns the summary text, best sentences first, long enough to be cut at the word budget.
sumy is given its own tokenizer object (:class:`_SumyTokenizer`) so it never needs an NLTK data
download.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from newsdesk.errors import DependencyError

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


class _SumyTokenizer:
    """What sumy asks of a tokenizer: ``to_sentences`` and ``to_words``, with no downloads."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        from newsdesk.text import split_sentences

        return tuple(s.text for s in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


def _take_until(budget: int) -> Callable[[list], list]:
    """A sumy ``sentences_count`` callable: best-rated sentences until ``budget`` words."""

    def take(infos: list) -> list:
        out, total = [], 0
        for info in infos:
            if total >= budget:
                break
            out.append(info)
            total += len(str(info.sentence).split())
        return out

    return take


def sumy_summary(kind: str, docs: Sequence[Sequence[str]], budget: int) -> str:
    """sumy ``lexrank`` or ``textrank`` over all the topic's sentences, in ranking order.

    sumy returns its chosen sentences in document order; ranking order is restored here so that
    the word cut drops the least central sentence, not the last article's.
    """
    try:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DependencyError(
            "the summarization baselines need sumy; run: pip install -e '.[eval]'"
        ) from exc
    tok = _SumyTokenizer()
    paragraphs = [Paragraph([Sentence(s, tok) for s in sents if _WORD.search(s)]) for sents in docs]
    document = ObjectDocumentModel([p for p in paragraphs if p.sentences])
    if not document.sentences:
        return ""
    summarizer: LexRankSummarizer | TextRankSummarizer
    summarizer = (
        LexRankSummarizer(Stemmer("english"))
        if kind == "lexrank"
        else (TextRankSummarizer(Stemmer("english")))
    )
    summarizer.stop_words = get_stop_words("english")
    if kind == "lexrank":
        ratings = _lexrank_ratings(summarizer, document)
    else:
        ratings = summarizer.rate_sentences(document)
    ranked = sorted(document.sentences, key=lambda s: -ratings[s])
    picked = [info for info in _take_until(budget)([_Info(s) for s in ranked])]
    return "\n".join(str(i.sentence) for i in picked)


class _Info:
    def __init__(self, sentence: object) -> None:
        self.sentence = sentence


def _lexrank_ratings(summarizer: object, document: object) -> dict:
    """sumy LexRank's sentence ratings: its own tf, idf, threshold and power method.

    sumy builds the similarity matrix with a pure-Python double loop (about 13 s for one DUC
    2006 topic); the same idf-modified cosine is computed here with sparse matrices instead.
    """
    from scipy import sparse

    s = summarizer
    sentences_words = [s._to_words_set(x) for x in document.sentences]  # type: ignore[attr-defined]
    tf = s._compute_tf(sentences_words)  # type: ignore[attr-defined]
    idf = s._compute_idf(sentences_words)  # type: ignore[attr-defined]
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, metrics in enumerate(tf):
        for term, value in metrics.items():
            rows.append(i)
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(value * idf[term])
    n = len(sentences_words)
    mat = sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(len(vocab), 1)))
    norms = np.sqrt(np.asarray(mat.multiply(mat).sum(axis=1)).ravel())
    cos = (mat @ mat.T).toarray()
    with np.errstate(divide="ignore", invalid="ignore"):
        cos = cos / np.outer(norms, norms)
    cos[~np.isfinite(cos)] = 0.0
    cos[(norms == 0)[:, None] | (norms == 0)[None, :]] = 0.0
    adj = (cos > s.threshold).astype(float)  # type: ignore[attr-defined]
    degrees = adj.sum(axis=1)
    degrees[degrees == 0] = 1
    matrix = adj / degrees[:, None]
    scores = s.power_method(matrix, s.epsilon)  # type: ignore[attr-defined]
    return dict(zip(document.sentences, scores, strict=True))  # type: ignore[attr-defined]


def _tfidf(sentences: list[str]) -> tuple[object, np.ndarray]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    mat = vec.fit_transform(sentences)
    return vec, mat


def tfidf_summary(
    docs: Sequence[Sequence[str]],
    budget: int,
    query: str | None = None,
    *,
    redundancy: float = 0.5,
    min_words: int = 8,
) -> str:
    """Sentences ranked by TF-IDF cosine to the query (or to the centroid of all sentences when
    there is no query), skipping any sentence whose cosine to one already taken exceeds
    ``redundancy``, until ``budget`` words."""
    sents = [s for d in docs for s in d if len(s.split()) >= min_words]
    if not sents:
        return ""
    vec, mat = _tfidf(sents)
    if query:
        target = vec.transform([query])  # type: ignore[attr-defined]
    else:
        target = np.asarray(mat.mean(axis=0))  # type: ignore[attr-defined]
    prod = mat @ target.T  # type: ignore[attr-defined]
    scores = np.asarray(prod.toarray() if hasattr(prod, "toarray") else prod).ravel()
    order = np.argsort(-scores, kind="stable")
    chosen: list[int] = []
    total = 0
    for i in order:
        if total >= budget:
            break
        if chosen:
            sims = (mat[chosen] @ mat[i].T).toarray().ravel()  # type: ignore[index]
            if sims.max() > redundancy:
                continue
        chosen.append(int(i))
        total += len(sents[i].split())
    return "\n".join(sents[i] for i in chosen)


def lead_summary(docs: Sequence[Sequence[str]], budget: int) -> str:
    """The leading sentences of the first article, as far as the budget goes."""
    for d in docs:
        if d:
            return "\n".join(d)
    return ""
