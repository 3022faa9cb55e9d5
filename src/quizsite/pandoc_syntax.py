"""Pandoc's inline and block syntax beyond CommonMark, as Quarto renders it.

Sub- and superscript, definition lists and task lists come from mdit_py_plugins; line blocks
(`| line`) and Pandoc's fancy list markers (`A.`, `a)`, `(ii)`, `#.`) are ours. Fancy markers are
rewritten in the source, before block parsing, to decimal markers of the same width (so that
markdown-it's list rule, indentation included, does the work), and the lists they open get the
`type` and `start` Pandoc gives them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from .empty_definitions import empty_definitions_plugin
from .html_blocks import html_markdown_plugin
from .marker_spans import SPAN_MARKS, spanned_lines
from .nested_scripts import nested_scripts_plugin
from .pandoc_emphasis import pandoc_emphasis_plugin
from .patterns import compile_later

# A line that may start a fancy list item: marker, then a space (or the end of the line).
_FANCY = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>\((?P<p>[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+|\d{1,8}|#|@[\w-]*)\)"
    r"|(?P<m>[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+|#)(?P<delim>[.)]))(?P<space>[ \t]+|$)",
    re.MULTILINE,
)
# A marker anywhere in "\n" + text, in a blockquote too: a pattern starting with a literal
# searches far faster than one starting with `^`. The quote marks are taken possessively: a
# space between two `>` could go to either, and backtracking over both is exponential.
_FANCY_ANYWHERE = re.compile("\n(?:[ ]{0,3}>[ ]?)*+" + _FANCY.pattern[1:], re.MULTILINE)
_ROMAN = compile_later(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$", re.I)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ROMAN_TABLE = tuple(
    zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
        strict=True,
    )
)
_BULLET_OR_NUMBER = compile_later(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}(?P<delim>[.)]))(?:[ \t]|$)")
_QUOTE = compile_later(r"(?:[ ]{0,3}>[ ]?)+")
_EXAMPLE_REF = compile_later(r"(?<![\w@])@([\w-]+)")
_FENCE = compile_later(r"^[ \t]{0,3}(`{3,}|~{3,})")
_TASK = re.compile(r"\[[ xX]\] ")
_LINE_BLOCK = compile_later(r"\|(?: |$)")


def pandoc_syntax_plugin(md: MarkdownIt) -> None:
    """Register sub/superscript, definition and task lists, line blocks and fancy lists."""
    md.use(pandoc_emphasis_plugin)  # `*` opens and closes as Pandoc reads it (CJK text)
    md.use(sub_plugin)
    md.use(superscript_plugin)
    md.use(nested_scripts_plugin)  # Markdown inside them, as Pandoc reads it
    md.use(deflist_plugin)
    md.use(empty_definitions_plugin)  # `: ` alone on its line, the definition indented below
    # Disabled checkboxes (a page records nothing), each labelled by its item's text; where
    # mdit_py_plugins' tasklists_plugin puts its rule.
    md.core.ruler.after("inline", "github-tasklists", _task_lists)
    md.block.ruler.after("table", "line_block", _line_block, {"alt": []})
    md.core.ruler.after("normalize", "fancy_markers", _fancy_markers)
    md.core.ruler.after("block", "fancy_lists", _fancy_lists)
    md.use(html_markdown_plugin)  # runs before fancy_lists: lists inside HTML get their type
    md.core.ruler.after("inline", "line_breaks", _line_breaks)
    md.core.ruler.after("line_breaks", "example_references", _example_references)
    md.add_render_rule("line_block_open", _render_line_block)
    md.add_render_rule("line_block_close", _render_line_block)


def _task_lists(state: StateCore) -> None:
    """GitHub task lists (`- [ ] item`), in a document that may hold one."""
    if _TASK.search(state.src) is not None:
        _task_list_rule()(state)


@cache
def _task_list_rule() -> Callable[[StateCore], None]:
    """mdit_py_plugins' task list rule, made once on a parser of its own (the rule reads only
    the state it is given): the plugin imports uuid, and with it platform, which a document
    without a task list never needs."""
    from mdit_py_plugins.tasklists import tasklists_plugin

    scratch = MarkdownIt("zero")
    tasklists_plugin(scratch, enabled=False, label=True)
    rule: Callable[[StateCore], None] = next(
        r.fn for r in scratch.core.ruler.__rules__ if r.name == "github-tasklists"
    )
    return rule


# --- Line blocks -----------------------------------------------------------------------------


def _line_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Pandoc's line block: lines starting `| ` keep their breaks and leading spaces."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = state.bMarks[start] + state.tShift[start]
    if not _LINE_BLOCK.match(state.src, first, state.eMarks[start]):
        return False
    if silent:
        return True
    lines: list[str] = []
    line = start
    while line < end:
        begin, stop = state.bMarks[line] + state.tShift[line], state.eMarks[line]
        text = state.src[begin:stop]
        if _LINE_BLOCK.match(text):
            body = text[2:]
            stripped = body.lstrip(" ")
            lines.append("\u00a0" * (len(body) - len(stripped)) + stripped)
        elif text and state.sCount[line] > state.blkIndent and lines:
            lines[-1] += " " + text.strip()  # a continuation line (starts with a space)
        else:
            break
        line += 1
    opening = state.push("line_block_open", "div", 1)
    opening.map = [start, line]
    inline = state.push("inline", "", 0)
    inline.content = "\n".join(lines)
    inline.map = [start, line]
    inline.children = []
    inline.meta["line_block"] = True
    state.env["line_blocks"] = True
    state.push("line_block_close", "div", -1)
    state.line = line
    return True


def _line_breaks(state: StateCore) -> None:
    """Every line of a line block ends in a hard break."""
    if not state.env.pop("line_blocks", False):
        return
    for token in state.tokens:
        if token.type == "inline" and token.meta.get("line_block"):
            for child in token.children or []:
                if child.type == "softbreak":
                    child.type, child.tag = "hardbreak", "br"


def _render_line_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A line block as Pandoc writes it: `<div class="line-block">`."""
    return '<div class="line-block">' if tokens[idx].nesting == 1 else "</div>\n"


