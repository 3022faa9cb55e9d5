"""How an author shapes their site's look, as Quarto reads it from `format: html:` (in
`_quarto.yml`, a folder's `_metadata.yml`, or a document): `theme`, `css`, the colour and font
options, `include-in-header`/`-before-body`/`-after-body`, `comments`, `title-block-banner`.
Read once per document into a `Look` the page templates show; what quizsite cannot apply is a
warning at the line that asks for it. A document that sets none of it has no `Look` at all."""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml
from markupsafe import Markup

from .errors import BuildFailed, Diagnostic, warning
from .look_assets import html_resources
from .look_files import imports_first
from .look_keys import LOOK_KEYS, LOOKED_AT, key_warnings
from .metadata import with_html_format
from .quarto_names import Sources, place
from .quarto_project import lookup
from .sources import SourceFile

if TYPE_CHECKING:
    from .look_parts import Banner
    from .look_theme import ReadText, ThemeStyle

_NO_HTML = Markup("")


class Look(NamedTuple):
    """What a page shows of the author's look (every URL a path from the site's base)."""

    theme_path: str = ""  # the theme's stylesheet (custom properties, the author's Sass rules)
    stylesheets: tuple[str, ...] = ()  # the author's `css:` files, after the theme's
    scheme: str = ""  # "light"/"dark": the page keeps to it; "": the reader's
    imports: tuple[str, ...] = ()  # web font stylesheets the theme loads
    header_html: Markup = _NO_HTML
    before_body_html: Markup = _NO_HTML
    after_body_html: Markup = _NO_HTML
    comments_html: Markup = _NO_HTML
    banner: Banner | None = None
    sidebar: str = ""  # the sidebar the document names (`sidebar: id`), "false" for none
    # The document's `back-to-top-navigation` and `page-navigation`: "true", "false", or ""
    # for the site's (`website:`).
    back_to_top: str = ""
    page_navigation: str = ""
    # A light and dark pair: each variant's stylesheet as (scheme, path), linked for the
    # reader's scheme; and the scheme a reader starts from under the toggle ("light" or
    # "dark", the one the author named first; "auto" with `respect-user-color-scheme`).
    scheme_sheets: tuple[tuple[str, str], ...] = ()
    start: str = ""
    # `theme: none`: Quarto adds no theme CSS, so the theme's own stylesheet is left out and
    # the author's `css:` rules the page.
    bare: bool = False
    # Files to publish: (path from the output's root, bytes); the theme's stylesheet is
    # written with the default theme's fix-ups for `scheme` at the head (`look_files`).
    files: tuple[tuple[str, bytes], ...] = ()
    theme_css: str = ""

    @property
    def color_scheme(self) -> str:
        """The `<meta name="color-scheme">` the page declares."""
        return self.scheme or "light dark"


def _resolved_includes(
    root: Path,
    data: Mapping[str, Any],
    parts: Mapping[str, Markup],
    at: Callable[[str], tuple[str, int]],
    warn: Callable[[tuple[str, int], str, str], None],
) -> dict[str, Markup]:
    """The includes with `{{< meta >}}` and `{{< var >}}` resolved from the document's
    metadata, as Quarto resolves them in include files; any other shortcode is left out with a
    warning at the key that names the file."""
    from .metadata_shortcodes import project_variables, resolve_value_shortcodes, shortcode_left_out
    from .quarto_env import env_lookup
    from .reads import input_exists, read_input

    variables = project_variables(root)
    env = env_lookup(root, read_input, input_exists)
    resolved: dict[str, Markup] = {}
    for key, html in parts.items():

        def report(code: str, name: str, key: str = key) -> None:
            warn(at(key), *shortcode_left_out(code, name, "the document's metadata", root))

        # The author's own HTML, as the include was: the values are the author's metadata.
        resolved[key] = Markup(
            resolve_value_shortcodes(str(html), (data,), variables, report, env=env)
        )
    return resolved


def wants_look(data: Mapping[str, Any]) -> bool:
    """Whether metadata names anything of the look (a cheap test before any work)."""
    return any(key in data for key in LOOK_KEYS)


