"""From a source file to a `Post`: front matter checked, Markdown rendered, quiz extracted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markupsafe import Markup

from .answer_view import with_state
from .computed import cell_problems, finish, read_document
from .documents import prepare_body
from .errors import Diagnostic, SourceLocation, error, warning
from .execute import run_cells
from .markdown import markdown_parser
from .model import Answer, Html, Option, Post, Quiz, Reading
from .pandoc_syntax import marker_text
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
    meta = _read_front_matter(source, front, problems)
    prepared = prepare_body(source, front)  # includes, shortcodes' and citations' env
    env = prepared.env
    env.update(document.env)  # a notebook's stored outputs, the cells' defaults
    document.env = env
    tokens = markdown_parser().parse(prepared.body, env)
    run_cells(source, document, tokens, problems)  # code run at build time, when it is due
    problems.extend(prepared.diagnostics())
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
    )
    return finish(source, document, post, problems)


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


def _read_front_matter(
    source: SourceFile, front: FrontMatter, problems: list[Diagnostic]
) -> dict[str, Any] | None:
    """Check and convert the front matter into Post fields; None when a required key is bad."""
    data = front.data
    lines = front_matter_lines(source)
    rel = source.rel

    def fail(key: str, message: str, hint: str) -> None:
        problems.append(error(rel, lines.get(key, 1), message, hint))

    title = data.get("title")
    if title is None or not str(title).strip():
        fail("title", "missing title", 'add a line such as title: "What does dropout do?"')
    elif not isinstance(title, str | int | float):
        fail("title", "title must be text", 'write it in quotes: title: "..."')
    published, has_time = _parse_date(data.get("date"))
    if "date" not in data:
        fail("date", "missing date", "add a line such as date: 2024-05-17")
    elif published is None:
        fail(
            "date",
            f"cannot read the date {data.get('date')!r}",
            "use YYYY-MM-DD, optionally with a time: 2024-05-17T08:30:00",
        )
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
    authors_value = data.get("author", ())
    authors = (authors_value,) if isinstance(authors_value, str) else authors_value
    if not isinstance(authors, list | tuple) or not all(isinstance(a, str) for a in authors):
        fail("author", "'author' must be a name or a list of names", 'author: "Ada Lovelace"')
        authors = ()
    aliases_value = data.get("aliases", ())
    aliases = (aliases_value,) if isinstance(aliases_value, str) else aliases_value
    if not isinstance(aliases, list | tuple) or not all(isinstance(a, str) for a in aliases):
        fail("aliases", "'aliases' must be a list of URL paths", "aliases: [/old/url/]")
        aliases = ()
    for alias in aliases:
        # An alias becomes a file of the output: `..` would write it outside the output.
        if problem := _alias_problem(alias):
            fail("aliases", f"alias {alias!r} {problem}", "aliases: [/old/url/]")
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        fail("draft", "'draft' must be true or false", "draft: true")
    texts = {}
    for key in ("description", "subtitle", "image", "image-alt"):
        value = data.get(key, "")
        if not isinstance(value, str | int | float):
            fail(key, f"'{key}' must be text", f'{key}: "..."')
            value = ""
        texts[key] = str(value)
    slug = _slug(source, data.get("slug"), fail)
    if problems or published is None or slug is None:
        return None
    return {
        "location": SourceLocation(rel, 1),
        "slug": slug,
        "title": str(title).strip(),
        "date": published,
        "has_time": has_time,
        "tags": tuple(dict.fromkeys(tags)),
        "description": texts["description"],
        "subtitle": texts["subtitle"],
        "authors": tuple(authors),
        "image": texts["image"],
        "image_alt": texts["image-alt"],
        "draft": bool(draft),
        "aliases": tuple(aliases),
        "extra": {k: v for k, v in data.items() if k not in KNOWN_KEYS},
    }


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
