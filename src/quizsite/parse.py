"""From a source file to a `Post`: front matter checked, Markdown rendered, quiz extracted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markupsafe import Markup

from .answer_view import with_state
from .code_look import post_code_look
from .computed import cell_problems, finish, read_document
from .doclinks import DocLink, rewrite_links
from .documents import Prepared, prepare_body
from .errors import Diagnostic, SourceLocation, error, warning
from .execute import run_cells
from .formats import as_page
from .markdown import UNDEFINED_KEY, markdown_parser
from .metadata import image_resource
from .model import Answer, Html, Option, Post, Quiz, Reading
from .pandoc_syntax import marker_text
from .post_fields import read_front_matter, with_metadata
from .quiz import (
    QuizShape,
    find_quiz,
    plain_text,
    post_texts,
    reading_note,
    summary_text,
)
from .quiz_lint import looks_like_quiz, quiz_mistakes
from .repo_links import repo_links
from .sources import FrontMatter, SourceFile
from .summaries import summary_html
from .toc import table_of_contents

# How fenced_divs.py reports a div without its closing `:::`.
_UNCLOSED = "unclosed fenced div"


def parse_post(source: SourceFile) -> tuple[Post | None, tuple[Diagnostic, ...]]:
    """Parse one post; returns the post (None if it has errors) and every problem found."""
    document = read_document(source)  # notebooks and frozen output become Markdown here
    if isinstance(document, Diagnostic):
        return None, (document,)
    problems: list[Diagnostic] = []
    # `_metadata.yml` merged in before anything reads the front matter (shortcodes too).
    origins = with_metadata(source, document.front, problems)
    if isinstance(origins, Diagnostic):
        return None, (origins,)
    front, lines = origins
    # A deck or a PDF-only document: published as a page, with a warning (formats.py).
    front = as_page(source.rel, document.front.data, front, lines, problems)
    document.front = front  # the cells' options (`execute:`) read the merged metadata too
    meta = read_front_matter(source, front, problems, lines)
    # Includes, shortcodes', citations' env; frozen output was written after includes.
    prepared = prepare_body(source, front, lines, includes=not document.env.get("frozen"))
    env = prepared.env
    env.update(document.env)  # a notebook's stored outputs, the cells' defaults
    document.env = env
    tokens = markdown_parser().parse(prepared.body, env)
    run_cells(source, document, tokens, problems)  # code run at build time, when it is due
    problems.extend(prepared.diagnostics())
    toc = (
        table_of_contents(tokens, meta["toc_depth"], meta["extra"], meta["options"]) if meta else ""
    )
    doc_links: list[DocLink] = []
    resources = _resources(source, front, tokens, prepared, problems, doc_links)
    shape, quiz = _quiz_of(source, front, tokens, problems, env)
    _past_unclosed_divs(source, front, problems)
    # A quiz's parts are rendered once; its whole body is those parts in order.
    prose_html = Html(b"") if quiz else Html.of(render_blocks(tokens, env))
    problems.extend(_math_problems(prepared, env))
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
        source_dir=str(source.path.parent),
        assets=source.assets,
        summary_html=summary_html(question_tokens),
        toc_html=Html.of(toc),
        resources=resources,
        doc_links=tuple(doc_links),
        **_code_and_repo(source, front, lines, env, problems),  # once rendered
    )
    return finish(source, document, post, problems)


def _resources(
    source: SourceFile,
    front: FrontMatter,
    tokens: list[Token],
    prepared: Prepared,
    problems: list[Diagnostic],
    doc_links: list[DocLink],
) -> tuple[tuple[str, Path], ...]:
    """The files the document refers to, published with it, with its links to other
    documents pointed at their pages (each noted in `doc_links`)."""
    resources, link_problems = rewrite_links(
        tokens, source, prepared.body, prepared.lines, doc_links
    )
    if (image := image_resource(source, front.data.get("image"))) is not None:
        resources = (*resources, image)  # a shared `image:` (a `_metadata.yml`'s) published
    problems.extend(link_problems)
    return (*resources, *_listing_files(source, front.data))


def _code_and_repo(
    source: SourceFile,
    front: FrontMatter,
    lines: dict[str, tuple[str, int]],
    env: dict[str, Any],
    problems: list[Diagnostic],
) -> dict[str, Any]:
    """The `Post` fields of the document's code options and repository links."""
    repo, repo_problems = repo_links(source, front.data, lines)
    code, code_problems = post_code_look(source, front.data, lines, env, repo)
    problems.extend(repo_problems + code_problems)
    return {"code": code, "repo": repo}


def _listing_files(source: SourceFile, data: Mapping[str, Any]) -> tuple[tuple[str, Path], ...]:
    """What a listing page shows besides its documents (listing_data.py, loaded for pages
    alone); nothing for a post."""
    if not source.page:
        return ()
    from .listing_data import listing_files

    return listing_files(source, data)


def _quiz_of(
    source: SourceFile,
    front: FrontMatter,
    tokens: list[Token],
    problems: list[Diagnostic],
    env: dict[str, Any],
) -> tuple[QuizShape | None, Quiz | None]:
    """The quiz's shape and the quiz rendered (None for another kind of post), with the
    mistakes that turn a quiz into an article added to `problems`."""
    shape = find_quiz(tokens)
    # A Quarto blog's post is an article unless it looks like a quiz; quizsite's are quizzes.
    if shape is not None or not source.quarto or looks_like_quiz(tokens, front.data):
        problems.extend(
            quiz_mistakes(
                source.rel, tokens, lambda token: (token.map or [0])[0] + front.body_line, shape
            )
        )
    return shape, (_build_quiz(source, front, tokens, shape, problems, env) if shape else None)


