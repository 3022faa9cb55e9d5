"""From a source file to a `Post`: front matter checked, Markdown rendered, quiz extracted."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, cast

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markupsafe import Markup, escape

from .answer_view import with_state
from .computed import cell_problems, finish, read_document
from .doclinks import rewrite_links
from .documents import prepare_body
from .errors import Diagnostic, SourceLocation, error, warning
from .execute import run_cells
from .listings import listing_warnings
from .markdown import markdown_parser
from .metadata import (
    Author,
    DateReading,
    heading_id,
    layered,
    numeric_date,
    read_authors,
    special_date,
    strftime_pattern,
)
from .model import UNDATED, Answer, Html, Option, Post, Quiz, Reading
from .pandoc_syntax import marker_text
from .quarto_project import metadata_layers, titled_by_heading
from .quarto_urls import page_slug, quarto_slug
from .quiz import (
    QuizShape,
    find_quiz,
    plain_text,
    post_texts,
    reading_note,
    summary_text,
)
from .quiz_lint import quiz_mistakes
from .slugs import slugify_text, tag_slug
from .sources import FrontMatter, SourceFile, front_matter_lines
from .summaries import summary_html

KNOWN_KEYS = frozenset(
    {
        "title",
        "date",
        "categories",
        "tags",
        "description",
        "subtitle",
        "author",
        "image",
        "image-alt",
        "draft",
        "slug",
        "aliases",
        "date-format",
        "toc",
        "toc-depth",
        "lang",
    }
)
# Slugs name folders of the output; file systems allow 255 bytes, and URLs should stay readable.
MAX_SLUG_LENGTH = 200
# How fenced_divs.py reports a div without its closing `:::`.
_UNCLOSED = "unclosed fenced div"
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%m/%d/%Y",
)


def parse_post(source: SourceFile) -> tuple[Post | None, tuple[Diagnostic, ...]]:
    """Parse one post; returns the post (None if it has errors) and every problem found."""
    document = read_document(source)  # notebooks and frozen output become Markdown here
    if isinstance(document, Diagnostic):
        return None, (document,)
    front = document.front
    problems: list[Diagnostic] = []
    # `_metadata.yml` merged in before anything reads the front matter (shortcodes too).
    origins = with_metadata(source, front, problems)
    if isinstance(origins, Diagnostic):
        return None, (origins,)
    front, lines = origins
    document.front = front  # the cells' options (`execute:`) read the merged metadata too
    meta = _read_front_matter(source, front, problems, lines)
    prepared = prepare_body(source, front)  # includes, shortcodes' and citations' env
    env = prepared.env
    env.update(document.env)  # a notebook's stored outputs, the cells' defaults
    document.env = env
    tokens = markdown_parser().parse(prepared.body, env)
    run_cells(source, document, tokens, problems)  # code run at build time, when it is due
    problems.extend(prepared.diagnostics())
    toc = table_of_contents(tokens, meta["toc_depth"]) if meta and meta["toc_depth"] else ""
    resources, link_problems = rewrite_links(tokens, source, prepared.body, front.body_line)
    problems.extend(link_problems)
    shape = find_quiz(tokens)
    problems.extend(
        quiz_mistakes(
            source.rel,
            tokens,
            lambda token: (token.map or [0])[0] + front.body_line,
            is_quiz=shape is not None,
        )
    )
    quiz = _build_quiz(source, front, tokens, shape, problems, env) if shape else None
    _past_unclosed_divs(source, front, problems)
    # A quiz's parts are rendered once; its whole body is those parts in order.
    prose_html = Html(b"") if quiz else Html.of(render_blocks(tokens, env))
    # Parts of a quiz are rendered more than once (an option alone, then in the list): one
    # warning per formula, at the first line that holds it.
    for tex in dict.fromkeys(env.get("math_errors", [])):
        at = prepared.body.find(tex)
        place = prepared.lines.locate(prepared.body.count("\n", 0, at) if at >= 0 else None)
        problems.append(
            warning(place.path, place.line, f"cannot typeset math: {tex}", "check the TeX syntax")
        )
    problems.extend(cell_problems(source, document))
    if any(p.severity == "error" for p in problems) or meta is None:
        return finish(source, document, None, problems)
    question_tokens = tokens[: shape.options[0]] if shape else tokens
    text, answer_text, words = post_texts(
        tokens, shape.answer if quiz and shape else (len(tokens), len(tokens))
    )
    post = Post(
        **meta,
        prose_html=prose_html,
        quiz=quiz,
        summary=summary_text(question_tokens),
        word_count=words,
        text=text.encode(),
        answer_text=answer_text.encode(),
        source_dir=source.path.parent,
        assets=source.assets,
        summary_html=summary_html(question_tokens),
        toc_html=Html.of(toc),
        resources=resources,
    )
    return finish(source, document, post, problems)


def table_of_contents(tokens: list[Token], depth: int) -> str:
    """A nested list linking to the headings down to level `depth` (`##` is level 2; the
    title is the page's `h1`), giving each an id (Pandoc's) if the author did not."""
    taken = {str(t.attrs["id"]) for t in tokens if t.type == "heading_open" and "id" in t.attrs}
    items: list[tuple[int, str, str]] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0:
            continue
        level = int(token.tag[1])
        inline = tokens[index + 1]
        text = plain_text([inline]).strip()
        if "id" not in token.attrs:
            token.attrSet("id", heading_id(text, taken))
        if level <= depth and "unlisted" not in str(token.attrs.get("class", "")).split():
            items.append((level, str(token.attrs["id"]), text))
    if not items:
        return ""
    parts, current = ['<nav class="toc" aria-labelledby="toc-title">'], 0
    parts.append('<h2 id="toc-title" class="toc-title">On this page</h2>')
    top = min(level for level, _, _ in items)
    for level, ident, text in items:
        level = max(level - top + 1, 1)
        if level > current:
            parts.append("<ul><li>" * (level - current))
        else:
            parts.append("</li></ul>" * (current - level) + "</li><li>")
        parts.append(f'<a href="#{escape(ident)}">{escape(text)}</a>')
        current = level
    parts.append("</li></ul>" * current + "</nav>")
    return "".join(parts)


def _past_unclosed_divs(source: SourceFile, front: FrontMatter, problems: list[Diagnostic]) -> None:
    """Add the quiz problems an unclosed div hides (it reads as text, so a wrong key in an
    unclosed answer went unseen): the body is read again with the divs closed at its end, so
    one round of fixes mends both. Only a post that already failed pays for this."""
    unclosed = sum(d.message.startswith(_UNCLOSED) for d in problems)
    if not unclosed:
        return
    env: dict[str, Any] = {}
    tokens = markdown_parser().parse(front.body.rstrip("\n") + "\n\n" + ":::\n\n" * unclosed, env)
    more: list[Diagnostic] = []
    shape = find_quiz(tokens)
    more.extend(
        quiz_mistakes(
            source.rel,
            tokens,
            lambda token: (token.map or [0])[0] + front.body_line,
            is_quiz=shape is not None,
        )
    )
    if shape is not None:
        _build_quiz(source, front, tokens, shape, more, env)
    problems.extend(d for d in dict.fromkeys(more) if d not in problems)


def render_blocks(tokens: Sequence[Token], env: dict[str, Any]) -> Markup:
    """HTML of a run of block tokens (markup the renderer made, so safe to insert as is)."""
    md = markdown_parser()
    return Markup(md.renderer.render(list(tokens), md.options, env))


def render_inlines(tokens: Sequence[Token], env: dict[str, Any]) -> Markup:
    """HTML of inline tokens (a paragraph's children)."""
    md = markdown_parser()
    return Markup(cast(RendererHTML, md.renderer).renderInline(list(tokens), md.options, env))


def with_metadata(
    source: SourceFile, front: FrontMatter, problems: list[Diagnostic]
) -> tuple[FrontMatter, dict[str, tuple[str, int]]] | Diagnostic:
    """The front matter with the project's metadata (`_quarto.yml`) and the `_metadata.yml`
    files above the post merged under it, as Quarto merges them (the document wins), and
    where each top-level key was written."""
    found = metadata_layers(source)
    if isinstance(found, Diagnostic):
        return found
    data, origins = layered(found, front.data, source.rel, front_matter_lines(source))
    if source.quarto and not source.page and "title" not in data:
        front, data = titled_by_heading(source.rel, front, data, origins)
    if source.page:  # a listing page's options quizsite cannot show are warnings
        problems.extend(listing_warnings(source.rel, source.path.parent, data, origins))
    return (front if data is front.data else dataclasses.replace(front, data=data)), origins


Fail = Callable[[str, str, str], None]  # (key, message, hint): a problem at the key's line


def _read_front_matter(
    source: SourceFile,
    front: FrontMatter,
    problems: list[Diagnostic],
    lines: dict[str, tuple[str, int]],
) -> dict[str, Any] | None:
    """Check and convert the front matter into Post fields; None when a required key is bad."""
    data = front.data
    rel = source.rel

    def fail(key: str, message: str, hint: str) -> None:
        problems.append(error(*lines.get(key, (rel, 1)), message, hint))

    title = _title(source, data, fail)
    reading = _read_date(source, data.get("date"), lines, problems)
    published, has_time = (reading.value, reading.has_time) if reading else (UNDATED, False)
    if data.get("date") is not None and reading is None:
        fail(
            "date",
            f"cannot read the date {data.get('date')!r}",
            "use YYYY-MM-DD, optionally with a time: 2024-05-17T08:30:00",
        )
    tags = _tags(data, fail)
    authors = _authors(data, fail)
    aliases = _aliases(data, fail)
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        fail("draft", "'draft' must be true or false", "draft: true")
    texts = _texts(data, fail)
    slug = _post_slug(source, data, fail)
    shown = _display_options(data, fail)
    if any(p.severity == "error" for p in problems) or slug is None:
        return None
    return {
        "location": SourceLocation(rel, 1),
        "slug": slug,
        "title": str(title).strip(),
        "date": published,
        "has_time": has_time,
        "dated": reading is not None,
        "page": source.page,
        "tags": tuple(dict.fromkeys(tags)),
        "description": texts["description"],
        "subtitle": texts["subtitle"],
        "authors": tuple(a.name for a in authors),
        "author_urls": tuple(a.url for a in authors),
        **shown,
        "image": texts["image"],
        "image_alt": texts["image-alt"],
        "draft": bool(draft),
        "aliases": aliases,
        "extra": {k: v for k, v in data.items() if k not in KNOWN_KEYS},
    }


def _title(source: SourceFile, data: dict[str, Any], fail: Fail) -> object:
    """The title as written (checked later for text); a page may have none, as in Quarto."""
    title = data.get("title")
    if source.page and title is None:
        return ""  # a post is listed by its title; a page need not have one
    if title is None or not str(title).strip():
        fail("title", "missing title", 'add a line such as title: "What does dropout do?"')
    elif not isinstance(title, str | int | float):
        fail("title", "title must be text", 'write it in quotes: title: "..."')
    return title


def _tags(data: dict[str, Any], fail: Fail) -> list[str]:
    """The names under `categories` and `tags` (Quarto's name and ours), in order."""
    tags: list[str] = []
    for key in ("categories", "tags"):
        value = data.get(key)
        values = [value] if isinstance(value, str | int | float) else value
        if value is None:
            continue
        if not isinstance(values, list) or not all(
            isinstance(v, str | int | float) for v in values
        ):
            fail(
                key,
                f"'{key}' must be a list of names",
                f"write {key}: [deep learning, optimization]",
            )
            continue
        names = [str(v).strip() for v in values if str(v).strip()]
        for name in names:
            if len(tag_slug(name)) > MAX_SLUG_LENGTH:
                fail(key, f"the tag {_shorten(name)!r} is too long for a URL", "shorten the tag")
        tags.extend(names)
    return tags


def _authors(data: dict[str, Any], fail: Fail) -> tuple[Author, ...]:
    """The post's authors (names and links), or none when `author` cannot be read."""
    authors = read_authors(data.get("author"))
    if authors is None:
        fail(
            "author",
            "'author' must be a name, a list of names, or author entries with a name",
            'author: "Ada Lovelace", or author: [{name: Ada Lovelace, url: https://…}]',
        )
        return ()
    return authors


def _aliases(data: dict[str, Any], fail: Fail) -> tuple[str, ...]:
    """The post's old URLs, each checked to stay inside the output."""
    value = data.get("aliases", ())
    aliases = (value,) if isinstance(value, str) else value
    if not isinstance(aliases, list | tuple) or not all(isinstance(a, str) for a in aliases):
        fail("aliases", "'aliases' must be a list of URL paths", "aliases: [/old/url/]")
        return ()
    for alias in aliases:
        # An alias becomes a file of the output: `..` would write it outside the output.
        if problem := _alias_problem(alias):
            fail("aliases", f"alias {alias!r} {problem}", "aliases: [/old/url/]")
    return tuple(aliases)


def _texts(data: dict[str, Any], fail: Fail) -> dict[str, str]:
    """The short text keys (description, subtitle, image and its alt text)."""
    texts = {}
    for key in ("description", "subtitle", "image", "image-alt"):
        value = data.get(key, "")
        if not isinstance(value, str | int | float):
            fail(key, f"'{key}' must be text", f'{key}: "..."')
            value = ""
        texts[key] = str(value)
    return texts


def _post_slug(source: SourceFile, data: dict[str, Any], fail: Fail) -> str | None:
    """The URL slug: a page's or a Quarto document's path, else from `slug` or the file."""
    if source.page:
        return page_slug(source)
    if source.quarto:
        return quarto_slug(source)
    return _slug(source, data.get("slug"), fail)


def _read_date(
    source: SourceFile,
    value: object,
    lines: dict[str, tuple[str, int]],
    problems: list[Diagnostic],
) -> DateReading | None:
    """The post's date (None: undated, or unreadable when a value was given)."""
    if value is None:
        return None
    reading = special_date(value, str(source.path))
    if reading is None and isinstance(value, str):
        reading = numeric_date(value)
    if reading is None:
        parsed, has_time = _parse_date(value)
        return DateReading(parsed, has_time) if parsed is not None else None
    if reading.ambiguous:
        problems.append(
            warning(
                *lines.get("date", (source.rel, 1)),
                f"ambiguous date {value!r} {reading.ambiguous}",
                f"write it as {reading.value.date().isoformat()} to say which date you mean",
            )
        )
    return reading


def _display_options(data: dict[str, Any], fail: Any) -> dict[str, Any]:
    """`date-format`, `toc`, `toc-depth` and `lang` as Post fields."""
    date_format = strftime_pattern(data.get("date-format")) or ""
    if data.get("date-format") is not None and not date_format:
        fail("date-format", "'date-format' must be text", "date-format: long")
    toc = data.get("toc", False)
    if not isinstance(toc, bool):
        fail("toc", "'toc' must be true or false", "toc: true")
        toc = False
    depth = data.get("toc-depth", 3)
    if isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= 6:
        fail("toc-depth", "'toc-depth' must be a whole number from 1 to 6", "toc-depth: 2")
        depth = 3
    lang = data.get("lang", "")
    if not isinstance(lang, str):
        fail("lang", "'lang' must be a language tag", "lang: en-GB")
        lang = ""
    return {"date_format": date_format, "toc_depth": depth if toc else 0, "lang": lang.strip()}


def _slug(source: SourceFile, value: object, fail: Any) -> str | None:
    """The URL slug: front-matter `slug`, else the file (or folder, for index.qmd) name."""
    if value is not None and not isinstance(value, str | int):
        fail("slug", "'slug' must be text", "slug: my-quiz")
        return None
    name = source.path.parent.name if source.is_folder_post else source.path.stem
    raw = str(value) if value is not None else name
    slug = slugify_text(raw)
    if not slug:
        fail("slug", f"cannot make a URL slug from {raw!r}", "add a line such as slug: my-quiz")
        return None
    if len(slug) > MAX_SLUG_LENGTH:
        # The slug names a folder of the output, and file systems refuse names over 255 bytes.
        fail(
            "slug",
            f"the URL slug made from {_shorten(raw)!r} is {len(slug)} characters long; "
            f"the most is {MAX_SLUG_LENGTH}",
            "add a line such as slug: my-quiz",
        )
        return None
    return slug


def _shorten(text: str, limit: int = 40) -> str:
    """`text`, cut to `limit` characters for a message."""
    return text if len(text) <= limit else text[:limit] + "…"


def _alias_problem(alias: str) -> str | None:
    """Why an alias cannot be an address of this site, or None when it can."""
    parts = alias.replace("\\", "/").split("/")
    if any(part in (".", "..") for part in parts):
        return "must not contain . or .. segments"
    if any(ord(c) < 32 or c == "\x7f" for c in alias):
        return "must not contain control characters"
    if any(len(part.encode("utf-8")) > MAX_SLUG_LENGTH for part in parts):
        return f"has a part longer than {MAX_SLUG_LENGTH} bytes"
    return None


def _parse_date(value: object) -> tuple[datetime | None, bool]:
    """A naive datetime and whether a time was given; a date alone never shifts by time zone."""
    if isinstance(value, datetime):
        # Keep the wall-clock time the author wrote, whatever offset it carries.
        return value.replace(tzinfo=None), True
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day), False
    if not isinstance(value, str):
        return None, False
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed.replace(tzinfo=None), "T" in text or " " in text
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt), False
        except ValueError:
            continue
    return None, False


