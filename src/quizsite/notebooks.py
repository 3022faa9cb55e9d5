"""Jupyter notebooks (`.ipynb`) as posts: read with nbformat, turned into the Markdown body
the rest of the pipeline reads, with each code cell's stored outputs kept aside for rendering.

Messages about a notebook point at a line of its JSON file: the line of the cell's source
line where the problem is (notebooks saved by Jupyter write one source line per JSON line),
else the line where the cell begins. Front-matter problems point at the front-matter cell.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .codeblocks import CellRun
from .errors import Diagnostic, error
from .sources import FrontMatter, SourceFile, split_front_matter

_CELL_TYPE = re.compile(r'^(\s*)"cell_type"\s*:')
_SOURCE = re.compile(r'^(\s*)"source"\s*:\s*(\[?)')
_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$")
_BACKTICKS = re.compile(r"`{3,}")
# The first body line of a notebook's Markdown is line 2: line 1 stands for its front matter.
BODY_LINE = 2


@dataclass(frozen=True)
class NotebookDocument:
    """A notebook as a Markdown document: its front matter, body, stored outputs by the body
    line of each code fence, and the JSON line of each body line."""

    front: FrontMatter
    runs: Mapping[int, CellRun]
    json_lines: Sequence[int]  # by 0-based body line
    front_line: int  # the JSON line of the front-matter cell
    files: Mapping[str, bytes]  # markdown cells' attachments, by their path beside the page
    kernel: str  # the Jupyter kernel it was saved with, for `execute: enabled: true`

    def file_line(self, line: int | None) -> int | None:
        """The JSON line of a line as the parser numbered it (BODY_LINE + body line)."""
        if line is None:
            return None
        if line < BODY_LINE:
            return self.front_line
        index = line - BODY_LINE
        return self.json_lines[min(index, len(self.json_lines) - 1)] if self.json_lines else 1


def read_notebook(source: SourceFile) -> NotebookDocument | Diagnostic:
    """The notebook in `source` as a document, or an error naming where it is invalid."""
    import nbformat  # here: sites without notebooks never pay for importing it

    try:
        raw = json.loads(source.text)
    except json.JSONDecodeError as exc:
        return error(
            source.rel, exc.lineno, f"invalid notebook: not JSON ({exc.msg})", _RESAVE_HINT
        )
    try:
        with warnings.catch_warnings():
            # A 4.5 notebook whose cells have no `id` (written by older tools) is one Jupyter
            # and Quarto read: nbformat's warning about it would reach the console unplaced.
            warnings.filterwarnings("ignore", message="Cell is missing an id field")
            notebook = nbformat.reads(source.text, as_version=4)  # type: ignore[no-untyped-call]
            nbformat.validate(notebook)
    except nbformat.ValidationError as exc:
        return _invalid(source, exc, raw)
    except Exception as exc:  # nbformat raises many kinds on notebooks it cannot convert
        return error(source.rel, 1, f"invalid notebook: {exc}", _RESAVE_HINT)
    return _document(source, notebook)


_RESAVE_HINT = "open it in Jupyter and save it again, or fix the JSON by hand"


def _invalid(source: SourceFile, exc: Exception, raw: object) -> Diagnostic:
    """nbformat's validation error, with the cell (and its line) it names."""
    path = list(getattr(exc, "absolute_path", ()) or ())
    message = str(getattr(exc, "message", exc)).split("\n")[0]
    starts, _ = _cell_lines(source.text)
    if len(path) >= 2 and path[0] == "cells" and isinstance(path[1], int):
        cell = path[1]
        line = starts[cell] if cell < len(starts) else 1
        return error(
            source.rel, line, f"invalid notebook: cell {cell + 1}: {message}", _RESAVE_HINT
        )
    return error(source.rel, 1, f"invalid notebook: {message}", _RESAVE_HINT)


