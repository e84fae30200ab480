"""Story events: the merges and splits that settling causes, and reading them back.

``_moves`` turns what settling moved between stories into merge and split events for the store;
``story_fate`` follows a story ID that no longer exists through those events.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from newsdesk.store.base import Store, StoryEvent
from newsdesk.stories.state import _State


def _moves(st: _State, n_before: int, batch: set[str]) -> list[StoryEvent]:
    """Merge and split events for the articles settling moved between stories that existed
    before the batch: where each old story's articles went, with counts, so a story ID that
    disappeared can be followed (``story_fate``)."""
    moved: dict[int, Counter[int]] = defaultdict(Counter)
    for a, old in st.index.moved_from.items():
        if old < n_before and a not in batch:  # a newcomer was never stored in ``old``
            moved[old][st.index.story_of[a]] += 1
    events: list[StoryEvent] = []
    into: dict[int, list[int]] = defaultdict(list)
    for old, dest in sorted(moved.items()):
        dest = Counter({s: n for s, n in dest.items() if s != old})
        if not dest:
            continue
        kept = len(st.index.members[old])
        counts = {st.sids[s]: n for s, n in sorted(dest.items())}
        if kept or len(dest) > 1:
            events.append(
                StoryEvent(
                    "split",
                    st.sids[old],
                    {
                        "kind": "split",
                        "story_id": st.sids[old],
                        "into": sorted(counts | ({st.sids[old]: kept} if kept else {})),
                        "moved": counts,
                        "kept": kept,
                    },
                )
            )
        for s in dest:
            into[s].append(old)
    for s, olds in sorted(into.items()):
        sid = st.sids[s]
        froms = sorted({st.sids[o] for o in olds} | {sid})
        events.append(
            StoryEvent(
                "merge",
                sid,
                {
                    "kind": "merge",
                    "story_id": sid,
                    "from": [x for x in froms if not x.startswith("-")],
                    "gone": [st.sids[o] for o in olds if not st.index.members[o]],
                },
            )
        )
    return events


def story_fate(store: Store, story_id: str) -> str | None:
    """Where the articles of a story that no longer exists went (from the latest events that
    name it), e.g. "its articles went to s1a2b3c4d (3), s5e6f7a8b (2)"; None when unknown."""
    for e in reversed(store.story_events()):
        d = e.detail
        if e.kind == "split" and e.story_id == story_id and not d.get("kept"):
            moved = d.get("moved") or {}
            where = ", ".join(f"{k} ({v})" for k, v in sorted(moved.items()))
            return f"story {story_id} was split: its articles went to {where}"
        if e.kind == "merge" and story_id in d.get("from", []) and e.story_id != story_id:
            return f"story {story_id} was merged into {e.story_id}"
    return None
