"""Find post files under `content/`, decode them, and split off the YAML front matter."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter
import yaml

from .errors import Diagnostic, error, warning
from .paths import OutsideSite, inside

POST_SUFFIXES = (".qmd", ".md", ".ipynb")
# Quarto's other document kinds: files with these suffixes that are not published are counted.
DOCUMENT_SUFFIXES = (".qmd", ".md", ".ipynb", ".Rmd", ".rmd")
# Quarto renders none of these: they describe the repository, not the site.
NOT_DOCUMENTS = frozenset({"README.md", "README.qmd", "CLAUDE.md", "AGENTS.md"})
# Quarto applies a folder's `_metadata.yml` to every document below it.
METADATA_NAME = "_metadata.yml"
# Editors and tools leave these next to real files; they are never content.
_IGNORED_PREFIXES = (".", "_", "#", "~")
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".bak")


@dataclass(frozen=True, slots=True)
class SourceFile:
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
        return self.path.parents[len(PurePosixPath(self.rel).parts) - 1]

    def digest(self) -> bytes:
        """A digest of the text and of the `_metadata.yml` files above it: with the place
        (path and assets) and the other files the parse read (`recording_reads`), all a parse
        depends on."""
        if not self.metadata:
            return _digest(self.text.encode())
        parts = [self.text, *(f"\0{rel}\0{text}" for rel, text in self.metadata)]
        return _digest("".join(parts).encode())


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The parsed YAML header and the Markdown body below it."""

    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts


# A parse depends on its post file and on whatever other files it reads on the way (a folder's
# `_metadata.yml`, a bibliography, an included file, frozen output): each is noted here while
# a post is parsed, with a digest of what was read (None: looked for and absent), so that an
# edit to any of them, or a file appearing where one was looked for, parses the post again.
Reads = Mapping[str, bytes | None]
_reads: ContextVar[dict[str, bytes | None] | None] = ContextVar("reads", default=None)
# The real path of the site being read: `read_input` refuses any file outside it.
_site: ContextVar[str | None] = ContextVar("site", default=None)


@contextmanager
def recording_reads(root: Path | None = None) -> Iterator[dict[str, bytes | None]]:
    """Note, in the dict yielded, every file `read_input` and `input_exists` see meanwhile;
    with `root`, `read_input` refuses files that lead outside that site."""
    reads: dict[str, bytes | None] = {}
    token = _reads.set(reads)
    site = _site.set(os.path.realpath(root) if root is not None else None)
    try:
        yield reads
    finally:
        _site.reset(site)
        _reads.reset(token)


