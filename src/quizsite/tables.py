"""Pandoc's tables beyond pipe tables: grid, simple and multiline tables, and table captions.

No markdown-it plugin reads these (mdit_py_plugins has none), so the block rules are ours.
They build the same tokens as markdown-it's pipe tables (`table_open`, `thead_open`, `tr_open`,
`th_open` with a `text-align` style, ...), with each cell's text parsed as Markdown blocks (a
cell of one paragraph shows no `<p>`, as Pandoc writes it). A caption (`: Caption {#tbl-x}` or
`Table: Caption`, before or after any table) becomes `table_caption_open` / inline /
`table_caption_close` right after `table_open`, its id and classes going on `table_open`;
`tbl-colwidths` and the dashes of grid and multiline tables give a `<colgroup>`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from .errors import warning
from .patterns import compile_later
from .table_captions import captions, render_caption, render_colgroup

if TYPE_CHECKING:
    from .grid_tables import Cell

_GRID_BORDER = compile_later(r"^\+(?:[-=:]+\+)+\s*$")
_GRID_ROW = compile_later(r"^[|+]")
_GRID_HINT = (
    "each line of a grid table must be as long as its top border, with '|' or '+' under each "
    "'+' of it, and each cell a closed rectangle"
)
_DASHES = compile_later(r"-+")
_DASH_GROUPS = compile_later(r"^[ \t]*-+(?:[ \t]+-+)+[ \t]*$")
_DASH_LINE = compile_later(r"^[ \t]*-{3,}[ \t]*$")


_Row: TypeAlias = "list[Cell]"  # each cell's Markdown and how many columns and rows it spans


class _Column(NamedTuple):
    """Where a column sits in the table's source lines, and how it is aligned."""

    start: int
    end: int
    align: str  # "", "left", "right" or "center"


def tables_plugin(md: MarkdownIt) -> None:
    """Register the grid, simple and multiline table rules and the caption pass."""
    # A grid table's border is unmistakable: it may end a paragraph written right above it.
    md.block.ruler.before(
        "table", "grid_table", _grid_table, {"alt": ["paragraph", "reference", "blockquote"]}
    )
    # Pandoc wants a blank line before a simple or multiline table: they interrupt nothing.
    md.block.ruler.before("hr", "dashed_table", _dashed_table, {"alt": []})
    md.core.ruler.after("block", "table_captions", captions)
    md.add_render_rule("table_caption_open", render_caption)
    md.add_render_rule("table_caption_close", render_caption)
    md.add_render_rule("table_colgroup", render_colgroup)


def _line(state: StateBlock, line: int) -> str:
    """A source line from its indentation on."""
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _first_char(state: StateBlock, line: int) -> str:
    """The first character of a line after its indentation (cheap: most blocks are prose)."""
    at = state.bMarks[line] + state.tShift[line]
    return state.src[at] if at < state.eMarks[line] else ""


def _raw_line(state: StateBlock, line: int) -> str:
    """A source line relative to the block's indentation (keeping columns in place)."""
    start = state.bMarks[line] + min(state.tShift[line], state.blkIndent)
    return state.src[start : state.eMarks[line]]


# --- Grid tables -----------------------------------------------------------------------------


def _grid_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Pandoc's grid table: `+---+---+` borders, `+===+` under the header, cells of Markdown."""
    at = state.bMarks[start] + state.tShift[start]
    if state.src[at : at + 1] != "+":
        return False
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = _line(state, start)
    # A headerless table's top border may carry the columns' alignments (`+:---:+`).
    if not first.startswith(("+-", "+:")) or not _GRID_BORDER.match(first):
        return False
    line = start + 1
    lines = [first.rstrip()]
    while line < end and _GRID_ROW.match(_line(state, line)):
        lines.append(_line(state, line).rstrip())
        line += 1
    from .grid_tables import read_grid  # here: only a document with a grid table

    grid = read_grid(lines)
    if grid is None:
        _report(state, start, "grid table", _GRID_HINT)
        return _as_code(state, start, line, silent)
    if silent:
        return True
    columns = [_Column(*column) for column in grid.columns]
    _emit(state, (start, line), columns, grid.header, grid.body, _widths(columns))
    return True


def _widths(columns: Sequence[_Column]) -> list[float]:
    """Relative column widths from the columns' lengths in the source, as Pandoc gives them."""
    total = sum(c.end - c.start for c in columns) or 1
    return [(c.end - c.start) / total for c in columns]


# --- Simple and multiline tables -------------------------------------------------------------