def document_look(
    root: Path,
    data: Mapping[str, Any],
    origins: Mapping[str, tuple[str, int]],
    doc_rel: str,
    quarto: bool = False,
) -> tuple[Look | None, list[Diagnostic]]:
    """A document's look from its merged metadata (`origins`: where each key was written,
    relative paths in a value being relative to that file's folder); a Quarto document's
    includes publish the files their HTML names, as Quarto's resource discovery does."""
    problems: list[Diagnostic] = []
    seen: set[tuple[str, int, str]] = set()

    def warn(where: tuple[str, int], message: str, hint: str) -> None:
        if (where[0], where[1], message) not in seen:  # once per file and line
            seen.add((where[0], where[1], message))
            problems.append(warning(where[0], where[1], message, hint))

    problems += key_warnings(data, origins, doc_rel)
    if not wants_look(data):
        return None, problems
    from .look_parts import banner, comments_html, includes
    from .look_theme import read_site_bytes, read_site_file

    read = read_site_file(root)

    def at(key: str) -> tuple[str, int]:
        return origins.get(key, (doc_rel, 1))

    def folder(key: str) -> str:
        return posixpath.dirname(at(key)[0])

    style = _theme(data, at, folder, read, warn)
    files: list[tuple[str, bytes]] = []
    sheets = _stylesheets(data.get("css"), folder("css"), at("css"), root, warn, files)
    parts = includes(data, at, lambda _: posixpath.dirname(doc_rel), read, warn)  # rooted_files
    if quarto and any("{{<" in part for part in parts.values()):
        parts = _resolved_includes(root, data, parts, at, warn)
    if quarto and parts:
        files += html_resources(parts.values(), posixpath.dirname(doc_rel), read_site_bytes(root))
    look = Look(
        stylesheets=sheets,
        header_html=parts.get("include-in-header", _NO_HTML),
        before_body_html=parts.get("include-before-body", _NO_HTML),
        after_body_html=parts.get("include-after-body", _NO_HTML),
        comments_html=comments_html(
            data.get("comments"), at("comments"), warn, style.scheme if style else ""
        ),
        banner=banner(data, at, folder, read_site_bytes(root), warn, files),
        sidebar=_sidebar_choice(data.get("sidebar")),
        back_to_top=_switch(data.get("back-to-top-navigation")),
        page_navigation=_switch(data.get("page-navigation")),
        bare=_no_theme(data.get("theme")),
    )
    if style is not None:
        look = _with_theme(look, style, root, warn, at("theme"), files)
        if look.scheme_sheets and data.get("respect-user-color-scheme") is True:
            look = look._replace(start="auto")
    look = _with_files(look, files)
    return (look if look != Look() else None), problems


def _no_theme(value: object) -> bool:
    """Whether `theme:` is Quarto's `none` (alone, or as a list's only name)."""
    names = value if isinstance(value, list) else [value]
    return bool(names) and all(isinstance(n, str) and n.strip().lower() == "none" for n in names)


def _switch(value: object) -> str:
    """A true/false option as "true" or "false" ("" when not set)."""
    return "" if not isinstance(value, bool) else ("true" if value else "false")


def _sidebar_choice(value: object) -> str:
    """A document's `sidebar:`: the id or title of the sidebar it shows, "false" for none."""
    if value is False:
        return "false"
    return (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    )


def _theme(
    data: Mapping[str, Any], at: Any, folder: Any, read: ReadText, warn: Any
) -> ThemeStyle | None:
    """The theme and the colour and font options as one stylesheet (None: nothing to add)."""
    from .look_theme import OPTION_PROPERTIES, theme_style

    options = {}
    for key in OPTION_PROPERTIES:
        value = data.get(key)
        if (
            isinstance(value, str | int | float)
            and not isinstance(value, bool)
            and str(value).strip()
        ):
            options[key] = str(value).strip()
        elif value is not None:
            warn(at(key), f"'{key}' must be text", f'{key}: "..."')
    layout = data.get("page-layout")
    if layout == "full" and "max-width" not in options:
        options["max-width"] = "100%"  # the whole main column, margins and all
    elif layout not in (None, "full", "article"):
        warn(at("page-layout"), f"'page-layout: {layout}' is not applied", "page-layout: full")
    if data.get("theme") is None and not options:
        return None
    return theme_style(data.get("theme"), options, folder("theme"), read, at("theme"), warn)


