"""The sidebar each page shows (Quarto's `website: sidebar:`): a sidebar with neither `id`
nor `title` on every page, another on the pages it lists, or the one a document names
(`sidebar: id`; `sidebar: false` for none). The sidebars themselves, read and resolved, are
`sidebar_contents.py`'s, apart so that a site without sidebars loads none of their records."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .look import Look
    from .sidebar_contents import SidebarView


def sidebar_for(
    sidebars: tuple[SidebarView, ...], url: str, choice: str = ""
) -> SidebarView | None:
    """The sidebar a page shows: the one it names, else the first listing it, else the first
    shown everywhere; None for none (or `sidebar: false`)."""
    if choice == "false" or not sidebars:
        return None
    if choice:
        return next((s for s in sidebars if choice in (s.id, s.title)), None)
    listed = next((s for s in sidebars if url in s.covers), None)
    return listed or next((s for s in sidebars if s.everywhere), None)


def page_chrome(
    sidebars: tuple[SidebarView, ...],
    url: str,
    look: Look | None,
    back_to_top: bool,
    page_navigation: bool,
) -> dict[str, object]:
    """What Quarto puts around a page besides its look: its sidebar, a back-to-top link, and
    the previous and next pages of its sidebar (each on when the page's metadata, else the
    site's `website:`, says so)."""
    sidebar = sidebar_for(sidebars, url, look.sidebar if look is not None else "")
    own_top = look.back_to_top if look is not None else ""
    own_nav = look.page_navigation if look is not None else ""
    navigate = own_nav == "true" or (own_nav == "" and page_navigation)
    return {
        "sidebar": sidebar,
        "back_to_top": own_top == "true" or (own_top == "" and back_to_top),
        "neighbours": sidebar.neighbours(url) if navigate and sidebar else (None, None),
    }
