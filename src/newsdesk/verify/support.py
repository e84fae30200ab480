"""Does a sentence's cited text support it? Facts first, then closeness in meaning.

Every sentence gets the same checks, whatever opens it ("Overall," and other discourse
markers are set aside, :mod:`.clauses`, and earn no exemption), and every cited article is
checked on its own. For a sentence, its core and, when it has several, each clause
(:func:`newsdesk.verify.clauses.clauses`) is a *unit*; a unit is supported by one cited
article when that article has:

* every number, percentage and money amount of the unit (:mod:`.facts`);
* every date form of the unit, relative ones read against the article's date (:mod:`.dates`);
* every named entity of the unit, short forms allowed (:mod:`.entities`);
* a span (one sentence or two adjacent ones) close in meaning to the unit: cosine similarity
  of the embedder's vectors and the share of the unit's content words the span holds, with no
  negation in the unit that the span lacks.

The sentence is supported when one cited article supports its core, or when each of its
clauses is supported by some cited article (a synthesis across articles, judged by its facts
and claims, not by a share of words). A cited article that supports neither the core nor any
clause is a citation to drop (:attr:`Finding.dropped`); a sentence none of whose citations
supports it fails with the facts that failed in the closest article and what that article
says instead (:attr:`Finding.says`).

A span is read from the article's sentences: those the store kept when it was ingested (a
:class:`SentenceSource`, which the engine's checker has: the ingest split the same text with
the same splitter, and splitting it again is slow, a third of a second for a 30,000-character
proclamation run together on one line), else the text split here.

The thresholds were tuned on the odd-numbered DUC 2006 topics and AllSides stories of
``newsdesk eval verify`` and are reported on the even ones (see docs/benchmarks.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

from newsdesk.boilerplate import content_start
from newsdesk.briefing import SourceRef
from newsdesk.stopwords import REPORTING_VERBS, STOPWORDS
from newsdesk.text import split_sentences
from newsdesk.verify.clauses import Unit, clauses, core
from newsdesk.verify.dates import date_misses, date_spans, dated_frame
from newsdesk.verify.entities import (
    sentence_entities,
    unsupported_capitalised,
    unsupported_entities,
    words_of,
)
from newsdesk.verify.facts import quantities, unsupported_quantities

Embed = Callable[[list[str]], np.ndarray]
# An article's ID and text -> its stored sentences' (start, end) offsets into that text, or
# None when the store does not hold that article with that text.
SentenceSource = Callable[[str, str], Sequence[tuple[int, int]] | None]

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# The verifier's content words include some of the shared list: "nor" negates, "against" and
# "through" carry stance and route, "few" and "now" a quantity and a time; the pronouns below
# never were stopwords here, and its thresholds were tuned with them as content. Attribution,
# modals and "overall" (the templated close) are not content.
STOP = (
    (
        STOPWORDS
        - {"nor", "against", "through", "few", "now", "am", "doing", "having", "him", "hers"}
        - {"herself", "himself", "itself", "myself", "ours", "ourselves", "theirs", "themselves"}
        - {"yours", "yourself", "yourselves"}
    )
    | REPORTING_VERBS
    | {"s", "t", "according", "may", "might", "must", "shall", "whose", "overall"}
)
NEGATIONS = frozenset(
    {"not", "no", "never", "none", "neither", "nor", "cannot", "without", "nobody", "nothing"}
)
STEM = 6


def content_words(text: str) -> set[str]:
    """Lower-cased words that carry content, cut to a six-letter stem."""
    return {w[:STEM] for w in _TOKEN.findall(text.lower()) if w not in STOP and len(w) > 1}


# Words that say "not" without it ("were unable to", "fails to pass", "refused"): a span with
# one of them carries the negation a restatement spells out with "not".
NEGATIVE_PREDICATES = re.compile(
    r"\b(?:unable|fail(?:s|ed|ing|ure)?|refus(?:e|es|ed|ing)|lack(?:s|ed|ing)?|absent|"
    r"den(?:y|ies|ied)|declin(?:e|es|ed))\b"
)


def negations(text: str) -> set[str]:
    low = text.lower().replace("’", "'")
    found = {w for w in _TOKEN.findall(low) if w in NEGATIONS}
    if "n't" in low:
        found.add("not")
    return found


def _lacks_negation(claim: str, span: str) -> set[str]:
    """The claim's negations the span does not carry, in words or by a negative predicate."""
    missing = negations(claim) - negations(span)
    if missing and NEGATIVE_PREDICATES.search(span.lower()):
        missing -= {"not", "no", "never"}
    return missing


