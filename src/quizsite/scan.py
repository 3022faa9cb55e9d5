"""Finding the documents of a site: posts under `content/` (flat files and folder posts with their
assets, `_metadata.yml` files included), standalone pages, and the files skipped, with why."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .errors import Diagnostic, error, warning
from .intermediates import intermediate_path, intermediates
from .quarto_names import METADATA_NAMES, is_metadata_name, metadata_file

# Quarto's markdown engine reads `.markdown` as it reads `.md` (its `kMdExtensions`).
POST_SUFFIXES = (".qmd", ".md", ".markdown", ".ipynb", ".Rmd", ".rmd")
# Quarto's other document kinds: files with these suffixes that are not published are counted.
DOCUMENT_SUFFIXES = POST_SUFFIXES
# Quarto finds a document's engine by its suffix in lower case: `index.Qmd` is a document.
_QUARTO_SUFFIXES = (".qmd", ".md", ".markdown", ".ipynb", ".rmd")
# Why `check` lists a kept intermediate (`index.html.md`) as not a document (here and in
# skipped.py).
INTERMEDIATE_OF = "Quarto's intermediate file (keep-md or a paired notebook) of"
# Quarto renders none of these: they describe the repository, not the site.
NOT_DOCUMENTS = frozenset({"README.md", "README.qmd", "CLAUDE.md", "AGENTS.md"})
# Quarto applies a folder's `_metadata.yml` (else `_metadata.yaml`) to every document below it.
METADATA_NAME = METADATA_NAMES[0]
# Editors and tools leave these next to real files; they are never content.
_IGNORED_PREFIXES = (".", "_", "#", "~")
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".bak")


def is_ignored(name: str) -> bool:
    """Hidden files, Quarto's `_metadata.yml`-style files and editor leftovers are skipped."""
    return name.startswith(_IGNORED_PREFIXES) or name.endswith(_IGNORED_SUFFIXES)


class PostPath(NamedTuple):
    """A post file found under content/, with the files beside it if it is a folder post."""

    path: Path
    assets: tuple[Path, ...]
    folder: bool
    # Real folders a symbolic link may lead into, as the scan judged them (empty: the site root
    # passed to read_source, and its content/).
    allowed: tuple[str, ...] = ()
    quarto: bool = False  # part of a Quarto blog
    content: str = ""  # the content folder, relative to the site root, POSIX style
    page: bool = False  # a standalone page (`about.qmd`), not a post


def is_metadata(path: Path | str) -> bool:
    """True for a `_metadata.yml` or `.yaml` file (listed with a post's files so that its
    stamp covers it)."""
    return str(path).endswith(METADATA_NAMES) and is_metadata_name(Path(path).name)


def _read_here(entry: os.DirEntry[str]) -> bool:
    """Whether a folder's metadata file is the one Quarto reads there: `_metadata.yaml` only
    when there is no `_metadata.yml`."""
    if not entry.is_file():
        return False
    return entry.name == METADATA_NAME or not Path(entry.path).with_name(METADATA_NAME).is_file()


def _outer_metadata(content_dir: Path, root: Path) -> tuple[str, ...]:
    """The metadata files in the folders from the site root down to above content/."""
    try:
        parts = content_dir.relative_to(root).parts
    except ValueError:
        return ()
    folders = [root.joinpath(*parts[:n]) for n in range(len(parts))]
    return tuple(str(found) for f in folders if (found := metadata_file(f)) is not None)


def scan_content(
    content_dir: Path, root: Path | None = None, *, quarto: bool = False
) -> list[PostPath]:
    """Every post under `content_dir` in a stable order, in one walk of the tree.

    A folder holding `index.qmd` (or `index.md`) is a folder post: every other file below it,
    Markdown included, is one of its assets, not a post of its own. Symbolic links are followed
    only while they stay inside the site (`root`, by default the folder holding content/); a link
    leading out of it, or to nothing, is listed unread, as a post of its own or as an asset, so
    that `read_source` reports it instead of the build losing it without a word.
    """
    root = root if root is not None else content_dir.parent
    allowed = _allowed_roots(root, content_dir)
    outer = _outer_metadata(content_dir, root)
    content = content_dir.relative_to(root).as_posix() if content_dir.is_relative_to(root) else ""
    own_pages = not quarto and (content_dir / "posts").is_dir()
    top = str(content_dir)
    found = [
        PostPath(
            Path(path),
            tuple(map(Path, assets)),
            folder,
            allowed,
            quarto,
            content,
            (own_pages and _own_page(path, content_dir)) or (quarto and _is_index(path, top)),
        )
        for path, assets, folder in _walk(content_dir, allowed, outer, quarto)
    ]
    # quizsite's layout: content/index.qmd would take the home page's address.
    return [p for p in found if quarto or not (p.page and _is_index(str(p.path), top))]


