"""The site's menu (Quarto's navbar with its dropdowns, quizsite.toml's `menu`) and page footer
as views for the templates; loaded only by a site with either (`pages.py` asks first)."""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

from .config import SiteConfig
from .model import Post
from .quarto_urls import DOCUMENT_LINK_SUFFIXES, document_url, own_layout_url

_NO_ICON = Markup("")


@dataclass(frozen=True)
class MenuLink:
    """One item of the site's menu."""

    text: str
    url: str
    icon: str  # Quarto's icon name (`github`, `rss`), or ""
    side: str  # "left" or "right"
    external: bool  # a link to another site
    icon_svg: Markup = _NO_ICON  # the icon (Bootstrap Icons), hidden from screen readers
    icon_only: bool = False  # shown as its icon alone: `text` is then its accessible name
    # A dropdown's entries (then `kind` is "menu" and `url` is ""); "header" and "separator"
    # are a dropdown's headings and rules, which link nowhere.
    children: tuple[MenuLink, ...] = ()
    kind: str = "link"


# Quarto's icons by name, as words: the accessible name of an icon alone, or the text shown
# when the icon cannot be.
_ICON_NAMES = {
    "github": "GitHub",
    "gitlab": "GitLab",
    "rss": "RSS",
    "twitter": "Twitter",
    "twitter-x": "X",
    "linkedin": "LinkedIn",
    "mastodon": "Mastodon",
    "youtube": "YouTube",
    "envelope": "Email",
    "house": "Home",
}


def menu_links(
    config: SiteConfig, pages: tuple[Post, ...], base: str, drafts: tuple[Post, ...] = ()
) -> tuple[MenuLink, ...]:
    """The configured menu as links: documents (`about.qmd`) point at their pages and take
    their titles when the item has no text; outside links stay as they are; an item naming a
    draft the site leaves out or unlinks is left out, as Quarto leaves it out."""
    titles = {page.slug: page.title for page in pages}
    drafted = draft_targets(config, drafts)
    return tuple(
        _dropdown(config, titles, base, text, icon, side, entries, drafted)
        if entries
        else menu_link(config, titles, base, text, href, icon, side)
        for text, href, icon, side, entries in config.menu
        if not names_draft(config, href, drafted)
    )


def draft_targets(config: SiteConfig, drafts: tuple[Post, ...]) -> frozenset[str]:
    """Where each draft's document would be published, as a menu item names it."""
    return frozenset(_document_target(config, doc.location.path) for doc in drafts)


def names_draft(config: SiteConfig, href: str, drafted: frozenset[str]) -> bool:
    """Whether a menu item's `href` names one of the drafts' documents."""
    parts = urlsplit(href)
    return (
        bool(drafted)
        and not (parts.scheme or parts.netloc)
        and parts.path.endswith(DOCUMENT_LINK_SUFFIXES)
        and _document_target(config, parts.path) in drafted
    )


def _dropdown(
    config: SiteConfig,
    titles: Mapping[str, str],
    base: str,
    text: str,
    icon: str,
    side: str,
    entries: tuple[tuple[str, str, str, str], ...],
    drafted: frozenset[str],
) -> MenuLink:
    """A navbar dropdown (Quarto's `menu:`): its entries worked out as the menu's links."""
    children = tuple(
        menu_link(config, titles, base, *entry)
        if entry[1]
        else _unlinked(config, "separator" if entry[0] == "---" else "header", *entry)
        for entry in entries
        if not names_draft(config, entry[1], drafted)
    )
    made = _unlinked(config, "menu", text, "", icon, side)
    return dataclasses.replace(made, children=children)


def _unlinked(
    config: SiteConfig, kind: str, text: str, href: str, icon: str, side: str
) -> MenuLink:
    """A menu entry that links nowhere: a dropdown's button, heading or separator."""
    label = (
        ""
        if kind == "separator"
        else _label(text) or _ICON_NAMES.get(icon, icon.replace("-", " ").title())
    )
    svg = dict(config.icons).get(icon, "") if icon else ""
    # The icon's SVG was read from Bootstrap Icons' own files, never from the site's text.
    return MenuLink(label, href, icon, side, False, Markup(svg), bool(svg) and not text, (), kind)


