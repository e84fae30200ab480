"""Does a sentence's cited text support it? Facts first, then closeness in meaning.

For one claim and the sources it cites, :class:`SupportChecker` looks for:

* every number, percentage and money amount in some cited source (:mod:`.facts`);
* every date in some cited source, relative ones resolved against the source's date
  (:mod:`.dates`);
* every named entity in one cited source, short forms allowed (:mod:`.entities`);
* a best-matching span (one sentence or two adjacent ones of a cited source) close enough in
  meaning: cosine similarity of the embedder's vectors, and the share of the claim's content
  words that the span contains; no negation in the claim that the span lacks.

A synthesis sentence ("Overall ...") is held to the union of its sources: its content words
must be found across all it cites, and its facts in any of them, but no single span need say
it all.

The thresholds were tuned on the odd-numbered DUC 2006 topics of ``newsdesk eval verify`` and
are reported on the even ones (see docs/benchmarks.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from newsdesk.briefing import SourceRef
from newsdesk.text import split_sentences
from newsdesk.verify.dates import date_spans, unsupported_dates
from newsdesk.verify.entities import (
    sentence_entities,
    unsupported_capitalised,
    unsupported_entities,
    words_of,
)
from newsdesk.verify.facts import unsupported_quantities

Embed = Callable[[list[str]], np.ndarray]

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being
    has have had do does did it its this that these those he she they them his her their we our
    you your i me my not no will would can could should may might must shall also than then
    there here which who whom whose what when where why how all any both each more most other
    some such only own same so too very just over into about after before during between under
    again further once said says say according while because until up down out off above below
    overall s t""".split()
)
NEGATIONS = frozenset(
    {"not", "no", "never", "none", "neither", "nor", "cannot", "without", "nobody", "nothing"}
)
STEM = 6


def content_words(text: str) -> set[str]:
    """Lower-cased words that carry content, cut to a six-letter stem."""
    return {w[:STEM] for w in _TOKEN.findall(text.lower()) if w not in STOP and len(w) > 1}


def negations(text: str) -> set[str]:
    low = text.lower().replace("’", "'")
    found = {w for w in _TOKEN.findall(low) if w in NEGATIONS}
    if "n't" in low:
        found.add("not")
    return found


@dataclass
class Thresholds:
    """Where support ends (tuned on the odd DUC 2006 topics; see the module docstring)."""

    similarity: float = 0.65  # cosine of claim and best span
    coverage: float = 0.5  # share of the claim's content words in the best span
    synthesis_coverage: float = 0.6  # share of a synthesis's content words across its sources
    candidates: int = 6  # spans per claim that are embedded (the lexically best ones)


@dataclass
class SourceDoc:
    """A cited article as the verifier reads it."""

    id: str
    text: str
    day: date | None = None  # publication day, the anchor of its relative dates
    ref: SourceRef | None = None  # how the Sources list shows it, if it gets cited
    _spans: list[tuple[int, int]] | None = None
    _words: set[str] | None = None

    def spans(self) -> list[tuple[int, int]]:
        """One-sentence and adjacent two-sentence windows, as character ranges."""
        if self._spans is None:
            sents = [(s.start, s.end) for s in split_sentences(self.text)]
            pairs = [(a[0], b[1]) for a, b in zip(sents, sents[1:], strict=False)]
            self._spans = sents + pairs
        return self._spans

    def words(self) -> set[str]:
        if self._words is None:
            self._words = words_of(self.text)
        return self._words


@dataclass
class Finding:
    """The verdict on one claim: supported or not, why not, and its best spans."""

    ok: bool
    reasons: list[str] = field(default_factory=list)
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (id, start, end), best first
    similarity: float = 0.0
    coverage: float = 0.0


@dataclass
class Claim:
    """A sentence to check and the articles it cites."""

    text: str
    sources: list[SourceDoc]
    synthesis: bool = False


