"""Quarto's `::: {.panel-tabset}`: each heading inside the div starts a tab panel.

The page holds every panel as a `<section>` with its heading, so without JavaScript a tabset
reads as a run of headed sections; the theme's script turns it into an ARIA tablist (arrow
keys, Home, End), and keeps tabsets of the same `group=` on the same tab.
"""

from __future__ import annotations

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .errors import warning
from .figures import child_blocks
from .tokens import matching_close


def tabsets(state: StateCore) -> None:
    """Core rule: wrap each heading-led part of a tabset div in a tab panel section."""
    if "panel-tabset" not in state.src:
        return
    tokens = state.tokens
    openers = [
        i
        for i, t in enumerate(tokens)
        if t.type == "fenced_div_open"
        and "panel-tabset" in t.meta["attrs"].classes
        and t.meta.get("callout") is None
    ]
    for i in reversed(openers):  # later ones first: earlier indices stay valid
        _tabset(state, i)


def _tabset(state: StateCore, opener: int) -> None:
    """Sections for one tabset; a tabset without headings is a plain div, with a warning."""
    tokens = state.tokens
    closer = matching_close(tokens, opener)
    blocks = child_blocks(tokens, opener + 1, closer)
    levels = [int(tokens[a].tag[1]) for a, _ in blocks if tokens[a].type == "heading_open"]
    if not levels:
        where = tokens[opener].map
        problem = warning(
            "",
            where[0] if where else None,
            "panel-tabset has no headings, so it has no tabs; its content is shown as it is",
            "start each tab with a heading (## Tab name) inside the ::: {.panel-tabset} div",
        )
        state.env.setdefault("quarto_diagnostics", []).append(problem)
        return
    level = min(levels)
    out: list[Token] = []
    opened = False
    for first, last in blocks:
        head = tokens[first]
        if head.type == "heading_open" and int(head.tag[1]) == level:
            if opened:
                out.append(Token("tab_panel_close", "section", -1, block=True))
            panel = Token("tab_panel_open", "section", 1, block=True, map=head.map)
            panel.attrSet("class", "tab-panel")
            out.append(panel)
            head.attrJoin("class", "tab-heading")
            opened = True
        out.extend(tokens[first:last])
    out.append(Token("tab_panel_close", "section", -1, block=True))
    tokens[opener + 1 : closer] = out
