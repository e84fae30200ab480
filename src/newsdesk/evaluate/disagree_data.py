"""Stories for the disagreement evaluations: ECB+ and AllSides (``disagreements.clusters``) and
the DUC 2004 and DUC 2006 clusters.

**DUC 2006.** Each topic's 25 articles are one story. An article's id is its ``DOCNO``
(``APW19990707.0181``), its date the one NIST gives (else the DOCNO's), its outlet the wire the
DOCNO names (``APW`` Associated Press, ``NYT`` New York Times, ``XIE`` Xinhua): the rules never
compare two articles of one wire, as they never compare two articles of one outlet. The text is
:func:`newsdesk.evaluate.duc.parse_sgml_article`'s (one paragraph a line); the judged set's
offsets index it, and keep no text.

**DUC 2004.** Each task-2 cluster's 10 articles (``d30001t/C1`` ...) are one story. The files
lost their DOCNOs and dates: an article's id is its cluster and file name, it has no date and no
outlet, so every pair is compared (as ingest compares undated articles).

**DUC 2006, one wire** (``duc2006_wire``): the DUC 2006 stories with no outlet given, so that
two articles of one wire (an AP story and its later version, a day apart at most) are compared
too: a source of look-alikes (a toll counted at two moments) for the judged set, whose rows of
this data set are pairs of one wire only (pairs of two wires are rows of ``duc2006``).

**BBC.** A source of look-alikes for the judged set, not of outlets that disagree: BBC News
2004-2005 is one outlet, so its articles are given none, and undated (every pair compared). A
story is a set of articles of one section linked by a lexical cosine (tf-idf of content words,
>= ``LINK``; a pair at ``COPY`` or more is one article twice), one follow-up after another, 2 to
``MAX_STORY`` articles (a larger group is linked again at a cosine ``SPLIT`` higher): the rules
meet one story told at several moments. An article's id is its section and file
(``business/001``), its text the body (the title line apart).

**Two events as one story** (sources of look-alikes of a grouping error, for the judged set
only; their rows are pairs of two events, never of one):

* ``ecbplus_topic``: both gold events of one ECB+ topic (``40_ecb`` and ``40_ecbplus``: two
  quakes, two piracy raids) as one story, ``topic:40``;
* ``allsides_pair``: two AllSides stories of one topic whose story dates are at most
  ``PAIR_DAYS`` apart, as one story ``5841+5844`` (the dates pick the pairs; no article is
  given its story's date).

**White House** (``whitehouse``): the briefing-room documents on Mexico, linked into stories as
the BBC articles are (:func:`_linked`), dated by their metadata, no outlet (one publisher); an
article's id is ``wh`` and its line number in the file (``wh061``).
"""

from __future__ import annotations

import re
from pathlib import Path

from newsdesk.model import EvidenceDoc

DUC_DATASETS = ("duc2004", "duc2006")
BBC_SECTIONS = ("business", "entertainment", "politics", "sport", "tech")
LINK = 0.25  # tf-idf cosine of two articles of one BBC story
COPY = 0.9  # two files of one article
MAX_STORY = 8  # a larger group is a theme, not a story: split (SPLIT) or left out
SPLIT = 0.1  # a theme is linked again at a cosine this much higher
PAIR_DAYS = 3  # two AllSides stories of one topic at most this many days apart
_WIRE = re.compile(r"^([A-Z]{3})")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")


def duc_clusters(dataset: str, data_dir: Path, *, own: bool = False) -> list[list[EvidenceDoc]]:
    """Each DUC topic's (2006) or cluster's (2004) articles as one story (see the module
    docstring); with ``own``, no article has an outlet (two of one wire are compared)."""
    from newsdesk.evaluate.duc import find_topic_set_root, load_generic_set, load_topic_set
    from newsdesk.text import split_sentences

    root = find_topic_set_root(Path(data_dir), dataset)
    out = []
    topics = load_generic_set(root) if dataset == "duc2004" else load_topic_set(root)
    for topic in topics:
        group = []
        for d in topic.docs:
            if not d.text.strip():
                continue
            wire = _WIRE.match(d.docno)
            group.append(
                EvidenceDoc(
                    id=d.docno,
                    title=d.headline,
                    text=d.text,
                    sentences=split_sentences(d.text),
                    source=wire.group(1) if wire and not own else None,
                    published=d.date,
                    lineage_id=d.docno,
                    story_id=topic.id,
                )
            )
        if len(group) >= 2:
            out.append(group)
    return out


