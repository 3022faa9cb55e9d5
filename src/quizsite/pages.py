"""Standalone pages (`about.qmd`) and the site's menu (Quarto's navbar, quizsite.toml's
`menu`): their views, for the templates."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .config import SiteConfig
from .model import Html, Post
from .quarto_project import render_filter
from .quarto_urls import DOCUMENT_LINK_SUFFIXES, document_url, own_layout_url
from .sources import listing_of, scan_pages, skipped_documents, skipped_root_documents
from .urls import format_date


@dataclass(frozen=True)
class MenuLink:
    """One item of the site's menu."""

    text: str
    url: str
    icon: str  # Quarto's icon name (`github`, `rss`), or ""
    side: str  # "left" or "right"
    external: bool  # a link to another site


@dataclass(frozen=True)
class PageView:
    """Everything a standalone page shows."""

    title: str
    subtitle: str
    url: str
    author_links: tuple[tuple[str, str], ...]
    date_iso: str
    date_display: str
    toc_html: Html
    body_html: Html
    lang: str
    extra: Mapping[str, Any]


# Quarto's icons by name, as words: the theme ships no icon font.
_ICON_NAMES = {"github": "GitHub", "rss": "RSS", "twitter": "Twitter", "linkedin": "LinkedIn"}


def menu_links(config: SiteConfig, pages: tuple[Post, ...], base: str) -> tuple[MenuLink, ...]:
    """The configured menu as links: documents (`about.qmd`) point at their pages and take
    their titles when the item has no text; outside links stay as they are."""
    titles = {page.slug: page.title for page in pages}
    links = []
    for text, href, icon, side in config.menu:
        parts = urlsplit(href)
        external = bool(parts.scheme or parts.netloc)
        url = href
        if not external and parts.path.endswith(DOCUMENT_LINK_SUFFIXES):
            rel = posixpath.normpath(parts.path.lstrip("/"))
            if not config.quarto:
                rel = (
                    posixpath.relpath(rel, config.content)
                    if rel.startswith(config.content)
                    else rel
                )
            target = document_url(rel) if config.quarto else own_layout_url(rel)
            target = "" if target == "./" else target
            if target and target not in titles:
                folder = config.root if config.quarto else config.root / config.content
                listing = listing_of(folder / rel)
                if listing is not None and not listing[1]:
                    # A listing of other documents (talks/): quizsite has no such page; `build`
                    # and `check` name the listing among the files not taken as documents.
                    continue
                if listing is not None:  # Quarto's listing of the posts: the home page
                    target, text = "", text or listing[0]
            text = text or titles.get(target, "")
            url = base + target + (f"#{parts.fragment}" if parts.fragment else "")
        elif not external and not href.startswith("#"):
            url = base + href.lstrip("/")  # relative to the site, wherever the page is
        label = text or _ICON_NAMES.get(icon, icon.replace("-", " ").title()) or href
        links.append(MenuLink(label, url, icon, side, external))
    return tuple(links)


def page_view(page: Post, url: str, date_format: str) -> PageView:
    """A standalone page's view."""
    return PageView(
        title=page.title,
        subtitle=page.subtitle,
        url=url,
        author_links=tuple(
            zip(page.authors, page.author_urls or ("",) * len(page.authors), strict=True)
        ),
        date_iso=page.date.date().isoformat() if page.dated else "",
        date_display=format_date(page.date, page.date_format or date_format) if page.dated else "",
        toc_html=page.toc_html,
        body_html=page.prose_html if page.quiz is None else Html.of(page.body_html),
        lang=page.lang,
        extra=page.extra,
    )


def documents_skipped(config: SiteConfig, published: Iterable[Path]) -> list[tuple[str, str]]:
    """Files named like documents that were not taken as documents, each with why (what
    `build` counts and `check` lists): those Quarto skips, and those `project.render` leaves
    out."""
    root = config.root
    found = skipped_documents(config.content_dir, published, root)
    found += skipped_root_documents(root, config.content_dir, config.quarto, config.output_dir)
    renders = render_filter(config.render, root)
    if renders is None:
        return found
    why = "not named by project.render in _quarto.yml"
    found = [(rel, why if not renders(rel) else reason) for rel, reason in found]
    pages = scan_pages(root, config.content_dir, config.quarto, config.output_dir)
    for page in pages:
        rel = page.path.relative_to(root).as_posix()
        if not renders(rel):
            found.append((rel, why))
    return sorted(found)
