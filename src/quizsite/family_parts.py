"""What the page families share (families.py, reading_families.py): lists cut into pages, and
the words of their titles in the site's language."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

from .memo import Spec
from .taxonomy import paginate
from .views import Pager

if TYPE_CHECKING:
    from .plan import Reader

V = TypeVar("V")
Specs = Iterator[Spec]


def listing(
    items: tuple[V, ...], per_page: int, url_of: Callable[[int], str]
) -> Iterator[tuple[tuple[V, ...], Pager]]:
    """A listing's pages: the items of each and where it sits among the others."""
    for chunk in paginate(items, per_page):
        n, total = chunk.number, chunk.total
        before, after = (url_of(n - 1) if n > 1 else None), (url_of(n + 1) if n < total else None)
        yield chunk.items, Pager(n, total, before, after, (n - 1) * per_page)


def word(r: Reader, key: str) -> str:
    """A page title's word in the site's language (ui_words.py)."""
    return r.site_view.words[key]


def paged_title(r: Reader, title: str, n: int, total: int) -> str:
    """A paged list's title: the first page's alone, the others' with their number."""
    return (
        title
        if n == 1
        else f"{title} ({r.site_view.words.fill('quizsite-listing-page', n, total)})"
    )
