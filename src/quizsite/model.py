"""The site's data: frozen records (named tuples) built once by the parser and never changed.
No I/O here.

Named tuples rather than dataclasses: a frozen dataclass costs several times a named tuple to
define (its methods are compiled from source when the module is imported, on every build), and
its instances are slower to load from the build cache. `Html` alone is a slotted dataclass: it
pickles as its bytes, and a tuple's length and iteration would mislead the templates.

Rendered HTML is `Html` (a post's blocks) or `Markup` (short inline pieces) from the start,
so the views templates see share these very objects: nothing is copied per build, comparisons
of unchanged views stop at identity, and the cache stores each fragment once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from markupsafe import Markup

from .code_look import CodeLook
from .config import SiteConfig
from .errors import SourceLocation
from .page_options import PageOptions
from .repo_links import RepoLinks

if TYPE_CHECKING:
    from .look import Look

# The class of a callout's kind said ahead of its title to screen readers only (the parser
# writes it, fenced_divs.py); feeds, read without the site's styles, leave it out (render.py).
HIDDEN_KIND_CLASS = "visually-hidden callout-kind"
NO_HTML = Markup("")


@dataclass(frozen=True, slots=True)
class Html:
    """A block of rendered HTML (a post's body, a quiz's parts) kept as UTF-8 bytes.

    Python keeps a text at two bytes a character once it holds one character past U+00FF, and
    smart quotes put one in nearly every post: held as text, these blocks were a large part of
    a big build's memory, and more counting the copies forked renderers make.
    Templates print it as they print `Markup` (through `__html__`), and text filters see it
    as `Markup` (through `__str__`).
    """

    utf8: bytes

    @classmethod
    def of(cls, markup: str) -> Html:
        """The block holding `markup` (HTML already safe to insert as is)."""
        return cls(markup.encode())

    def markup(self) -> Markup:
        """The HTML as `Markup`."""
        return Markup(self.utf8.decode())

    def __html__(self) -> str:
        return self.utf8.decode()

    def __str__(self) -> str:
        # Markup, not plain text: Jinja's text filters (`replace`, `trim`, `string`, …) work
        # on str(value), and their result must stay HTML, as it did when blocks were Markup.
        return self.markup()

    def __bool__(self) -> bool:  # `{% if quiz.between_html %}` asks whether there is any
        return bool(self.utf8)

    def __reduce__(self) -> tuple[type[Html], tuple[bytes]]:
        # The slotted dataclass's own pickling goes through Python-level state methods: this
        # keeps the build cache's tens of thousands of blocks as fast to save as bytes.
        return (Html, (self.utf8,))


class Reading(NamedTuple):
    """One "Recommended reading" link of a quiz."""

    title: str
    url: str
    note_html: Markup  # what the author wrote after the link, e.g. "is the original paper."
    location: SourceLocation


class Option(NamedTuple):
    """One numbered choice of a quiz."""

    number: int
    html: Markup
    text: str


class Answer(NamedTuple):
    """The collapsible answer callout: its key, and its whole rendered block."""

    key: tuple[int, ...]
    html: Html  # the <details> block, explanation and reading list included
    anchor: str  # the id of the <details>, "answer" unless the author gave one
    location: SourceLocation


class Quiz(NamedTuple):
    """A post split into question, options and answer, in the order they appear."""

    question_html: Html
    options: tuple[Option, ...]
    options_html: Html  # the options as the post's list, rendered
    between_html: Html  # anything between the options and the answer
    answer: Answer
    after_html: Html  # anything after the answer block
    readings: tuple[Reading, ...]
    marker: str = "1"  # how the options are numbered: 1, A, a, I or i (an <ol> type)

    @property
    def multiple(self) -> bool:
        """True when more than one option is correct (checkboxes rather than radio buttons)."""
        return len(self.answer.key) > 1

    @property
    def answer_html(self) -> Html:
        """The answer callout (the views templates see hold it under this name)."""
        return self.answer.html

    @property
    def body_html(self) -> Markup:
        """The whole post body: the parts in order."""
        return quiz_body(self)


class QuizParts(Protocol):
    """What a quiz's body is made of: a `Quiz`, or the view of it templates see."""

    @property
    def question_html(self) -> Html: ...
    @property
    def options_html(self) -> Html: ...
    @property
    def between_html(self) -> Html: ...
    @property
    def answer_html(self) -> Html: ...
    @property
    def after_html(self) -> Html: ...


