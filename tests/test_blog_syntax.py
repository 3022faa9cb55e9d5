"""Real Quarto blogs (extracted under /work/blogs on the development machine): no Pandoc
attribute, raw-format or grid-table syntax is left as text on any page body we render."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from quizsite.markdown import markdown_parser

BLOGS = Path("/work/blogs")
NAMES = (
    "schochastics+quarto-blog",
    "AustenLamacraft+austen-quarto-blog",
    "djnavarro+quarto-blog",
    "fastai+quarto-blog",
    "yasumorishima+quarto-blog",
    "Basics2022+myblog",
)
SYNTAX = re.compile(r"\{#|\{\.|\+---|\{=html\}")
_SKIPPED = ("_site", "_freeze", "_extensions", "node_modules")


class _Text(HTMLParser):
    """The text of an HTML fragment outside code, preformatted text, scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.inside += tag in ("code", "pre", "script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.inside -= tag in ("code", "pre", "script", "style") and self.inside > 0

    def handle_data(self, data: str) -> None:
        if not self.inside:
            self.parts.append(data)


def _body(text: str) -> str:
    """A document without its YAML front matter."""
    text = text.lstrip("\ufeff").lstrip()
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end > 0:
            return text[text.find("\n", end + 1) + 1 :]
    return text


def _documents(blog: Path) -> list[Path]:
    return [
        path
        for pattern in ("*.qmd", "*.md")
        for path in sorted(blog.rglob(pattern))
        if not any(part.startswith(_SKIPPED) for part in path.relative_to(blog).parts)
    ]


@pytest.mark.parametrize("name", NAMES)
def test_no_pandoc_syntax_left_as_text(name: str) -> None:
    blog = BLOGS / name
    if not blog.is_dir():
        pytest.skip(f"{blog} is not here (it is on the development machine only)")
    documents = _documents(blog)
    assert documents
    found = []
    for path in documents:
        source = _body(path.read_text(errors="replace"))
        if not SYNTAX.search(source) and "{=" not in source:
            continue  # nothing that could be left on the page
        text = _Text()
        text.feed(markdown_parser().render(source, {}))
        shown = "".join(text.parts)
        found += [
            f"{path}: {shown[max(0, m.start() - 40) : m.end() + 40]!r}"
            for m in SYNTAX.finditer(shown)
        ]
    assert found == []
