"""The story desk: each story's headline and short cited summary, kept current in the store.

* A story's **headline** is the title of its most representative article
  (:func:`newsdesk.stories.names.pick_headline`).
* Its **summary** is two or three sentences (about ``SUMMARY_WORDS`` words) written and
  verified by the engine's writer through the normal briefing path: a
  :class:`~newsdesk.model.BriefRequest` scoped to the story (as ``newsdesk brief --story``), so
  a better default writer gives better summaries with no change here.
* Both are stored with a fingerprint of the story's member set (migration 0008) and rewritten
  only when that set changes. ``refresh_summaries`` is what ``ingest``, ``watch`` and
  ``newsdesk summaries`` call for the stories they touched.
* ``importance`` ranks stories for the overview: independent outlets, recency, size.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from newsdesk.briefing import is_window_line
from newsdesk.errors import NewsdeskError
from newsdesk.model import BriefRequest
from newsdesk.stories.names import pick_headline

if TYPE_CHECKING:
    from newsdesk.briefing import Briefing
    from newsdesk.ports import Briefer
    from newsdesk.store.base import Store

SUMMARY_WORDS = 60
MAX_SENTENCES = 3
MAX_WORDS = 85  # a third sentence only while the summary stays under this
ASK_WORDS = 85  # what the writer is asked for: room for two or three sentences
RECENCY_DAYS = 7.0  # a story's recency weight halves about every five days of age


# Part of every fingerprint: a change to how headlines are chosen makes the stored ones stale
# (and the summaries written under them, whose topic is the headline).
HEADLINE_VERSION = 2


def fingerprint(member_ids: Iterable[str]) -> str:
    """A short digest of a story's member set (order does not matter) and HEADLINE_VERSION."""
    h = hashlib.sha1(f"v{HEADLINE_VERSION}\n".encode() + "\n".join(sorted(member_ids)).encode())
    return h.hexdigest()[:20]


