"""A post's links and images: found in its HTML, placed at the line that writes them, and
held to the built site (every internal URL must name one of its files)."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .config import SiteConfig
from .errors import Diagnostic, SourceLocation, warning
from .includes import expand_includes
from .line_maps import LineMap
from .model import Post
from .sources import FrontMatter, SourceFile, split_front_matter
from .urls import Urls


class _Links(HTMLParser):
    """Collects (tag, url) for every href and src in an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append((tag, value))


def links_of(html: str) -> list[tuple[str, str]]:
    """(tag, url) of each link in `html`, first occurrence only."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return list(dict.fromkeys(parser.found))


def link_problems(
    post: Post,
    links: Iterable[tuple[str, str]],
    config: SiteConfig,
    site_dir: Path,
    source: SourceFile | None,
) -> list[Diagnostic]:
    """Warnings for the `links` of `post` (tag, url) that name nothing in the built site."""
    base = config.base_path
    page = base + post.slug if post.page else Urls(base).post(post.slug)
    content = config.content_dir.relative_to(config.root).as_posix()
    found = []
    for tag, url in links:
        path = internal_path(url, page, config.base_url)
        if path is None:
            continue
        place = source_place(source, url) or SourceLocation(post.location.path, 1)
        if not path.startswith(base):
            found.append(
                warning(
                    place.path,
                    place.line,
                    f"link points outside the site: {url}",
                    f"the site is served under {base}; start internal links with {base} or make "
                    "them relative to the post",
                )
            )
        elif not _exists(site_dir, unquote(path[len(base) :])):
            found.append(
                warning(
                    place.path,
                    place.line,
                    f"{_what_is_missing(tag)}: {url}",
                    f"the built site has nothing at {path}; "
                    + (
                        f"relative links start from the post's page, {page}"
                        if tag == "a"
                        else "files in a folder post's own folder (NAME/index.qmd under "
                        f"{content}/) are published with it, files in static/ at the site root "
                        f"({base})"
                    ),
                )
            )
    return found


def _what_is_missing(tag: str) -> str:
    """How to name a link that resolves to nothing, by the element that holds it."""
    return {"a": "broken link", "img": "missing image"}.get(tag, "missing file")


def internal_path(url: str, page: str, base_url: str) -> str | None:
    """The absolute URL path a link of the page `page` points to; None when it leaves the site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        site = urlsplit(base_url)
        # A full URL of the site itself (https://user.github.io/blog/...) is internal too.
        if not site.netloc or (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            return None
        if not parts.path.startswith(site.path):
            return None  # another site on the same host
        return parts.path
    if not parts.path:
        return None  # `#answer`, `?q=1`: the page itself
    return urlsplit(urljoin(page, parts.path)).path


def _exists(site_dir: Path, rel: str) -> bool:
    """True when the site-relative path names a file (or a folder with index.html)."""
    rel = posixpath.normpath("/" + rel).lstrip("/")
    target = site_dir / rel if rel else site_dir
    if target.is_dir():
        target = target / "index.html"
    return target.is_file()


def source_place(source: SourceFile | None, url: str) -> SourceLocation | None:
    """The file and line first mentioning `url` (as written or decoded) in the post's body or
    the files it includes (their text is the page's too); None when no line does. An address
    no URL-like word holds (`((https://x))` gives `(https://x)`, `(a b: c)` gives `a%20b:%20c`)
    is looked for as text."""
    if source is None:
        return None
    index = _url_lines(source)
    found = index.get(url) or index.get(unquote(url))
    if found is None and url.endswith(")"):
        found = index.get(url[:-1])
    if found is None and source.quarto and not url.startswith(("/", "#")):
        found = index.get(_as_written_from_root(source, url))
    return found or _as_text(source, unquote(url))


def _as_written_from_root(source: SourceFile, url: str) -> str:
    """A relative address of a Quarto document's page as the author may have written it,
    from the site's root (doclinks.py writes `/img/x.png` as `../../img/x.png`)."""
    from .doclinks import page_dir

    rooted = posixpath.normpath(posixpath.join(page_dir(source), url))
    rooted = "/" if rooted == "." else "/" + rooted
    return rooted + "/" if url.endswith("/") and not rooted.endswith("/") else rooted


def _as_text(source: SourceFile, text: str) -> SourceLocation | None:
    """The file and line of the first line of the post's body holding `text`."""
    body, lines = _expanded(source)
    at = body.find(text) if text.strip() else -1
    return lines.locate(body.count("\n", 0, at)) if at >= 0 else None


@functools.lru_cache(maxsize=8)
def _expanded(source: SourceFile) -> tuple[str, LineMap]:
    """The post's body with its includes pasted in, and where each of its lines is from."""
    front = split_front_matter(source)
    if isinstance(front, Diagnostic):
        front = FrontMatter({}, source.text, 1)
    body, lines, _, _ = expand_includes(
        front.body, source.root, source.path, source.rel, front.body_line
    )
    return body, lines


# A URL mentioned in a post starts at a line's start, after white space or a quote, or after
# one of these (`](url`, `<url>`, `src=url`, `link:url`), and ends where a token does.
_TOKEN = re.compile(r"[^\s)>\"']+")
_URL_STARTS = frozenset("(<=:")
# Bounds on what one token offers: a URL is seldom longer, and a line of `a=a=a=...` must
# not cost the square of its length.
_MAX_URL = 4096
_MAX_STARTS = 32


@functools.lru_cache(maxsize=8)
def _url_lines(source: SourceFile) -> dict[str, SourceLocation]:
    """Every text of the post's body (its includes pasted in) that can be a whole URL, with
    the first file and line it is on: made once per post, so each link's place is a lookup (a
    post of thousands of broken links was quadratic, each link compiling a pattern and
    scanning every line)."""
    body, lines = _expanded(source)
    found: dict[str, SourceLocation] = {}
    for number, line in enumerate(body.split("\n")):
        for token in _url_texts(line):
            if token not in found:
                found[token] = lines.locate(number)
    return found


def _url_texts(line: str) -> Iterator[str]:
    """Each text of a line that can be a whole URL."""
    for match in _TOKEN.finditer(line):
        token, start = match.group(), match.start()
        before = line[start - 1] if start else " "
        starts = [0] if before.isspace() or before in "\"'" else []
        for i, char in enumerate(token):
            if len(starts) >= _MAX_STARTS:
                break
            if char in _URL_STARTS:
                starts.append(i + 1)
        for at in starts:
            if len(token) - at <= _MAX_URL:
                yield token[at:]
