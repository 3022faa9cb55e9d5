"""A Quarto project's `_quarto.yml`: the site settings quizsite takes from it (title, site-url,
navbar, output-dir), the documents it renders (`project.render`), and the metadata it gives
every document (top-level keys and `format: html:`)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .errors import BuildFailed, Diagnostic, error, warning
from .metadata import Layer, load_metadata, rooted_files
from .paths import read_site_text
from .patterns import compile_later
from .quarto_names import (
    FLATTEN,
    QUARTO_NAME,
    SURROGATE,
    MenuItem,
    MenuLeaf,
    Origin,
    Sources,
    place,
)
from .sources import FrontMatter, SourceFile, input_exists, nesting_problem, read_input

T = TypeVar("T")

# quizsite key -> where Quarto keeps it, most specific first.
_QUARTO_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "title": (("website", "title"), ("title",)),
    "description": (("website", "description"),),
    "base_url": (("website", "site-url"),),
    "language": (("lang",),),
    "output_dir": (("project", "output-dir"),),
    "favicon": (("website", "favicon"),),
    "navbar_logo": (("website", "navbar", "logo"),),
    "site_path": (("website", "site-path"),),
}


def compose(text: str, name: str = QUARTO_NAME) -> yaml.Node | None:
    """The YAML node tree of the project's file named `name` (or of a profile's), or
    BuildFailed at the line to fix; each node's marks name the file (`place`).

    Composing builds no Python objects, so tags Quarto allows (such as `!expr`) and any other
    custom tag are harmless: only the scalars quizsite reads are ever looked at."""
    if (deep := nesting_problem(text)) is not None:  # checked without recursing, quickly
        raise BuildFailed([error(name, deep + 1, "nested too deeply", FLATTEN)])
    from .yaml_tabs import yaml_source  # here: only a Quarto project's files need it

    loader = yaml.SafeLoader(yaml_source(text))
    loader.name = name  # what each mark names: the file a warning at the node points to
    try:
        return loader.get_single_node()
    except yaml.YAMLError as exc:
        raise BuildFailed([_yaml_problem(exc, name)]) from None
    except RecursionError:  # the composer recurses: thousands of nested `[` or `-`
        raise BuildFailed([error(name, None, "nested too deeply", FLATTEN)]) from None
    finally:
        loader.dispose()


def read_quarto(
    path: Path,
) -> tuple[dict[str, Any], dict[str, Origin], list[Diagnostic]]:
    """quizsite settings taken from the project's file at `path` (with the active profiles'
    files and the local one merged over it): values, where each was found, and problems."""
    from .quarto_env import dotenv_profile, file_environment
    from .quarto_profiles import local_text, profiles_of, project_node

    text = read_site_text(path, path.parent)
    document = project_node(path.parent, text, path.name)
    values: dict[str, Any] = {}
    origins: dict[str, Origin] = {}
    problems: list[Diagnostic] = []
    if document is None:
        return values, origins, problems
    if not isinstance(document, yaml.MappingNode):
        file, line = place(document)
        problems.append(
            error(
                file,
                line,
                f"{file} must be a set of `key: value` lines",
                "for example: website: then an indented title: ...",
            )
        )
        return values, origins, problems
    _scalar_settings(document, values, origins, problems)
    navbar = lookup(document, ("website", "navbar"))
    if navbar is not None:
        menu, menu_problems = quarto_menu(navbar, origins)
        if menu:
            values["menu"] = menu
        problems.extend(menu_problems)
    if "{{<" in str(values):  # a value reads another key: `{{< meta version >}}`
        _resolve_settings(values, path, document, problems)
    if isinstance(values.get("title"), str):
        from .quiz import title_text  # here: quiz imports markdown, which reads this module

        values["title"] = title_text(values["title"])  # Markdown, as Quarto reads it
    render = _render_list(document, problems)
    if render:
        values["render"] = render
    if profiles := profiles_of(text, local_text(path.parent), dotenv_profile(path.parent)):
        values["profiles"] = profiles
    problems.extend(file_environment(path.parent, profiles).problems)
    return values, origins, problems


def _scalar_settings(
    document: yaml.MappingNode,
    values: dict[str, Any],
    origins: dict[str, Origin],
    problems: list[Diagnostic],
) -> None:
    """The text settings (title, site-url, lang, ...) at the first place Quarto keeps each."""
    for key, places in _QUARTO_KEYS.items():
        for keys in places:
            node = lookup(document, keys)
            if node is None or node.tag == "tag:yaml.org,2002:null":
                continue
            where = place(node)
            name = ".".join(keys)
            if not isinstance(node, yaml.ScalarNode):
                problems.append(error(*where, f"'{name}' must be text", f'{keys[-1]}: "..."'))
            elif SURROGATE.search(node.value):
                problems.append(
                    error(
                        *where,
                        f"'{name}' holds an escape that is no character (\\uD800-\\uDFFF)",
                        "write the character itself, or a \\U escape of its code point",
                    )
                )
            elif node.value.strip():
                values[key] = node.value.strip()
                origins[key] = where
            break


def _resolve_settings(
    values: dict[str, Any], path: Path, document: yaml.Node, problems: list[Diagnostic]
) -> None:
    """Shortcodes in the settings quizsite shows (title, description, navbar items), as
    Quarto resolves them there: `meta` reads `_quarto.yml`'s own keys (`version`,
    `website.title`, or under `format: html:`), `var` the project's `_variables.yml`. One that
    cannot be resolved is left out with a warning, never shown as written."""
    from .metadata_shortcodes import project_variables, resolve_value_shortcodes
    from .quarto_env import env_lookup
    from .quarto_profiles import construct
    from .shortcode_values import dig as _dig

    raw = read_site_text(path, path.parent)
    loaded = construct(document, _Lenient)
    meta = loaded if isinstance(loaded, dict) else {}
    html = _dig(meta, "format.html")
    sources = (meta, html if isinstance(html, dict) else {})
    variables = project_variables(path.parent)
    env = env_lookup(path.parent)  # the settings are read again by every build: not noted

    def report(code: str, name: str) -> None:
        at = raw.find(code)
        line = raw.count("\n", 0, at) + 1 if at >= 0 else None
        problems.append(_setting_shortcode_problem(code, name, path, line))

    def resolve(text: str) -> str:
        return resolve_value_shortcodes(text, sources, variables, report, env=env)

    for key in ("title", "description"):
        if isinstance(values.get(key), str) and "{{<" in values[key]:
            values[key] = resolve(values[key])

    if "menu" in values:
        values["menu"] = tuple(
            (
                resolve(text),
                resolve(href),
                icon,
                side,
                tuple((resolve(t), resolve(h), i, s) for t, h, i, s in entries),
            )
            for text, href, icon, side, entries in values["menu"]
        )


def _setting_shortcode_problem(code: str, name: str, path: Path, line: int | None) -> Diagnostic:
    """Why a shortcode in a setting of the project's file at `path` was left out."""
    from .metadata_shortcodes import shortcode_left_out

    return warning(path.name, line, *shortcode_left_out(code, name, path.name, path.parent))


