"""`{{< var >}}`, `{{< meta >}}` and `{{< env >}}` in `_quarto.yml`'s page footer, resolved before its
Markdown is read, as Quarto resolves them there: a link such as
`[{{< var orcid >}}](https://orcid.org/{{< var orcid >}})` is then a link, never shown as
`[](…)`. Other shortcodes (an extension's icons) are left to the footer's reading."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from .errors import Diagnostic, warning
from .metadata_shortcodes import SHORTCODE, env_text, project_variables, shortcode_left_out
from .quarto_names import project_name
from .quarto_project import _Lenient


def resolve_footer_values(
    root: Path, project: yaml.Node | None, footer: yaml.Node, problems: list[Diagnostic]
) -> None:
    """Resolve `var`, `meta` and `env` shortcodes in every text of the footer's nodes, in place
    (they were composed for this read alone); one naming nothing is left out with a warning
    at its line."""
    scalars = list(_scalars(footer))
    if not any("{{<" in node.value for node in scalars):
        return
    from .quarto_env import env_lookup
    from .shortcode_values import as_text as _as_text
    from .shortcode_values import dig as _dig

    variables = project_variables(root)
    env = env_lookup(root)
    from .quarto_profiles import construct

    try:
        loaded = construct(project, _Lenient)
    except yaml.YAMLError:  # reported where the settings are read
        loaded = {}
    meta = loaded if isinstance(loaded, dict) else {}
    html = _dig(meta, "format.html")
    metas = (meta, html if isinstance(html, dict) else {})
    # `meta` reads the project's settings, named by its file (`_quarto.yml` or `_quarto.yaml`).
    source = project.start_mark.name if project is not None else project_name(root)
    for node in scalars:
        # A block scalar (`left: |`) starts on the line after its key's.
        first = node.start_mark.line + 1 + (node.style in ("|", ">"))

        def value(match: re.Match[str], node: yaml.ScalarNode = node, first: int = first) -> str:
            """One shortcode's text: its value, or (an icon's) the shortcode as written."""
            name, key = match["name"], match["args"].strip().strip("\"'")
            if name not in ("var", "meta", "env"):
                return match.group(0)
            if name == "env":
                shown = env_text(match["args"], env)
            else:
                sources = (variables,) if name == "var" else metas
                found = next((v for d in sources if (v := _dig(d, key)) is not None), None)
                shown = _as_text(found) if found is not None else None
            if shown is None:
                why = shortcode_left_out(match[0], name, source, root)
                line = first + node.value.count("\n", 0, match.start())
                problems.append(warning(node.start_mark.name, line, *why))
                return ""
            return shown

        node.value = SHORTCODE.sub(value, node.value)


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    """Every text node below `node`."""
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.MappingNode):
        for _, item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