# --- Fancy lists -----------------------------------------------------------------------------


def _fancy_markers(state: StateCore) -> None:
    """Rewrite fancy list markers to decimal ones of the same width, noting each list's style."""
    if _FANCY_ANYWHERE.search("\n" + state.src) is None:
        return
    scan = _MarkerScan(state.src.split("\n"))
    for n in range(len(scan.lines)):
        scan.line(n)
    if scan.styles:
        state.src = "\n".join(scan.lines)
        state.env["fancy_lists"] = scan.styles
    if scan.labels:
        state.env["example_labels"] = scan.labels


class _MarkerScan:
    """The lines of a document, read in order for list markers (outside code, inside quotes)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.styles: dict[int, tuple[str, int]] = {}  # line -> (style, number) of a new list
        self.labels: dict[str, int] = {}  # example label -> its number
        self.examples = 0  # the last example's number: they count through the document
        # indent -> (style, delimiter as written by the author, delimiter we wrote) of the
        # ordered list open at that indent
        self.current: dict[int, tuple[str, str, str]] = {}
        self.previous = ""
        self.fence = ""
        self.quote = ""  # the `>` markers of the lines being read
        self.listed = False  # inside a list: a marker there starts an item without a blank line
        self.spanned: set[int] = set()  # lines starting inside a formula or code span
        self.read_to = -1  # the last line read for spans

    def line(self, n: int) -> None:
        """Read line `n`, rewriting a fancy marker on it."""
        prefix, line = self._unquote(self.lines[n])
        if self._in_fence(line) or n in self.spanned:
            self.previous = line  # code, or inside a formula or code span: no marker
            return
        found = _FANCY.match(line)
        starts = not self.previous.strip() or self.previous.lstrip().startswith("#") or self.listed
        if found and not self.listed and len(found["indent"].expandtabs(4)) >= 4:
            found = None  # indented code outside a list: its text is not to be touched
        marker = self._marker(found, n) if found and starts else None
        if marker is not None and found is not None:
            self.lines[n] = prefix + self._rewrite(line, found, n, marker)
        else:
            self._other(line, starts)
        self.previous = line
        if n > self.read_to and re.search(SPAN_MARKS, line):
            # Pandoc reads a list item's code spans after its lines: not asked for there.
            spanned, self.read_to = spanned_lines(self.lines, n, code=not self.listed)
            self.spanned |= spanned

    def _unquote(self, full: str) -> tuple[str, str]:
        """A line's blockquote markers and its text; lists start anew in or out of a quote,
        but a line leaving a quote's paragraph continues it (a lazy line) and starts nothing."""
        quote = _QUOTE.match(full)
        prefix = quote[0] if quote else ""
        level = prefix.replace(" ", "")
        if level != self.quote:
            lazy = len(level) < len(self.quote) and self.previous.strip() and not self.listed
            self.quote = level
            self.listed, self.current = False, {}
            self.previous = self.previous if lazy else ""
        return prefix, full[len(prefix) :]

    def _other(self, line: str, starts: bool) -> None:
        """A line without a fancy marker: a bullet or decimal item, or text that ends lists."""
        if (decimal := _BULLET_OR_NUMBER.match(line)) and (starts or self.listed):
            if decimal["delim"]:
                delim = decimal["delim"]
                self._open(len(decimal["indent"].expandtabs(4)), ("1", delim, delim))
            self.listed = True
        elif line.strip() and not self.previous.strip() and not line.startswith((" ", "\t")):
            self.listed, self.current = False, {}  # an unindented paragraph ends lists

    def _in_fence(self, line: str) -> bool:
        """Whether `line` opens, is inside or closes a fenced code block."""
        match = _FENCE.match(line)
        if not self.fence and not match:
            return False
        if not self.fence:
            self.fence = match[1] if match else ""
        elif line.strip().startswith(self.fence) and not line.strip().strip(self.fence[0]):
            self.fence = ""
        return True

    def _marker(self, found: re.Match[str], n: int) -> tuple[str, int, bool] | None:
        """(list type, number, opens a list) for a fancy marker; examples count on."""
        text = found["p"] or ""
        if not text.startswith("@"):
            return _read_marker(found, self.lines, n, self.current)
        open_list = self.current.get(len(found["indent"].expandtabs(4)))
        self.examples += 1
        if len(text) > 1:
            self.labels.setdefault(text[1:], self.examples)
        return ("example", self.examples, not open_list or open_list[0] != "example")

    def _rewrite(
        self, line: str, found: re.Match[str], n: int, marker: tuple[str, int, bool]
    ) -> str:
        """The line with its marker made decimal, the list it opens or continues noted."""
        style, number, first = marker
        indent = len(found["indent"].expandtabs(4))
        delim = _delimiter(found, self.current.get(indent), first)
        self._open(indent, (style, _form(found), delim))
        if first:
            self.styles[n] = (style, number)
        self.listed = True
        return _decimal(line, found, delim)

    def _open(self, indent: int, open_list: tuple[str, str, str]) -> None:
        """Note the list open at `indent`, closing any deeper ones."""
        self.current = {k: v for k, v in self.current.items() if k < indent}
        self.current[indent] = open_list