def _render_list(document: yaml.MappingNode, problems: list[Diagnostic]) -> tuple[str, ...]:
    """`project.render`: the globs of the documents to render (`!` ones left out)."""
    node = lookup(document, ("project", "render"))
    if node is None or node.tag == "tag:yaml.org,2002:null":
        return ()
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if not all(isinstance(item, yaml.ScalarNode) for item in items):
        problems.append(
            error(
                *place(node),
                "'project.render' must be a list of file names or patterns",
                'for example: render: ["*.qmd", "!drafts/"]',
            )
        )
        return ()
    return tuple(str(item.value).strip() for item in items if str(item.value).strip())


def lookup(node: yaml.Node, place: tuple[str, ...]) -> yaml.Node | None:
    """The value node at a path of mapping keys; the last of duplicate keys wins, as in YAML."""
    for name in place:
        if not isinstance(node, yaml.MappingNode):
            return None
        found = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == name]
        if not found:
            return None
        node = found[-1]
    return node


def _yaml_problem(exc: yaml.YAMLError, name: str) -> Diagnostic:
    """`_quarto.yml:LINE: error: invalid YAML: ...` (the file `name`), at the line to fix."""
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    # An unclosed quote is found lines later; where the quote began is the line to fix. For
    # anything else (a bad indent) the enclosing mapping began far above the mistake.
    marks = ("context_mark", "problem_mark") if "scalar" in context else ("problem_mark",)
    mark = next((m for name in marks if (m := getattr(exc, name, None)) is not None), None)
    if context:
        problem = f"{problem} {context}"
    return error(
        name,
        mark.line + 1 if mark is not None else None,
        f"invalid YAML: {problem}",
        'check the indentation, and quote values that contain a colon: title: "A: B"',
    )


