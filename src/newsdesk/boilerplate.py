"""Where an article sentence's content begins: list bullets, bylines, datelines, boilerplate.

Shared by every stage that reads article text (story labels, the writers, the evaluations).
"""

from __future__ import annotations

import re

# A dateline: place name in capitals (optionally ", State" or ", Month Day"), an optional
# agency in parentheses, then a dash: "PINE RIDGE, S.D. (AP) -- ", "MEXICO CITY (Continental
# Wire) — ", "WASHINGTON —", "MOSCOW, August 9 (Xinhua) -- ", "(UNDATED) — ".
_PLACE = r"[A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*)*"
_STATE_OR_DAY = r"(?:,\s+[A-Z][A-Za-z.]*(?:\s+[A-Za-z0-9.]+){0,2})?"
# (a wire's closing parenthesis is sometimes lost: "WASHINGTON (AP — ")
_AGENCY = r"(?:\s*\([^()]{1,40}\)|\s*\((?:AP|Reuters|AFP|UPI|Xinhua)(?=\s*(?:—|–|--)))?"
_DATELINE = re.compile(
    rf"^(?:{_PLACE}{_STATE_OR_DAY}{_AGENCY}|\([A-Z][A-Za-z ]{{1,30}}\))\s*(?:—|–|--|-|_)\s+"
)
# A dateline with the place in ordinary case and the outlet in parentheses, then a dash (or,
# for a wire or network, nothing):
# "New York (CNN) -- ", "Washington (CNN) ", "Mexico City (Reuters) - ".
_OUTLET_DATELINE = re.compile(
    r"^[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,3}(?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?"
    r"\s*(?:\((?:[A-Z][A-Za-z]*\.?)(?:\s+[A-Z][A-Za-z]*\.?){0,3}\)\s*(?:—|–|--|-|_)\s*"
    r"|\((?:CNN|AP|Reuters|AFP|Bloomberg|UPI|CNBC|ABC|NBC|CBS|Xinhua|CNN Business)\)\s+)"
    r"(?=[A-Z0-9\"“'‘])"
)
# Bylines and credit lines that may open a sentence or be one.
_BYLINE = re.compile(
    r"^(?:By|BY|From)\s+[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|de|van|von|la|le))*"
    r"(?:\s*\([^()]{1,60}\))?(?:\s*(?:,|and)\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*)*)*"
    r"(?:,?\s+(?:Associated Press|AP|Reuters|AFP|Staff)\s*(?:Writer|Reporter|Correspondent)?)?"
    r"(?:\s*\([^()]{1,40}\))?\s*"
)
_BOILERPLATE = re.compile(
    r"""
    ^(?:reporting|writing|editing|additional\ reporting|compiled)\ by\b
    |\bcontributed\ (?:to\ )?(?:this|the)\ (?:report|story|article)\b
    |\bthis\ (?:story|article|report)\ (?:has\ been|was)\ (?:updated|corrected)\b
    |^click\ (?:here|to)\b|\bclick\ here\b
    |^(?:follow|like)\ us\b|^sign\ up\b|^subscribe\b|^read\ more\b|^related\s*:
    |\ball\ rights\ reserved\b|^copyright\b|^\(c\)\s*(?:19|20)\d\d\b|^c\.\s*(?:19|20)\d\d
    |\bnews\ service\W*$|\bdistributed\ by\b|\battention\ editors\b|\bfor\ purchase\b
    |\bsyndicate\b.*\b(?:sales|purchase)\b|\bnon-?subscribers\b|\bphoto\ is\ being\ sent\b
    |^(?:end|more|-0-)\s*$|^nyt-\d|^story\ filed\ by\b|\bsend\ (?:questions|comments)\b
    |\bcall\ \(?\d{3}\)?[\s\-]\d{3}-\d{4}\b|\S+@\S+\.\w+|https?://|www\.
    """,
    re.IGNORECASE | re.VERBOSE,
)
_BULLET = re.compile(r"^(?:[-*•–]\s+)+")
# A bold section label before the sentence: "**SAFEGUARDING THE NATION:** President ...".
_LABEL = re.compile(r"^(?:\*\*|__)(?:[^*_\n:]{2,60}):?(?:\*\*|__):?\s+(?=[A-Z\"“])")


def content_start(text: str) -> int:
    """Offset in ``text`` where the sentence proper begins, after a list bullet, a bold section
    label ("**SAFEGUARDING THE NATION:**"), a byline and a dateline."""
    bullet = _BULLET.match(text)
    pos = bullet.end() if bullet else 0
    label = _LABEL.match(text[pos:])
    if label and len(label.group(0).split()) <= 8:
        pos += label.end()
    for _ in range(2):  # a byline may precede a dateline: "By Ann Lee WASHINGTON — ..."
        rest = text[pos:]
        m = _BYLINE.match(rest)
        if m and m.end() < len(rest) and _looks_like_byline(m.group(0)):
            # The byline pattern may swallow the dateline's place name: drop the dash too.
            dash = re.match(r"(?:—|–|--|-|_)\s+", rest[m.end() :])
            pos += m.end() + (dash.end() if dash else 0)
            continue
        m = _DATELINE.match(rest)
        if m and m.end() < len(rest) and _plausible_dateline(m.group(0), rest[m.end() :]):
            pos += m.end()
            continue
        m = _OUTLET_DATELINE.match(rest)
        if m and m.end() < len(rest) and len(m.group(0)) <= 60:
            pos += m.end()
            continue
        break
    return pos


def _plausible_dateline(s: str, after: str) -> bool:
    # Capitals are required of the place ("WASHINGTON —" is a dateline, "Mr. Li —" is not),
    # and the sentence after it must start like one ("NATO — the alliance" is no dateline).
    head = re.split(r"[,(]", s.strip("( "), maxsplit=1)[0]
    letters = [c for c in head if c.isalpha()]
    starts = after[:1].isupper() or after[:1].isdigit() or after[:1] in "\"“'‘"
    return len(letters) >= 2 and all(c.isupper() for c in letters) and len(s) <= 80 and starts


def _looks_like_byline(s: str) -> bool:
    return 2 <= len(s.split()) <= 14 and s.split()[0] in {"By", "BY", "From"} and len(s) <= 120


def is_byline(text: str) -> bool:
    """True when the whole sentence is a byline or a credit line."""
    m = _BYLINE.fullmatch(text.strip().rstrip(".").strip())
    return bool(m) and _looks_like_byline(text.strip())


def is_boilerplate(text: str) -> bool:
    """True for bylines, credits, syndication notices, links, calls to action."""
    t = text.strip()
    return bool(_BOILERPLATE.search(t)) or is_byline(t)
