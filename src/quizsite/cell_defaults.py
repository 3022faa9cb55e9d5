"""The cell options a document sets for all its cells (`execute:`, `format: html:` code-display
keys), and whether its code is due to run: read for every document, apart from cells.py's
option readers, which only a document with code cells loads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Execution options a document may set for all its cells, under `execute:` (Quarto's place) or
# at the top level (R Markdown habit, and Quarto accepts it).
EXECUTE_KEYS = ("echo", "eval", "output", "include", "warning", "error")
_DISPLAY_KEYS = ("code-fold", "code-summary", "fig-align")
# Languages Quarto runs with knitr rather than a Jupyter kernel.
KNITR_LANGUAGES = frozenset({"r", "rcpp", "stan", "sql", "bash"})


def document_defaults(front: Mapping[str, Any]) -> dict[str, Any]:
    """The cell options a document sets for all its cells (`execute:`, `format: html:`)."""
    found: dict[str, Any] = {}
    for key in (*EXECUTE_KEYS, *_DISPLAY_KEYS):
        if key in front:
            found[key] = front[key]
    execute = front.get("execute")
    if isinstance(execute, Mapping):
        found.update({k: execute[k] for k in EXECUTE_KEYS if k in execute})
    fmt = front.get("format")
    html = fmt.get("html") if isinstance(fmt, Mapping) else None
    if isinstance(html, Mapping):
        found.update({k: html[k] for k in _DISPLAY_KEYS if k in html})
    return found


def execution_wanted(front: Mapping[str, Any], notebook: bool = False) -> bool:
    """Whether the document's code is due to run, as Quarto decides: a `.qmd` unless
    `execute: enabled: false` or `freeze` says otherwise; a notebook only when `execute:
    enabled: true` asks for it (its stored outputs are shown otherwise), and then under the
    same `freeze` rule."""
    execute = front.get("execute")
    settings: Mapping[str, Any] = execute if isinstance(execute, Mapping) else {}
    if settings.get("enabled") is not True if notebook else settings.get("enabled") is False:
        return False
    return settings.get("freeze") not in (True, "auto")
