"""The files a stylesheet's `url()`s name (web fonts, background images), published under the
look's folder at the same places from the stylesheet as in the site, so the stylesheet's
relative URLs keep working as written."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

LOOK_DIR = "assets/look/"
_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))\s*\)""")
_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""")

Warn = Callable[[tuple[str, int], str, str], None]


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
