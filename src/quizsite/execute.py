"""Running a `.qmd` post's code cells in a Jupyter kernel (nbclient), as `quarto render` does.

A post is run when execution is on (the default; `execute = false` in quizsite.toml, the
`--no-execute` flag, or `execute: enabled: false` / `freeze` in the post turn it off), it has
cells a Jupyter kernel runs, and it has no frozen output. One kernel per post, cells in order.
The outputs are kept in the build cache's folder, keyed by the kernel, the cells' code and
options: a later build of the same code (a prose edit, a rebuild) starts no kernel.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Container, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import yaml
from markdown_it.token import Token

from .cell_defaults import KNITR_LANGUAGES, document_defaults, execution_wanted
from .errors import BuildFailed, Diagnostic, error, warning
from .marks import holds
from .metadata import merge
from .output import write_atomically
from .quarto_names import Sources
from .sources import SourceFile, input_exists, read_input

_INSTALL = "install the Jupyter packages quizsite runs code with: pip install 'quizsite[execute]'"
# Languages whose cells Quarto gives to a Jupyter kernel, and the kernel when the post names
# none (for the others, the installed kernel of that language).
JUPYTER_LANGUAGES = frozenset({"python", "python3", "julia"})
_KERNELS = {"python": "python3", "python3": "python3"}


class Policy(NamedTuple):
    """Whether builds run code, the time limit of one cell, and where outputs are kept."""

    enabled: bool = False  # parse_post alone (tests, check's lint) runs nothing
    timeout: int = 60
    cache_dir: Path | None = None


_policy = Policy()


@contextmanager
def executing(enabled: bool, timeout: int, cache_dir: Path | None) -> Iterator[None]:
    """Within it, posts parsed in this process (and workers forked from it) run their code as
    said; `--no-execute` (QUIZSITE_NO_EXECUTE=1) turns it off. Afterwards, nothing runs."""
    global _policy
    before = _policy
    _policy = Policy(enabled and os.environ.get("QUIZSITE_NO_EXECUTE") != "1", timeout, cache_dir)
    _set_marker(_policy)
    try:
        yield
    finally:
        _policy = before


class _Cell(NamedTuple):
    """One cell to run: its body line, code and options."""

    line: int  # 0-based body line of its fence
    code: str
    options: Mapping[str, Any]


def run_cells(
    source: SourceFile, document: Any, tokens: Sequence[Token], problems: list[Diagnostic]
) -> None:
    """The post's code cells, once parsed: their options under the document's and the
    project's defaults, cells no engine here runs reported, the Jupyter cells run (or their
    outputs taken from the cache) when due, and each cell's shown words noted for search."""
    env = document.env
    front = document.front
    if not holds(front.body, "```{", 3):
        if env.get("frozen"):  # its cells' code is ``` {.python .cell-code}, folded as set
            env["cell_defaults"] = document_defaults(merge(project_settings(source), front.data))
        return
    from .codeblocks import mark_shown_text  # here: only a document with code cells

    data = merge(project_settings(source), front.data)
    env["cell_defaults"] = document_defaults(data)
    notebook = env.get("notebook_kernel")
    # A notebook's own cells run in its kernel; a fence its raw or Markdown cells hold
    # (```` ```{ojs} ```` in a raw cell) is Markdown to Quarto, as in a `.qmd`.
    own = env.get("cell_runs", {}) if notebook is not None else {}
    unrunnable_cells(source, front.body_line, [t for t in tokens if _line(t) not in own], problems)
    if not env.get("frozen") and execution_wanted(data, notebook is not None):
        _note_policy()
        if _policy.enabled:
            _run(source, document, tokens, data, problems)
    mark_shown_text(tokens, env)


def _run(
    source: SourceFile,
    document: Any,
    tokens: Sequence[Token],
    data: Mapping[str, Any],
    problems: list[Diagnostic],
) -> None:
    """Run the document's Jupyter cells in one kernel (or take their outputs from the cache)
    and put their outputs where the renderer finds them."""
    env = document.env
    notebook = env.get("notebook_kernel")
    own = env.get("cell_runs", {}) if notebook is not None else None
    cells, knitr = _cells(tokens, env["cell_defaults"], data.get("engine"), own)
    if knitr:
        problems.append(
            warning(
                source.rel,
                knitr + document.front.body_line,
                "R cells are run by knitr, which quizsite cannot run: shown without output",
                "render the post with Quarto (execute: freeze: auto) and keep its _freeze/ "
                "folder: quizsite shows the frozen output",
            )
        )
    if not cells:
        return
    kernel = str(notebook) if notebook is not None else _kernel(data, cells)
    key = _key(kernel, cells)
    outputs = _load(key)
    if outputs is None:
        outputs = _execute(source, document.front.body_line, kernel, cells, problems)
        if outputs is None:
            return
        _save(key, outputs)
    from .codeblocks import CellRun

    runs = env.setdefault("cell_runs", {})
    for cell, cell_outputs in zip(cells, outputs, strict=True):
        stored = runs.get(cell.line)  # a notebook's cell keeps its number
        runs[cell.line] = CellRun(cell_outputs, number=stored.number if stored else None)


