"""What a document needs before its Markdown is parsed: includes pasted in, and the `env` its
shortcodes and citations read (front matter, `_variables.yml`, bibliography and style).

`prepare_body` is all `parse.py` calls; `Prepared.diagnostics` then places every problem the
Markdown rules found at its file and line (an included file's own, for included text).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml

from .citations import CITATIONS_KEY, citation_diagnostics
from .errors import BuildFailed, Diagnostic, error, warning
from .fenced_divs import QUARTO_KEY, body_diagnostics
from .line_maps import LineMap
from .marks import holds
from .quarto_names import Sources, project_name, variables_file
from .shortcodes import (
    META_KEY,
    VARIABLES_KEY,
    VARIABLES_NAME_KEY,
    resolve_in_destinations,
    shortcode_diagnostics,
)
from .sources import FrontMatter, SourceFile, front_matter_lines, input_exists, read_input
from .ui_words import WORDS_KEY, document_words

if TYPE_CHECKING:
    from .bibliography import Library
    from .citation_rules import CitationContext

PROJECT_KEY = "project_metadata"  # env: a function giving `_quarto.yml`'s document metadata
PROFILES_KEY = "project_profiles"  # env: a function giving the project's active profiles


class Prepared(NamedTuple):
    """A document's body ready to parse, its `env`, and where its lines came from."""

    body: str
    env: dict[str, Any]
    lines: LineMap
    problems: tuple[Diagnostic, ...]  # found before parsing (includes, bibliography)

    def diagnostics(self) -> list[Diagnostic]:
        """Every problem found, each at its file and line."""
        found = [
            *body_diagnostics(self.env),
            *shortcode_diagnostics(self.env),
            *citation_diagnostics(self.env),
        ]
        return [*self.problems, *(self.lines.relocate(d) for d in found)]


def prepare_body(
    source: SourceFile,
    front: FrontMatter,
    origins: Mapping[str, tuple[str, int]] | None = None,
    *,
    includes: bool = True,
) -> Prepared:
    """Expand includes (unless `includes` is false: frozen output has them expanded already)
    and set up the `env` for the document's shortcodes and citations; `origins` says where
    each metadata key was written (a `_metadata.yml`, `_quarto.yml`)."""
    env: dict[str, Any] = {META_KEY: front.data, QUARTO_KEY: source.quarto}
    body, lines = front.body, LineMap(source.rel, front.body_line)
    problems: list[Diagnostic] = []
    if holds(body, "{{<"):  # a quick test: most posts have no shortcode at all
        from .embeds import DOCUMENT_KEY, ROOT_KEY
        from .includes import expand_includes

        root = source.root
        if includes:
            body, lines, problems, included = expand_includes(
                front.body, root, source.path, source.rel, front.body_line
            )
            if included:  # the document's own keys win over an included file's
                env[META_KEY] = {**included, **front.data}
        env[DOCUMENT_KEY], env[ROOT_KEY] = source.path, root  # for `embed`'s paths
        env[VARIABLES_KEY] = lambda warn: _variables(root, warn, env)
        found: list[Diagnostic] = []
        body = resolve_in_destinations(body, env, found)
        problems.extend(lines.relocate(d) for d in found)
    env[PROJECT_KEY] = lambda: _project_metadata(source.root)
    env[PROFILES_KEY] = lambda: _profiles(source.root)
    # The words the renderer prints (callouts, folded code, references), None for English;
    # post_fields reads the same words for the page and says what cannot be read.
    env[WORDS_KEY] = document_words(front.data, origins or {}, source)
    if front.data.get("bibliography"):
        context = _citations(source, front.data, problems, origins or {})
        if context is not None:
            if env[WORDS_KEY] and not front.data.get("reference-section-title"):
                context.section_title = env[WORDS_KEY]["section-title-references"]
            env[CITATIONS_KEY] = context
    elif source.quarto:  # `[@key]` with no bibliography stays as written: said at its line
        from .unbound_citations import unbound_citations

        found = unbound_citations(body, project_name(source.root))
        problems.extend(lines.relocate(d) for d in found)
    return Prepared(body, env, lines, tuple(problems))