def _dashed_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A multiline or simple table: both have dashed rules, on the first or second line."""
    if start + 1 >= end or state.sCount[start] - state.blkIndent >= 4:
        return False
    if _first_char(state, start) != "-" and _first_char(state, start + 1) != "-":
        return False
    return _multiline_table(state, start, end, silent) or _simple_table(state, start, end, silent)


def _simple_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Pandoc's simple table: a header line over dashed column rules, one line per row."""
    headed = not _DASH_GROUPS.match(_raw_line(state, start))
    rule_line = start + 1 if headed else start
    rule = _raw_line(state, rule_line)
    if not _DASH_GROUPS.match(rule) or (headed and not _line(state, start).strip()):
        return False
    rows, line = _simple_rows(state, rule_line + 1, end, None if headed else rule)
    if not rows:
        return False
    if silent:
        return True
    header_line = _raw_line(state, start) if headed else None
    columns = _columns(rule, header_line or rows[0])
    header = [_simple_row(header_line, columns)] if header_line else []
    body = [_simple_row(row, columns) for row in rows]
    _emit(state, (start, line), columns, header, body, None)
    return True


def _simple_rows(
    state: StateBlock, line: int, end: int, closing: str | None
) -> tuple[list[str], int]:
    """A simple table's row lines from `line` to the blank line ending it, and that line;
    a headerless table's rows end with a dashed rule like its first (`closing`), or are none."""
    rows: list[str] = []
    while line < end and _line(state, line).strip():
        rows.append(_raw_line(state, line))
        line += 1
    if closing is not None:
        if not rows or rows[-1].rstrip() != closing.rstrip():
            return [], line
        rows.pop()
    return rows, line


def _multiline_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Pandoc's multiline table: rows of several lines, separated by blank lines, between rules."""
    if _first_char(state, start) != "-":
        return False
    top = _raw_line(state, start)
    headed = bool(_DASH_LINE.match(top))
    if not headed and not _DASH_GROUPS.match(top):
        return False
    found = _multiline_extent(state, start, end, headed)
    if found is None:
        return False
    rule_line, last = found
    if silent:
        return True
    rule = _raw_line(state, rule_line)
    header_lines = [_raw_line(state, n) for n in range(start + 1, rule_line)]
    body_lines = [_raw_line(state, n) for n in range(rule_line + 1, last)]
    columns = _columns(rule, header_lines[0] if header_lines else body_lines[0])
    header = [_multiline_row(header_lines, columns)] if header_lines else []
    body: list[_Row] = []
    row: list[str] = []
    for text in [*body_lines, ""]:
        if text.strip():
            row.append(text)
        elif row:
            body.append(_multiline_row(row, columns))
            row = []
    _emit(state, (start, last + 1), columns, header, body, _widths(columns))
    return True


def _multiline_extent(
    state: StateBlock, start: int, end: int, headed: bool
) -> tuple[int, int] | None:
    """(line of the column rules, line of the closing rule) of a multiline table, or None."""
    rule_line = _row_under(state, _header_rule(state, start, end) if headed else start, end)
    if rule_line is None:
        return None
    closing = _DASH_LINE if headed else _DASH_GROUPS
    line = rule_line + 1
    while line < end:
        text = _raw_line(state, line)
        if closing.match(text) and (line + 1 >= end or not _line(state, line + 1).strip()):
            # a body of one line per row with no blank line is a simple table, not this
            body = range(rule_line + 1, line)
            blank = any(not _line(state, n).strip() for n in body)
            return (rule_line, line) if body and (blank or headed) else None
        if not text.strip() and line + 1 < end and not _line(state, line + 1).strip():
            return None  # two blank lines end any table
        line += 1
    return None


def _row_under(state: StateBlock, rule_line: int | None, end: int) -> int | None:
    """The rule's line when a row starts right under it, as Pandoc wants (`- - -` and then a
    blank line is a horizontal rule, not a table), else None."""
    if rule_line is None or rule_line + 1 >= end or not _line(state, rule_line + 1).strip():
        return None
    return rule_line


def _header_rule(state: StateBlock, start: int, end: int) -> int | None:
    """The line of the column rules under a multiline table's header, or None."""
    line = start + 1
    while (
        line < end and _line(state, line).strip() and not _DASH_GROUPS.match(_raw_line(state, line))
    ):
        line += 1
    if line >= end or line == start + 1 or not _DASH_GROUPS.match(_raw_line(state, line)):
        return None
    return line


