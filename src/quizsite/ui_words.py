"""The words a page prints around its content, in the page's language, as Quarto chooses them.

Quarto's `lang` (`fr`, `pt-BR`, ...) picks a translation of its page words (the table of
contents' title, callouts' default titles, the appendix's headings, the listing's tools and
field names, ...); `language:` overrides any of them, as a mapping of Quarto's keys
(`title-block-published: "Mis à jour"`), a mapping per language (`fr: {...}`) or the path
of a YAML file of either; a `_language.yml` beside `_quarto.yml` is read as one too. The
document's metadata wins over `_quarto.yml`'s. quizsite's own translations are in
`ui_translations`; a word a language lacks is English, as in Quarto.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from markupsafe import Markup

from .ui_theme_words import SCRIPT_KEYS
from .ui_translations import (
    DATE_STYLES,
    ENGLISH,
    LANGUAGES,
    MONTHS,
    SHORT_MONTHS,
    SHORT_WEEKDAYS,
    WEEKDAYS,
)

if TYPE_CHECKING:
    from .sources import SourceFile

LANGUAGE_FILE = "_language.yml"  # a project's own words, read without being named
WORDS_KEY = "ui_words"  # env: the document's words (None for English)
Warn = Callable[[str, str, str], None]  # (key, message, hint)
_DATE_NAME = r"%[%BbAa]"
# Quarto's named date styles as English writes them (metadata.py; quizsite's default date
# format is the long one): a page in another language writes them its own way.
_ENGLISH_STYLES = {
    "%A, %B %-d, %Y": "full",
    "%B %-d, %Y": "long",
    "%b %-d, %Y": "medium",
    "%-m/%-d/%y": "short",
}


class UiWords:
    """Every page word by its Quarto key (`words["back-to-top"]` in a template); `lang`: the
    language's primary tag ("fr", "en" for English). Compared by its words. A plain class:
    a dataclass's generated methods cost every build's start more than this whole module."""

    __slots__ = ("lang", "pairs", "table", "translated")

    def __init__(self, lang: str, pairs: tuple[tuple[str, str], ...]) -> None:
        self.lang = lang
        self.pairs = pairs
        self.table = dict(pairs)
        # Whether any word differs from English: an English page's templates keep their own.
        self.translated = self.table != ENGLISH

    def __getitem__(self, key: str) -> str:
        return self.table[key]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UiWords) and (self.lang, self.pairs) == (other.lang, other.pairs)

    def __hash__(self) -> int:
        return hash((self.lang, self.pairs))

    def __repr__(self) -> str:
        return f"UiWords({self.lang!r})"

    def fill(self, key: str, *values: object) -> str:
        """A word with numbers or names in its `{0}`, `{1}` (`"{0} min"`)."""
        text = self.table[key]
        for n, value in enumerate(values):
            text = text.replace(f"{{{n}}}", str(value))
        return text

    def markup(self, key: str, *values: object) -> Markup:
        """A word as HTML, its `{0}`, `{1}` filled with HTML (links) or text (escaped)."""
        html = Markup.escape(self.table[key])
        for n, value in enumerate(values):
            html = html.replace(f"{{{n}}}", Markup.escape(value))
        return html

    def script_json(self) -> Markup:
        """The words the theme's scripts print, as the JSON a page hands them in a
        `<script type="application/json" id="quizsite-words">` (ui_theme_words.py)."""
        return _script_json(self)


@lru_cache(maxsize=64)
def _script_json(words: UiWords) -> Markup:
    """A language's script words as JSON safe inside a script element (no `<` in it)."""
    table = {key: words.table[key] for key in SCRIPT_KEYS}
    return Markup(json.dumps(table, ensure_ascii=False).replace("<", "\\u003c"))


def words(lang: str = "en", overrides: tuple[tuple[str, str], ...] = ()) -> UiWords:
    """The words of a language tag with an author's overrides (one object per pair of them,
    so pages of one language share it)."""
    return _words(primary(lang), overrides)


@lru_cache(maxsize=64)
def _words(base: str, overrides: tuple[tuple[str, str], ...]) -> UiWords:
    """English, then the language's words, then the author's."""
    table = {**ENGLISH, **LANGUAGES.get(base, {}), **dict(overrides)}
    return UiWords(base, tuple(table.items()))


def primary(lang: str) -> str:
    """A language tag's primary subtag, lower case ("pt-BR" → "pt"); "en" for none."""
    return lang.strip().replace("_", "-").partition("-")[0].lower() or "en"