def _index_name(files: list[str], quarto: bool) -> str | None:
    """The `index` document among a folder's files (in a Quarto blog, its suffix in any case:
    `index.Qmd`), or None."""
    found = next((f"index{s}" for s in POST_SUFFIXES if f"index{s}" in files), None)
    if found is None and quarto:
        found = next((f for f in files if f.lower() in _QUARTO_INDEXES), None)
    return found


_QUARTO_INDEXES = frozenset(f"index{s}" for s in _QUARTO_SUFFIXES)


def is_quarto_document(name: str) -> bool:
    """Whether Quarto reads a file of this name as a document (its suffix in lower case)."""
    return name.lower().endswith(_QUARTO_SUFFIXES)


def _is_index(path: str, folder: str) -> bool:
    """True for the `index` document right inside `folder` (a Quarto blog's `posts/index.qmd`
    is the page listing the posts at `posts/`, not a post)."""
    head, name = os.path.split(path)
    return head == folder and name.rpartition(".")[0] == "index"


def _own_page(path: str, content_dir: Path) -> bool:
    """In quizsite's layout, a document outside `content/posts/` is a page."""
    return not path.startswith(os.path.join(content_dir, "posts", ""))


def scan_files(
    content_dir: Path, root: Path | None = None, *, quarto: bool = False
) -> list[tuple[str, tuple[str, ...]]]:
    """Each post's file and its assets, as `scan_content` finds them, as text: all the cache's
    "did anything change?" check needs, without making a Path object per file."""
    root = root if root is not None else content_dir.parent
    allowed = _allowed_roots(root, content_dir)
    outer = _outer_metadata(content_dir, root)
    return [(path, assets) for path, assets, _ in _walk(content_dir, allowed, outer, quarto)]


@dataclass
class _Listing:
    """What one folder of the scan holds: files (names, and their paths as the scan made them,
    joined in C), folders to walk (path, real path), links to folders outside the site (which
    may hold posts), and the `_metadata.yml` files applying to it."""

    files: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    folders: list[tuple[str, str]] = field(default_factory=list)
    linked_out: list[str] = field(default_factory=list)
    meta: tuple[str, ...] = ()


def _walk(
    content_dir: Path, allowed: tuple[str, ...], outer: tuple[str, ...] = (), quarto: bool = False
) -> list[tuple[str, tuple[str, ...], bool]]:
    """The walk behind `scan_content`: (post file, its assets, whether a folder post), sorted.

    A post's assets include the `_metadata.yml` files of its folder and those above it, so
    that an edit to one of them changes the stamp of every post it applies to."""
    posts: dict[str, tuple[str, list[str]]] = {}  # post path -> (its folder, its assets)
    top = str(content_dir)
    top_real = os.path.realpath(top)
    seen = {top_real}  # real folders walked: a link back to one of them would loop
    # Each folder to walk, its real path, the folder post that owns it (if any), and the
    # metadata files that apply to it.
    pending: list[tuple[str, str, str | None, tuple[str, ...]]] = [(top, top_real, None, outer)]
    while pending:
        folder, real_folder, owner, meta = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue  # vanished meanwhile
        except OSError:
            _unreadable(posts, folder, owner)
            continue
        listing = _list_folder(entries, real_folder, owner, meta, allowed, seen)
        if owner is None and folder != top:
            index = _index_name(listing.files, quarto)
            if index is not None:
                owner = os.path.join(folder, index)
                posts[owner] = (folder, list(listing.meta))
        _take_posts(posts, owner, listing, quarto)
        pending.extend((path, real, owner, listing.meta) for path, real in listing.folders)
    return [
        (path, tuple(a for a in sorted(assets) if a != path), bool(folder))
        for path, (folder, assets) in sorted(posts.items())
    ]


def _list_folder(
    entries: list[os.DirEntry[str]],
    real_folder: str,
    owner: str | None,
    meta: tuple[str, ...],
    allowed: tuple[str, ...],
    seen: set[str],
) -> _Listing:
    """Sort a folder's entries into files, folders to walk (each real folder once: `seen`)
    and links leading out; a `_metadata.yml` outside any folder post joins `meta`."""
    listing = _Listing(meta=meta)
    for entry in entries:
        if is_ignored(entry.name):
            if is_metadata_name(entry.name) and owner is None and _read_here(entry):
                listing.meta = (*listing.meta, entry.path)
            continue
        if entry.is_symlink():  # rare, so the cost of Path here does not matter
            _list_link(entry, listing, allowed, seen)
        elif entry.is_dir():
            real = os.path.join(real_folder, entry.name)
            seen.add(real)
            listing.folders.append((entry.path, real))
        else:
            listing.files.append(entry.name)
            listing.paths.append(entry.path)
    return listing


