"""The build cache: the last build's state on disk, so the next `quizsite build` is incremental.

The state of the last build (parsed posts, each page's key, digests of the output) and a small
manifest of what the inputs looked like, which answers "did anything change?" without loading
the state or importing the Markdown and template machinery. The parsed posts, most of the
state, are kept apart in a few files named by the stamps of the sources they hold, so that
saving after an edit rewrites one of them rather than every post.

The cache lives in `.quizsite-cache/` under the site root and can be deleted at any time. It is
keyed by a fingerprint of quizsite's own code, so a new version (or any edit to it) never reads
an old cache; an unreadable or mismatched file is ignored, never trusted. The file is a pickle
written by quizsite into the author's own site folder, so it is as trusted as the site itself.
"""

from __future__ import annotations

import copyreg
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import datetime
from functools import cache, partial
from operator import methodcaller
from pathlib import Path, PurePath
from types import FunctionType
from typing import Any, BinaryIO, NamedTuple, Protocol, TypeVar

from . import __version__
from .collector import held_off
from .config import SiteConfig
from .errors import Diagnostic
from .npm_assets import cache_dir
from .output import build_id_of, write_atomically
from .reads import reads_unchanged
from .scan import scan_files, scan_pages
from .stamps import Stamp, digest, file_stamps, source_stamp, stamp, stamp_if_there
from .themes import template_stamp, theme_static

T = TypeVar("T")
CACHE_DIR = ".quizsite-cache"


@cache
def code_fingerprint() -> str:
    """A fingerprint of quizsite's version, the Python version and its source files."""
    return source_fingerprint(Path(__file__).parent)


def source_fingerprint(package: Path) -> str:
    """A fingerprint of the Python files of `package` by their names, sizes and modification
    times, as Python's own bytecode cache tells a changed module (reading them all took
    longer than a one-edit build's parse), with quizsite's and Python's versions."""
    lines = [f"{__version__} {sys.version}"]
    with os.scandir(package) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                stat = entry.stat()
                lines.append(f"{entry.name} {stat.st_size} {stat.st_mtime_ns}")
    return digest("\n".join(lines).encode()).hex()[:16]


def compiled_templates() -> Path:
    """Where compiled templates are kept for every site built on this machine, as Python
    keeps compiled modules: the default theme's are compiled once, not on every cold build.
    Named by quizsite's code, as the code that compiles them (the `{% cache %}` tag) may
    change; Jinja names each template by its path and checks its source's hash."""
    return cache_dir() / f"templates-{code_fingerprint()}"


class Manifest(NamedTuple):
    """The inputs of the last build, as stamps, the output it wrote, and its warnings."""

    output: Path
    build_id: str
    config: SiteConfig
    templates: tuple[tuple[str, int, int], ...]
    # By path as text: unpickling a Path object per post would be most of a "nothing
    # changed" answer on a big site.
    sources: Mapping[str, tuple[object, ...]]
    # The files each post's parse read besides its own (only posts that read any).
    reads: Mapping[str, tuple[tuple[str, bytes | None], ...]]
    # The files each flat post refers to, as copied (only posts that refer to any).
    resources: Mapping[str, tuple[tuple[str, Stamp | None], ...]]
    statics: Mapping[str, tuple[Path, Stamp]]
    next_due: datetime | None  # the first future post's date: from then on, rebuild
    warnings: tuple[Diagnostic, ...]  # what the build warned about: a rebuild would again


def changes_since(config: SiteConfig, output: Path, now: datetime) -> set[Path] | None:
    """The files under content/ changed since the last cached build into `output` (see
    `last_build`)."""
    return last_build(config, output, now)[0]


def last_build(
    config: SiteConfig, output: Path, now: datetime
) -> tuple[set[Path] | None, Manifest | None]:
    """The files under content/ changed (edited, added or deleted: posts and their folders'
    files alike, and the files posts read or refer to) since the last cached build into
    `output`, with that build's manifest: empty when nothing that shapes the site changed,
    None when the cache cannot tell (no cache, another config, a template or static file
    changed)."""
    manifest = load_kept(config.root / CACHE_DIR, "manifest", Manifest)
    if manifest is None or not _describes(manifest, config, output.resolve(), now):
        return None, manifest
    try:
        sources = _source_stamps(config, manifest)
    except Exception:  # a file vanished mid-check, a theme went missing: let the build say
        return None, manifest
    if sources is None:
        return None, manifest
    changed = _files_changed(sources, manifest.sources)
    seen: dict[str, bytes | None] = {}
    changed.update(p for p, reads in manifest.reads.items() if not reads_unchanged(reads, seen))
    changed.update(p for p, files in manifest.resources.items() if _restamped(files))
    return set(map(Path, changed)), manifest


