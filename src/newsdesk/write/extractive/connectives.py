"""Connectives and comparisons whose counterpart a sentence does not carry ("also", "however",
"will then", "on the other hand"): out of its article, the reader asks in addition to what
(:mod:`.leaning`)."""

from __future__ import annotations

import re

# Connectives and comparisons whose counterpart is missing.
_MORE_CONNECTIVES = re.compile(
    r"^(?:In fact|In all|Overall|Again|Still|Now|Well|Of course|After all|Additionally|"
    r"Separately|Elsewhere|By contrast|In turn|Finally|First|Second|Third|Lastly|Next|Rather|"
    r"Regardless|Specifically|In particular|Particularly|Notably|Ultimately|In the meantime|"
    r"On the one (?:side|hand)|Fellow|There (?:was|were|is|are) still|"
    r"On the same note|Conversely|Alternatively|In response|In return|As such|To that end|"
    r"In doing so|With that|That said|Despite (?:this|that|these|those)|Earlier|Quite frankly|"
    r"Since then|Since that time|By then|Until then|Before that|After that|"
    r"Frankly|Again|Even(?!\s+(?:as|if|though|when|before|after|so|more|less)\b)|Too|"
    r"Either|Anyway|Further|Equally|Once again|To build on|"
    r"In one of|One,|Before you|Above all|In short|In sum|In other words|Put simply|"
    r"(?:This|That) time(?! of\b))\b"  # "This time Arsenal did not allow ...": than when?
)
_ALSO = re.compile(
    r"\b(?:also|however|meanwhile|instead|nonetheless|nevertheless|likewise|similarly|"
    r"moreover|furthermore|either)\b(?!\s+known\b)|\btoo\s*[,.;]|\b(?:himself|herself|themselves)\s+(?:has|"
    r"have|had|is|was|were|said|says)\b|\bwent on to\b",  # "Tony Blair himself has said", "went on"
    re.I,
)
_NOT_ALSO = re.compile(
    r"\bbut\s+(?:\w+\s+){0,2}also\b|\bnot only\b|\bhowever\s+(?:much|many|long|far|the)\b"
    r"|\binstead\s+of\b"  # "controlled by predators instead of by sprays": a comparison it makes
    # "... a deal to build submarines — a partnership that experts believe also serves as a
    # response to ...": an aside after a dash adds to what the sentence said of it
    r"|\s[—–]\s+(?:a|an)\s+(?:[\w-]+\s+){1,3}(?:that|which)\s+(?:[\w-]+\s+){0,4}?also\b",
    re.I,
)
_ALSO_WORDS = frozenset(
    "also however meanwhile instead nonetheless nevertheless likewise similarly moreover "
    "furthermore either too Also However Meanwhile Instead Nonetheless Nevertheless Likewise "
    "Similarly Moreover Furthermore Either Too himself herself themselves went".split()
)

# "Senior Director Gonzalez will then travel to Guatemala": after something told before.
_THEN = re.compile(r"\b(?:will|would|could|can|may|might|must|should|shall|and)\s+then\b")
# "Mr Blair then changed his mind ...": a next step after one the sentence does not carry.
_SUBJECT_THEN = re.compile(r"^(?:[A-Z][\w.'’\-]*\s+){1,3}then\s+[a-z]+ed\b")
# "Wales, on the other hand, have ...", "For his part, Mr Brown insists ...": the other side
# of a comparison the sentence does not carry.
_OTHER_SIDE = re.compile(
    r"\b(?:on the other hand|by contrast|in contrast(?!\s+(?:to|with)\b)|"
    r"for (?:his|her|its|their) part)\b",
    re.I,
)


def missing_counterpart(t: str, plain: str, words: set[str]) -> bool:
    """Whether sentence ``t`` (``plain``: its words outside quotations, ``words``: their set)
    opens with a connective, or says "also", "however", "then" or "on the other hand" with
    nothing to say what it adds to. A comparison the sentence makes itself excuses only its
    own word ("instead of irregular migration" does not excuse the "also" before it)."""
    if _MORE_CONNECTIVES.match(t):
        return True
    if words & _ALSO_WORDS:
        excused = [m.span() for m in _NOT_ALSO.finditer(plain)]
        if "not only" in plain.lower():
            excused.append((0, len(plain)))  # "not only ..., ... also": its own pair
        if any(not any(a <= m.start() < b for a, b in excused) for m in _ALSO.finditer(plain)):
            return True
    if (
        "then" in words
        and (_THEN.search(plain) or _SUBJECT_THEN.match(plain))
        and not re.search(r"\b(?:if|when)\b", plain, re.I)
    ):
        return True
    return bool(_OTHER_SIDE.search(plain))
