"""Loaders for DUC-style summarization data (DUC 2004 task 2; DUC 2005-2007 topic-focused sets).

Topic-focused layout (DUC 2006, and DUC 2005/2007 laid out the same way)::

    <root>/*topics*.sgml                         <topic><num>D0601A</num><title/><narr/></topic>
    <root>/*_docs/D0601A/<DOCNO>                 NIST SGML articles
    <root>/NISTeval/ROUGE/models/D0601.M.250.A.X reference summaries (X = assessor letter)
    <root>/NISTeval/ROUGE/peers/D0601.M.250.A.P  participants' summaries (P = peer id)

Generic layout (DUC 2004 task 2)::

    <root>/TEST_docs_Parsed/d30001t/C1..C10      one plain-text article per file
    <root>/Test_Summaries/d30001t/D30001.M.100.T.X

Known traps handled here: some NYT articles carry their body before ``<TEXT>`` (which then
holds only a syndication line), so the whole ``<BODY>`` is used when it is the longer part; a
reference may be Latin-1 rather than UTF-8; some DUC 2004 articles are empty (kept, with no
text, so counts stay honest).
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.errors import InputError, NotFoundError


@dataclass
class DucDoc:
    """One source article: its DOCNO (or file name), date, headline and cleaned text."""

    docno: str
    text: str
    headline: str = ""
    date: str | None = None  # ISO date when the source gives one


@dataclass
class DucTopic:
    """One topic / cluster: the question (empty for generic sets), the articles, the summaries."""

    id: str  # e.g. "D0601A" or "d30001t"
    key: str  # the prefix of the summary files, e.g. "D0601" or "D30001"
    title: str
    narrative: str
    docs: list[DucDoc]
    models: dict[str, str] = field(default_factory=dict)  # assessor letter -> reference text
    peers: dict[str, str] = field(default_factory=dict)  # peer id -> summary text

    @property
    def query(self) -> str:
        """Title and narrative, the question a topic-focused summary answers."""
        return f"{self.title}. {self.narrative}".strip(" .") if self.title else self.narrative


def read_text(path: Path) -> str:
    """A file's text as UTF-8, falling back to Latin-1 (one DUC 2006 reference is Latin-1)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# --------------------------------------------------------------------------------------------
# SGML article cleaning

_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_KNOWN_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_TAG = re.compile(r"<[^>]+>")


def _entities(text: str) -> str:
    """Resolve the few real entities; drop the typesetting codes (&QL; &UR; &Cx1f; ...)."""

    def sub(m: re.Match[str]) -> str:
        return _KNOWN_ENTITIES.get(m.group(1).lower(), " ")

    return _ENTITY.sub(sub, text)


def _normalise_typography(text: str) -> str:
    """Wire-service ASCII conventions to ordinary punctuation: ``x'' quotes, `` _ `` dashes."""
    text = text.replace("``", '"').replace("''", '"')
    text = re.sub(r"(?<=\s)_(?=\s)", "—", text)
    text = re.sub(r"\s--\s", " — ", text)
    return text


def _paragraphs(block: str) -> list[str]:
    """Split an SGML text block into paragraphs joined into single lines."""
    if re.search(r"<P>", block, re.I):
        parts = re.split(r"</?P>", block, flags=re.I)
    else:
        # No <P>: a paragraph starts at an indented line or after a blank line.
        parts = re.split(r"\n\s*\n|\n(?=[ \t])", block)
    out = []
    for part in parts:
        line = _TAG.sub(" ", part)
        line = re.sub(r"\s+", " ", line).strip()
        if line:
            out.append(line)
    return out


def _useful(par: str) -> bool:
    """False for typesetting leftovers: a lone ``-0-``, rules of dashes, empty brackets."""
    letters = sum(ch.isalpha() for ch in par)
    return letters >= 3


