"""How closely two groupings agree: B-cubed, adjusted Rand, and helpers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

# -- agreement between two groupings ---------------------------------------------------------


def bcubed(gold: Sequence[object], pred: Sequence[object]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``pred`` against ``gold`` (same item order)."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    if not gold:
        return 1.0, 1.0, 1.0
    pair = Counter(zip(gold, pred, strict=True))
    gsize = Counter(gold)
    psize = Counter(pred)
    p = sum(pair[(g, q)] / psize[q] for g, q in zip(gold, pred, strict=True)) / len(gold)
    r = sum(pair[(g, q)] / gsize[g] for g, q in zip(gold, pred, strict=True)) / len(gold)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def adjusted_rand(gold: Sequence[object], pred: Sequence[object]) -> float:
    """Adjusted Rand index (1.0 when both groupings are identical)."""
    from sklearn.metrics import adjusted_rand_score

    if len(gold) < 2:
        return 1.0
    return float(adjusted_rand_score([str(g) for g in gold], [str(p) for p in pred]))


def agreement(a: dict[str, str], b: dict[str, str]) -> dict[str, float | int]:
    """How closely two assignments (article -> story) agree, over the articles both cover."""
    common = sorted(set(a) & set(b))
    ga = [a[x] for x in common]
    gb = [b[x] for x in common]
    p, r, f = bcubed(ga, gb)
    return {
        "articles": len(common),
        "ari": adjusted_rand(ga, gb),
        "bcubed_precision": p,
        "bcubed_recall": r,
        "bcubed_f1": f,
        "stories_before": len(set(ga)),
        "stories_after": len(set(gb)),
    }


def group_members(labels: Sequence[int], ids: Sequence[str]) -> list[list[str]]:
    """Article IDs per story number, in story-number order."""
    k = max(labels, default=-1) + 1
    out: list[list[str]] = [[] for _ in range(k)]
    for lab, aid in zip(labels, ids, strict=True):
        out[lab].append(aid)
    return [g for g in out if g]