def _read_marker(
    found: re.Match[str], lines: Sequence[str], n: int, current: dict[int, tuple[str, str, str]]
) -> tuple[str, int, bool] | None:
    """(list type, number, opens a list) for a fancy marker, or None when it is not one."""
    text = found["p"] or found["m"]
    delim = found["delim"] or "()"
    indent = len(found["indent"].expandtabs(4))
    open_list = current.get(indent)
    # An item continues the open list only with the same kind of delimiter, as in Pandoc.
    open_style = open_list[0] if open_list and open_list[1] == _form(found) else None
    if text == "#":
        return ("1", 1, open_style is None)
    if text.isdigit():
        return ("1", int(text), open_style != "1")
    style = _style(text, open_style)
    if style is None:
        return None
    number = _value(text, style)
    if (
        delim == "."
        and len(text) == 1
        and text.isupper()
        and found["space"] == " "
        and open_style != style
        and not _next_item_follows(lines, n, found["indent"], marker_text(number + 1, style))
    ):
        # Pandoc asks two spaces after a capital letter and a period, so that initials
        # ("B. Russell") stay text; one space will do when the next item follows.
        return None
    return (style, number, open_style != style)


def _style(text: str, open_style: str | None) -> str | None:
    """The list type of a marker's text, continuing the open list's style where it fits."""
    alpha = "A" if text.isupper() else "a"
    roman = "I" if text.isupper() else "i"
    if open_style == alpha and len(text) == 1:
        return alpha
    if open_style == roman and _ROMAN.match(text):
        return roman
    if len(text) == 1 and text.lower() != "i":
        return alpha  # Pandoc reads a lone letter other than i as a letter, not a numeral
    return roman if _ROMAN.match(text) else None


