"""A Quarto project's drafts as its `website: draft-mode` says (Quarto's website drafts):
`unlinked` renders a draft at its URL under a "Draft" banner, in no listing, feed, tag,
search or sitemap (it is left out of the site's posts, taxonomy.py, and only its own page is
made here); `visible` shows it everywhere a post is (config.py builds with drafts then);
`gone`, the default, leaves it out, as quizsite leaves drafts out (Quarto writes a blank page
at its URL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .memo import Spec
from .quarto_urls import page_file, post_url_path

if TYPE_CHECKING:
    from .plan import Reader


def draft_pages(r: Reader) -> Iterator[Spec]:
    """The page at each unlinked draft's URL: a post rendered with no neighbours, a page as
    any other."""
    from .families import post_page, standalone_page

    for doc in r.site.drafts if r.config.draft_mode == "unlinked" else ():
        if doc.page:
            yield Spec(page_file(doc.slug), standalone_page, (doc,))
        else:
            yield Spec(
                page_file(post_url_path(doc.slug)), post_page, (doc.slug, None, None, False, False)
            )
