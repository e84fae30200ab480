"""The verify stage: every sentence of every writer, checked against its cited sources.

* :mod:`.structure`: citations exist; extracted sentences are their spans verbatim;
* :mod:`.facts`, :mod:`.dates`, :mod:`.entities`: numbers, money, percentages, dates and
  names of a sentence found in its cited text, normalised;
* :mod:`.support`: the best-matching cited span and whether it is close enough in meaning;
* :mod:`.stage`: the stage itself: check, re-cite or drop (or flag), and count;
* :mod:`.document`: briefings written anywhere (Markdown, text, newsdesk JSON) read back into
  sentences and citations, for ``newsdesk verify``.
"""

from newsdesk.verify.stage import VerificationError, is_synthesis, problems, verify
from newsdesk.verify.structure import check_sentence
from newsdesk.verify.support import Claim, Finding, SourceDoc, SupportChecker, Thresholds

__all__ = [
    "Claim",
    "Finding",
    "SourceDoc",
    "SupportChecker",
    "Thresholds",
    "VerificationError",
    "check_sentence",
    "is_synthesis",
    "problems",
    "verify",
]
