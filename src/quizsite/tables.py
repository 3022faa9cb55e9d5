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

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .attributes import apply, parse_braces
from .errors import warning

_GRID_BORDER = re.compile(r"^\+(?:[-=:]+\+)+\s*$")
_GRID_ROW = re.compile(r"^[|+]")
_CAPTION_LINE = re.compile(r"^[ \t]*(?::|[Tt]able:)[ \t]", re.MULTILINE)
_GRID_HINT = (
    "each line of a grid table must be as long as its top border, with '|' or '+' under each "
    "'+' of it; cells spanning rows are not supported (a pipe table may do)"
)
_DASHES = re.compile(r"-+")
_DASH_GROUPS = re.compile(r"^[ \t]*-+(?:[ \t]+-+)+[ \t]*$")
_DASH_LINE = re.compile(r"^[ \t]*-{3,}[ \t]*$")
# `: caption` (a colon followed by punctuation is not one) or `Table: caption`.
_CAPTION = re.compile(r"^(?::(?![\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e])|[Tt]able:)[ \t]*")


_Row = list[tuple[str, int]]  # each cell's Markdown and how many columns it spans


@dataclass(frozen=True, slots=True)
class _Column:
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
    md.core.ruler.after("block", "table_captions", _captions)
    md.add_render_rule("table_caption_open", _render_caption)
    md.add_render_rule("table_caption_close", _render_caption)
    md.add_render_rule("table_colgroup", _render_colgroup)


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
    if not first.startswith("+-") or not _GRID_BORDER.match(first):
        return False
    line = start + 1
    lines = [first.rstrip()]
    while line < end and _GRID_ROW.match(_line(state, line)):
        lines.append(_line(state, line).rstrip())
        line += 1
    table = _read_grid(lines)
    if table is None:
        _report(state, start, "grid table", _GRID_HINT)
        return _as_code(state, start, line, silent)
    if silent:
        return True
    columns, header, body = table
    _emit(state, (start, line), columns, header, body, _widths(columns))
    return True


def _read_grid(lines: Sequence[str]) -> tuple[list[_Column], list[_Row], list[_Row]] | None:
    """Columns, header rows and body rows of a grid table's lines, or None when they do not
    line up (a cell spanning rows is not read either)."""
    border = lines[0]
    if not lines[-1].startswith("+") or len(lines) < 3:
        return None
    bounds = [i for i, c in enumerate(border) if c == "+"]
    if any(len(line) != len(border) or line[-1] not in "|+" for line in lines):
        return None
    rule = next((line for line in lines if "=" in line and _GRID_BORDER.match(line)), border)
    columns = [_Column(a, b, _colon_align(rule[a + 1 : b])) for a, b in pairwise(bounds)]
    rows: list[_Row] = []
    header: list[_Row] = []
    current: list[str] = []
    for line in lines[1:]:
        if _GRID_BORDER.match(line):
            if not current or [i for i, c in enumerate(line) if c == "+"] != bounds:
                return None
            rows.append(_grid_cells(current, bounds))
            current = []
            if "=" in line:
                header, rows = rows, []
        elif line[0] == "|":
            current.append(line)
        else:
            return None
    return columns, header, rows


def _grid_cells(lines: Sequence[str], bounds: Sequence[int]) -> _Row:
    """The cells of one grid row (text dedented as a block, and how many columns each spans):
    a column boundary missing from every line of the row is inside a cell."""
    kept = [b for b in bounds if all(line[b] in "|+" for line in lines)]
    cells = []
    for a, b in pairwise(kept):
        parts = [line[a + 1 : b] for line in lines]
        indent = min((len(p) - len(p.lstrip()) for p in parts if p.strip()), default=0)
        text = "\n".join(p[indent:].rstrip() for p in parts).strip("\n")
        cells.append((text, bounds.index(b) - bounds.index(a)))
    return cells


def _colon_align(rule: str) -> str:
    """Alignment from the colons of a border segment (`:---`, `---:`, `:---:`)."""
    left, right = rule.startswith(":"), rule.endswith(":")
    return "center" if left and right else "left" if left else "right" if right else ""


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
    line = rule_line + 1
    rows: list[str] = []
    while line < end and _line(state, line).strip():
        rows.append(_raw_line(state, line))
        line += 1
    if not headed:  # headerless: the rows end with a dashed rule like the first
        if not rows or rows[-1].rstrip() != rule.rstrip():
            return False
        rows.pop()
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
    rule_line = start
    if headed:
        line = start + 1
        while (
            line < end
            and _line(state, line).strip()
            and not _DASH_GROUPS.match(_raw_line(state, line))
        ):
            line += 1
        if line >= end or line == start + 1 or not _DASH_GROUPS.match(_raw_line(state, line)):
            return None
        rule_line = line
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
    return [(_slice(line, columns, n), 1) for n in range(len(columns))]


