"""`{{< meta key >}}`, `{{< var key >}}` and `{{< env NAME fallback >}}` in metadata values:
`_quarto.yml`'s settings (quarto_project.py) and a document's title, subtitle, description
and authors, resolved as Quarto resolves them there; any other shortcode in a value is left
out with a warning."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .paths import read_site_text
from .patterns import compile_later
from .quarto_names import variables_file, variables_name
from .sources import SourceFile

# `{{< meta key >}}` / `{{< var key >}}` in a value, and any other shortcode.
SHORTCODE = compile_later(r"\{\{<\s*(?P<name>[\w-]+)(?P<args>[^>]*?)\s*>\}\}")
# The document keys whose text is shown (in the page's head, on cards, in the byline).
_FRONT_TEXT_KEYS = ("title", "subtitle", "description", "image-alt", "author")


def resolve_value_shortcodes(
    text: str,
    metas: tuple[Any, ...],
    variables: Any,
    report: Callable[[str, str], None],
    depth: int = 0,
    env: Callable[[str], str | None] | None = None,
) -> str:
    """`text` (a metadata value) with `{{< meta key >}}` read from the first of `metas` that
    has the key, `{{< var key >}}` from `variables` and `{{< env NAME fallback >}}` through
    `env` (quarto_env.env_lookup); a value holding shortcodes is resolved in turn, a few
    levels deep. Any other shortcode, or one naming nothing, is `report`ed (its text and
    name) and left out."""
    from .shortcode_values import as_text as _as_text
    from .shortcode_values import dig as _dig

    def value(match: re.Match[str]) -> str:
        name, key = match["name"], match["args"].strip().strip("\"'")
        if name == "env" and env is not None:  # the environment's text, as it is
            shown = env_text(match["args"], env)
            if shown is None:
                report(match.group(0), name)
            return shown or ""
        found = None
        if name in ("meta", "var") and key:
            for data in (variables,) if name == "var" else metas:
                if (found := _dig(data, key)) is not None:
                    break
        shown = _as_text(found) if found is not None else None
        if shown is None or (depth >= 4 and "{{<" in shown):
            report(match.group(0), name)
            return ""
        if "{{<" in shown:
            return resolve_value_shortcodes(shown, metas, variables, report, depth + 1, env)
        return shown

    return SHORTCODE.sub(value, text).strip()


def env_text(args: str, env: Callable[[str], str | None]) -> str | None:
    """An env shortcode's value: the variable its arguments name, else their fallback (None
    when it names none, or an unset one without a fallback)."""
    import shlex  # here: only a value with an env shortcode splits one

    try:
        words = shlex.split(args)
    except ValueError:  # an unclosed quote: its words as written
        words = args.split()
    if not words:
        return None
    found = env(words[0])
    return found if found is not None or len(words) < 2 else words[1]


def resolve_front_shortcodes(
    source: SourceFile, data: dict[str, Any], warn: Callable[[str, str, str], None]
) -> dict[str, Any]:
    """A document's text keys (title, subtitle, description, image-alt, author) with `{{< meta >}}`
    and `{{< var >}}` resolved, as Quarto resolves them in a title; any other shortcode there
    is left out with a warning at the key's line (`warn(key, message, hint)`)."""
    keys = [k for k in _FRONT_TEXT_KEYS if k in data and "{{<" in str(data[k])]
    if not keys:
        return data
    from .quarto_env import env_lookup
    from .reads import input_exists, read_input

    variables = project_variables(source.root)
    env = env_lookup(source.root, read_input, input_exists)  # read as the parse's, noted
    resolved = dict(data)
    for key in keys:

        def report(code: str, name: str, key: str = key) -> None:
            warn(key, *shortcode_left_out(code, name, "the document's metadata", source.root))

        def each(value: Any) -> Any:
            """The value with every text in it resolved (an author list's names too)."""
            if isinstance(value, str):
                return resolve_value_shortcodes(value, (data,), variables, report, env=env)
            if isinstance(value, list):
                return [each(item) for item in value]
            if isinstance(value, dict):
                return {k: each(v) for k, v in value.items()}
            return value

        resolved[key] = each(data[key])
    return resolved


def project_variables(root: Path) -> Any:
    """The project's `_variables.yml` (else `_variables.yaml`), {} when it has none or it
    cannot be read (the pages' own `{{< var >}}` report that)."""
    from .yaml_tabs import yaml_source  # here: only a Quarto project's settings need it

    path = variables_file(root, Path.is_file)
    try:
        return yaml.safe_load(yaml_source(read_site_text(path, root))) or {} if path else {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}


def shortcode_left_out(
    code: str, name: str, meta_source: str, root: Path | None = None
) -> tuple[str, str]:
    """The message and hint for a shortcode in a metadata value that was left out (`root`:
    the project's, whose variables file a `var` names)."""
    if name == "env":
        return (
            f"{code} names an environment variable that is not set; left out",
            "set it (or in _environment), or give the shortcode a fallback: "
            "{{< env NAME fallback >}}",
        )
    if name in ("meta", "var"):
        source = (
            meta_source if name == "meta" else variables_name(root) if root else "_variables.yml"
        )
        return (
            f"{code} names no value in {source}; left out",
            f"give {source} the key it names, or write the text itself",
        )
    return (
        f"{code} in a metadata value cannot be shown; left out",
        "only {{< meta key >}}, {{< var key >}} and {{< env NAME >}} are resolved in metadata "
        "values",
    )
