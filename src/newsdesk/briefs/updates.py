"""Update briefings: only what the reader has not read yet.

The reader has "already read" a :class:`ReadSet`: the articles an earlier briefing on the topic
covered (``newsdesk brief --since-last``, saved topics), or every article on the topic up to a
date (``newsdesk brief --new-since DATE``), plus the sentences of that earlier briefing. An
update briefing is written from articles published after the read set, and from their
sentences that state something new:

* a sentence is a **repeat** when some already-read sentence says the same thing: cosine
  similarity of their embeddings at or above ``SAME_MEANING``, or at least ``SAME_WORDS`` of
  its content words in that one sentence, unless it carries a number the matched sentence
  does not (a new count or amount is news: "cases reach 47" after "cases reach 26");
* everything else is new, and stays available to the writer.

This is the gather step of an update (:func:`gather_update`): it narrows the retrieved
:class:`~newsdesk.model.Evidence` before the writer sees it, so every writer writes updates and
the one verify stage checks them like any briefing (:mod:`newsdesk.briefs.flow`). After the
briefing, :func:`record` keeps what it covered in the topic's history. The thresholds were tuned
on DUC 2006's odd-numbered topics (``newsdesk eval updates --half tune``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import numpy as np

from newsdesk.briefing import Briefing
from newsdesk.dates import check_date
from newsdesk.embed import Embedder
from newsdesk.errors import NotFoundError
from newsdesk.model import BriefRequest, Evidence, EvidenceDoc
from newsdesk.retrieve import focus_sentences, gather_evidence, query_terms, retrieve
from newsdesk.store.base import ArticleReader, Store

SAME_MEANING = 0.72
SAME_WORDS = 0.7
MAX_READ_DOCS = 60  # articles of the read set compared against (the topic's best matches)

_NUMBER = re.compile(r"\d[\d,.]*")


@dataclass
class ReadSet:
    """What the reader has already read on a topic."""

    ids: set[str]
    after: str  # articles published after this ISO time are candidates for the update
    label: str  # the reader-facing date of what was read ("2026-02-04")
    sentences: list[str] = field(default_factory=list)  # an earlier briefing's sentences


def topic_key(topic: str) -> str:
    """The key briefings on one topic share: lower case, spaces collapsed."""
    return " ".join(topic.lower().split())


def end_of(date: str) -> str:
    """``date`` as the last second it covers: a bare day becomes its 23:59:59."""
    return date[:10] + "T23:59:59Z" if len(date) == 10 else date


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def after_bound(after: str) -> str:
    """The first second after ``after`` (an ISO time), as a ``--since`` bound."""
    start = datetime.strptime(end_of(after)[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    return _iso(start + timedelta(seconds=1))


def numbers(text: str) -> set[str]:
    return {m.group(0).rstrip(".,").replace(",", "") for m in _NUMBER.finditer(text)}


def content_words(text: str) -> set[str]:
    return {w[:6] for w in query_terms(text) if not w.isdigit()}


def repeats(
    candidates: Sequence[str],
    read: Sequence[str],
    embed: Callable[[list[str]], np.ndarray] | None,
    *,
    same_meaning: float = SAME_MEANING,
    same_words: float = SAME_WORDS,
) -> list[bool]:
    """For each candidate sentence: does some already-read sentence state it?"""
    if not candidates or not read:
        return [False] * len(candidates)
    sims = np.zeros((len(candidates), len(read)), dtype=np.float32)
    if embed is not None:
        a = embed(list(candidates))
        b = embed(list(read))
        sims = a @ b.T
    read_words = [content_words(r) for r in read]
    read_nums = [numbers(r) for r in read]
    out = []
    for i, text in enumerate(candidates):
        words = content_words(text)
        nums = numbers(text)
        repeat = False
        for j in np.argsort(-sims[i])[:5] if embed is not None else range(len(read)):
            j = int(j)
            new_number = bool(nums - read_nums[j])
            if new_number:
                continue
            overlap = len(words & read_words[j]) / len(words) if words else 1.0
            if sims[i, j] >= same_meaning or overlap >= same_words:
                repeat = True
                break
        if not repeat and embed is not None:
            # lexical containment can hide below the top few by meaning: check them all
            for j, rw in enumerate(read_words):
                if (
                    words
                    and len(words & rw) / len(words) >= same_words
                    and not (nums - read_nums[j])
                ):
                    repeat = True
                    break
        out.append(repeat)
    return out


def read_sentences(
    store: ArticleReader, read: ReadSet, topic: str, order: Sequence[str]
) -> list[str]:
    """The already-read sentences to compare with: the earlier briefing's, and those of the
    read articles about the topic (``order``: read IDs best match first)."""
    terms = query_terms(topic)
    ids = [i for i in order if i in read.ids][:MAX_READ_DOCS]
    out = list(read.sentences)
    for a in store.get_articles(ids):
        out += [s.text for s in focus_sentences(a.sentences, terms)]
    return out


def only_new(
    evidence: Evidence,
    read: ReadSet,
    already: list[str],
    *,
    same_meaning: float | None = None,
    same_words: float | None = None,
) -> Evidence:
    """``evidence`` without read articles, and each remaining article narrowed to the sentences
    that are not repeats of ``already``; articles left with nothing are dropped."""
    docs = [d for d in evidence.docs if d.id not in read.ids]
    flat = [(d, s) for d in docs for s in d.sentences]
    flags = repeats(
        [s.text for _, s in flat],
        already,
        evidence.embed,
        same_meaning=SAME_MEANING if same_meaning is None else same_meaning,
        same_words=SAME_WORDS if same_words is None else same_words,
    )
    keep: dict[str, list] = {}  # type: ignore[type-arg]
    for (d, s), rep in zip(flat, flags, strict=True):
        if not rep:
            keep.setdefault(d.id, []).append(s)
    narrowed: list[EvidenceDoc] = [replace(d, sentences=keep[d.id]) for d in docs if keep.get(d.id)]
    dropped = len(flat) - sum(len(v) for v in keep.values())
    notes = [*evidence.notes, f"update: {dropped} of {len(flat)} sentences repeat what was read"]
    return replace(evidence, docs=narrowed, notes=notes)


def no_news_notice(label: str) -> str:
    return f"No new developments since {label}."


def update_notice(label: str) -> str:
    return f"What is new since {label}."


# -- the gather step of an update, and the history -------------------------------------------


def read_set(store: Store, request: BriefRequest) -> ReadSet | None:
    """What counts as read for ``request``; None for a plain briefing (or a ``since_last``
    one on a topic never briefed before, which is then a full briefing)."""
    if request.new_since:
        date = check_date(request.new_since, "--new-since")
        ids = store.ids_in_window(None, end_of(date))
        return ReadSet(ids=ids, after=end_of(date), label=date[:10])
    if request.since_last:
        recs = store.briefing_records(topic_key(request.topic), 1)
        if not recs:
            return None
        rec = recs[0]
        until = rec["covered_until"] or rec["created_at"]
        label = f"the last briefing ({rec['created_at'][:10]}, on articles up to {until[:10]})"
        return ReadSet(
            ids=set(rec["read_ids"]), after=until, label=label, sentences=list(rec["sentences"])
        )
    return None


def gather_update(
    store: Store, embedder: Embedder, request: BriefRequest, read: ReadSet
) -> tuple[BriefRequest, Evidence, list[str]]:
    """The evidence of an update briefing: the request narrowed to after the read set (what
    the writer answers), its evidence without what was read (empty: no news), and the IDs
    it covered (the new articles considered)."""
    lo = after_bound(read.after)
    since = max(request.since, lo) if request.since else lo
    narrowed = replace(request, since=since)
    try:
        evidence = gather_evidence(store, narrowed, embedder)
    except NotFoundError:
        evidence = Evidence(docs=[])
    covered = [d.id for d in evidence.docs if d.id not in read.ids]
    if covered:
        order = [
            h.id
            for h in retrieve(store, request.topic, embedder, until=read.after, limit=MAX_READ_DOCS)
        ]
        already = read_sentences(store, read, request.topic, order)
        evidence = only_new(evidence, read, already)
    else:
        evidence = replace(evidence, docs=[])
    return narrowed, evidence, covered


def record(
    store: Store,
    request: BriefRequest,
    briefing: Briefing,
    covered: Sequence[str],
    read: ReadSet | None,
) -> int:
    """Keep what ``briefing`` covered, so the next ``since_last`` briefing starts after it."""
    ids = set(covered)
    if read is not None and request.since_last:
        ids |= read.ids
    dates = [a.published for a in store.get_articles(sorted(ids), sentences=False) if a.published]
    if read is not None:
        dates.append(read.after)
    kind = "full" if read is None else ("update" if briefing.paragraphs else "none")
    return store.add_briefing_record(
        {
            "topic_key": topic_key(request.topic),
            "topic": request.topic,
            "created_at": _iso(datetime.now(UTC)),
            "covered_until": max(dates) if dates else None,
            "read_ids": sorted(ids),
            "sentences": [s.text for s in briefing.sentences()],
            "kind": kind,
        }
    )
