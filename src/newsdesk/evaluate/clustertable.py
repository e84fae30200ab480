"""The plain-text tables of ``newsdesk eval clustering`` (see :mod:`.clustering`)."""

from __future__ import annotations

from typing import Any

_SHORT = {
    "vector": "vec",
    "terms": "words",
    "keys": "ents",
    "published": "date",
    "source": "outlet",
    "original_id": "dups",
    "text": "text",
}


def format_clustering_table(result: dict[str, Any]) -> str:
    """The result as plain-text tables, one per subset."""
    inp = result.get("input", {})
    lines = [
        f"Story clustering on {result['dataset']} ({result['embedding']})",
        f"tuning: {result['tuning']}",
    ]
    if inp:
        lines.append(
            f"input: the same vectors for every system ({inp['model']}, sha256 {inp['vectors']});"
            " 'reads' lists everything each one is given:"
        )
        lines.append(
            "  vec = vectors, words = title/lead words, ents = entities and figures "
            f"({inp['entities'].split(':')[0]}), date = own date, dups = near-duplicate link,"
            " text = lead text"
        )
    names = {
        "all": "whole set",
        "odd": "odd half (tuning half)",
        "even": "even half (held out)",
    }
    for key in ("all", "odd", "even"):
        part = result.get(key)
        if not part:
            continue
        lines.append("")
        lines.append(
            f"{names[key]}: {part['documents']} documents, {part['gold_clusters']} gold clusters,"
            f" {part['near_duplicates']} near-duplicates"
        )
        lines.append(
            f"  {'system':<44} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'ARI':>6} {'clusters':>9}"
            "  reads"
        )
        for r in part["systems"]:
            reads = "+".join(_SHORT.get(x, x) for x in r.get("inputs", []))
            lines.append(
                f"  {r['system']:<44} {r['bcubed_precision']:6.3f} {r['bcubed_recall']:6.3f} "
                f"{r['bcubed_f1']:6.3f} {r['ari']:6.3f} {r['clusters']:>4}/{r['gold_clusters']:<4}"
                f"  {reads}"
            )
        for system, o in part.get("oracle", {}).items():
            lines.append(
                f"  oracle ceiling, {system}: B-cubed F1 {o['bcubed_f1']:.3f} at threshold "
                f"{o['threshold']:+.2f} (chosen on this subset's gold labels)"
            )
        a = part.get("incremental_vs_rebuild")
        if a:
            lines.append(
                f"  incremental vs rebuild: ARI {a['ari']:.3f}, B-cubed F1 {a['bcubed_f1']:.3f} "
                f"({a['stories_before']} vs {a['stories_after']} stories)"
            )
    return "\n".join(lines)
