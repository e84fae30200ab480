"""A briefing, top to bottom, once::

    gather ──> write ──> extra paragraphs ──> verify ──> record
    (retrieve;   (the writer plans,   (drafted: "Where     (once, every   (the topic's
     an update    selects, arranges)   reports differ")     sentence)      history)
     keeps what
     is new)

* **gather**: :func:`newsdesk.retrieve.gather_evidence`; for an update (``new_since``,
  ``since_last``) :func:`newsdesk.briefs.updates.gather_update` instead, which narrows the
  window and the evidence to what the reader has not read;
* **write**: the writer turns the evidence into a draft :class:`~newsdesk.briefing.Briefing`
  (it never touches the store);
* **extra paragraphs**: with ``disagreements``, :mod:`newsdesk.briefs.disagreements` adds its
  templated sentences to the draft;
* **verify**: :func:`newsdesk.verify.verify` checks every sentence of the draft against the
  texts it cites, re-cites or drops, and counts, once;
* **record**: what the briefing covered, for the next ``since_last``.

The caller renders. The stages come in as :class:`Stages`; nothing here calls back into the
engine that assembles them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from newsdesk.briefing import Briefing, Verification
from newsdesk.briefs import updates
from newsdesk.briefs.disagreements import with_disagreements
from newsdesk.embed import Embedder
from newsdesk.errors import InputError, NotFoundError
from newsdesk.model import BriefRequest, Evidence
from newsdesk.retrieve import embed_cached, gather_evidence
from newsdesk.store.base import Store
from newsdesk.verify import SupportChecker, verify
from newsdesk.verify.sources import from_articles, from_evidence
from newsdesk.write.base import Writer
from newsdesk.write.extractive.dates import refresh_dateline

MIN_WORDS = 40


@dataclass
class Stages:
    """What a briefing is made with."""

    store: Store
    embedder: Embedder
    writer: Writer
    checker: SupportChecker | None = None  # the verify stage's content check
    # brings story grouping up to date before disagreements are looked for in stories
    refresh_stories: Callable[[], None] | None = None


@dataclass
class Gathered:
    """The gather step's result."""

    request: BriefRequest  # what the writer answers (an update's window starts after the read)
    evidence: Evidence
    covered: list[str]  # article IDs considered, kept in the topic's history
    read: updates.ReadSet | None  # an update: what the reader has read


def check_request(request: BriefRequest) -> None:
    if not request.topic.strip():
        raise InputError("the topic is empty")
    if request.words < MIN_WORDS:
        raise InputError(f"--words {request.words}: a briefing needs at least {MIN_WORDS} words")


def require_articles(store: Store) -> None:
    if store.count() == 0:
        raise NotFoundError(
            f"{store.location}: the store has no articles yet (run 'newsdesk ingest SOURCE' first)"
        )


def gather(stages: Stages, request: BriefRequest) -> Gathered:
    store, embedder = stages.store, stages.embedder
    read = updates.read_set(store, request)
    if read is None:
        evidence = gather_evidence(store, request, embedder)
        return Gathered(request, evidence, [d.id for d in evidence.docs], None)
    narrowed, evidence, covered = updates.gather_update(store, embedder, request, read)
    return Gathered(narrowed, evidence, covered, read)


def draft(stages: Stages, request: BriefRequest, gathered: Gathered) -> Briefing:
    """The writer's briefing, with the extra paragraphs the request asks for: unverified."""
    out = stages.writer.write(gathered.request, gathered.evidence)
    if request.disagreements:
        if stages.refresh_stories is not None:
            stages.refresh_stories()
        store, embedder = stages.store, stages.embedder
        out = with_disagreements(out, store, lambda t: embed_cached(store, embedder, t))
    return out


def verify_draft(
    stages: Stages, draft: Briefing, evidence: Evidence, *, keep_unsupported: bool = False
) -> Briefing:
    """The verify stage on ``draft``: each sentence against the texts it cites (evidence, or
    the store for articles outside it), failures re-cited to other evidence or dropped."""
    cited = {c.id for s in draft.sentences() for c in s.citations}
    pool = from_evidence(evidence.docs)
    missing = [i for i in cited if i not in pool]
    if missing:
        pool.update(from_articles(stages.store.get_articles(missing, sentences=False)))
    texts = {i: pool[i].text for i in cited if i in pool}
    checked = verify(
        draft,
        texts,
        checker=stages.checker,
        sources=pool,
        candidates=[pool[d.id] for d in evidence.docs],
        keep_unsupported=keep_unsupported,
    )
    # a sentence left out takes the days and outlets only it cited out of the dateline
    return refresh_dateline(checked)


def no_news(stages: Stages, gathered: Gathered, read: updates.ReadSet) -> Briefing:
    return Briefing(
        topic=gathered.request.topic,
        paragraphs=[],
        sources=[],
        notice=updates.no_news_notice(read.label),
        since=gathered.request.since,
        until=gathered.request.until,
        writer=stages.writer.name,
        verification=Verification(),
    )


def brief(
    request: BriefRequest,
    stages: Stages,
    *,
    record: bool = False,
    keep_unsupported: bool = False,
) -> Briefing:
    """A verified briefing for ``request`` (render it yourself). The caller has checked the
    request (:func:`check_request`, before it loads any model) and that the store has articles.

    ``record``: keep what the briefing covered, for the next ``since_last``. A sentence the
    verify stage finds unsupported is re-cited to another evidence article that supports it,
    else dropped, or with ``keep_unsupported`` kept and flagged.
    """
    gathered = gather(stages, request)
    read = gathered.read
    if read is not None and not gathered.evidence.docs:
        out = no_news(stages, gathered, read)
    else:
        written = draft(stages, request, gathered)
        out = verify_draft(stages, written, gathered.evidence, keep_unsupported=keep_unsupported)
        if read is not None:
            notice = " ".join(x for x in (updates.update_notice(read.label), out.notice) if x)
            out = replace(out, notice=notice)
    if record and not stages.store.read_only:  # read-only media: no history
        updates.record(stages.store, request, out, gathered.covered, read)
    return out
