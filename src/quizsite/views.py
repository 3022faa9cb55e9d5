"""The read-only views templates see: plain frozen records with every URL worked out, never
the model's objects (but for a quiz's options, which are plain records already)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, NamedTuple

import markupsafe
from markupsafe import Markup, escape

from .model import EMPTY_HTML, Html, Option, quiz_body
from .readings import describe
from .ui_words import ENGLISH_WORDS, UiWords

if TYPE_CHECKING:
    from .analytics import Analytics
    from .look import Look
    from .menus import FooterView, MenuLink
    from .page_options import PageOptions
    from .sidebar_contents import SidebarView


def _plain_escape(text: str) -> str:
    """`text` escaped for HTML, by markupsafe's public function."""
    return str(escape(text))


# markupsafe's own escaping of a str (C), which its `escape` wraps and Markup around it
# (a version of markupsafe without it: its public function).
escape_text: Callable[[str], str] = getattr(markupsafe, "_escape_inner", _plain_escape)


# Text known to be HTML as Markup, without the check of its constructor.
_markup: Callable[[str], Markup] = partial(str.__new__, Markup)


def _text(value: str) -> str:
    """A value as HTML text: escaped, unless it is HTML already (as `escape` tells)."""
    return escape_text(value) if type(value) is str else str(escape(value))


class TagLink(NamedTuple):
    """A tag as a link, with how many posts carry it (and how many of those are quizzes)."""

    name: str
    slug: str
    url: str
    count: int  # type: ignore[assignment]  # themes read `tag.count`: it hides tuple's method
    quizzes: int = 0

    @property
    def noun(self) -> str:
        """What its posts are called: "quizzes" when every one is, else "posts"."""
        return "quizzes" if self.quizzes == self.count else "posts"


class PostLink(NamedTuple):
    """Just enough of a post to link to it (the slug identifies it to scripts)."""

    title: str
    url: str
    slug: str


# How many of a post's tags each card on a listing and each feed entry repeats: a post of
# thousands of tags is on thousands of tag pages and feeds, which would each repeat them all.
LISTED_TAGS = 20


class PostSummary(NamedTuple):
    """A post as listings show it: never the answer."""

    slug: str
    title: str
    url: str
    date_iso: str
    date_display: str
    tags: tuple[TagLink, ...]
    summary: str
    summary_html: Markup  # the summary with formulas as MathML and code in <code>
    description: str
    is_quiz: bool
    multiple: bool
    reading_minutes: int
    image: str = ""  # the post's `image` as a URL, for its card, or ""
    image_alt: str = ""  # `image-alt`, or ""

    @property
    def card_tags(self) -> tuple[TagLink, ...]:
        """The tags a listing's card shows (the post's page shows them all)."""
        return self.tags[:LISTED_TAGS]


# A quiz's options are shown as the model holds them (number, HTML, plain text): the very
# records, not copies of them, so the build cache keeps each option once.
OptionView = Option


class QuizView(NamedTuple):
    """A quiz's rendered parts, in page order."""

    question_html: Html
    options: tuple[OptionView, ...]
    options_html: Html  # the options as the post's own list
    between_html: Html
    answer_html: Html
    after_html: Html
    anchor: str
    multiple: bool
    key: tuple[int, ...]
    marker: str = "1"  # the options' <ol> type (1, A, a, I, i)

    @property
    def body_html(self) -> Markup:
        """The parts in page order: the post's whole body."""
        return quiz_body(self)


