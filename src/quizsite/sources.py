"""A post file as text (`SourceFile`, read by `read_source`: BOM and CRLF tolerated, links and
odd files refused).

Finding the files is `scan.py`'s job, splitting the front matter `front_matter.py`'s and noting
the other files a parse reads (`read_input`) `reads.py`'s; their names are kept importable from
here, where the rest of quizsite has always found them."""

from __future__ import annotations

import stat
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from .errors import Diagnostic, error
from .front_matter import (
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    FrontMatter,
    _FrontMatterLoader,
    _mend_surrogates,
    front_matter_lines,
    nesting_problem,
    split_front_matter,
)
from .reads import (
    input_exists,
    read_input,
    reads_unchanged,
    recording_reads,
)
from .scan import (
    DOCUMENT_SUFFIXES,
    METADATA_NAME,
    NOT_DOCUMENTS,
    POST_SUFFIXES,
    PostPath,
    _allowed_roots,
    _link_problem,
    _odd_suffix,
    _special_file,
    is_ignored,
    is_metadata,
    is_page_document,
    scan_content,
    scan_files,
    scan_pages,
    skipped_root_documents,
)
from .stamps import digest as fingerprint

__all__ = [
    "DOCUMENT_SUFFIXES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_NODES",
    "METADATA_NAME",
    "NOT_DOCUMENTS",
    "POST_SUFFIXES",
    "FrontMatter",
    "PostPath",
    "SourceFile",
    "_FrontMatterLoader",
    "_mend_surrogates",
    "front_matter_lines",
    "input_exists",
    "is_ignored",
    "is_metadata",
    "is_page_document",
    "nesting_problem",
    "read_input",
    "read_source",
    "reads_unchanged",
    "recording_reads",
    "scan_content",
    "scan_files",
    "scan_pages",
    "skipped_root_documents",
    "split_front_matter",
]


class SourceFile(NamedTuple):
    """One post file, decoded, with where it lives and the files beside it (folder posts)."""

    path: Path
    rel: str  # relative to the site root, POSIX style, used in every message
    text: str
    is_folder_post: bool
    assets: tuple[Path, ...]  # co-located files of a folder post
    # The `_metadata.yml` files above the post, outermost first: (path as messages show it, text).
    metadata: tuple[tuple[str, str], ...] = ()
    quarto: bool = False  # part of a Quarto blog: published at Quarto's URL
    content: str = ""  # the content folder, relative to the site root, POSIX style
    page: bool = False  # a standalone page (`about.qmd`), not a post

    @property
    def root(self) -> Path:
        """The site's root folder: the file's path less its site-relative name."""
        rel = self.rel
        # A name as read_source writes it (no empty or `.` part) has one part per slash.
        wrapped = f"/{rel}/"
        odd = "//" in wrapped or "/./" in wrapped
        levels = len(PurePosixPath(rel).parts) if odd else rel.count("/") + 1
        return self.path.parents[levels - 1]

    def digest(self) -> bytes:
        """A digest of the text and of the `_metadata.yml` files above it: with the place
        (path and assets) and the other files the parse read (`recording_reads`), all a parse
        depends on."""
        if not self.metadata:
            return fingerprint(self.text.encode())
        parts = [self.text, *(f"\0{rel}\0{text}" for rel, text in self.metadata)]
        return fingerprint("".join(parts).encode())


def read_source(found: PostPath, root: Path) -> SourceFile | Diagnostic:
    """Read one post as UTF-8 text (BOM and CRLF tolerated), or say why it cannot be read."""
    path = found.path
    rel = path.relative_to(root).as_posix()
    regular = _placed(found, root, rel)
    if isinstance(regular, Diagnostic):
        return regular
    try:
        if not regular and not stat.S_ISREG(path.stat().st_mode):
            # A pipe or device named like a post would block the build or never end.
            return error(rel, 1, "this is not a regular file", "rename or remove it")
        data = path.read_bytes()
    except OSError as exc:
        return error(rel, 1, f"cannot read this file: {exc.strerror}", "check its permissions")
    if b"\0" in data:
        return error(rel, 1, "this is a binary file, not a text post", "rename or remove it")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return error(
            rel,
            line,
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file with UTF-8 encoding",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    metadata = _read_metadata(found, root)
    if isinstance(metadata, Diagnostic):
        return metadata
    assets = tuple(a for a in found.assets if not is_metadata(a))
    return SourceFile(
        path, rel, text, found.folder, assets, metadata, found.quarto, found.content, found.page
    )


def _placed(found: PostPath, root: Path, rel: str) -> bool | Diagnostic:
    """Why a post and its assets cannot be read where they are (links out of the site, odd
    files), or else whether the post is a regular file (most are: stated once, not twice)."""
    allowed = found.allowed or _allowed_roots(root, root / "content")
    for linked in (found.path, *found.assets):
        if problem := _link_problem(linked, root, allowed):
            return problem
    try:
        mode: int | None = found.path.stat().st_mode
    except OSError:
        mode = None  # reported when it is read
    regular = mode is not None and stat.S_ISREG(mode)
    special = None if regular else _special_file(found.path, root, asset=False)
    # Quarto reads `index.Qmd` as a document; quizsite's own layout asks for lower case.
    if problem := special or (None if found.quarto else _odd_suffix(found.path, rel)):
        return problem
    for asset in found.assets:
        if problem := _special_file(asset, root):
            return problem
    return regular


def _read_metadata(found: PostPath, root: Path) -> tuple[tuple[str, str], ...] | Diagnostic:
    """The texts of the `_metadata.yml` files applying to a post, outermost first."""
    files = sorted((a for a in found.assets if is_metadata(a)), key=lambda a: len(a.parts))
    texts = []
    for file in files:
        shown = file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)
        try:
            texts.append((shown, file.read_bytes().decode("utf-8-sig")))
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "it is not valid UTF-8"
            return error(shown, 1, f"cannot read this file: {reason}", "save it as UTF-8 text")
    return tuple(texts)
