"""Bootstrap Icons, the icon set Quarto names in `icon:` (`github`, `rss`, `linkedin`), as
inline SVG for the site's menu.

quizsite does not carry the icons: it takes the version pinned here from the npm registry with
npm's own client (which checks the package's integrity) once, into the user's cache folder, or
uses the folder of SVG files `QUIZSITE_BOOTSTRAP_ICONS` names. Without them a menu item shows
its text, and the build says why.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .npm_assets import cache_dir, fetch_package

if TYPE_CHECKING:
    import tarfile

BOOTSTRAP_ICONS_VERSION = "1.13.1"
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


@cache
def icons_folder() -> Path | None:
    """The folder of Bootstrap Icons' SVG files: `QUIZSITE_BOOTSTRAP_ICONS`, else the cached
    copy of the pinned version, fetched once with npm when missing; None when it cannot be had."""
    named = os.environ.get("QUIZSITE_BOOTSTRAP_ICONS")
    if named:
        return Path(named) if Path(named).is_dir() else None
    target = cache_dir() / f"bootstrap-icons-{BOOTSTRAP_ICONS_VERSION}"
    if (target / "github.svg").is_file():
        return target
    return fetch_package("bootstrap-icons", BOOTSTRAP_ICONS_VERSION, target, _extract_icons)


def _extract_icons(archive: tarfile.TarFile, scratch: Path) -> Path:
    """The package's `icons/*.svg` files, flat in a folder of `scratch` (nothing else of it)."""
    folder = scratch / "icons"
    folder.mkdir()
    for member in archive.getmembers():
        name = member.name.removeprefix("package/icons/")
        if member.isfile() and name != member.name and _NAME.fullmatch(name[:-4] or "-"):
            source = archive.extractfile(member)
            if source is not None and name.endswith(".svg"):
                (folder / name).write_bytes(source.read())
    return folder


def icon_svg(name: str) -> tuple[str, str]:
    """The inline SVG of a Bootstrap icon, hidden from screen readers (the link's text names
    it), and "" when it cannot be shown; with why not, for a warning."""
    key = name.strip()
    if not _NAME.fullmatch(key):
        return "", f"{name!r} is not an icon name"
    folder = icons_folder()
    if folder is None:
        return "", (
            f"Bootstrap Icons {BOOTSTRAP_ICONS_VERSION} could not be had from the npm registry "
            "(npm is missing, or the registry did not answer)"
        )
    path = folder / f"{key}.svg"
    if not path.is_file():
        return "", f"Bootstrap Icons has no icon named {name!r}"
    text = path.read_text(encoding="utf-8")
    opening = _SVG_OPEN.search(text)
    if opening is None:
        return "", f"the icon {name!r} is not an SVG image"
    tag = opening.group(0)
    tag = re.sub(r'\s(?:width|height|class)="[^"]*"', "", tag)
    tag = tag[:-1].rstrip("/ ") + MENU_ICON + ' aria-hidden="true" focusable="false">'
    body = text[opening.end() :].strip()
    return tag + " ".join(body.split()), ""


# A menu icon's class, and its size for a page with no theme stylesheet (`theme: none`): the
# theme's CSS sizes it, and would otherwise leave an SVG as wide as the page.
MENU_ICON = ' class="menu-icon" width="1em" height="1em"'

ICON_HINT = (
    "install Node.js's npm (or set QUIZSITE_BOOTSTRAP_ICONS to a folder of Bootstrap Icons' "
    "SVG files); the item shows its text meanwhile"
)


def menu_icons(
    named: list[tuple[str, str, int | None]],
) -> tuple[tuple[tuple[str, str], ...], list[tuple[str, int | None, str]]]:
    """The SVG of each icon the menu names ((icon, file, line) each): (name, svg) pairs, and
    (file, line, why) for each that cannot be shown."""
    icons: dict[str, str] = {}
    missing: list[tuple[str, int | None, str]] = []
    for name, file, line in named:
        if not name or name in icons:
            continue
        svg, why = icon_svg(name)
        if svg:
            icons[name] = svg
        else:
            missing.append((file, line, why))
    return tuple(icons.items()), missing