def _list_link(
    entry: os.DirEntry[str], listing: _Listing, allowed: tuple[str, ...], seen: set[str]
) -> None:
    """A symbolic link: followed while it stays inside the site, else listed unread (as a
    file, and as a folder that may hold posts) for read_source to say why."""
    real = os.path.realpath(entry.path)
    target = Path(real)
    if not _inside(real, allowed) or not target.exists():
        listing.files.append(entry.name)
        listing.paths.append(entry.path)
        if target.is_dir():
            listing.linked_out.append(entry.name)
    elif target.is_dir():
        if real not in seen:
            seen.add(real)
            listing.folders.append((entry.path, real))
    else:
        listing.files.append(entry.name)
        listing.paths.append(entry.path)


def _take_posts(
    posts: dict[str, tuple[str, list[str]]], owner: str | None, listing: _Listing, quarto: bool
) -> None:
    """A folder post's folder gives it all its files as assets; elsewhere each document is a
    post of its own (named `.QMD` or `.Md` too: read_source warns they were not built). In a
    Quarto blog, as Quarto renders every document, a document beside a folder post's index
    (a series' parts, a notebook) is a post of its own too, not a file copied as it is."""
    # Quarto's intermediates (`index.html.md` of keep-md) are neither posts nor published.
    skip = intermediates(listing.files)
    if owner is not None:
        _take_folder_files(posts, owner, listing, quarto, skip)
        return
    for name, path in zip(listing.files, listing.paths, strict=True):
        if name in NOT_DOCUMENTS or name in skip:
            continue
        if name.lower().endswith(POST_SUFFIXES) or name in listing.linked_out:
            posts[path] = ("", list(listing.meta))


def _take_folder_files(
    posts: dict[str, tuple[str, list[str]]],
    owner: str,
    listing: _Listing,
    quarto: bool,
    skip: frozenset[str],
) -> None:
    """A folder post's files below it: its assets, or (a Quarto blog's other documents)
    posts of their own; Quarto's intermediates (`skip`) are neither."""
    own = [
        path
        for name, path in zip(listing.files, listing.paths, strict=True)
        if quarto and path != owner and _is_document(name) and name not in skip
    ]
    posts[owner][1].extend(
        p
        for n, p in zip(listing.files, listing.paths, strict=True)
        if p not in own and n not in skip
    )
    posts.update((path, ("", list(listing.meta))) for path in own)


def _is_document(name: str) -> bool:
    """A file name Quarto renders as a document (`.qmd`, `.md`, `.ipynb`; not a README)."""
    return is_quarto_document(name) and name not in NOT_DOCUMENTS


def _unreadable(posts: dict[str, tuple[str, list[str]]], folder: str, owner: str | None) -> None:
    """List a folder the scan cannot read as an asset of its post, or as a post of its own:
    read_source then says so (a folder of posts is never lost without a word)."""
    if owner is not None:
        posts[owner][1].append(folder)
    else:
        posts[folder] = ("", [])


def _allowed_roots(root: Path, content_dir: Path) -> tuple[str, ...]:
    """Real folders that links may point into: the site, and content/ wherever it really is."""
    return tuple(dict.fromkeys(os.path.realpath(p) for p in (root, content_dir)))


def _inside(real: str, allowed: tuple[str, ...]) -> bool:
    """True when the real path `real` is one of `allowed` or below one of them."""
    return any(real == a or real.startswith(a.rstrip(os.sep) + os.sep) for a in allowed)


def _link_problem(path: Path, root: Path, allowed: tuple[str, ...]) -> Diagnostic | None:
    """An error for a post, asset or folder that is a link out of the site or a broken link."""
    if not path.is_symlink():
        return None
    real = os.path.realpath(path)
    if not Path(real).exists():
        return error(
            path.relative_to(root).as_posix(),
            1,
            f"broken symbolic link (to {path.readlink()})",
            "restore the file it points to, or remove the link",
        )
    if _inside(real, allowed):
        return None
    folder = Path(real).is_dir()
    return error(
        path.relative_to(root).as_posix(),
        None if folder else 1,
        f"symbolic link to a {'folder' if folder else 'file'} outside the site ({real}); "
        f"{'nothing in it was read' if folder else 'it was not read'}",
        "copy it into the site folder: a build reads nothing from outside the site",
    )


