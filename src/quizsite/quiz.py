"""Find the quiz in a post's tokens: question, numbered options, answer key, explanation, reading.

The shape (see docs/authoring.md): prose, then an ordered list of options, then a collapsible
callout whose first paragraph is the key (`2`, `1, 3`, `2 and 4`). Posts of another shape are
ordinary posts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal, NamedTuple

from markdown_it.token import Token

from .fenced_divs import Callout
from .pandoc_syntax import marker_value
from .patterns import compile_later
from .summaries import citation_text, math_text
from .tokens import matching_close

# At most nine digits per number, as for CommonMark's list numbers: a longer one names no
# option, and one of over 4300 digits would make int() raise.
_KEY = re.compile(
    r"^(?:answers?\s*:?\s*)?(\d{1,9}(?:\s*(?:,|&|\band\b|,\s*and\b)\s*\d{1,9})*)\.?$", re.I
)
# A key for a lettered (or Roman-numbered) list: `B`, `b, d`, `(ii) and (iv)`, `Answer: C.`
_MARKER_KEY = compile_later(r"^(?:answers?\s*:?\s*)?(.{1,200}?)\.?$", re.I | re.S)
_KEY_SEPARATOR = compile_later(r"\s*(?:,\s*and\b|,|&|\band\b)\s*", re.I)
_READING_HEADING = re.compile(r"^recommended readings?:?$", re.I)
# Opening quote -> its closing quote; a link text wrapped in a pair is a quoted title.
_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "„": "“", "»": "«"}


class QuizShape(NamedTuple):
    """Where the parts of a quiz sit in the top-level token list (half-open ranges)."""

    options: tuple[int, int]
    answer: tuple[int, int]
    key: tuple[int, ...]
    key_paragraph: int  # index of the key's paragraph_open
    key_line: int  # 0-based body line of the key
    readings: tuple[tuple[str, str, int, int, int], ...]  # title, url, item open/close, line
    option_items: tuple[tuple[int, int, int], ...]  # number, item open, item close
    marker: str = "1"  # the options list's type: 1, A, a, I or i


def plain_text(tokens: Sequence[Token], code_mark: str = "") -> str:
    """The readable text of inline tokens, without markup (formulas in a text form)."""
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            parts.append(plain_text(token.children or [], code_mark))
        elif token.type in ("text", "xref"):
            parts.append(token.content)
        elif token.type == "code_inline":  # marked (`…`) where search excerpts are cut from it
            parts.append(f"{code_mark}{token.content}{code_mark}")
        elif token.type in ("math_inline", "math_inline_double"):
            parts.append(math_text(token.content))  # never raw TeX where text is shown
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "citation":
            parts.append(citation_text(token))
    return "".join(parts)


# Marks that make a title Markdown rather than text (Quarto renders titles as Markdown).
_TITLE_MARKUP = compile_later(r"[`*\\$\[]|(?<!\w)_|_(?!\w)")


def title_text(title: str) -> str:
    """A Quarto title as text: its Markdown read (`dplyr` in backticks, *emphasis*, links,
    math) so that no mark is shown; a title without any is returned as it is."""
    if not _TITLE_MARKUP.search(title):
        return title
    from .markdown import markdown_parser  # here: markdown imports this module

    return plain_text(markdown_parser().parseInline(title, {})).strip() or title


def _callout(token: Token) -> Callout | None:
    """The callout a fenced-div token opens, if it is one."""
    callout = token.meta.get("callout") if token.type == "fenced_div_open" else None
    return callout if isinstance(callout, Callout) else None


def parse_key(text: str, marker: str = "1") -> tuple[int, ...] | None:
    """Option numbers named by an answer key such as `2`, `1, 3` or `2 and 4` (or, for options
    lettered A, B, ..., `B` or `b, d`); None if not a key."""
    match = _KEY.match(text.strip())
    if match:
        return tuple(sorted({int(n) for n in re.findall(r"\d+", match.group(1))}))
    letters = _MARKER_KEY.match(text.strip()) if marker != "1" else None
    if not letters:
        return None
    numbers = [
        marker_value(part.strip().removeprefix("(").removesuffix(")"), marker)
        for part in _KEY_SEPARATOR.split(letters.group(1))
    ]
    if not numbers or any(n is None for n in numbers):
        return None
    return tuple(sorted({n for n in numbers if n is not None}))


def find_quiz(tokens: Sequence[Token]) -> QuizShape | None:
    """Locate question, options and answer callout among top-level tokens, or None."""
    top = [i for i, t in enumerate(tokens) if t.level == 0 and t.nesting == 1]
    list_start = next((i for i in top if tokens[i].type == "ordered_list_open"), None)
    if list_start is None:
        return None
    list_end = matching_close(tokens, list_start)
    marker = str(tokens[list_start].attrGet("type") or "1")
    answer_start = _answer_after(tokens, top, list_end)
    if answer_start is None:
        return None
    answer_end = matching_close(tokens, answer_start)
    first = answer_start + 1
    if tokens[first].type != "paragraph_open":
        return None
    key = parse_key(plain_text([tokens[first + 1]]), marker)
    if key is None:
        return None
    return QuizShape(
        options=(list_start, list_end + 1),
        answer=(answer_start, answer_end + 1),
        key=key,
        key_paragraph=first,
        key_line=(tokens[first].map or [0])[0],
        readings=_find_readings(tokens, first, answer_end),
        option_items=_option_items(tokens, list_start, list_end),
        marker=marker,
    )


def _answer_after(tokens: Sequence[Token], top: list[int], list_end: int) -> int | None:
    """The first collapsible callout among the top-level blocks after the options list."""
    for i in top:
        callout = _callout(tokens[i]) if i > list_end else None
        if callout is not None and callout.collapse is not None:
            return i
    return None


def _option_items(
    tokens: Sequence[Token], start: int, end: int
) -> tuple[tuple[int, int, int], ...]:
    """(number, open, close) of each item of the options list, honouring a custom start number."""
    first = tokens[start].attrGet("start")  # an int; 0 is a valid start, so no `or 1`
    number = int(first) if first is not None else 1
    items = []
    i = start + 1
    while i < end:
        close = matching_close(tokens, i)
        items.append((number, i, close))
        number += 1
        i = close + 1
    return tuple(items)


class TopBlock(NamedTuple):
    """A top-level ordered list or callout, located for checks of the quiz shape."""

    kind: Literal["list", "callout"]
    start: int  # index of the opening token
    collapsible: bool  # callouts: has collapse="true" or "false"
    key: tuple[int, ...] | None  # callouts: the key read from the first paragraph, if any


def top_blocks(
    tokens: Sequence[Token], start: int = 0, end: int | None = None
) -> tuple[TopBlock, ...]:
    """The ordered lists and callouts at the top level, in order, with their keys (those
    from the token `start` to before `end`)."""
    blocks = []
    marker = "1"  # the type of the last ordered list, which a key's letters refer to
    for i in range(start, len(tokens) if end is None else end):
        token = tokens[i]
        if token.level != 0 or token.nesting != 1:
            continue
        if token.type == "ordered_list_open":
            marker = str(token.attrGet("type") or "1")
        callout = _callout(token)
        if token.type != "ordered_list_open" and callout is None:
            continue
        key = None
        if callout is not None and tokens[i + 1].type == "paragraph_open":
            key = parse_key(plain_text([tokens[i + 2]]), marker)
        blocks.append(
            TopBlock(
                kind="callout" if callout is not None else "list",
                start=i,
                collapsible=callout is not None and callout.collapse is not None,
                key=key,
            )
        )
    return tuple(blocks)


def reading_heading(tokens: Sequence[Token], start: int, end: int) -> int | None:
    """Index of the inline token of the first "Recommended reading" paragraph or heading."""
    return next(
        (
            i
            for i in range(start, end)
            if tokens[i].type == "inline"
            and _READING_HEADING.match(plain_text([tokens[i]]).strip())
        ),
        None,
    )


def _find_readings(
    tokens: Sequence[Token], start: int, end: int
) -> tuple[tuple[str, str, int, int, int], ...]:
    """The links listed under a "Recommended reading" paragraph or heading inside the answer."""
    for i in range(start, end):
        if tokens[i].type != "inline" or not _READING_HEADING.match(
            plain_text([tokens[i]]).strip()
        ):
            continue
        j = i + 2  # skip the paragraph/heading close
        if j >= end or tokens[j].type not in ("bullet_list_open", "ordered_list_open"):
            return ()
        found = []
        list_end = matching_close(tokens, j)
        k = j + 1
        while k < list_end:
            item_end = matching_close(tokens, k)
            link = _first_link(tokens[k:item_end])
            if link is not None:
                found.append((*link, k, item_end, (tokens[k].map or [0])[0]))
            k = item_end + 1
        return tuple(found)
    return ()


def _first_link(tokens: Sequence[Token]) -> tuple[str, str] | None:
    """(title, url) of the first link in a list item."""
    for token in tokens:
        children = token.children or []
        for n, child in enumerate(children):
            if child.type == "link_open":
                close = n + 1
                while children[close].type != "link_close":
                    close += 1
                title = _unquote(plain_text(children[n + 1 : close]).strip())
                return title, str(child.attrGet("href") or "")
    return None


def _unquote(title: str) -> str:
    """The title without the pair of quotes around it; quotes that belong to it stay."""
    # `“A” and “B”` starts and ends with quotes, but they are two pairs, not one around it;
    # `“A “B” C”` is one pair around a title that quotes something.
    opening, closing = title[:1], title[-1:]
    if len(title) < 2 or _QUOTE_PAIRS.get(opening) != closing:
        return title
    if opening == closing:  # straight quotes cannot nest: one more inside means two pairs
        return title if closing in title[1:-1] else title[1:-1].strip()
    depth = 0
    for char in title[:-1]:
        depth += (char == opening) - (char == closing)
        if depth == 0:
            return title  # the first quote closed before the end
    return title[1:-1].strip()


def reading_note(item: Sequence[Token], render_inline: Callable[[list[Token]], str]) -> str:
    """HTML of what follows the link in a reading-list item ("is the original paper.")."""
    for token in item:
        children = token.children or []
        for n, child in enumerate(children):
            if child.type == "link_close":
                return render_inline(children[n + 1 :]).strip()
    return ""


def summary_text(tokens: Sequence[Token], limit: int = 40) -> str:
    """The opening words of the text outside collapsible callouts (where answers live) and
    figure captions (a picture's description is not how a question begins)."""
    words: list[str] = []
    hidden = 0  # depth inside a collapsible callout
    previous = ""
    for token in tokens:
        if hidden:
            hidden += token.nesting
            continue
        callout = _callout(token)
        if callout is not None and callout.collapse is not None:
            hidden = 1
        elif token.type == "inline" and previous != "figcaption_open":
            words.extend(plain_text([token]).split())
            if len(words) > limit:
                return " ".join(words[:limit]) + "…"
        previous = token.type
    return " ".join(words)


# Tokens holding text: paragraphs' and headings' inline runs, code blocks, display math.
_READABLE = frozenset(("inline", "fence", "code_block", "math_block", "math_block_label"))


def post_texts(tokens: Sequence[Token], answer: tuple[int, int]) -> tuple[str, str, int]:
    """Every word a reader sees outside the `answer` tokens (a range) and inside them, code and
    formulas included, one block a line (what search indexes); and the words of running text in
    the whole post, answers included (for reading time). Each run's text is made once."""
    outside: list[str] = []
    inside: list[str] = []
    words = 0
    start, end = answer
    for n, token in enumerate(tokens):
        if token.type not in _READABLE:
            continue
        if token.type == "inline":
            text = plain_text([token], "`")
            words += len(text.split())
        elif token.type.startswith("math_block"):
            text = math_text(token.content, True)
        else:  # a code cell's words as shown: hidden ones none, no `#|` lines (execute.py)
            text = token.meta.get("shown_text", token.content)
        (inside if start <= n < end else outside).append(text)
    return "\n".join(outside), "\n".join(inside), words
