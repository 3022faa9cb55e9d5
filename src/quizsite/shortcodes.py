"""markdown-it plugin: Quarto shortcodes (`{{< name args >}}`) in a document's text.

`video`, `meta`, `var`, `env`, `kbd`, `pagebreak` and (builtin_shortcodes.py) `lipsum`,
`placeholder` and `version` are rendered, `embed` by embeds.py; `include` is pasted in before parsing
(see includes.py); any other name is an extension's, left out with a warning. In code a
shortcode stays text, and the escapes `{{{< x >}}}` and `{{</* x */>}}` show `{{< x >}}` there
as everywhere else (unless the code block says `shortcodes=false`, which keeps them verbatim).

The document's metadata and the site's variables reach the rules through markdown-it's `env`
(keys below); problems go to `env["shortcode_diagnostics"]` at 0-based body lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType

from .errors import Diagnostic, warning
from .patterns import compile_later
from .quarto_env import env_shortcode
from .shortcode_values import as_text as _as_text
from .shortcode_values import dig as _dig

ICON_SHORTCODES = ("fa", "iconify", "bi", "bsicon")  # icon extensions' (icon_shortcodes.py)
_ICON_KINDS = (*ICON_SHORTCODES, "ai")  # the shortcodes `_icon` draws

META_KEY = "front_matter"  # the document's front matter (a dict); figures read it too
VARIABLES_KEY = "quizsite_variables"  # a callable returning `_variables.yml` as a dict
VARIABLES_NAME_KEY = "quizsite_variables_name"  # that file's name: `_variables.yml` or `.yaml`
DIAGNOSTICS_KEY = "shortcode_diagnostics"
_DEPTH_KEY = "shortcode_depth"
_MAX_DEPTH = 4  # a value (of `meta` or `var`) may hold shortcodes in turn, not without end
_ESCAPES = compile_later(r"\{\{\{<(.*?)>\}\}\}|\{\{</\*(.*?)\*/>\}\}", re.DOTALL)
_NO_SHORTCODES = compile_later(r"""shortcodes\s*=\s*["']?false""")
_OPTION = compile_later(r"^[A-Za-z][\w-]*=")  # `title=...`; a URL with `?v=` is positional
_OS_NAMES = (("mac", "macOS"), ("win", "Windows"), ("linux", "Linux"))


def shortcodes_plugin(md: MarkdownIt) -> None:
    """Add the shortcode inline rule, and the core rule resolving shortcodes once parsed."""
    # Last in the chain: no other rule takes a `{`, so only `{` characters meet it.
    md.inline.ruler.push("shortcode", _shortcode_rule)
    md.core.ruler.after("inline", "shortcodes", _resolve_shortcodes)


def shortcode_diagnostics(env: EnvType) -> list[Diagnostic]:
    """Problems the plugin found, with 0-based body lines (the caller places them in files)."""
    found: list[Diagnostic] = env.get(DIAGNOSTICS_KEY, [])
    return found


def unescape_shortcodes(text: str) -> str:
    """`text` with `{{{< x >}}}` and `{{</* x */>}}` written as the `{{< x >}}` they show."""
    if "{{" not in text:
        return text
    return _ESCAPES.sub(lambda m: "{{<" + (m.group(1) or m.group(2) or "") + ">}}", text)


# A link's or image's destination holding shortcodes: `](https://{{< meta sub >}}host/x)`.
_DESTINATION = compile_later(r"\]\((?P<dest>(?:[^()\s{]|\{\{<[^<>]*>\}\}|\{(?!\{<))+)")
_VALUE_SHORTCODE = compile_later(r"(?<!\{)\{\{<\s*([\w-]+)\s*([^<>]*?)\s*>\}\}")


