"""The words and numbers of Quarto's cross-references, from a document's metadata.

`crossref:` (`fig-title` for captions, `fig-prefix` for references, `title-delim`, `labels`,
`fig-labels`, ...), `language:` (`crossref-fig-title`, ...) and `lang` give them, in the
document's front matter (with its `_metadata.yml` merged in) over `_quarto.yml`'s, as Quarto
reads them. Without any, Quarto's English: "Figure 1: …" in a caption, "Figure 1" in text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .crossref import LABELS
from .documents import PROJECT_KEY
from .shortcodes import META_KEY

# Quarto's own words in a few languages (its translations, for `lang:`); others fall back to
# English, as Quarto does for a word a language file lacks.
_LANGUAGES: dict[str, dict[str, str]] = {
    "de": {
        "fig": "Schaubild", "tbl": "Tabelle", "lst": "Aufzählung", "sec": "Sektion",
        "eq": "Gleichung", "thm": "Theorem", "lem": "Lemma", "cor": "Korollar",
        "prp": "Aussage", "cnj": "Annahme", "def": "Definition", "exm": "Beispiel",
        "exr": "Übungsaufgabe",
    },
    "fr": {
        "fig": "Figure", "tbl": "Table", "lst": "Listing", "sec": "Section",
        "eq": "Équation", "thm": "Théorème", "lem": "Lemme", "cor": "Corollaire",
        "prp": "Proposition", "cnj": "Conjecture", "def": "Définition", "exm": "Exemple",
        "exr": "Exercice",
    },
    "es": {
        "fig": "Figura", "tbl": "Tabla", "lst": "Listado", "sec": "Sección", "eq": "Ecuación",
        "thm": "Teorema", "lem": "Lema", "cor": "Corolario", "prp": "Proposición",
        "cnj": "Conjetura", "def": "Definición", "exm": "Ejemplo", "exr": "Ejercicio",
    },
}  # fmt: skip
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


@dataclass(frozen=True)
class Words:
    """What a document's cross-references print: caption titles, reference prefixes, the
    delimiter after a caption's number, and each kind's numbering scheme."""

    titles: Mapping[str, str] = field(default_factory=lambda: dict(LABELS))
    prefixes: Mapping[str, str] = field(default_factory=lambda: dict(LABELS))
    delim: str = ":"
    schemes: Mapping[str, str] = field(default_factory=dict)
    subref: str = "alpha a"
    hyperlink: bool = True
    chapters: bool = False  # `chapters: true`: numbers within each top-level section (2.1)
    chapters_alpha: bool = False  # `chapters-alpha: true`: those sections lettered (B.1)

    def caption(self, kind: str, number: str, captioned: bool = True) -> str:
        """What goes before a caption: "Figure 1: "; an uncaptioned float's whole caption,
        "Figure 1", as Quarto titles it."""
        title = f"{self.titles[kind]}\u00a0{number}"
        return f"{title}{self.delim} " if captioned else title

    def number(self, kind: str, count: int) -> str:
        """The `count`-th of a kind, in its numbering scheme ("1", "ii", "C")."""
        return numeral(count, self.schemes.get(kind, "arabic"))


def numeral(count: int, scheme: str) -> str:
    """`count` in one of Quarto's schemes: `arabic`, `roman` (`roman i` lower case), `alpha a`
    or `alpha A` (letters from the one named); anything else is arabic."""
    kind, _, start = scheme.strip().partition(" ")
    if kind == "roman":
        text = ""
        for value, letters in _ROMAN:
            times, count = divmod(count, value)
            text += letters * times
        return text if start == "i" else text.upper()
    if kind == "alpha" and len(start) == 1 and start.isalpha():
        code = ord(start) + count - 1
        return chr(code) if code <= ord("z" if start.islower() else "Z") else str(count)
    return str(count)


def document_words(env: Mapping[str, Any]) -> Words:
    """The words of the document whose `env` this is (its metadata over the project's)."""
    meta = env.get(META_KEY)
    meta = meta if isinstance(meta, Mapping) else {}
    project: Callable[[], Mapping[str, Any]] | None = env.get(PROJECT_KEY)
    outer = project() if project is not None else {}
    if not _relevant(meta) and not _relevant(outer):
        return _ENGLISH
    crossref = {**_mapping(outer.get("crossref")), **_mapping(meta.get("crossref"))}
    language = {**_mapping(outer.get("language")), **_mapping(meta.get("language"))}
    lang = str(meta.get("lang") or outer.get("lang") or "en").split("-")[0].lower()
    titles, prefixes = _words(_translated(lang), language, crossref)
    labels = crossref.get("labels")
    schemes = {k: str(crossref.get(f"{k}-labels", labels)) for k in LABELS}
    return Words(
        titles,
        prefixes,
        str(crossref.get("title-delim", ":")),
        {k: v for k, v in schemes.items() if v != "None"},
        str(crossref.get("subref-labels", "alpha a")),
        crossref.get("ref-hyperlink") is not False,
        crossref.get("chapters") is True,
        crossref.get("chapters-alpha") is True,
    )


_ENGLISH = Words()
# Callouts' kinds (their cross-reference prefixes) by their names in ui_words' table.
_CALLOUTS = {"nte": "note", "tip": "tip", "wrn": "warning", "imp": "important", "cau": "caution"}


def _translated(lang: str) -> dict[str, str]:
    """A language's words for each kind: callouts' as its callouts are titled (ui_words),
    the others' from this module's table."""
    from .ui_translations import LANGUAGES

    table = LANGUAGES.get(lang, {})
    callouts = {k: table[f"callout-{v}-title"] for k, v in _CALLOUTS.items() if table}
    return {**callouts, **_LANGUAGES.get(lang, {})}


def _relevant(meta: Mapping[str, Any]) -> bool:
    """Whether metadata says anything about cross-reference words."""
    return any(key in meta for key in ("crossref", "language", "lang"))


def _mapping(value: Any) -> dict[str, Any]:
    """A metadata value as a mapping ({} for anything else)."""
    return dict(value) if isinstance(value, Mapping) else {}


def _words(
    translated: Mapping[str, str], language: Mapping[str, Any], crossref: Mapping[str, Any]
) -> tuple[dict[str, str], dict[str, str]]:
    """Caption titles and reference prefixes: English, then the language's, then `language:`
    keys, then `crossref:` keys; a prefix follows its kind's title unless given."""
    titles: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for kind, english in LABELS.items():
        title = translated.get(kind, english)
        title = str(language.get(f"crossref-{kind}-title", title))
        title = str(crossref.get(f"{kind}-title", title))
        prefix = str(language.get(f"crossref-{kind}-prefix", title))
        titles[kind] = title
        prefixes[kind] = str(crossref.get(f"{kind}-prefix", prefix))
    return titles, prefixes