# ------------------------------------------------------------------------------------------------
# The navbar


def quarto_menu(
    navbar: yaml.Node, origins: dict[str, Origin]
) -> tuple[tuple[MenuItem, ...], list[Diagnostic]]:
    """The navbar's `left` and `right` items: a document path alone (`about.qmd`), a mapping
    with `text`, `href`, `icon` (Quarto's), or a dropdown (`text`/`icon` and a `menu:` of
    such items); anything else is a warning. Where each icon is named goes into `origins`
    (as `icon NAME`)."""
    from .menu_icons import icon_shortcodes  # here: only a navbar has items

    items: list[MenuItem] = []
    problems: list[Diagnostic] = []
    for side in ("left", "right"):
        node = lookup(navbar, (side,))
        if node is None or not isinstance(node, yaml.SequenceNode):
            continue
        for entry in node.value:
            where = place(entry)
            fields = _menu_fields(entry)
            menu = lookup(entry, ("menu",)) if isinstance(entry, yaml.MappingNode) else None
            if isinstance(menu, yaml.SequenceNode) and (fields.get("text") or fields.get("icon")):
                # An icon shortcode is the item's icon; others are resolved or warned of with
                # the settings (`_resolve_settings`).
                text, _, icon, _ = icon_shortcodes(_leaf(fields, side))
                entries = tuple(_menu_entries(menu, side, origins, problems))
                items.append((text, "", icon, side, entries))
            elif fields.get("href"):
                text, href, icon, _ = icon_shortcodes(_leaf(fields, side))
                items.append((text, href, icon, side, ()))
            else:  # a `sidebar:` link, a menu with nothing to open it by: not shown
                problems.append(_no_href(where, "`text:` and a `menu:` of items"))
                continue
            origins.setdefault(f"icon {icon}", where)
    return tuple(items), problems


def _menu_entries(
    menu: yaml.SequenceNode, side: str, origins: dict[str, Origin], problems: list[Diagnostic]
) -> list[MenuLeaf]:
    """A dropdown's entries: links as the navbar's own, headings (text alone) and separators
    (`text: "---"`); an entry with neither text nor href is a warning."""
    from .menu_icons import icon_shortcodes  # here: only a navbar has items

    entries: list[MenuLeaf] = []
    for entry in menu.value:
        where = place(entry)
        fields = _menu_fields(entry)
        if fields.get("text", "").startswith("---"):
            entries.append(("---", "", "", side))
        elif fields.get("href") or fields.get("text") or fields.get("icon"):
            entry_leaf = icon_shortcodes(_leaf(fields, side))  # others: as in `quarto_menu`
            entries.append(entry_leaf)
            origins.setdefault(f"icon {entry_leaf[2]}", where)
        else:
            problems.append(_no_href(where, "an href (and text)"))
    return entries


