"""The site's data: frozen dataclasses built once by the parser and never changed. No I/O here.

No `slots=True` here (nor on the views and the build state): those get pickled into the build
cache by the thousand, and slotted dataclasses pickle several times slower. HTML fragments
are `Markup` from the start, so the views templates see share these very strings: nothing is
copied per build, comparisons of unchanged views stop at identity, and the cache stores each
fragment once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from markupsafe import Markup

from .config import SiteConfig
from .errors import SourceLocation


@dataclass(frozen=True)
class Reading:
    """One "Recommended reading" link of a quiz."""

    title: str
    url: str
    note_html: Markup  # what the author wrote after the link, e.g. "is the original paper."
    location: SourceLocation


@dataclass(frozen=True)
class Option:
    """One numbered choice of a quiz."""

    number: int
    html: Markup
    text: str


@dataclass(frozen=True)
class Answer:
    """The collapsible answer callout: its key, and its whole rendered block."""

    key: tuple[int, ...]
    html: Markup  # the <details> block, explanation and reading list included
    anchor: str  # the id of the <details>, "answer" unless the author gave one
    location: SourceLocation


@dataclass(frozen=True)
class Quiz:
    """A post split into question, options and answer, in the order they appear."""

    question_html: Markup
    options: tuple[Option, ...]
    options_html: Markup  # the options as the post's list, rendered
    between_html: Markup  # anything between the options and the answer
    answer: Answer
    after_html: Markup  # anything after the answer block
    readings: tuple[Reading, ...]

    @property
    def multiple(self) -> bool:
        """True when more than one option is correct (checkboxes rather than radio buttons)."""
        return len(self.answer.key) > 1

    @property
    def answer_html(self) -> Markup:
        """The answer callout (the views templates see hold it under this name)."""
        return self.answer.html

    @property
    def body_html(self) -> Markup:
        """The whole post body: the parts in order."""
        return quiz_body(self)


class QuizParts(Protocol):
    """What a quiz's body is made of: a `Quiz`, or the view of it templates see."""

    @property
    def question_html(self) -> Markup: ...
    @property
    def options_html(self) -> Markup: ...
    @property
    def between_html(self) -> Markup: ...
    @property
    def answer_html(self) -> Markup: ...
    @property
    def after_html(self) -> Markup: ...


def quiz_body(quiz: QuizParts) -> Markup:
    """A quiz post's whole body from its parts, in page order (the model's and the view's)."""
    return (
        quiz.question_html
        + quiz.options_html
        + quiz.between_html
        + quiz.answer_html
        + quiz.after_html
    )


@dataclass(frozen=True, eq=False)
class Post:
    """One published (or draft) post, fully parsed; compared by identity, like a file."""

    location: SourceLocation
    slug: str
    title: str
    date: datetime
    has_time: bool
    tags: tuple[str, ...]
    description: str
    subtitle: str
    authors: tuple[str, ...]
    image: str
    image_alt: str
    draft: bool
    aliases: tuple[str, ...]
    extra: Mapping[str, Any]  # front-matter keys quizsite does not know, passed to templates
    # A quiz's body is its parts (not stored twice: the build cache holds every post).
    prose_html: Markup  # the body of a post without a quiz; "" for a quiz
    quiz: Quiz | None
    summary: str  # the opening words of the question, never the answer
    word_count: int
    text: str  # every word outside the quiz's answer (search indexes it)
    answer_text: str  # the words of the answer and explanation (searchable with publish_answers)
    source_dir: Path  # folder holding the post file
    assets: tuple[Path, ...]  # co-located files copied next to the page

    @property
    def body_html(self) -> Markup:
        """The whole body, rendered."""
        return self.quiz.body_html if self.quiz else self.prose_html

    @property
    def reading_minutes(self) -> int:
        """Reading time at 200 words a minute, at least one minute."""
        return max(1, round(self.word_count / 200))


@dataclass(frozen=True)
class Tag:
    """A tag (Quarto: category) and the posts carrying it, newest first."""

    name: str
    slug: str
    posts: tuple[Post, ...]


@dataclass(frozen=True)
class ReadingEntry:
    """One resource of the site-wide reading list, with every quiz that recommends it."""

    url: str
    title: str
    posts: tuple[Post, ...]


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs: config, posts newest first, and the derived indexes."""

    config: SiteConfig
    posts: tuple[Post, ...]
    tags: tuple[Tag, ...]
    reading_list: tuple[ReadingEntry, ...]
