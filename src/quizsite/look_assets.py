"""The files a stylesheet's `url()`s name (web fonts, background images), published under the
look's folder at the same places from the stylesheet as in the site, so the stylesheet's
relative URLs keep working as written."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote

LOOK_DIR = "assets/look/"
_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))\s*\)""")
_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""")

Warn = Callable[[tuple[str, int], str, str], None]

# A relative address in raw HTML whose file Quarto's resource discovery publishes: a `src` of
# `<img>` (and its `data-src`), `<iframe>` (an htmlwidget saved beside the post), `<embed>`,
# `<script>`, `<source>`, `<video>`, `<audio>`, and an `href` of `<a>` or `<link>`; HTML allows
# space around the `=` (`<img\n  src = "logo.png">`).
_RAW_FILE = re.compile(
    r"""<(?:(?:img|iframe|embed|script|source|video|audio)\b[^>]*?\s(?:data-)?src|(?:a|link)\b"""
    r"""[^>]*?\shref)\s*=\s*["']([^"':#?]+)(?:[#?][^"']*)?["']""",
    re.I,
)
_NAMES_FILE = re.compile(r"(?:src|href)\s*=", re.I)
# Addresses that are pages (a document's source, or a folder's), not files to copy.
_PAGES = (".qmd", ".md", ".markdown", ".ipynb", ".Rmd", ".rmd", "/")


def raw_html_files(html: str) -> list[str]:
    """The local files raw HTML names (each address unquoted; `/img/x.png` from the site's
    root), as Quarto's resource discovery finds them."""
    if not _NAMES_FILE.search(html):
        return []
    return [
        unquote(found[1])
        for found in _RAW_FILE.finditer(html)
        if not found[1].startswith("//") and not found[1].endswith(_PAGES)
    ]


def html_resources(
    htmls: Iterable[str], folder: str, read: Callable[[str], bytes | None]
) -> list[tuple[str, bytes]]:
    """The files that raw HTML shown on a page in `folder` (from the site's root) names and the
    site holds, each at its path from the root (a Quarto page's folder mirrors its source's,
    so the HTML's relative addresses lead there), with its bytes."""
    files = []
    for html in htmls:
        for url in raw_html_files(html):
            rel = posixpath.normpath(
                url.lstrip("/") if url.startswith("/") else posixpath.join(folder, url)
            )
            data = read(rel) if not rel.startswith("..") else None
            if data is not None:
                files.append((rel, data))
    return files


def css_urls(css: str) -> list[str]:
    """The relative URLs a stylesheet names (`url(...)`, `@import "..."`), without any
    `?query` or `#fragment` (a font's `#iefix`); outside and data URLs are left alone."""
    found = []
    for match in (*_URL.finditer(css), *_IMPORT.finditer(css)):
        url = next(g for g in match.groups() if g is not None).strip()
        if not url or url.startswith(("data:", "#", "/")) or "://" in url or url.startswith("//"):
            continue
        found.append(re.split(r"[?#]", url, maxsplit=1)[0])
    return list(dict.fromkeys(u for u in found if u))


def css_resources(
    css: str,
    folder: str,
    read: Callable[[str], bytes | None],
    warn: Warn,
    where: tuple[str, int],
) -> list[tuple[str, bytes]]:
    """The files a stylesheet whose relative URLs start from `folder` (its own, or its Sass
    file's, from the site's root) names, each as (where it is published, its bytes); one it
    names that is not there is a warning at `where`."""
    files = []
    for url in css_urls(css):
        rel = posixpath.normpath(posixpath.join(folder, url))
        data = read(rel) if not rel.startswith("..") else None
        if data is None:
            warn(
                where,
                f"the stylesheet names {url!r}, which is not in the site: left out",
                "put the file where the stylesheet's URL leads (relative to the stylesheet)",
            )
            continue
        files.append((LOOK_DIR + rel, data))
    return files
