"""Standalone pages (`about.qmd`) as views for the templates, and the site's menu, footer and
sidebars for them to show (made by `menus.py` and `sidebar_contents.py`, loaded only by a site
that has them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from markupsafe import Markup

from .config import SiteConfig
from .model import Html, Post
from .page_options import PageOptions
from .quarto_names import project_name
from .quarto_project import render_filter
from .quarto_urls import post_url_path
from .skipped import Documents, skipped_documents
from .sources import scan_pages, skipped_root_documents
from .urls import format_date

if TYPE_CHECKING:
    from .menus import FooterView, MenuLink
    from .sidebar_contents import SidebarView


class PageView(NamedTuple):
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
    options: PageOptions | None = None  # the page's options (page_options.py)

    @property
    def subtitle_html(self) -> Markup:
        """The subtitle as a Quarto title block shows it: its Markdown rendered (inline)."""
        from .inline_text import inline_markdown

        return inline_markdown(self.subtitle, raw_html=False)


def menu_links(
    config: SiteConfig, pages: tuple[Post, ...], base: str, drafts: tuple[Post, ...] = ()
) -> tuple[MenuLink, ...]:
    """The configured menu as links (`menus.menu_links`); none for a site without a menu."""
    if not config.menu:
        return ()
    from .menus import menu_links as links  # here: only a site with a menu

    return links(config, pages, base, drafts)


def footer_view(
    config: SiteConfig, pages: tuple[Post, ...], base: str, drafts: tuple[Post, ...] = ()
) -> FooterView | None:
    """The site's page footer (`menus.footer_view`), or None for quizsite's own."""
    if config.footer is None:
        return None
    from .menus import footer_view as footer  # here: only a site with a page footer

    return footer(config, pages, base, drafts)


def sidebar_views_of(
    config: SiteConfig,
    posts: tuple[Post, ...],
    pages: tuple[Post, ...],
    base: str,
    drafts: tuple[Post, ...] = (),
) -> tuple[SidebarView, ...]:
    """Quarto's sidebars resolved against the site's documents (their pages and titles); an
    entry naming a draft the site leaves out or unlinks is left out, as in the menu."""
    if not config.sidebars:
        return ()
    from .menus import draft_targets, menu_link, names_draft
    from .sidebar_contents import sidebar_views

    docs = [(p.location.path, base + p.slug, p.title) for p in pages]
    docs += [(p.location.path, base + post_url_path(p.slug), p.title) for p in posts]
    titles = {url: title for _, url, title in docs}
    drafted = draft_targets(config, drafts)

    def link(text: str, href: str) -> tuple[str, str]:
        """An entry's text and URL ("" for a draft's, which the entry then loses)."""
        if names_draft(config, href, drafted):
            return text, ""
        made = menu_link(config, {}, base, text, href, "", "left")
        return text or titles.get(made.url, "") or made.text, made.url

    return sidebar_views(config.sidebars, docs, link)


def page_title(page: Post, site_title: str) -> str:
    """A page's `<title>`: its own, but the site's name for the home page (and untitled pages)
    when the site has one."""
    return page.title if (page.slug or not site_title) and page.title else site_title


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
        date_display=format_date(page.date, page.date_format or date_format, page.lang)
        if page.dated
        else "",
        toc_html=page.toc_html,
        body_html=page.prose_html if page.quiz is None else Html.of(page.body_html),
        lang=page.lang,
        extra=page.extra,
        options=page.options,
    )


def documents_skipped(
    config: SiteConfig, published: Iterable[Path], documents: Documents
) -> list[tuple[str, str]]:
    """Files named like documents that were not taken as documents, each with why (what
    `build` counts and `check` lists): those of the content folder's `documents` Quarto skips,
    and those `project.render` leaves out."""
    root = config.root
    found = skipped_documents(documents, published, root)
    found += skipped_root_documents(root, config.content_dir, config.quarto, config.output_dir)
    renders = render_filter(config.render, root)
    if renders is None:
        return found
    why = f"not named by project.render in {project_name(root)}"
    found = [(rel, why if not renders(rel) else reason) for rel, reason in found]
    pages = scan_pages(root, config.content_dir, config.quarto, config.output_dir)
    for page in pages:
        rel = page.path.relative_to(root).as_posix()
        if not renders(rel):
            found.append((rel, why))
    return sorted(found)
