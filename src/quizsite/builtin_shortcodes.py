"""Quarto's built-in shortcodes that need no document: `{{< lipsum >}}` (placeholder
paragraphs), `{{< placeholder >}}` (a placeholder image) and `{{< version >}}`, each as
Quarto's own extension (`src/resources/extensions/quarto/`) renders it to HTML.

`lipsum` shows seventeen paragraphs of Lorem ipsum made here from the traditional filler's
words, the same on every build; Quarto ships seventeen of its own, and the counts, ranges and
wrapping follow Quarto's over them. `version` prints `QUARTO_VERSION`: the Quarto release whose behaviour quizsite is
checked against. A page saying "made with Quarto {{< version >}}" names a Quarto version, and
quizsite's own version number would be no Quarto version at all.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# Loaded by shortcodes.py at a built-in shortcode's first use: its helpers are there already.
from .shortcodes import META_KEY, Warn, html_tokens

QUARTO_VERSION = "1.10.18"
_LIPSUM_KEY = "lipsum_rank"  # how many lipsum shortcodes the document has shown so far
_RANGE = re.compile(r"(\d+)-(\d+)")
_COUNT = re.compile(r"\d+")


def lipsum(state: StateCore, args: list[str], options: dict[str, str], warn: Warn) -> list[Token]:
    """`{{< lipsum 2 >}}`: paragraphs of placeholder text."""
    # `random=true` draws from the document's title and the shortcode's rank: the same each build.
    rank = state.env[_LIPSUM_KEY] = state.env.get(_LIPSUM_KEY, 0) + 1
    meta = state.env.get(META_KEY) or {}
    seed = f"{meta.get('title', '') if isinstance(meta, dict) else ''}:{rank}"
    inline, blocks = lipsum_html(args, options, seed)
    return html_tokens(inline, blocks)


def placeholder(
    state: StateCore, args: list[str], options: dict[str, str], warn: Warn
) -> list[Token]:
    """`{{< placeholder 600 400 >}}`: Quarto's placeholder image of that size."""
    return html_tokens(placeholder_html(args))


def version(state: StateCore, args: list[str], options: dict[str, str], warn: Warn) -> list[Token]:
    """`{{< version >}}`: the Quarto version quizsite follows."""
    return [Token("text", "", 0, content=QUARTO_VERSION)]


# The traditional filler's words: the paragraphs are drawn from them by a seeded generator.
_WORDS = [
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "ut",
    "labore",
    "et",
    "dolore",
    "magna",
    "aliqua",
    "enim",
    "ad",
    "minim",
    "veniam",
    "quis",
    "nostrud",
    "exercitation",
    "ullamco",
    "laboris",
    "nisi",
    "aliquip",
    "ex",
    "ea",
    "commodo",
    "consequat",
    "duis",
    "aute",
    "irure",
    "in",
    "reprehenderit",
    "voluptate",
    "velit",
    "esse",
    "cillum",
    "eu",
    "fugiat",
    "nulla",
    "pariatur",
    "excepteur",
    "sint",
    "occaecat",
    "cupidatat",
    "non",
    "proident",
    "sunt",
    "culpa",
    "qui",
    "officia",
    "deserunt",
    "mollit",
    "anim",
    "id",
    "est",
    "laborum",
    "vitae",
    "nunc",
    "mauris",
    "integer",
    "pellentesque",
    "habitant",
    "morbi",
    "tristique",
    "senectus",
    "netus",
    "fames",
    "ac",
    "turpis",
    "egestas",
    "vestibulum",
    "ante",
    "primis",
    "faucibus",
    "orci",
    "luctus",
    "ultrices",
    "posuere",
    "cubilia",
    "curae",
    "donec",
    "quam",
    "felis",
]
_PARAGRAPHS = 17  # as many as Quarto's own list


@cache
def lipsum_texts() -> tuple[str, ...]:
    """The lipsum paragraphs, made at the first `lipsum` shortcode: the first opens as the
    filler always does, and each is four to seven sentences drawn by a generator seeded with
    its number, so every build and every Python shows the same text."""
    import random

    paragraphs = []
    for number in range(_PARAGRAPHS):
        draw = random.Random(number)
        sentences = []
        for _ in range(draw.randint(4, 7)):
            words = [draw.choice(_WORDS) for _ in range(draw.randint(6, 14))]
            if len(words) > 8:
                words[draw.randint(3, len(words) - 4)] += ","
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    paragraphs[0] = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " + paragraphs[0]
    return tuple(paragraphs)


def lipsum_paragraphs(args: list[str], options: dict[str, str], seed: str) -> list[str]:
    """The paragraphs `{{< lipsum N >}}`, `{{< lipsum 2-4 >}}` or `random=true` stands for.

    As Quarto: five by default, a range counts down when it starts higher, and indices wrap
    over all paragraphs but the last. A random start is drawn from `seed` (the shortcode's
    place), so a rebuild writes the same page where Quarto draws anew at each render."""
    start, end = 1, 5
    given = args[0] if args else ""
    ranged = _RANGE.search(given)
    if ranged:
        start, end = int(ranged[1]), int(ranged[2])
    elif _COUNT.fullmatch(given):
        if options.get("random", "").strip("\"'") == "true":
            import random

            start = random.Random(seed).randint(1, 17)
        end = start + int(given) - 1
    paragraphs = lipsum_texts()
    step = -1 if start > end else 1
    return [paragraphs[(i - 1) % (len(paragraphs) - 1)] for i in range(start, end + step, step)]


def lipsum_html(args: list[str], options: dict[str, str], seed: str) -> tuple[str, str]:
    """The lipsum text inline (paragraphs joined by a space, as Quarto puts blocks in a line)
    and as blocks (a `<p>` each), for a shortcode alone in its paragraph."""
    texts = [escape(p, quote=False) for p in lipsum_paragraphs(args, options, seed)]
    return " ".join(texts), "".join(f"<p>{t}</p>\n" for t in texts)


def placeholder_html(args: list[str]) -> str:
    """`{{< placeholder 600 400 >}}`: Quarto's grey box of that size, labelled with it.

    Quarto writes a PNG unless `format=svg`, by rasterizing this same SVG; quizsite writes the
    SVG either way, which shows the same box without a rasterizer."""
    width = args[0] if args else "100"
    height = args[1] if len(args) > 1 else width
    font_size = int(0.1 * min(_number(width), _number(height)))
    svg = (
        f'<svg width = "{width}" height = "{height}" xmlns = "http://www.w3.org/2000/svg" '
        f'viewBox = "0 0 {width} {height}"><rect width = "{width}" height = "{height}" '
        f'fill = "#ddd" /><text x = "50%" y = "50%" font-family = "sans-serif" '
        f'font-size = "{font_size}" fill = "#000" text-anchor = "middle">{width} x {height}'
        "</text></svg>"
    )
    import base64

    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" alt="" />'


def _number(text: str) -> float:
    """A size as a number, 100 when it is not one (as Quarto's `tonumber(x) or 100`)."""
    try:
        return float(text)
    except ValueError:
        return 100.0
