"""Quarto's `{{< embed notebook.ipynb#cell >}}`: a notebook cell's stored outputs on a page
(a `.qmd`'s cell from its frozen output: frozen_embeds.py).

Each embedded cell becomes a Quarto code cell (a fence token) carrying its outputs, so that the
page renders it as it renders a notebook's own cells: its `#|` options (captions, layout) hold,
a `fig-` cell with `fig-cap` is numbered with the page's figures, its images are published as
files. The code shows only with `echo=true`, as in Quarto. The notebook is read through
`read_input`, so that editing it parses the page again.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType

from .cells import split_options
from .codeblocks import CellRun
from .paths import OutsideSite
from .sources import read_input

DOCUMENT_KEY = "document_path"  # the document's file, for paths relative to it
ROOT_KEY = "site_root"  # the site's root, for paths starting with `/`
_PATH_HINT = "paths are relative to the document, or to the site root when they start with /"

Warn = Callable[[str, str], list[Token]]


def embed_cells(
    env: EnvType,
    target: str,
    echo: bool,
    warn: Warn,
    markdown: Callable[[str], str],
    md: MarkdownIt | None = None,
) -> list[Token]:
    """The blocks of the cells `target` (`nb.ipynb#label`, or `nb.ipynb` for every code cell)
    names: code cells as fences, markdown cells as their HTML (`markdown` renders it); a
    `.qmd`'s cell as the blocks `md` parses its frozen Markdown into; none, with a warning
    saying why, when it names nothing that can be shown."""
    path_text, _, ident = target.partition("#")
    if not path_text:
        return warn("embed names no notebook", "write {{< embed notebook.ipynb#cell-label >}}")
    document, root = env.get(DOCUMENT_KEY), env.get(ROOT_KEY)
    if not path_text.lower().endswith(".ipynb"):
        frozen = _frozen(env, (document, root, path_text, ident), echo, warn, md)
        return _not_a_notebook(target, path_text, warn) if frozen is None else frozen
    if not isinstance(document, Path) or not isinstance(root, Path):
        return warn(f"cannot embed {target!r} here", "embed notebooks from a site's pages")
    base = root if path_text.startswith("/") else document.parent
    notebook = _read(base / path_text.lstrip("/"), path_text, warn)
    if notebook is None:
        return []
    cells = _cells(notebook, ident)
    if not cells:
        return warn(
            f"no cell {ident!r} in {path_text}" if ident else f"{path_text} has no code cells",
            "name a cell by its id, its `#| label:` or a tag",
        )
    from .notebooks import notebook_language

    language = notebook_language(notebook)
    stem = f"{env.get('page_stem', 'index')}-embed-{Path(path_text).stem}"
    return [
        _fence(cell, index, language, stem, echo)
        if cell.get("cell_type") == "code"
        else _prose(cell, markdown)
        for index, cell in cells
    ]


def _frozen(
    env: EnvType,
    where: tuple[object, object, str, str],
    echo: bool,
    warn: Warn,
    md: MarkdownIt | None,
) -> list[Token] | None:
    """A `.qmd`'s (or `.Rmd`'s) cell from its frozen output (frozen_embeds.py); None when
    that document has none."""
    document, root, path_text, ident = where
    suffix = posixpath.splitext(path_text)[1].lower()
    if suffix not in (".qmd", ".rmd") or not isinstance(document, Path) or md is None:
        return None
    if not isinstance(root, Path):
        return None
    from .frozen_embeds import frozen_embed

    base = root if path_text.startswith("/") else document.parent
    target = (base / path_text.lstrip("/")).resolve()
    return frozen_embed(env, (root.resolve(), target, ident), echo, warn, md)


def _not_a_notebook(target: str, path_text: str, warn: Warn) -> list[Token]:
    """The warning for an embed naming another kind of document: Quarto renders a `.qmd` (or
    `.Rmd`) to take the cell's output, which quizsite does not; a notebook made from it is
    embedded."""
    stem, suffix = posixpath.splitext(path_text)
    if suffix.lower() not in (".qmd", ".rmd"):
        return warn(
            f"cannot embed {path_text!r}: only Jupyter notebooks (.ipynb) are embedded",
            "embed a cell of a .ipynb notebook",
        )
    name = posixpath.basename(path_text)
    return warn(
        f"cannot embed {target!r}: quizsite embeds the stored outputs of Jupyter notebooks "
        f"(.ipynb), and does not render {name} for it; nothing is shown here",
        f"freeze {name} (`freeze: true`, then `quarto render`: quizsite embeds its frozen "
        f"output), or run `quarto convert {name}`, run the notebook it makes and save it, "
        f"then embed {stem}.ipynb{target[len(path_text) :]}",
    )


def _read(path: Path, shown: str, warn: Warn) -> Any:
    """The notebook at `path` (nbformat 4), or None with a warning."""
    import nbformat  # here: pages without embeds never pay for importing it

    try:
        text = read_input(path).decode("utf-8-sig")
    except (OSError, OutsideSite, UnicodeDecodeError) as exc:
        reason = "no such file" if isinstance(exc, FileNotFoundError) else "cannot read it"
        warn(f"cannot embed {shown!r}: {reason}", _PATH_HINT)
        return None
    try:
        return nbformat.reads(text, as_version=4)  # type: ignore[no-untyped-call]
    except Exception as exc:  # nbformat raises many kinds on notebooks it cannot read
        warn(f"cannot embed {shown!r}: invalid notebook ({exc})", "open it in Jupyter, save it")
        return None


def _cells(notebook: Any, ident: str) -> list[tuple[int, Mapping[str, Any]]]:
    """The cells `ident` names (every code cell when it names none), looked for as Quarto
    does: by cell id, then by label (a `#| label:` line or `label` in the metadata), then
    every cell with that tag; code and markdown cells, as Quarto embeds both."""
    cells = list(enumerate(notebook.cells))
    if not ident:
        return [(i, c) for i, c in cells if c.get("cell_type") == "code"]
    code = [(i, c) for i, c in cells if c.get("cell_type") in ("code", "markdown")]
    for matches in (
        lambda c: c.get("id") == ident,
        lambda c: _label(c) == ident,
        lambda c: ident in (_metadata(c).get("tags") or ()),
    ):
        found = [(i, c) for i, c in code if matches(c)]
        if found:
            return found[:1] if found[0][1].get("id") == ident else found
    return []


def _metadata(cell: Mapping[str, Any]) -> Mapping[str, Any]:
    """A cell's metadata, {} when it has none."""
    metadata = cell.get("metadata")
    return metadata if isinstance(metadata, Mapping) else {}


def _label(cell: Mapping[str, Any]) -> str:
    """A cell's label: its `#| label:` option, else `label` in its metadata."""
    label = split_options(str(cell.get("source", ""))).options.get("label")
    return str(label or _metadata(cell).get("label") or "")


def _prose(cell: Mapping[str, Any], markdown: Callable[[str], str]) -> Token:
    """An embedded markdown cell, without its `#|` option lines, as HTML."""
    text = split_options(str(cell.get("source", ""))).code
    return Token("html_block", "", 0, content=markdown(text), block=True)


def _fence(cell: Mapping[str, Any], index: int, language: str, stem: str, echo: bool) -> Token:
    """One embedded cell as a Quarto code cell with its stored outputs."""
    source = str(cell.get("source", "")).rstrip("\n")
    token = Token("fence", "code", 0, content=source + "\n", info=f"{{{language}}}", block=True)
    token.markup = "`" * 3
    outputs: Sequence[Mapping[str, Any]] = list(cell.get("outputs", []))
    token.meta = {"cell_run": CellRun(outputs, {"echo": echo}, number=index + 1, stem=stem)}
    return token
