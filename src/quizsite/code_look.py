"""A document's code options as Quarto reads them from its merged metadata: `code-copy`
(a copy button on every code block, shown on hover by default), `code-overflow`,
`code-block-bg`, `code-block-border-left`, `highlight-style` (`syntax-highlighting`) and
`code-tools`. Read once per document, after its body is rendered (which says whether it shows
any code), into a `CodeLook` the page templates read; a document showing no code and asking for
no code tools has none, so its page loads nothing more. A value quizsite cannot apply is a
warning at the line that sets it. (Line numbers and a block's own overflow: code_lines.py and
codeblocks.py.)"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import Markup

from .errors import Diagnostic, warning
from .patterns import compile_later
from .repo_links import RepoLinks
from .sources import SourceFile
from .ui_words import ENGLISH_WORDS, WORDS_KEY, UiWords

# A colour CSS reads as written: a hex colour, a function (`rgb(…)`, `oklch(…)`) or a name.
_COLOUR = compile_later(r"#[0-9a-fA-F]{3,8}|[a-z]+\([0-9a-zA-Z%.,/\s+-]*\)|[a-zA-Z]+")
# The keys read here (where a key set under `format: html:` is looked for in the document).
CODE_KEYS = (
    "code-copy",
    "code-overflow",
    "code-block-bg",
    "code-block-border-left",
    "highlight-style",
    "syntax-highlighting",
    "code-tools",
)
_STYLE_DIR = "assets/highlight"


class CodeTools(NamedTuple):
    """Quarto's Code menu: its caption, whether it shows and hides folded code, and where
    its "View Source" goes (`#code-source`: the source embedded in the page; "" for none)."""

    caption: str = "Code"
    toggle: bool = True
    source_url: str = ""  # a page showing the source ("repo": the repository's, repo_links.py)
    source_html: Markup = Markup("")  # the source, in the page
    words: UiWords = ENGLISH_WORDS  # the menu's words, in the page's language (ui_words.py)


class CodeLook(NamedTuple):
    """What a page shows of its document's code options."""

    has_code: bool = False  # the page shows a highlighted code block
    copy: str = "hover"  # "hover", "always", or "" for no copy button
    wrap: bool = False  # `code-overflow: wrap` for the whole document
    style: str = ""  # custom properties of `code-block-bg` and `code-block-border-left`
    highlight: str = ""  # the page's own highlighting stylesheet, "" for the site's
    tools: CodeTools | None = None

    @property
    def classes(self) -> str:
        """The classes of the page's body that the code blocks' CSS and script read."""
        found = []
        if self.has_code and self.copy:
            found.append(f"code-copy-{self.copy}")
        if self.wrap:
            found.append("code-overflow-wrap")
        return " ".join(found)

    @property
    def script(self) -> bool:
        """Whether the page loads the code blocks' script (copy buttons, the Code menu)."""
        return bool((self.has_code and self.copy) or self.tools)


Warn = Callable[[str, str, str], None]  # key, message, hint


def code_look(
    data: Mapping[str, Any],
    at: Callable[[str], tuple[str, int]],
    shown: bool,
    site_pair: tuple[str, str] | None,
    source: Callable[[], str],
) -> tuple[CodeLook | None, list[Diagnostic]]:
    """A document's `CodeLook` from its merged metadata (`at`: where a key was written;
    `shown`: its page shows code; `site_pair`: the styles `_quarto.yml` gives every page;
    `source`: the document's text, read only for an embedded View Source)."""
    problems: list[Diagnostic] = []

    def warn(key: str, message: str, hint: str) -> None:
        problems.append(warning(*at(key), f"'{key}': {message}", hint))

    tools = _tools(data.get("code-tools"), warn, source)
    if not shown and tools is None:
        return None, problems
    look = CodeLook(
        has_code=shown,
        copy=_copy(data.get("code-copy", "hover"), warn),
        wrap=_wrap(data.get("code-overflow"), warn),
        style=_block_style(data, warn),
        highlight=_highlight(data, at, site_pair, warn),
        tools=tools,
    )
    return look, problems


