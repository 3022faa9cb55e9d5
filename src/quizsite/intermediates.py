"""Quarto's intermediate files: what rendering leaves beside a document (`keep-md: true` keeps
`index.html.md` next to `index.qmd`; a paired `post.ipynb` sits next to `post.qmd`). Quarto's
project crawl takes none of them as documents, so neither does the scan: published, each would
be the same post a second time. A Markdown copy of the same name as its source (`index.md`
beside `index.qmd`) is not taken either: it would publish the very page its source does."""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path

# Pandoc's output formats: Quarto names a document's kept Markdown `<stem>.<format>.md` or
# `<stem>-<format>.md` for any of them.
PANDOC_FORMATS = frozenset(
    [
        "asciidoc",
        "asciidoctor",
        "beamer",
        "biblatex",
        "bibtex",
        "chunkedhtml",
        "commonmark",
        "commonmark_x",
        "context",
        "csljson",
        "docbook",
        "docbook4",
        "docbook5",
        "docx",
        "dokuwiki",
        "dzslides",
        "epub",
        "epub2",
        "epub3",
        "fb2",
        "gfm",
        "haddock",
        "html",
        "html4",
        "html5",
        "icml",
        "ipynb",
        "jats",
        "jats_archiving",
        "jats_articleauthoring",
        "jats_publishing",
        "jira",
        "json",
        "latex",
        "man",
        "markdown",
        "markdown_github",
        "markdown_mmd",
        "markdown_phpextra",
        "markdown_strict",
        "markua",
        "mediawiki",
        "ms",
        "muse",
        "native",
        "odt",
        "opendocument",
        "opml",
        "org",
        "pdf",
        "plain",
        "pptx",
        "revealjs",
        "rst",
        "rtf",
        "s5",
        "slideous",
        "slidy",
        "tei",
        "texinfo",
        "textile",
        "typst",
        "xwiki",
        "zimwiki",
    ]
)
# The documents an intermediate can belong to (any engine's inputs).
_SOURCE_SUFFIXES = (".qmd", ".md", ".markdown", ".ipynb", ".Rmd", ".rmd")
# The documents a `.md` of the same name is made from, when both sit in one folder.
_RENDERED_FROM = (".qmd", ".Rmd", ".rmd", ".ipynb")


def intermediate_of(name: str, siblings: Container[str]) -> str | None:
    """The name of the document in the same folder (`siblings`) whose intermediate file `name`
    is, or None when `name` is a document of its own."""
    if name.endswith(".md"):
        base = name[:-3]
        for sep in ".-":
            stem, found, fmt = base.rpartition(sep)
            if found and stem and fmt in PANDOC_FORMATS:
                owner = next((stem + s for s in _SOURCE_SUFFIXES if stem + s in siblings), None)
                if owner is not None and owner != name:
                    return owner
        # A Markdown copy beside its source (an older keep-md's `index.md` beside `index.qmd`,
        # R Markdown's `keep_md`, a notebook exported): both would publish the same page.
        return next((base + s for s in _RENDERED_FROM if base + s in siblings), None)
    # A notebook beside a `.qmd` of the same name is its Jupyter pairing, never a document.
    if name.endswith(".ipynb") and name[:-6] + ".qmd" in siblings:
        return name[:-6] + ".qmd"
    return None


def intermediates(names: list[str]) -> frozenset[str]:
    """The names of one folder's files that are intermediates of another of its documents."""
    # Quick test first: most folders hold neither a kept `.md` beside another document nor a
    # notebook, and then nothing is built.
    if not any(n.endswith((".md", ".ipynb")) for n in names):
        return frozenset()
    present = set(names)
    return frozenset(n for n in names if intermediate_of(n, present) is not None)


class _Folder:
    """The files of a folder on disk, as a container of names (looked up one by one)."""

    def __init__(self, folder: Path) -> None:
        """Names are checked against `folder` only when asked."""
        self.folder = folder

    def __contains__(self, name: object) -> bool:
        """Whether a file of that name is in the folder."""
        return isinstance(name, str) and (self.folder / name).is_file()


def intermediate_path(path: Path) -> str | None:
    """For a file on disk: the name of the document beside it whose intermediate it is."""
    if not path.name.endswith((".md", ".ipynb")):
        return None
    return intermediate_of(path.name, _Folder(path.parent))