def _menu_fields(entry: yaml.Node) -> dict[str, str]:
    """A navbar entry's text, href (or its aliases `file` and `url`, as Quarto's schema has
    them) and icon: a document path alone is its href."""
    if isinstance(entry, yaml.ScalarNode):
        return {"href": entry.value.strip()}
    fields = {
        name: value.value.strip()
        for name in ("text", "href", "icon", "file", "url")
        if isinstance(value := lookup(entry, (name,)), yaml.ScalarNode)
    }
    fields["href"] = fields.get("href") or fields.pop("file", "") or fields.pop("url", "")
    return fields


def _leaf(fields: dict[str, str], side: str) -> MenuLeaf:
    """A navbar entry's fields as (text, href, icon, side)."""
    return (fields.get("text", ""), fields.get("href", ""), fields.get("icon", ""), side)


def _no_href(where: tuple[str, int], hint: str) -> Diagnostic:
    """A navbar entry (at `where`) that links nowhere and opens nothing."""
    return warning(
        *where,
        "this navbar item has no href (nor text or icon for a menu); it is left out of the menu",
        f"give it {hint}",
    )


_VALUE_SHORTCODES = frozenset({"meta", "var"})  # a value of the project's, not an icon


# ------------------------------------------------------------------------------------------------
# project.render: which documents are rendered


def render_filter(globs: tuple[str, ...], root: Path) -> Callable[[str], bool] | None:
    """Whether a document (its path from the root, POSIX style) is one `project.render`
    names, read as Quarto reads it: a pattern matches at any depth (`*.qmd` is `**/*.qmd`)
    unless it starts with `/`, a folder (`posts`, `drafts/`) means everything in it, a plain
    name only itself, and `!` leaves out what it matches. None when every document renders."""
    if not globs:
        return None
    from wcmatch import glob  # only a project naming its documents pays for the import

    flags = glob.GLOBSTAR | glob.DOTGLOB | glob.BRACE | glob.EXTGLOB
    include: list[str] = []
    exclude: list[str] = []
    for pattern in globs:
        if pattern.startswith("!"):
            exclude.append(_full_glob(pattern[1:], root, glob.is_magic(pattern[1:], flags=flags)))
        else:
            pattern = pattern.removeprefix("\\")
            include.append(_full_glob(pattern, root, glob.is_magic(pattern, flags=flags)))

    def renders(rel: str) -> bool:
        """Whether the document at `rel` is rendered."""
        if not glob.globmatch(rel, include, flags=flags):
            return False
        return not exclude or not glob.globmatch(rel, exclude, flags=flags)

    return renders


def rendered(
    items: list[T], path_of: Callable[[T], str], render: tuple[str, ...], root: Path
) -> list[T]:
    """The documents (`items`, each at `path_of(item)`) that `project.render` names; all of
    them when it names none."""
    renders = render_filter(render, root)
    if renders is None:
        return items
    prefix = str(root).rstrip("/") + "/"
    return [item for item in items if renders(path_of(item).removeprefix(prefix))]


def _full_glob(pattern: str, root: Path, smart: bool) -> str:
    """A render pattern as a pattern over paths from the root (see `render_filter`); `smart`:
    it holds wildcards, and so matches at any depth."""
    while pattern.startswith("./"):  # `./files/**`: from the project's folder, as Quarto reads it
        pattern = pattern[2:]
    if pattern.endswith("/") or (root / pattern.lstrip("/")).is_dir():
        pattern = pattern.rstrip("/") + "/**/*"
    if pattern.startswith("/"):
        return pattern[1:]
    return "**/" + pattern if smart else pattern


# ------------------------------------------------------------------------------------------------
# Project metadata: what `_quarto.yml` gives every document

# The project's document metadata: its keys, the line of each, and the project file's name.
ProjectLayer = tuple[dict[str, Any], dict[str, int], str]
# Keys of `_quarto.yml` that configure the project, not its documents.
_PROJECT_ONLY = frozenset({"project", "website", "book", "manuscript", "profile", "filters"})


