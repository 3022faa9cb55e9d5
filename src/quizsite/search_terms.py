"""How text becomes the search index's terms: words cut as the search page cuts a query
(lower case, no accents, English spellings folded, hyphenated words whole as well as in
parts), and the Snowball stemmer that makes each word form a term (see search.py)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from .patterns import compile_later

TERM_LENGTHS = (2, 40)  # shorter words match too much, longer ones are hashes or data

# Runs of letters and digits once lower-cased and stripped of accents. search.js cuts queries
# the same way (`[\p{L}\p{N}]+` after NFKD without marks), so both sides agree on the terms.
# Only runs as long as a term's shortest are taken (a run is matched whole or not at all): the
# shorter ones, many of a text's, are never made into strings.
_WORD = compile_later(rf"[^\W_]{{{TERM_LENGTHS[0]},}}")
# An ASCII text's bytes, each that is no letter or digit made a space: split, the runs `_WORD`
# finds (the shorter ones too, which the length check then drops). The text is lower case, but
# for letters that decomposing made (a double-struck R is an R), kept as the pattern keeps them.
_ASCII_SPACES = bytes(c if chr(c).isascii() and chr(c).isalnum() else 0x20 for c in range(256))
# Typographic punctuation, parted as spaces: a pattern's search skips to it (a translate table
# looks every character of a non-ASCII text up in a dict).
_PUNCTUATION = compile_later("[\u00a0\u00b7\u2009\u202f‘’‚“”„–—…×•′″«»‹›]")
# Words joined by hyphens or underscores (`k-means`, `l2_norm`): also a term whole.
_COMPOUND = re.compile(r"[^\W_]+(?:[-_][^\W_]+)+")
_PIECE = re.compile(r"\S*")  # the rest of a piece of text between spaces
# Spellings folded together (search.js folds queries by the same rules): -ize/-ise and
# -yze/-yse, and -our/-or but for words where "our" is no British spelling.
_IZE = re.compile(r"(?<=\w\w\w)([iy])z(e|es|ed|ing|er|ers|ation|ations|able)$")
_OUR = re.compile(r"(?<=\w\w)our(s|ed|ing|ite|ites|able|ful|er|ers)?$")
_OUR_KEPT = frozenset(
    ("scour", "flour", "detour", "devour", "contour", "velour", "paramour", "troubadour", "amour")
)
# The Snowball stemmer for a site's language (its tag's first part); none for other languages.
_STEMMERS = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish",
    "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian",
    "id": "indonesian", "it": "italian", "lt": "lithuanian", "ne": "nepali", "nl": "dutch",
    "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "pl": "polish", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil",
    "tr": "turkish",
}  # fmt: skip


def terms_of(text: str) -> list[str]:
    """The searchable words of `text`, in order (compounds whole after them), as the search
    page cuts a query: lower case, no accents, English spellings folded."""
    # Each word's term looked up, not worked out: a text repeats its words, and the terms that
    # come back are the strings kept, their hashes known to the dicts that count them.
    return list(filter(None, map(_TERMS.__getitem__, _words(text))))


def _words(text: str) -> list[str]:
    """The words of `text` (compounds whole after them), lower case and without accents, not
    yet made terms: those too short or long to be one still in, spellings not folded."""
    text = text.lower()
    if not text.isascii():
        # Typographic punctuation (curly quotes, dashes) parts words as a space does, and
        # leaves most prose ASCII; decomposing never joins or splits across spaces.
        text = _PUNCTUATION.sub(" ", text)
        if not text.isascii():
            text = " ".join(_fold(piece) for piece in text.split())
    if text.isascii():
        # The same runs as the pattern's, cut by a byte table: several times faster.
        words = text.encode().translate(_ASCII_SPACES).decode().split()
    else:
        words = _WORD.findall(text)
    if "-" in text or "_" in text:
        words += _compounds(text)
    return words


def _compounds(text: str) -> list[str]:
    """The hyphenated or underscored words of `text` (`k-means`), each a term whole (`kmeans`).
    Looked for in the pieces between spaces that hold a hyphen or underscore alone (a compound
    never spans a space), each found from its joiner: the compound pattern, tried at every
    place of every word, or the text cut into pieces, costs more than the words themselves."""
    marked = text.replace("_", "-")  # one joiner to look for
    pieces = []
    at = marked.find("-")
    end = 0
    while at >= 0:
        before = text[end:at]
        head = "" if not before or before[-1].isspace() else before.rsplit(None, 1)[-1]
        end = _PIECE.match(text, at).end()  # type: ignore[union-attr]
        pieces.append(head + text[at:end])
        at = marked.find("-", end)
    return [m.replace("-", "").replace("_", "") for m in _COMPOUND.findall(" ".join(pieces))]


class _Terms(dict[str, str]):
    """Each word's term, worked out on its first look-up: "" for a word too short or too long
    to be one, else the word with its spelling folded."""

    def __missing__(self, word: str) -> str:
        if len(self) >= _TERMS_KEPT:  # a site's vocabulary is bounded; data and hashes are not
            self.clear()
        low, high = TERM_LENGTHS
        term = self[word] = _spelling(word) if low <= len(word) <= high else ""
        return term


_TERMS_KEPT = 200_000
_TERMS = _Terms()


def _spelling(word: str) -> str:
    """`word` with British and American spellings folded (`normalization` -> `normalisation`,
    `colour` -> `color`)."""
    if "z" in word:
        word = _IZE.sub(r"\1s\2", word)
    if "our" in word and word not in _OUR_KEPT and word.rstrip("s") not in _OUR_KEPT:
        word = _OUR.sub(lambda m: "or" + (m.group(1) or ""), word)
    return word


@cache
def stemmer_for(language: str) -> Callable[[str], str]:
    """The stem of a term, by the Snowball stemmer of `language` (a tag such as `en-GB`);
    the term itself for a language Snowball has no stemmer for."""
    name = _STEMMERS.get(language.split("-")[0].split("_")[0].lower())
    if name is None:
        return str
    # Imported here: most builds index nothing anew. PyStemmer is Snowball compiled to C: its
    # pure Python port is far slower (figures: docs/performance.md).
    import Stemmer

    return _Stems(Stemmer.Stemmer(name).stemWord).__getitem__


class _Stems(dict[str, str]):
    """Each term's stem, worked out on its first look-up: a dict's own look-up, as indexing
    asks for the stem of every form of every post."""

    def __init__(self, stem_word: Callable[[str], str]) -> None:
        super().__init__()
        self._stem_word = stem_word

    def __missing__(self, term: str) -> str:
        stem = self[term] = self._stem_word(term) or term
        return stem


def _fold(piece: str) -> str:
    """A piece of text without accents: decomposed, combining marks dropped."""
    if piece.isascii():
        return piece
    decomposed = unicodedata.normalize("NFKD", piece)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
