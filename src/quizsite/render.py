"""Render the pages whose view changed since they were last rendered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from .errors import BuildFailed, Diagnostic
from .templates import render_page
from .views import Page

Context = Mapping[str, Any]


def render_pages(
    env: jinja2.Environment,
    root: Path,
    pages: Iterable[Page],
    previous: Mapping[str, Context],
) -> tuple[dict[str, Context], dict[str, bytes]]:
    """Render the pages whose view changed since `previous` (path -> the view it was rendered from).

    Returns the view of each page given, and the bytes of the pages rendered now. Template
    problems become diagnostics at the template's line.
    """
    contexts: dict[str, Context] = {}
    fresh: dict[str, bytes] = {}
    problems: dict[str, Diagnostic] = {}
    for page in pages:
        contexts[page.path] = page.context
        before = previous.get(page.path)
        if before is page.context or before == page.context:  # mostly the very same view
            continue
        try:
            fresh[page.path] = render_page(env, root, page)
        except BuildFailed as failure:
            for problem in failure.diagnostics:
                problems.setdefault(problem.format(), problem)
    if problems:
        raise BuildFailed(problems.values())
    return contexts, fresh