@dataclass
class Thresholds:
    """Where support ends (tuned on the odd half; see the module docstring)."""

    similarity: float = 0.65  # cosine of a unit and its best span in one article
    coverage: float = 0.5  # share of the unit's content words in that span
    clause_similarity: float = 0.65  # the same two for a clause of a multi-clause sentence
    clause_coverage: float = 0.5
    candidates: int = 4  # spans per unit and article that are embedded (the lexically best)


def _windows_of(sents: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """One-sentence and adjacent two-sentence windows of sentences given as offsets."""
    pairs = [(a[0], b[1]) for a, b in zip(sents, sents[1:], strict=False)]
    return (*sents, *pairs)


@lru_cache(maxsize=512)
def _windows(text: str) -> tuple[tuple[int, int], ...]:
    """One-sentence and adjacent two-sentence windows of ``text`` (kept per process: the
    same article is read again by every sentence and every check that cites it)."""
    return _windows_of([(s.start, s.end) for s in split_sentences(text)])


def _offsets_fit(sents: Sequence[tuple[int, int]], size: int) -> bool:
    """Whether sentence offsets are ordered, non-empty and inside a text of ``size``."""
    end = 0
    for a, b in sents:
        if a < end or b <= a:
            return False
        end = b
    return end <= size


@dataclass
class SourceDoc:
    """A cited article as the verifier reads it."""

    id: str
    text: str
    day: date | None = None  # publication day, the anchor of its relative dates
    ref: SourceRef | None = None  # how the Sources list shows it, if it gets cited
    stored: SentenceSource | None = None  # where its sentences were kept, if anywhere
    _spans: list[tuple[int, int]] | None = None
    _words: set[str] | None = None
    _span_words: list[set[str]] | None = None

    def spans(self) -> list[tuple[int, int]]:
        """One-sentence and adjacent two-sentence windows, as character ranges: of the
        sentences stored with the article when there are, else of the text split here."""
        if self._spans is None:
            sents = self.stored(self.id, self.text) if self.stored is not None else None
            if sents and _offsets_fit(sents, len(self.text)):
                self._spans = list(_windows_of(list(sents)))
            else:
                self._spans = list(_windows(self.text))
        return self._spans

    def span_words(self) -> list[set[str]]:
        if self._span_words is None:
            self._span_words = [content_words(self.text[a:b]) for a, b in self.spans()]
        return self._span_words

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
    # Cited articles that support neither the sentence nor any clause of it: (id, why).
    dropped: list[tuple[str, str]] = field(default_factory=list)
    # Each cited article's own best span for the sentence, supporters first.
    per_source: dict[str, tuple[int, int]] = field(default_factory=dict)
    # For a failure: what the closest cited article says instead (id, start, end).
    says: tuple[str, int, int] | None = None
    # The facts that failed, each quoted whole ("number '1.2 billion'").
    failed_facts: list[str] = field(default_factory=list)
    # Citations shared with the paragraph's other sentences that support those, not this one:
    # removed from this sentence without a report.
    unused: set[str] = field(default_factory=set)


@dataclass
class Claim:
    """A sentence to check and the articles it cites (``synthesis`` is kept for callers; it
    no longer relaxes any check)."""

    text: str
    sources: list[SourceDoc]
    synthesis: bool = False


@dataclass
class _Judgement:
    """One unit against one article."""

    source: str
    ok: bool
    facts: list[str]  # failed facts, quoted
    reasons: list[str]
    span: tuple[int, int] | None
    sim: float
    cov: float


Candidate = tuple[float, int, int, str]  # (coverage, start, end, text)


class SupportChecker:
    """Checks claims against their cited sources; ``embed`` maps texts to unit vectors."""

    def __init__(
        self,
        embed: Embed | None,
        thresholds: Thresholds | None = None,
        *,
        sentences: SentenceSource | None = None,
    ) -> None:
        self.embed = embed
        self.t = thresholds or Thresholds()
        # The store's sentences of a cited article (the verify stage hands it to every
        # SourceDoc it checks), so that its text need not be split again.
        self.sentences = sentences

    def check(self, claim: Claim) -> Finding:
        return self.check_many([claim])[0]

    def check_many(self, claims: Sequence[Claim]) -> list[Finding]:
        """Findings for ``claims`` in order (one NER pass and one embedding call for all)."""
        if not claims:
            return []
        ents = sentence_entities([c.text for c in claims])
        plans: list[tuple[list[Unit], list[list[list[Candidate]]]]] = []
        texts: list[str] = []
        for c in claims:
            units = _units(c.text)
            cands = [[self._candidates(u.text, d) for d in c.sources] for u in units]
            plans.append((units, cands))
            for u, per_doc in zip(units, cands, strict=True):
                texts.append(u.text)
                # a span's text for the embedder starts after its dateline or byline ("PORT
                # CALDER, Maine — Dockworkers ...": the place name in capitals took a clause's
                # cosine from 0.77 to 0.62); its dates still count for the date check
                texts += [x[3][content_start(x[3]) :] for cs in per_doc for x in cs]
        vecs = self.embed(texts) if self.embed is not None and texts else None
        out: list[Finding] = []
        i = 0
        for c, e, (units, cands) in zip(claims, ents, plans, strict=True):
            sims: list[list[list[float]]] = []
            for per_doc in cands:
                q = i
                i += 1
                row = []
                for cs in per_doc:
                    if vecs is None:
                        row.append([0.0] * len(cs))
                    else:
                        row.append([float(np.dot(vecs[q], vecs[i + j])) for j in range(len(cs))])
                    i += len(cs)
                sims.append(row)
            out.append(self._judge(c, e, units, cands, sims))
        return out

    # -- steps -------------------------------------------------------------------------------

    def _weaker_citations(
        self, text: str, row: list[_Judgement], docs: Sequence[SourceDoc]
    ) -> None:
        """Each citation on its own: a cited article whose best span lacks a noun of the claim
        that a better cited span has, with no word close to it ("largest trading partner"
        beside "largest exporter of vehicles"), does not support the claim, however close its
        span is in meaning."""
        good = [g for g in row if g.ok and g.span is not None]
        if len(good) < 2:
            return
        want = content_words(text)
        nouns = determined_nouns(text) & want
        by_id = {d.id: d for d in docs}

        def span_of(g: _Judgement) -> str:
            assert g.span is not None
            return by_id[g.source].text[g.span[0] : g.span[1]]

        top = max(good, key=lambda g: (len(content_words(span_of(g)) & want), g.sim))
        have = content_words(span_of(top)) & nouns
        tokens = {w[:STEM]: w for w in reversed(_TOKEN.findall(text.lower()))}
        for g in good:
            if g is top:
                continue
            lacking = sorted(have - content_words(span_of(g)))
            if not lacking:
                continue
            missing = [tokens.get(n, n) for n in lacking]
            if self.embed is not None:
                words = _words_in(span_of(g))
                vecs = self.embed(missing + words)
                close = vecs[: len(missing)] @ vecs[len(missing) :].T if words else None
                missing = [
                    w
                    for k, w in enumerate(missing)
                    if close is None or float(close[k].max()) < SYNONYM
                ]
            if missing:
                said = ", ".join(f"'{w}'" for w in missing)
                g.ok = False
                g.reasons.append(f"it does not say {said} ([{top.source}] does)")

    def _candidates(self, text: str, doc: SourceDoc) -> list[Candidate]:
        """The lexically best spans of ``doc`` for ``text``, best first."""
        want = content_words(text)
        out: list[Candidate] = []
        for (a, b), have in zip(doc.spans(), doc.span_words(), strict=True):
            cov = len(want & have) / len(want) if want else 0.0
            # Prefer the shorter span when coverage ties: less unrelated text.
            out.append((cov - 1e-6 * (b - a), a, b, doc.text[a:b]))
        out.sort(key=lambda x: -x[0])
        return out[: self.t.candidates]

    def _unit_vs_doc(
        self,
        claim_text: str,
        unit: Unit,
        entities: list[tuple[str, str]],
        doc: SourceDoc,
        cands: list[Candidate],
        sims: list[float],
        *,
        clause: bool,
    ) -> _Judgement:
        facts: list[str] = []
        reasons: list[str] = []
        text = unit.text
        skip = date_spans(text)
        for q in unsupported_quantities(text, [doc.text], skip=skip):
            facts.append(f"number {q.text!r}")
        # a date agrees with a date of the spans that carry the unit, not anywhere in the article
        near = [(x[3], doc.day) for x in cands] or [(doc.text, doc.day)]
        for miss in date_misses(text[dated_frame(text, doc.day) :], near):
            facts.append(f"date {miss.phrase!r}")
        words = [doc.words()]
        mine = [
            (t, lab)
            for t, lab in entities
            if (k := claim_text.find(t, unit.start)) != -1 and k < unit.end
        ]
        bad = unsupported_entities(mine, words)
        for w in unsupported_capitalised(text, words):
            if not any(w in ent for ent in bad):
                bad.append(w)
        facts += [f"name {n!r}" for n in bad]
        reasons += [f"{f} is not in the cited text" for f in facts]
        order = list(range(len(cands)))
        if self.embed is not None:
            order.sort(key=lambda j: -sims[j])
        best = order[0] if order else None
        sim = sims[best] if best is not None else 0.0
        cov = max((max(0.0, x[0]) for x in cands), default=0.0)
        t_sim = self.t.clause_similarity if clause else self.t.similarity
        t_cov = self.t.clause_coverage if clause else self.t.coverage
        if self.embed is not None and sim < t_sim:
            reasons.append(f"no cited span is close in meaning (best {sim:.2f})")
        if cov < t_cov:
            reasons.append(f"only {cov:.0%} of its words are in the best cited span")
        if best is not None:
            missing = _lacks_negation(text, cands[best][3])
            if missing:
                reasons.append(f"negation {sorted(missing)[0]!r} is not in the cited span")
        span = (cands[best][1], cands[best][2]) if best is not None else None
        return _Judgement(doc.id, not reasons, facts, reasons, span, sim, cov)

    def _judge(
        self,
        claim: Claim,
        entities: list[tuple[str, str]],
        units: list[Unit],
        cands: list[list[list[Candidate]]],
        sims: list[list[list[float]]],
    ) -> Finding:
        if not claim.sources:
            return Finding(False, ["cites no article of the evidence"])
        several = len(units) > 1
        grid: list[list[_Judgement]] = []
        for k, u in enumerate(units):
            clause = several and k > 0
            grid.append(
                [
                    self._unit_vs_doc(
                        claim.text, u, entities, d, cands[k][j], sims[k][j], clause=clause
                    )
                    for j, d in enumerate(claim.sources)
                ]
            )
        for k, row in enumerate(grid):
            self._weaker_citations(units[k].text, row, claim.sources)
        whole = grid[0]
        parts = grid[1:] if several else grid
        by_whole = [j for j, g in enumerate(whole) if g.ok]
        covered = [bool(by_whole) or any(g.ok for g in row) for row in parts]
        supporters = [
            j for j in range(len(claim.sources)) if whole[j].ok or any(row[j].ok for row in parts)
        ]
        ok = all(covered) and bool(supporters)

        def rank(g: _Judgement) -> tuple[int, float]:
            return (len(g.facts), -g.sim)

        per_source: dict[str, tuple[int, int]] = {}
        for j, d in enumerate(claim.sources):
            mine = [whole[j], *(row[j] for row in parts)] if several else [whole[j]]
            good = [g for g in mine if g.ok]
            pick = good[0] if good else min(mine, key=rank)
            if pick.span is not None:
                per_source.setdefault(d.id, pick.span)
        rest = sorted(
            (j for j in range(len(claim.sources)) if j not in supporters),
            key=lambda j: rank(whole[j]),
        )
        order = [claim.sources[j].id for j in supporters] + [claim.sources[j].id for j in rest]
        spans = [(i, *per_source[i]) for i in order if i in per_source]
        best_whole = min(whole, key=rank)
        sim = max(g.sim for g in whole)
        cov = max(g.cov for g in whole)
        if ok:
            dropped = []
            for j, d in enumerate(claim.sources):
                if j in supporters:
                    continue
                why = "; ".join(whole[j].reasons) or "it does not state the sentence"
                dropped.append((d.id, why))
            return Finding(True, [], spans, sim, cov, dropped, per_source)
        reasons: list[str] = []
        failed: list[str] = []
        if several and not by_whole:
            for u, row, c in zip(units[1:], parts, covered, strict=True):
                if c:
                    continue
                g = min(row, key=rank)
                failed += g.facts
                head = u.text.strip().rstrip(".")
                reasons += [f"{r} (in “{head}”)" for r in g.reasons]
        else:
            failed = list(best_whole.facts)
            reasons = list(best_whole.reasons)
        says = None
        if best_whole.span is not None:
            says = (best_whole.source, *best_whole.span)
        return Finding(False, reasons, spans, sim, cov, [], per_source, says, failed)


SYNONYM = 0.55  # cosine of two words' vectors above which one stands for the other
_DETERMINER = re.compile(
    r"\b(?:the|a|an|its|their|his|her|our|this|that|these|those)\s+(?:[a-z]+\s+)?([a-z]{4,})\b"
)


def determined_nouns(text: str) -> set[str]:
    """Stems of the words that follow a determiner (and at most one modifier): the heads of
    the sentence's noun phrases, roughly ("the largest *exporter*", "a *treaty*")."""
    low = text.lower()
    return {m.group(1)[:STEM] for m in _DETERMINER.finditer(low)} - STOP_STEMS


STOP_STEMS = frozenset(w[:STEM] for w in STOP)


def _words_in(text: str) -> list[str]:
    return list(dict.fromkeys(w for w in _TOKEN.findall(text.lower()) if len(w) > 2))


def _units(text: str) -> list[Unit]:
    """The core of ``text`` first, then its clauses when it has more than one."""
    parts = clauses(text)
    c = core(text)
    return [c, *parts] if len(parts) > 1 else [c]


def quoted_quantities(text: str) -> list[str]:
    """The quantities of ``text`` as written (dates left out), for messages and tests."""
    return [q.text for q in quantities(text, skip=date_spans(text))]
