"""The one configured Markdown parser: CommonMark + tables, fenced divs, math and highlighting."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from .attributes import AttributeRenderer, attributes_plugin, heading_ids
from .block_keys import KeyedBlock
from .citations import citations_plugin
from .code_annotations import code_annotations_plugin
from .conditional import conditional_plugin
from .crossref import crossref_plugin
from .diagrams import diagrams, render_diagram
from .end_notes import footnote_look_plugin
from .escaped_cells import escaped_cells_plugin
from .fenced_divs import fenced_divs_plugin, parse_attributes
from .figures import figures
from .inline_keys import KeyedInline
from .latex import latex_plugin
from .margin_notes import margin_notes_plugin
from .math_blocks import math_blocks_plugin
from .math_lines import math_lines_plugin
from .pandoc_syntax import pandoc_syntax_plugin
from .patterns import compile_later
from .pipe_table_width import pipe_table_width_plugin
from .quotes import smartquotes
from .shortcodes import shortcodes_plugin
from .spaced_links import spaced_links_plugin
from .tables import tables_plugin
from .tabsets import tabsets
from .tex_limits import may_place, mend_operators, place_limits
from .typography import space_functions, unbroken_code_plugin

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# latex2mathml writes symbols as character references in the element text (`&#x0003C;`).
# What a browser skips in a URL's scheme, or trims around it: C0 controls and spaces.
_URL_NOISE = compile_later("[\x00-\x20]")
_CHAR_REF = compile_later(r"&amp;(#x[0-9A-Fa-f]+;|#[0-9]+;)")
# Pandoc's `smart` punctuation (which Quarto uses): `...`, `--` and `---`, nothing else.
_ELLIPSIS = compile_later(r"\.\.\.")
_EM_DASH = compile_later(r"(^|[^-])---(?=[^-]|$)", re.MULTILINE)
_EN_DASH = compile_later(r"(^|\s)--(?=\s|$)", re.MULTILINE)
_EN_DASH_BETWEEN = compile_later(r"(^|[^-\s])--(?=[^-\s]|$)", re.MULTILINE)
_FORMATTER = HtmlFormatter(nowrap=True)
# A control word latex2mathml does not know: it writes its TeX in an <mi> (`<mi>\\E</mi>`),
# where MathJax would show an undefined macro. Those it writes so that TeX does know, or that
# only shape a layout, are no macro to define.
_UNDEFINED = re.compile(r"<mi(?: [^>]*)?>\\([A-Za-z]+)</mi>")
_KNOWN_AS_TEX = frozenset(
    ("arg", "cr", "hline", "hdashline", "hfil", "nolimits", "nonumber", "notag")
)
UNDEFINED_KEY = "math_undefined"  # env: (formula, its undefined macros), for parse.py's warnings


@cache
def markdown_parser() -> MarkdownIt:
    """Build the parser once; it holds no per-document state (that lives in `env`)."""
    md = _Parser(
        "commonmark", {"typographer": True, "maxNesting": 200}, renderer_cls=AttributeRenderer
    )
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    # markdown-it's own replacements also turn "(c)" into "©", "+-" into "±", ".." into "…" and
    # "!!!!" into "!!!"; Pandoc does none of that, and quiz options are often named (a)-(d).
    md.core.ruler.at("replacements", _smart_punctuation)
    md.core.ruler.at("smartquotes", smartquotes)  # the library's is quadratic on some lines
    md.use(fenced_divs_plugin)
    md.use(footnote_plugin)
    md.use(footnote_look_plugin)
    # Pandoc's rules for `$`: no space inside the delimiters and no digit after the closer,
    # so prices such as "$5 and $10" stay text.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    _math_at_the_start(md)
    _no_setext_heading_inside_math(md)
    _footnotes_only_where_noted(md)
    md.use(math_lines_plugin)  # a `- x` line inside a paragraph's `$$`: part of the formula
    md.use(math_blocks_plugin)  # `$$ words` closing a formula: Pandoc's inline display math
    md.use(latex_plugin)  # LaTeX environments outside `$$`, macros across formulas
    md.use(attributes_plugin)
    md.use(spaced_links_plugin)  # Pandoc's `[x](a b/)`, where CommonMark sees no link
    md.use(pandoc_syntax_plugin)
    md.use(tables_plugin)
    md.use(pipe_table_width_plugin)  # Pandoc sizes a pipe table by its delimiter row
    md.use(shortcodes_plugin)
    md.use(citations_plugin)
    md.use(margin_notes_plugin)  # after footnotes and citations: it moves them
    md.use(code_annotations_plugin)
    md.use(conditional_plugin)  # `.content-hidden` / `.content-visible when-format=...`
    # Quarto's figures, tabsets and diagrams, from the attributes the rules above put on tokens.
    md.core.ruler.push("quarto_diagrams", diagrams)
    md.core.ruler.push("quarto_figures", figures)
    md.core.ruler.push("quarto_tabsets", tabsets)
    md.core.ruler.push("heading_ids", heading_ids)  # last: from the headings' final text
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("diagram", render_diagram)  # {mermaid} and {dot} fences
    md.add_render_rule("math_inline", _render_math)
    md.add_render_rule("math_inline_double", _render_math)
    md.add_render_rule("math_block", _render_math)
    md.add_render_rule("math_block_label", _render_math)
    md.use(crossref_plugin)  # after the math renderers: it numbers labelled equations
    md.use(unbroken_code_plugin)  # last: it wraps whichever rule renders inline code
    # Registered last, it runs first after block parsing: an unexecuted cell's options and
    # language are shown, never read as the fence's attributes.
    md.use(escaped_cells_plugin)
    return md


def _math_at_the_start(md: MarkdownIt) -> None:
    """A formula is read whatever comes before its opening `$`, as Pandoc reads it (only a
    digit right after the closing `$` keeps dollars from being math): dollarmath refuses a
    digit at `src[pos - 1]`, so `2$\\upsilon$` stayed text, and at the first place that is
    the text's last character, so `$x$ equals 5` did too, and `$Y_i$ = responses\\` (a list
    item ending in a backslash, read as escaping the `$`)."""
    rule = next(r for r in md.inline.ruler.__rules__ if r.name == "math_inline")
    read = rule.fn

    def math_inline(state: StateInline, silent: bool) -> bool:
        """dollarmath's inline rule, with nothing it refuses before the opening `$`."""
        at, src = state.pos, state.src
        before = src[at - 1] if at else src[-1:]
        if not (before.isdigit() or (not at and before == "\\")):
            return read(state, silent)
        # What dollarmath reads before the `$` made a space (at the first place, a newline
        # after the text); every other index reads the same.
        state.src = src[: at - 1] + " " + src[at:] if at else src + "\n"
        try:
            return read(state, silent)
        finally:
            state.src = src

    md.inline.ruler.at("math_inline", math_inline, {"alt": list(rule.alt)})


