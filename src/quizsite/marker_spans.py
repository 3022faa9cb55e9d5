"""The lines a paragraph's formula or code span runs over, which hold no list marker:

    $$
    f(x) = \\begin{cases} 1 & x
    > y. \\\\
    0 & \\text{else} \\end{cases}
    $$

Pandoc reads a formula (`$…$`, `$$…$$`, a `\\begin{…}` environment) and a code span whole
before it looks at the lines inside for blocks, so `> y.` above is TeX, not a quote holding
the lettered item `y.`. The fancy-list pre-pass (pandoc_syntax.py) rewrites markers in the
source before any parsing, so it asks here which lines start inside such a span and leaves
them alone. A span is read as Pandoc reads it: in one paragraph (no blank line inside) but
for an environment, which runs to its `\\end` past blank lines; a `$` opens a formula only
before a non-space and closes one only after a non-space and before no digit; a delimiter
with no closer is text. Pandoc reads a list item's code span after its lines (a marker
inside one starts a sublist), so there code spans are not asked for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Patterns compiled on first use (re's cache): only a document with a fancy list marker asks.
# Where a span may start: an escaped character (skipped), a backtick run, `$$`, `$`, an
# environment's `\begin{name}`.
_OPENER = r"\\begin\{([A-Za-z]+\*?)\}|\\[\s\S]|(`+)|\$\$|\$"
# Characters without which a line starts no span.
SPAN_MARKS = r"[$`]|\\begin\{"
_QUOTE_MARKS = " \t>"
_FAR = 500  # lines an environment's `\end` is looked for past its paragraph


def spanned_lines(lines: Sequence[str], start: int, code: bool) -> tuple[set[int], int]:
    """The lines after `start` whose starts lie inside a span opened in the paragraph that
    `start` begins or continues (code spans only if `code`), and the last line read."""
    end = start
    while end + 1 < len(lines) and lines[end + 1].strip(_QUOTE_MARKS):
        end += 1
    text = "\n".join(lines[start : end + 1])
    covered: set[int] = set()
    at = 0
    while (found := re.compile(_OPENER).search(text, at)) is not None:
        close = _closer(text, found, code)
        if close is None:
            at = found.end()
            continue
        if close < 0:  # an environment closed past its paragraph
            far = _environment_end(lines, start + text.count("\n", 0, found.start()), found[1])
            if far is None:
                at = found.end()
                continue
            first = start + text.count("\n", 0, found.start()) + 1
            return covered | set(range(first, far + 1)), far
        first = start + text.count("\n", 0, found.start()) + 1
        covered.update(range(first, start + text.count("\n", 0, close) + 1))
        at = close
    return covered, end


def _closer(text: str, found: re.Match[str], code: bool) -> int | None:
    """Where the span `found` opens ends in `text` (-1: past the paragraph, for an
    environment), or None when `found` opens none."""
    opener = found[0]
    if found[1]:
        end = text.find("\\end{" + found[1] + "}", found.end())
        return end + len(found[1]) + 6 if end >= 0 else -1
    if opener.startswith("\\"):
        return None
    if found[2]:
        ticks = re.compile(r"(?<!`)" + opener + r"(?!`)")
        close = ticks.search(text, found.end())
        if close is None or not (code or "\n" not in text[found.end() : close.start()]):
            return None
        return close.end()
    if opener == "$$":
        end = text.find("$$", found.end())
        return end + 2 if end >= 0 else None
    return _dollar_closer(text, found.end())


def _dollar_closer(text: str, at: int) -> int | None:
    """The end of the inline formula whose `$` ends at `at`, or None when it opens none."""
    if at >= len(text) or text[at].isspace():
        return None
    end = at
    while (end := text.find("$", end + 1)) >= 0:
        if text[end - 1] == "\\" or text[end - 1].isspace():
            continue
        if end + 1 < len(text) and text[end + 1].isdigit():
            continue
        return end + 1
    return None


def _environment_end(lines: Sequence[str], line: int, name: str) -> int | None:
    """The line of the `\\end{name}` closing an environment begun on `line`, if near."""
    end = "\\end{" + name + "}"
    for n in range(line + 1, min(len(lines), line + _FAR)):
        if end in lines[n]:
            return n
    return None