def _describes(manifest: Manifest, config: SiteConfig, output: Path, now: datetime) -> bool:
    """True when the manifest is that of a build of this config into `output` (as `build`
    keeps it: absolute) that the output still holds, and no post became due since."""
    if manifest.output != output or manifest.config != config:
        return False
    if manifest.next_due is not None and now >= manifest.next_due:
        return False
    return bool(manifest.build_id) and build_id_of(output) == manifest.build_id


def _source_stamps(config: SiteConfig, manifest: Manifest) -> dict[str, tuple[object, ...]] | None:
    """The stamp of every post as it is now, or None when a template or static file changed."""
    if template_stamp(config) != manifest.templates:
        return None
    statics = {r: (p, stamp(p)) for r, p in theme_static(config).items()}
    if statics != manifest.statics:
        return None
    found = scan_files(config.content_dir, config.root, quarto=config.quarto)
    pages = scan_pages(config.root, config.content_dir, config.quarto, config.output_dir)
    found += [(str(p.path), tuple(map(str, p.assets))) for p in pages]
    if config.render:  # only a project naming its documents loads the YAML reader for it
        from .quarto_project import rendered

        found = rendered(found, lambda f: f[0], config.render, config.root)
    return {path: source_stamp(path, assets) for path, assets in found}


def _restamped(files: Iterable[tuple[str, Stamp | None]]) -> bool:
    """True when a file a post refers to has a new stamp, or came or went."""
    return any(stamp_if_there(path) != before for path, before in files)


def _files_changed(
    now: Mapping[str, tuple[object, ...]], then: Mapping[str, tuple[object, ...]]
) -> set[str]:
    """The files, posts and their folders' files, whose stamps differ between two sets of
    posts' stamps: each file by name, since the build trusts a named post to keep its
    folder's files, and asks for a scan only when a file named is new or gone."""
    changed: set[str] = set()
    for path in now.keys() | then.keys():
        if now.get(path) != then.get(path):
            files = file_stamps(path, now.get(path))
            old = file_stamps(path, then.get(path))
            changed.update(f for f in files.keys() | old.keys() if files.get(f) != old.get(f))
    return changed


def load_kept(cache_dir: Path, kind: str, of: type[T]) -> T | None:
    """The `of` that `save_kept` saved as `kind` with this very code, or None."""
    return _load(_file(cache_dir, kind), of)


def save_kept(cache_dir: Path, kind: str, value: object) -> None:
    """Keep `value` as `kind` for this code's next run (any other code's file of it goes)."""
    _save(_file(cache_dir, kind), value)


def _file(cache_dir: Path, kind: str) -> Path:
    return cache_dir / f"{kind}-{code_fingerprint()}.pickle"


class _Found(Protocol):
    @property
    def path(self) -> Path: ...


class Parse(Protocol):
    """What the cache needs of a source's parse: the stamp it was made at, its post, and
    where the scan found it."""

    @property
    def stamp(self) -> tuple[object, ...]: ...

    @property
    def post(self) -> object: ...

    @property
    def found(self) -> _Found: ...


# The parses are kept in this many files, a source's chosen by its path.
SHARDS = 32


def load_state(cache_dir: Path, kind: type[T]) -> T | None:
    """The saved state of the last build, or None if there is no usable one."""
    try:
        with _file(cache_dir, "state").open("rb") as file:  # in `build`: nothing collected
            names = pickle.load(file)
            parses: dict[str, Parse] = {}
            for name in names:
                with (cache_dir / name).open("rb") as shard:
                    parses.update(pickle.load(shard))
            value = _Loader(file, parses).load()
    except Exception:  # missing, truncated, corrupt or from other code: start afresh
        # A damaged shard keeps the name of what it should hold: gone, it is written whole
        # again with the next state.
        _drop_others(cache_dir, "posts", ())
        return None
    return value if isinstance(value, kind) else None


