"""Text that is not UTF-8: detect the encoding it was written in, and mend mojibake.

Detection runs only where UTF-8 fails. Mostly-ASCII text whose other bytes read, in
Windows-1252, as Western European letters and punctuation (a pound sign, curly quotes,
accents) is read as Windows-1252 (or ISO-8859-1 when it has no byte in 0x80-0x9F): a detector
asked about one ``\\xa3`` in a page of ASCII guesses anything, often a Japanese code page.
Anything else goes to charset-normalizer.
"""

from __future__ import annotations

__all__ = ["decode_guess", "mend"]

# bytes Windows-1252 leaves undefined: a text holding one is not Windows-1252
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")
_MOSTLY_ASCII = 0.75
# what Western European text puts outside ASCII: accented letters, typographic punctuation,
# currency and a few signs; a Polish or Czech text read as Windows-1252 shows others
_WESTERN = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŠšŸŽž"
    "\u00a0“”‘’„‚–—…•€£¥¢©®™°·§¶«»¿¡×÷±½¼¾"
)


def decode_guess(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` for bytes that are not UTF-8, or None when nothing fits."""
    if not data:
        return None
    high = bytes(b for b in data if b >= 0x80)
    if len(high) <= (1 - _MOSTLY_ASCII) * len(data) and not _CP1252_HOLES.intersection(high):
        if all(c in _WESTERN for c in high.decode("cp1252")):
            if any(0x80 <= b <= 0x9F for b in high):
                return data.decode("cp1252"), "windows-1252"
            return data.decode("latin-1"), "iso-8859-1"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return str(best), best.encoding


def mend(text: str) -> str:
    """``text`` with mojibake (UTF-8 read as Windows-1252: ``â€™`` for ``’``) undone, where
    ftfy finds it unambiguous; other text is returned as it is."""
    if text.isascii():
        return text
    import ftfy
    from ftfy.badness import is_bad

    if not is_bad(text):
        return text
    return str(ftfy.fix_encoding(text))
