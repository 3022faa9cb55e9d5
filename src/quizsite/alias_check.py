"""Aliases checked against the pages a build makes: one may not take a page's address, nor
another alias's; in a Quarto project the warnings Quarto gives instead."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import BuildFailed, Diagnostic, error, warning
from .model import Post
from .urls import alias_owners, alias_path, document_files
from .views import Page


def check_aliases(
    posts: Sequence[Post], pages: Sequence[Page], base_path: str, quarto: bool
) -> tuple[Diagnostic, ...]:
    """An alias may not take the address of a real page, nor of another alias; in a Quarto
    project two documents' alias at one address is a warning, the redirect going where
    Quarto's last written one does (`alias_owners`)."""
    real = {p.path for p in pages if p.template != "alias.html"}
    taken = set(real)
    documents = document_files(*_posts_and_pages(posts)) if quarto else frozenset()
    owners = alias_owners(posts, base_path, documents) if quarto else {}
    problems, warned = [], []
    for post in posts:
        for alias in post.aliases:
            path = alias_path(alias, base_path)
            if path in documents:
                warned.append(_alias_on_document(post, alias, path))
                continue
            owner = owners.get(path, post)
            if owner is not post and path not in real:
                warned.append(
                    warning(
                        post.location.path,
                        post.location.line,
                        f"alias {alias!r} is also {owner.location.path}'s: it redirects there",
                        "remove the alias from one of the two documents",
                    )
                )
                continue
            if path in taken:
                problems.append(
                    error(
                        post.location.path,
                        post.location.line,
                        f"alias {alias!r} is the address of another page ({path})",
                        "remove the alias, or point it at an address no page uses",
                    )
                )
            taken.add(path)
    if problems:
        raise BuildFailed(problems)
    return tuple(warned)


def _posts_and_pages(documents: Sequence[Post]) -> tuple[list[Post], list[Post]]:
    """The posts, then the standalone pages, of a list of documents."""
    return [d for d in documents if not d.page], [d for d in documents if d.page]


def _alias_on_document(post: Post, alias: str, path: str) -> Diagnostic:
    """Quarto's warning for an alias at another document's page, where it writes none."""
    return warning(
        post.location.path,
        post.location.line,
        f"alias {alias!r} is the address of another document's page ({path}): "
        "no redirect is written there, as Quarto does",
        "remove the alias",
    )
