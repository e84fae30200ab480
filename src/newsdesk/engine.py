"""The ``newsdesk brief`` command: retrieve from the store, write, verify, render."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from newsdesk.config import Settings
from newsdesk.embed.minilm import get_embedder
from newsdesk.errors import InputError, NotFoundError
from newsdesk.model import Sentence
from newsdesk.retrieve import query_terms, retrieve
from newsdesk.store.sqlite.store import Store

MAX_DOCS = 24
LONG_DOC = 24  # sentences; longer documents are narrowed to the parts about the topic
KEEP_LEAD = 5


def focus_sentences(sentences: list[Sentence], terms: list[str]) -> list[Sentence]:
    """The lead of a long document plus its sentences that mention the topic's terms.

    Keeps a briefing's sentence-embedding work bounded (a 500-sentence proclamation would
    otherwise cost seconds); offsets are untouched, so citations still point into the text.
    """
    if len(sentences) <= LONG_DOC:
        return sentences
    stems = [t[:5] for t in terms if len(t) >= 3]
    scored = []
    for s in sentences[KEEP_LEAD:]:
        low = s.text.lower()
        hits = sum(1 for t in stems if t in low)
        if hits:
            scored.append((-hits, s.index, s))
    scored.sort(key=lambda x: (x[0], x[1]))
    keep = {s.index for s in sentences[:KEEP_LEAD]}
    keep |= {s.index for _, _, s in scored[: LONG_DOC - KEEP_LEAD]}
    return [s for s in sentences if s.index in keep]


@dataclass
class BriefRequest:
    topic: str
    since: str | None = None
    until: str | None = None
    story: str | None = None
    words: int = 250


def _story_members(store: Store, story: str) -> set[str]:
    try:
        from newsdesk.stories.service import resolve_story, story_member_ids
    except ImportError as exc:  # pragma: no cover - the stories stage ships with the package
        raise NotFoundError("stories are not available in this installation") from exc
    sid = resolve_story(store.conn, story)
    return set(story_member_ids(store.conn, sid))


def _story_map(store: Store, ids: list[str]) -> dict[str, str]:
    try:
        from newsdesk.stories.service import story_of
    except ImportError:
        return {}
    out = {}
    for aid in ids:
        s = story_of(store.conn, aid)
        if s:
            out[aid] = s
    return out


def make_briefing(store: Store, req: BriefRequest, embedder=None):  # type: ignore[no-untyped-def]
    """Retrieve the articles for ``req`` and write a briefing on them."""
    from newsdesk.write.extractive.compose import BriefConfig, Doc, write_briefing
    from newsdesk.write.extractive.select import SelectConfig

    if not req.topic.strip():
        raise InputError("the topic is empty")
    if req.words < 40:
        raise InputError(f"--words {req.words}: a briefing needs at least 40 words")
    emb = embedder or get_embedder()
    only = _story_members(store, req.story) if req.story else None
    hits = retrieve(store, req.topic, emb, since=req.since, until=req.until, only=only)
    window = _window_text(req.since, req.until)
    if not hits:
        raise NotFoundError(f"no articles match {req.topic!r}{window}")
    # Diversity: one lineage (an original and its wire copies) takes one slot of the budget,
    # and every copy comes along so the writer can cite each outlet that ran it.
    lineage = {
        r[0]: r[1]
        for r in store.conn.execute(
            f"SELECT id, lineage_id FROM articles WHERE id IN ({','.join('?' * len(hits))})",
            [h.id for h in hits],
        )
    }
    chosen_lineages: list[str] = []
    for h in hits:
        lin = lineage.get(h.id, h.id)
        if lin not in chosen_lineages:
            chosen_lineages.append(lin)
        if len(chosen_lineages) >= MAX_DOCS:
            break
    ids: list[str] = []
    lin_of: dict[str, str] = {}
    for lin in chosen_lineages:
        members = [
            r[0]
            for r in store.conn.execute(
                "SELECT id FROM articles WHERE lineage_id = ? ORDER BY published, id", (lin,)
            )
        ]
        members = [m for m in members if only is None or m in only]
        ids += [m for m in members if m not in ids]
        lin_of.update((m, lin) for m in members)
    arts = store.get_articles(ids)
    terms = query_terms(req.topic)
    stories = _story_map(store, ids)
    docs = [
        Doc(
            id=a.id,
            title=a.title,
            text=a.text,
            sentences=focus_sentences(a.sentences, terms),
            source=a.source,
            published=a.published,
            url=a.url,
            lineage_id=lin_of.get(a.id),
            story_id=stories.get(a.id),
        )
        for a in arts
    ]
    # A reader's briefing spreads across sources: at most two sentences from one article (or
    # wire lineage), so no single opinion piece or long transcript carries a strand. This is
    # the one setting that differs from the configuration measured on DUC.
    config = BriefConfig(select=SelectConfig(max_per_lineage=2))
    return write_briefing(
        req.topic,
        docs,
        config=config,
        words=req.words,
        embed=lambda texts: store.embed_texts(texts, emb),
        since=req.since,
        until=req.until,
    )


def _window_text(since: str | None, until: str | None) -> str:
    if since and until:
        return f" between {since} and {until}"
    if since:
        return f" since {since}"
    if until:
        return f" until {until}"
    return ""


def render(briefing, fmt: str) -> str:  # type: ignore[no-untyped-def]
    from newsdesk.render import render as _render

    return _render(briefing, fmt)


def brief_command(args: argparse.Namespace) -> int:
    settings = Settings.load(args.db, args.config)
    with Store(settings.db, create=False) as store:
        if store.count() == 0:
            raise NotFoundError(f"{settings.db}: the store is empty (run newsdesk ingest first)")
        req = BriefRequest(args.topic, args.since, args.until, args.story, args.words)
        b = make_briefing(store, req, get_embedder(settings.embed_model))
    text = render(b, args.format)
    if args.out:
        out = Path(args.out)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(out.name + ".tmp")
            tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
            tmp.replace(out)
        except OSError as exc:
            raise InputError(f"{out}: cannot write ({exc.strerror})") from exc
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
