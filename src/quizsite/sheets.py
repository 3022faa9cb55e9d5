"""Printable quiz sheets: every quiz of the site and of each tag, newest first, SHEET_SIZE to a
page, each page its questions and options first and their answer key at the end (on a paper
page of its own when printed)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from .model import Html, Post

# Quizzes on one sheet page: a few printed pages, and a page that does not grow with the site
# (a site of more quizzes has more sheet pages).
SHEET_SIZE = 20
# A sheet page's navigation names the pages this near it, and the first and last.
PARTS_NEAR = 2
# Links and images of a post written relative to its page (its own files, footnotes): the
# sheet is at another address, so they are made to start from the post's.
_RELATIVE = re.compile(rb'(\s(?:src|href)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|/)')
_LIST_TYPE = re.compile(rb'^<ol[^>]*\stype="([AaIi])"')
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


class SheetQuiz(NamedTuple):
    """One quiz as a sheet prints it: the question, the options as the post lists them, and
    its key written as the options are marked (`2`, `B`, `ii`)."""

    title: str
    url: str
    question_html: Html
    options_html: Html
    multiple: bool
    key: str
    answer_url: str


def sheet_quiz(post: Post, url: str) -> SheetQuiz:
    """The sheet's view of a quiz (`url`: its page)."""
    quiz = post.quiz
    assert quiz is not None
    match = _LIST_TYPE.match(quiz.options_html.utf8)
    style = match.group(1).decode() if match else "1"
    return SheetQuiz(
        title=post.title,
        url=url,
        question_html=_from(quiz.question_html, url),
        options_html=_from(quiz.options_html, url),
        multiple=quiz.multiple,
        key=", ".join(marker(n, style) for n in quiz.answer.key),
        answer_url=f"{url}#{quiz.answer.anchor}",
    )


def _from(html: Html, url: str) -> Html:
    """`html` of the page at `url`, its relative links and images made to start from `url`."""
    if b'="' not in html.utf8:
        return html
    return Html(_RELATIVE.sub(rb"\1" + url.encode(), html.utf8))


def marker(number: int, style: str) -> str:
    """An option's number as its list marks it: `2`, `B`, `b`, `II`, `ii`."""
    if style in ("A", "a") and 1 <= number <= 26:
        letter = chr(ord("a") + number - 1)
        return letter.upper() if style == "A" else letter
    if style in ("I", "i") and 1 <= number < 4000:
        roman = ""
        for value, letters in _ROMAN:
            while number >= value:
                roman, number = roman + letters, number - value
        return roman.upper() if style == "I" else roman
    return str(number)


def sheet_posts(posts: tuple[Post, ...]) -> tuple[Post, ...]:
    """The quizzes the sheet of `posts` (newest first) holds, over its pages: all of them."""
    return tuple([p for p in posts if p.quiz is not None])


class SheetPart(NamedTuple):
    """One page of a sheet as its navigation names it: the numbers of its first and last
    quizzes (counted over the whole sheet, newest first) and its address."""

    number: int
    first: int
    last: int
    url: str


def sheet_parts(
    count: int, current: int, url_of: Callable[[int], str]
) -> tuple[SheetPart | None, ...]:
    """The pages of a sheet of `count` quizzes its page `current` names (`url_of(n)`: page
    n's address): the first and last, and those near `current`; None where some are left out
    (so a page's navigation does not grow with the site)."""
    total = -(-count // SHEET_SIZE)
    near = {1, total, *range(current - PARTS_NEAR, current + PARTS_NEAR + 1)}
    parts: list[SheetPart | None] = []
    for n in sorted(k for k in near if 1 <= k <= total):
        if parts and parts[-1] is not None and parts[-1].number < n - 1:
            parts.append(None)
        parts.append(SheetPart(n, (n - 1) * SHEET_SIZE + 1, min(n * SHEET_SIZE, count), url_of(n)))
    return tuple(parts)
