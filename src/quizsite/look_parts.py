"""The parts of a look that are HTML: the author's includes (`include-in-header`,
`include-before-body`, `include-after-body`, a file or `text:`), inserted raw as Quarto does;
the comment widget (`comments:` utterances, giscus or hypothesis), embedded as Quarto embeds
it; and the title banner (`title-block-banner`, `title-block-banner-color`)."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .look_assets import LOOK_DIR
from .look_palette import contrast_text, rgb

Where = tuple[str, int]
Warn = Callable[[Where, str, str], None]
INCLUDE_KEYS = ("include-in-header", "include-before-body", "include-after-body")


def includes(
    data: Mapping[str, Any],
    at: Callable[[str], Where],
    folder: Callable[[str], str],
    read: Callable[[str], str | None],
    warn: Warn,
) -> dict[str, Markup]:
    """Each include key's HTML: its files' text and its `text:` entries, in order."""
    found: dict[str, Markup] = {}
    for key in INCLUDE_KEYS:
        value = data.get(key)
        if value is None or value is False:
            continue
        parts = []
        for item in value if isinstance(value, list) else [value]:
            text = _include(item, folder(key), read, warn, at(key), key)
            if text is not None:
                parts.append(text)
        if parts:
            # The author's own HTML, as Quarto inserts it: fonts, analytics, meta tags.
            found[key] = Markup("\n".join(parts))
    return found


def _include(
    item: object, folder: str, read: Callable[[str], str | None], warn: Warn, where: Where, key: str
) -> str | None:
    """One include entry's HTML: a file's text, or `text:`; None (with a warning) otherwise."""
    if isinstance(item, dict) and isinstance(item.get("text"), str):
        return str(item["text"])
    name = item.get("file") if isinstance(item, dict) else item
    if not isinstance(name, str) or not name.strip():
        warn(where, f"'{key}' must name a file, or give text:", f"{key}: analytics.html")
        return None
    text = name.strip()
    rel = posixpath.normpath(
        text.lstrip("/") if text.startswith("/") else posixpath.join(folder, text)
    )
    content = read(rel)
    if content is None:
        warn(
            where,
            f"the file {text!r} to include does not exist",
            "name a file beside the file that names it",
        )
    return content


# ------------------------------------------------------------------------------------------------
# Comments


def _attrs(pairs: Mapping[str, object]) -> str:
    """HTML attributes, each value escaped; empty ones left out."""
    return "".join(
        f' {name}="{escape(str(v))}"' for name, v in pairs.items() if v not in ("", None)
    )


def comments_html(value: object, where: Where, warn: Warn, scheme: str = "") -> Markup:
    """The comment widget Quarto embeds for `comments:` (empty for none, or `false`)."""
    if value is None or value is False:
        return Markup("")
    if not isinstance(value, dict):
        warn(
            where,
            "'comments' must name utterances, giscus or hypothesis",
            "comments: {utterances: {repo: me/blog}}",
        )
        return Markup("")
    parts = []
    for name, options in value.items():
        maker = _WIDGETS.get(str(name))
        if maker is None:
            warn(
                where,
                f"the comment system {name!r} is not one quizsite embeds",
                "utterances, giscus and hypothesis are",
            )
            continue
        html = maker(options if isinstance(options, dict) else {}, options, where, warn, scheme)
        if html:
            parts.append(html)
    if not parts:
        return Markup("")
    body = "\n".join(parts)
    return Markup(
        f'<section class="page-comments" id="quarto-comments" aria-label="Comments">\n{body}\n</section>'
    )


def _utterances(options: dict[str, Any], raw: object, where: Where, warn: Warn, scheme: str) -> str:
    """utterances' script, as its own documentation writes it."""
    if not isinstance(options.get("repo"), str):
        warn(where, "utterances needs a repo", "utterances: {repo: owner/name}")
        return ""
    theme = options.get("theme") or {"dark": "github-dark", "light": "github-light"}.get(
        scheme, "preferred-color-scheme"
    )
    attrs = {
        "src": "https://utteranc.es/client.js",
        "repo": options["repo"],
        "issue-term": options.get("issue-term", "pathname"),
        "label": options.get("label", ""),
        "theme": theme,
        **_scheme_themes(options.get("theme"), scheme, ("github-light", "github-dark")),
        "crossorigin": "anonymous",
    }
    return f"<script{_attrs(attrs)} async></script>"


def _scheme_themes(chosen: object, scheme: str, defaults: tuple[str, str]) -> dict[str, str]:
    """The widget's light and dark themes for the light/dark toggle to switch between
    (`data-scheme-themes`), unless the page keeps to one scheme or the author named one theme."""
    if scheme or (chosen is not None and not isinstance(chosen, dict)):
        return {}
    themes = chosen if isinstance(chosen, dict) else {}
    light, dark = str(themes.get("light", defaults[0])), str(themes.get("dark", defaults[1]))
    return {"data-scheme-themes": f"{light} {dark}"}


