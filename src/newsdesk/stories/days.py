"""Days named in two sentences, for the date rule of :mod:`.disagree`: a dated article's weekday
as an undated one has it, and whether two dates are the day of one action (the words beside
them share one: "died on Friday", "died Thursday"; a verb of speaking is none: "experts said
Wednesday" and "an envoy said Tuesday" are two reports); and a relative day ("today",
"yesterday") is only as exact as the date its article carries (a wire dated the next morning,
another time zone), so one day apart from the other side's it is no conflict."""

from __future__ import annotations

import re
from datetime import date

from newsdesk.stories.acts import one_act
from newsdesk.stories.quantities import _STOP, _WORD

WEEKDAY_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def last_word(phrase: str) -> str:
    words = phrase.lower().split()
    return words[-1].strip(".,") if words else ""


def as_weekday(key: str, phrase: str) -> str:
    """A resolved day named by its weekday ("on Friday") as the undated side has it
    ("~friday"), to hold a dated article's weekday against an undated one's."""
    last = last_word(phrase)
    return "~" + last if not key.startswith("~") and last in WEEKDAY_NAMES else key


DATE_WINDOW = 3  # words either side of a date that say what happened that day
_RELATIVE_DAY = re.compile(r"\b(today|yesterday|tonight)\b", re.IGNORECASE)
# a verb of speaking is no action of its own: the day a source spoke is its report's, so two
# reports' days meet only by the speaker ("the hospital said on Monday") or what was done
SAYS = re.compile(
    r"(?:said|says|say|told|tells|stated|reported|reports|announced|added|confirmed)", re.I
)


def date_words(text: str, phrase: str) -> frozenset[str] | None:
    """The lower-case content words (five-letter stems) within ``DATE_WINDOW`` words of
    ``phrase`` in ``text``: what happened that day ("died", "arrested"). None when the date
    is no day of an action: a day's event ("Saturday's semifinal"), or a weekday beside
    "today" in one sentence (the weekday is then another moment: "As it promised Tuesday,
    Microsoft today issued ...")."""
    at = text.find(phrase)
    if at < 0:
        return frozenset()
    if re.match(r"['’]s\b", text[at + len(phrase) :]) or _RELATIVE_DAY.search(
        text[:at] + " " + text[at + len(phrase) :]
    ):
        return None
    before = _WORD.findall(text[:at])[-DATE_WINDOW:]
    after = _WORD.findall(text[at + len(phrase) :])[:DATE_WINDOW]
    return frozenset(
        w.lower()[:5]
        for w in before + after
        if w[:1].islower() and len(w) > 3 and w.lower() not in _STOP and not SAYS.fullmatch(w)
    )


def one_action(a: str, pa: str, b: str, pb: str) -> bool:
    """Both dates are the day of one action: the words around them share a word ("died on
    Friday", "died Thursday"), not "charged Saturday" against "a shooting ... Friday", and the
    verbs they attach to are one (:mod:`.acts`): not "appeared in court Monday on a charge"
    against "was charged Saturday"; nor an ongoing search or the end of a span."""
    wa, wb = date_words(a, pa), date_words(b, pb)
    if wa is None or wb is None or not wa & wb:
        return False
    return one_act(a, pa, b, pb)


def a_day_apart(kx: str, px: str, ky: str, py: str) -> bool:
    """Either side is a relative day ("today", "yesterday", ``px``, ``py``: the phrases) and
    the two days resolved (``kx``, ``ky``: ISO dates) are one day apart."""
    if not (_RELATIVE_DAY.search(px) or _RELATIVE_DAY.search(py)):
        return False
    try:
        return abs((date.fromisoformat(kx) - date.fromisoformat(ky)).days) == 1
    except ValueError:
        return False
