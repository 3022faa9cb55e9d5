"""The files a build publishes for the looks of its pages (`look.py` reads each document's
`Look`): every look's files, its theme's stylesheet headed by the default theme's fix-ups, the
light/dark toggle's stylesheet; apart from look.py, so a build whose documents set no look of
their own reads none."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from .patterns import compile_later

if TYPE_CHECKING:
    from .config import SiteConfig
    from .look import Look


def look_files(
    looks: Iterable[Look | None],
    style_css: Callable[[], str],
    highlight: tuple[str, str],
    toggle: bool = False,
) -> dict[str, bytes]:
    """Every look's files (each once), its theme's stylesheet headed by the default theme's
    fix-ups for the scheme it keeps to (`style_css` gives the default theme's stylesheet;
    `highlight` names the light and dark highlighting styles), and the toggle's stylesheet
    when pages show the light/dark toggle (`toggle`)."""
    from .look_fixups import scheme_fixups  # here: only a site with a theme of its own

    files: dict[str, bytes] = {}
    looks = list(looks)
    for look in dict.fromkeys(x for x in looks if x is not None):
        files.update(look.files)
        if look.theme_path and look.theme_path not in files:
            fixups = scheme_fixups(style_css(), look.scheme, partial(_highlight_rules, highlight))
            files[look.theme_path] = imports_first(look.theme_css, fixups).encode()
    # A page without a look of its own shows the site's, which is among `looks`: with the
    # site's toggle on, a page shows it unless its look keeps it to one scheme.
    if any(look is not None and look.start for look in looks) or (
        toggle and any(look is None or not look.scheme for look in looks)
    ):
        files[SCHEME_CSS] = _toggle_css(style_css(), highlight)
    return files


@lru_cache(maxsize=2)
def _toggle_css(style_css: str, highlight: tuple[str, str]) -> bytes:
    """The toggle's stylesheet, made once for a theme stylesheet and highlighting styles
    (a `watch` rebuild reuses it)."""
    from .look_fixups import toggle_fixups

    return toggle_fixups(style_css, partial(_highlight_rules, highlight)).encode()


# The light/dark toggle's stylesheet (the default theme's palettes for the reader's choice).
SCHEME_CSS = "assets/scheme.css"


def imports_first(css: str, head: str = "") -> str:
    """A stylesheet with its `@import`s first (CSS takes them only at the top: a theme's web
    fonts), then `head`, then the rest."""
    imports = "".join(m.group(0) + "\n" for m in _IMPORT.finditer(css))
    return imports + head + _IMPORT.sub("", css)


_IMPORT = compile_later(r"""^@import\s+(?:url\([^)]*\)|'[^']*'|"[^"]*")[^;\n]*;""", re.M)


@lru_cache(maxsize=4)
def _highlight_rules(styles: tuple[str, str], scheme: str) -> str:
    """The rules of the light or dark highlighting style, each starting `.highlight`."""
    from pygments.formatters import HtmlFormatter

    style = styles[0] if scheme == "light" else styles[1]
    rules = HtmlFormatter(style=style).get_style_defs(".highlight")  # type: ignore[no-untyped-call]
    return "\n".join(line for line in rules.splitlines() if line.startswith(".highlight"))


def theme_stylesheet(config: SiteConfig) -> str:
    """The site theme's own stylesheet (`assets/style.css`), "" when it has none."""
    from .themes import theme_dirs  # themes imports the config, which imports this module

    for folder in theme_dirs(config):
        path = folder / "static" / "assets" / "style.css"
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    return ""