def resolve_in_destinations(body: str, env: EnvType, problems: list[Diagnostic]) -> str:
    """`body` with the `meta` and `var` shortcodes in link and image destinations replaced by
    their values: Markdown reads no link whose destination has spaces, so they are resolved
    before parsing (as Quarto does). Problems are recorded at 0-based body lines."""
    if "](" not in body or "{{<" not in body:
        return body

    def destination(match: re.Match[str]) -> str:
        """One destination with its shortcodes resolved."""
        if "{{<" not in match["dest"]:
            return match.group(0)
        line = body.count("\n", 0, match.start())

        def value(found: re.Match[str]) -> str:
            """The text one shortcode stands for in an address."""
            kind, key = found.group(1), found.group(2).strip("\"' ")
            if kind not in ("meta", "var"):  # e.g. a Hugo `ref` left in a moved blog
                problems.append(
                    warning(
                        "",
                        line,
                        f"unknown shortcode {kind!r} left out of a link",
                        "only meta and var can stand in a link's address",
                    )
                )
                return ""
            data = env.get(META_KEY) or {} if kind == "meta" else _variables(env, problems, line)
            found_value = _dig(data, key)
            text = None if found_value is None else _as_text(found_value)
            if text is None:
                source = _source(env, kind)
                problems.append(
                    warning("", line, f"{kind} key {key!r} is not in {source}", f"define {key}")
                )
            return text or ""

        resolved = _VALUE_SHORTCODE.sub(value, match["dest"])
        return "](" + (resolved or "<>")  # `<>`: an empty address, still a link

    return _DESTINATION.sub(destination, body)


def _source(env: EnvType, kind: str) -> str:
    """Where a `meta` or `var` shortcode's key is looked up, as messages name it."""
    return "the front matter" if kind == "meta" else env.get(VARIABLES_NAME_KEY, "_variables.yml")


def _variables(env: EnvType, problems: list[Diagnostic], line: int) -> object:
    """The site's variables, a warning at `line` if they cannot be read."""
    load = env.get(VARIABLES_KEY)

    def warn(message: str, hint: str) -> list[Token]:
        """Record a warning at `line`."""
        problems.append(warning("", line, message, hint))
        return []

    return load(warn) if load else {}


def _shortcode_rule(state: StateInline, silent: bool) -> bool:
    """`{{< ... >}}` as a `shortcode` token; `{{{< ... >}}}` and `{{</* ... */>}}` as text."""
    src, pos = state.src, state.pos
    if not src.startswith("{{", pos):
        return False
    match = _ESCAPES.match(src, pos)
    if match:
        if not silent:
            state.push("text", "", 0).content = unescape_shortcodes(match.group(0))
        state.pos = match.end()
        return True
    if not src.startswith("{{<", pos):
        return False
    end = src.find(">}}", pos + 3)
    if end < 0 or end + 3 > state.posMax:
        return False
    if not silent:
        token = state.push("shortcode", "", 0)
        token.content = src[pos + 3 : end].strip()
        token.meta = {"offset": pos}
    state.pos = end + 3
    return True


def _resolve_shortcodes(state: StateCore) -> None:
    """Replace each shortcode token by what it stands for, and unescape shortcodes in code."""
    if "{{" not in state.src:
        return
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("fence", "code_block"):
            if not _NO_SHORTCODES.search(token.info):
                token.content = unescape_shortcodes(token.content)
        elif token.type == "html_block" and "{{<" in token.content:
            token.content = _resolve_raw(state, token.content, token.map)
        elif token.type == "inline" and token.children:
            _resolve_inline(state, token)
            if i > 0 and tokens[i - 1].type == "paragraph_open":
                i = _unwrap(state, i)
        i += 1


def _unwrap(state: StateCore, i: int) -> int:
    """A paragraph (its inline at `i`) holding only a block shortcode replaced by that block:
    a video or page break as HTML, an embed as its cells; the index of its last token."""
    tokens, inline = state.tokens, state.tokens[i]
    fences = _embedded(state, inline)
    if fences is not None:
        for fence in fences:
            fence.map = inline.map
        tokens[i - 1 : i + 2] = fences
        return i - 2 + len(fences)
    block = _lone_block(inline)
    if block is None:
        return i
    html = Token("html_block", "", 0, content=block, map=inline.map, block=True)
    tokens[i - 1 : i + 2] = [html]
    return i - 1


def _resolve_raw(state: StateCore, html: str, where: list[int] | None) -> str:
    """Raw HTML with its `meta` and `var` shortcodes replaced by their values, escaped (as
    Quarto fills `<img src="{{< meta photo >}}">`), an icon (`fa`, `ai`) and another alone on its
    line by what it shows (a video inside a `<div>`); any other is left out with a warning."""
    problems = state.env.setdefault(DIAGNOSTICS_KEY, [])

    def value(found: re.Match[str]) -> str:
        """The text one shortcode stands for in HTML."""
        line = where[0] + html.count("\n", 0, found.start()) if where else None
        kind, key = found[1], found[2].strip("\"' ")
        if kind not in ("meta", "var"):
            return _other_in_html(state, html, found, line, problems)
        data = (
            state.env.get(META_KEY) or {}
            if kind == "meta"
            else _variables(state.env, problems, line or 0)
        )
        text = _as_text(_dig(data, key)) if _dig(data, key) is not None else None
        if text is None:
            where_from = _source(state.env, kind)
            problems.append(
                warning("", line, f"{kind} key {key!r} is not in {where_from}", f"define {key}")
            )
        return escape(text or "")

    return _VALUE_SHORTCODE.sub(value, html)


