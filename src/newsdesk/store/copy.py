"""Copy a whole store into another, across backends (``newsdesk migrate``), through the Store
interface only: articles with their IDs, sentences, MinHash bands and lineages; the embedding
cache and article vectors; grouping features; stories, themes, their events and state; the
story desk (stored headlines and summaries, outlets' leans).

Articles go over in batches, one transaction each, originals before their copies (the target
checks ``original_id``). Articles the target already holds are skipped, so a copy that was
interrupted finishes when run again; stories and themes are copied last, in one transaction
that replaces the target's. Not carried over: each article's ``ingested_at`` (the target stamps
its own), story events' times and when an outlet's lean was rated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from newsdesk.errors import InputError
from newsdesk.store.base import DeskState, Store, StoryRow, ThemeRow


@dataclass
class CopyReport:
    articles: int = 0
    skipped: int = 0  # already in the target
    vectors: int = 0
    features: int = 0
    stories: int = 0
    themes: int = 0

    def line(self) -> str:
        return (
            f"copied {self.articles} articles ({self.skipped} already there), "
            f"{self.vectors} vectors, {self.features} feature records, {self.stories} stories, "
            f"{self.themes} themes"
        )


def copy_store(
    src: Store,
    dst: Store,
    *,
    batch: int = 500,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> CopyReport:
    """Copy everything in ``src`` into ``dst``; ``on_progress(stage, done, total)``."""
    if src.location == dst.location:
        raise InputError(f"--from and --to are the same store ({src.location})")
    report = CopyReport()
    tick = on_progress or (lambda stage, done, total: None)

    ids = [a["id"] for a in src.list_articles()]
    present = set(dst.lineages(ids))
    report.skipped = len(present)
    placed = set(present)
    pending = [i for i in ids if i not in present]
    total = len(pending)
    while pending:
        deferred: list[str] = []
        progressed = False
        for start in range(0, len(pending), batch):
            records = src.article_records(pending[start : start + batch])
            ready = [r for r in records if r.original_id is None or r.original_id in placed]
            deferred += [r.id for r in records if r not in ready]
            if not ready:
                continue
            with dst.write():
                dst.add_articles(ready)  # batched statements
            placed.update(r.id for r in ready)
            report.articles += len(ready)
            progressed = True
            tick("articles", report.articles, total)
        if deferred and not progressed:
            raise InputError(
                f"{src.location}: {len(deferred)} articles name an original that is not stored "
                f"(e.g. {deferred[0]})"
            )
        pending = deferred

    after: bytes | None = None
    while True:
        rows = src.vector_rows(after, 2000)
        if not rows:
            break
        by_model: dict[str, list] = defaultdict(list)
        for key, model, vec in rows:
            by_model[model].append((key, vec))
        with dst.write():
            for model, items in by_model.items():
                dst.put_vectors(model, items)
        report.vectors += len(rows)
        after = rows[-1][0]
        tick("vectors", report.vectors, 0)
    links = src.article_vector_keys()
    for start in range(0, len(links), 2000):
        with dst.write():
            for aid, model, key in links[start : start + 2000]:
                dst.set_article_vector(aid, model, key)

    for start in range(0, len(ids), batch):
        feats = src.load_features(ids[start : start + batch], "")
        for f in feats:
            f.vector = None
        if feats:
            dst.put_features(feats)
        report.features += len(feats)
        tick("features", report.features, len(ids))

    stories = src.list_stories()
    rows_ = [
        StoryRow(
            id=s["id"], label=s["label"], first_seen=s["first_seen"], last_seen=s["last_seen"],
            article_count=s["article_count"], outlet_count=s["outlet_count"],
            independent_sources=s["independent_sources"],
            top_entities=[[e["text"], e["label"], e["articles"]] for e in s["top_entities"]],
        )
        for s in stories
    ]  # fmt: skip
    themes = [
        ThemeRow(t["id"], t["label"], [s["id"] for s in t["stories"]], t["article_count"],
                 t["first_seen"], t["last_seen"])
        for t in src.list_themes()
    ]  # fmt: skip
    events = src.story_events()
    with dst.write():
        dst.replace_stories([s.id for s in rows_], src.story_members_scored())
        dst.save_stories(rows_)
        dst.replace_themes(themes, {s.id: s.label for s in rows_})
        if events and not dst.story_events():
            dst.add_story_events(events)
        for name, value in src.meta_items().items():
            dst.set_meta(name, value)
    report.stories, report.themes = len(rows_), len(themes)
    _copy_desk(src, dst)
    return report


def _copy_desk(src: DeskState, dst: DeskState) -> None:
    """Stored headlines and summaries (with their times) and outlets' leans (by origin)."""
    dst.put_desk_rows(list(src.desk_rows().values()))
    by_origin: dict[str | None, dict[str, str]] = defaultdict(dict)
    for row in src.outlet_lean_rows():
        by_origin[row["origin"]][row["outlet"]] = row["lean"]
    for origin, leans in by_origin.items():
        dst.set_outlet_leans(leans, origin=origin)