def _no_setext_heading_inside_math(md: MarkdownIt) -> None:
    """A `=` or `-` line inside `$$ … $$` (or a TeX environment, `\\begin{equation}`) that
    opened in a paragraph is part of the formula, as Pandoc reads it, not the underline of a
    heading: a heading whose text leaves a `$$` or an environment open is given back to the
    paragraph rule. Only a heading found pays for the check."""
    original = next(r for r in md.block.ruler.__rules__ if r.name == "lheading").fn

    def lheading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        """markdown-it's setext heading, unless its text leaves a `$$` open."""
        count = len(state.tokens)
        if not original(state, start, end, silent):
            return False
        text = state.tokens[count + 1].content
        if text.count("$$") % 2 == 0 and text.count("\\begin{") <= text.count("\\end{"):
            return True
        del state.tokens[count:]
        state.line = start
        return False

    lheading.__wrapped__ = original  # type: ignore[attr-defined]  # block_keys.GIVE_WAY
    md.block.ruler.at("lheading", lheading)


def _footnotes_only_where_noted(md: MarkdownIt) -> None:
    """mdit_py_plugins' footnote pass walks every token of a document that noted an empty
    footnote list (any `[` in its text does); it changes nothing unless a footnote was
    defined or written inline, so only then is it run."""
    tail = next(r for r in md.core.ruler.__rules__ if r.name == "footnote_tail").fn

    def footnote_tail(state: StateCore) -> None:
        """The footnotes moved to the end, when the document has any."""
        notes = state.env.get("footnotes")
        if notes and (notes.get("refs") or notes.get("list")):
            tail(state)

    md.core.ruler.at("footnote_tail", footnote_tail)