def _cell_lines(text: str) -> tuple[list[int], list[tuple[int, bool]]]:
    """Where each cell begins in the JSON (1-based line of `"cell_type"`) and where its
    `"source"` is (line, and whether its lines follow one per line)."""
    starts: list[int] = []
    sources: list[tuple[int, bool]] = []
    indent = None
    for number, line in enumerate(text.split("\n"), start=1):
        if match := _CELL_TYPE.match(line):
            indent = match.group(1) if indent is None else indent
            if match.group(1) == indent:
                starts.append(number)
        elif (match := _SOURCE.match(line)) and match.group(1) == indent:
            sources.append((number, bool(match.group(2))))
    return starts, sources


def notebook_language(notebook: Mapping[str, Any]) -> str:
    """The notebook's language: its kernelspec's, else its language_info's, else Python."""
    metadata = notebook.get("metadata") or {}
    for key in ("kernelspec", "language_info"):
        value = metadata.get(key) or {}
        name = value.get("language") if key == "kernelspec" else value.get("name")
        if isinstance(name, str) and name.strip():
            return name.strip().lower()
    return "python"


def _kernel_name(notebook: Mapping[str, Any]) -> str:
    """The kernel named in the notebook's kernelspec, else Python's."""
    spec = (notebook.get("metadata") or {}).get("kernelspec") or {}
    name = spec.get("name") if isinstance(spec, Mapping) else None
    return name.strip() if isinstance(name, str) and name.strip() else "python3"


def _document(source: SourceFile, notebook: Any) -> NotebookDocument | Diagnostic:
    """Front matter from the first cell (past empty text cells, which show nothing: Pandoc
    reads a YAML block after them as the front matter), every other cell as Markdown,
    outputs kept aside."""
    cells = list(notebook.cells)
    starts, sources = _cell_lines(source.text)
    paired = len(sources) == len(cells) == len(starts)

    def line_of(index: int, line: int) -> int:
        if not paired:
            return starts[index] if index < len(starts) else 1
        at, listed = sources[index]
        return at + 1 + line if listed else at

    front_data: dict[str, Any] = {}
    front_line = 1
    first = lead = _leading_blanks(cells)
    if lead < len(cells) and cells[lead].cell_type in ("raw", "markdown"):
        text = cells[lead].source
        if text.lstrip().startswith("---"):
            cell_source = SourceFile(source.path, source.rel, text.lstrip(), False, ())
            front = split_front_matter(cell_source)
            if isinstance(front, Diagnostic):
                line = front.location.line or 1
                return error(source.rel, line_of(lead, line - 1), front.message, front.hint)
            front_data = dict(front.data)
            front_line = line_of(lead, 0)
            first = lead + 1
            if front.body.strip():  # the rest of a markdown cell below its front matter
                cells[lead] = {**cells[lead], "source": front.body}
                first = lead
                offset = front.body_line - 1
                if paired:
                    at, listed = sources[lead]
                    sources[lead] = (at + offset, listed) if listed else (at, listed)
    builder = _BodyBuilder(notebook_language(notebook), line_of, source.path.stem)
    for index in range(first, len(cells)):
        builder.add(index, cells[index])
    body = builder.text()
    if "title" not in front_data:
        body = _take_title(body, front_data, builder.lines)
    return NotebookDocument(
        FrontMatter(front_data, body, BODY_LINE),
        builder.runs,
        builder.lines,
        front_line,
        builder.files,
        _kernel_name(notebook),
    )


def _leading_blanks(cells: list[Any]) -> int:
    """How many raw or Markdown cells holding nothing but white space open the notebook."""
    count = 0
    for cell in cells:
        if cell.cell_type not in ("raw", "markdown") or str(cell.source).strip():
            break
        count += 1
    return count