def _other_in_html(
    state: StateCore,
    html: str,
    found: re.Match[str],
    line: int | None,
    problems: list[Diagnostic],
) -> str:
    """A shortcode other than `meta` and `var` in raw HTML: alone on its line, what it shows (a
    video in a `<div>`); an icon in text, its glyph; else nothing (a warning, unless hidden)."""
    kind = found[1]
    if html.rfind("<!--", 0, found.start()) > html.rfind("-->", 0, found.start()):
        return ""  # inside an HTML comment: nobody sees it, so nothing is missing
    # Pandoc reads a <div>'s lines as Markdown (a video); an icon in text is drawn (`<a>`).
    if _alone_on_its_line(html, found) or (
        kind in _ICON_KINDS and _outside_tags(html, found.start())
    ):
        tokens = _expand(state, found[0][3:-3].strip(), line)
        return "".join(t.meta.get("block") or t.content for t in tokens)
    hint = "only meta and var are filled in inside raw HTML"
    problems.append(warning("", line, f"unknown shortcode {kind!r} left out", hint))
    return ""


def _outside_tags(html: str, at: int) -> bool:
    """Whether position `at` of raw HTML is text, not inside a tag (an attribute's value)."""
    return html.rfind("<", 0, at) <= html.rfind(">", 0, at)


def _alone_on_its_line(text: str, found: re.Match[str]) -> bool:
    """Whether a shortcode in raw HTML is the only thing on its line (not in an attribute)."""
    start = text.rfind("\n", 0, found.start()) + 1
    end = text.find("\n", found.end())
    after = text[found.end() :] if end < 0 else text[found.end() : end]
    return not text[start : found.start()].strip() and not after.strip()


def _embedded(state: StateCore, inline: Token) -> list[Token] | None:
    """The cells of an embed standing alone in a paragraph; an embed among other text shows
    nothing, with a warning (Quarto places an embed's cells as blocks of their own)."""
    children = inline.children or ()
    found = [c for c in children if c.type == "html_inline" and "fences" in (c.meta or {})]
    if len(found) == 1 and _lone_block(inline) is not None:
        fences: list[Token] = found[0].meta["fences"]
        return fences
    if not any(c.meta["fences"] for c in found):
        return None  # no embed, or embeds that show nothing (each already warned of)
    hint = "put {{< embed ... >}} on a line by itself, with blank lines around it"
    line = inline.map[0] if inline.map else None
    problem = warning("", line, "embed must stand alone in its paragraph", hint)
    state.env.setdefault(DIAGNOSTICS_KEY, []).append(problem)
    return None


def _lone_block(inline: Token) -> str | None:
    """The block HTML of a paragraph holding only a block shortcode, else None."""
    children = [
        c for c in inline.children or () if not (c.type == "text" and not c.content.strip())
    ]
    children = [c for c in children if c.type not in ("softbreak", "hardbreak")]
    if len(children) == 1 and children[0].type == "html_inline" and children[0].meta:
        block: str | None = children[0].meta.get("block")
        return block
    return None


def _resolve_inline(state: StateCore, inline: Token) -> None:
    """Resolve the shortcodes among an inline token's children."""
    children: list[Token] = []
    for child in inline.children or ():
        if child.type == "code_inline":
            child.content = unescape_shortcodes(child.content)
        elif child.type == "html_inline" and "{{<" in child.content:
            child.content = _resolve_raw(state, child.content, inline.map)
        if child.type != "shortcode":
            children.append(child)
            continue
        line = None
        if inline.map:
            line = inline.map[0] + inline.content.count("\n", 0, child.meta["offset"])
        children.extend(_expand(state, child.content, line))
    inline.children = children


