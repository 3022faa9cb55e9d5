"""A Quarto project's drafts as its `website: draft-mode` says (Quarto's website drafts):
`unlinked` renders a draft at its URL under a "Draft" banner, in no listing, feed, tag,
search or sitemap (it is left out of the site's posts, taxonomy.py, and only its own page is
made here); `visible` shows it everywhere a post is (config.py builds with drafts then);
`gone`, the default, leaves it out, as quizsite leaves drafts out (Quarto writes a blank page
at its URL). Under `gone` and `unlinked`, as in Quarto, a link in another document to a draft
is its text alone, with a warning at the link's line (`unlink_drafts`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from markdown_it.common.utils import escapeHtml

from .errors import Diagnostic, warning
from .memo import Spec
from .model import Html, Post, Site
from .quarto_urls import page_file, post_url_path

if TYPE_CHECKING:
    from .config import SiteConfig
    from .plan import Reader


def unlinked_drafts(config: SiteConfig, site: Site) -> tuple[Post, ...]:
    """The drafts published at their URL (`unlinked`): their pages, and the files they use.
    A document may set its own `draft-mode` (Quarto's draft filter reads it from the
    document's metadata): `unlinked` or `visible` there renders its page, while listings,
    search, the sitemap and links to it go by the project's mode."""
    if config.draft_mode == "unlinked":
        return site.drafts
    return tuple([d for d in site.drafts if d.extra.get("draft-mode") in _SHOWN])


_SHOWN = ("unlinked", "visible")


def draft_pages(r: Reader) -> Iterator[Spec]:
    """The page at each unlinked draft's URL: a post rendered with no neighbours, a page as
    any other."""
    from .families import post_page, standalone_page

    for doc in unlinked_drafts(r.config, r.site):
        if doc.page:
            yield Spec(page_file(doc.slug), standalone_page, (doc,))
        else:
            yield Spec(
                page_file(post_url_path(doc.slug)), post_page, (doc.slug, None, None, False, False)
            )


def unlink_drafts(config: SiteConfig, posts: Sequence[Post]) -> tuple[list[Post], list[Diagnostic]]:
    """The posts with their links to a draft the site leaves out or unlinks made their text,
    and a warning at each such link naming the draft; the posts as they are otherwise."""
    # A quoted `draft: 'true'` is no draft to Quarto's links (`index.draft === true`).
    drafted = {post.location.path for post in posts if post.draft and "draft" not in post.extra}
    if not drafted or not config.quarto or config.drafts:  # most sites: no draft
        return list(posts), []
    found: list[Post] = []
    problems: list[Diagnostic] = []
    for post in posts:
        # A quiz's parts are rendered apart; quizzes are quizsite's own, not a Quarto site's.
        links = [link for link in post.doc_links if link[0] in drafted] if not post.quiz else []
        if links:
            post = post._replace(prose_html=_unlinked(post.prose_html, links))
        for target, _, path, line in links:
            problems.append(
                warning(
                    path,
                    line or None,
                    f"link to {target}, a draft (draft-mode: {config.draft_mode}): shown as its "
                    "text, the draft not being published",
                    "link to it once it is published (draft: false), or unlink it",
                )
            )
        found.append(post)
    return found, problems


def _unlinked(html: Html, links: list[tuple[str, str, str, int]]) -> Html:
    """`html` with every link to one of the addresses written as its text."""
    hrefs = "|".join(
        re.escape(escapeHtml(href)) for href in dict.fromkeys(h for _, h, _, _ in links)
    )
    pattern = re.compile(f'<a href="(?:{hrefs})"[^>]*>(.*?)</a>', re.S)
    return Html.of(pattern.sub(r"\1", html.utf8.decode()))