def save_state(cache_dir: Path, state: object, parses: Mapping[Path, Parse]) -> None:
    """Save the state for the next build, the `parses` it holds apart (see the module's
    docstring): each shard file is named by the paths and stamps of its sources, so one
    already there holds those very parses and is kept. The state names its shard files and
    refers to each parse, each parse's post and each source's path (the one its parse holds)
    by the source's path as text."""
    shards: list[dict[str, Parse]] = [{} for _ in range(SHARDS)]
    refers: dict[int, tuple[Callable[[str], object], tuple[str]]] = {}
    for path, parse in parses.items():
        key = str(path)
        shards[zlib.crc32(key.encode()) % SHARDS][key] = parse
        refers[id(parse)] = (_parse_of, (key,))
        if parse.post is not None:
            refers[id(parse.post)] = (_post_of, (key,))
        if str(parse.found.path) == key:  # loaded, the state's key is its parse's path
            refers[id(path)] = (_path_of, (key,))
    names = [_shard_name(number, shard) for number, shard in enumerate(shards)]
    try:
        _prepare(cache_dir)
        for name, shard in zip(names, shards, strict=True):
            # Named by what it holds, and written whole or not at all: one there serves.
            if not (cache_dir / name).is_file():
                write_atomically(cache_dir / name, partial(_dump, value=shard))
        kinds: set[type] = {type(parse) for parse in parses.values()}
        kinds |= {type(parse.post) for parse in parses.values() if parse.post is not None}
        reducers = dict.fromkeys(kinds, partial(_refer, refers, _BY_METHOD))
        reducers |= dict.fromkeys(map(type, parses), partial(_refer, refers, _path))

        def dump(file: BinaryIO) -> None:
            _dump(file, names)
            _pickler(file, reducers).dump(state)

        state_file = _file(cache_dir, "state")
        write_atomically(state_file, dump)
        _drop_others(cache_dir, "state", {state_file.name})
        _drop_others(cache_dir, "posts", set(names))  # earlier versions of the shards
    except OSError:
        pass  # a cache that cannot be written is simply skipped


def _shard_name(number: int, shard: Mapping[str, Parse]) -> str:
    """A shard's file name: its number, and a digest of the paths and stamps it holds."""
    held = digest(repr(sorted((k, p.stamp) for k, p in shard.items())).encode())
    return f"posts-{code_fingerprint()}-{number:02}-{held.hex()[:16]}.pickle"


def _parse_of(key: str) -> object:
    """Stands in a saved state for the parse of the source at `key` (see `_Loader`)."""
    raise pickle.UnpicklingError(f"the parse of {key} is read from its shard")


def _post_of(key: str) -> object:
    """Stands in a saved state for the post parsed from the source at `key`."""
    raise pickle.UnpicklingError(f"the post of {key} is read from its shard")


def _path_of(key: str) -> object:
    """Stands in a saved state for the path of the source at `key`: its parse's own (a
    thousand paths made once, not twice)."""
    raise pickle.UnpicklingError(f"the path of {key} is read from its shard")


def _refer(refers: Mapping[int, object], otherwise: Callable[[Any], Any], value: object) -> object:
    """How a parse, a post or a source's path is pickled into the state: by reference to its
    shard's; any other instance of their classes as `otherwise` reduces it."""
    found = refers.get(id(value))
    return found if found is not None else otherwise(value)


class _Loader(pickle.Unpickler):
    """Reads a state, with the references to parses resolved from the shards read before."""

    def __init__(self, file: BinaryIO, parses: Mapping[str, Parse]) -> None:
        super().__init__(file)
        self.parses = parses

    def find_class(self, module: str, name: str) -> Any:
        """The loaded parse (or post) for a reference, anything else as pickle finds it."""
        if module == __name__ and name == _parse_of.__name__:
            return self.parses.__getitem__
        if module == __name__ and name == _post_of.__name__:
            return lambda key: self.parses[key].post
        if module == __name__ and name == _path_of.__name__:
            return lambda key: self.parses[key].found.path
        return super().find_class(module, name)


def _load(path: Path, kind: type[T]) -> T | None:
    try:
        with held_off(), path.open("rb") as file:
            value = pickle.load(file)
    except Exception:  # missing, truncated, corrupt or from other code: start afresh
        return None
    return value if isinstance(value, kind) else None


def _prepare(cache_dir: Path) -> None:
    """The cache folder, tagged so that backup tools skip it."""
    tag = cache_dir / "CACHEDIR.TAG"
    if not tag.is_file():
        cache_dir.mkdir(exist_ok=True)
        tag.write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# quizsite's build cache; safe to delete.\n"
        )


def _dump(file: BinaryIO, value: object) -> None:
    _pickler(file).dump(value)


def _pickler(
    file: BinaryIO, reducers: Mapping[type, Callable[[Any], Any]] | None = None
) -> pickle.Pickler:
    """A pickler into `file`, reducing the instances of the classes `reducers` names by them,
    and those of any other class as `pickle` does (see `_Reducers`)."""
    pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _Reducers(reducers or {})
    return pickler


