"""Site configuration: `quizsite.toml` (or a Quarto blog's `_quarto.yml`) into a frozen `SiteConfig`."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from . import quarto_names
from .errors import BuildFailed, Diagnostic, error, warning
from .paths import read_site_text
from .patterns import compile_later
from .quarto_names import FLATTEN, QUARTO_POSTS, SURROGATE, MenuItem, Origin, is_project_file

if TYPE_CHECKING:
    from .analytics import Analytics
    from .look import Look
    from .sidebar_contents import Sidebar
    from .site_chrome import Footer

CONFIG_NAME = "quizsite.toml"


class SiteConfig(NamedTuple):
    """Everything a build needs to know about the site; built once, never changed."""

    root: Path
    title: str = "Quiz blog"
    description: str = ""
    author: str = ""
    base_url: str = "/"
    language: str = "en"
    theme: str = "default"
    posts_per_page: int = 10
    readings_per_page: int = 50
    date_format: str = "%B %-d, %Y"
    highlight_style: str = "friendly"
    highlight_style_dark: str = "monokai"
    feed_size: int = 20
    publish_answers: bool = False
    search: bool = True  # a search index of the posts, and the theme's search box and page
    # The sidebar's readings stay folded until the reader answers (they name the answer).
    fold_sidebar_readings: bool = True
    # A light/dark toggle in the header of pages in the default look (the reader's choice kept
    # in localStorage); off for a Quarto project, where only a theme's light/dark pair has one.
    scheme_toggle: bool = True
    strict_quizzes: bool = False  # a post meant as a quiz that builds as an article fails
    content: str = "content"  # the posts' folder, relative to root, POSIX style
    drafts: bool = False
    future: bool = False
    execute: bool = True  # run posts' code cells (those without frozen output) at build time
    execute_timeout: int = 60  # seconds one cell may run
    quarto: bool = False  # a Quarto blog (`_quarto.yml` beside `posts/`): Quarto's URLs
    # The site's menu: (text, href, icon, side) each, `side` "left" or "right"; an href naming
    # a document (`about.qmd`) links to its page, and an item without text takes its title.
    menu: tuple[MenuItem, ...] = ()
    render: tuple[str, ...] = ()  # Quarto's `project.render`: the documents to render
    # Quarto's active project profiles: posts' parses read their files and follow them.
    profiles: tuple[str, ...] = ()
    icons: tuple[tuple[str, str], ...] = ()  # the menu's icons: (name, inline SVG) each
    output_dir: str = ""  # where the site is written (Quarto's `project.output-dir`)
    favicon: str = ""  # the site's icon, relative to the root (Quarto's `website.favicon`)
    navbar_logo: str = ""  # the navbar's image, relative to the root (`website.navbar.logo`)
    warnings: tuple[Diagnostic, ...] = ()  # what the settings leave out (a nested navbar menu)
    look: Look | None = None  # `_quarto.yml`'s theme, stylesheets, includes: every page's look
    footer: Footer | None = None  # Quarto's `website: page-footer`, in place of quizsite's own
    sidebars: tuple[Sidebar, ...] = ()  # Quarto's `website: sidebar` (docs sites' navigation)
    # `website: back-to-top-navigation`, `page-navigation` (unless a page's metadata says no)
    back_to_top: bool = False
    # False for a Quarto site without `website.title`: Quarto shows and names no site then.
    title_shown: bool = True
    header_style: str = ""  # the navbar's `background`/`foreground` (custom properties)
    analytics: Analytics | None = None  # Google Analytics and cookie consent (analytics.py)
    page_navigation: bool = False
    draft_mode: str = "gone"  # Quarto's `website: draft-mode`: gone, unlinked or visible
    body_chrome: tuple[str, str] = ("", "")  # `website: body-header`, `body-footer`, as HTML

    @property
    def content_dir(self) -> Path:
        """Where the posts live."""
        return self.root / self.content

    @property
    def origin(self) -> str:
        """`https://host` of the base URL, or "" when base_url is only a path."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""

    @property
    def base_path(self) -> str:
        """The URL path the site is served under, always starting and ending with `/`."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"


# Keys an author may set in quizsite.toml, with the type each must have.
_KEY_TYPES: dict[str, type] = {
    "title": str,
    "description": str,
    "author": str,
    "base_url": str,
    "language": str,
    "theme": str,
    "posts_per_page": int,
    "readings_per_page": int,
    "date_format": str,
    "highlight_style": str,
    "highlight_style_dark": str,
    "feed_size": int,
    "publish_answers": bool,
    "search": bool,
    "fold_sidebar_readings": bool,
    "scheme_toggle": bool,
    "strict_quizzes": bool,
    "content_dir": str,
    "execute": bool,
    "execute_timeout": int,
    "menu": list,
}
# TOML keys whose SiteConfig field has another name (`content_dir` is the resolved Path).
_FIELD_OF = {"content_dir": "content"}
_TYPE_NAMES = {str: "a string", int: "a whole number", bool: "true or false", list: "a list"}
_AT_LEAST_ONE = ("posts_per_page", "readings_per_page", "feed_size", "execute_timeout")


def load_config(
    root: Path, *, base_url: str | None = None, drafts: bool = False, future: bool = False
) -> SiteConfig:
    """Read the site's settings, apply command-line overrides, and validate them all at once.

    Values are layered: the defaults, then a Quarto blog's `_quarto.yml` (title, description,
    site-url, lang), then `quizsite.toml`, then the command line; the later one wins.
    """
    # Known by its absolute path (the build cache and a watcher compare it), however spelled.
    root = root.resolve()
    project = quarto_names.project_file(root)  # `_quarto.yml`, else `_quarto.yaml`
    values: dict[str, Any] = {}
    origins: dict[str, Origin] = {}
    problems: list[Diagnostic] = []
    if is_quarto_blog(root):
        values["content_dir"] = QUARTO_POSTS
    if project is not None:
        from .quarto_project import read_quarto  # here: only a Quarto project reads YAML

        quarto, quarto_origins, quarto_problems = read_quarto(project)
        values.update(quarto)
        # Quarto shows a light/dark toggle only for a theme's light and dark pair.
        values["scheme_toggle"] = False
        origins.update(quarto_origins)
        problems.extend(quarto_problems)
        from .site_chrome import quarto_chrome

        chrome, chrome_problems = quarto_chrome(root)
        values.update(chrome)
        problems.extend(chrome_problems)
    _read_toml(root, values, origins, problems)
    if base_url is not None:
        values["base_url"] = base_url
        origins["base_url"] = (CONFIG_NAME, None)  # from --base-url: no line to point at
    _apply_site_path(values)
    _check_places(values, origins, problems)
    _menu_icons(values, origins, problems)
    if any(p.severity == "error" for p in problems):
        raise BuildFailed(problems)
    values["warnings"] = tuple(problems)  # reported by every build, which goes on
    # Quarto's URLs for a Quarto blog's own posts/ (not for another folder quizsite.toml names).
    values["quarto"] = is_quarto_blog(root) and values.get("content_dir") == QUARTO_POSTS
    if project is not None and "title" not in values:
        values["title_shown"] = False
    fields = {_FIELD_OF.get(key, key): value for key, value in values.items()}
    if os.environ.get("QUIZSITE_NO_EXECUTE") == "1":  # the command line's --no-execute
        fields["execute"] = False
    drafts = drafts or fields.get("draft_mode") == "visible"  # Quarto's drafts shown and linked
    return SiteConfig(root=root, drafts=drafts, future=future, **fields)


def _read_toml(
    root: Path, values: dict[str, Any], origins: dict[str, Origin], problems: list[Diagnostic]
) -> None:
    """Layer `quizsite.toml`'s settings (when there is one) over those read so far."""
    path = root / CONFIG_NAME
    if not (path.is_file() or path.is_symlink()):
        return
    text = read_site_text(path, root)  # inside the site, readable, UTF-8, or BuildFailed
    table = _parse_toml(text)
    problems.extend(_check_keys(table, text))
    if isinstance(table.get("menu"), list):
        menu, menu_problems = toml_menu(table["menu"], key_line(text, "menu"))
        table["menu"] = menu
        problems.extend(menu_problems)
    values.update(table)
    origins.update({key: (CONFIG_NAME, key_line(text, key)) for key in table})