def metadata_layers(source: SourceFile) -> list[Layer] | Diagnostic:
    """The metadata layers above a document, outermost first: the project's (`_quarto.yml`,
    in a Quarto blog), then each `_metadata.yml` from the root down; or the error of one."""
    layers: list[Layer] = []
    if source.quarto:
        project = project_metadata(source.root)
        if project is not None:
            layers.append((*project, ""))
    for rel, text in source.metadata:
        loaded = load_metadata(rel, text, source.root)
        if isinstance(loaded, Diagnostic):
            return loaded
        layers.append((*loaded, rel, posixpath.dirname(rel)))
    return layers


def project_metadata(root: Path) -> ProjectLayer | None:
    """The metadata the project's file gives every document, the line of each key, and the
    file's name; None when there is none. Read through `read_input`, so a parse depending on
    it is redone when it changes."""
    from .quarto_profiles import texts_read

    try:  # no project file: no sources, and no layer
        return _project_layer(texts_read(root, read_input, input_exists))
    except (OSError, UnicodeDecodeError, BuildFailed):
        return None  # the config's reading of the same files reports what is wrong


@lru_cache(maxsize=4)
def _project_layer(sources: Sources) -> ProjectLayer | None:
    """The project file's document metadata (its profiles' and the local file's merged over
    it), read once per version of the files."""
    from .quarto_profiles import construct, merged_node

    node = merged_node(sources)
    if not isinstance(node, yaml.MappingNode):
        return None
    loaded = construct(node, _Lenient)
    if not isinstance(loaded, dict):
        return None
    layer = {k: v for k, v in loaded.items() if isinstance(k, str) and k not in _PROJECT_ONLY}
    layer = rooted_files(layer, "")  # its theme and include files, from the root (metadata.py)
    lines = {
        str(key.value): key.start_mark.line + 1
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    html = lookup(node, ("format", "html"))
    if isinstance(html, yaml.MappingNode):
        for key, _ in html.value:
            if isinstance(key, yaml.ScalarNode):
                lines[str(key.value)] = key.start_mark.line + 1
    return layer, lines, sources[0][0]


class _Lenient(yaml.SafeLoader):
    """The safe loader, reading Quarto's own tags (`!expr`) as plain text."""


_Lenient.add_multi_constructor("!", lambda loader, suffix, node: getattr(node, "value", None))


_H1 = compile_later(r"^# +(.+?)(?: +#+)? *(?:\{[^}]*\})? *$")
_FENCE_LINE = compile_later(r"^ {0,3}(```|~~~)")


def heading_title(body: str) -> tuple[str, int] | None:
    """An untitled document's first level-1 heading (its text and 0-based body line), which
    Quarto makes the title of a notebook without one (the heading then leaves the body);
    None when there is none."""
    fenced = False
    for number, line in enumerate(body.split("\n")):
        if _FENCE_LINE.match(line):
            fenced = not fenced
        elif not fenced and (match := _H1.match(line)):
            # The title is text: code and emphasis marks of the heading are left out.
            title = re.sub(r"`+|\*\*|__", "", match.group(1)).strip()
            if title:  # an empty `#` (a slide break in a deck) names nothing
                return title, number
    return None


def titled_by_heading(
    rel: str, front: FrontMatter, data: dict[str, Any], origins: dict[str, tuple[str, int]]
) -> tuple[FrontMatter, dict[str, Any]]:
    """An untitled Quarto post titled by its first heading, as a notebook is (the heading
    leaves the body, its line kept blank so the lines keep their numbers); as it was when
    it has none (the missing title is then an error)."""
    heading = heading_title(front.body)
    if heading is None:
        return front, data
    origins["title"] = (rel, front.body_line + heading[1])
    lines = front.body.split("\n")
    lines[heading[1]] = ""
    return front._replace(body="\n".join(lines)), {**data, "title": heading[0]}