class ReadingView(NamedTuple):
    """A recommended reading, with the quizzes citing it."""

    title: str
    url: str
    note_html: Markup
    cited_by: tuple[PostLink, ...]
    more: int  # citing quizzes left out of `cited_by` (post pages show the nearest few)
    anchor: str  # the id of its entry on the reading list
    entry_url: str  # its entry on the reading list (the page holding it, and the anchor)
    all_url: str  # where every quiz citing it is listed: its own page, if it has one, or its entry

    @property
    def source(self) -> str:
        """Where it is from: `arXiv:1711.05101`, `doi:10.…`, or the site (`pytorch.org`)."""
        return describe(self.url)[0]

    @property
    def kind(self) -> str:
        """`paper`, `documentation`, `article`, `video`, or "" when the URL does not tell."""
        return describe(self.url)[1]

    @property
    def cited_count(self) -> int:
        """How many quizzes `cited_by` and `more` stand for."""
        return len(self.cited_by) + self.more

    @property
    def meta_html(self) -> Markup:
        """Where it is from, and what kind it is when its URL tells (`reading_meta`)."""
        source, kind = describe(self.url)
        if kind:
            kind = _text(kind)
            shown = f' <span aria-hidden="true">·</span> <span class="reading-kind reading-kind-{kind}">{kind}</span>'
        else:
            shown = ""
        return _markup(
            f'<p class="reading-meta">\n  <span class="reading-source">{_text(source)}</span>{shown}</p>'
        )

    @property
    def cited_html(self) -> Markup:
        """The quizzes citing it as comma-separated links, then "and N more quizzes"
        (`cited_links`)."""
        html = ", ".join([f'<a href="{_text(p.url)}">{_text(p.title)}</a>' for p in self.cited_by])
        if self.more:
            plural = "zes" if self.more != 1 else ""
            html += f' and <a href="{_text(self.all_url)}">{self.more} more quiz{plural}</a>'
        return _markup(html)


def sidebar_html(readings: tuple[ReadingView, ...]) -> Markup:
    """A quiz's readings as its sidebar lists them: made here rather than by a template's
    macros, since each entry names the quizzes nearest its post and so is met on one page
    alone (nothing to keep), and Jinja's per-value calls were a third of a post page."""
    parts = ['<ul class="reading-list">\n']
    for r in readings:
        parts.append(
            f'  <li>\n    <a href="{_text(r.url)}">{_text(r.title)}</a>\n    {r.meta_html}\n'
        )
        if r.cited_by:
            parts.append(f'    <p class="reading-cited">Also in: {r.cited_html}</p>\n')
        parts.append("  </li>\n")
    parts.append("</ul>\n")
    return _markup("".join(parts))


class PostView(NamedTuple):
    """Everything a post page shows."""

    post: PostSummary
    subtitle: str
    authors: tuple[str, ...]
    image: str
    image_alt: str
    prose_html: Html  # the body of a post without a quiz (empty for a quiz)
    quiz: QuizView | None
    readings: tuple[ReadingView, ...]
    older: PostLink | None
    newer: PostLink | None
    extra: Mapping[str, Any]
    author_links: tuple[tuple[str, str], ...] = ()  # (name, url or "") for the byline
    toc_html: Html = EMPTY_HTML  # the table of contents, when the post asks for one
    lang: str = ""  # the post's own language, when it differs from the site's
    options: PageOptions | None = None  # the post's page options (page_options.py)

    @property
    def body_html(self) -> Markup:
        """The whole body, rendered (for a quiz, its parts in order: kept once, not twice)."""
        return self.quiz.body_html if self.quiz else self.prose_html.markup()

    @property
    def readings_html(self) -> Markup:
        """The readings as the sidebar lists them (`<ul class="reading-list">`)."""
        return sidebar_html(self.readings)

    @property
    def subtitle_html(self) -> Markup:
        """The subtitle as a Quarto title block shows it: its Markdown rendered (inline); a
        quizsite site shows it as text, as all its front matter."""
        from .inline_text import inline_markdown

        return inline_markdown(self.subtitle, raw_html=False)

    @property
    def description_html(self) -> Markup:
        """The description as a Quarto title block shows it: its Markdown rendered (inline),
        as the listings show it; a tag written in it shows as text."""
        from .inline_text import inline_markdown

        return inline_markdown(self.post.description, raw_html=False)


class Pager(NamedTuple):
    """Where a paginated listing page sits among its siblings."""

    number: int
    total: int
    prev_url: str | None
    next_url: str | None
    offset: int  # how many items the earlier pages hold (an <ol start> goes on from it)