def _special_file(path: Path, root: Path, *, asset: bool = True) -> Diagnostic | None:
    """An error for a folder the scan could not list, or an asset that is no regular file (a
    pipe would block the build, a device be copied forever; a post file is checked as read)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # gone meanwhile, or a broken link: reported where it is read
    if stat.S_ISREG(mode) or not (asset or stat.S_ISDIR(mode)):
        return None
    rel = path.relative_to(root).as_posix()
    if stat.S_ISDIR(mode):
        try:
            os.scandir(path).close()
            reason = "it vanished while being read"
        except OSError as exc:
            reason = exc.strerror or str(exc)
        return error(
            rel,
            None,
            f"cannot read this folder ({reason}); nothing in it was built",
            "check the folder's permissions",
        )
    return error(
        rel,
        None,
        "this is not a regular file (a named pipe, socket or device): it cannot be published",
        "remove it, or put a regular file in its place",
    )


def _odd_suffix(path: Path, rel: str) -> Diagnostic | None:
    """A warning for a post named `.QMD` or `.Md`: only lower-case suffixes are posts."""
    if path.name.endswith(POST_SUFFIXES) or not path.name.lower().endswith(POST_SUFFIXES):
        return None
    right = path.name[: -len(path.suffix)] + path.suffix.lower()
    return warning(
        rel,
        None,
        f"not built: a post's name must end in .qmd or .md in lower case ({path.suffix})",
        f"rename it to {right}",
    )


# ------------------------------------------------------------------------------------------------
# Standalone pages: documents outside the posts folder

# Folders of a site's root that never hold its documents: quizsite's own, outputs, and the
# package libraries R and Python projects keep beside their sources.
# `static/` and `docs/` are folders of documents like any other in a Quarto project (quarto.org
# keeps its pages in docs/); `docs/` is skipped when it is the output folder.
_QUARTO_SKIPPED = frozenset({"site", "themes", "renv", "packrat", "node_modules", "venv", "env"})
_OUTPUT_NAMES = ("docs", "_site", "site")


def scan_pages(root: Path, content_dir: Path, quarto: bool, output_dir: str = "") -> list[PostPath]:
    """Documents that are pages, not posts: in a Quarto blog, those of the root outside
    `posts/` (`about.qmd`); in quizsite's layout, those of content/ outside `content/posts/`
    (when that folder exists; without it every document is a post). A home `index` document
    and listing documents (`listing:` in their front matter) are left to the home page."""
    found: list[PostPath] = []
    for path in _root_documents(root, content_dir, quarto, output_dir):
        if is_page_document(path, root):
            # The `_metadata.yml` files from the root down to its folder apply to it.
            meta = tuple(map(Path, _outer_metadata(path.parent / "-", root)))
            found.append(PostPath(path, meta, False, (), True, "", True))
    return found


def _root_documents(root: Path, content_dir: Path, quarto: bool, output_dir: str) -> list[Path]:
    """Files of a Quarto blog's root outside `posts/` named like documents (none otherwise:
    quizsite's layout keeps its pages in content/, see `_own_page`)."""
    if not quarto:
        return []
    skip = {os.path.realpath(content_dir)}
    skip.update(os.path.realpath(root / name) for name in _QUARTO_SKIPPED | {output_dir} if name)
    # A folder of rendered HTML (Quarto's `site_libs/` in it) holds no sources.
    skip.update(
        os.path.realpath(root / n) for n in _OUTPUT_NAMES if (root / n / "site_libs").is_dir()
    )
    found: list[Path] = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(
            f
            for f in folders
            if not is_ignored(f) and os.path.realpath(os.path.join(folder, f)) not in skip
        )
        # R Markdown too: not read, but listed as left out rather than lost without a word.
        found.extend(Path(folder) / name for name in sorted(files) if is_quarto_document(name))
    return found


def skipped_root_documents(
    root: Path, content_dir: Path, quarto: bool, output_dir: str = ""
) -> list[tuple[str, str]]:
    """A Quarto blog's documents outside `posts/` that are not pages, with why."""
    found = []
    for path in _root_documents(root, content_dir, quarto, output_dir):
        if is_page_document(path, root) or path.name.startswith((".", "#", "~")):
            continue
        if path.name in NOT_DOCUMENTS:
            reason = f"Quarto renders no {path.name}"
        elif (owner := intermediate_path(path)) is not None:
            reason = f"{INTERMEDIATE_OF} {owner}"
        elif is_ignored(path.name) or any(p.startswith("_") for p in path.relative_to(root).parts):
            reason = "names starting with _ are not published (Quarto's rule)"
        else:
            reason = f"{path.suffix} documents are not read"
        found.append((path.relative_to(root).as_posix(), reason))
    return found


def is_page_document(path: Path, root: Path) -> bool:
    """Whether a file found outside the posts folder is a standalone page."""
    name = path.name
    # The root's `index` is the home page; a listing is a page listing documents.
    return not (
        is_ignored(name)
        or name in NOT_DOCUMENTS
        or not is_quarto_document(name)
        or intermediate_path(path) is not None
    )