def _columns(rule: str, sample: str) -> list[_Column]:
    """Columns from a dashed rule; each one's alignment from where the text of `sample` (the
    header, or the first row) sits on its dashes: flush left, flush right, neither, or both."""
    groups = list(_DASHES.finditer(rule))
    columns = []
    for n, group in enumerate(groups):
        start = 0 if n == 0 else group.start()
        end = groups[n + 1].start() if n + 1 < len(groups) else max(len(sample), group.end())
        cell = sample[start:end]
        align = ""
        if cell.strip():
            left = start + len(cell) - len(cell.lstrip()) <= group.start()
            right = start + len(cell.rstrip()) >= group.end()
            align = "" if left and right else "left" if left else "right" if right else "center"
        columns.append(_Column(start, end, align))
    return columns


def _slice(line: str, columns: Sequence[_Column], n: int) -> str:
    """The text of column `n` on one line (the last column runs to the line's end)."""
    column = columns[n]
    stop = len(line) if n + 1 == len(columns) else column.end
    return line[column.start : stop].strip()


def _simple_row(line: str, columns: Sequence[_Column]) -> _Row:
    """The cells of one line of a simple table."""
    return [(_slice(line, columns, n), 1, 1) for n in range(len(columns))]


def _multiline_row(lines: Sequence[str], columns: Sequence[_Column]) -> _Row:
    """The cells of one multiline row: each column's lines joined."""
    return [
        ("\n".join(t for t in (_slice(line, columns, n) for line in lines) if t), 1, 1)
        for n in range(len(columns))
    ]


# --- Tokens ----------------------------------------------------------------------------------


def _emit(
    state: StateBlock,
    lines: tuple[int, int],
    columns: Sequence[_Column],
    header: Sequence[_Row],
    body: Sequence[_Row],
    widths: Sequence[float] | None,
) -> None:
    """Push a table's tokens, each cell's text parsed as Markdown."""
    table = state.push("table_open", "table", 1)
    table.map = [lines[0], lines[1]]
    if widths:
        colgroup = state.push("table_colgroup", "colgroup", 0)
        colgroup.meta["widths"] = list(widths)
    for section, rows, cell_tag in (("thead", header, "th"), ("tbody", body, "td")):
        if rows:
            state.push(f"{section}_open", section, 1)
            _rows(state, rows, cell_tag, columns, lines)
            state.push(f"{section}_close", section, -1)
    state.push("table_close", "table", -1)
    state.line = lines[1]


def _rows(
    state: StateBlock,
    rows: Sequence[_Row],
    tag: str,
    columns: Sequence[_Column],
    lines: tuple[int, int],
) -> None:
    """Push the rows of a table section; a cell spanning rows keeps its columns taken below."""
    taken: dict[int, int] = {}  # column -> rows it stays taken for, by a cell from above
    for row in rows:
        state.push("tr_open", "tr", 1)
        at = 0
        for text, span, down in row:
            while taken.get(at, 0) > 0:
                at += 1
            cell = state.push(f"{tag}_open", tag, 1)
            if span > 1:
                cell.attrSet("colspan", str(span))
            if down > 1:
                cell.attrSet("rowspan", str(down))
                taken.update(dict.fromkeys(range(at, at + span), down))
            if at < len(columns) and columns[at].align:
                cell.attrSet("style", f"text-align:{columns[at].align}")
            at += span
            _cell(state, text, lines)
            state.push(f"{tag}_close", tag, -1)
        taken = {col: left - 1 for col, left in taken.items() if left > 1}
        state.push("tr_close", "tr", -1)


def _cell(state: StateBlock, text: str, lines: tuple[int, int]) -> None:
    """A cell's blocks; a lone paragraph loses its `<p>`, as in Pandoc's output."""
    if not text.strip():
        return
    tokens: list[Token] = []
    state.md.block.parse(text, state.md, state.env, tokens)
    paragraphs = [t for t in tokens if t.type == "paragraph_open" and t.level == 0]
    if len(paragraphs) == 1 and len(tokens) == 3:
        paragraphs[0].hidden = True
        tokens[2].hidden = True
    for token in tokens:
        token.level += state.level
        token.map = [lines[0], lines[1]]
    state.tokens.extend(tokens)


def _as_code(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A table we could not read, shown as the author wrote it rather than run into text."""
    if silent:
        return True
    token = state.push("code_block", "code", 0)
    token.content = "".join(_raw_line(state, n) + "\n" for n in range(start, end))
    token.map = [start, end]
    state.line = end
    return True


def _report(state: StateBlock, line: int, kind: str, hint: str) -> None:
    """Warn (once per line) about a table that could not be read."""
    found = state.env.setdefault("fenced_div_diagnostics", {})
    found.setdefault(line, warning("", line, f"cannot read this {kind}; shown as text", hint))
