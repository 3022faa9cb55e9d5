"""Pandoc's grid tables read as a drawing: each cell is the rectangle its borders draw.

So a cell may span columns (a `|` missing between two of them) and rows (a `+---+` missing
under it), as Pandoc's grid tables allow. The lines must be of one length, with `|` or `+` at
both ends (a row's last column may be left open, as in Pandoc); a drawing whose rectangles
do not tile the table is not read (the caller says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

_RULE = frozenset("-=:")
_EDGE = frozenset("|+")

Cell = tuple[str, int, int]  # a cell's Markdown, and how many columns and rows it spans


@dataclass(frozen=True)
class Grid:
    """A grid table read: its columns (start, end, alignment) and its header and body rows."""

    columns: list[tuple[int, int, str]]
    header: list[list[Cell]]
    body: list[list[Cell]]


@dataclass(frozen=True)
class _Box:
    """A cell's rectangle in the table's lines (its borders' rows and columns) and its text."""

    top: int
    left: int
    bottom: int
    right: int
    text: str


def read_grid(lines: Sequence[str]) -> Grid | None:
    """The grid table the lines draw, or None when they draw none."""
    lines = _squared(lines)
    if not _framed(lines):
        return None
    boxes = _boxes(lines)
    cols = sorted({b.left for b in boxes} | {b.right for b in boxes})
    rows = sorted({b.top for b in boxes} | {b.bottom for b in boxes})
    if not boxes or sum(_area(b, rows, cols) for b in boxes) != (len(rows) - 1) * (len(cols) - 1):
        return None  # the rectangles overlap or leave holes
    rule = next((n for n in rows[:-1] if "=" in lines[n]), None)
    aligned = lines[rule] if rule is not None else lines[0]
    columns = [(a, b, _align(aligned[a + 1 : b])) for a, b in pairwise(cols)]
    table = _table_rows(boxes, rows, cols)
    split = rows.index(rule) if rule is not None else 0
    return Grid(columns, table[:split], table[split:])


def _squared(lines: Sequence[str]) -> Sequence[str]:
    """The lines with each row's closing `|` on the border's last column (Pandoc cuts rows
    at the column starts, so a last cell written a character too long or short still reads,
    and the last column may be left open: `| a | b` with no closing `|`)."""
    width = len(lines[0]) if lines else 0
    if all(len(line) == width for line in lines):
        return lines
    return [_square(line, lines[0], width) for line in lines]


def _square(line: str, top: str, width: int) -> str:
    """One line of the table closed on the border's last column when Pandoc reads it so."""
    if not line.startswith("|"):
        return line
    if len(line) < width and (not line.endswith("|") or top[len(line) - 1] == "+"):
        return line.ljust(width - 1) + "|"  # the last column left open
    text = line[:-1].rstrip() if line.endswith("|") else ""
    return text.ljust(width - 1) + "|" if 0 < len(text) < width - 1 else line


def _framed(lines: Sequence[str]) -> bool:
    """Whether the lines are three or more, of one length, each ending in `|` or `+`."""
    width = len(lines[0])
    return len(lines) >= 3 and all(len(line) == width and line[-1] in _EDGE for line in lines)


def _table_rows(
    boxes: Sequence[_Box], rows: Sequence[int], cols: Sequence[int]
) -> list[list[Cell]]:
    """The cells starting on each row of the table, left to right, with their spans."""
    table: list[list[Cell]] = [[] for _ in rows[:-1]]
    for box in sorted(boxes, key=lambda b: (b.top, b.left)):
        across = cols.index(box.right) - cols.index(box.left)
        table[rows.index(box.top)].append((box.text, across, _area(box, rows, cols) // across))
    return table


def _boxes(lines: Sequence[str]) -> list[_Box]:
    """Every cell drawn: one at each `+` with a border going right and an edge going down."""
    boxes = []
    for top, line in enumerate(lines[:-1]):
        for left in range(len(line) - 1):
            if line[left] == "+" and line[left + 1] in _RULE and lines[top + 1][left] in _EDGE:
                box = _box(lines, top, left)
                if box is not None:  # else a `+-` in a cell's text; the tiling check decides
                    boxes.append(box)
    return boxes


def _box(lines: Sequence[str], top: int, left: int) -> _Box | None:
    """The cell whose top left corner is the `+` at (top, left), or None if it is not closed."""
    line = lines[top]
    right = left + 1
    while True:  # the first `+` along the top with an edge going down from it
        while right < len(line) and line[right] in _RULE:
            right += 1
        if right >= len(line) or line[right] != "+":
            return None
        if lines[top + 1][right] in _EDGE:
            break
        right += 1
    bottom = top + 1
    while bottom < len(lines) and not _closes(lines[bottom], left, right):
        if lines[bottom][left] not in _EDGE:
            return None
        bottom += 1
    if bottom >= len(lines) or any(lines[n][right] not in _EDGE for n in range(top, bottom)):
        return None
    return _Box(
        top, left, bottom, right, _text([row[left + 1 : right] for row in lines[top + 1 : bottom]])
    )


def _closes(line: str, left: int, right: int) -> bool:
    """Whether `line` draws the bottom border of a cell between the columns `left`, `right`."""
    return (
        line[left] == "+"
        and line[right] == "+"
        and all(c in _RULE or c == "+" for c in line[left + 1 : right])
    )


def _text(parts: Sequence[str]) -> str:
    """A cell's lines dedented together, as a block of Markdown."""
    indent = min((len(p) - len(p.lstrip()) for p in parts if p.strip()), default=0)
    return "\n".join(p[indent:].rstrip() for p in parts).strip("\n")


def _area(box: _Box, rows: Sequence[int], cols: Sequence[int]) -> int:
    """How many grid units a cell covers."""
    height = rows.index(box.bottom) - rows.index(box.top)
    return height * (cols.index(box.right) - cols.index(box.left))


def _align(rule: str) -> str:
    """Alignment from the colons of a border segment (`:---`, `---:`, `:---:`)."""
    left, right = rule.startswith(":"), rule.endswith(":")
    return "center" if left and right else "left" if left else "right" if right else ""