def _cells(
    tokens: Sequence[Token],
    defaults: Mapping[str, Any],
    engine: object,
    own: Container[int] | None,
) -> tuple[list[_Cell], int]:
    """The cells a Jupyter kernel runs (a notebook's: all its code cells, `own` by their
    lines, and nothing else), and the body line of the first cell knitr would run (0: none)."""
    notebook = own is not None
    from .cells import chunk_header, split_options
    from .markdown import code_language

    found: list[_Cell] = []
    knitr = 0
    for token in tokens:
        if not _runnable_fence(token, own):
            continue
        assert token.map is not None
        language, cell = code_language(token.info)
        if not cell:
            continue
        split = split_options(token.content)
        options = {**defaults, **chunk_header(token.info)[1], **split.options}
        if not notebook and (language.lower() in KNITR_LANGUAGES or engine == "knitr"):
            knitr = knitr or token.map[0] or 1
            continue
        if not notebook and language.lower() not in JUPYTER_LANGUAGES:
            continue  # `{ojs}`, `{mermaid}`, an extension's `{pyodide-python}`: not Jupyter's
        if options.get("eval", True) is False:
            continue
        found.append(_Cell(token.map[0], split.code, {**options, "language": language.lower()}))
    return found, knitr


class _ProjectLoader(yaml.SafeLoader):
    """YAML's safe loader, reading a tag Quarto gives meaning to (`!expr`) as nothing."""


_ProjectLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
# What a Quarto project's `_quarto.yml` sets for all its documents' code cells.
_PROJECT_KEYS = ("execute", "format", "engine", "jupyter")


def project_settings(source: SourceFile) -> Mapping[str, Any]:
    """The `execute:`, `format:`, `engine:` and `jupyter:` of the Quarto project's
    `_quarto.yml`, which every document takes under its own; noted as read, so that editing
    them parses the posts with code cells again."""
    if not source.quarto:
        return {}
    # Here: only a Quarto project's settings need it; () without a project file, read as {}.
    from .quarto_profiles import texts_read

    try:
        return dict(_project_keys(texts_read(source.root, read_input, input_exists)))
    except (OSError, UnicodeDecodeError):  # a profile's file: the config's to report
        return {}


@functools.lru_cache(maxsize=4)
def _project_keys(sources: Sources) -> Mapping[str, Any]:
    """The keys of `_PROJECT_KEYS` in a `_quarto.yml`, its profiles' files merged over it
    (their problems are config.py's to tell)."""
    from .quarto_profiles import construct, merged_node

    try:
        data = construct(merged_node(sources), _ProjectLoader)
    except (yaml.YAMLError, RecursionError, BuildFailed):
        return {}
    if not isinstance(data, dict):
        return {}
    return MappingProxyType({k: data[k] for k in _PROJECT_KEYS if k in data})


# Cells Quarto runs elsewhere than a Jupyter kernel or knitr, and why quizsite shows their code.
_BROWSER_ENGINES = {
    "ojs": "Observable JS cells run in the reader's browser with Observable's runtime",
    "pyodide": "Pyodide cells run Python in the reader's browser (a Quarto extension)",
    "webr": "webR cells run R in the reader's browser (a Quarto extension)",
    "shinylive": "Shinylive cells run a Shiny app in the reader's browser (a Quarto extension)",
}