def _menu_icons(
    values: dict[str, Any], origins: dict[str, Origin], problems: list[Diagnostic]
) -> None:
    """The glyphs of the icons the menu names (Bootstrap Icons, as Quarto); an icon that
    cannot be shown is a warning at its item, which shows its text instead."""
    menu = values.get("menu", ())
    named = [icon for item in menu for icon in (item[2], *(e[2] for e in item[4])) if icon]
    footer_icons = values.pop("footer_icons", [])
    if not named and not footer_icons:
        return
    places = [
        (name, *origins.get(f"icon {name}", origins.get("menu", (CONFIG_NAME, None))))
        for name in named
    ]
    places += [(name, file, line) for name, (file, line) in footer_icons]
    from .icons import ICON_HINT, menu_icons

    values["icons"], missing = menu_icons(places)
    problems.extend(warning(file, line, why, ICON_HINT) for file, line, why in missing)


def _check_places(
    values: dict[str, Any], origins: dict[str, Origin], problems: list[Diagnostic]
) -> None:
    """Check and normalise the base URL and the content folder, wherever they were set."""
    if isinstance(values.get("base_url"), str):
        origin = origins.get("base_url", (CONFIG_NAME, None))
        values["base_url"] = _with_scheme(values["base_url"], origin, problems)
        problem = _check_base_url(values["base_url"], origin)
        if problem:
            problems.append(problem)
        values["base_url"] = values["base_url"].rstrip("/") + "/"  # paths join cleanly
    if isinstance(values.get("content_dir"), str):
        content = _normalise_content_dir(values["content_dir"])
        if content is None:
            origin = origins.get("content_dir", (CONFIG_NAME, None))
            problems.append(_content_dir_problem(values["content_dir"], origin))
        else:
            values["content_dir"] = content


