"""Pandoc attributes (`{#id .class key=value}`) on headings, images, links, spans, code and fences.

Attributes go on the markdown-it tokens as attrs (`id`, `class` space-joined, other keys as
written), where later passes (figures, cross-references, code cells) read them; the renderer
turns them into HTML as Pandoc does: keys HTML does not know become `data-` attributes, and the
keys Quarto itself consumes (`fig-alt`, `layout-ncol`, ...) are not written at all.
Headings get Pandoc's automatic identifiers unless the author gave one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.fence import make_fence_rule
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .errors import warning
from .intermediates import PANDOC_FORMATS
from .latex import is_math_environment
from .patterns import compile_later

# Pandoc's identifiers (for `#id` and `.class`): a letter, then letters, digits and `-_:.`.
_NAME = r"[^\W\d_][\w:.\-]*"
_ITEM = compile_later(
    rf"""[ \t\n]*(?:\#(?P<id>{_NAME})|\.(?P<cls>{_NAME})|(?P<dash>-)(?=[\s}}])"""
    rf"""|(?P<key>[^\s=}}{{"'.#][^\s=}}{{"']*)=(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>(?:[^'\\]|\\.)*)'"""
    # Curly quotes: Pandoc would stop at them, but they come from word processors and mean
    # quotes; taking them as such keeps the attributes off the page.
    rf"""|\u201c(?P<cq>[^\u201d]*)\u201d|(?P<bare>[^\s}}"'\u201c]+)))"""
)
_CLOSE = compile_later(r"[ \t\n]*\}")
_RAW = compile_later(r"\{=([A-Za-z][\w+-]*)\}")
_ESCAPE = compile_later(r"\\(.)")
_HTML_FORMATS = frozenset(("html", "html4", "html5"))
# Formats Pandoc writes, and the raw-only names it also takes (`tex`, `openxml`): raw content
# for any of them is dropped silently from HTML output.
KNOWN_FORMATS = PANDOC_FORMATS | {"tex", "openxml"}
# Keys Quarto reads while rendering and never writes into the HTML.
_QUARTO_KEY = compile_later(r"^(?:fig|tbl|lst|layout|code|cell|out|cap)-|^(?:layout|lightbox)$")
# Attributes HTML knows (beyond `data-*` and `aria-*`); others are written as `data-<key>`.
_HTML_KEYS = frozenset(
    [
        "id",
        "class",
        "style",
        "title",
        "lang",
        "dir",
        "hidden",
        "tabindex",
        "role",
        "width",
        "height",
        "alt",
        "src",
        "href",
        "target",
        "rel",
        "hreflang",
        "download",
        "type",
        "start",
        "value",
        "reversed",
        "colspan",
        "rowspan",
        "scope",
        "headers",
        "align",
        "checked",
        "disabled",
        "for",
        "name",
        "loading",
        "decoding",
        "srcset",
        "sizes",
        "media",
        "open",
        "translate",
        "spellcheck",
        "contenteditable",
        "draggable",
        "accesskey",
        "cite",
        "datetime",
        "span",
        "summary",
        "label",
    ]
)
# Never taken from an author's attributes: the URL comes from the Markdown link (where
# markdown-it vets it), and event handlers would run script.
_REFUSED = frozenset(("href", "src"))


class Attributes(NamedTuple):
    """A parsed `{#id .class key=value}` block."""

    id: str = ""
    classes: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()


def parse_braces(text: str, pos: int = 0) -> tuple[Attributes, int] | None:
    """The attribute block starting at `text[pos]` (a `{`) and the index after its `}`."""
    if not text.startswith("{", pos):
        return None
    ident = ""
    classes: list[str] = []
    pairs: list[tuple[str, str]] = []
    pos += 1
    while True:
        close = _CLOSE.match(text, pos)
        if close:
            return Attributes(ident, tuple(classes), tuple(pairs)), close.end()
        m = _ITEM.match(text, pos)
        if not m or m.end() == pos:
            return None
        pos = m.end()
        if m["id"]:
            ident = m["id"]
        elif m["cls"]:
            classes.append(m["cls"])
        elif m["dash"]:
            classes.append("unnumbered")
        else:
            quoted = m["dq"] if m["dq"] is not None else m["sq"]
            value = _ESCAPE.sub(r"\1", quoted) if quoted is not None else m["cq"] or m["bare"]
            if m["key"] == "class":
                classes.extend(value.split())
            else:
                pairs.append((m["key"], value or ""))


def apply(token: Token, attrs: Attributes) -> None:
    """Put `attrs` on `token`: the id, classes after any it has, the other keys as given."""
    if attrs.id:
        token.attrSet("id", attrs.id)
    if attrs.classes:
        before = str(token.attrGet("class") or "")
        token.attrSet("class", " ".join(filter(None, (before, *attrs.classes))))
    for key, value in attrs.pairs:
        if key.lower() not in _REFUSED and not key.lower().startswith("on"):
            token.attrSet(key, value)


