"""URLs as Quarto publishes them: a post's place under `posts/` kept exactly (underscores,
case, dates), a non-index document at `name.html`."""

from __future__ import annotations

import posixpath

from .sources import POST_SUFFIXES, SourceFile


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


# ------------------------------------------------------------------------------------------------
# Links to other documents, and the files a document refers to

DOCUMENT_LINK_SUFFIXES = POST_SUFFIXES
_INDEX_STEMS = ("index",)


def document_url(rel: str) -> str:
    """Where Quarto publishes the document at `rel` (relative to the project): `a/index.qmd`
    at `a/`, `a/b.qmd` at `a/b.html`."""
    folder, name = posixpath.split(rel)
    stem = posixpath.splitext(name)[0]
    if stem in _INDEX_STEMS:
        return f"{folder}/" if folder else "./"
    return posixpath.join(folder, stem + ".html")


def quarto_alias(rel: str, alias: str) -> str:
    """An alias of the document at `rel` as a path from the site's root, as Quarto reads it:
    one not starting with `/` is relative to the document's folder on the site
    (`../../old.html` from `posts/a/index.qmd` is `/old.html`); one climbing above the root
    is left as written, for the alias check to refuse."""
    if alias.startswith("/") or "://" in alias:
        return alias
    url = document_url(rel)
    folder = posixpath.dirname(page_file(url))  # the folder of its output file
    joined = posixpath.normpath(posixpath.join(folder or ".", alias))
    if joined == ".." or joined.startswith("../"):
        return alias
    path = "/" if joined == "." else "/" + joined
    return path + "/" if alias.endswith("/") and not path.endswith("/") else path


def relative_url(target: str, page_dir: str) -> str:
    """`target` (relative to the site's root) as a link from a page in folder `page_dir`."""
    link = posixpath.relpath(target, page_dir or ".")
    if target.endswith("/") and not link.endswith("/"):
        link += "/"
    return "./" if link == "./" or link == "." else link


def own_layout_url(rel: str) -> str:
    """Where quizsite's own layout publishes the document at `rel` (relative to content/):
    posts under `posts/<slug>/`, pages at `<path>/`, names made into slugs."""
    from .slugs import slugify_text

    folder, name = posixpath.split(rel)
    stem = posixpath.splitext(name)[0]
    parts = [p for p in folder.split("/") if p]
    if stem not in _INDEX_STEMS:
        parts.append(stem)
    if not parts:
        return ""
    if parts and parts[0] == "posts" and len(parts) > 1:
        return f"posts/{slugify_text(parts[-1])}/"
    return "/".join(slugify_text(p) or p for p in parts) + "/"


def page_slug(source: SourceFile) -> str:
    """A standalone page's URL path relative to the site's base: Quarto's (`about.html`,
    `projects/`) in a Quarto blog, `about/` in quizsite's layout."""
    if source.quarto:  # the root's index document is the home page
        url = document_url(source.rel)
        return "" if url == "./" else url
    return own_layout_url(posixpath.relpath(source.rel, source.content or "."))
