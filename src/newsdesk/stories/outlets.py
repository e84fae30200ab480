"""An outlet's political lean, where the data carries one (AllSides rates outlets left,
lean left, center, lean right, right): kept on the outlet in the store (migration 0008).

A JSON Lines or JSON record that names its outlet (``source``, ``outlet``, ``newsSource`` ...)
and a lean (``lean``, ``bias``, ``stance``, ``political_lean``, ``allsides_rating``) gives that
outlet's lean. ``ingest`` reads them from the local files it was given.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from newsdesk.store.base import Store

_LEAN_KEYS = ("lean", "bias", "stance", "politicallean", "allsidesrating", "mediabias")
_SOURCE_KEYS = ("source", "outlet", "publisher", "sitename", "newssource")
MAX_SCAN_BYTES = 512 * 1024 * 1024


def _norm(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


def lean_of(record: Mapping[str, Any]) -> tuple[str, str] | None:
    """(outlet, lean) of one record, or None when it lacks either."""
    norm = {_norm(str(k)): v for k, v in record.items()}
    outlet = next((str(norm[k]).strip() for k in _SOURCE_KEYS if isinstance(norm.get(k), str)), "")
    lean = next((str(norm[k]).strip() for k in _LEAN_KEYS if isinstance(norm.get(k), str)), "")
    if not outlet or not lean or len(lean) > 40:
        return None
    return " ".join(outlet.split()), " ".join(lean.lower().split())


def leans_in_files(paths: Iterable[str]) -> dict[str, str]:
    """Outlet -> lean from the JSON Lines / JSON files (or folders of them) among ``paths``;
    URLs and other formats are skipped. A later record wins."""
    out: dict[str, str] = {}
    files: list[Path] = []
    for p in paths:
        if "://" in p:
            continue
        path = Path(p)
        if path.is_dir():
            files += sorted(x for x in path.rglob("*") if x.suffix.lower() in (".jsonl", ".json"))
        elif path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
            files.append(path)
    for f in files:
        try:
            # only regular files: a FIFO (or device) named *.jsonl would block the read forever
            # (ingest itself skips and names it)
            if not f.is_file() or f.stat().st_size > MAX_SCAN_BYTES:
                continue
            text = f.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        records: list[Any] = []
        try:
            whole = json.loads(text)
            records = whole if isinstance(whole, list) else [whole]
        except json.JSONDecodeError:
            for line in text.splitlines():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError:
                    continue
        for r in records:
            if isinstance(r, dict):
                got = lean_of(r)
                if got:
                    out[got[0]] = got[1]
    return out


def record_leans(store: Store, paths: Iterable[str]) -> int:
    """Keep the leans the files among ``paths`` give; returns how many outlets got one."""
    leans = leans_in_files(paths)
    if leans and not store.read_only:
        store.set_outlet_leans(leans, origin="ingest")
    return len(leans)