def _copy(value: object, warn: Warn) -> str:
    """`code-copy`: hover (Quarto's default), always (`true`) or none (`false`)."""
    if value is True or str(value).lower() == "true":
        return "always"
    if value is False or str(value).lower() == "false":
        return ""
    if str(value).lower() != "hover":
        warn("code-copy", f"unknown value {value!r}", "use true, false or hover")
    return "hover"


def _wrap(value: object, warn: Warn) -> bool:
    """`code-overflow`: whether long lines wrap (`wrap`) rather than scroll (`scroll`)."""
    if value is None or value in ("scroll", "wrap"):
        return value == "wrap"
    warn("code-overflow", f"unknown value {value!r}", "use wrap or scroll")
    return False


def _block_style(data: Mapping[str, Any], warn: Warn) -> str:
    """The custom properties `code-block-bg` (true: the theme's background; false: none; a
    colour) and `code-block-border-left` (true: the accent colour; a colour) set."""
    parts = []
    bg = data.get("code-block-bg")
    if bg is False:
        parts.append("--code-block-bg: transparent; --code-block-cover: var(--bg)")
    elif bg is not None and bg is not True:
        colour = _colour("code-block-bg", bg, warn)
        if colour:
            parts.append(f"--code-block-bg: {colour}; --code-block-cover: {colour}")
    border = data.get("code-block-border-left")
    if border is True:
        parts.append("--code-block-border-left: var(--accent); --code-block-border-width: 4px")
    elif border is not None and border is not False:
        colour = _colour("code-block-border-left", border, warn)
        if colour:
            parts.append(f"--code-block-border-left: {colour}; --code-block-border-width: 4px")
    return "; ".join(parts)


def _colour(key: str, value: object, warn: Warn) -> str:
    """A CSS colour as written, or "" (with a warning) for anything else (a Sass variable)."""
    text = str(value).strip()
    if _COLOUR.fullmatch(text):
        return text
    warn(key, f"{text!r} is not a CSS colour", 'use true, false or a colour such as "#31BAE9"')
    return ""


def _highlight(
    data: Mapping[str, Any],
    at: Callable[[str], tuple[str, int]],
    site_pair: tuple[str, str] | None,
    warn: Warn,
) -> str:
    """The page's own highlighting stylesheet (linked after the site's, over which it wins),
    when its document names styles other than the site's (`syntax-highlighting`, Quarto's newer name, wins over `highlight-style`)."""
    key = "syntax-highlighting" if "syntax-highlighting" in data else "highlight-style"
    value = data.get(key)
    if value is None:
        return ""
    from .code_styles import style_pair

    pair = style_pair(value)
    if isinstance(pair, str):
        warn(key, pair + ": code keeps the site's highlighting", "use a style such as github")
        return ""
    return "" if pair == site_pair else style_path(pair)


def style_path(pair: tuple[str, str]) -> str:
    """Where the stylesheet of a (light, dark) pair of styles is published."""
    light, dark = pair
    return f"{_STYLE_DIR}/{light}.css" if light == dark else f"{_STYLE_DIR}/{light}--{dark}.css"


def site_pair(root: Path) -> tuple[str, str] | None:
    """The styles `_quarto.yml` (its `format: html:` too) names for every page; None when it
    names none it can apply (its documents warn of that)."""
    from .metadata import with_html_format
    from .quarto_project import project_metadata

    project = project_metadata(root)
    if project is None:
        return None
    from .code_styles import style_pair

    data = with_html_format(project[0])
    value = data.get("syntax-highlighting", data.get("highlight-style"))
    pair = style_pair(value) if value is not None else None
    return pair if isinstance(pair, tuple) else None