class _Parser(MarkdownIt):
    """markdown-it, remembering the links it normalised: normalising one (parse, punycode,
    percent-encoding) is a noticeable part of parsing a post, and the same URLs come back in post
    after post (a blog cites the same papers and docs again and again); and trying at each
    line start only the block rules, and at each place of a paragraph only the inline rules,
    that can start with its character."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """markdown-it's parser, with the keyed block and inline tokenizers."""
        super().__init__(*args, **kwargs)
        # The same objects: rules added later land in them.
        self.block.__class__ = KeyedBlock
        self.inline.__class__ = KeyedInline

    def normalizeLink(self, url: str) -> str:
        """A link normalised as markdown-it does, each URL once."""
        return _normalized_link(url)


@lru_cache(maxsize=8192)
def _normalized_link(url: str) -> str:
    return normalizeLink(url)


def _smart_punctuation(state: StateCore) -> None:
    """Core rule in place of `replacements`: ellipsis and dashes in text, as Pandoc does."""
    if not state.md.options["typographer"]:
        return
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        in_autolink = False
        for child in token.children:
            if (
                child.type == "text"
                and not in_autolink
                and (".." in child.content or "--" in child.content)
            ):
                text = _ELLIPSIS.sub("\u2026", child.content)
                text = _EM_DASH.sub("\\1\u2014", text)
                text = _EN_DASH.sub("\\1\u2013", text)
                child.content = _EN_DASH_BETWEEN.sub("\\1\u2013", text)
            elif child.type in ("link_open", "link_close") and child.info == "auto":
                in_autolink = child.type == "link_open"


@cache
def _lexer(name: str) -> Lexer | None:
    """Pygments lexer for a fence's language, cached because lookups are slow."""
    try:
        # stripnl=False: keep the author's leading and trailing blank lines, as for plain code.
        return get_lexer_by_name(name, stripnl=False)
    except ClassNotFound:
        return None


def code_language(info: str) -> tuple[str, bool]:
    """The language of a fence's info string and whether it is a Quarto cell (`{python}`).

    `python`, `{python}` and `{r, echo=FALSE}` (cells) and Pandoc's attribute forms
    `{.python}`, `{ .python }`, `{#id .python .numberLines}` (not cells) all name the language.
    """
    info = info.strip()
    if not info.startswith("{"):
        first = info.split()[0] if info else ""
        return first.lstrip(".").rstrip(","), False
    inner = info[1:].split("}", 1)[0]
    words = [word for word in re.split(r"[\s,]+", inner) if word]
    if not words:
        return "", False
    if words[0].startswith((".", "#")) or "=" in words[0]:
        classes = parse_attributes(inner).classes
        return (classes[0] if classes else ""), False
    return words[0], True


def highlight_code(code: str, language: str) -> str:
    """Pygments HTML for `code`, or the escaped text when the language is unknown."""
    lexer = _lexer(language.lower()) if language else None
    body = highlight(code, lexer, _FORMATTER) if lexer else escape(code)
    lang_class = f' class="language-{escape(language)}"' if language else ""
    return f'<pre class="highlight"><code{lang_class}>{body}</code></pre>\n'