class _Reducers(dict[type, Callable[[Any], Any]]):
    """A pickler's dispatch table: how each class's instances are reduced, found on the first.
    The same reductions as `pickle`'s own, but quicker to make for the classes most of a state
    is made of: for a plain class (a dataclass) by one Python call, where `object.__reduce_ex__`
    looks up half a dozen methods per instance; and a class the table has no entry for costs
    a raised KeyError per instance."""

    def __missing__(self, kind: type) -> Callable[[Any], Any]:
        if issubclass(kind, type):
            raise KeyError(kind)  # a class with a metaclass: `pickle` saves it by name
        reducer = copyreg.dispatch_table.get(kind) or _reducer(kind)
        self[kind] = reducer
        return reducer


# What a class defines when its instances are not reduced as a plain object's.
_OWN_REDUCTION = (
    "__reduce_ex__",
    "__reduce__",
    "__getstate__",
    "__getnewargs_ex__",
    "__getnewargs__",
)
_BY_METHOD = methodcaller("__reduce_ex__", pickle.HIGHEST_PROTOCOL)


def _reducer(kind: type) -> Callable[[Any], Any]:
    """How `pickle` reduces an instance of `kind`: a path by its text, a named tuple by its
    values; else by the class's own `__reduce__`; as `object.__reduce_ex__` does, written
    out, for a class of Python's own (all its state in its `__dict__`) and for a text's (no
    state but the text, as `Markup`); else by the instance's own `__reduce_ex__`."""
    if issubclass(kind, PurePath):
        return _path
    if kind.__bases__ == (tuple,) and "_fields" in vars(kind):
        return _record
    reduce = _defining(kind, "__reduce__")
    if _defining(kind, "__reduce_ex__") is object and reduce is not object:
        method = vars(reduce)["__reduce__"]
        if isinstance(method, FunctionType):
            return method  # what `object.__reduce_ex__` would call
        return _BY_METHOD
    return _by_state(kind)


def _by_state(kind: type) -> Callable[[Any], Any]:
    """How `object.__reduce_ex__` reduces an instance of `kind` (a class without its own
    reduction): written out for a plain class of Python's own and for a text's, else that."""
    own = kind.__mro__[:-1]  # all but object
    if own[-1:] == (str,) and kind.__basicsize__ == str.__basicsize__:
        own, plain, slots = own[:-1], _text, ()
    elif kind.__basicsize__ == _PLAIN_SIZE:
        plain, slots = _plain, None
    else:
        return _BY_METHOD
    if own and all(
        c.__flags__ & _HEAP_TYPE
        and vars(c).get("__slots__", None) == slots
        and not any(name in vars(c) for name in _OWN_REDUCTION)
        for c in own
    ):
        return plain
    return _BY_METHOD


def _defining(kind: type, name: str) -> type:
    """The class whose `name` an instance of `kind` has (`kind` or one of its bases)."""
    return next(c for c in kind.__mro__ if name in vars(c))


_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made by a class statement
_PLAIN_SIZE = type("Plain", (), {}).__basicsize__  # an instance of such a class, but its dict
_NEWOBJ = copyreg.__newobj__  # type: ignore[attr-defined]


def _plain(value: Any) -> tuple[object, ...]:
    """The reduction of an object whose state is its `__dict__` (as `object.__reduce_ex__`)."""
    return _NEWOBJ, (type(value),), value.__dict__ or None


def _record(value: tuple[object, ...]) -> tuple[object, ...]:
    """The reduction of a named tuple: made again by `tuple.__new__` from its values, where
    its class's own `__new__` is a Python function, called once per record of a loaded state."""
    return tuple.__new__, (type(value), tuple(value))


def _text(value: Any) -> tuple[object, ...]:
    """The reduction of a text of a subclass of `str` holding nothing else: made again by
    `str.__new__`, as the subclass's own `__new__` (`Markup`'s is Python) would only check
    what it was given, thousands of times per loaded state."""
    return str.__new__, (type(value), str.__str__(value))


def _path(value: PurePath) -> tuple[object, ...]:
    """The reduction of a path: by its text, which a path is made from in half the time of
    the parts `pathlib` pickles (a loaded state holds thousands)."""
    return type(value), (str(value),)


def _drop_others(cache_dir: Path, kind: str, kept: Collection[str]) -> None:
    """Remove the `kind` files not `kept` (left by another version of quizsite, or earlier)."""
    for old in cache_dir.glob(f"{kind}-*.pickle"):
        if old.name not in kept:
            old.unlink(missing_ok=True)


def _save(target: Path, value: object) -> None:
    """Write atomically; a cache that cannot be written is simply skipped."""
    try:
        _prepare(target.parent)
        write_atomically(target, partial(_dump, value=value))
        _drop_others(target.parent, target.name.split("-")[0], {target.name})
    except OSError:
        pass