def _variables(root: Path, warn: Any, env: dict[str, Any]) -> dict[str, Any]:
    """The site's `_variables.yml` (or `.yaml`, its name noted in `env` for messages): {} when
    there is none, a warning naming its line when it is unreadable."""
    path = variables_file(root, input_exists)
    if path is None:
        return {}
    env[VARIABLES_NAME_KEY] = path.name
    try:
        return _read_yaml(read_input(path))
    except (OSError, UnicodeDecodeError) as exc:
        warn(f"cannot read {path.name}: {exc}", "save it as UTF-8 text")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark is not None else path.name
        problem = getattr(exc, "problem", None) or str(exc)
        warn(f"cannot read {where}: {problem}", "check its YAML syntax")
    return {}


def _profiles(root: Path) -> tuple[str, ...]:
    """The project's active profiles, as `when-profile` reads them (its files' reads noted)."""
    from .quarto_env import active_profiles_at

    return active_profiles_at(root, read_input, input_exists)


def _project_metadata(root: Path) -> dict[str, Any]:
    """The document metadata a Quarto project gives every document (its file's top level,
    and its `format: html:`, the active profiles' files and the local one merged over it),
    read only by a document that needs it; {} when there is none (an unreadable project
    file is the site configuration's error to report)."""
    from .quarto_profiles import texts_read  # () without a project file: {} below

    try:
        sources = texts_read(root, read_input, input_exists)
        data = _read_yaml(sources[0][1].encode()) if len(sources) == 1 else _merged(sources)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, BuildFailed):
        return {}
    fmt = data.get("format")
    html = fmt.get("html") if isinstance(fmt, dict) else None
    return {**data, **html} if isinstance(html, dict) else data


@lru_cache(maxsize=4)
def _read_yaml(text: bytes) -> dict[str, Any]:
    """A YAML file (`_variables.yml`, `_quarto.yml`), parsed once per version of it."""
    data = yaml.safe_load(text.decode("utf-8-sig"))
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=4)
def _merged(sources: Sources) -> dict[str, Any]:
    """`_quarto.yml`'s data with its active profiles' merged over it."""
    from .quarto_profiles import construct, merged_node

    data = construct(merged_node(sources), yaml.SafeLoader)
    return data if isinstance(data, dict) else {}


def _citations(
    source: SourceFile,
    data: dict[str, Any],
    problems: list[Diagnostic],
    origins: Mapping[str, tuple[str, int]],
) -> CitationContext | None:
    """The bibliography and style of a document, or None (with an error) when unreadable;
    each problem at the line that names the file (the document's, or a metadata file's)."""
    lines = front_matter_lines(source)

    def at(key: str) -> tuple[str, int]:
        return origins.get(key) or (source.rel, lines.get(key, 1))

    names = _bibliography_names(data.get("bibliography"), at("bibliography"), problems)
    if names is None:
        return None
    names = _local_names(names, at("bibliography"), problems)
    from .bibliography import BibliographyError, citation_locale
    from .citation_rules import CitationContext

    folder = source.path.parent
    locale = citation_locale(str(data.get("lang") or "en-US"))
    library = _library([folder / n for n in names], at("bibliography"), problems)
    if library is None:
        return None
    csl = data.get("csl")
    if isinstance(csl, str) and "://" in csl:
        csl = _style_of_url(csl, locale, at("csl"), problems)
    try:
        style = _style(folder, csl, locale)
    except BibliographyError as exc:
        problems.append(
            error(
                *at("csl"),
                str(exc),
                "name a .csl file beside the document, or a style such as apa or ieee",
            )
        )
        return None
    return CitationContext(
        library,
        style,
        locale,
        str(data.get("reference-section-title") or "References"),
        _nocite(data.get("nocite")),
    )


