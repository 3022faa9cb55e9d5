"""Where things are: every internal URL, output file names, and the dates URLs and feeds show."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable
from datetime import datetime
from functools import cache

from .model import UNDATED, Post
from .quarto_urls import page_file, post_url_path


class Urls:
    """Every internal URL, prefixed with the base path so sub-path hosting works."""

    def __init__(self, base_path: str, origin: str = "") -> None:
        self.base = base_path
        self.origin = origin

    def absolute(self, url: str) -> str:
        """A full URL for feeds, the sitemap and social cards (needs a full base_url)."""
        return self.origin + url if url.startswith("/") else url

    def post(self, slug: str) -> str:
        """A post page."""
        return self.base + post_url_path(slug)

    def tag(self, slug: str, number: int = 1) -> str:
        """A page of a tag's listing."""
        return self.paged(f"{self.base}tags/{slug}/", number)

    def home(self, number: int = 1) -> str:
        """A page of the home listing."""
        return self.paged(self.base, number)

    @staticmethod
    def paged(first: str, number: int) -> str:
        """Page `number` of a listing whose first page is at `first`."""
        return first if number == 1 else f"{first}page/{number}/"

    def file(self, url: str) -> str:
        """The output file serving an internal URL (ending in `/`, or a Quarto `name.html`)."""
        return page_file(url[len(self.base) :])

    def asset(self, path: str) -> str:
        """A file shipped with the site."""
        return self.base + path.lstrip("/")


def format_date(value: datetime, fmt: str, lang: str = "") -> str:
    """strftime, plus `%-d`/`%-m` (no leading zero) on every platform; in `lang`'s order and
    words where quizsite has them (ui_words.py), else in English."""
    if lang and not lang.startswith("en") and "%" in fmt:
        from .ui_words import date_in

        fmt = date_in(value, fmt, lang)
    fmt = fmt.replace("%-d", str(value.day)).replace("%-m", str(value.month))
    return value.strftime(fmt)


def alias_path(alias: str, base_path: str) -> str:
    """The output file for an old URL: `/old/url/` → `old/url/index.html`."""
    path = alias.strip()
    if path.startswith(base_path):
        path = path[len(base_path) :]
    path = path.lstrip("/")
    return (
        path if path.endswith((".html", ".htm")) else f"{path.rstrip('/')}/index.html".lstrip("/")
    )


def alias_owners(
    posts: Iterable[Post], base_path: str, pages: frozenset[str] = frozenset()
) -> dict[str, Post]:
    """The post whose redirect stays at each alias's file when several name it: the last in
    path order, as Quarto renders documents in that order and the last redirect written
    stays. An alias at one of `pages` (documents' own files) has none: Quarto writes no
    redirect over a document's page."""
    owners: dict[str, Post] = {}
    for post in sorted(posts, key=lambda p: p.location.path):
        for alias in post.aliases:
            if (path := alias_path(alias, base_path)) not in pages:
                owners[path] = post
    return owners


def document_files(posts: Iterable[Post], pages: Iterable[Post]) -> frozenset[str]:
    """The output file of each post and standalone page."""
    return frozenset(
        [*(page_file(post_url_path(p.slug)) for p in posts), *(page_file(d.slug) for d in pages)]
    )


def post_image(post: Post, urls: Urls) -> str:
    """A post's `image` as a URL: absolute URLs stay, relative ones sit beside the post."""
    if "://" in post.image or post.image.startswith("/"):
        return post.image
    # `../banner.png` (a `_metadata.yml`'s image, by then from the post's folder) is named
    # by the path it resolves to: social sites do not resolve `..` in og:image.
    return posixpath.normpath(urls.post(post.slug).rsplit("/", 1)[0] + "/" + post.image)


def page_image(page: Post, urls: Urls) -> str:
    """A standalone page's `image` as a URL: relative ones sit beside the page."""
    if not page.image or "://" in page.image or page.image.startswith("/"):
        return page.image
    folder = posixpath.dirname(page.slug)
    return posixpath.normpath(urls.base + (f"{folder}/" if folder else "") + page.image)


def rfc3339(value: datetime) -> str:
    """Atom's date format; naive dates are taken as UTC (an undated post's as the epoch)."""
    return max(value, _EPOCH).strftime("%Y-%m-%dT%H:%M:%SZ")


_EPOCH = datetime(1970, 1, 1)


def lastmod(value: datetime) -> str:
    """A sitemap's `lastmod`: the date, or nothing for an undated post."""
    return value.date().isoformat() if value > UNDATED else ""


@cache  # every build of a watch session asks again for every reading of the site
def reading_id(url: str) -> str:
    """A short, stable name for a resource (by its URL): its own page's folder."""
    return hashlib.blake2b(url.encode("utf-8"), digest_size=5).hexdigest()


def reading_anchor(url: str) -> str:
    """The id of a reading's entry on the reading list page: stable, and the same on every page."""
    return "reading-" + reading_id(url)