def _render_fence(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Fenced code: highlighted, with cell options, header, fold, annotations and outputs."""
    from .codeblocks import render_fence  # here: only a document with fenced code

    return render_fence(self, tokens, idx, options, env)


def _render_math(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """TeX to MathML at build time, so pages show math with no script and no network."""
    token = tokens[idx]
    block = token.type.startswith("math_block")
    display = block or token.type == "math_inline_double"
    html, undefined = converted_math(token.content.strip(), display)
    if undefined:
        env.setdefault(UNDEFINED_KEY, []).append((token.content.strip(), undefined))
    if html is None:
        env.setdefault("math_errors", []).append(token.content.strip())
        html = f'<code class="math-error">{escape(token.content)}</code>'
        display = block
    if block:
        return f'<div class="math display">{html}</div>\n'
    # `$$...$$` within a paragraph is display math too, but a <div> cannot sit in a <p>.
    return f'<span class="math display">{html}</span>' if display else html


def warm_for_workers() -> None:
    """Import now what parsing imports on first use (the math converter, the commonest
    lexer), before the posts are shared out over forked processes: each would otherwise
    import it again, in its own memory."""
    import latex2mathml.converter  # noqa: F401 (imported for its side effect)

    _lexer("python")


def tex_to_mathml(tex: str, display: bool) -> str | None:
    """MathML for a TeX formula, or None when the formula cannot be converted."""
    return converted_math(tex, display)[0]


@cache
def converted_math(tex: str, display: bool) -> tuple[str | None, tuple[str, ...]]:
    """MathML for a TeX formula (None when it cannot be converted), and the names of the
    macros in it that nothing defines (`E` for `\\E`), which show as their TeX."""
    try:
        # Imported here: most builds (every incremental one without math) never need it,
        # and it is a fifth of the import time of a CLI build.
        from latex2mathml.converter import convert_to_element

        if "\\begin" in tex:
            from .tex_environments import mend_environments

            tex = mend_environments(tex)
        operators = may_place(tex)
        if operators:
            tex = place_limits(tex, display)
        element = convert_to_element(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many exception types on bad TeX
        return None, ()
    if operators:
        mend_operators(element)
    if "href" in tex:  # `\href{url}{text}` puts the URL on a MathML element
        _drop_unsafe_links(element)
    # Not latex2mathml's `convert`: it unescapes its whole output, so `\text{a<b}` became raw
    # markup. Serialize escaped, then restore only the character references it wrote.
    from xml.etree.ElementTree import tostring  # loaded with latex2mathml, which builds trees

    mathml = _CHAR_REF.sub(r"&\1", tostring(element, encoding="unicode"))
    undefined: tuple[str, ...] = ()
    if "\\" in mathml:
        names = (name for name in _UNDEFINED.findall(mathml) if name not in _KNOWN_AS_TEX)
        undefined = tuple(dict.fromkeys(names))
    return space_functions(mathml), undefined


def _drop_unsafe_links(element: Element) -> None:
    """Remove `href`s with schemes Markdown links refuse too (`javascript:`, `data:`, ...),
    judged as a browser reads them: tabs, newlines and spaces inside the scheme ignored."""
    md = markdown_parser()
    for node in element.iter():
        url = node.get("href")
        if url is not None and not md.validateLink(_URL_NOISE.sub("", url)):
            del node.attrib["href"]


@cache  # the same two styles on every build of a watch session
def pygments_css(light: str, dark: str) -> str:
    """Stylesheet for highlighted code: `light` style by default (and on paper), `dark` in dark mode."""
    light_css = _scoped_style(light)
    dark_css = _scoped_style(dark)
    # Each style in its own block, so what the dark style leaves unset (bold keywords, italic
    # comments) cannot leak from the light one. Paper always gets the light style.
    return (
        f"@media print, not all and (prefers-color-scheme: dark) {{\n{light_css}\n}}\n"
        f"@media screen and (prefers-color-scheme: dark) {{\n{dark_css}\n}}\n"
    )


def _scoped_style(style: str) -> str:
    """A Pygments style's rules for `.highlight`, without its unscoped `pre`/line-number rules."""
    rules = HtmlFormatter(style=style).get_style_defs(".highlight")  # type: ignore[no-untyped-call]
    return "\n".join(line for line in rules.splitlines() if line.startswith(".highlight"))
