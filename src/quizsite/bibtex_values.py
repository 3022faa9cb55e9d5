"""BibTeX field values as Pandoc's BibTeX parser reads them, for citeproc-py's parser
(bibliography.py): a bare word, and a quoted or braced string in which a backslash escapes
what follows (`"Br\\"{u}ls"` is one value, as Pandoc's `inQuotes` reads it)."""

from __future__ import annotations

from typing import Any


def bare_word(file: Any, char: str) -> str:
    """The rest of a bare BibTeX value begun by `char` (letters, digits and `-_:+./`, the
    characters Pandoc reads in one), the file left at the character after it."""
    word = ""
    restore = file.tell()
    while char and (char.isalnum() or char in "-_:+./"):
        word += char
        restore = file.tell()
        char = file.read(1)
    file.seek(restore)
    return word


def string_value(file: Any, opening: str) -> str:
    """A value in quotes or braces, its delimiters off, as Pandoc reads it: outside any brace
    of a quoted value a backslash keeps the next character (`\\"` closes nothing), inside
    braces it keeps a brace (`\\{` opens nothing); braces nest."""
    closing = '"' if opening == '"' else "}"
    text = ""
    depth = 0
    while True:
        char = file.read(1)
        if not char:
            raise ValueError("End of file while parsing string value")
        if char == "\\":
            following = file.read(1)
            if (opening == '"' and depth == 0) or following in ("{", "}"):
                text += char + following
                continue
            text += char
            char = following
            if not char:
                continue  # the end of the file, found again above
        if char == "{":
            depth += 1
        elif depth == 0 and char == closing:
            return text
        elif char == "}":
            depth -= 1
        text += char


def parse_string(_parser: Any, file: Any, opening: str) -> str:
    """citeproc-py's parser's `_parse_string`, reading as `string_value` does."""
    return string_value(file, opening)


def parse_integer(_parser: Any, file: Any, char: str) -> Any:
    """citeproc-py's parser's `_parse_integer`: a bare number, or a bare word starting with a
    digit (`pages = 523-531`) as text."""
    word = bare_word(file, char)
    return int(word) if word.isdigit() else word