def read_input(path: Path) -> bytes:
    """The bytes of a file a post's parse depends on, noted as read (OSError as `read_bytes`;
    `paths.OutsideSite` for a file outside the site being read, whatever links lead there)."""
    site = _site.get()
    if site is not None and not inside(os.path.realpath(path), site):
        raise OutsideSite(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        _note(path, None)
        raise
    _note(path, _digest(data))
    return data


def input_exists(path: Path) -> bool:
    """Whether a file a parse would depend on is there; noted when it is not, so that the
    post is parsed again once it appears (`read_input` notes it when it is read)."""
    if path.is_file():
        return True
    _note(path, None)
    return False


def _note(path: Path, digest: bytes | None) -> None:
    reads = _reads.get()
    if reads is not None:
        reads[str(path)] = digest


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def reads_unchanged(
    reads: Iterable[tuple[str, bytes | None]], seen: dict[str, bytes | None]
) -> bool:
    """True when every file noted by a parse still reads the same (or is still absent);
    `seen` keeps each file's current digest for the other posts that read it."""
    for path, before in reads:
        if path not in seen:
            try:
                with open(path, "rb") as file:  # noqa: PTH123
                    seen[path] = _digest(file.read())
            except OSError:
                seen[path] = None
        if seen[path] != before:
            return False
    return True


def is_ignored(name: str) -> bool:
    """Hidden files, Quarto's `_metadata.yml`-style files and editor leftovers are skipped."""
    return name.startswith(_IGNORED_PREFIXES) or name.endswith(_IGNORED_SUFFIXES)


@dataclass(frozen=True)  # not slotted: the build cache pickles one per post (see model.py)
class PostPath:
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
    """True for a `_metadata.yml` file (listed with a post's files so its stamp covers it)."""
    return str(path).endswith(METADATA_NAME) and Path(path).name == METADATA_NAME


def _outer_metadata(content_dir: Path, root: Path) -> tuple[str, ...]:
    """`_metadata.yml` files in the folders from the site root down to above content/."""
    try:
        parts = content_dir.relative_to(root).parts
    except ValueError:
        return ()
    folders = [root.joinpath(*parts[:n]) for n in range(len(parts))]
    return tuple(str(f / METADATA_NAME) for f in folders if (f / METADATA_NAME).is_file())


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
    found = [
        PostPath(
            Path(path),
            tuple(map(Path, assets)),
            folder,
            allowed,
            quarto,
            content,
            own_pages and _own_page(path, content_dir),
        )
        for path, assets, folder in _walk(content_dir, allowed, outer)
    ]
    # quizsite's layout: content/index.qmd would take the home page's address.
    return [
        p for p in found if not (p.page and p.path.parent == content_dir and p.path.stem == "index")
    ]


def _own_page(path: str, content_dir: Path) -> bool:
    """In quizsite's layout, a document outside `content/posts/` is a page."""
    return not path.startswith(os.path.join(content_dir, "posts", ""))


def scan_files(content_dir: Path, root: Path | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """Each post's file and its assets, as `scan_content` finds them, as text: all the cache's
    "did anything change?" check needs, without making a Path object per file."""
    root = root if root is not None else content_dir.parent
    allowed = _allowed_roots(root, content_dir)
    outer = _outer_metadata(content_dir, root)
    return [(path, assets) for path, assets, _ in _walk(content_dir, allowed, outer)]


def _walk(
    content_dir: Path, allowed: tuple[str, ...], outer: tuple[str, ...] = ()
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
        files: list[str] = []  # names, and below their paths (the scan's, joined in C)
        paths: list[str] = []
        folders: list[tuple[str, str]] = []
        linked_out: list[str] = []  # links to folders outside the site, which may hold posts
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue  # vanished meanwhile
        except OSError:
            _unreadable(posts, folder, owner)
            continue
        for entry in entries:
            if is_ignored(entry.name):
                if entry.name == METADATA_NAME and owner is None and entry.is_file():
                    meta = (*meta, entry.path)
                continue
            if entry.is_symlink():  # rare, so the cost of Path here does not matter
                real = os.path.realpath(entry.path)
                target = Path(real)
                if not _inside(real, allowed) or not target.exists():
                    files.append(entry.name)  # unread; read_source says why
                    paths.append(entry.path)
                    if target.is_dir():
                        linked_out.append(entry.name)
                elif target.is_dir():
                    if real not in seen:
                        seen.add(real)
                        folders.append((entry.path, real))
                else:
                    files.append(entry.name)
                    paths.append(entry.path)
            elif entry.is_dir():
                real = os.path.join(real_folder, entry.name)
                seen.add(real)
                folders.append((entry.path, real))
            else:
                files.append(entry.name)
                paths.append(entry.path)
        if owner is None and folder != top:
            index = next((f"index{s}" for s in POST_SUFFIXES if f"index{s}" in files), None)
            if index is not None:
                owner = os.path.join(folder, index)
                posts[owner] = (folder, list(meta))
        if owner is not None:
            posts[owner][1].extend(paths)
        else:
            for name, path in zip(files, paths, strict=True):
                if name in NOT_DOCUMENTS:
                    continue
                # `.QMD`, `.Md`: listed, so that read_source warns they were not built.
                if name.lower().endswith(POST_SUFFIXES) or name in linked_out:
                    posts[path] = ("", list(meta))
        pending.extend((path, real, owner, meta) for path, real in folders)
    return [
        (path, tuple(a for a in sorted(assets) if a != path), bool(folder))
        for path, (folder, assets) in sorted(posts.items())
    ]


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


def read_source(found: PostPath, root: Path) -> SourceFile | Diagnostic:
    """Read one post as UTF-8 text (BOM and CRLF tolerated), or say why it cannot be read."""
    path = found.path
    rel = path.relative_to(root).as_posix()
    allowed = found.allowed or _allowed_roots(root, root / "content")
    for linked in (path, *found.assets):
        if problem := _link_problem(linked, root, allowed):
            return problem
    if problem := _special_file(path, root, asset=False) or _odd_suffix(path, rel):
        return problem
    for asset in found.assets:
        if problem := _special_file(asset, root):
            return problem
    try:
        if not stat.S_ISREG(path.stat().st_mode):
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


# libyaml's loader when PyYAML was built with it: the pure-Python one is far slower.
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_KEY = re.compile(r"([\w-]+)\s*[:=]")  # a top-level key: at the start of its line
# libyaml's composer recurses in C: tens of thousands of `[` crash the interpreter outright.
MAX_YAML_DEPTH = 50
# Anchors and aliases can describe a value far larger than its text (the "billion laughs").
MAX_YAML_NODES = 10_000
# The value errors PyYAML's constructors let escape, instead of a YAMLError, on bad scalars:
# `2024-02-30`, `!!int abc`, `!!bool maybe`, an integer of more than 4300 digits, ...
_CONSTRUCTOR_FAILURES = (ValueError, TypeError, KeyError, AttributeError, OverflowError)
_BAD_VALUE = "cannot read the value"


class _FrontMatterLoader(_YAML_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader, with bad values reported as YAML errors at their line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Construct as usual; a value the constructor cannot convert becomes a YAMLError."""
        try:
            return super().construct_object(node, deep)
        except _CONSTRUCTOR_FAILURES as exc:
            shown = str(node.value)
            shown = shown if len(shown) <= 40 else shown[:40] + "…"
            raise yaml.constructor.ConstructorError(
                None, None, f"{_BAD_VALUE} {shown!r} ({exc})", node.start_mark
            ) from None


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """A date YAML cannot build (`2024-02-30`) stays text, for the date check to name."""
    try:
        return loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except _CONSTRUCTOR_FAILURES:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


def nesting_problem(header: str) -> int | None:
    """The 0-based header line where nesting passes MAX_YAML_DEPTH, if it does."""
    # Deep nesting takes one of these per level (indentation alone would need huge lines),
    # so ordinary front matter is let through without a second parse.
    if sum(map(header.count, ("[", "{", "- ", "? "))) <= MAX_YAML_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(header, Loader=_YAML_LOADER):  # libyaml's parser does not recurse
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return event.start_mark.line if event.start_mark is not None else 0
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        # Newer PyYAML releases stop deep nesting themselves; it is the same problem.
        if "nesting depth" not in str(exc):
            raise
        mark = getattr(exc, "problem_mark", None)
        return int(mark.line) if mark is not None else 0
    return None


def _too_large(data: object) -> bool:
    """True when the value, with every alias expanded, has more than MAX_YAML_NODES parts."""
    pending, count = [data], 0
    while pending:
        value = pending.pop()
        count += 1
        if count > MAX_YAML_NODES:
            return True  # also where an alias refers to its own container: that never ends
        if isinstance(value, dict):
            pending.extend(value)
            pending.extend(value.values())
        elif isinstance(value, list | tuple | set):
            pending.extend(value)
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")


def _mend_surrogates(data: Any, key: str = "") -> tuple[Any, str | None]:
    """`data` with UTF-16 pairs written as two escapes (`\\ud83d\\ude00`, as JSON writes
    them) joined into their character; and the top-level key of a lone half, if one is left
    (it could never be written out as UTF-8)."""
    if isinstance(data, str):
        if not _SURROGATE.search(data):
            return data, None
        joined = data.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return joined, (key or "?") if "\ufffd" in joined and "\ufffd" not in data else None
    if isinstance(data, list):
        mended = [_mend_surrogates(item, key) for item in data]
        bad = next((b for _, b in mended if b is not None), None)
        return [item for item, _ in mended], bad
    if isinstance(data, dict):
        result: dict[Any, Any] = {}
        for name, value in data.items():
            below = key or str(name)
            name, bad_name = _mend_surrogates(name, below)
            result[name], bad = _mend_surrogates(value, below)
            if bad or bad_name:
                return result, bad or bad_name
        return result, None
    return data, None


def _mended(source: SourceFile, data: Any) -> Any:
    """Front matter with escaped UTF-16 pairs joined, or an error at a lone half's key."""
    data, bad = _mend_surrogates(data)
    if bad is None:
        return data
    return error(
        source.rel,
        front_matter_lines(source).get(bad, 2),
        f"the value of '{bad}' holds an escape that is no character (\\uD800-\\uDFFF)",
        "write the character itself, or a \\U escape of its code point",
    )


def front_matter_lines(source: SourceFile) -> dict[str, int]:
    """The file line of each top-level front-matter key, for messages."""
    found: dict[str, int] = {}
    lines = source.text.split("\n")
    first = _first_line(lines)
    fence = _TOML_FENCE if lines[first].startswith("+") else _FENCE
    for number in range(first + 1, len(lines)):
        if fence.match(lines[number]):
            break
        if match := _KEY.match(lines[number]):
            found.setdefault(match.group(1), number + 1)
    return found


def _first_line(lines: list[str]) -> int:
    """The 0-based index of the first line that is not blank (Quarto skips blank lines)."""
    return next((i for i, line in enumerate(lines) if line.strip()), 0)


class _YamlFront(frontmatter.default_handlers.YAMLHandler):
    """python-frontmatter's YAML handler, loading with quizsite's guarded loader."""

    FM_BOUNDARY = re.compile(r"^---[ \t]*$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        """The header's data; a YAMLError (with its marks) for anything unreadable."""
        deep = nesting_problem(fm)
        if deep is not None:
            raise _TooDeep(deep)
        return yaml.load(fm, Loader=_FrontMatterLoader) if fm.strip() else {}


class _TomlFront(frontmatter.default_handlers.BaseHandler):
    """TOML front matter between `+++` lines (Hugo's), read with the standard library."""

    FM_BOUNDARY = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        """The header's table; tomllib.TOMLDecodeError when it is not TOML."""
        return tomllib.loads(fm)


class _TooDeep(Exception):
    """The header nests deeper than MAX_YAML_DEPTH, at this 0-based header line."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


_HANDLERS = (_YamlFront(), _TomlFront())
_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$")


def split_front_matter(source: SourceFile) -> FrontMatter | Diagnostic:
    """Split the `---` YAML (or `+++` TOML) header from the body, keeping the body's line."""
    lines = source.text.split("\n")
    if not source.text.strip():
        return error(
            source.rel, 1, "the file is empty", 'start it with front matter: ---, title: "...", ---'
        )
    first = _first_line(lines)
    handler = frontmatter.detect_format(lines[first].rstrip() + "\n", _HANDLERS)
    if handler is None and source.page:  # Quarto renders a page without front matter
        return FrontMatter({}, source.text, 1)
    if handler is None:
        return error(
            source.rel,
            first + 1,
            "missing front matter",
            'the first line must be --- followed by at least title: "..." and a closing ---',
        )
    fence = _TOML_FENCE if isinstance(handler, _TomlFront) else _FENCE
    end = next((i for i in range(first + 1, len(lines)) if fence.match(lines[i])), None)
    if end is None:
        return error(
            source.rel,
            first + 1,
            "front matter opened here is never closed",
            f"add a line with {lines[first].strip()} after the last front-matter key",
        )
    header = "\n".join(lines[first + 1 : end])
    try:
        data = handler.load(header)
    except _TooDeep as exc:
        return error(
            source.rel,
            exc.line + first + 2,
            f"front matter is nested more than {MAX_YAML_DEPTH} levels deep",
            "front matter holds simple keys, lists and short mappings; flatten it",
        )
    except yaml.YAMLError as exc:
        return _yaml_problem(source.rel, exc, first + 2)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        reason = re.sub(r" \(at line.*", "", str(exc))
        line = int(match.group(1)) + first + 1 if match else first + 2
        return error(
            source.rel,
            line,
            f"invalid TOML in front matter: {reason}",
            'strings need double quotes: title = "My quiz"',
        )
    if _too_large(data):
        return error(
            source.rel,
            first + 2,
            f"front matter is too large once its *aliases are expanded "
            f"(more than {MAX_YAML_NODES:,} values)",
            "write the values out instead of repeating &anchors",
        )
    if "\\u" in header or "\\U" in header:  # escapes are the only way to a lone surrogate
        data = _mended(source, data)
        if isinstance(data, Diagnostic):
            return data
    if not isinstance(data, dict):
        return error(
            source.rel,
            first + 2,
            "front matter must be a set of `key: value` lines",
            'for example: title: "My quiz"',
        )
    return FrontMatter(data, "\n".join(lines[end + 1 :]), end + 2)


def _yaml_problem(rel: str, exc: yaml.YAMLError, offset: int) -> Diagnostic:
    """An invalid-YAML error at the file line of the mistake (`offset`: the header's first)."""
    # Where a construct began (an unclosed quote) says more than where parsing gave up.
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    line = mark.line + offset if mark is not None else offset
    problem = getattr(exc, "problem", None) or str(exc)
    if context := getattr(exc, "context", None):
        problem = f"{problem} {context}"
    if "escape" in problem:
        hint = "write the character itself, or a \\U escape of its code point"
    elif "quoted scalar" in problem:
        hint = "close the quotes on that line"
    elif problem.startswith(_BAD_VALUE):
        hint = 'put the value in quotes to keep it as text: key: "..."'
    else:
        hint = 'quote values that contain a colon or start with a special character: title: "A: B"'
    return error(rel, line, f"invalid YAML in front matter: {problem}", hint)


def skipped_documents(
    content_dir: Path, published: Iterable[Path], root: Path
) -> list[tuple[str, str]]:
    """Files under `content_dir` named like documents that were not taken as documents (Quarto
    skips them too), each with the reason, relative to `root`: what `check` lists."""
    taken = {str(p) for p in published}
    found: list[tuple[str, str]] = []
    for folder, folders, files in os.walk(content_dir):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        below = Path(folder).relative_to(content_dir)
        hidden = any(part.startswith("_") for part in below.parts)
        for name in sorted(files):
            path = os.path.join(folder, name)
            if not name.endswith(DOCUMENT_SUFFIXES) or path in taken:
                continue
            if name in NOT_DOCUMENTS:
                reason = f"Quarto renders no {name}"
            elif hidden or name.startswith("_"):
                reason = "names starting with _ are not published (Quarto's rule)"
            elif name.startswith("."):
                continue  # a hidden file: not even listed
            elif not name.endswith(POST_SUFFIXES):
                reason = f"{Path(name).suffix} documents are not read"
            else:
                reason = "a file of a folder post, published as it is"
            found.append((Path(path).relative_to(root).as_posix(), reason))
    return found


# ------------------------------------------------------------------------------------------------
# Standalone pages: documents outside the posts folder

# Folders of a site's root that never hold its documents: quizsite's own, outputs, and the
# package libraries R and Python projects keep beside their sources.
_NOT_PAGE_FOLDERS = frozenset(
    {"site", "themes", "static", "renv", "packrat", "node_modules", "venv", "env", "docs"}
)


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
    skip.update(os.path.realpath(root / name) for name in _NOT_PAGE_FOLDERS | {output_dir} if name)
    found: list[Path] = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(
            f
            for f in folders
            if not is_ignored(f) and os.path.realpath(os.path.join(folder, f)) not in skip
        )
        found.extend(Path(folder) / name for name in sorted(files) if name.endswith(POST_SUFFIXES))
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
        else:
            reason = "names starting with _ are not published (Quarto's rule)"
        found.append((path.relative_to(root).as_posix(), reason))
    return found


def is_page_document(path: Path, root: Path) -> bool:
    """Whether a file found outside the posts folder is a standalone page."""
    name = path.name
    # The root's `index` is the home page; a listing is a page listing documents.
    return not (is_ignored(name) or name in NOT_DOCUMENTS or not name.endswith(POST_SUFFIXES))