def _linked(texts: list[str]) -> list[list[int]]:
    """Groups of ``texts`` linked by a tf-idf cosine of content words (>= ``LINK``, below
    ``COPY``), each of 2 to ``MAX_STORY`` members, in order; a larger group is linked again
    at a cosine ``SPLIT`` higher, until its parts are stories."""
    import math
    from collections import Counter

    bags = [Counter(w.lower() for w in _TOKEN.findall(t)) for t in texts]
    df = Counter(w for bag in bags for w in bag)
    vecs = []
    for bag in bags:
        v = {w: (1 + math.log(c)) * math.log(len(texts) / df[w]) for w, c in bag.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    edges = []
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = vecs[i], vecs[j]
            if len(b) < len(a):
                a, b = b, a
            cos = sum(x * b.get(w, 0.0) for w, x in a.items())
            if LINK <= cos < COPY:
                edges.append((i, j, cos))
    return _components(list(range(len(texts))), edges, LINK)


def _components(
    members: list[int], edges: list[tuple[int, int, float]], link: float
) -> list[list[int]]:
    parent = {i: i for i in members}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, cos in edges:
        if cos >= link and i in parent and j in parent:
            parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in members:
        groups.setdefault(root(i), []).append(i)
    out = []
    for g in groups.values():
        if 2 <= len(g) <= MAX_STORY:
            out.append(g)
        elif len(g) > MAX_STORY and link + SPLIT < COPY:
            out += _components(g, edges, link + SPLIT)
    return out


def _doc(key: str, title: str, text: str, story: str) -> EvidenceDoc:
    from newsdesk.text import split_sentences

    return EvidenceDoc(
        id=key,
        title=title,
        text=text,
        sentences=split_sentences(text),
        lineage_id=key,
        story_id=story,
    )


def bbc_clusters(data_dir: Path) -> list[list[EvidenceDoc]]:
    """BBC articles grouped into stories (see the module docstring)."""
    out = []
    for section in BBC_SECTIONS:
        docs = []
        for f in sorted((Path(data_dir) / "bbc" / section).glob("*.txt")):
            title, _, body = f.read_text(encoding="utf-8", errors="replace").partition("\n")
            docs.append((f"{section}/{f.stem}", title.strip(), body.strip()))
        for g in _linked([d[2] for d in docs]):
            story = "bbc:" + docs[g[0]][0]
            out.append([_doc(*docs[i], story) for i in g])
    return out


def joined_clusters(dataset: str, data_dir: Path) -> list[list[EvidenceDoc]]:
    """Two events as one story: ``ecbplus_topic`` or ``allsides_pair`` (module docstring)."""
    import json
    from dataclasses import replace
    from datetime import date

    from newsdesk.evaluate.disagreements import clusters

    if dataset == "ecbplus_topic":
        by: dict[str, list[list[EvidenceDoc]]] = {}
        for g in clusters("ecbplus", data_dir):
            by.setdefault((g[0].story_id or "").split("_")[0], []).append(g)
        return [
            [replace(d, story_id=f"topic:{t}") for g in gs for d in g]
            for t, gs in sorted(by.items())
            if len(gs) == 2
        ]
    path = Path(data_dir) / "allsides" / "stories_2021.jsonl"
    meta = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            s = json.loads(line)
            meta[str(s["id"])] = (s.get("topic"), date.fromisoformat(str(s["date"])[:10]))
    stories = {g[0].story_id or "": g for g in clusters("allsides", data_dir)}
    ids = sorted(stories, key=int)
    out = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            (ta, da), (tb, db) = meta[a], meta[b]
            if ta == tb and abs((da - db).days) <= PAIR_DAYS:
                out.append([replace(d, story_id=f"{a}+{b}") for d in stories[a] + stories[b]])
    return out


def whitehouse_clusters(data_dir: Path) -> list[list[EvidenceDoc]]:
    """White House documents linked into stories (see the module docstring)."""
    import json

    from newsdesk.text import split_sentences

    path = Path(data_dir) / "whitehouse" / "mexico_2021_2026.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    out = []
    for g in _linked([r["text"] for r in rows]):
        story = f"wh:{g[0]}"
        out.append(
            [
                EvidenceDoc(
                    id=f"wh{i:03d}",
                    title=rows[i]["title"],
                    text=rows[i]["text"],
                    sentences=split_sentences(rows[i]["text"]),
                    published=rows[i]["date"],
                    lineage_id=f"wh{i:03d}",
                    story_id=story,
                )
                for i in g
            ]
        )
    return out


def story_clusters(dataset: str, data_dir: Path) -> list[list[EvidenceDoc]]:
    """The stories of ``dataset``: ``duc2004``, ``duc2006``, ``duc2006_wire``, ``bbc``,
    ``whitehouse``, ``ecbplus_topic``, ``allsides_pair``, or ``ecbplus`` / ``allsides``."""
    if dataset in ("ecbplus_topic", "allsides_pair"):
        return joined_clusters(dataset, data_dir)
    if dataset == "whitehouse":
        return whitehouse_clusters(data_dir)
    if dataset in DUC_DATASETS:
        return duc_clusters(dataset, data_dir)
    if dataset == "duc2006_wire":
        return duc_clusters("duc2006", data_dir, own=True)
    if dataset == "bbc":
        return bbc_clusters(data_dir)
    from newsdesk.evaluate.disagreements import clusters

    return clusters(dataset, data_dir)
