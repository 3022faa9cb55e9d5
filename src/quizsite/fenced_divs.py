"""markdown-it plugin for Pandoc fenced divs (`::: {.class}`) and Quarto callouts.

Pandoc's rules, which Quarto follows: an opener is 3+ colons and an attribute block or one bare
word; a closer is 3+ colons alone and closes the innermost open div whatever its length; colons
inside fenced code are code. Where Pandoc silently turns an unclosed div into text, we report it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .attributes import data_key
from .errors import Diagnostic, warning
from .errors import error as make_error
from .model import HIDDEN_KIND_CLASS
from .ui_words import WORDS_KEY

CALLOUT_TYPES = ("note", "tip", "warning", "caution", "important")
# Deeper nesting than this is certainly a mistake, and would exhaust Python's stack.
MAX_DIV_DEPTH = 40

# Quoted attribute values may hold braces (`title="The set {1, 2}"`) and escaped quotes (`\"`),
# written as runs between escapes; the possessive groups keep the match linear however many
# quotes a line has.
_OPEN = re.compile(
    r"""^(:{3,})[ \t]*(?:\{(?P<attrs>(?:"[^"\\]*+(?:\\.[^"\\]*+)*+"|'[^'\\]*+(?:\\.[^'\\]*+)*+'|[^{}])*+)\}"""
    r"""|(?P<word>[^\s{}:][^\s{}]*))[ \t]*:*[ \t]*$"""
)
# An opener whose attributes do not close on its line: Pandoc lets a quoted value run onto the
# next lines (knitr writes `tbl-cap='…\n'` for a `|` caption), each line break read as a space.
_OPEN_UNCLOSED = re.compile(r"^:{3,}[ \t]*\{[^}]*$")
_MAX_OPENER_LINES = 8
# Pandoc's backslash escapes in a quoted value: ASCII punctuation only (`\p` stays as written).
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_CLOSE = re.compile(r"^:{3,}[ \t]*$")
_CODE_FENCE = re.compile(r"^(`{3,}|~{3,})")
# What a line that opens or closes a code fence, a div or an HTML comment starts with.
_MARKS = ("`", "~", ":", "<")
_ATTR = re.compile(
    r"""\s*(?:\#(?P<id>[^\s}]+)|\.(?P<cls>[^\s}]+)|(?P<key>[\w:-][\w:.-]*)=(?:"(?P<dq>[^"\\]*(?:\\.[^"\\]*)*)"|'(?P<sq>[^'\\]*(?:\\.[^'\\]*)*)'|(?P<bare>[^\s}]+))|(?P<word>[^\s}=]+))"""
)


class DivAttributes(NamedTuple):
    """The `{#id .class key=value}` block of a fenced div."""

    id: str = ""
    classes: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        """The value of a key=value attribute, or `default`."""
        return next((v for k, v in self.attributes if k == key), default)


@dataclass(slots=True)
class Callout:
    """How one callout renders; filled in by the core rule, read by the render rules."""

    kind: str
    collapse: str | None  # None: not collapsible; "true": closed; "false": open
    appearance: str
    icon: bool
    title: Token | None = None  # inline token of the title heading
    title_text: str = ""  # from title="..."
    extra: dict[str, Any] = field(default_factory=dict)


def parse_attributes(text: str) -> DivAttributes:
    """Parse Pandoc's attribute syntax; a bare word counts as a class, as Pandoc does."""
    ident, classes, attrs = "", [], []
    for m in _ATTR.finditer(text):
        if m["id"]:
            ident = m["id"]
        elif m["cls"]:
            classes.append(m["cls"])
        elif m["key"]:
            quoted = m["dq"] if m["dq"] is not None else m["sq"]
            if quoted is not None and "\\" in quoted:
                quoted = _ESCAPED.sub(r"\1", quoted)
            value = m["bare"] if quoted is None else quoted
            attrs.append((m["key"], value))
        elif m["word"]:
            classes.append(m["word"])
    return DivAttributes(ident, tuple(classes), tuple(attrs))


def fenced_divs_plugin(md: MarkdownIt) -> None:
    """Register the fenced-div block rules, the callout core rule and their HTML renderers."""
    md.block.ruler.before(
        "fence",
        "fenced_div",
        _fenced_div,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    # A stray `:::` right under a line of text is text too; warn about it there as well.
    md.block.ruler.after("fenced_div", "fenced_div_orphan", _orphan_closer, {"alt": ["paragraph"]})
    # Last, after `replacements`, `smartquotes` and `text_join`: a heading taken out of the
    # token stream as a callout title must have been through every inline rule first.
    md.core.ruler.push("callouts", _callouts)
    md.add_render_rule("fenced_div_open", _render_open)
    md.add_render_rule("fenced_div_close", _render_close)


def body_diagnostics(env: EnvType) -> list[Diagnostic]:
    """Problems the plugin found, with 0-based body lines in `line` (the caller adds the offset)."""
    found: dict[int, Diagnostic] = env.setdefault("fenced_div_diagnostics", {})
    # Figures, cross-references, tabsets and diagrams report theirs as a list.
    quarto: list[Diagnostic] = env.get("quarto_diagnostics", [])
    return list(found.values()) + quarto


def _report(
    state: StateBlock,
    line: int,
    kind: Callable[[str, int, str, str], Diagnostic],
    message: str,
    hint: str,
) -> None:
    """Record a problem (`kind`: error or warning) at a body line, once per line however often
    markdown-it re-tries the rule there; the parser adds the file's path and line."""
    found = state.env.setdefault("fenced_div_diagnostics", {})
    if line not in found:
        found[line] = kind("", line, message, hint)


def _line(state: StateBlock, line: int) -> str:
    """The text of `line` after its indentation."""
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _find_closer(state: StateBlock, start: int, end: int) -> int | None:
    """The line of the closer matching the opener at `start`, skipping fenced code, HTML
    comments and nested divs."""
    # An opener less indented than the current block (a list item's paragraph being asked
    # whether this line ends it) will open its div at its own indent, outside the item.
    indent = min(state.blkIndent, max(state.sCount[start], 0))
    depth = 0
    inside = ""  # the fence of the code block the line is in, or "-->" in an HTML comment
    src, starts, ends = state.src, state.bMarks, state.eMarks
    for line in range(start + 1, end):
        begin = starts[line] + state.tShift[line]
        if begin < ends[line] and state.sCount[line] < indent:
            return None  # the enclosing list item or quote ended first
        # Indented code aside, only lines opening with a fence character matter (any line
        # may end a comment); most are prose, looked at no further.
        if inside != "-->" and (
            state.sCount[line] - indent >= 4
            or not src.startswith(inside[:1] or _MARKS, begin, begin + 1)
        ):
            continue
        text = src[begin : ends[line]]
        if (inside or text[0] != ":") and (now := _inside(text, inside)) is not None:
            inside = now
        elif _CLOSE.match(text):
            if depth == 0:
                return line
            depth -= 1
        elif _OPEN.match(text) or _opener(state, line, end)[0]:
            depth += 1  # an opener whose attributes run onto the next lines opens one too
    return None


def _inside(text: str, inside: str) -> str | None:
    """What a line leaves the closer's search inside (a code fence's marker, `-->` in an
    HTML comment, "" for neither), or None for a line outside both that opens neither: an
    HTML comment runs to the line closing it, as markdown-it's HTML block does."""
    if inside == "-->":
        return "" if "-->" in text else inside
    if inside:
        return "" if text.startswith(inside) and not text.strip(inside[0]).strip() else inside
    if text.startswith("<!--"):
        return "" if "-->" in text[4:] else "-->"
    fence = _CODE_FENCE.match(text)
    return fence.group(1) if fence else None


QUARTO_KEY = "quarto_document"  # env: true for a Quarto blog's document
_UNCLOSED = "unclosed fenced div opened here"
# Noted in the env when a div has an id or a `layout` key: only then may it be a figure, a
# table or a listing, or lay out its blocks, which the figure pass looks for (figures.py).
PLACED_DIVS = "placed_divs"
_CLOSE_IT = "add a line of ::: where the div should end"
_AS_TEXT = ": Pandoc shows its line as text"


def _fenced_div(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: a fenced div from its opener to the closer that matches it."""
    # markdown-it asks at the start of nearly every line: most do not start with a colon.
    if not state.src.startswith(":", state.bMarks[start] + state.tShift[start]):
        return False
    if state.is_code_block(start):
        return False
    # Most openers are one line; one whose attributes run onto the next lines is read whole.
    match, body = _OPEN.match(_line(state, start)), start + 1
    if not match:
        match, body = _opener(state, start, end)
    if not match:
        return False
    # The depth first: it is cheap, and each line of a too-deep region is tried again as a
    # paragraph terminator, which must not cost a scan to the end of the document each time.
    depth = state.env.get("fenced_div_depth", 0)
    if depth >= MAX_DIV_DEPTH:
        _too_deep(state, start)
        return False
    closer = _find_closer(state, start, end)
    if closer is None:
        # Pandoc takes no div without its closer: the opener's line is text (a paragraph's),
        # so Quarto builds the document showing it; a Quarto blog's is a warning, as there.
        if state.env.get(QUARTO_KEY):
            _report(state, start, warning, _UNCLOSED + _AS_TEXT, _CLOSE_IT)
        else:
            _report(state, start, make_error, _UNCLOSED, _CLOSE_IT)
        return False
    if not silent:
        _push_div(state, (start, body), closer, match, depth)
    return True


def _opener(state: StateBlock, start: int, end: int) -> tuple[re.Match[str] | None, int]:
    """An opener at `start` whose quoted value runs onto the next lines (up to a blank line),
    read with those lines joined, and the line its div's blocks start on."""
    text = _line(state, start)
    if not _OPEN_UNCLOSED.match(text):
        return None, start + 1
    for line in range(start + 1, min(end, start + _MAX_OPENER_LINES)):
        more = _line(state, line)
        if not more.strip():
            break
        text += " " + more
        if "}" in more and (match := _OPEN.match(text)):
            return match, line + 1
    return None, start + 1


def _too_deep(state: StateBlock, start: int) -> None:
    """One error per too-deep region of divs, not one per line in it."""
    parent = state.env.get("fenced_div_parent")
    reported: set[int | None] = state.env.setdefault("fenced_div_too_deep", set())
    if parent not in reported:
        reported.add(parent)
        _report(
            state,
            start,
            make_error,
            f"fenced divs are nested more than {MAX_DIV_DEPTH} deep",
            "close some of the ::: divs before opening new ones",
        )


def _push_div(
    state: StateBlock, lines: tuple[int, int], closer: int, match: re.Match[str], depth: int
) -> None:
    """The div's opening token, its blocks (from `lines`' second, the line after the opener,
    up to the closer) and its closing token."""
    start, body = lines
    attrs = (
        parse_attributes(match["attrs"] or "")
        if match["word"] is None
        else DivAttributes(classes=(match["word"],))
    )
    if attrs.id or any(key.startswith("layout") for key, _ in attrs.attributes):
        state.env[PLACED_DIVS] = True
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "fenced_div"
    state.lineMax = closer  # lazy paragraph continuation must stop at our closer
    opener = state.push("fenced_div_open", "div", 1)
    opener.block = True
    opener.markup = match.group(1)
    opener.map = [start, closer + 1]
    opener.meta = {"attrs": attrs}
    parent = state.env.get("fenced_div_parent")
    state.env["fenced_div_depth"], state.env["fenced_div_parent"] = depth + 1, start
    state.md.block.tokenize(state, body, closer)
    state.env["fenced_div_depth"], state.env["fenced_div_parent"] = depth, parent
    closing = state.push("fenced_div_close", "div", -1)
    closing.block = True
    closing.markup = _line(state, closer).strip()
    closing.map = [closer, closer + 1]
    state.parentType, state.lineMax = old_parent, old_max
    state.line = closer + 1


def _orphan_closer(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A `:::` with no open div is literal text, as in Pandoc, but worth a warning.

    It never matches, so it never ends a paragraph; it also runs (silently) as a paragraph
    terminator, to catch a stray closer in its usual place: right under a line of text.
    Closers inside a too-deep region follow from the error already reported there.
    """
    if (
        state.src.startswith(":", state.bMarks[start] + state.tShift[start])  # most lines: no
        and not state.is_code_block(start)
        and state.env.get("fenced_div_depth", 0) < MAX_DIV_DEPTH
        and _CLOSE.match(_line(state, start))
    ):
        _report(
            state,
            start,
            warning,
            "closing ::: has no open fenced div; it is shown as text",
            "remove it, or add the opening ::: {.class} line it was meant to close",
        )
    return False


def callout_kind(classes: tuple[str, ...]) -> str | None:
    """`note`, `tip`, ... for a callout div, None for an ordinary div.

    A typed class wins over a plain `callout` before it: `{.callout .callout-tip}` is a tip.
    """
    for cls in classes:
        if cls.startswith("callout-") and cls[8:] in CALLOUT_TYPES:
            return cls[8:]
    return "note" if "callout" in classes else None


def _flag(value: str) -> bool | None:
    """Read Quarto's boolean attribute values (`true`, `"false"`, ...)."""
    lowered = value.strip().lower()
    return (
        True
        if lowered in ("true", "yes", "1")
        else False
        if lowered in ("false", "no", "0")
        else None
    )


def _callouts(state: StateCore) -> None:
    """Core rule: decide each callout's kind, collapse, appearance and title (Quarto's rules)."""
    tokens = state.tokens
    stack: list[Token] = []
    titles: list[int] = []  # where a title heading taken out of the stream starts
    for i, token in enumerate(tokens):
        if token.type == "fenced_div_close":
            token.meta["callout"] = stack.pop().meta.get("callout")
        elif token.type == "fenced_div_open":
            stack.append(token)
            attrs: DivAttributes = token.meta["attrs"]
            kind = callout_kind(attrs.classes)
            if kind is not None:
                collapse = _flag(attrs.get("collapse"))
                appearance = attrs.get("appearance", "default")
                if appearance not in ("default", "simple", "minimal"):
                    appearance = "default"
                callout = Callout(
                    kind=kind,
                    collapse=None if collapse is None else str(collapse).lower(),
                    appearance=appearance,
                    icon=_flag(attrs.get("icon", "true")) is not False and appearance != "minimal",
                    title_text=attrs.get("title").strip(),
                )
                heading = tokens[i + 1] if i + 1 < len(tokens) else None
                if (
                    not callout.title_text
                    and heading is not None
                    and heading.type == "heading_open"
                ):
                    callout.title = tokens[i + 2]
                    titles.append(i + 1)
                token.meta["callout"] = callout
    for at in reversed(titles):  # out of the stream once it is walked: indices stay valid
        del tokens[at : at + 3]


def _classes(attrs: DivAttributes, callout: Callout | None, titled: bool) -> str:
    """The class list, keeping Quarto's names so Quarto-minded CSS still applies."""
    classes = list(attrs.classes)
    if callout is not None:
        if "callout" not in classes:
            classes.insert(0, "callout")
        if f"callout-{callout.kind}" not in classes:
            classes.append(f"callout-{callout.kind}")
        classes.append(f"callout-style-{callout.appearance}")
        classes.append("callout-titled" if titled else "callout-untitled")
        if not callout.icon:
            classes.append("no-icon")
    return " ".join(classes)


def _div_attributes(attrs: DivAttributes) -> list[tuple[str, str]]:
    """A div's key=value attributes as Pandoc writes them: HTML's own kept, others as `data-`
    keys, `width` left out but for a `.column`, whose width it is (as a style); a key once."""
    pairs = [(k, v) for k, v in attrs.attributes if k != "width"]
    if "column" in attrs.classes and (width := attrs.get("width")):
        pairs.append(("style", f"width:{width};"))
    written: dict[str, str] = {}
    for key, value in pairs:
        written.setdefault(data_key(key), value)
    return list(written.items())


def _render_open(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Ordinary divs keep id, classes and data-* attributes; callouts get a header and body."""
    token = tokens[idx]
    attrs: DivAttributes = token.meta["attrs"]
    callout: Callout | None = token.meta.get("callout")
    ident = token.meta.get("id", attrs.id)
    id_attr = f' id="{escape(ident)}"' if ident else ""
    if callout is None:
        data = "".join(f' {escape(k)}="{escape(v)}"' for k, v in _div_attributes(attrs))
        cls = _classes(attrs, None, False)
        class_attr = f' class="{escape(cls)}"' if cls else ""
        return f"<div{id_attr}{class_attr}{data}>\n"
    named = _kind_name(callout.kind, env)
    title_html = _title_html(self, callout, options, env, named)
    cls = escape(_classes(attrs, callout, bool(title_html)))
    header = _callout_header(callout, title_html, named)
    if callout.collapse is not None:
        opened = " open" if callout.collapse == "false" else ""
        return (
            f'<details{id_attr} class="{cls}"{opened}>\n'
            f'<summary class="callout-header">{header}</summary>\n<div class="callout-body">\n'
        )
    heading = f'<div class="callout-header">{header}</div>\n' if title_html else ""
    return f'<div{id_attr} class="{cls}" role="note">\n{heading}<div class="callout-body">\n'


def _kind_name(kind: str, env: EnvType) -> str:
    """A kind of callout as the page's language names it ("Note", "Astuce")."""
    words = env.get(WORDS_KEY)
    return str(escape(words[f"callout-{kind}-title"])) if words else kind.capitalize()


def _title_html(
    self: RendererHTML, callout: Callout, options: OptionsDict, env: EnvType, named: str
) -> str:
    """A callout's title as HTML: the author's, else the kind's name where Quarto shows one."""
    title_html = ""
    if callout.title is not None:
        title_html = self.renderInline(callout.title.children or [], options, env)
    elif callout.title_text:
        title_html = escape(callout.title_text)
    if not title_html and (callout.appearance == "default" or callout.collapse is not None):
        title_html = named  # also when the title heading is empty
    return title_html


def _callout_header(callout: Callout, title_html: str, named: str) -> str:
    """The icon and the title of a callout's header."""
    icon = '<span class="callout-icon" aria-hidden="true"></span>' if callout.icon else ""
    # The kind shows as the icon and colours; a title of the author's own would hide it from
    # screen readers, so it is said first, out of sight ("Warning: Mind the test set").
    plain = re.sub(r"<[^>]*>", "", title_html).strip().casefold()
    kind = "" if not title_html or plain.startswith(named.casefold()) else named
    said = f'<span class="{HIDDEN_KIND_CLASS}">{kind}: </span>' if kind else ""
    return f'{icon}<span class="callout-title">{said}{title_html}</span>'


def _render_close(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Close whatever `_render_open` opened."""
    callout: Callout | None = tokens[idx].meta.get("callout")
    if callout is None:
        return "</div>\n"
    return "</div>\n</details>\n" if callout.collapse is not None else "</div>\n</div>\n"
