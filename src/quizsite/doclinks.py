"""Links between documents and the files a document refers to, as Quarto publishes them.

A link to another document's source (`other.qmd`, `../b/index.qmd#part`, `/posts/c.md`)
becomes a link to its page, anchor kept; a link to a source that is not there is a warning.
Local files a document refers to (images, data, PDFs) are its resources, published beside it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from .errors import Diagnostic, warning
from .line_maps import LineMap
from .look_assets import raw_html_files
from .marks import holds
from .patterns import compile_later
from .quarto_urls import (
    DOCUMENT_LINK_SUFFIXES,
    document_url,
    own_layout_url,
    relative_url,
)
from .sources import SourceFile, input_exists

# Cheap test before any walk: a body without one of these has nothing to rewrite.
_MARKERS = ("](", ".qmd", ".md", ".markdown", ".ipynb", ".Rmd", "src=", "src =", "href=", "href =")
# A link's or an image's address (inline, `](`, or a reference's definition, `]:`) that may be
# local: one not plainly another site's or an anchor. A body whose addresses are all plainly
# not local (most posts link only to other sites) has no link to walk the tokens for.
_MAY_BE_LOCAL = re.compile(r"\]\(\s*<?(?!https?://|#|mailto:)|\]:\s*<?(?!https?://|#|mailto:)")
# Raw HTML naming a file (`src=`, `href =`): only then are its tags looked through.
_NAMES_FILE = re.compile(r"(?:src|href)\s*=")
# Addresses that are plainly not local, told apart without parsing them: anchors and the
# usual schemes (any other scheme is found by urlsplit).
_NOT_LOCAL = ("#", "http://", "https://", "mailto:")


def page_dir(source: SourceFile) -> str:
    """The folder (relative to the output root) of the page the post is published as."""
    if source.quarto:  # Quarto's output mirrors its sources
        return posixpath.dirname(source.rel)
    inside = posixpath.relpath(source.rel, source.content or ".")
    return own_layout_url(inside).rstrip("/")


# A link made to another document: (its source, from the root; the address written; the
# file and line writing it), so a link to a draft left out can be taken out again (drafts.py).
DocLink = tuple[str, str, str, int]


def rewrite_links(
    tokens: list[Token],
    source: SourceFile,
    body: str,
    lines: LineMap,
    made: list[DocLink] | None = None,
) -> tuple[tuple[tuple[str, Path], ...], list[Diagnostic]]:
    """Point links to document sources at their pages (in place), noting each in `made`;
    return the local files the post refers to, each with where it is published (beside the
    page, as the link expects it), and a warning for each link to a source that is not there,
    at the file and line writing it (an included file's own for included text)."""
    if not any(marker in body for marker in _MARKERS):
        return (), []
    if holds(body, "href=", 4):
        _point_raw_hrefs(tokens, source)
    links = list(_links(tokens)) if _MAY_BE_LOCAL.search(body) else []
    names_file = ("src" in body or "href" in body) and _NAMES_FILE.search(body)
    raw = _raw_files(tokens, source) if names_file else []
    if not links and not raw:  # most posts link only to other sites
        return (), []
    resources: dict[str, Path] = {}
    problems = _point_links(links, source, resources, lines, made if made is not None else [])
    here = posixpath.dirname(source.rel)
    for path in raw:
        rel = posixpath.normpath(
            path.lstrip("/") if path.startswith("/") else posixpath.join(here, path)
        )
        if _publishes(source, rel) and (source.root / rel).is_file():
            _add_resource(resources, source.root, rel, here, page_dir(source))
    return tuple(resources.items()), problems


def _publishes(source: SourceFile, rel: str, path: str = "") -> bool:
    """Whether a file the document names (`rel`, from the site's root) is published for it:
    one inside the site, and for a folder post (which publishes its whole folder anyway but
    its sources) one outside its folder, such as `/img/x.png` from the site's root, as Quarto
    publishes it, or a source of its own linked to (`path`, as written)."""
    if rel.startswith("../") or rel == "..":
        return False
    if not source.is_folder_post or path.endswith(DOCUMENT_LINK_SUFFIXES):
        return True
    return not rel.startswith(posixpath.dirname(source.rel) + "/")


def _point_links(
    links: list[tuple[Token, str, int]],
    source: SourceFile,
    resources: dict[str, Path],
    lines: LineMap,
    made: list[DocLink],
) -> list[Diagnostic]:
    """Point Markdown links to document sources at their pages (each noted in `made`), note
    the local files the others name in `resources`; a warning for each link to a source that
    is not there."""
    root = source.root
    here = posixpath.dirname(source.rel)
    problems: list[Diagnostic] = []
    beside = page_dir(source)
    for child, attr, line in links:
        parts = urlsplit(str(child.attrs[attr]))
        path = unquote(parts.path)
        rel = posixpath.normpath(
            path.lstrip("/") if path.startswith("/") else posixpath.join(here, path)
        )
        if rel.startswith("../") or rel == "..":
            continue  # outside the site: nothing of ours to publish or point at
        document = _renders(path, rel)
        if source.quarto and path.startswith("/") and not document:
            child.attrSet(attr, _from_root(parts.path, beside, parts.query, parts.fragment))
        if document:
            if input_exists(root / rel):
                link = relative_url(_target_url(source, rel), beside)
                link += f"#{parts.fragment}" if parts.fragment else ""
                child.attrSet(attr, link)
                if attr == "href":
                    place = lines.locate(line)
                    made.append((rel, link, place.path, place.line or 0))
            else:
                problems.append(_missing_source(lines, line, path))
        elif _publishes(source, rel, path) and (root / rel).is_file():
            _add_resource(resources, root, rel, here, beside)
    return problems


def _from_root(path: str, beside: str, query: str = "", fragment: str = "") -> str:
    """An address from the site's root (`/img/x.png`) as the way there from a page in the
    folder `beside`, as Quarto writes it (its `projectOffset`): it then resolves wherever
    the site is published, a sub-path (`site-path`, a `site-url` with a path) too."""
    link = relative_url(path.lstrip("/") or "./", beside)
    link += f"?{query}" if query else ""
    return link + (f"#{fragment}" if fragment else "")


# An address from the site's root in raw HTML, in the attributes Quarto resolves there.
_RAW_ROOT = compile_later(
    r"""(<(?:a|img|link|script|source|embed|iframe)\b[^>]*?\s(?:href|src|data-src)\s*=\s*)"""
    r"""(["'])(/(?!/)[^"']*)\2""",
    re.I,
)


def _point_raw_root_addresses(tokens: list[Token], beside: str) -> None:
    """Raw HTML's addresses from the site's root made the way there from the page in the
    folder `beside`, as Quarto makes them (`_from_root`)."""

    def point(found: re.Match[str]) -> str:
        parts = urlsplit(found[3])
        return (
            found[1]
            + found[2]
            + _from_root(parts.path, beside, parts.query, parts.fragment)
            + found[2]
        )

    for token in tokens:
        for raw in [token] if token.type == "html_block" else token.children or []:
            if raw.type in ("html_block", "html_inline") and (
                '"/' in raw.content or "'/" in raw.content
            ):
                raw.content = _RAW_ROOT.sub(point, raw.content)


def _renders(path: str, rel: str) -> bool:
    """Whether a link's address (`path`, as written; `rel`, from the root) names a source
    Quarto renders a page of."""
    return path.endswith(DOCUMENT_LINK_SUFFIXES) and not _never_rendered(rel)


def _never_rendered(rel: str) -> bool:
    """Whether a source is one Quarto renders no page of, whatever its suffix (a name in its
    path starting with `_` or `.`, as `_computations.qmd`): a link to it stays a link to the
    file, published as any other the document names."""
    return any(part.startswith(("_", ".")) for part in rel.split("/"))


def _add_resource(resources: dict[str, Path], root: Path, rel: str, here: str, beside: str) -> None:
    """Publish the file at `rel` beside the page, where the document's link expects it."""
    published = posixpath.normpath(posixpath.join(beside, posixpath.relpath(rel, here or ".")))
    if not published.startswith("../"):
        resources[published] = root / rel


# A link to a document in raw HTML (`<a href="../pt/index.qmd">`, as R code writes it).
_RAW_HREF = compile_later(
    r"""(\bhref=["'])([^"':#?]+\.(?:qmd|md|markdown|ipynb|Rmd|rmd))(#[^"']*)?(["'])"""
)


def _point_raw_hrefs(tokens: list[Token], source: SourceFile) -> None:
    """Point raw HTML's links to document sources at their pages, as Quarto does (a link to
    a source that is not there is left for `check` to report)."""
    here = posixpath.dirname(source.rel)
    beside = page_dir(source)

    def point(found: re.Match[str]) -> str:
        """One `href="x.qmd"` pointed at its page."""
        path = unquote(found[2])
        rel = posixpath.normpath(
            path.lstrip("/") if path.startswith("/") else posixpath.join(here, path)
        )
        if rel.startswith("../") or _never_rendered(rel) or not input_exists(source.root / rel):
            return found[0]
        link = relative_url(_target_url(source, rel), beside)
        return found[1] + link + (found[3] or "") + found[4]

    for token in tokens:
        for raw in [token] if token.type == "html_block" else token.children or []:
            if raw.type in ("html_block", "html_inline") and "href=" in raw.content:
                raw.content = _RAW_HREF.sub(point, raw.content)


def _raw_files(tokens: list[Token], source: SourceFile) -> list[str]:
    """The local files the document's raw HTML names; in a Quarto document, its addresses
    from the site's root are then made its page's way there (`_point_raw_root_addresses`)."""
    raw = list(_raw_html_sources(tokens))
    if source.quarto:
        _point_raw_root_addresses(tokens, page_dir(source))
    return raw


def _raw_html_sources(tokens: list[Token]) -> Iterator[str]:
    """The local file addresses raw HTML (blocks and inline tags) loads."""
    for token in tokens:
        raw = [token] if token.type == "html_block" else token.children or []
        for child in raw:
            if child.type in ("html_block", "html_inline"):
                yield from raw_html_files(child.content)


def _links(tokens: list[Token]) -> Iterator[tuple[Token, str, int]]:
    """Each link or image with a local address (no scheme, host or bare anchor): the token,
    the attribute holding the address, and the 0-based body line of its paragraph."""
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] if block.map else 0
        for child in block.children:
            attr = "href" if child.type == "link_open" else "src" if child.type == "image" else ""
            url = str(child.attrs.get(attr, "")) if attr else ""
            if not url or url.startswith(_NOT_LOCAL):
                continue
            parts = urlsplit(url)
            if not (parts.scheme or parts.netloc):
                yield child, attr, line


def _missing_source(lines: LineMap, line: int, path: str) -> Diagnostic:
    """The warning for a link to a document source that is not in the site, at the file and
    line of its paragraph."""
    place = lines.locate(line)
    return warning(
        place.path,
        place.line,
        f"link to {path}, which is not in the site",
        "fix the path, or link to the page's address",
    )


def _target_url(source: SourceFile, rel: str) -> str:
    """The page (relative to the output root) of the document at `rel` (relative to the site)."""
    if source.quarto:
        return document_url(rel)
    inside = posixpath.relpath(rel, source.content or ".")
    return own_layout_url(inside)
