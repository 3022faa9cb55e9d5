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