def menu_link(
    config: SiteConfig,
    titles: Mapping[str, str],
    base: str,
    text: str,
    href: str,
    icon: str,
    side: str,
) -> MenuLink:
    """One menu item as a link (see `menu_links`)."""
    parts = urlsplit(href)
    external = bool(parts.scheme or parts.netloc)
    url = href
    if not external and parts.path.endswith(DOCUMENT_LINK_SUFFIXES):
        target = _document_target(config, parts.path)
        text = text or titles.get(target, "")
        url = base + target + (f"#{parts.fragment}" if parts.fragment else "")
    elif not external and not href.startswith("#"):
        url = base + href.lstrip("/")  # relative to the site, wherever the page is
    label = _label(text) or _ICON_NAMES.get(icon, icon.replace("-", " ").title()) or href
    svg = dict(config.icons).get(icon, "") if icon else ""
    # The icon's SVG was read from Bootstrap Icons' own files, never from the site's text.
    return MenuLink(label, url, icon, side, external, Markup(svg), bool(svg) and not text)


# An HTML tag in a navbar item's text (tidymodels.org's inline `<svg>` GitHub icon).
_HTML_TAG = re.compile(r"<[A-Za-z][^<>]*>")


def _label(text: str) -> str:
    """A menu item's text; the author's own HTML in it (from `_quarto.yml`, as trusted as a
    post's raw HTML) kept as HTML, as Quarto renders the navbar's text, never shown as tags."""
    return Markup(text.strip()) if "<" in text and _HTML_TAG.search(text) else text


@dataclass(frozen=True)
class FooterRegionView:
    """One region of the page footer: the author's HTML, then its links."""

    side: str
    html: Markup
    links: tuple[MenuLink, ...]


@dataclass(frozen=True)
class FooterView:
    """Quarto's page footer, its links worked out as the menu's."""

    regions: tuple[FooterRegionView, ...]
    style: str  # the footer's own colours, as an inline style ("" for the theme's)


def footer_view(
    config: SiteConfig, pages: tuple[Post, ...], base: str, drafts: tuple[Post, ...] = ()
) -> FooterView | None:
    """The site's page footer (Quarto's `website: page-footer`), or None for quizsite's own;
    a link naming a draft left out or unlinked is left out, as in the menu."""
    if config.footer is None:
        return None
    titles = {page.slug: page.title for page in pages}
    drafted = draft_targets(config, drafts)
    regions = tuple(
        FooterRegionView(
            region.side,
            site_links_html(config, base, region.html),
            tuple(
                menu_link(config, titles, base, *link, region.side)
                for link in region.links
                if not names_draft(config, link[1], drafted)
            ),
        )
        for region in config.footer.regions
    )
    return FooterView(regions, config.footer.style)


# An address in the footer's or body chrome's HTML: a link's, an image's, and the other
# resources Quarto resolves in a page (its `kHtmlResourceTags`), in either quotes.
_SITE_ADDRESS = re.compile(
    r"""(<(?:a|img|link|script|source|embed|iframe)\b[^>]*?\s(?:href|src|data-src)\s*=\s*)"""
    r"""(["'])(.*?)\2""",
    re.I,
)


def site_links_html(config: SiteConfig, base: str, html: Markup) -> Markup:
    """HTML shown alike on pages at every depth (the page footer, `body-header` and
    `body-footer`) with its addresses made ones that resolve on the published site: a
    document (`about.qmd`, `/about.qmd`) at its page's URL, and another site address from
    the site's root under its base path (`/img/x.png` is `/blog/img/x.png` for a site
    published at `/blog/`), as Quarto makes a `/` address its page's way to the root."""
    if "href" not in html and "src" not in html:
        return html

    def resolve(match: re.Match[str]) -> str:
        href = Markup(match.group(3)).unescape()
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path or href.startswith(("#", "//")):
            return match.group(0)
        if parts.path.endswith(DOCUMENT_LINK_SUFFIXES):
            url = base + _document_target(config, parts.path)
        else:
            url = base + parts.path.lstrip("/")
        url += f"?{parts.query}" if parts.query else ""
        url += f"#{parts.fragment}" if parts.fragment else ""
        quote = match.group(2)
        return f"{match.group(1)}{quote}{Markup.escape(url)}{quote}"

    return Markup(_SITE_ADDRESS.sub(resolve, html))


def _document_target(config: SiteConfig, path: str) -> str:
    """Where the document a menu item names is published, relative to the site's base."""
    rel = posixpath.normpath(path.lstrip("/"))
    if config.quarto:
        target = document_url(rel)
        return "" if target == "./" else target
    if rel.startswith(config.content):
        rel = posixpath.relpath(rel, config.content)
    return own_layout_url(rel)