def _with_theme(
    look: Look,
    style: ThemeStyle,
    root: Path,
    warn: Any,
    where: tuple[str, int],
    files: list[tuple[str, bytes]],
) -> Look:
    """The look with the theme's stylesheet, published beside the resources its `url()`s
    name (fonts, images), which are published too."""
    from .look_assets import LOOK_DIR, css_resources
    from .look_theme import read_site_bytes

    css = style.css
    key = f"{style.scheme}\0{css}\0{style.light_css}\0{style.dark_css}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    folder = style.folder
    stem = (
        posixpath.join(LOOK_DIR + folder, f"theme-{digest}")
        if folder
        else f"{LOOK_DIR}theme-{digest}"
    )
    sheets = []
    for scheme, text in (("light", style.light_css), ("dark", style.dark_css)):
        if text:
            sheets.append((scheme, f"{stem}-{scheme}.css"))
            files.append((f"{stem}-{scheme}.css", imports_first(text).encode()))
            files += css_resources(text, folder, read_site_bytes(root), warn, where)
    files += css_resources(css, folder, read_site_bytes(root), warn, where)
    return look._replace(
        theme_path=f"{stem}.css" if css or not style.first else "",
        theme_css=css,
        scheme=style.scheme,
        imports=style.imports,
        scheme_sheets=tuple(sheets),
        start=style.first,
    )


def _with_files(look: Look, files: list[tuple[str, bytes]]) -> Look:
    """The look with its files, each once."""
    if not files:
        return look
    return look._replace(files=tuple(dict(files).items()))


def _own_css(merged: object, layers: list[tuple[object, str]]) -> object:
    """A document's own `css:` out of its merged metadata, which joins a list to the layers'
    lists: the layers' entries first, the document's last."""
    outer = [n for value, _ in layers for n in (value if isinstance(value, list) else [value])]
    if isinstance(merged, list) and outer and merged[: len(outer)] == outer:
        return merged[len(outer) :]
    return merged


def _stylesheets(
    value: object,
    folder: str,
    where: tuple[str, int],
    root: Path,
    warn: Any,
    files: list[tuple[str, bytes]],
) -> tuple[str, ...]:
    """The author's `css:` files, each published under the look's folder with the files its
    `url()`s name; a missing one is a warning. Outside stylesheets stay at their URL."""
    if value is None:
        return ()
    from .look_assets import LOOK_DIR, css_resources
    from .look_theme import read_site_bytes

    names = value if isinstance(value, list) else [value]
    found: list[str] = []
    for name in names:
        if not isinstance(name, str) or not name.strip():
            warn(where, "'css' must name a stylesheet or a list of them", "css: styles.css")
            continue
        text = name.strip()
        if "://" in text or text.startswith("//"):
            found.append(text)
            continue
        rel = _site_rel(text, folder)
        content = read_site_bytes(root)(rel)
        if content is None:
            warn(
                where,
                f"the stylesheet {text.lstrip('/')!r} does not exist",
                "name a .css file beside the file that names it",
            )
            continue
        out = LOOK_DIR + rel
        files.append((out, content))
        css = content.decode("utf-8-sig", "replace")
        files += css_resources(css, posixpath.dirname(rel), read_site_bytes(root), warn, where)
        found.append(out)
    return tuple(dict.fromkeys(found))


def _site_rel(name: str, folder: str) -> str:
    """A file named in metadata as a path from the site's root."""
    if name.startswith("/"):
        return posixpath.normpath(name.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, name))


# ------------------------------------------------------------------------------------------------
# A post's look, and the site's


