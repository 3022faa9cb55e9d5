"""Icon shortcodes of Quarto extensions, drawn as the site's installed extension draws them:
`{{< fa brands github >}}` (quarto-ext/fontawesome) and `{{< ai orcid >}}`
(schochastics/academicons).

A Quarto blog that writes these has the extension in its `_extensions/` folder, with the icon
font's stylesheet and web fonts inside it. quizsite runs no extension's Lua, but these two do
small, fixed work: an `<i>` element with the font's classes, and the stylesheets linked from
the pages that show one. The stylesheets and fonts are published from the extension itself
(nothing is fetched), so the icons look as on the Quarto site. A site without the extension
gets the unknown-shortcode warning: Quarto, which cannot render the shortcode either, stops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .reads import input_exists

Draw = Callable[[list[str], dict[str, str]], str | None]


def _fa(args: list[str], options: dict[str, str]) -> str | None:
    """Font Awesome's `<i>` for `{{< fa [group] name size=… title=… label=… >}}` (the group
    is `solid` unless named: `brands`, `regular`)."""
    if not args:
        return None
    group, name = (args[0], args[1]) if len(args) > 1 else ("solid", args[0])
    classes = f"fa-{group} fa-{name}" + (f" fa-{options['size']}" if options.get("size") else "")
    title = f' title="{escape(options["title"])}"' if options.get("title") else ""
    label = escape(options.get("label") or name)
    return f'<i class="{escape(classes)}"{title} aria-label="{label}"></i>'


def _ai(args: list[str], options: dict[str, str]) -> str | None:
    """Academicons' `<i>` for `{{< ai [group] name size=… color=… title=… >}}`, black unless
    a colour is given, as the extension draws it."""
    if not args:
        return None
    group, name = (args[0], args[1]) if len(args) > 1 else ("", args[0])
    size = f" ai-{options['size']}" if options.get("size") else ""
    classes = " ".join(c for c in ("ai", group, f"ai-{name}{size}") if c)
    title = f' title="{escape(options["title"])}"' if options.get("title") else ""
    color = escape(options.get("color") or "black")
    return f'<i class="{escape(classes)}"{title} style="color:{color}"></i>'


@dataclass(frozen=True)
class IconExtension:
    """One icon extension: where it is installed, its stylesheets, how it draws an icon, and
    the mark its `<i>` leaves in a page (so only pages with an icon link its stylesheets)."""

    shortcode: str
    places: tuple[str, ...]  # its folders under the site's root, as `quarto add` puts them
    stylesheets: tuple[str, ...]  # inside its folder
    draw: Draw
    mark: str

    def published(self, sheet: str) -> str:
        """Where a stylesheet (or font) of the extension is published: its assets keep their
        places side by side, as its stylesheets reach the fonts by `../webfonts/`."""
        return f"assets/{self.shortcode}-icons/{sheet.removeprefix('assets/')}"


EXTENSIONS = {
    "fa": IconExtension(
        "fa",
        ("_extensions/quarto-ext/fontawesome", "_extensions/fontawesome"),
        ("assets/css/all.css",),
        _fa,
        'class="fa-',
    ),
    "ai": IconExtension(
        "ai",
        ("_extensions/schochastics/academicons", "_extensions/academicons"),
        ("assets/css/all.css", "assets/css/size.css"),
        _ai,
        'class="ai ',
    ),
}


def extension_dir(root: Path, extension: IconExtension) -> Path | None:
    """The site's folder of the extension, None when it has none (the check is noted as a
    parse's input, so a post is parsed again once the extension is installed)."""
    for place in extension.places:
        folder = root / place
        if (
            input_exists(folder / "_extension.yml")
            and (folder / extension.stylesheets[0]).is_file()
        ):
            return folder
    return None


def installed(root: Path, extension: IconExtension) -> Path | None:
    """The extension's folder when it holds its stylesheet (for publishing it), else None."""
    places = (root / place for place in extension.places)
    return next((p for p in places if (p / extension.stylesheets[0]).is_file()), None)


def page_stylesheets(root: Path) -> tuple[tuple[str, str], ...]:
    """For each installed icon extension: the mark its icons leave in a page, and a stylesheet
    to link from the pages bearing it (published path)."""
    return tuple(
        (extension.mark, extension.published(sheet))
        for extension in EXTENSIONS.values()
        if installed(root, extension) is not None
        for sheet in extension.stylesheets
    )


def asset_files(root: Path) -> dict[str, Path]:
    """The installed icon extensions' stylesheets and web fonts, by where they are published."""
    files: dict[str, Path] = {}
    for extension in EXTENSIONS.values():
        folder = installed(root, extension)
        if folder is None:
            continue
        for sheet in extension.stylesheets:
            if (folder / sheet).is_file():
                files[extension.published(sheet)] = folder / sheet
        fonts = folder / "assets/webfonts"
        for font in sorted(fonts.iterdir()) if fonts.is_dir() else ():
            if font.is_file():
                files[extension.published(f"assets/webfonts/{font.name}")] = font
    return files