@dataclass(frozen=True)
class SiteView:
    """Site-wide values every template may use."""

    title: str
    description: str
    author: str
    language: str
    base_url: str
    base_path: str
    home_url: str
    tags_url: str
    reading_list_url: str
    feed_url: str
    post_count: int
    tag_count: int
    search: bool  # the search box and page are shown (config `search`)
    publish_answers: bool  # answers may be shown outside the post page, and indexed
    fold_readings: bool  # a quiz's sidebar readings stay folded until it is answered
    menu: tuple[MenuLink, ...] = ()  # the site's own menu (Quarto's navbar), in order
    favicon_url: str = ""  # the site's icon (Quarto's `website.favicon`), or "" for the theme's
    has_reading_list: bool = True  # some quiz recommends reading: the reading list exists
    quiz_count: int = 0  # how many of the posts are quizzes
    look: Look | None = None  # the look `_quarto.yml` gives every page (look.py)
    footer: FooterView | None = None  # Quarto's page footer, in place of quizsite's own
    sidebars: tuple[SidebarView, ...] = ()  # Quarto's sidebars (each page's: `page.sidebar`)
    header_style: str = ""  # the navbar's own colours (Quarto's navbar background/foreground)
    scheme_toggle: bool = True  # pages show the light/dark toggle (config `scheme_toggle`)
    # A Quarto project: the page chrome also carries Quarto's class names (`navbar`,
    # `nav-link`, `quarto-title-block`, ...), so that its author's stylesheet finds them.
    quarto: bool = False
    # Icon extensions' stylesheets (`{{< fa >}}`): (the mark an icon leaves, the sheet's path),
    # linked by the pages bearing the mark.
    icon_sheets: tuple[tuple[str, str], ...] = ()
    title_shown: bool = True  # False: a Quarto site without a title shows none (config.py)
    logo_url: str = ""  # the navbar's image before the title (Quarto's `navbar: logo:`), or ""
    # The site feed's title: the site's, or an untitled Quarto site's home page's.
    feed_title: str = ""
    analytics: Analytics | None = None  # Google Analytics and cookie consent (analytics.py)
    words: UiWords = ENGLISH_WORDS  # the words pages print, in the site's language (ui_words.py)
    # Quarto's `website: body-header` and `body-footer`: HTML above and below every page's body.
    body_header: str = ""
    body_footer: str = ""
    # The title as the navbar shows it when its HTML names an address (a logo), that address
    # resolved on the published site; "" when the title is shown as it is.
    brand: str = ""

    def __hash__(self) -> int:
        """Worked out once: every page's cached header and footer look the site up by it, and
        a site's sidebars and menu can hold hundreds of entries."""
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash(tuple(getattr(self, f.name) for f in fields(self)))

    def __getstate__(self) -> dict[str, Any]:
        """The fields (and other kept values) without the hash: a string's hash differs from
        one process to the next, so the build cache's copy works its own out again."""
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @cached_property
    def chrome_urls(self) -> frozenset[str]:
        """Every URL the header and footer link to: on any other page they read the same, and
        base.html renders them once for all such pages."""
        regions = self.footer.regions if self.footer else ()
        items = [*self.menu, *(link for region in regions for link in region.links)]
        urls = {self.home_url, self.tags_url, self.reading_list_url}
        while items:
            item = items.pop()
            urls.add(item.url)
            items.extend(item.children)
        return frozenset(urls)

    @property
    def menu_has_tags(self) -> bool:
        """Whether the author's own menu has a Tags item (a Quarto site's `tags.qmd`): then
        the theme adds no second one."""
        return any(item.text.strip().lower() == "tags" for item in self.menu)

    @property
    def noun(self) -> str:
        """What the site's posts are called: "quizzes" when there are some and every one is,
        else "posts" (a Quarto site of pages alone has no quizzes to speak of)."""
        return "quizzes" if self.quiz_count == self.post_count > 0 else "posts"


class Page(NamedTuple):
    """One output file: where it goes, which template renders it, and with what."""

    path: str  # relative to the output folder, POSIX style
    template: str
    context: Mapping[str, Any]


class FeedEntry(NamedTuple):
    """One post in an Atom feed: the question and options, the answer only if configured."""

    title: str
    url: str
    published: str
    summary: str
    content_html: str  # given to the feed template as text, which escapes it into the XML
    authors: tuple[str, ...]
    tags: tuple[TagLink, ...]


class SitemapEntry(NamedTuple):
    """One URL of the sitemap."""

    url: str
    lastmod: str
