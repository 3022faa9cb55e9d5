"""Computed output's side of parsing: a post file as the Markdown document the parser reads (a
`.qmd`/`.md` as it is, a notebook converted by `notebooks.py`, a `.qmd` with frozen output as
Quarto froze it, `freeze.py`); and afterwards, its code cells' problems and the files its
outputs made. (`documents.py` then expands includes and sets up shortcodes and citations.)"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .cell_defaults import document_defaults
from .errors import Diagnostic, SourceLocation, warning
from .model import Post
from .sources import FrontMatter, SourceFile, split_front_matter

# Where Quarto keeps frozen output (freeze.py), under the project's root.
FREEZE_DIR = "_freeze"


@dataclass
class Document:
    """What the parser reads for one post: front matter, body and the env to parse it with."""

    front: FrontMatter
    env: dict[str, Any]
    # The file's line for a line as the parser numbers it (notebooks: a line of the JSON).
    relocate: Callable[[int | None], int | None] | None = None
    problems: list[Diagnostic] = field(default_factory=list)


def read_document(source: SourceFile) -> Document | Diagnostic:
    """The document in `source`, ready to parse, or the error that stops it."""
    env: dict[str, Any] = {"page_stem": source.path.stem}
    if source.path.suffix.lower() == ".ipynb":
        from .notebooks import read_notebook

        notebook = read_notebook(source)
        if isinstance(notebook, Diagnostic):
            return notebook
        frozen = _frozen_notebook(source, notebook.front, notebook.file_line)
        if frozen is not None:
            return frozen
        env["cell_runs"] = dict(notebook.runs)
        env["cell_files"] = dict(notebook.files)
        env["notebook_kernel"] = notebook.kernel
        return _with_defaults(Document(notebook.front, env, notebook.file_line))
    # Most sites have no frozen output: asked of every post, in os.path's cheaper calls, before
    # loading the module that reads it.
    if os.path.isdir(os.path.join(source.root, FREEZE_DIR)):  # noqa: PTH112, PTH118
        from .freeze import read_frozen

        frozen = read_frozen(source)
        if frozen is not None:
            return _with_defaults(frozen)
    front = split_front_matter(source)
    if isinstance(front, Diagnostic):
        return front
    return _with_defaults(Document(front, env))


def _frozen_notebook(
    source: SourceFile, front: FrontMatter, file_line: Callable[[int | None], int | None]
) -> Document | Diagnostic | None:
    """A notebook that asks to be run (`execute: enabled: true`) is a document Quarto
    freezes like a `.qmd`: its frozen output, when `_freeze/` holds one, is what it shows."""
    from .freeze import read_frozen
    from .metadata import merge
    from .quarto_project import metadata_layers

    if "enabled" not in source.text and not source.quarto and not source.metadata:
        return None  # neither the notebook nor metadata above it asks for execution
    layers = metadata_layers(source)
    data: Any = {}
    for layer in layers if isinstance(layers, list) else []:  # their errors: reported later
        data = merge(data, layer[0])
    execute = merge(data, front.data).get("execute")
    if not (isinstance(execute, Mapping) and execute.get("enabled") is True):
        return None
    frozen = read_frozen(source, front)
    if not isinstance(frozen, Document):
        return frozen
    inner = frozen.relocate
    if inner is not None:  # a frozen line, to the notebook's body line, to the file's line
        frozen.relocate = lambda line: file_line(inner(line))
    return _with_defaults(frozen)


def _with_defaults(document: Document) -> Document:
    """The document-wide cell options and code-annotation style, for the renderer."""
    data = document.front.data
    document.env["cell_defaults"] = document_defaults(data)
    if "code-annotations" in data:
        document.env["code_annotations"] = data["code-annotations"]
    return document


def cell_problems(source: SourceFile, document: Document) -> list[Diagnostic]:
    """Warnings the code cells gave while rendering, at their lines."""
    return [
        warning(source.rel, line + document.front.body_line, message, hint)
        for line, message, hint in document.env.get("cell_problems", ())
    ]


def finish(
    source: SourceFile, document: Document, post: Post | None, problems: list[Diagnostic]
) -> tuple[Post | None, tuple[Diagnostic, ...]]:
    """The post with its output files, and every problem at the file's own lines."""
    found = [*document.problems, *problems]
    if post is not None and document.env.get("cell_files"):
        post = post._replace(files=tuple(sorted(document.env["cell_files"].items())))
    relocate = document.relocate
    if relocate is None:
        return post, tuple(found)
    moved = tuple(
        d._replace(location=SourceLocation(d.location.path, relocate(d.location.line)))
        if d.location.path == source.rel
        else d
        for d in found
    )
    if post is not None and post.quiz is not None:
        quiz = post.quiz
        answer = quiz.answer._replace(location=_moved(quiz.answer.location, relocate))
        readings = tuple(r._replace(location=_moved(r.location, relocate)) for r in quiz.readings)
        post = post._replace(quiz=quiz._replace(answer=answer, readings=readings))
    return post, moved


def _moved(
    location: SourceLocation, relocate: Callable[[int | None], int | None]
) -> SourceLocation:
    return SourceLocation(location.path, relocate(location.line))
