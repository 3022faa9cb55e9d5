"""Icon shortcodes in a navbar or footer item's text (`{{< iconify bi rss >}}`,
`{{< fa brands github >}}`): the item's icon, by the name `icon:` takes."""

from __future__ import annotations

import re
import shlex

MenuLeaf = tuple[str, str, str, str]  # (text, href, icon, side)


# A shortcode in a navbar item's text: extensions' icons (`{{< iconify bi rss >}}`,
# `{{< fa brands github >}}`, `{{< bi envelope >}}`) are the commonest.
_SHORTCODE = re.compile(r"\{\{<\s*([\w-]+)\s*(.*?)\s*>\}\}")
_ICON_SHORTCODES = frozenset({"iconify", "fa", "bi", "bsicon"})


def icon_shortcodes(item: MenuLeaf) -> MenuLeaf:
    """The item with an icon shortcode in its text read as its icon (Bootstrap Icons' name
    for the same glyph, as `icon:` takes it); other shortcodes stay for `_resolve_settings`."""
    text, href, icon, side = item
    if "{{<" not in text:
        return item
    found = [icon]

    def taken(match: re.Match[str]) -> str:
        """An icon shortcode taken out of the text, its name kept as the item's icon."""
        words = [w for w in _words(match[2]) if "=" not in w]
        if match[1] not in _ICON_SHORTCODES or not words:
            return match.group(0)
        found[0] = found[0] or words[-1].rsplit(":", 1)[-1]  # `bi rss`, `brands github`
        return ""

    text = _SHORTCODE.sub(taken, text).strip()
    return (text, href, found[0], side)


def _words(args: str) -> list[str]:
    """A shortcode's arguments, quoted ones whole (`title='Support Me'`), as Quarto reads them."""
    try:
        return shlex.split(args)
    except ValueError:  # an unclosed quote: the words as they are
        return args.split()
