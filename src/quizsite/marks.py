"""Cheap tests of whether a document's text holds a mark of some syntax.

`mark in text` compares along the whole text when the mark is longer than one character (the
common case: the text does not hold it), where `str.find` of one character is a `memchr`. A
mark is looked for at each place of one of its characters instead, a rare one (`{` of `{{<`):
a text without that character costs one `memchr`.
"""

from __future__ import annotations


def holds(text: str, mark: str, at: int = 0) -> bool:
    """Whether `text` holds `mark`, found through the character `mark[at]`."""
    char = mark[at]
    place = text.find(char, at)
    while place >= 0:
        if text.startswith(mark, place - at):
            return True
        place = text.find(char, place + 1)
    return False
