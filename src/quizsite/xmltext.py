"""Text every XML file can hold: XML 1.0 forbids most control characters (a form feed pasted
from a PDF, a `\\x01` in a title), and a feed holding one is rejected whole by its readers."""

from __future__ import annotations

import re

from .patterns import compile_later

# What XML 1.0 calls a Char, negated: C0 controls but tab, newline and carriage return;
# lone surrogates; U+FFFE and U+FFFF. (Written as those ranges, not as the negation of the
# allowed ones, which takes the regex compiler thirty times as long, in every process.)
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATES = compile_later("[\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (the same text when there are none)."""
    return _FORBIDDEN.sub("", text) if _FORBIDDEN.search(text) else text


def utf8(text: str) -> bytes:
    """`text` as UTF-8; a lone surrogate (half a UTF-16 pair, from some escape) becomes U+FFFD
    instead of failing the build while it writes."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text).encode("utf-8")


# The control characters XML 1.0 forbids, as UTF-8: a byte each (every byte of a longer
# character is 0x80 or above).
_CONTROL_BYTES = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))


def xml_utf8(text: str) -> bytes:
    """`utf8(xml_safe(text))`, found faster for the usual text that holds nothing to take out:
    a feed is looked over as bytes, where deleting the control bytes and counting one lead
    byte (U+FFFE and U+FFFF are EF BF BE and EF BF BF) take a fifth of the regex's time."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return utf8(xml_safe(text))
    if len(data.translate(None, _CONTROL_BYTES)) == len(data) and (
        not data.count(0xEF) or (b"\xef\xbf\xbe" not in data and b"\xef\xbf\xbf" not in data)
    ):
        return data
    return utf8(xml_safe(text))