def marker_value(text: str, style: str) -> int | None:
    """The number a list marker's text (`B`, `iv`, `3`) stands for in a list of type `style`
    (`1`, `A`, `a`, `I`, `i`), or None when it is no marker of that type."""
    if text.isdigit() and len(text) <= 9:
        return int(text)
    if style in ("A", "a") and len(text) == 1 and text.isalpha() and text.isascii():
        return _value(text, style)
    if style in ("I", "i") and text and _ROMAN.match(text):
        return _value(text, style)
    return None


def _value(text: str, style: str) -> int:
    """The number a marker stands for."""
    if style in ("A", "a"):
        return ord(text.lower()) - ord("a") + 1
    total = 0
    values = [_ROMAN_VALUES[c] for c in text.lower()]
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and values[i + 1] > value else value
    return total


def marker_text(number: int, style: str) -> str:
    """How a list of type `style` writes `number` (letters past Z are not markers)."""
    if style in ("A", "a"):
        letter = chr(ord("A") + number - 1) if 1 <= number <= 26 else ""
        return letter if style == "A" else letter.lower()
    if style == "1" or number < 1:
        return str(number)
    numeral = ""
    for value, letters in _ROMAN_TABLE:
        count, number = divmod(number, value)
        numeral += letters * count
    return numeral if style == "I" else numeral.lower()


def _next_item_follows(lines: Sequence[str], n: int, indent: str, following: str) -> bool:
    """Whether a later line at the same indent starts with the marker `following`."""
    wanted = f"{indent}{following}. "
    return bool(following) and any(line.startswith(wanted) for line in lines[n + 1 : n + 200])


def _form(found: re.Match[str]) -> str:
    """How the author delimits a marker: `.`, `)` or `()`."""
    marker = found["marker"]
    return "()" if marker.startswith("(") else marker[-1]


def _delimiter(found: re.Match[str], open_list: tuple[str, str, str] | None, first: bool) -> str:
    """The delimiter to write: the list's own, or, for a list right after another at the same
    indent, one the other did not use (CommonMark starts a new list only when it changes; Pandoc
    does when the style does)."""
    if not first and open_list is not None:
        return open_list[2]
    delim = ")" if found["marker"].startswith("(") else found["marker"][-1]
    if open_list is not None and open_list[2] == delim:
        return "." if delim == ")" else ")"
    return delim


def _decimal(line: str, found: re.Match[str], delim: str) -> str:
    """The line with its marker replaced by a decimal one of the same width."""
    marker = found["marker"]
    return (
        line[: found.start("marker")]
        + "1".rjust(len(marker) - 1, "0")
        + delim
        + line[found.end("marker") :]
    )


def _fancy_lists(state: StateCore) -> None:
    """Give the lists that fancy markers opened Pandoc's `type` and `start`."""
    styles: dict[int, tuple[str, int]] | None = state.env.pop("fancy_lists", None)
    if not styles:
        return
    for token in state.tokens:
        if token.type != "ordered_list_open" or not token.map:
            continue
        found = styles.get(token.map[0])
        if found is None:
            continue
        style, number = found
        if number != 1:
            token.attrSet("start", number)
        elif token.attrGet("start") is not None:
            token.attrs.pop("start")
        if style == "example":  # Pandoc's example list: numbered through the document
            token.attrJoin("class", "example")
            token.attrSet("type", "1")
        elif style != "1":
            token.attrSet("type", style)


def _example_references(state: StateCore) -> None:
    """`(@good)` in text: the number of the example labelled `good`, as Pandoc writes it."""
    labels: dict[str, int] | None = state.env.pop("example_labels", None)
    if not labels:
        return
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "text" and "@" in child.content:
                child.content = _EXAMPLE_REF.sub(
                    lambda m: str(labels.get(m[1], m[0])), child.content
                )
