"""URLs as Quarto publishes them: a post's place under `posts/` kept exactly (underscores,
case, dates), a non-index document at `name.html`."""

from __future__ import annotations

import posixpath

from .sources import SourceFile


def quarto_slug(source: SourceFile) -> str:
    """A Quarto blog post's path under `posts/`: its folder for an `index` document
    (`2021-07-08_generative-art-in-r`), else the file's path ending in `.html` (`foo.html`)."""
    inside = source.rel.split("/", 1)[1] if "/" in source.rel else source.rel
    if source.is_folder_post:
        return posixpath.dirname(inside)
    return posixpath.splitext(inside)[0] + ".html"


def page_file(url_path: str) -> str:
    """The output file serving a path relative to the site's base (`a/` or `a.html`)."""
    return url_path + "index.html" if url_path.endswith("/") or not url_path else url_path


def post_url_path(slug: str) -> str:
    """A post's URL relative to the site's base: `posts/<slug>/`, or `posts/<slug>` for a
    Quarto document published as `name.html`."""
    return f"posts/{slug}" if slug.endswith(".html") else f"posts/{slug}/"