def attributes_plugin(md: MarkdownIt) -> None:
    """Register the attribute rules (inline, headings, fences), heading ids and their HTML."""
    md.inline.ruler.after("text", "pandoc_attrs", _inline_attrs)
    md.block.ruler.before(
        "fence",
        "attribute_fence",
        _attribute_fence,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.inline.ruler.before("link", "pandoc_span", _span)
    md.core.ruler.after("block", "block_attrs", _block_attrs)
    md.core.ruler.after("inline", "raw_inline", _raw_inline)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("span_open", _render_span)
    md.add_render_rule("span_close", _render_span)


class AttributeRenderer(RendererHTML):
    """markdown-it's renderer, writing token attributes as Pandoc's HTML writer does."""

    @staticmethod
    def renderAttrs(token: Token) -> str:
        """Attributes as HTML: Quarto's own keys left out, unknown ones as `data-` keys."""
        if not token.attrs:  # most tokens: nothing to write
            return ""
        result = ""
        for key, value in token.attrItems():
            if key not in _HTML_KEYS and not key.startswith(("data-", "aria-")):
                if _QUARTO_KEY.match(key) or key.startswith("on"):
                    continue
                key = f"data-{key}"
            result += f' {escapeHtml(key)}="{escapeHtml(str(value))}"'
        return result


def data_key(key: str) -> str:
    """An attribute's key as Pandoc's HTML writer writes it: one HTML knows as it is, any
    other as a `data-` key."""
    return key if key in _HTML_KEYS or key.startswith(("data-", "aria-")) else f"data-{key}"


# A fence whose info string may hold its marker: only ever called on a `{...}` block.
_fence_any_info = make_fence_rule(disallow_marker_in_info=())


def _attribute_fence(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """```` ```{.r code-summary="Source of `f()`"} ````: a backtick inside a quoted attribute
    value, which CommonMark refuses in a backtick fence's info string and Pandoc reads."""
    pos = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("```", pos):  # other fences and lines: markdown-it's own rule
        return False
    info = state.src[pos : state.eMarks[start]].lstrip("`").strip()
    if not info.startswith("{") or "`" not in info or state.is_code_block(start):
        return False
    parsed = parse_braces(info)
    if parsed is None or parsed[1] != len(info):
        return False
    return _fence_any_info(state, start, end, silent)


def _inline_attrs(state: StateInline, silent: bool) -> bool:
    """`{...}` right after an image, link, span or inline code: attributes (or a raw format)."""
    if state.src[state.pos] != "{" or state.pending or not state.tokens:
        return False
    last = state.tokens[-1]
    if last.type == "code_inline":
        raw = _RAW.match(state.src, state.pos)
        if raw:
            if not silent:
                last.meta["raw_format"] = raw[1].lower()
                state.env["raw_inline"] = True
            state.pos = raw.end()
            return True
    elif last.type not in ("image", "link_close", "span_close"):
        return False
    parsed = parse_braces(state.src, state.pos)
    if parsed is None:
        return False
    if not silent:
        apply(_opening(state.tokens), parsed[0])
    state.pos = parsed[1]
    return True


def _raw_inline(state: StateCore) -> None:
    """`` `<b>`{=html} ``: the code's text as HTML; for another format, nothing."""
    if not state.env.pop("raw_inline", False):
        return
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        kept = []
        for child in token.children:
            fmt = child.meta.get("raw_format") if child.type == "code_inline" else None
            if fmt is None:
                kept.append(child)
            elif fmt in _HTML_FORMATS:
                child.type, child.tag = "html_inline", ""
                kept.append(child)
            elif fmt not in KNOWN_FORMATS:
                _warn_format(state.env, (token.map or [0])[0], fmt)
        token.children = kept


def _warn_format(env: EnvType, line: int, fmt: str) -> None:
    """Warn that raw content for a format Pandoc does not know was left out."""
    found = env.setdefault("fenced_div_diagnostics", {})
    found.setdefault(
        line,
        warning(
            "",
            line,
            f"raw content for unknown format {fmt!r} left out",
            "raw HTML is written `<b>`{=html} or ```{=html}; other formats never reach a page",
        ),
    )


def _opening(tokens: Sequence[Token]) -> Token:
    """The token that opens the element the last token ends (or the last token itself)."""
    last = tokens[-1]
    if last.nesting != -1:
        return last
    depth = 0
    for token in reversed(tokens):
        depth += token.nesting
        if depth == 0:
            return token
    return last


def _span(state: StateInline, silent: bool) -> bool:
    """Pandoc's bracketed span, `[text]{.class key=value}`."""
    # Most brackets are links: look for the `]{` a span needs before parsing a label.
    if state.src[state.pos] != "[" or state.src.find("]{", state.pos, state.posMax) < 0:
        return False
    end = state.md.helpers.parseLinkLabel(state, state.pos, False)
    if end < 0 or not state.src.startswith("{", end + 1):
        return False
    parsed = parse_braces(state.src, end + 1)
    if parsed is None:
        return False
    if not silent:
        attrs = parsed[0]
        tag = _span_tag(attrs.classes)
        opening = state.push("span_open", tag, 1)
        kept = tuple(c for c in attrs.classes if c not in ("mark", "underline", "ul"))
        apply(opening, Attributes(attrs.id, kept if tag != "span" else attrs.classes, attrs.pairs))
        old_max = state.posMax
        state.pos, state.posMax = state.pos + 1, end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("span_close", tag, -1)
    state.pos = parsed[1]
    return True


def _span_tag(classes: Sequence[str]) -> str:
    """Pandoc writes `.mark` spans as `<mark>` and underlined ones as `<u>`."""
    if "mark" in classes:
        return "mark"
    if "underline" in classes or "ul" in classes:
        return "u"
    return "span"


def _render_span(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A span's tag (`span`, `mark` or `u`) with its attributes."""
    token = tokens[idx]
    if token.nesting == -1:
        return f"</{token.tag}>"
    return f"<{token.tag}{self.renderAttrs(token)}>"


_PIXELS = compile_later(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """An image; `fig-alt` is its alt text, and a width or height other than pixels a style."""
    token = tokens[idx]
    alt = token.attrGet("fig-alt")
    if alt is None:
        alt = self.renderInlineAsText(token.children, options, env) if token.children else ""
    token.attrSet("alt", str(alt))
    styles = []
    for key in ("width", "height"):
        value = token.attrGet(key)
        if value is None:
            continue
        pixels = _PIXELS.match(str(value))
        if pixels:
            token.attrSet(key, pixels[1])
        else:
            token.attrs.pop(key)
            styles.append(f"{key}:{value}")
    if styles:
        before = str(token.attrGet("style") or "").rstrip("; ")
        token.attrSet("style", ";".join(filter(None, (before, *styles))))
    return self.renderToken(tokens, idx, options, env)


def _block_attrs(state: StateCore) -> None:
    """Attributes at the end of a heading, and in a code fence's `{...}` info string."""
    if "{" not in state.src:  # block attributes all open with it; a substring test is cheap
        return
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            _heading_attrs(token, tokens[i + 1])
        elif token.type == "fence" and token.info.lstrip().startswith("{"):
            _fence_attrs(state, token)
    if "raw_drop" in state.env:
        dropped = state.env.pop("raw_drop")
        state.tokens = [t for t in tokens if id(t) not in dropped]


def _heading_attrs(heading: Token, inline: Token) -> None:
    """`## Title {#id .class}`: the attributes go on the heading, out of its text."""
    text = inline.content.rstrip()
    if not text.endswith("}"):
        return
    start = text.rfind("{")
    while start >= 0:
        parsed = parse_braces(text, start)
        if parsed is not None and parsed[1] == len(text) and not text[:start].endswith("\\"):
            apply(heading, parsed[0])
            inline.content = text[:start].rstrip()
            heading.meta["explicit_id"] = bool(parsed[0].id)
            return
        start = text.rfind("{", 0, start)


def _fence_attrs(state: StateCore, token: Token) -> None:
    """```` ```{.python filename="x.py"} ```` puts its attributes on the fence token;
    ```` ```{=html} ```` is raw HTML, and raw content for other formats is dropped."""
    info = token.info.strip()
    raw = _RAW.fullmatch(info)
    if raw:
        fmt = raw[1].lower()
        if fmt in _HTML_FORMATS:
            token.type = "html_block"
            return
        if fmt in ("latex", "tex") and is_math_environment(token.content):
            token.type = "math_block"  # Pandoc's HTML writer shows it as display math
            return
        state.env.setdefault("raw_drop", set()).add(id(token))
        if fmt not in KNOWN_FORMATS:
            _warn_format(state.env, (token.map or [0])[0], fmt)
        return
    first = info[1:].split(None, 1)[0] if len(info) > 1 else ""
    if first.startswith((".", "#")) or "=" in first:
        parsed = parse_braces(info)
        if parsed is not None:
            apply(token, parsed[0])


def heading_ids(state: StateCore) -> None:
    """Pandoc's automatic identifiers for headings without one, unique within the document."""
    tokens = state.tokens
    headings = [i for i, t in enumerate(tokens) if t.type == "heading_open"]
    if not headings:
        return
    used = {str(tokens[i].attrGet("id")) for i in headings if tokens[i].attrGet("id")}
    for i in headings:
        if tokens[i].attrGet("id") is not None or i + 1 >= len(tokens):
            continue
        base = auto_identifier(_text(tokens[i + 1].children or []))
        ident, n = base, 0
        while ident in used:
            n += 1
            ident = f"{base}-{n}"
        used.add(ident)
        tokens[i].attrSet("id", ident)


_SPACES = compile_later(r"\s+")


def auto_identifier(text: str) -> str:
    """Pandoc's `auto_identifiers`: lower case, punctuation but `_-.` out, spaces to hyphens,
    nothing before the first letter; `section` when nothing is left."""
    kept = "".join(c for c in text if c.isalnum() or c in "_-." or c.isspace())
    kept = _SPACES.sub("-", kept.strip()).lower()
    start = next((n for n, c in enumerate(kept) if c.isalpha()), len(kept))
    return kept[start:] or "section"


def _text(children: Sequence[Token]) -> str:
    """The text of inline tokens, as Pandoc's identifiers see it (footnotes left out)."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline", "math_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image" and child.children:
            parts.append(_text(child.children))
    return "".join(parts)