class _BodyBuilder:
    """The Markdown body made of the cells, with the JSON line of each of its lines."""

    def __init__(self, language: str, line_of: Callable[[int, int], int], stem: str) -> None:
        self.language = language
        self.stem = stem
        self.files: dict[str, bytes] = {}
        self.line_of = line_of
        self.parts: list[str] = []
        self.lines: list[int] = []
        self.runs: dict[int, CellRun] = {}

    def _put(self, index: int, text: str, first: int = 0) -> None:
        """Append cell `index`'s `text` and a blank line, mapping each line to the JSON."""
        count = text.count("\n") + 1
        self.parts.append(text + "\n\n")
        self.lines.extend(self.line_of(index, first + i) for i in range(count))
        self.lines.append(self.line_of(index, max(0, first + count - 1)))

    def add(self, index: int, cell: Mapping[str, Any]) -> None:
        """One cell: Markdown as it is, code as a fenced cell whose outputs are kept aside."""
        text = str(cell.get("source", "")).rstrip("\n")
        kind = cell.get("cell_type")
        if kind == "markdown":
            # Cell options (`#| label: x`, so that `{{< embed >}}` can name the cell) are
            # Quarto's, not text: left out, as Quarto does.
            lines = text.split("\n")
            options = next(
                (n for n, line in enumerate(lines) if not line.startswith("#|")), len(lines)
            )
            text = "\n".join(lines[options:])
            self._put(index, self._attached(index, cell, text), options)
        elif kind == "raw":
            mime = _raw_format(cell)
            if mime in ("", "text/markdown", "text/x-markdown"):
                self._put(index, text)
            elif mime == "text/html":
                self._put(index, f"```{{=html}}\n{text}\n```")
        elif kind == "code":
            ticks = max((len(m) for m in _BACKTICKS.findall(text)), default=2) + 1
            fence = "`" * max(3, ticks)
            self.runs[len(self.lines)] = CellRun(list(cell.get("outputs", [])), number=index + 1)
            # The fence line maps to the cell's first line; the closing fence to its last.
            self.lines.append(self.line_of(index, 0))
            self._put(index, f"{text}\n{fence}" if text else fence)
            self.parts[-1] = f"{fence}{{{self.language}}}\n{self.parts[-1]}"

    def _attached(self, index: int, cell: Mapping[str, Any], text: str) -> str:
        """A markdown cell's pasted images (`attachment:name`) as files beside the page."""
        attachments = cell.get("attachments")
        if not isinstance(attachments, Mapping) or "attachment:" not in text:
            return text
        for name, bundle in attachments.items():
            data = _attachment_bytes(bundle)
            if data is None:
                continue
            path = f"{self.stem}_files/attachments/cell-{index + 1}-{_safe_name(name)}"
            self.files[path] = data
            text = text.replace(f"attachment:{name}", path)
        return text

    def text(self) -> str:
        """The whole body."""
        return "".join(self.parts)


def _raw_format(cell: Mapping[str, Any]) -> str:
    """The format a raw cell is meant for (Jupyter's `raw_mimetype`, or `format`)."""
    metadata = cell.get("metadata") or {}
    value = metadata.get("raw_mimetype") or metadata.get("format") or ""
    return str(value).strip().lower()


def _take_title(body: str, front: dict[str, Any], lines: list[int]) -> str:
    """The first `# heading` of the body as the title, taken out of the body (as Quarto)."""
    in_fence = False
    split = body.split("\n")
    for i, line in enumerate(split):
        if line.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and (match := _TITLE.match(line)):
            front["title"] = match.group(1)
            split[i] = ""  # blanked, not removed: the lines keep their numbers
            return "\n".join(split)
    return body


def _attachment_bytes(bundle: object) -> bytes | None:
    """The image of an attachment's mime bundle (base64, or SVG text), or None."""
    if not isinstance(bundle, Mapping):
        return None
    for mime, value in bundle.items():
        text = "".join(value) if isinstance(value, list) else str(value)
        if mime == "image/svg+xml":
            return text.encode()
        if str(mime).startswith("image/"):
            try:
                return base64.b64decode(text)
            except (binascii.Error, ValueError):
                return None
    return None


def _safe_name(name: str) -> str:
    """An attachment's name as a file name: no folders, nothing a URL would need to escape."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-") or "image"
