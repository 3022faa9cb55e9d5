"""Quiz mistakes that turn a quiz into an article, found while parsing (so `build`, `serve` and
`check` all report them), each at the line of the thing to fix.

A post meant as a quiz but written a little off (options as a bullet list, a key written `B`
or `Option 2` under numbered options, no options before the answer, an answer callout that is
not collapsed) still builds, as an article: silently, that is a quiz readers never get to
answer. These are warnings; `strict_quizzes = true` in `quizsite.toml` makes them errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from markdown_it.token import Token

from .config import SiteConfig
from .errors import Diagnostic, Severity, warning
from .fenced_divs import Callout
from .model import Post
from .patterns import compile_later
from .quiz import QuizShape, TopBlock, plain_text, top_blocks
from .tokens import matching_close

# The code every diagnostic of this module carries: `strict` finds them by it.
QUIZ_MISTAKE = "quiz-shape"
# A key naming an option by letter or by the word "option": `B`, `(b)`, `Option 2`, `b and d`.
_LETTER_KEY = compile_later(
    r"^(?:answers?\s*:?\s*)?\(?([a-z])\)?(?:\s*(?:,|&|\band\b)\s*\(?[a-z]\)?)*\.?$", re.I
)
# A category filing a post as a quiz, and a callout's title naming what it holds an answer.
_QUIZ_WORD = re.compile(r"\b(?:quiz(?:zes)?|mcqs?|multiple[- ]choice)\b", re.I)
_ANSWER_WORD = re.compile(r"\b(?:answers?|solutions?)\b", re.I)
_OPTION_WORD_KEY = compile_later(r"^(?:answers?\s*:?\s*)?(?:the\s+)?options?\s*(\d{1,9})\b", re.I)
# How far into a key paragraph to look: a key is a few characters, an explanation is long.
_KEY_CHARS = 40

LineOf = Callable[[Token], int]


def _mistake(rel: str, line: int, message: str, hint: str) -> Diagnostic:
    """A quiz-shape warning, marked so that `strict_quizzes` can make it an error."""
    return warning(rel, line, message, hint)._replace(code=QUIZ_MISTAKE)


def quiz_mistakes(
    rel: str, tokens: Sequence[Token], line_of: LineOf, shape: QuizShape | None
) -> list[Diagnostic]:
    """Every quiz-shape mistake in one post's top-level tokens (all of them, not the first);
    `shape` is the quiz `find_quiz` found in them, if any."""
    if shape is not None:
        return list(_shown_in_quiz(rel, tokens, line_of, shape))
    blocks = top_blocks(tokens)
    options = next((b for b in blocks if b.kind == "list"), None)
    callouts = [b for b in blocks if b.kind == "callout"]
    found: list[Diagnostic] = []
    if options is not None:
        # The same choice find_quiz makes: the first collapsible callout after the options.
        answer = next((c for c in callouts if c.collapsible and c.start > options.start), None)
        # A heading between the list and the callout starts another section: an article's
        # list and a later folded note (a Quarto blog's), not a quiz missing its key.
        if answer is not None and not _heading_between(tokens, options.start, answer.start):
            found.extend(_key_problems(rel, tokens, line_of, options, answer))
        found.extend(_shown_answer(rel, tokens, line_of, options, answer, callouts))
    found.extend(_options_after_key(rel, tokens, line_of, options, callouts))
    return found


def looks_like_quiz(tokens: Sequence[Token], data: Mapping[str, Any]) -> bool:
    """Whether a Quarto blog's post that is no quiz was meant as one, so its shape is worth
    checking: it is filed as a quiz (a category or tag naming one), or a folded callout of
    it is untitled (as a quiz's answer is written) or titled as an answer. A numbered list
    before a note its author titled otherwise is an article's."""
    filed = [data.get(k) for k in ("categories", "tags")]
    words = [str(w) for v in filed for w in (v if isinstance(v, list) else [v]) if w]
    return any(_QUIZ_WORD.search(w) for w in words) or any(
        _answer_like(t.meta.get("callout")) for t in tokens if t.level == 0 and t.meta
    )


def _answer_like(callout: object) -> bool:
    """Whether a callout is folded and untitled, or titled as an answer."""
    if not isinstance(callout, Callout) or callout.collapse is None:
        return False
    named = callout.title.content if callout.title is not None else callout.title_text
    return not named.strip() or _ANSWER_WORD.search(named) is not None


def _shown_in_quiz(
    rel: str, tokens: Sequence[Token], line_of: LineOf, shape: QuizShape
) -> Iterable[Diagnostic]:
    """The one mistake a quiz can still hold: a key shown, in a callout that is not collapsed,
    between its options and its answer. (find_quiz read the answer's key as the options are
    numbered, so it names them rightly; and it has options before it.)"""
    blocks = top_blocks(tokens, shape.options[0], shape.answer[0])
    callouts = [b for b in blocks if b.kind == "callout"]
    return _shown_answer(rel, tokens, line_of, blocks[0], None, callouts)


def _heading_between(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether a top-level heading stands between two top-level blocks."""
    return any(t.type == "heading_open" and t.level == 0 for t in tokens[start:end])


def _options_after_key(
    rel: str,
    tokens: Sequence[Token],
    line_of: LineOf,
    options: TopBlock | None,
    callouts: list[TopBlock],
) -> list[Diagnostic]:
    """A collapsible callout with a key but no options list before it."""
    keyed = next((c for c in callouts if c.collapsible and _has_key_text(tokens, c)), None)
    if keyed is not None and (options is None or options.start > keyed.start):
        return [_missing_options(rel, tokens, line_of, keyed)]
    return []


def _has_key_text(tokens: Sequence[Token], callout: TopBlock) -> bool:
    """Whether a callout's first paragraph reads as a key, by number or (mistakenly) by letter."""
    text = _first_paragraph(tokens, callout.start)
    return callout.key is not None or (text is not None and _misnamed_key(text) is not None)


def _first_paragraph(tokens: Sequence[Token], start: int) -> str | None:
    """The text of a callout's first paragraph, when its body starts with one."""
    if start + 2 < len(tokens) and tokens[start + 1].type == "paragraph_open":
        return plain_text([tokens[start + 2]]).strip()
    return None


def _misnamed_key(text: str) -> str | None:
    """How to write a key that names its option by letter or as "Option 2", else None."""
    text = text[:_KEY_CHARS].strip()
    if match := _OPTION_WORD_KEY.match(text):
        return match.group(1)
    if _LETTER_KEY.match(text):
        letters = re.findall(r"\b[a-z]\b", re.sub(r"(?i)\banswers?\b|\band\b", " ", text), re.I)
        return ", ".join(str(ord(c.lower()) - ord("a") + 1) for c in letters)
    return None


def _numbered(tokens: Sequence[Token], options: TopBlock) -> bool:
    """Whether the options list is numbered with digits (not lettered `A.` or Roman `ii.`,
    whose letter keys are right)."""
    return str(tokens[options.start].attrGet("type") or "1") == "1"


def _key_problems(
    rel: str, tokens: Sequence[Token], line_of: LineOf, options: TopBlock, answer: TopBlock
) -> Iterable[Diagnostic]:
    """The answer callout's key: missing, or naming an option by letter under numbered ones."""
    text = _first_paragraph(tokens, answer.start)
    at = line_of(tokens[answer.start + 1]) if text is not None else line_of(tokens[answer.start])
    fix = _misnamed_key(text) if text is not None else None
    # A letter key is right under lettered options (pandoc's `A.`), and then parses as a key.
    by_letter = text is not None and _LETTER_KEY.match(text[:_KEY_CHARS].strip()) is not None
    if fix and _numbered(tokens, options) and (answer.key is None or by_letter):
        yield _mistake(
            rel,
            at,
            f"answer key {_quote(text or '')} does not name an option by its number, so this "
            "post builds as an article, not a quiz",
            f'the options are numbered: write the number of the right one, e.g. "{fix}"',
        )
        return
    if answer.key is None and text is not None and _answers(tokens, options, answer):
        yield _mistake(
            rel,
            at,
            "answer callout has no answer key",
            'it builds as an article, not a quiz: make its first paragraph the number of the correct option, e.g. "2", or '
            '"1, 3" when several are correct',
        )


def _answers(tokens: Sequence[Token], options: TopBlock, answer: TopBlock) -> bool:
    """Whether a folded callout evidently answers the numbered list above it, as a quiz's
    answer does: it follows the options at once, or after paragraphs only when it is titled
    as an answer. An exercise's "Solution" after its hints (code, `<details>`), or a folded
    aside some paragraphs after an essay's numbered points, is no quiz missing its key."""
    between = tokens[matching_close(tokens, options.start) + 1 : answer.start]
    if not between:
        return True
    callout: Callout = tokens[answer.start].meta["callout"]  # the answer block is a callout
    named = callout.title.content if callout.title is not None else callout.title_text
    return "answer" in named.lower() and all(
        t.level > 0 or t.type.startswith("paragraph_") for t in between
    )


def _shown_answer(
    rel: str,
    tokens: Sequence[Token],
    line_of: LineOf,
    options: TopBlock,
    answer: TopBlock | None,
    callouts: Sequence[TopBlock],
) -> Iterable[Diagnostic]:
    """A callout holding the key that is not collapsed: every reader sees the answer."""
    shown = next(
        (
            c
            for c in callouts
            if not c.collapsible
            and c.key is not None
            and c.start > options.start
            and (answer is None or c.start < answer.start)
        ),
        None,
    )
    if shown is not None:
        yield _mistake(
            rel,
            line_of(tokens[shown.start]),
            "answer callout is not collapsed: it shows the answer to every reader",
            'add collapse="true" to its attributes: :::{.callout-note collapse="true"}',
        )


def _missing_options(
    rel: str, tokens: Sequence[Token], line_of: LineOf, keyed: TopBlock
) -> Diagnostic:
    """An answer key with no numbered options before it: a bullet list, or nothing."""
    bullets = next(
        (
            i
            for i, t in enumerate(tokens[: keyed.start])
            if t.level == 0 and t.type == "bullet_list_open"
        ),
        None,
    )
    if bullets is not None:
        close = matching_close(tokens, bullets)
        items = sum(1 for t in tokens[bullets:close] if t.type == "list_item_open" and t.level == 1)
        return _mistake(
            rel,
            line_of(tokens[bullets]),
            f"the options are a bullet list ({items} items), so this post builds as an "
            "article, not a quiz",
            "number the options: 1. ..., 2. ... (a bullet list has no numbers for the key to name)",
        )
    return _mistake(
        rel,
        line_of(tokens[keyed.start]),
        "answer key has no numbered options before it",
        "it builds as an article, not a quiz: list the options as a numbered list (1. ..., 2. ...) above the answer callout",
    )


def _quote(text: str) -> str:
    """A short piece of the post quoted in a message."""
    return '"' + (text if len(text) <= 30 else text[:30] + "…") + '"'


def strict(
    diagnostics: Iterable[Diagnostic], config: SiteConfig, posts: Iterable[Post]
) -> list[Diagnostic]:
    """The diagnostics, with quiz-shape warnings made errors under `strict_quizzes`, and left
    out for drafts the site leaves out (a draft is held to the site's standards only with
    --drafts)."""
    drafts = set() if config.drafts else {p.location.path for p in posts if p.draft}
    severity: Severity = "error" if config.strict_quizzes else "warning"
    return [
        d if d.code != QUIZ_MISTAKE else d._replace(severity=severity)
        for d in diagnostics
        if d.code != QUIZ_MISTAKE or d.location.path not in drafts
    ]