def code_files(looks: Iterable[CodeLook | None]) -> dict[str, bytes]:
    """The highlighting stylesheets the pages' own styles need, each once."""
    files: dict[str, bytes] = {}
    for look in looks:
        if look is not None and look.highlight and look.highlight not in files:
            from .code_styles import highlight_css

            light, _, dark = look.highlight.removeprefix(_STYLE_DIR + "/")[:-4].partition("--")
            files[look.highlight] = highlight_css((light, dark or light), page=True).encode()
    return files


def _tools(value: object, warn: Warn, source: Callable[[], str]) -> CodeTools | None:
    """`code-tools`: true for Quarto's whole menu; a mapping of `source` (true, false, a URL),
    `toggle` and `caption` (`none` for no words); false or unset for none."""
    if value is None or value is False:
        return None
    if value is True:
        return CodeTools(source_html=_source_html(source()))
    if not isinstance(value, dict):
        warn("code-tools", f"unknown value {value!r}", "use true, false or source/toggle/caption")
        return None
    caption = value.get("caption", "Code")
    caption = "" if caption is None or str(caption).lower() == "none" else str(caption)
    shown = value.get("source", True)
    url = shown.strip() if isinstance(shown, str) and shown.strip() != "repo" else ""
    toggle = value.get("toggle", True) is not False
    if shown == "repo":
        url = "repo"  # the repository's page of the document (repo_links.py)
    html = _source_html(source()) if shown is True or shown == "repo" else Markup("")
    if not (toggle or url or html):
        return None
    return CodeTools(caption=caption, toggle=toggle, source_url=url, source_html=html)


def _source_html(text: str) -> Markup:
    """A document's source, highlighted as Markdown, for its page's View Source."""
    from .markdown import highlight_code

    return Markup(highlight_code(text, "markdown"))


def post_code_look(
    source: SourceFile,
    data: Mapping[str, Any],
    origins: Mapping[str, tuple[str, int]],
    env: Mapping[str, Any],
    repo: RepoLinks | None = None,
) -> tuple[CodeLook | None, list[Diagnostic]]:
    """A parsed document's `CodeLook` (see `code_look`), each of its own keys placed at its
    line even under `format: html:`; a Code menu's `source: repo` goes to the repository's
    page of the document (else to the source embedded in the page)."""
    if not env.get("code_shown") and data.get("code-tools") in (None, False):
        return None, []  # a page without code or Code menu: nothing to read, as `code_look`
    from .look import _key_line

    texts = {source.rel: source.text, **dict(source.metadata)}

    def at(key: str) -> tuple[str, int]:
        path, line = origins.get(key, (source.rel, 1))
        return (path, _key_line(texts[path], key)) if line == 1 and path in texts else (path, line)

    pair = site_pair(source.root) if source.quarto else None
    look, problems = code_look(data, at, bool(env.get("code_shown")), pair, lambda: source.text)
    if look is not None and look.tools is not None and look.tools.source_url == "repo":
        look = look._replace(tools=_repo_source(look.tools, repo))
    if look is not None and look.tools is not None and env.get(WORDS_KEY) is not None:
        look = look._replace(tools=_translated(look.tools, env[WORDS_KEY]))
    return look, problems


def _translated(tools: CodeTools, words: UiWords) -> CodeTools:
    """A Code menu in the page's language (a caption of the author's kept)."""
    caption = words["code-tools-menu-caption"] if tools.caption == "Code" else tools.caption
    return tools._replace(caption=caption, words=words)


def _repo_source(tools: CodeTools, repo: RepoLinks | None) -> CodeTools | None:
    """A Code menu whose `source: repo` goes to the repository's page of the document, else
    to the source in the page (None when that leaves it nothing to offer)."""
    url = (repo.url("source") or repo.url("edit").replace("/edit/", "/blob/", 1)) if repo else ""
    tools = tools._replace(source_url=url)
    return tools if tools.source_url or tools.toggle or tools.source_html else None