def unrunnable_cells(
    source: SourceFile, offset: int, tokens: Sequence[Token], problems: list[Diagnostic]
) -> None:
    """A warning at the first cell of each kind that runs in the reader's browser (`{ojs}`,
    an extension's `{pyodide-python}`, `{webr-r}`) or through an extension's filter (a
    `{typst}` cell with `//|` options): its code is shown, without output, or nothing when
    it asks `echo: false`. (A cell of a language no engine runs and with no options,
    `{json}`, is code to Quarto too: no warning.)"""
    from .cells import split_options
    from .markdown import code_language

    seen: dict[str, list[int]] = {}
    hidden: set[str] = set()
    for token in tokens:
        if token.type != "fence" or token.map is None:
            continue
        language, cell = code_language(token.info)
        name = language.lower()
        # (`{mermaid}` and `{dot}` are diagrams by now, no longer fences.)
        if cell and (
            name.split("-", 1)[0] in _BROWSER_ENGINES or "-" in name or _filtered(name, token)
        ):
            seen.setdefault(name, []).append(token.map[0])
            if split_options(token.content).options.get("echo", True) is False:
                hidden.add(name)
    for name, lines in seen.items():
        why = _BROWSER_ENGINES.get(
            name.split("-", 1)[0],
            f"{{{name}}} cells with cell options are handled by a knitr engine or an extension",
        )
        count = f"{len(lines)} {{{name}}} cells" if len(lines) > 1 else f"a {{{name}}} cell"
        shown = "left out (echo: false)" if name in hidden else "shown as code, without output"
        problems.append(
            warning(
                source.rel,
                lines[0] + offset,
                f"{why}, which quizsite does not do: {count} {shown}",
                "keep them for Quarto, or show their result as an image or text",
            )
        )


def _runnable_fence(token: Token, own: Container[int] | None) -> bool:
    """Whether a token is a fence a kernel may run: not an embedded cell (another notebook's,
    shown with its stored outputs), and in a notebook one of its own code cells (a fence in
    a raw or Markdown cell is shown, not run)."""
    if token.type != "fence" or token.map is None or "cell_run" in token.meta:
        return False
    return own is None or token.map[0] in own


def _line(token: Token) -> int | None:
    """A token's first body line (None when it has none)."""
    return token.map[0] if token.map is not None else None


def _filtered(name: str, token: Token) -> bool:
    """Whether a cell no engine runs carries cell options (`//| label: fig-x`): options are
    read by whatever runs it, here an extension's filter (`{typst}` made into a figure)."""
    if name in JUPYTER_LANGUAGES or name in KNITR_LANGUAGES or name in _BROWSER_ENGINES:
        return False
    from .cells import opens_with_options, split_options

    return opens_with_options(token.content) and bool(split_options(token.content).options)


def _kernel(front: Mapping[str, Any], cells: Sequence[_Cell]) -> str:
    """The kernel named by `jupyter:` (a name or a kernelspec), else by the cells' language."""
    named = front.get("jupyter")
    if isinstance(named, str) and named.strip():
        return named.strip()
    if isinstance(named, Mapping):
        spec = named.get("kernelspec")
        if isinstance(spec, Mapping) and isinstance(spec.get("name"), str):
            return str(spec["name"])
    language = str(cells[0].options.get("language", "python"))
    if language in _KERNELS:
        return _KERNELS[language]
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().get_all_specs()
    except Exception:  # no jupyter_client: _execute says what to install
        return language
    found = sorted(n for n, s in specs.items() if s["spec"].get("language", "").lower() == language)
    return found[-1] if found else language


def _key(kernel: str, cells: Sequence[_Cell]) -> str:
    """The cache key of a post's run: its kernel, and each cell's code and options."""
    payload = json.dumps(
        [kernel, [[c.code, dict(c.options)] for c in cells]], sort_keys=True, default=str
    )
    return hashlib.blake2b(payload.encode(), digest_size=16).hexdigest()


def _marker(cache_dir: Path) -> Path:
    """The file that is there while builds run no code (see `_note_policy`)."""
    return cache_dir / "execute" / "disabled"


def _set_marker(policy: Policy) -> None:
    """Make the marker say whether this build runs code; a build that runs code (the default)
    writes nothing."""
    if policy.cache_dir is None:
        return
    marker = _marker(policy.cache_dir)
    try:
        if not policy.enabled and not marker.is_file():
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_bytes(b"yes\n")
        elif policy.enabled and marker.is_file():
            marker.unlink()
    except OSError:
        pass  # an unwritable cache folder: posts are then not parsed again when it changes


def _note_policy() -> None:
    """Note the marker as a file the parse read: a post parsed with execution off
    (`--no-execute`) is parsed again, its cells run, once a build runs code, and back."""
    if _policy.cache_dir is not None and input_exists(_marker(_policy.cache_dir)):
        read_input(_marker(_policy.cache_dir))