def _build_quiz(
    source: SourceFile,
    front: FrontMatter,
    tokens: list[Token],
    shape: QuizShape,
    problems: list[Diagnostic],
    env: dict[str, Any],
) -> Quiz:
    """Render the parts of a quiz and check that its key names existing options."""

    def render(part: Sequence[Token]) -> Markup:
        return render_blocks(part, env)

    def block(part: Sequence[Token]) -> Html:
        return Html.of(render_blocks(part, env))

    def render_inline(part: list[Token]) -> Markup:
        return render_inlines(part, env)

    options = tuple(
        Option(
            number,
            _item_html(tokens[start + 1 : end], render, render_inline),
            plain_text(tokens[start:end]).strip(),
        )
        for number, start, end in shape.option_items
    )
    numbers = {o.number for o in options}
    key_line = shape.key_line + front.body_line
    missing = [n for n in shape.key if n not in numbers]

    def show(number: int) -> str:
        return marker_text(number, shape.marker) or str(number)

    if missing:
        problems.append(
            error(
                source.rel,
                key_line,
                f"answer key names option {', '.join(show(n) for n in missing)}, but the options "
                f"are numbered {show(min(numbers))} to {show(max(numbers))}",
                "the first paragraph of the answer callout must be the number of a listed option",
            )
        )
    _label_key(tokens[shape.key_paragraph], tokens[shape.key_paragraph + 1], shape.key)
    answer_open = tokens[shape.answer[0]]
    anchor = answer_open.meta["attrs"].id or "answer"
    answer_open.meta["id"] = anchor
    readings = tuple(
        Reading(
            title=title,
            url=url,
            note_html=Markup(reading_note(tokens[start:end], render_inline)),
            location=SourceLocation(source.rel, line + front.body_line),
        )
        for title, url, start, end, line in shape.readings
    )
    return Quiz(
        question_html=block(tokens[: shape.options[0]]),
        options=options,
        options_html=block(tokens[shape.options[0] : shape.options[1]]),
        between_html=block(tokens[shape.options[1] : shape.answer[0]]),
        answer=Answer(
            key=shape.key,
            html=Html.of(with_state(render(tokens[shape.answer[0] : shape.answer[1]]))),
            anchor=anchor,
            location=SourceLocation(source.rel, key_line),
        ),
        after_html=block(tokens[shape.answer[1] :]),
        readings=readings,
        marker=shape.marker,
    )


def _item_html(item: list[Token], render: Any, render_inline: Any) -> Markup:
    """An option's HTML: just its text when it is one paragraph, its blocks otherwise."""
    if len(item) == 3 and item[0].type == "paragraph_open":
        return Markup(render_inline(item[1].children or []))
    return Markup(render(item))


def _label_key(paragraph: Token, inline: Token, key: tuple[int, ...]) -> None:
    """Mark the key paragraph (with the key as data, for the quiz script) and label it in words."""
    paragraph.attrSet("class", "quiz-key")
    paragraph.attrSet("data-key", ",".join(map(str, key)))
    label = Token("html_inline", "", 0)
    plural = "s" if len(key) > 1 else ""
    label.content = f'<span class="quiz-key-label">Correct answer{plural}: </span>'
    inline.children = [label, *(inline.children or [])]