def members_of(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for aid, sid in store.story_assignments().items():
        out[sid].append(aid)
    return out


def _writable(store: Store) -> bool:
    return not store.read_only


# -- headlines -------------------------------------------------------------------------------


def compute_headlines(
    store: Store, members: Mapping[str, Sequence[str]], model: str | None
) -> dict[str, str]:
    """The headline of each story in ``members`` (story ID -> member IDs)."""
    ids = [a for m in members.values() for a in m]
    if not ids:
        return {}
    titles = {li.id: li.title for li in store.label_inputs(ids, 0)}
    vec_model = store.article_model(model or "") if model is not None else None
    vectors: dict[str, np.ndarray] = {}
    if vec_model:
        got, mat = store.article_vectors(ids, vec_model)
        vectors = {a: mat[k] for k, a in enumerate(got)}
    rows = store.member_rows(list(members))
    copies = {r.id: r.original_id for rs in rows.values() for r in rs}
    outlets = sorted({r.source for rs in rows.values() for r in rs if r.source})
    out = {}
    for sid, m in members.items():
        out[sid] = pick_headline(
            {a: titles.get(a, "") for a in m},
            {a: vectors[a] for a in m if a in vectors},
            {a: copies.get(a) for a in m},
            outlets,
        )
    return out


@dataclass
class DeskEntry:
    """What the desk knows of one story: its headline and (when current) its summary."""

    headline: str
    summary: dict[str, Any] | None  # None: never written, or written for other members
    fresh: bool  # the stored summary matches the story's current members


def desk(
    store: Store,
    model: str | None,
    story_ids: Sequence[str] | None = None,
    *,
    members: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, DeskEntry]:
    """Headline and summary of each story (all when ``story_ids`` is None).

    Headlines missing or made for another member set are computed now and stored (when the
    store is writable); a summary made for another member set is not shown.
    """
    members = members if members is not None else members_of(store)
    wanted = list(members) if story_ids is None else [s for s in story_ids if s in members]
    stored = store.desk_rows(wanted if story_ids is not None else None)
    prints = {sid: fingerprint(members[sid]) for sid in wanted}
    stale = [
        sid
        for sid in wanted
        if sid not in stored or stored[sid]["members"] != prints[sid] or not stored[sid]["headline"]
    ]
    fresh_heads = compute_headlines(store, {s: members[s] for s in stale}, model)
    if stale and _writable(store):
        try:
            store.put_desk_rows(
                [
                    {
                        "story_id": sid,
                        "members": prints[sid],
                        "headline": fresh_heads.get(sid, ""),
                        # keep the old summary row only while its members still match
                        "summary": stored[sid]["summary"]
                        if sid in stored and stored[sid]["members"] == prints[sid]
                        else None,
                    }
                    for sid in stale
                ]
            )
        except NewsdeskError:
            pass  # a store that cannot be written: headlines are computed again next time
    out = {}
    for sid in wanted:
        row = stored.get(sid)
        current = row is not None and row["members"] == prints[sid]
        head = fresh_heads.get(sid) or (row["headline"] if row else "") or ""
        summary = row["summary"] if current and row else None
        out[sid] = DeskEntry(headline=head, summary=summary, fresh=summary is not None)
    return out


# -- summaries -------------------------------------------------------------------------------


def summary_of(b: Briefing) -> dict[str, Any]:
    """The stored form of a summary briefing: its first two or three cited sentences (at most
    ``MAX_SENTENCES``, stopping once ``SUMMARY_WORDS`` are reached), each with its citations
    and whether the verify stage passed it."""
    from newsdesk.render.common import flat

    sentences: list[dict[str, Any]] = []
    words = 0
    for p in b.paragraphs:
        for s in p.sentences:
            if not s.citations or is_window_line(s.kind, s.text):
                continue  # the window line ("Reported between ...") is no summary sentence
            text = flat(s.text)
            n = len(text.split())
            if len(sentences) >= MAX_SENTENCES or (
                len(sentences) >= 2 and (words >= SUMMARY_WORDS or words + n > MAX_WORDS)
            ):
                break
            if len(sentences) == 1 and words + n > MAX_WORDS + 20:
                break  # a second sentence that long would make it a paragraph
            words += len(text.split())
            sentences.append(
                {
                    "text": text,
                    "citations": [
                        {"id": c.id, "start": c.start, "end": c.end} for c in s.citations
                    ],
                    "verified": bool(s.verdict.ok) if s.verdict is not None else False,
                }
            )
    return {
        "text": " ".join(s["text"] for s in sentences),
        "sentences": sentences,
        "writer": b.writer,
        "checked": len(sentences),
        "passed": sum(1 for s in sentences if s["verified"]),
        "words": words,
    }


def write_summary(engine: Briefer, story_id: str, headline: str) -> dict[str, Any]:
    """Write and verify one story's summary through the engine's normal briefing path."""
    topic = headline.strip() or story_id
    b = engine.brief(BriefRequest(topic, story=story_id, words=ASK_WORDS))
    return summary_of(b)


@dataclass
class SummaryReport:
    written: int = 0
    current: int = 0  # already up to date
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "written": self.written,
            "current": self.current,
            "failed": self.failed,
            "seconds": round(self.seconds, 2),
        }


