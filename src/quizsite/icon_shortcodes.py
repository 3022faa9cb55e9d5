"""Icon shortcodes of Quarto extensions in a document's text: `{{< fa brands github >}}`
(quarto-ext/fontawesome), `{{< iconify fa6-brands:linkedin >}}` (iconify), `{{< bi rss >}}`
and `{{< bsicon envelope >}}` (Bootstrap Icons). Authors use them for links to their
profiles, papers and slides; quizsite shows the same glyph from Bootstrap Icons (the set it
shows the navbar's icons with, icons.py) as inline SVG, sized as the shortcode asks and
needing no stylesheet. An icon Bootstrap Icons has no counterpart for is left out with a
warning, as before."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import escape

from .shortcodes import ICON_SHORTCODES

# Font Awesome's (and Octicons') names for glyphs Bootstrap Icons names otherwise.
_ALIASES = {
    "x-twitter": "twitter-x",
    "square-x-twitter": "twitter-x",
    "square-arrow-up-right": "box-arrow-up-right",
    "arrow-up-right-from-square": "box-arrow-up-right",
    "external-link": "box-arrow-up-right",
    "up-right-from-square": "box-arrow-up-right",
    "graduation-cap": "mortarboard",
    "wand-magic-sparkles": "magic",
    "chalkboard-teacher": "person-video3",
    "chalkboard-user": "person-video3",
    "phone": "telephone",
    "magnifying-glass": "search",
    "id-card": "person-vcard",
    "file-csv": "filetype-csv",
    "creative-commons": "cc-circle",
    "js": "javascript",
    "mail": "envelope",
    "mark-github": "github",
    "alert": "exclamation-triangle",
    "location-dot": "geo-alt",
    "map-marker": "geo-alt",
    "user": "person",
    "users": "people",
    "comments": "chat-dots",
    "code": "code-slash",
    "link-external": "box-arrow-up-right",
    "podcast": "mic",
    "microphone": "mic",
    "book-open": "book",
    "circle-info": "info-circle",
    "circle-check": "check-circle",
    "circle-play": "play-circle",
}
# Font Awesome's sizes (`size=2xl`), in ems.
_SIZES = {"2xs": "0.625em", "xs": "0.75em", "sm": "0.875em", "lg": "1.25em", "xl": "1.5em"}
_SIZES |= {"2xl": "2em", **{f"{n}x": f"{n}em" for n in range(1, 11)}}
_LENGTH = re.compile(r"\d+(?:\.\d+)?(?:em|rem|px|%)")
# Octicons' names carry their size (`mark-github-16`).
_OCTICON_SIZE = re.compile(r"-(?:12|16|24)$")


def icon_html(kind: str, args: list[str], options: dict[str, str]) -> tuple[str, str]:
    """The inline SVG one icon shortcode stands for, and "" with why when it cannot be shown."""
    words = [w for w in args if w]
    if not words:
        return "", f"the {kind} shortcode names no icon"
    name = words[-1].rsplit(":", 1)[-1].strip().lower()  # `brands github`, `fa6-brands:x`
    if kind == "iconify" and ("octicon" in words[0] or ":" not in words[-1]):
        name = _OCTICON_SIZE.sub("", name)
    from .icons import MENU_ICON, icon_svg

    svg, why = icon_svg(_ALIASES.get(name, name))
    if not svg:
        return "", why
    size = _size(options)
    svg = svg.replace(
        MENU_ICON,
        f' class="inline-icon" width="{size}" height="{size}" style="vertical-align: -0.125em"',
        1,
    )
    label = options.get("title") or options.get("label") or options.get("aria-label") or ""
    if label:  # a named icon: read out by its name, which shows on hover too
        return (
            f'<span role="img" aria-label="{escape(label)}" title="{escape(label)}">{svg}</span>',
            "",
        )
    return svg, ""


def _size(options: dict[str, str]) -> str:
    """The icon's size: Font Awesome's `size=`, or a length (`size=1.5em`, `height=`)."""
    for key in ("size", "height", "width"):
        value = options.get(key, "").strip()
        if value in _SIZES:
            return _SIZES[value]
        if _LENGTH.fullmatch(value):
            return value
    return "1em"


def icon_warning(kind: str, args: list[str], why: str) -> tuple[str, str]:
    """The warning and hint for an icon left out."""
    named = " ".join(args)
    return (
        f"the {kind} icon {named!r} is left out: {why}",
        "quizsite shows extensions' icons from Bootstrap Icons; name one it has "
        "(https://icons.getbootstrap.com)",
    )


def draw_icon(
    kind: str, args: list[str], options: dict[str, str], root: Path | None
) -> tuple[str, list[tuple[str, str]]]:
    """An icon shortcode's HTML ("" for none) and the warnings it gives (message, hint): drawn
    as the site's installed extension draws it (`fa`, `ai`: icon_extensions.py), else as the
    Bootstrap Icons glyph of that name (`fa`, `iconify`, `bi`), else left out."""
    from .icon_extensions import EXTENSIONS, extension_dir

    extension = EXTENSIONS.get(kind)
    if extension is not None and root is not None and extension_dir(root, extension):
        drawn = extension.draw(args, options) or ""
        return drawn, [] if drawn else [(f"{kind} names no icon", f"write {{{{< {kind} NAME >}}}}")]
    missing: list[tuple[str, str]] = []
    if extension is not None:  # Quarto cannot draw it either: said, whatever is shown
        place = extension.places[0].removeprefix("_extensions/")
        hint = f"install the extension as Quarto needs it: quarto add {place}"
        if kind not in ICON_SHORTCODES:
            return "", [(f"unknown shortcode {kind!r} left out", hint)]
        missing = [(f"shortcode {kind!r} without its extension: drawn from Bootstrap Icons", hint)]
    html, why = icon_html(kind, args, options)
    return (html, missing) if html else ("", [icon_warning(kind, args, why)])
