"""A briefing as data: what every writer returns, the verify stage checks and renderers show.

Sentence kinds:

* ``extracted``: the text is its first citation's span, verbatim;
* ``repaired``: an extracted sentence with bracketed repairs: a leading "He"/"She" replaced by
  the name the previous sentence of the same article gives, a relative date ("yesterday",
  "last week") replaced by the day or span it names, resolved against the article's date.
  ``repairs`` records each change so a verifier can rebuild the span (:func:`undo_repairs`);
  ``repair`` is the first of them;
* ``templated``: built by newsdesk from verifiable facts (counts, dates, outlets, strands); its
  citations point at the articles the facts were counted from;
* ``generated``: written by a language model; each citation names an article (and the span
  that best supports the sentence).

Every sentence that reaches a renderer carries the verify stage's ``verdict``; sentences that
failed verification are removed from the paragraphs and listed in ``verification.dropped``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SentenceKind = Literal["extracted", "repaired", "templated", "generated"]
KINDS: tuple[str, ...] = ("extracted", "repaired", "templated", "generated")


@dataclass(frozen=True)
class Repair:
    """Words of the cited span replaced so the sentence makes sense out of its article: a
    leading pronoun by the name it refers to, a relative date by the date it names.

    ``at`` is where ``replacement`` starts in the sentence's text (0: a leading repair). The
    sentence's text is ``source[:at] + replacement + source[at + len(original):]`` with the
    other repairs of the sentence applied too; renderers show ``replacement`` in brackets.
    """

    original: str
    replacement: str
    at: int = 0


def undo_repairs(text: str, repairs: list[Repair]) -> str | None:
    """``text`` with every repair undone (the cited span it was made from), or None when a
    repair is not where it says it is."""
    for r in sorted(repairs, key=lambda r: -r.at):
        if r.at < 0 or text[r.at : r.at + len(r.replacement)] != r.replacement:
            return None
        text = text[: r.at] + r.original + text[r.at + len(r.replacement) :]
    return text


@dataclass
class Citation:
    """One supporting span: ``article.text[start:end]`` of the article with this ID."""

    id: str
    start: int
    end: int


@dataclass
class Verdict:
    """The verify stage's finding on one sentence."""

    ok: bool
    reason: str | None = None  # why it failed; None when it passed
    check: str = ""  # what was checked, e.g. "verbatim span", "repair", "citations exist"
    # The content check (generated sentences): every reason it found, and the best supporting
    # span of each cited article. ``flagged``: kept although unsupported (--keep-unsupported).
    reasons: list[str] = field(default_factory=list)
    spans: list[Citation] = field(default_factory=list)
    flagged: bool = False
    recited_from: list[str] | None = None  # the IDs it cited before it was re-cited
    similarity: float | None = None  # closeness in meaning of the best cited span
    coverage: float | None = None  # share of its content words the best span (or union) holds


@dataclass
class BriefSentence:
    """A sentence of the briefing (see the module docstring for ``kind``)."""

    text: str
    kind: SentenceKind
    citations: list[Citation] = field(default_factory=list)
    repair: Repair | None = None
    verdict: Verdict | None = None
    repairs: list[Repair] = field(default_factory=list)  # every repair, ``repair`` first

    def __post_init__(self) -> None:
        self.repairs = self.all_repairs()
        if self.repair is None and self.repairs:
            self.repair = self.repairs[0]

    def all_repairs(self) -> list[Repair]:
        """Every repair: ``repairs``, with ``repair`` first when it was set on its own."""
        if self.repair is not None and self.repair not in self.repairs:
            return [self.repair, *self.repairs]
        return list(self.repairs)


@dataclass
class Paragraph:
    """A paragraph: the lead, one strand, or the overall close."""

    role: str  # "lead" | "strand" | "overall"
    sentences: list[BriefSentence]
    label: str | None = None


@dataclass
class SourceRef:
    """One article in the Sources list."""

    id: str
    source: str | None
    published: str | None
    title: str
    url: str | None


@dataclass
class Dropped:
    """A sentence the verify stage removed, with where it stood and why."""

    paragraph: int
    sentence: BriefSentence


@dataclass
class Verification:
    """What the verify stage checked: ``checked`` sentences, ``passed`` of them kept."""

    checked: int = 0
    passed: int = 0
    dropped: list[Dropped] = field(default_factory=list)
    supported: int = 0  # passed as cited
    recited: int = 0  # passed once cited to another evidence article
    flagged: int = 0  # kept unsupported, marked (--keep-unsupported)
    # Every checked sentence in reading order with its final verdict (for ``newsdesk verify``).
    sentences: list[BriefSentence] = field(default_factory=list)


@dataclass
class Briefing:
    """A whole briefing: paragraphs of cited sentences and the sources they cite."""

    topic: str | None
    paragraphs: list[Paragraph]
    sources: list[SourceRef]
    notice: str | None = None
    since: str | None = None
    until: str | None = None
    writer: str = "extractive"
    verification: Verification | None = None  # set by the verify stage
    usage: dict[str, Any] | None = None  # LLM writers: tokens used, seconds taken, cached

    def sentences(self) -> list[BriefSentence]:
        """All sentences in reading order."""
        return [s for p in self.paragraphs for s in p.sentences]

    def text(self) -> str:
        """The prose alone (no citations, labels, sources or dateline), one paragraph a line."""
        lines = (
            " ".join(s.text for s in p.sentences if not is_window_line(s.kind, s.text))
            for p in self.paragraphs
        )
        return "\n".join(line for line in lines if line)

    def word_count(self) -> int:
        """Words of all sentences but the dateline, the measure of the word budget: the line
        naming the days and outlets reported ("Reported between ..."), like the title and the
        sources, is about the briefing, not part of it."""
        return sum(
            len(s.text.split()) for s in self.sentences() if not is_window_line(s.kind, s.text)
        )


def is_window_line(kind: str, text: str) -> bool:
    """The writer's templated line naming the days its articles were published ("Reported
    between March 10 and March 12."): a fact about the briefing, not a claim a span supports."""
    return kind == "templated" and text.startswith(("Reported on ", "Reported between "))


def cite_ids(s: BriefSentence) -> list[str]:
    """The distinct article IDs a sentence cites, in order."""
    seen: list[str] = []
    for c in s.citations:
        if c.id not in seen:
            seen.append(c.id)
    return seen