def _multiline_row(lines: Sequence[str], columns: Sequence[_Column]) -> _Row:
    """The cells of one multiline row: each column's lines joined."""
    return [
        ("\n".join(t for t in (_slice(line, columns, n) for line in lines) if t), 1)
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
        if not rows:
            continue
        state.push(f"{section}_open", section, 1)
        for row in rows:
            state.push("tr_open", "tr", 1)
            at = 0
            for text, span in row:
                cell = state.push(f"{cell_tag}_open", cell_tag, 1)
                if span > 1:
                    cell.attrSet("colspan", str(span))
                if columns[at].align:
                    cell.attrSet("style", f"text-align:{columns[at].align}")
                at += span
                _cell(state, text, lines)
                state.push(f"{cell_tag}_close", cell_tag, -1)
            state.push("tr_close", "tr", -1)
        state.push(f"{section}_close", section, -1)
    state.push("table_close", "table", -1)
    state.line = lines[1]


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


# --- Captions --------------------------------------------------------------------------------


def _captions(state: StateCore) -> None:
    """Move a `: Caption` paragraph next to a table into the table, with its attributes."""
    tokens = state.tokens
    # Most documents have no table: a walk of the tokens costs less than the regex over the text.
    if not any(t.type == "table_open" for t in tokens) or not _CAPTION_LINE.search(state.src):
        return
    i = 0
    while i < len(tokens):
        if tokens[i].type == "table_open":
            close = _close_of(tokens, i)
            caption = _caption_after(state, tokens, close) or _caption_before(tokens, i)
            if caption is not None:
                i = _attach(tokens, i, caption)
        i += 1


def _close_of(tokens: Sequence[Token], start: int) -> int:
    """Index of the token closing the one opened at `start`."""
    depth = 0
    for n in range(start, len(tokens)):
        depth += tokens[n].nesting
        if depth == 0:
            return n
    return len(tokens) - 1


def _is_caption(tokens: Sequence[Token], at: int, level: int) -> bool:
    """Whether a paragraph at `at` (on `level`) starts as a table caption."""
    return (
        at >= 0
        and at + 2 < len(tokens)
        and tokens[at].type == "paragraph_open"
        and tokens[at].level == level
        and _CAPTION.match(tokens[at + 1].content) is not None
    )


def _caption_after(state: StateCore, tokens: list[Token], close: int) -> Token | None:
    """The caption paragraph after a table (taken out of the stream), or a last pipe-table row
    that is really a caption written right under the table."""
    level = tokens[close].level
    if _is_caption(tokens, close + 1, level):
        inline = tokens[close + 2]
        del tokens[close + 1 : close + 4]
        return inline
    return _caption_row(state, tokens, close)


def _caption_before(tokens: list[Token], start: int) -> Token | None:
    """The caption paragraph right before a table (taken out of the stream)."""
    if start >= 3 and _is_caption(tokens, start - 3, tokens[start].level):
        inline = tokens[start - 2]
        del tokens[start - 3 : start]
        return inline
    return None


def _caption_row(state: StateCore, tokens: list[Token], close: int) -> Token | None:
    """markdown-it reads `: Caption` right under a pipe table as a row without pipes."""
    row_close = close - 2
    if row_close < 0 or tokens[row_close].type != "tr_close":
        return None
    row_open = row_close
    while row_open > 0 and tokens[row_open].type != "tr_open":
        row_open -= 1
    line = (tokens[row_open].map or [-1])[0]
    lines = state.src.split("\n")
    if not 0 <= line < len(lines):
        return None
    text = lines[line].strip()
    if "|" in text or not _CAPTION.match(text):
        return None
    inline = Token("inline", "", 0, content=text, children=[], map=[line, line + 1])
    del tokens[row_open : row_close + 1]
    if tokens[row_open - 1].type == "tbody_open" and tokens[row_open].type == "tbody_close":
        del tokens[row_open - 1 : row_open + 1]
    return inline


def _attach(tokens: list[Token], start: int, inline: Token) -> int:
    """Put the caption right after `table_open` (found again at or before `start`)."""
    while tokens[start].type != "table_open":
        start -= 1
    table = tokens[start]
    text = _CAPTION.sub("", inline.content, count=1).rstrip()
    brace = text.rfind("{")
    while brace >= 0:
        parsed = parse_braces(text, brace)
        if parsed is not None and parsed[1] == len(text):
            apply(table, parsed[0])
            text = text[:brace].rstrip()
            break
        brace = text.rfind("{", 0, brace)
    inline.content = text
    inline.level = table.level + 2
    opening = Token("table_caption_open", "caption", 1, block=True, level=table.level + 1)
    closing = Token("table_caption_close", "caption", -1, block=True, level=table.level + 1)
    tokens[start + 1 : start + 1] = [opening, inline, closing]
    _colwidths(tokens, start)
    return start + 3


def _colwidths(tokens: list[Token], start: int) -> None:
    """`tbl-colwidths="[60,40]"` on the table: its columns' widths, as percentages."""
    value = tokens[start].attrGet("tbl-colwidths")
    if value is None:
        return
    try:
        widths = [float(w) for w in json.loads(str(value))]
    except (ValueError, TypeError):
        return
    total = sum(widths)
    if not widths or total <= 0:
        return
    after = start + 4  # table_open, caption open, inline, caption close
    colgroup = Token("table_colgroup", "colgroup", 0, block=True)
    colgroup.meta["widths"] = [w / total for w in widths]
    if after < len(tokens) and tokens[after].type == "table_colgroup":
        tokens[after] = colgroup
    else:
        tokens.insert(after, colgroup)


def _render_caption(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """`<caption>`, as the table's first child."""
    return "<caption>" if tokens[idx].nesting == 1 else "</caption>\n"


def _render_colgroup(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Column widths as Pandoc writes them."""
    cols = "".join(
        f'<col style="width: {round(w * 100)}%" />\n' for w in tokens[idx].meta["widths"]
    )
    return f"<colgroup>\n{cols}</colgroup>\n"
