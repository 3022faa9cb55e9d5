"""Links and images whose destination holds spaces, as Pandoc reads them:
`[Course](/teaching/Pattern Recognition/)`, `![](my plot.png)`.

CommonMark ends a destination at the first space, so such a link is no link at all and its
brackets and parentheses show as text. Pandoc takes spaces inside the parentheses as part of
the address (written `%20` in the page) unless they lead to a title in quotes. These rules run
only where markdown-it's own link and image rules found nothing, so well-formed links never
reach them.

A link whose text holds a bracketed span, `[[URW Classico]{.sans}](https://...)`, is also one
Pandoc reads and markdown-it does not: its link rule takes the span for a link inside the
link and gives up, leaving brackets and the address as text.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .patterns import compile_later

_QUOTED = compile_later(r"\s[\"']")  # a title left unclosed: Pandoc reads no link


def spaced_links_plugin(md: MarkdownIt) -> None:
    """Add the fallback rules for links and images after markdown-it's own."""
    md.inline.ruler.after("link", "pandoc_spaced_link", _spaced_link)
    md.inline.ruler.after("pandoc_spaced_link", "pandoc_span_link", _span_link)
    md.inline.ruler.after("image", "pandoc_spaced_image", _spaced_image)


def _spaced_link(state: StateInline, silent: bool) -> bool:
    """`[text](a destination with spaces)`: a link, as Pandoc reads it."""
    if state.src[state.pos] != "[":
        return False
    found = _target(state, state.pos)
    if found is None:
        return False
    _push_link(state, silent, state.pos + 1, found)
    return True


def _span_link(state: StateInline, silent: bool) -> bool:
    """`[[text]{.class}](address)`: a link whose text holds a bracketed span, as Pandoc reads
    it (a text holding a link of its own stays no link, as in CommonMark)."""
    start = state.pos
    if state.src[start] != "[" or state.src.find("]{", start, state.posMax) < 0:
        return False
    found = _target(state, start, spans=True)
    if found is None:
        return False
    label_end = found[0]
    inner: list[Token] = []
    state.md.inline.parse(state.src[start + 1 : label_end], state.md, state.env, inner)
    kinds = {token.type for token in inner}
    if "span_open" not in kinds or "link_open" in kinds:
        return False
    _push_link(state, silent, start + 1, found)
    return True


def _push_link(
    state: StateInline, silent: bool, label_start: int, found: tuple[int, str, str, int]
) -> None:
    """The link's tokens around its label's (read in place), unless only asked whether it
    is one; then past its closing parenthesis."""
    label_end, href, title, end = found
    if not silent:
        old_max = state.posMax
        state.pos, state.posMax = label_start, label_end
        state.push("link_open", "a", 1).attrs = {
            "href": href,
            **({"title": title} if title else {}),
        }
        state.linkLevel += 1
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.push("link_close", "a", -1)
        state.posMax = old_max
    state.pos = end


def _spaced_image(state: StateInline, silent: bool) -> bool:
    """`![alt](a file name with spaces.png)`: an image, as Pandoc reads it."""
    if state.src[state.pos] != "!" or state.src[state.pos + 1 : state.pos + 2] != "[":
        return False
    found = _target(state, state.pos + 1)
    if found is None:
        return False
    label_end, href, title, end = found
    if not silent:
        content = state.src[state.pos + 2 : label_end]
        children: list[Token] = []
        state.md.inline.parse(content, state.md, state.env, children)
        token = state.push("image", "img", 0)
        token.attrs = {"src": href, "alt": "", **({"title": title} if title else {})}
        token.children = children
        token.content = content
    state.pos = end
    return True


def _target(
    state: StateInline, start: int, spans: bool = False
) -> tuple[int, str, str, int] | None:
    """For the `[` at `start`: where its label ends, the normalized address, the title and
    where the whole link ends; None unless the parentheses hold an address with spaces (or,
    with `spans`, any address after a label holding bracketed tokens)."""
    label_end = state.md.helpers.parseLinkLabel(state, start, not spans)
    if label_end < 0:
        return None
    opening = label_end + 1
    if state.src[opening : opening + 1] != "(":
        return None
    closing = _closing(state.src, opening + 1, state.posMax)
    if closing is None:
        return None
    destination, title = _title(state.src[opening + 1 : closing].strip())
    # One word is CommonMark's business (it failed there for another reason).
    if spans and destination.startswith("<") and destination.endswith(">"):
        destination = destination[1:-1]
    elif (
        len(destination.split()) < (1 if spans else 2)
        or destination.startswith("<")
        or _QUOTED.search(destination)
    ):
        return None
    href = state.md.normalizeLink(destination)
    if not state.md.validateLink(href):
        return None
    return label_end, href, title, closing + 1


def _title(inside: str) -> tuple[str, str]:
    """The parentheses' text split into the address and a title: a space then a quoted text
    ending them (`a b "Title"`), as Pandoc reads it; no title when there is none."""
    for quote in "\"'":
        at = inside.find(" " + quote)
        if at > 0 and inside.endswith(quote) and len(inside) > at + 2:
            return inside[:at].rstrip(), inside[at + 2 : -1]
    return inside, ""


def _closing(src: str, pos: int, end: int) -> int | None:
    """The `)` closing a link's parentheses opened just before `pos` (nested pairs and escaped
    characters skipped), on the same line; None if there is none."""
    depth = 0
    while pos < end:
        char = src[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "\n":
            return None
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return pos
            depth -= 1
        pos += 1
    return None