def refresh_summaries(
    engine: Briefer,
    story_ids: Sequence[str] | None = None,
    *,
    force: bool = False,
    limit: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> SummaryReport:
    """Write the summaries of ``story_ids`` (all stories when None) that are missing or were
    written for another member set; ``force`` rewrites them all; ``limit``: at most that many
    this call (the most important first; the rest wait for the next call). Each is stored as
    soon as it is written, so an interrupted run keeps what it did."""
    t0 = time.perf_counter()
    store = engine.store
    report = SummaryReport()
    if not _writable(store):
        return report
    members = members_of(store)
    wanted = (
        sorted(members) if story_ids is None else sorted({s for s in story_ids if s in members})
    )
    entries = desk(store, engine.embedder.name, wanted, members=members)
    todo = [s for s in wanted if force or not entries[s].fresh]
    report.current = len(wanted) - len(todo)
    if limit is not None and len(todo) > limit:
        rows = {r["id"]: r for r in store.list_stories() if r["id"] in set(todo)}
        todo = [str(r["id"]) for r in rank_stories(list(rows.values()))][:limit]
    for k, sid in enumerate(todo):
        try:
            summary = write_summary(engine, sid, entries[sid].headline)
        except NewsdeskError:
            report.failed.append(sid)
            continue
        store.put_desk_rows(
            [
                {
                    "story_id": sid,
                    "members": fingerprint(members[sid]),
                    "headline": entries[sid].headline,
                    "summary": summary,
                }
            ]
        )
        report.written += 1
        if on_progress is not None:
            on_progress(k + 1, len(todo))
    report.seconds = time.perf_counter() - t0
    return report


def wants_summaries(store: Store) -> bool:
    """Whether this store keeps summaries (any was ever written): ingest and watch then keep
    the touched stories' summaries current."""
    return any(r["summary"] for r in store.desk_rows().values())


def touched_stories(store: Store, article_ids: Sequence[str]) -> list[str]:
    return sorted(set(store.stories_of(list(article_ids)).values()))


SUMMARIES_PER_ROUND = 50  # watch: at most this many summaries a round (most important first)


def refresh_if_kept(
    engine: Briefer,
    story_ids: Sequence[str] | None,
    *,
    wanted: bool | None = None,
    limit: int | None = None,
) -> SummaryReport | None:
    """The ingest/watch hook: refresh the summaries of ``story_ids`` (None: every story whose
    summary is missing or stale) when ``wanted`` is True, or, when it is None, when this store
    keeps summaries (any was written). None when nothing was asked for."""
    store = engine.store
    if wanted is False or not _writable(store):
        return None
    if wanted is None and not wants_summaries(store):
        return None
    if story_ids is not None and not story_ids:
        return SummaryReport()
    return refresh_summaries(engine, story_ids, limit=limit)


# -- ranking ---------------------------------------------------------------------------------


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def importance(row: Mapping[str, Any], latest: date | None) -> float:
    """How prominent a story is: independent outlets count most, then recency (against the
    store's latest day, not the clock, so an archive ranks as it did), then size."""
    indep = int(row.get("independent_sources") or 0)
    size = int(row.get("article_count") or 0)
    last = _day(row.get("last_seen"))
    recency = 0.0
    if last is not None and latest is not None:
        age = max((latest - last).days, 0)
        recency = math.exp(-age / RECENCY_DAYS)
    return 2.0 * math.log2(1 + indep) + 1.5 * recency + 0.5 * math.log2(1 + size)


def rank_stories(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """``rows`` (as ``list_stories`` gives them) most important first."""
    days = [d for r in rows if (d := _day(r.get("last_seen"))) is not None]
    latest = max(days) if days else None
    return sorted(rows, key=lambda r: (-importance(r, latest), str(r.get("id"))))


# -- theme labels ----------------------------------------------------------------------------


def theme_label(theme: Mapping[str, Any], themes: Sequence[Mapping[str, Any]]) -> str:
    """A label naming ``theme``'s subject from its stories' headlines (``label`` of each story
    in ``theme["stories"]``), leaving out names common to the headlines of all ``themes``."""
    return theme_labels_of(themes, [theme])[0]


def theme_labels_of(
    themes: Sequence[Mapping[str, Any]], which: Sequence[Mapping[str, Any]] | None = None
) -> list[str]:
    """:func:`theme_label` of each theme in ``which`` (default: all ``themes``), reading every
    headline once."""
    from collections import Counter

    from newsdesk.stories.themes import (
        boilerplate_names,
        headline_names,
        subject_of,
        theme_label_from,
    )

    names = {str(s["id"]): headline_names(str(s["label"])) for t in themes for s in t["stories"]}
    every = list(names.values())
    groups = [k for k, t in enumerate(themes) for _ in t["stories"]]
    df: Counter[str] = Counter(k.casefold() for ns in every for k in set(ns))
    boiler = boilerplate_names(every, groups if len(groups) == len(every) else None)
    out = []
    for t in which if which is not None else themes:
        # The grouping's own label, without the parts that are boilerplate here ("Press ·
        # Secretary" on press briefings); what it loses is made up from the headlines' names.
        stored = str(t.get("keywords") or t.get("label") or "")
        kept = [x for x in (subject_of(p, boiler) for p in stored.split(" · ")) if x]
        if len(kept) < 2:
            mine = [
                names.get(str(s["id"])) or headline_names(str(s["label"])) for s in t["stories"]
            ]
            extra = theme_label_from(mine, df, len(every), boiler | {k.casefold() for k in kept})
            kept += [x for x in extra.split(" · ") if x][: 2 - len(kept)]
        out.append(" · ".join(kept))
    return out