def _expand(state: StateCore, content: str, line: int | None) -> list[Token]:
    """The tokens one shortcode stands for (none, with a warning, when it cannot be shown)."""
    env = state.env

    def warn(message: str, hint: str) -> list[Token]:
        """Record a warning at the shortcode's line; the shortcode shows nothing."""
        env.setdefault(DIAGNOSTICS_KEY, []).append(warning("", line, message, hint))
        return []

    import shlex  # here: a document without shortcodes never splits one

    try:
        words = shlex.split(content)
    except ValueError:
        return warn(f"cannot read the shortcode {{{{< {content} >}}}}", "close its quotes")
    if not words:
        return warn("empty shortcode {{< >}}", "name a shortcode, e.g. {{< video URL >}}")
    name, args = words[0], words[1:]
    positional = [a for a in args if not _OPTION.match(a)]
    options = dict(a.split("=", 1) for a in args if _OPTION.match(a))
    handler = _HANDLERS.get(name)
    if handler is None:
        return warn(
            f"unknown shortcode {name!r} left out",
            "quizsite renders Quarto's built-in shortcodes and the icons "
            "of fa, iconify and bi; other shortcodes of Quarto extensions are not run",
        )
    return handler(state, positional, options, warn)


Warn = Callable[[str, str], list[Token]]


def html_tokens(content: str, block: str | None = None) -> list[Token]:
    """One html_inline token; `block` is the markup to use when it stands alone."""
    token = Token("html_inline", "", 0, content=content)
    token.meta = {"block": block} if block else {}
    return [token]


def _video(state: StateCore, args: list[str], options: dict[str, str], warn: Warn) -> list[Token]:
    """`{{< video URL ... >}}`: a responsive, titled embed."""
    # `src=` wins over the first bare word, as Quarto's (YouTube's `allowfullscreen` is none).
    url = options.get("src") or (args[0] if args else "")
    if not url:
        return warn("video shortcode names no video", "write {{< video https://youtu.be/ID >}}")
    from .videos import video_html

    html = video_html(url, options)
    if html is None:
        return warn(
            f"cannot embed the video {url!r}",
            "use an http(s) URL or a video file beside the post",
        )
    return html_tokens(html.replace("<div", "<span", 1).replace("</div>", "</span>"), html + "\n")


def _kbd(state: StateCore, args: list[str], options: dict[str, str], warn: Warn) -> list[Token]:
    """`{{< kbd Ctrl-C >}}`, or per system (`mac=`, `win=`, `linux=`): every form is shown."""
    parts = [f"<kbd>{escape(args[0])}</kbd>"] if args else []
    systems = [
        f'<span class="kbd-os">{label}</span> <kbd>{escape(options[key])}</kbd>'
        for key, label in _OS_NAMES
        if options.get(key)
    ]
    if not parts and not systems:
        return warn("kbd shortcode names no keys", "write {{< kbd Ctrl-C >}}")
    if systems:
        joined = ", ".join(systems)
        parts.append(f"({joined})" if parts else joined)
    return html_tokens(f'<span class="kbd">{" ".join(parts)}</span>')


def _pagebreak(
    state: StateCore, args: list[str], options: dict[str, str], warn: Warn
) -> list[Token]:
    """`{{< pagebreak >}}`: a break when printed, nothing on screen."""
    return html_tokens(
        '<span class="pagebreak" aria-hidden="true"></span>',
        '<div class="pagebreak" aria-hidden="true"></div>\n',
    )


def _include_inline(
    state: StateCore, args: list[str], options: dict[str, str], warn: Warn
) -> list[Token]:
    """An include that is not alone on its line: Quarto requires a line of its own."""
    return warn(
        "include must stand alone on its own line",
        "put {{< include ... >}} on a line by itself, with blank lines around it",
    )


def _embed(state: StateCore, args: list[str], options: dict[str, str], warn: Warn) -> list[Token]:
    """`{{< embed notebook.ipynb#label echo=true >}}`: a notebook cell's stored outputs."""
    from .embeds import embed_cells

    if not args:
        return warn("embed names no notebook", "write {{< embed notebook.ipynb#cell-label >}}")
    echo = options.get("echo", "false").strip("\"'").lower() == "true"
    nested = {k: v for k, v in state.env.items() if k != DIAGNOSTICS_KEY}

    def markdown(text: str) -> str:
        """An embedded markdown cell's HTML, rendered as the page's own Markdown."""
        return str(state.md.render(text, nested))

    fences = embed_cells(state.env, args[0], echo, warn, markdown, state.md)
    # Later rules look at the page's text for their syntax: it holds the embedded Markdown now.
    for first in fences[:1]:
        state.src += "\n" + (first.meta or {}).pop("embedded_text", "")
    token = Token("html_inline", "", 0, content="")
    # `block`: it stands alone (`_lone_block`); kept when empty too, so it leaves no `<p>`.
    token.meta = {"block": "\n", "fences": fences}
    return [token]


