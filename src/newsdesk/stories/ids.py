"""Stable story IDs: ``s`` + the founding article's ID, carried over across rebuilds."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence

# -- stable story IDs ------------------------------------------------------------------------


def founding_key(article_ids: Iterable[str], published: dict[str, str | None]) -> list[str]:
    """Member IDs in founding order: earliest published first, undated last, ties by ID."""
    return sorted(article_ids, key=lambda a: (published.get(a) is None, published.get(a) or "", a))


def new_story_id(
    members: Sequence[str],
    published: dict[str, str | None],
    taken: set[str],
    prefix: str = "s",
) -> str:
    """``prefix`` + the founding article's ID; the next member's if that is taken, and when
    every member's is taken (a story's founder left for another), a hash of the membership."""
    for aid in founding_key(members, published):
        if prefix + aid not in taken:
            return prefix + aid
    digest = hashlib.sha256("\x00".join(sorted(members)).encode()).hexdigest()
    n = 10
    while prefix + digest[:n] in taken:
        n += 2
    return prefix + digest[:n]


def carry_ids(
    groups: Sequence[Sequence[str]],
    published: dict[str, str | None],
    previous: dict[str, str] | None = None,
    prefix: str = "s",
) -> tuple[list[str], list[dict[str, object]]]:
    """Stable IDs for ``groups`` of article IDs, and the merge/split events against ``previous``.

    A group whose membership equals a previous story's keeps that ID. Otherwise a group keeps
    the ID of the previous story it holds most of the articles of, when it holds more than half
    of that story (a story that grew or lost a few articles is the same story). Everything else
    gets a new ID (``new_story_id``). ``previous`` maps article ID -> old story ID.
    """
    previous = previous or {}
    old_members: dict[str, set[str]] = {}
    for aid, sid in previous.items():
        old_members.setdefault(sid, set()).add(aid)
    ids: list[str | None] = [None] * len(groups)
    taken: set[str] = set()
    # Pass 1: exact membership, then majority continuations, largest overlap first.
    claims: list[tuple[int, int, str]] = []
    for gi, g in enumerate(groups):
        counts = Counter(previous[a] for a in g if a in previous)
        for sid, n in counts.items():
            old = old_members[sid]
            if set(g) == old:
                claims.append((10**9, gi, sid))
            elif 2 * n > len(old):
                claims.append((n, gi, sid))
    for _, gi, sid in sorted(claims, key=lambda c: (-c[0], c[1], c[2])):
        if ids[gi] is None and sid not in taken:
            ids[gi] = sid
            taken.add(sid)
    # Pass 2: content-derived IDs for the new stories.
    for gi, g in enumerate(groups):
        if ids[gi] is None:
            ids[gi] = new_story_id(g, published, taken, prefix)
            taken.add(ids[gi])  # type: ignore[arg-type]
    final = [str(i) for i in ids]
    return final, transition_events(groups, final, previous)


def transition_events(
    groups: Sequence[Sequence[str]], ids: Sequence[str], previous: dict[str, str]
) -> list[dict[str, object]]:
    """Merges (articles of two or more old stories now in one) and splits (the reverse)."""
    events: list[dict[str, object]] = []
    new_of = {a: sid for g, sid in zip(groups, ids, strict=True) for a in g}
    # merges: a new story drawing on several old ones
    for g, sid in zip(groups, ids, strict=True):
        olds = sorted({previous[a] for a in g if a in previous})
        if len(olds) > 1:
            events.append({"kind": "merge", "story_id": sid, "from": olds})
    # splits: an old story whose articles went to several new ones
    old_members: dict[str, list[str]] = {}
    for aid, sid in previous.items():
        old_members.setdefault(sid, []).append(aid)
    for sid, arts in sorted(old_members.items()):
        news = sorted({new_of[a] for a in arts if a in new_of})
        if len(news) > 1:
            events.append({"kind": "split", "story_id": sid, "into": news})
    return events