def is_quarto_blog(root: Path) -> bool:
    """True for a Quarto project: its file (`_quarto.yml`) beside a `posts/` folder, or without
    quizsite's layout (`quizsite.toml`, `content/posts/`): a personal site whose blog is
    `blog/`, a notebook site; every document is then a page at Quarto's URL."""
    if quarto_names.project_file(root, Path.is_file) is None:
        return False
    if (root / QUARTO_POSTS).is_dir():
        return True
    return not ((root / CONFIG_NAME).is_file() or (root / "content" / "posts").is_dir())


def _parse_toml(text: str) -> dict[str, Any]:
    """The TOML table of quizsite.toml, or BuildFailed pointing at the syntax error."""
    try:
        return tomllib.loads(text)
    except RecursionError:  # tables or arrays nested thousands deep
        raise BuildFailed(
            [error(CONFIG_NAME, None, "invalid TOML: nested too deeply", FLATTEN)]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        reason = re.sub(r" \(at line.*", "", str(exc))
        raise BuildFailed(
            [
                error(
                    CONFIG_NAME,
                    int(match.group(1)) if match else None,
                    f"invalid TOML: {reason}",
                    'check quoting: strings need double quotes, e.g. title = "My quizzes"',
                )
            ]
        ) from None


# A theme is a folder of themes/ (the site's, or a shipped one): a name, never a path.
_THEME_NAME = compile_later(r"(?!\.\.?$)[^/\\\x00-\x1f]+")
# Control characters have no place in a URL (and XML 1.0 forbids most of them).
_CONTROL = re.compile("[\x00-\x1f\x7f]")


# ------------------------------------------------------------------------------------------------
# Checks


def _check_keys(values: dict[str, Any], text: str) -> list[Diagnostic]:
    """Report unknown keys and values of the wrong type, naming each key."""
    problems = []
    for key, value in values.items():
        line = key_line(text, key)
        expected = _KEY_TYPES.get(key)
        if expected is None:
            import difflib  # here: only a mistyped key needs it

            close = difflib.get_close_matches(key, _KEY_TYPES, n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "known keys: " + ", ".join(sorted(_KEY_TYPES))
            )
            problems.append(error(CONFIG_NAME, line, f"unknown key '{key}'", hint))
        elif type(value) is not expected:
            problems.append(
                error(
                    CONFIG_NAME,
                    line,
                    f"'{key}' must be {_TYPE_NAMES[expected]}, not {_describe(value)}",
                    f"for example: {key} = {_example(key)}",
                )
            )
        elif key.startswith("highlight_style") and not _known_style(value):
            problems.append(
                error(
                    CONFIG_NAME,
                    line,
                    f"unknown code highlighting style {value!r}",
                    'use a Pygments style name such as "friendly", "xcode" or "monokai"',
                )
            )
        elif key == "theme" and not _THEME_NAME.fullmatch(str(value)):
            problems.append(
                error(
                    CONFIG_NAME,
                    line,
                    f"'theme' must be the name of a folder in themes/, not {value!r}",
                    'for example: theme = "default" (a name, not a path)',
                )
            )
        elif key in _AT_LEAST_ONE and isinstance(value, int) and value < 1:
            problems.append(
                error(CONFIG_NAME, line, f"'{key}' must be at least 1", f"{key} = {_example(key)}")
            )
    return problems


_BASE_URL_HINT = 'for example: base_url = "https://user.github.io/quiz-blog/"'


def _with_scheme(url: str, origin: Origin, problems: list[Diagnostic]) -> str:
    """A `site-url` written without its scheme (`ada.github.io/blog`), which Quarto builds
    with, read as an https URL, with a warning; any other URL as it is."""
    host = url.split("/", 1)[0]
    if not is_project_file(origin[0]) or "://" in url or url.startswith("/") or "." not in host:
        return url
    problems.append(
        warning(
            origin[0],
            origin[1],
            f"'website.site-url' has no scheme: read as https://{url}",
            f"write it in full: site-url: https://{url}",
        )
    )
    return "https://" + url


def _check_base_url(url: str, origin: Origin) -> Diagnostic | None:
    """A base URL is either a path (`/blog/`) or a full http(s) URL."""
    file, line = origin
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # `https://[::1/`: an IPv6 host left open
        return error(file, line, f"invalid base URL {url!r}: {exc}", _BASE_URL_HINT)
    if _CONTROL.search(url) or SURROGATE.search(url):
        return error(file, line, f"the base URL {url!r} holds a control character", _BASE_URL_HINT)
    if url.startswith("/") and not parts.netloc:
        return None
    if parts.scheme in ("http", "https") and parts.netloc:
        return None
    if is_project_file(file):
        return error(
            file,
            line,
            f"'website.site-url' must be a full http(s) URL, not {url!r}",
            "for example: site-url: https://user.github.io/quiz-blog/",
        )
    return error(
        file,
        line,
        f"'base_url' must be a full URL or a path starting with '/', not {url!r}",
        'for example: base_url = "https://user.github.io/quiz-blog/"',
    )


def _normalise_content_dir(value: str) -> str | None:
    """`content_dir` as a clean relative POSIX path below the root, or None if it is not one."""
    text = value.strip().replace("\\", "/")
    if _CONTROL.search(text) or SURROGATE.search(text):  # a NUL ends a path for the system
        return None
    path = PurePosixPath(text)
    if not text or path.is_absolute() or PureWindowsPath(value.strip()).is_absolute():
        return None
    parts = [part for part in path.parts if part != "."]
    # The root itself would make the output folder, themes and static files into posts.
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _content_dir_problem(value: str, origin: Origin) -> Diagnostic:
    """Why a `content_dir` value cannot be used."""
    return error(
        origin[0],
        origin[1],
        f"'content_dir' must name a folder inside the site root, not {value!r}",
        'for example: content_dir = "posts" (relative to the folder holding quizsite.toml)',
    )


def _known_style(name: object) -> bool:
    """Whether Pygments has a style of this name (imported only when a style is configured)."""
    from pygments.styles import get_style_by_name
    from pygments.util import ClassNotFound

    try:
        get_style_by_name(str(name))
    except ClassNotFound:
        return False
    return True


def key_line(text: str, key: str) -> int | None:
    """The 1-based line where `key` is assigned, so messages can point at it."""
    match = re.search(rf"^\s*\"?{re.escape(key)}\"?\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _describe(value: object) -> str:
    """A short human description of a TOML value's type."""
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string"}
    return names.get(type(value), "a list" if isinstance(value, list) else "a table")


def _example(key: str) -> str:
    """An example value for a key, in TOML syntax, for hints."""
    name = _FIELD_OF.get(key, key)
    default = SiteConfig._field_defaults[name]
    if isinstance(default, bool):
        return "true" if default else "false"
    return str(default) if isinstance(default, int) else f'"{default}"'


# ------------------------------------------------------------------------------------------------
# The menu: Quarto's `website.navbar`, or quizsite.toml's `menu`


def toml_menu(value: list[Any], line: int | None) -> tuple[tuple[MenuItem, ...], list[Diagnostic]]:
    """quizsite.toml's `menu`: tables with `text` and `href` (and `icon`, `side`)."""
    items: list[MenuItem] = []
    for entry in value:
        fields = entry if isinstance(entry, dict) else {}
        text, href = fields.get("text", ""), fields.get("href")
        side = fields.get("side", "left")
        if (
            not isinstance(href, str)
            or not href.strip()
            or not isinstance(text, str)
            or side not in ("left", "right")
        ):
            return (), [
                error(
                    CONFIG_NAME,
                    line,
                    "each 'menu' item must be a table with an href (and text)",
                    'for example: menu = [{text = "About", href = "about.qmd"}]',
                )
            ]
        items.append((text.strip(), href.strip(), str(fields.get("icon", "")), side, ()))
    return tuple(items), []


def _apply_site_path(values: dict[str, Any]) -> None:
    """Quarto's `website.site-path`: the path the site is served under, with or without
    `site-url` (whose own path it replaces)."""
    site_path = values.pop("site_path", None)
    if not isinstance(site_path, str) or not site_path.strip():
        return
    path = "/" + site_path.strip().strip("/") + "/"
    path = "/" if path == "//" else path
    base = values.get("base_url")
    parts = urlsplit(base) if isinstance(base, str) else None
    if parts is not None and parts.netloc:
        values["base_url"] = f"{parts.scheme}://{parts.netloc}{path}"
    else:
        values["base_url"] = path


def default_output(root: Path) -> Path:
    """Where a build writes when not told: Quarto's `project.output-dir`, else `site/`."""
    path = quarto_names.project_file(root, Path.is_file)
    if path is not None:
        from .quarto_project import read_quarto  # here: only a Quarto project reads YAML

        try:
            values, _, _ = read_quarto(path)
        except BuildFailed:
            values = {}
        output = values.get("output_dir")
        if isinstance(output, str) and _normalise_content_dir(output) is not None:
            return root / output.strip()
    return root / "site"