def _giscus(options: dict[str, Any], raw: object, where: Where, warn: Warn, scheme: str) -> str:
    """giscus' script; its repository and category ids are needed (Quarto looks them up
    online at render time, which quizsite does not)."""
    if not isinstance(options.get("repo"), str):
        warn(
            where,
            "giscus needs a repo",
            "giscus: {repo: owner/name, repo-id: ..., category-id: ...}",
        )
        return ""
    if not options.get("repo-id") or not options.get("category-id"):
        warn(
            where,
            "giscus needs repo-id and category-id, which quizsite cannot look up: comments may not load",
            "copy them from giscus.app's configuration into comments: giscus:",
        )
    theme = options.get("theme") or {"dark": "dark", "light": "light"}.get(
        scheme, "preferred_color_scheme"
    )
    if isinstance(theme, dict):
        theme = theme.get("light", "light")
    flag = {True: "1", False: "0"}
    attrs = {
        "src": "https://giscus.app/client.js",
        "data-repo": options["repo"],
        "data-repo-id": options.get("repo-id", ""),
        "data-category": options.get("category", ""),
        "data-category-id": options.get("category-id", ""),
        "data-mapping": options.get("mapping", "title"),
        "data-reactions-enabled": flag.get(options.get("reactions-enabled", True), "1"),
        "data-emit-metadata": "0",
        "data-input-position": options.get("input-position", "top"),
        "data-theme": theme,
        **_scheme_themes(options.get("theme"), scheme, ("light", "dark")),
        "data-lang": options.get("language", "en"),
        "data-loading": options.get("loading", "lazy"),
        "crossorigin": "anonymous",
    }
    return f"<script{_attrs(attrs)} async></script>"


def _hypothesis(options: dict[str, Any], raw: object, where: Where, warn: Warn, scheme: str) -> str:
    """Hypothesis' embed, with its settings when given."""
    if raw is False:
        return ""
    config = ""
    if options:
        text = json.dumps(options).replace("</", "<\\/")
        config = f'<script type="application/json" class="js-hypothesis-config">{text}</script>\n'
    return config + '<script src="https://hypothes.is/embed.js" async></script>'


_WIDGETS: dict[str, Callable[[dict[str, Any], object, Where, Warn, str], str]] = {
    "utterances": _utterances,
    "giscus": _giscus,
    "hypothesis": _hypothesis,
}


# ------------------------------------------------------------------------------------------------
# The title banner

_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|(?:rgb|rgba|hsl|hsla)\([0-9.,%\s/]+\)|[a-zA-Z]+")
_IMAGE = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")


@dataclass(frozen=True)
class Banner:
    """A title banner: its background (a colour, or an image's path from the site's base;
    "" for the theme's colour) and text colour ("" for the default)."""

    background: str = ""
    image: str = ""
    color: str = ""


def _image_banner(
    text: str,
    fg: str,
    at: Callable[[str], Where],
    folder: Callable[[str], str],
    read: Callable[[str], bytes | None],
    warn: Warn,
    files: list[tuple[str, bytes]],
) -> Banner:
    """A banner of an image, published under the look's folder (a missing one: a warning,
    and the theme's colour)."""
    base = folder("title-block-banner")
    rel = posixpath.normpath(
        text.lstrip("/") if text.startswith("/") else posixpath.join(base, text)
    )
    content = read(rel)
    if content is None:
        warn(
            at("title-block-banner"),
            f"the banner image {text!r} does not exist",
            "name an image beside the file that names it",
        )
        return Banner(color=fg)
    files.append((LOOK_DIR + rel, content))
    return Banner(image=LOOK_DIR + rel, color=fg)


def banner(
    data: Mapping[str, Any],
    at: Callable[[str], Where],
    folder: Callable[[str], str],
    read: Callable[[str], bytes | None],
    warn: Warn,
    files: list[tuple[str, bytes]],
) -> Banner | None:
    """The banner `title-block-banner` asks for: `true` (the theme's colour), a colour, or an
    image (published under the look's folder); None for none."""
    value = data.get("title-block-banner")
    if value is None or value is False:
        return None
    color = data.get("title-block-banner-color")
    fg = str(color).strip() if isinstance(color, str) and _COLOUR.fullmatch(color.strip()) else ""
    if color is not None and not fg:
        warn(
            at("title-block-banner-color"),
            "'title-block-banner-color' must be a CSS colour",
            'title-block-banner-color: "#ffffff"',
        )
    if value is True:
        return Banner(color=fg)
    text = str(value).strip() if isinstance(value, str) else ""
    if text.lower().endswith(_IMAGE):
        return _image_banner(text, fg, at, folder, read, warn, files)
    if text and _COLOUR.fullmatch(text):
        # Text that reads on the colour (quizsite's choice where Quarto takes the page's
        # background colour, which a light banner on a light page cannot show).
        readable = contrast_text(text) if rgb(text) is not None else ""
        return Banner(background=text, color=fg or readable)
    warn(
        at("title-block-banner"),
        "'title-block-banner' must be true, a CSS colour or an image",
        "title-block-banner: true",
    )
    return None
