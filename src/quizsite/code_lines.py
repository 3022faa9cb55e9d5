"""Line numbers and highlighted lines of a code block, as Quarto shows `code-line-numbers`
(`true`, or a line spec such as `"1,3-5"` naming the lines to highlight) and Pandoc's
`.numberLines` class with `startFrom`. Only a block asking for them pays: its highlighted
lines are numbered after Pygments has coloured them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

# `1,3-5`, with Quarto's reveal.js steps (`1-3|5`): every line some step names is marked.
_SPEC = re.compile(r"^[\s\d,|\-]*$")


class LineNumbers(NamedTuple):
    """How a block's lines are numbered: from `start`, with the `marked` lines highlighted."""

    start: int = 1
    marked: frozenset[int] = frozenset()


def line_numbers(
    values: Mapping[str, Any], classes: tuple[str, ...], document: object
) -> LineNumbers | None:
    """A block's line numbers from its own `code-line-numbers` (attribute or `#|` option) or
    `.numberLines` class, else the document's `code-line-numbers`; None when unnumbered or
    the value cannot be read."""
    value = values.get("code-line-numbers")
    if value is None and ("numberLines" in classes or "number-lines" in classes):
        value = True
    if value is None:
        value = document
    if value is None or value is False:
        return None  # the common case, decided before anything else is read
    start = _start(values.get("startFrom") or values.get("start-from"))
    if value is True or str(value).strip().lower() == "true":
        return LineNumbers(start)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or not _SPEC.match(value):
        return None  # false, or not a line spec
    return LineNumbers(start, frozenset(_lines(value)))


def _start(value: object) -> int:
    """The first line's number (`startFrom`), 1 when unset or unreadable."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else 1


def _lines(spec: str) -> set[int]:
    """The line numbers a spec names: `1,3-5` is {1, 3, 4, 5}; a reversed range counts up."""
    found: set[int] = set()
    for part in re.split(r"[,|]", spec):
        bounds = [b.strip() for b in part.split("-")]
        if len(bounds) == 1 and bounds[0].isdigit():
            found.add(int(bounds[0]))
        elif len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = sorted((int(bounds[0]), int(bounds[1])))
            found.update(range(low, min(high, low + 10_000) + 1))
    return found


def number_lines(html: str, numbers: LineNumbers) -> str:
    """Highlighted code (`<pre class="highlight"><code>…</code></pre>`) with each line led by
    its number (hidden from screen readers, left out when copying) and the marked lines,
    number and all, wrapped in `.hll`, as Pygments marks its highlighted lines."""
    head, sep, rest = html.partition("<code")
    start = rest.index(">") + 1
    body, tail = rest[start:].rsplit("</code>", 1)
    lines = body.split("\n")
    last = len(lines) - 1 if lines[-1] == "" else len(lines)  # the final newline ends a line
    width = len(str(numbers.start + last - 1))
    for i in range(last):
        number = str(numbers.start + i).rjust(width)
        line = f'<span class="linenos" aria-hidden="true">{number}</span>{lines[i]}'
        lines[i] = f'<span class="hll">{line}</span>' if i + 1 in numbers.marked else line
    pre = head.replace('class="highlight', 'class="highlight numbered', 1)
    return f"{pre}{sep}{rest[:start]}{chr(10).join(lines)}</code>{tail}"
