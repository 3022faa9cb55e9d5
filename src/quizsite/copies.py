"""Files published as they are: the theme's and the site's static files, each post's own files
(a folder post's files, the files a flat post refers to), and the files its code made.

Each copy comes with the stamp of its source file, so that a later build copies again only
the files whose stamp moved.
"""

from __future__ import annotations

import operator
import os
import posixpath
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from .diagrams import MERMAID_ASSET, mermaid_copy
from .model import Post
from .parses import ParsedSource
from .quarto_urls import post_url_path
from .sources import is_metadata
from .stamps import Stamp, asset_stamps, stamp

Copies = dict[str, tuple[Path, Stamp]]  # published path -> (source file, its stamp)


def static_files(
    statics: Mapping[str, tuple[Path, Stamp]],
    sources: Iterable[ParsedSource],
    published: Collection[Post],
) -> Copies:
    """Files copied as they are, with their stamps: theme and site static files (`statics`,
    already stamped), then the assets of the published posts."""
    copies = dict(statics)
    for source in sources:
        post = source.post
        if post is not None and (source.found.assets or post.resources) and post in published:
            copies.update(_asset_copies(source))
    _add_mermaid(copies, published)  # only a site with a Mermaid diagram carries Mermaid
    return copies


def _add_mermaid(copies: Copies, shown: Collection[Post]) -> None:
    """Mermaid's bundle among the copies, when one of `shown` draws a diagram."""
    bundle = mermaid_copy(shown) if MERMAID_ASSET not in copies else None
    if bundle is not None:
        copies[MERMAID_ASSET] = (bundle, stamp(bundle))


def _asset_copies(source: ParsedSource) -> Copies:
    """Where a post's own files go (beside its page), with the stamps its post's own stamp
    took (no second look at each file)."""
    post = source.post
    assert post is not None  # only a parsed post has a page to put them beside
    folder = f"{post.source_dir}{os.sep}"
    stamps = asset_stamps(source.stamp)
    # The folder holding the page.
    beside = post.slug.rstrip("/") if post.page else post_url_path(post.slug).rsplit("/", 1)[0]
    copies = {
        f"{beside}/{text.removeprefix(folder).replace(os.sep, '/')}": (asset, taken)
        for asset, (text, taken) in zip(source.found.assets, stamps, strict=True)
        if not is_metadata(text)
    }
    # A flat post's resources, as stamped with its parse (a file gone meanwhile is left to
    # the next build, which parses the post again).
    copies.update(
        (published, (path, taken))
        for (published, path), (_, taken) in zip(post.resources, source.resources, strict=True)
        if taken is not None
    )
    return copies


def copies_after_swaps(
    previous: Copies,
    statics: Mapping[str, tuple[Path, Stamp]],
    before: Mapping[Path, ParsedSource],
    parsed: Mapping[Path, ParsedSource],
    swaps: Mapping[Post, Post],
) -> Copies | None:
    """The last build's copies (`previous`, made from the parses `before` and the same
    `statics`) with the files of the posts read again made anew, when the site only swapped
    edited posts in and the sources are the very files of the last build in the same order
    (else None). Such a post keeps its slug (a swap does) and its folder's files (one added
    or deleted makes the build scan, and a scan makes new keys); a flat post may refer to
    other files. A loop over every source reads objects strewn over the whole heap, a cost a
    watch build on a big site notices, for the few posts with files of their own."""
    if len(parsed) != len(before) or not all(map(operator.is_, parsed, before)):
        return None
    copies = dict(previous)
    shown = set(swaps.values())  # a post parsed again is published only if it was swapped in
    for source, old in zip(parsed.values(), before.values(), strict=True):
        if source is old or not (_has_files(source) or _has_files(old)):
            continue
        files = _asset_copies(source) if _has_files(source) else {}
        if source.post not in shown:  # its text read again unchanged: copied as it was
            files = {path: copy for path, copy in files.items() if path in copies}
        elif _has_files(old):  # the files it no longer publishes go, as a full listing has it
            for path in _asset_copies(old).keys() - files.keys():
                copies.pop(path, None)
                if path in statics:
                    copies[path] = statics[path]
        copies.update(files)
    _add_mermaid(copies, shown)  # an edit drew the site's first Mermaid diagram
    return copies


def _has_files(source: ParsedSource) -> bool:
    """True when the source is a post with files of its own to publish."""
    post = source.post
    return post is not None and bool(source.found.assets or post.resources)


def output_files(posts: Iterable[Post]) -> dict[str, bytes]:
    """The files the posts' code outputs made, beside each post's page (in its folder, or
    beside a Quarto `name.html` page)."""
    return {
        posixpath.join(_page_folder(post), name): data
        for post in posts
        for name, data in post.files
    }


def _page_folder(post: Post) -> str:
    """The folder holding a post's or standalone page's HTML file, relative to the site."""
    if not post.page:
        return post_url_path(post.slug).rsplit("/", 1)[0]
    # A page is at `folder/` (its index) or `folder/name.html`.
    return post.slug.rstrip("/") if post.slug.endswith("/") else posixpath.dirname(post.slug)
