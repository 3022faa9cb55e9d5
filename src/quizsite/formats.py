"""A document's Quarto output formats, and what quizsite publishes for those it cannot make.

Quarto renders a document to the formats its `format:` names (the document's own, else the
ones `_metadata.yml` or `_quarto.yml` give). quizsite makes HTML pages, so:
- a reveal.js deck (`format: revealjs`) is published at its URL as a readable page, one
  heading per slide, its speaker notes folded away and its pauses (`. . .`) taken out, with a
  warning that it is not a slide show;
- a document whose only formats are not HTML (`format: pdf`, `docx`, `typst`...) is still
  published as a page at its URL, so that links to its source keep working, with a warning
  that the file Quarto would have made (`index.pdf`) is not.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any

from .errors import Diagnostic, warning
from .patterns import compile_later
from .sources import FrontMatter

# Speaker notes in a deck, and a pause: a line of spaced dots.
_NOTES = compile_later(r"^(?P<colons>:{3,})\s*\{\s*\.notes\s*\}\s*$")
_PAUSE = compile_later(r"^\.\s\.\s\.\s*$")
_FENCE = compile_later(r"^\s*(`{3,}|~{3,})")
# What a non-HTML format writes, for the warning.
_EXTENSIONS = {
    "beamer": "pdf",
    "typst": "pdf",
    "latex": "tex",
    "gfm": "md",
    "commonmark": "md",
    "markdown": "md",
    "hugo-md": "md",
    "docusaurus-md": "md",
    "jats": "xml",
}


def formats(own: Mapping[str, Any], merged: Mapping[str, Any]) -> tuple[str, ...]:
    """The formats a document renders to: its own `format:`, else its metadata's; () when
    none is named (Quarto's default for a website is HTML)."""
    value = own.get("format") if "format" in own else merged.get("format")
    if isinstance(value, str):
        return (value.strip(),)
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if isinstance(v, str | dict))
    if isinstance(value, Mapping):
        return tuple(str(k).strip() for k in value)
    return ()


def _is_html(name: str) -> bool:
    """Whether a format is an HTML page (`html`, a custom `x-html`, a dashboard)."""
    base = name.split("+")[0].split("-")[-1] if "-" in name else name.split("+")[0]
    return base in ("html", "html5", "dashboard") or name.startswith("html")


def as_page(
    rel: str,
    own: Mapping[str, Any],
    front: FrontMatter,
    lines: Mapping[str, tuple[str, int]],
    problems: list[Diagnostic],
) -> FrontMatter:
    """The document as quizsite publishes it: as it is when it renders to HTML; a deck as a
    readable page, and a document with no HTML format as a page, each with a warning at the
    `format:` that says so (`lines`: where each key was written)."""
    if "format" not in own and "format" not in front.data:
        return front  # most documents: Quarto's HTML
    names = formats(own, front.data)
    if not names or any(_is_html(name) for name in names):
        return front
    where, line = lines.get("format", (rel, 1))
    if any(name.split("+")[0] == "revealjs" for name in names):
        problems.append(
            warning(
                where,
                line,
                "format: revealjs: published as a page, one heading per slide, not as a slide show",
                "quizsite makes no reveal.js decks; add `html` to the document's formats "
                "to make this page on purpose",
            )
        )
        return front._replace(body=slides_as_page(front.body))
    stem = posixpath.splitext(posixpath.basename(rel))[0]
    made = ", ".join(
        f"{stem}.{_EXTENSIONS.get(name.split('+')[0], name.split('+')[0])}" for name in names
    )
    problems.append(
        warning(
            where,
            line,
            f"format: {', '.join(names)}: quizsite cannot make {made}; published as an HTML "
            "page at the document's URL instead",
            f"links to the document work; links to {made} do not (quizsite check lists "
            "them): add `html` to its formats, or publish the file Quarto makes beside it",
        )
    )
    return front


def slides_as_page(body: str) -> str:
    """A deck's Markdown as a page: speaker notes in a folded "Speaker notes" callout and
    pauses taken out, line for line (so that problems keep their lines)."""
    if "notes" not in body and ". ." not in body:
        return body
    lines = body.split("\n")
    fence = ""
    for i, line in enumerate(lines):
        mark = _FENCE.match(line)
        if fence:
            if mark and mark.group(1).startswith(fence) and not line[mark.end() :].strip():
                fence = ""
            continue
        if mark:
            fence = mark.group(1)
        elif _PAUSE.match(line):
            lines[i] = "<!-- pause -->"  # what is either side stays apart, as in Pandoc
        elif found := _NOTES.match(line):
            lines[i] = f'{found["colons"]} {{.callout-note collapse="true" title="Speaker notes"}}'
    return "\n".join(lines)