class SupportChecker:
    """Checks claims against their cited sources; ``embed`` maps texts to unit vectors."""

    def __init__(self, embed: Embed | None, thresholds: Thresholds | None = None) -> None:
        self.embed = embed
        self.t = thresholds or Thresholds()

    def check(self, claim: Claim) -> Finding:
        return self.check_many([claim])[0]

    def check_many(self, claims: Sequence[Claim]) -> list[Finding]:
        """Findings for ``claims`` in order (one NER pass and one embedding call for all)."""
        ents = sentence_entities([c.text for c in claims]) if claims else []
        ranked = [self._candidates(c) for c in claims]
        sims = self._similarities(claims, ranked)
        return [
            self._judge(c, e, r, s) for c, e, r, s in zip(claims, ents, ranked, sims, strict=True)
        ]

    # -- steps -------------------------------------------------------------------------------

    def _candidates(self, claim: Claim) -> list[tuple[float, str, int, int, str]]:
        """The lexically best spans: (coverage, id, start, end, text), best first."""
        want = content_words(claim.text)
        out: list[tuple[float, str, int, int, str]] = []
        for src in claim.sources:
            for a, b in src.spans():
                span = src.text[a:b]
                have = content_words(span)
                cov = len(want & have) / len(want) if want else 0.0
                # Prefer the shorter span when coverage ties: less unrelated text.
                out.append((cov - 1e-6 * (b - a), src.id, a, b, span))
        out.sort(key=lambda x: -x[0])
        return out[: self.t.candidates]

    def _similarities(
        self, claims: Sequence[Claim], ranked: list[list[tuple[float, str, int, int, str]]]
    ) -> list[list[float]]:
        if self.embed is None:
            return [[0.0] * len(r) for r in ranked]
        texts: list[str] = []
        for c, r in zip(claims, ranked, strict=True):
            texts.append(c.text)
            texts += [x[4] for x in r]
        if not texts:
            return []
        vecs = self.embed(texts)
        out: list[list[float]] = []
        i = 0
        for r in ranked:
            q = vecs[i]
            out.append([float(np.dot(q, vecs[i + 1 + j])) for j in range(len(r))])
            i += 1 + len(r)
        return out

    def _judge(
        self,
        claim: Claim,
        entities: list[tuple[str, str]],
        ranked: list[tuple[float, str, int, int, str]],
        sims: list[float],
    ) -> Finding:
        reasons: list[str] = []
        if not claim.sources:
            return Finding(False, ["cites no article of the evidence"])
        texts = [s.text for s in claim.sources]
        skip = date_spans(claim.text)
        for q in unsupported_quantities(claim.text, texts, skip=skip):
            reasons.append(f"number {q.text!r} is not in the cited text")
        for phrase in unsupported_dates(claim.text, [(s.text, s.day) for s in claim.sources]):
            reasons.append(f"date {phrase!r} is not in the cited text")
        source_words = [s.words() for s in claim.sources]
        bad_names = unsupported_entities(entities, source_words)
        for word in unsupported_capitalised(claim.text, source_words):
            if not any(word in ent for ent in bad_names):
                bad_names.append(word)
        for ent in bad_names:
            reasons.append(f"name {ent!r} is not in the cited text")
        # Best span: by meaning when there is an embedder, else by shared words.
        order = list(range(len(ranked)))
        if self.embed is not None:
            order.sort(key=lambda j: -sims[j])
        best = order[0] if order else None
        sim = sims[best] if best is not None else 0.0
        cov = max((max(0.0, r[0]) for r in ranked), default=0.0)
        spans = [(ranked[j][1], ranked[j][2], ranked[j][3]) for j in order]
        if claim.synthesis:
            want = content_words(claim.text)
            union: set[str] = set()
            for s in claim.sources:
                union |= content_words(s.text)
            cov = len(want & union) / len(want) if want else 1.0
            if cov < self.t.synthesis_coverage:
                reasons.append(f"only {cov:.0%} of its words are in the articles it cites")
        else:
            if self.embed is not None and sim < self.t.similarity:
                reasons.append(f"no cited span is close in meaning (best {sim:.2f})")
            if cov < self.t.coverage:
                reasons.append(f"only {cov:.0%} of its words are in the best cited span")
            if best is not None:
                missing = negations(claim.text) - negations(ranked[best][4])
                if missing:
                    reasons.append(f"negation {sorted(missing)[0]!r} is not in the cited span")
        return Finding(not reasons, reasons, spans, sim, cov)
