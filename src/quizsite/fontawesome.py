"""`{{< fa >}}`: Font Awesome icons, as the site's own quarto-ext/fontawesome extension draws them.

A Quarto blog that writes `{{< fa brands github >}}` has the extension installed in its
`_extensions/` folder, with Font Awesome's stylesheet and web fonts inside it. quizsite runs no
extension's Lua, but this one's work is small and fixed: an `<i>` element with Font Awesome's
classes, and the extension's stylesheet linked from the pages that show one. The stylesheet and
fonts are published from the extension itself (nothing is fetched), so the icons look as they
do on the Quarto site. A site without the extension gets the unknown-shortcode warning, as
Quarto, which cannot render the shortcode either, stops there.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from .sources import input_exists

# Where `quarto add quarto-ext/fontawesome` puts the extension, and the older short form.
_PLACES = ("_extensions/quarto-ext/fontawesome", "_extensions/fontawesome")
# Where its stylesheet and fonts are published (the stylesheet reaches the fonts by
# `../webfonts/`, so the two folders keep their places side by side).
ASSET_DIR = "assets/fontawesome"
STYLESHEET = f"{ASSET_DIR}/css/all.css"


def extension_dir(root: Path) -> Path | None:
    """The site's Font Awesome extension folder, None when it has none (the check is noted
    as a parse's input, so a post is parsed again once the extension is installed)."""
    for place in _PLACES:
        folder = root / place
        if input_exists(folder / "_extension.yml") and (folder / "assets/css/all.css").is_file():
            return folder
    return None


def icon_html(args: list[str], options: dict[str, str]) -> str | None:
    """The `<i>` the extension writes for `{{< fa [group] name size=… title=… label=… >}}`
    (the group is `solid` unless named: `brands`, `regular`); None with no name."""
    if not args:
        return None
    group, name = (args[0], args[1]) if len(args) > 1 else ("solid", args[0])
    classes = f"fa-{group} fa-{name}"
    if options.get("size"):
        classes += f" fa-{options['size']}"
    title = f' title="{escape(options["title"])}"' if options.get("title") else ""
    label = escape(options.get("label") or name)
    return f'<i class="{escape(classes)}"{title} aria-label="{label}"></i>'


def installed(root: Path) -> Path | None:
    """The extension's folder when it holds its stylesheet (for publishing it), else None."""
    return next((root / p for p in _PLACES if (root / p / "assets/css/all.css").is_file()), None)


def asset_files(root: Path) -> dict[str, Path]:
    """The extension's stylesheet and web fonts, by where they are published; {} without it."""
    folder = installed(root)
    if folder is None:
        return {}
    files = {STYLESHEET: folder / "assets/css/all.css"}
    fonts = folder / "assets/webfonts"
    for font in sorted(fonts.iterdir()) if fonts.is_dir() else ():
        if font.is_file():
            files[f"{ASSET_DIR}/webfonts/{font.name}"] = font
    return files