def _meta(state: StateCore, args: list[str], options: dict[str, str], warn: Warn) -> list[Token]:
    """`{{< meta key.sub >}}`: a value of the document's front matter, as Markdown."""
    return _lookup(state, "meta", args, state.env.get(META_KEY) or {}, warn)


def _var(state: StateCore, args: list[str], options: dict[str, str], warn: Warn) -> list[Token]:
    """`{{< var key.sub >}}`: a value of the site's `_variables.yml`, as Markdown."""
    load = state.env.get(VARIABLES_KEY)
    variables = load(warn) if load else {}
    return _lookup(state, "var", args, variables, warn)


def _lookup(state: StateCore, kind: str, args: list[str], data: object, warn: Warn) -> list[Token]:
    """The tokens of the value at a dotted key (`a.b`, `authors.1`; `\\.` is a literal dot)."""
    if not args:
        return warn(f"{kind} shortcode names no key", f"write {{{{< {kind} title >}}}}")
    key = args[0]
    value = _dig(data, key)
    if value is None:
        source = _source(state.env, kind)
        return warn(f"{kind} key {key!r} is not in {source}", f"define {key} in {source}")
    text = _as_text(value)
    if text is None:
        return warn(f"{kind} key {key!r} is not text", "point at a text, number or list of them")
    depth = state.env.get(_DEPTH_KEY, 0)
    if depth >= _MAX_DEPTH:
        return warn(f"{kind} key {key!r} expands without end", "a value must not refer to itself")
    env = {**state.env, _DEPTH_KEY: depth + 1}
    inner = state.md.parseInline(text, env)
    return list(inner[0].children or []) if inner else []


def _icon(kind: str) -> Callable[[StateCore, list[str], dict[str, str], Warn], list[Token]]:
    """The handler of an extension's icon shortcode (icon_shortcodes.py)."""

    def icon(state: StateCore, args: list[str], options: dict[str, str], warn: Warn) -> list[Token]:
        """`{{< fa brands github >}}`, `{{< ai orcid >}}`, `{{< bi github >}}`: an icon."""
        from .embeds import ROOT_KEY
        from .icon_shortcodes import draw_icon

        html, problems = draw_icon(kind, args, options, state.env.get(ROOT_KEY))
        warned = [t for problem in problems for t in warn(*problem)]
        return [*warned, *html_tokens(html)] if html else warned

    return icon


def _builtin(name: str) -> Callable[[StateCore, list[str], dict[str, str], Warn], list[Token]]:
    """The handler of a Quarto built-in shortcode (builtin_shortcodes.py, loaded at first use)."""

    def handler(state: StateCore, args: list[str], opts: dict[str, str], warn: Warn) -> list[Token]:
        """The handler `name` of builtin_shortcodes.py."""
        from . import builtin_shortcodes

        found: list[Token] = getattr(builtin_shortcodes, name)(state, args, opts, warn)
        return found

    return handler


def _tweet(state: StateCore, args: list[str], options: dict[str, str], warn: Warn) -> list[Token]:
    """`{{< tweet user id >}}` (sellorm/social-embeds): a link to the post (social_embeds.py)."""
    from .embeds import ROOT_KEY
    from .social_embeds import tweet

    shown, problem = tweet(args, options, state.env.get(ROOT_KEY))
    return [*warn(*problem), *(html_tokens(*shown) if shown else ())]


_HANDLERS: dict[str, Callable[[StateCore, list[str], dict[str, str], Warn], list[Token]]] = {
    "tweet": _tweet,
    "video": _video,
    "kbd": _kbd,
    "pagebreak": _pagebreak,
    "include": _include_inline,
    "embed": _embed,
    "meta": _meta,
    "var": _var,
    "env": env_shortcode,
    **{name: _builtin(name) for name in ("lipsum", "placeholder", "version")},
    **{kind: _icon(kind) for kind in _ICON_KINDS},
}