def _load(key: str) -> list[list[dict[str, Any]]] | None:
    """The outputs kept for `key`, or None; noted as read, so that clearing them runs the
    cells again."""
    if _policy.cache_dir is None:
        return None
    path = _policy.cache_dir / "execute" / f"{key}.json"
    try:
        if not input_exists(path):
            return None
        data = json.loads(read_input(path).decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, list) else None


def _save(key: str, outputs: list[list[dict[str, Any]]]) -> None:
    """Keep the outputs of a run for the next build (written whole, then renamed in)."""
    if _policy.cache_dir is None:
        return
    folder = _policy.cache_dir / "execute"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(outputs).encode()
        write_atomically(folder / f"{key}.json", lambda file: file.write(text))
        read_input(folder / f"{key}.json")  # noted as read: the next build keeps this parse
    except OSError:
        pass  # the cache is an optimisation: the next build runs the cells again


def _execute(
    source: SourceFile,
    offset: int,
    kernel: str,
    cells: Sequence[_Cell],
    problems: list[Diagnostic],
) -> list[list[dict[str, Any]]] | None:
    """Run the cells in one kernel, in order; None (and an error in `problems`) on failure."""
    import subprocess

    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError as exc:
        problems.append(
            error(source.rel, 1, f"this post has code to run, but {exc.name} is missing", _INSTALL)
        )
        return None
    notebook = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    notebook.cells = [nbformat.v4.new_code_cell(c.code) for c in cells]  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook,
        kernel_name=kernel,
        timeout=_policy.timeout,
        allow_errors=True,
        resources={"metadata": {"path": str(source.path.parent)}},
    )
    try:
        # The kernel's own log lines (its transport warning) are not the post's output.
        with client.setup_kernel(stderr=subprocess.DEVNULL):
            if not _run_each(client, notebook, cells, source, offset, problems):
                return None
    except Exception as exc:
        problem = _kernel_problem(exc, kernel)
        if problem is None:
            raise
        problems.append(error(source.rel, 1, *problem))
        return None
    return [[dict(output) for output in cell.outputs] for cell in notebook.cells]


def _run_each(
    client: Any,
    notebook: Any,
    cells: Sequence[_Cell],
    source: SourceFile,
    offset: int,
    problems: list[Diagnostic],
) -> bool:
    """Run the cells in the started kernel; False (with an error at the cell) when one ran
    out of time or raised where errors are not allowed."""
    from nbclient.exceptions import CellTimeoutError

    for index, cell in enumerate(cells):
        line = cell.line + offset
        try:
            client.execute_cell(notebook.cells[index], index)
        except CellTimeoutError:
            problems.append(
                error(
                    source.rel,
                    line,
                    f"this cell ran longer than {_policy.timeout} s and was stopped",
                    "make it faster, or raise execute_timeout in quizsite.toml",
                )
            )
            return False
        if _failed(notebook.cells[index], cell, source, line, problems):
            return False
    return True


def _kernel_problem(exc: Exception, kernel: str) -> tuple[str, str] | None:
    """What went wrong starting or keeping the kernel, as a message and hint; None for an
    exception that is not about the kernel."""
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient.exceptions import DeadKernelError

    if isinstance(exc, NoSuchKernel):
        return (
            f"this post's code needs the Jupyter kernel {kernel!r}, which is not installed",
            "install it (for Python: pip install ipykernel && python -m ipykernel install "
            "--user), or name an installed one (jupyter: in the front matter, or the "
            "notebook's kernelspec)",
        )
    if isinstance(exc, DeadKernelError):
        return f"the kernel {kernel!r} died: {exc}", _INSTALL
    if isinstance(exc, OSError | RuntimeError):  # the kernel's program or folder is missing
        return f"cannot start the Jupyter kernel {kernel!r}: {exc}", _INSTALL
    return None


def _failed(
    cell: Any, wanted: _Cell, source: SourceFile, line: int, problems: list[Diagnostic]
) -> bool:
    """True (with an error) when the cell raised and its options do not allow errors."""
    for output in cell.outputs:
        if output.get("output_type") == "error" and wanted.options.get("error") is not True:
            problems.append(
                error(
                    source.rel,
                    line,
                    f"this cell raised {output.get('ename')}: {output.get('evalue')}",
                    "fix the code, or add #| error: true to show the error on the page",
                )
            )
            return True
    return False
