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
"""

from __future__ import annotations

import re
from pathlib import Path

from newsdesk.model import EvidenceDoc

DUC_DATASETS = ("duc2004", "duc2006")
_WIRE = re.compile(r"^([A-Z]{3})")


def duc_clusters(dataset: str, data_dir: Path) -> list[list[EvidenceDoc]]:
    """Each DUC topic's (2006) or cluster's (2004) articles as one story (see the module
    docstring)."""
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
                    source=wire.group(1) if wire else None,
                    published=d.date,
                    lineage_id=d.docno,
                    story_id=topic.id,
                )
            )
        if len(group) >= 2:
            out.append(group)
    return out


def story_clusters(dataset: str, data_dir: Path) -> list[list[EvidenceDoc]]:
    """The stories of ``dataset``: ``duc2006``, or ``ecbplus`` / ``allsides``."""
    if dataset in DUC_DATASETS:
        return duc_clusters(dataset, data_dir)
    from newsdesk.evaluate.disagreements import clusters

    return clusters(dataset, data_dir)
