"""Printable quiz sheets: the newest quizzes of the site and of each tag, questions and options
first, the answer key at the end (on a page of its own when printed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Html, Post

# Quizzes on one sheet: a few printed pages, and a page that does not grow with the site.
SHEET_SIZE = 20
# Links and images of a post written relative to its page (its own files, footnotes): the
# sheet is at another address, so they are made to start from the post's.
_RELATIVE = re.compile(rb'(\s(?:src|href)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|/)')
_LIST_TYPE = re.compile(rb'^<ol[^>]*\stype="([AaIi])"')
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


@dataclass(frozen=True)
class SheetQuiz:
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
    """The quizzes a sheet of `posts` (newest first) holds: the newest SHEET_SIZE."""
    return tuple([p for p in posts if p.quiz is not None][:SHEET_SIZE])