ENGLISH_WORDS = words()


def overrides_of(value: object, lang: str) -> dict[str, str]:
    """The words a `language:` mapping sets for a language: its top-level keys, then those
    under the language's primary tag, then those under its whole tag (`pt-BR:`)."""
    if not isinstance(value, Mapping):
        return {}
    found = {k: str(v) for k, v in value.items() if isinstance(k, str) and _scalar(v)}
    for tag in dict.fromkeys((primary(lang), lang.strip())):
        sub = value.get(tag)
        if isinstance(sub, Mapping):
            found.update({k: str(v) for k, v in sub.items() if isinstance(k, str) and _scalar(v)})
    return found


def _scalar(value: object) -> bool:
    """Whether a YAML value can be a word (text or a number, not a mapping or list)."""
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def document_words(
    data: Mapping[str, Any],
    origins: Mapping[str, tuple[str, int]],
    source: SourceFile,
    warn: Warn | None = None,
) -> UiWords | None:
    """The words of a document's merged metadata (`lang`, `language`, and in a Quarto project
    its `_language.yml`); None when they are quizsite's English."""
    if not source.quarto and "lang" not in data and "language" not in data:
        return None  # most of quizsite's own posts: not even the root worked out
    where = origins.get("language", (source.rel, 0))[0]
    return _resolved(data, source.root, where, source.quarto, warn)


def _resolved(
    data: Mapping[str, Any], root: Path, where: str, quarto: bool, warn: Warn | None
) -> UiWords | None:
    """The words of `lang` and `language` (a file named from `where`, the file that names it,
    from the root), and of the project's `_language.yml`; None for English."""
    lang, language = data.get("lang"), data.get("language")
    lang = lang if isinstance(lang, str) else "en"
    layers: list[object] = []
    if quarto:
        layers.append(_language_file(root / LANGUAGE_FILE, warn))
    if isinstance(language, str):
        path = root / posixpath.dirname(where) / language.strip()
        layers.append(_language_file(path, warn, named=True))
    elif language is not None:
        layers.append(language)
    if (lang == "en" or primary(lang) == "en") and not any(layers):  # most documents
        return None
    found = words(lang, _merged(layers, lang))
    return found if found.translated else None


def site_words(lang: str, project: Mapping[str, Any] | None, root: Path) -> UiWords:
    """The words of a whole site: its language and, in a Quarto project, `_quarto.yml`'s
    `language:` and the project's `_language.yml`."""
    if project is None:
        return words(lang)
    return _resolved({**project, "lang": lang}, root, "_quarto.yml", True, None) or ENGLISH_WORDS


def _merged(layers: list[object], lang: str) -> tuple[tuple[str, str], ...]:
    """The overrides of each layer in turn, the later winning."""
    found: dict[str, str] = {}
    for layer in layers:
        found.update(overrides_of(layer, lang))
    return tuple(sorted(found.items()))


def _language_file(path: Path, warn: Warn | None, named: bool = False) -> object:
    """A language file's mapping (None when there is none; a named one that cannot be read
    is said at the `language` key)."""
    from .sources import input_exists, read_input

    try:
        if not named and not input_exists(path):
            return None
        return _yaml(read_input(path))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
        if warn is not None:
            problem = exc.strerror if isinstance(exc, OSError) else "not YAML"
            warn("language", f"cannot read the language file {path.name}: {problem}", "")
        return None


@lru_cache(maxsize=8)
def _yaml(data: bytes) -> object:
    """A language file's YAML, parsed once per version of it (each document reads it)."""
    return yaml.safe_load(data.decode("utf-8-sig"))


def date_in(value: datetime, fmt: str, lang: str) -> str:
    """A strftime pattern in a language quizsite has dates for (the format as it is
    otherwise): one of Quarto's named styles in the language's order, and its month and
    weekday names (`%B`, `%b`, `%A`, `%a`) in the language."""
    base = primary(lang)
    if base not in MONTHS:
        return fmt
    if fmt in _ENGLISH_STYLES:
        fmt = DATE_STYLES[base][_ENGLISH_STYLES[fmt]]
    names = {
        "%B": MONTHS[base][value.month - 1],
        "%b": SHORT_MONTHS[base][value.month - 1],
        "%A": WEEKDAYS[base][value.weekday()],
        "%a": SHORT_WEEKDAYS[base][value.weekday()],
        "%%": "%%",
    }
    return re.sub(_DATE_NAME, lambda m: names[m.group(0)], fmt)