def _field(doc: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", doc, re.S | re.I)
    return m.group(1) if m else None


def _iso_date(raw: str | None, docno: str) -> str | None:
    if raw:
        raw = raw.strip()
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", raw)
        if m:
            return "-".join(m.groups())
        m = re.match(r"(\d{2})/(\d{2})/(\d{4})", raw)
        if m:
            return f"{m.group(3)}-{m.group(1)}-{m.group(2)}"
    m = re.search(r"(19|20)(\d{2})(\d{2})(\d{2})", docno)
    if m:
        return f"{m.group(1)}{m.group(2)}-{m.group(3)}-{m.group(4)}"
    return None


def parse_sgml_article(raw: str, where: str) -> DucDoc:
    """Parse one NIST SGML article into a :class:`DucDoc` with paragraph-per-line text."""
    docno = (_field(raw, "DOCNO") or "").strip()
    if not docno:
        raise InputError(f"{where}: no <DOCNO> in the article")
    date = _iso_date(_field(raw, "DATE_TIME") or _field(raw, "DATE"), docno)
    headline = _field(raw, "HEADLINE") or ""
    headline = re.sub(r"\s+", " ", _entities(_TAG.sub(" ", headline))).strip()
    body = _field(raw, "BODY") or raw
    text_block = _field(body, "TEXT") or ""
    before = body.split("<TEXT>")[0] if "<TEXT>" in body else ""
    before = re.sub(r"<(HEADLINE|SLUG|CATEGORY)>.*?</\1>", " ", before, flags=re.S | re.I)
    # The NYT trap: the story sits before <TEXT>, which holds only a syndication line.
    if len(_TAG.sub(" ", before).split()) > len(_TAG.sub(" ", text_block).split()):
        text_block = before + "\n\n" + text_block
    pars = [_normalise_typography(_entities(p)) for p in _paragraphs(text_block)]
    pars = [re.sub(r"\s+", " ", p).strip() for p in pars]
    return DucDoc(
        docno=docno, text="\n".join(p for p in pars if _useful(p)), headline=headline, date=date
    )


# --------------------------------------------------------------------------------------------
# Topic-focused sets (DUC 2005-2007)


def find_topic_set_root(data_dir: Path, dataset: str) -> Path:
    """``data_dir/dataset`` when it exists, else ``data_dir`` itself if it has the layout."""
    for cand in (data_dir / dataset, data_dir):
        layout = (cand / "NISTeval").is_dir() or (cand / "TEST_docs_Parsed").is_dir()
        if cand.is_dir() and layout:
            return cand
    raise NotFoundError(f"{data_dir / dataset}: dataset folder not found")


def _parse_topics(path: Path) -> list[tuple[str, str, str]]:
    text = read_text(path)
    out = []
    for m in re.finditer(r"<topic>(.*?)</topic>", text, re.S | re.I):
        block = m.group(1)
        num = (_field(block, "num") or "").strip()
        title = re.sub(r"\s+", " ", _field(block, "title") or "").strip()
        narr = re.sub(r"\s+", " ", _field(block, "narr") or "").strip()
        if num:
            out.append((num, title, narr))
    if not out:
        raise InputError(f"{path}: no <topic> entries found")
    return out


def _summary_files(folder: Path) -> dict[str, dict[str, str]]:
    """``{topic key: {summarizer id: text}}`` from files named ``KEY.M.LEN.A.ID``."""
    out: dict[str, dict[str, str]] = {}
    if not folder.is_dir():
        return out
    for p in sorted(folder.iterdir()):
        parts = p.name.split(".")
        if len(parts) < 5 or not p.is_file():
            continue
        out.setdefault(parts[0].upper(), {})[parts[-1]] = read_text(p)
    return out


def _selected(ids: Collection[str] | None, *names: str) -> bool:
    """True when ``ids`` is None or names one of ``names`` (case-insensitive)."""
    if ids is None:
        return True
    wanted = {i.casefold() for i in ids}
    return any(n.casefold() in wanted for n in names)


def load_topic_set(
    root: Path, *, limit: int | None = None, ids: Collection[str] | None = None
) -> list[DucTopic]:
    """All topics of a DUC 2005-2007 style set under ``root``, sorted by topic id.

    ``ids`` keeps only the topics it names (``D0602B`` or its summary key ``D0602``), and
    ``limit`` the first N of those.
    """
    topic_files = sorted(root.glob("*topics*.sgml")) or sorted(root.glob("*.sgml"))
    if not topic_files:
        raise NotFoundError(f"{root}: no topics .sgml file found")
    doc_dirs = [d for d in sorted(root.glob("*_docs")) if d.is_dir()]
    if not doc_dirs:
        raise NotFoundError(f"{root}: no *_docs folder found")
    models = _summary_files(root / "NISTeval" / "ROUGE" / "models")
    peers = _summary_files(root / "NISTeval" / "ROUGE" / "peers")
    topics = sorted(_parse_topics(topic_files[0]))
    topics = [t for t in topics if _selected(ids, t[0], re.sub(r"[A-Za-z]$", "", t[0]))]
    if limit is not None:
        topics = topics[:limit]
    out = []
    for num, title, narr in topics:
        folder = next((d / num for d in doc_dirs if (d / num).is_dir()), None)
        if folder is None:
            raise NotFoundError(f"{root}: no document folder for topic {num}")
        docs = []
        for f in sorted(folder.iterdir()):
            if f.is_file():
                docs.append(parse_sgml_article(read_text(f), str(f)))
        key = re.sub(r"[A-Za-z]$", "", num).upper()
        out.append(
            DucTopic(
                id=num,
                key=key,
                title=title,
                narrative=narr,
                docs=docs,
                models=models.get(key, {}),
                peers=peers.get(key, {}),
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# Generic sets (DUC 2004 task 2)


def load_generic_set(
    root: Path, *, limit: int | None = None, ids: Collection[str] | None = None
) -> list[DucTopic]:
    """The DUC 2004 task-2 clusters under ``root`` (``TEST_docs_Parsed``, ``Test_Summaries``);
    ``ids`` keeps only the clusters it names (``d30001t`` or ``D30001``)."""
    docs_root = root / "TEST_docs_Parsed"
    sums_root = root / "Test_Summaries"
    if not docs_root.is_dir():
        raise NotFoundError(f"{docs_root}: dataset folder not found")
    clusters = sorted(d for d in docs_root.iterdir() if d.is_dir())
    clusters = [c for c in clusters if _selected(ids, c.name, re.sub(r"[A-Za-z]$", "", c.name))]
    if limit is not None:
        clusters = clusters[:limit]
    out = []
    for cdir in clusters:
        files = sorted(
            (f for f in cdir.iterdir() if f.is_file()), key=lambda f: (len(f.name), f.name)
        )  # C1, C2, ..., C10
        docs = []
        for f in files:
            text = _normalise_typography(html.unescape(read_text(f)))
            text = re.sub(r"\s+", " ", text).strip()
            docs.append(DucDoc(docno=f"{cdir.name}/{f.name}", text=text))
        models: dict[str, str] = {}
        sdir = sums_root / cdir.name
        if sdir.is_dir():
            for p in sorted(sdir.iterdir()):
                if p.is_file():
                    models[p.name.split(".")[-1]] = read_text(p)
        key = re.sub(r"[A-Za-z]$", "", cdir.name).upper()
        out.append(
            DucTopic(id=cdir.name, key=key, title="", narrative="", docs=docs, models=models)
        )
    return out