def _math_problems(prepared: Prepared, env: dict[str, Any]) -> list[Diagnostic]:
    """One warning per formula that cannot be typeset, and per formula using a macro nothing
    defines, at the first line that holds it (the parts of a quiz are rendered more than
    once: an option alone, then in the list)."""
    problems = []
    for tex in dict.fromkeys(env.get("math_errors", [])):
        place = _formula_place(prepared, tex)
        problems.append(
            warning(place.path, place.line, f"cannot typeset math: {tex}", "check the TeX syntax")
        )
    for tex, names in dict.fromkeys(env.get(UNDEFINED_KEY, [])):
        place = _formula_place(prepared, tex)
        shown = ", ".join(f"\\{name}" for name in names)
        problems.append(
            warning(
                place.path,
                place.line,
                f"undefined TeX macro {shown} in math (shown as written): {tex}",
                f"define it before its first use: $\\newcommand{{\\{names[0]}}}{{...}}$ in the "
                "document, or in a file of macros it includes ({{< include _macros.qmd >}})",
            )
        )
    return problems


def _formula_place(prepared: Prepared, tex: str) -> SourceLocation:
    """Where a formula's text first is in the body (its file and line)."""
    at = prepared.body.find(tex)
    return prepared.lines.locate(prepared.body.count("\n", 0, at) if at >= 0 else None)


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
    _quiz_of(source, front, tokens, more, env)
    problems.extend(d for d in dict.fromkeys(more) if d not in problems)


def render_blocks(tokens: Sequence[Token], env: dict[str, Any]) -> Markup:
    """HTML of a run of block tokens (markup the renderer made, so safe to insert as is)."""
    md = markdown_parser()
    return Markup(md.renderer.render(list(tokens), md.options, env))


def render_inlines(tokens: Sequence[Token], env: dict[str, Any]) -> Markup:
    """HTML of inline tokens (a paragraph's children)."""
    md = markdown_parser()
    return Markup(cast(RendererHTML, md.renderer).renderInline(list(tokens), md.options, env))


def _build_quiz(
    source: SourceFile,
    front: FrontMatter,
    tokens: list[Token],
    shape: QuizShape,
    problems: list[Diagnostic],
    env: dict[str, Any],
) -> Quiz:
    """Render the parts of a quiz and check that its key names existing options."""
    options = _options(tokens, shape, env)
    key_line = shape.key_line + front.body_line
    if problem := _key_problem(source.rel, key_line, shape, options):
        problems.append(problem)
    _label_key(tokens[shape.key_paragraph], tokens[shape.key_paragraph + 1], shape.key)
    answer_open = tokens[shape.answer[0]]
    anchor = answer_open.meta["attrs"].id or "answer"
    answer_open.meta["id"] = anchor
    readings = tuple(
        Reading(
            title=title,
            url=url,
            note_html=Markup(reading_note(tokens[start:end], lambda p: render_inlines(p, env))),
            location=SourceLocation(source.rel, line + front.body_line),
        )
        for title, url, start, end, line in shape.readings
    )
    return Quiz(
        question_html=Html.of(render_blocks(tokens[: shape.options[0]], env)),
        options=options,
        options_html=Html.of(render_blocks(tokens[shape.options[0] : shape.options[1]], env)),
        between_html=Html.of(render_blocks(tokens[shape.options[1] : shape.answer[0]], env)),
        answer=Answer(
            key=shape.key,
            html=Html.of(with_state(render_blocks(tokens[slice(*shape.answer)], env))),
            anchor=anchor,
            location=SourceLocation(source.rel, key_line),
        ),
        after_html=Html.of(render_blocks(tokens[shape.answer[1] :], env)),
        readings=readings,
        marker=shape.marker,
    )


def _options(tokens: list[Token], shape: QuizShape, env: dict[str, Any]) -> tuple[Option, ...]:
    """Each option: its number, its HTML and its text."""
    return tuple(
        Option(
            number,
            _item_html(tokens[start + 1 : end], env),
            plain_text(tokens[start:end]).strip(),
        )
        for number, start, end in shape.option_items
    )


def _key_problem(
    rel: str, key_line: int, shape: QuizShape, options: tuple[Option, ...]
) -> Diagnostic | None:
    """The error for a key naming an option that is not there, written as the list writes
    its numbers (`B` for a lettered list)."""
    numbers = {o.number for o in options}
    missing = [n for n in shape.key if n not in numbers]
    if not missing:
        return None

    def show(number: int) -> str:
        """A number as the options list shows it."""
        return marker_text(number, shape.marker) or str(number)

    return error(
        rel,
        key_line,
        f"answer key names option {', '.join(show(n) for n in missing)}, but the options "
        f"are numbered {show(min(numbers))} to {show(max(numbers))}",
        "the first paragraph of the answer callout must be the number of a listed option",
    )


def _item_html(item: list[Token], env: dict[str, Any]) -> Markup:
    """An option's HTML: just its text when it is one paragraph, its blocks otherwise."""
    if len(item) == 3 and item[0].type == "paragraph_open":
        return render_inlines(item[1].children or [], env)
    return render_blocks(item, env)


def _label_key(paragraph: Token, inline: Token, key: tuple[int, ...]) -> None:
    """Mark the key paragraph (with the key as data, for the quiz script) and label it in words."""
    paragraph.attrSet("class", "quiz-key")
    paragraph.attrSet("data-key", ",".join(map(str, key)))
    label = Token("html_inline", "", 0)
    plural = "s" if len(key) > 1 else ""
    label.content = f'<span class="quiz-key-label">Correct answer{plural}: </span>'
    inline.children = [label, *(inline.children or [])]