def _bibliography_names(
    value: object, where: tuple[str, int], problems: list[Diagnostic]
) -> list[str] | None:
    """The file names `bibliography:` gives (one, a list, or the multibib filter's sections,
    warned of as listed together), or None with an error at `where` when it gives no names."""
    if isinstance(value, dict):  # the multibib filter's sections: `book: weird.bib`
        problems.append(
            warning(
                *where,
                "bibliography sections (the multibib filter's) are not kept apart: "
                "their references are listed together",
                "name the files as a list to silence this warning",
            )
        )
        value = list(value.values())
    names = value if isinstance(value, list) else [value]
    if not all(isinstance(n, str) and n.strip() for n in names):
        problems.append(
            error(
                *where,
                "'bibliography' must be a file name or a list of them",
                "bibliography: references.bib",
            )
        )
        return None
    return [str(n).strip() for n in names]


def _local_names(names: list[str], where: tuple[str, int], problems: list[Diagnostic]) -> list[str]:
    """The bibliography names that are files; one at a web address (which Pandoc downloads
    while rendering) is left out with a warning at `where`, as a build fetches nothing."""
    for url in [n for n in names if "://" in n]:
        problems.append(
            warning(
                *where,
                f"the bibliography {url!r} is on the web, which quizsite does not fetch: "
                "its references are not read",
                "download it beside the document and name that file",
            )
        )
    return [n for n in names if "://" not in n]


def _library(
    paths: list[Path], where: tuple[str, int], problems: list[Diagnostic]
) -> Library | None:
    """The entries of the bibliography files, or None (with an error at `where`); entries
    that cannot be read are warnings there."""
    from .bibliography import BibliographyError, load_library

    try:
        library = load_library(paths)
    except BibliographyError as exc:
        hint = (
            "the path is relative to the file that names it; BibTeX (.bib), CSL JSON (.json) "
            "and CSL YAML (.yaml) are read"
        )
        problems.append(error(*where, str(exc), hint))
        return None
    for key in library.skipped:
        problems.append(
            warning(
                *where,
                f"bibliography entry {key!r} cannot be read and is left out",
                "check its LaTeX markup (braces, macros)",
            )
        )
    return library


def _style(folder: Path, csl: object, locale: str) -> Any:
    """The style a document names: a file beside it, a style's name, or the default."""
    from .bibliography import BibliographyError, load_style

    if csl is None:
        return load_style(None, None, locale)
    if not isinstance(csl, str) or not csl.strip():
        raise BibliographyError("'csl' must name a citation style file")
    path = folder / csl.strip()
    if path.exists() or (csl.endswith(".csl") and "/" in csl):
        return load_style(path, None, locale)
    name = csl.strip().removesuffix(".csl")
    try:
        return load_style(None, name, locale)
    except BibliographyError:
        raise BibliographyError(f"cannot read the citation style {csl!r}: no such file") from None


def _style_of_url(
    url: str, locale: str, where: tuple[str, int], problems: list[Diagnostic]
) -> str | None:
    """The name of the style a `csl:` web address names (its last segment, the style's id in
    the CSL repository, as https://www.zotero.org/styles/apa), found among the styles quizsite
    holds rather than downloaded as Pandoc does; None (the default style) with a warning at
    `where` when there is none of that name."""
    from .bibliography import BibliographyError, load_style

    name = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".csl")
    try:
        load_style(None, name, locale)
    except BibliographyError:
        problems.append(
            warning(
                *where,
                f"the citation style {url!r} is on the web, which quizsite does not fetch, "
                f"and it holds no style named {name!r}: the default style is used",
                "download the .csl file beside the document and name that file",
            )
        )
        return None
    return name


def _nocite(value: object) -> tuple[str, ...]:
    """Keys listed under `nocite:` (`@*` lists every entry)."""
    if not isinstance(value, str | list):
        return ()
    text = " ".join(map(str, value)) if isinstance(value, list) else value
    return tuple(word.strip("@,;[] ") for word in text.split() if word.strip("@,;[] "))