def post_look(
    source: SourceFile, data: Mapping[str, Any], origins: Mapping[str, tuple[str, int]]
) -> tuple[Look | None, list[Diagnostic]]:
    """A document's look (see `document_look`), its own options placed at their lines even
    under `format: html:`, the stylesheets of every layer (`_quarto.yml`, each
    `_metadata.yml`, the document: each adds its own, as a site's stylesheet stays on a page
    that adds one), and a Quarto site's `website: comments:` as its default."""
    root, rel = source.root, source.rel
    if source.quarto and "comments" not in data:
        comments = website_value(root, "comments")
        if comments is not None:
            data = {**data, "comments": comments[0]}
            origins = {**origins, "comments": comments[1]}
    texts = {rel: source.text, **dict(source.metadata)}
    placed = dict(origins)
    for key in data.keys() & LOOKED_AT:
        path, line = placed.get(key, (rel, 1))
        if line == 1 and path in texts:
            placed[key] = (path, _key_line(texts[path], key))
    if "css" in data:
        data = {**data, "css": _layered_css(source, data, origins)}
    return document_look(root, data, placed, rel, source.quarto)


def _layered_css(
    source: SourceFile, data: Mapping[str, Any], origins: Mapping[str, tuple[str, int]]
) -> list[str]:
    """Every layer's `css:`, outermost first, each as a path from the site's root (`/...`);
    the document's own last, when it sets one."""
    from .quarto_project import metadata_layers

    layers = metadata_layers(source)
    named: list[tuple[object, str]] = [
        (with_html_format(layer).get("css"), posixpath.dirname(rel))
        for layer, _, rel, _ in (layers if isinstance(layers, list) else [])
    ]
    if origins.get("css", ("", 0))[0] == source.rel:
        named.append((_own_css(data.get("css"), named), posixpath.dirname(source.rel)))
    found: list[str] = []
    for value, folder in named:
        for name in value if isinstance(value, list) else [value]:
            if isinstance(name, str) and name.strip():
                text = name.strip()
                found.append(text if "//" in text else "/" + _site_rel(text, folder))
    return list(dict.fromkeys(found))


def _key_line(text: str, key: str) -> int:
    """The line of the front matter where `key:` is set (nested or not); 1 when not found."""
    end = text.find("\n---", 3)
    header = text[: end if end > 0 else len(text)]
    match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*:", header, re.M)
    return header.count("\n", 0, match.start()) + 1 if match else 1


def website_value(root: Path, key: str) -> tuple[Any, tuple[str, int]] | None:
    """A value of the project's `website:` and where it was written, file and line (None
    when not set), read as an input of the parse asking for it."""
    from .quarto_profiles import texts_read
    from .sources import input_exists, read_input

    try:  # no project file: no sources, and no values
        return _website(texts_read(root, read_input, input_exists)).get(key)
    except (OSError, UnicodeDecodeError):
        return None


@lru_cache(maxsize=4)
def _website(sources: Sources) -> dict[str, tuple[Any, tuple[str, int]]]:
    """The project's `website:` values (its profiles' and local file's merged over them)
    with where each was written (empty when unreadable)."""
    from .quarto_profiles import merged_node

    try:
        node = merged_node(sources)
    except BuildFailed:
        return {}
    website = lookup(node, ("website",)) if node is not None else None
    if not isinstance(website, yaml.MappingNode):
        return {}
    found = {}
    for key, value in website.value:
        if isinstance(key, yaml.ScalarNode):
            loaded = yaml.load(yaml.serialize(value), Loader=yaml.SafeLoader)
            found[str(key.value)] = (loaded, place(key))
    return found


def site_look(root: Path) -> Look | None:
    """The look `_quarto.yml` gives every page (its `format: html:` options), for the pages
    no document makes (tags, search, 404); its problems are reported by the documents."""
    from .quarto_project import project_metadata

    project = project_metadata(root)
    if project is None:
        return None
    data, lines, name = project
    merged = with_html_format(data)
    origins = {key: (name, lines.get(key, 1)) for key in merged}
    comments = website_value(root, "comments")
    if comments is not None and "comments" not in merged:
        merged["comments"] = comments[0]
    look, _ = document_look(root, merged, origins, name, quarto=True)
    return look