def quiz_body(quiz: QuizParts) -> Markup:
    """A quiz post's whole body from its parts, in page order (the model's and the view's)."""
    parts = (
        quiz.question_html,
        quiz.options_html,
        quiz.between_html,
        quiz.answer_html,
        quiz.after_html,
    )
    return Markup(b"".join(part.utf8 for part in parts).decode())


EMPTY_HTML = Html(b"")

# The date an undated post sorts by: after every dated one, newest first (never in the future).
UNDATED = datetime(1, 1, 1)


class Post(NamedTuple):
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
    prose_html: Html  # the body of a post without a quiz; empty for a quiz
    quiz: Quiz | None
    summary: str  # the opening words of the question, never the answer
    word_count: int
    # Only the search index reads these, as UTF-8 for the reason `Html` gives.
    text: bytes  # every word outside the quiz's answer (search indexes it)
    answer_text: bytes  # the words of the answer and explanation (searchable with publish_answers)
    # The folder holding the post file, as text: a loaded state holds a thousand posts, and a
    # path costs several times its text to load.
    source_dir: str
    assets: tuple[Path, ...]  # co-located files copied next to the page
    # The summary as listings show it: formulas as MathML, code in <code> (summaries.py).
    summary_html: Markup = NO_HTML
    # Files the post's code outputs made (figures), by their path below the page's folder.
    files: tuple[tuple[str, bytes], ...] = ()
    page: bool = False  # a standalone page (`about.qmd`): its slug is its URL path
    dated: bool = True  # False: no `date` (listed after every dated post, date shown nowhere)
    author_urls: tuple[str, ...] = ()  # each author's link, "" for none (Quarto's `url`)
    date_format: str = ""  # the post's own `date-format`, as strftime ("": the site's)
    toc_depth: int = 0  # `toc: true` gives a table of contents of headings to this level
    lang: str = ""  # the post's own `lang`
    toc_html: Html = EMPTY_HTML  # the table of contents (`toc: true`), empty without one
    # Files a flat post refers to (images, data), each with where it is published (relative
    # to the output), as Quarto publishes a document's resources beside it.
    resources: tuple[tuple[str, Path], ...] = ()
    # Its links to other documents: (source, address written, file, line) (doclinks.py).
    doc_links: tuple[tuple[str, str, str, int], ...] = ()
    look: Look | None = None  # the author's theme, stylesheets, includes, comments, banner
    options: PageOptions | None = None  # toc place, anchors, previews, links, lightbox
    code: CodeLook | None = None  # the code options its page applies (None: it shows no code)
    repo: RepoLinks | None = None  # "Edit this page" and the other repository links

    @property
    def body_html(self) -> Markup:
        """The whole body, rendered."""
        return self.quiz.body_html if self.quiz else self.prose_html.markup()

    @property
    def reading_minutes(self) -> int:
        """Reading time at 200 words a minute, at least one minute."""
        return max(1, round(self.word_count / 200))


# A post is compared and hashed by identity, like a file: two parses of one file are two posts,
# and its `extra` mapping could not be hashed. By object's own methods, in C: posts key the
# memo's tables, looked up thousands of times an edit.
Post.__eq__ = object.__eq__  # type: ignore[method-assign]
Post.__ne__ = object.__ne__  # type: ignore[method-assign]
Post.__hash__ = object.__hash__  # type: ignore[method-assign]


class Tag(NamedTuple):
    """A tag (Quarto: category) and the posts carrying it, newest first."""

    name: str
    slug: str
    posts: tuple[Post, ...]
    quizzes: int = 0  # how many of the posts are quizzes (the wording speaks of posts, or not)


class ReadingEntry(NamedTuple):
    """One resource of the site-wide reading list, with every quiz that recommends it."""

    url: str
    title: str
    posts: tuple[Post, ...]


class Site(NamedTuple):
    """Everything the renderer needs: config, posts newest first, and the derived indexes."""

    config: SiteConfig
    posts: tuple[Post, ...]
    tags: tuple[Tag, ...]
    reading_list: tuple[ReadingEntry, ...]
    pages: tuple[Post, ...] = ()  # standalone pages (`about.qmd`), by path: never listed
    # A Quarto project's drafts it leaves out (`draft-mode` gone or unlinked): named by no
    # menu or footer; under `unlinked`, each a page at its URL that nothing links to.
    drafts: tuple[Post, ...] = ()
