"""The memo: views kept from one build to the next, each page with what it read.

A page is made by a function of the arguments the plan hands it (the posts a listing shows, its
place among its siblings) that reads everything else through the plan's reader (a post's
data, a tag's link, a reading list entry, the site view); the memo records those reads. The
next build compares what each page read with what the site holds now: the reverse index
(input → pages that read it) names the pages an edit reaches, and only those, and the pages
whose arguments changed, are made again. A page made again whose view equals the old one is
handed back as it was (the early cut-off), so the renderer skips it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from .views import Page

V = TypeVar("V")

# An input a page may read: ("post", slug), ("tag", slug), ("entry", url), ("spot", url),
# ("site",). Its value is looked up in the build's table of inputs.
Name = Hashable


class _AsRendered(Mapping[str, Any]):
    """Stands, in the build cache, for the view a page was last rendered from (see
    `cached_views`): an empty mapping, equal to no real view, the same object once loaded."""

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __reduce__(self) -> str:
        return "AS_RENDERED"  # pickled as a reference to the one instance


AS_RENDERED = _AsRendered()


class Spec(NamedTuple):
    """One page of the plan: where it goes, and how its view is made (`make(reader, *args)`)."""

    path: str
    make: Callable[..., Page]
    args: tuple[object, ...] = ()


class Record(NamedTuple):
    """A page as last made: the arguments it was made from, the inputs it read, the page."""

    args: tuple[object, ...]
    reads: tuple[Name, ...]
    page: Page


@dataclass
class MemoState:
    """What a memo carries from one build to the next."""

    pages: dict[str, Record] = field(default_factory=dict)
    inputs: dict[Name, object] = field(default_factory=dict)  # every input's value, last build
    # A maker -> ident -> (arguments, view): the parts pages are assembled from.
    views: dict[Callable[..., Any], dict[Hashable, tuple[tuple[object, ...], Any]]] = field(
        default_factory=dict
    )
    derived: dict[str, tuple[object, Any]] = field(default_factory=dict)  # name -> (key, value)
    # The reverse index (input -> paths reading it), once made: see `readers`.
    index: dict[Name, set[str]] | None = None
    # Builds since the index was let go that asked which pages read an input (see `Memo.mark`).
    asked: int = 0
    # The last build's specs, its pages in their order and each path's place (see
    # `Memo.pages`); like the index, kept in memory only.
    listed: tuple[list[Spec], list[Page], dict[str, int] | None] | None = None

    @property
    def readers(self) -> dict[Name, set[str]]:
        """The reverse index: each input with the paths of the pages reading it. Made from the
        pages' reads when first asked for, and kept up to date from then on. A cold build never
        asks, and the build cache does not keep it: a command-line build asks once, for the few
        inputs an edit changed, and one look over the pages' reads answers that."""
        if self.index is None:
            index: dict[Name, set[str]] = {}
            self.index = index
            for path, record in self.pages.items():
                for name in record.reads:
                    paths = index.get(name)
                    if paths is None:
                        index[name] = {path}
                    else:
                        paths.add(path)
        return self.index


# Kept for the build's state: a memo's state under the name the build knows it by.
MemoEntries = MemoState


class Memo:
    """Views kept from the previous build (see the module's docstring). A memo serves only
    builds with the same config and templates, so nothing here looks at those."""

    def __init__(self, previous: MemoState | None = None) -> None:
        # Copied, not shared: the previous build's state stays as it was.
        old = previous or MemoState()
        self.entries = MemoState(
            dict(old.pages),
            old.inputs,
            # Each maker's table copied when this build first changes it (`_table`).
            dict(old.views),
            dict(old.derived),
            # Each set copied when this build first changes it.
            dict(old.index) if old.index is not None else None,
            old.asked,
            old.listed,
        )
        self._copied: set[Name] = set()
        self._own_tables: set[Callable[..., Any]] = set()
        # One object per name (see `page`): the last build's, once `begin` takes every input.
        self._names: dict[Name, Name] = {}
        self._dirty: set[str] = set()
        self._reading: list[Name] = []
        # While a page is made, the reads' list's own `append` and `extend` (makers note tens
        # of reads a page: a call each of a method of ours cost more than the making); else
        # reads are not noted.
        self.note: Callable[[Name], None] = _ignore
        self.note_all: Callable[[tuple[Name, ...]], None] = _ignore
        self.made_pages: list[Page] = []  # the pages made (again) by this build, in plan order

    @property
    def made(self) -> list[str]:
        """The paths of the pages made (again) by this build, in plan order."""
        return [page.path for page in self.made_pages]

    def begin(
        self, inputs: dict[Name, object], touched: Collection[Name] | None = None
    ) -> list[tuple[Name, object]]:
        """Take this build's inputs (of which only those `touched` may differ from the last
        build's, when given). Returns those whose value changed, with their last build's
        values (the caller marks the pages reading them, and the parts they changed, at once)."""
        before = self.entries.inputs
        names = before if touched is None else [name for name in touched if name in before]
        changed = [
            (name, value)
            for name in names
            if (now := inputs.get(name, _GONE)) is not (value := before[name]) and now != value
        ]
        if touched is not None and len(inputs) == len(before):
            # The last build's inputs updated (by the caller): each name the last build's own
            # object still, as a dict keeps its key when its value is replaced.
            self.entries.inputs = inputs
        else:
            names = self._names = {name: name for name in before}
            self.entries.inputs = {names.setdefault(n, n): value for n, value in inputs.items()}
        return changed

    def mark(self, names: Collection[Name]) -> None:
        """The pages that read any of `names` are made again. Without a reverse index, the
        first build to ask looks over every page's reads; a second one (watch mode, asking
        at every edit) makes the index."""
        entries = self.entries
        if not names:
            return
        if entries.index is None and entries.asked == 0:
            entries.asked = 1
            wanted = set(names)
            self._dirty.update(
                path
                for path, record in entries.pages.items()
                if not wanted.isdisjoint(record.reads)
            )
            return
        readers = entries.readers
        for name in names:
            self._dirty.update(readers.get(name, ()))

    def kept(self, maker: Callable[..., V], ident: Hashable) -> V | None:
        """The view `maker` made for `ident` and the memo still holds, if any."""
        entry = self.entries.views.get(maker, {}).get(ident)
        return None if entry is None else entry[1]

    def view(
        self, maker: Callable[..., V], ident: Hashable, args: tuple[object, ...], *fixed: object
    ) -> V:
        """`maker(*fixed, *args)`, or the view the previous build made for `ident` from equal
        `args` (`fixed`: what every build hands the maker alike, the URLs or the config)."""
        table = self.entries.views.get(maker)
        entry = table.get(ident) if table is not None else None
        if entry is None or entry[0] != args:  # (a tuple compares items by identity first)
            entry = self._table(maker)[ident] = (args, maker(*fixed, *args))
        return entry[1]

    def _table(self, maker: Callable[..., Any]) -> dict[Hashable, tuple[tuple[object, ...], Any]]:
        """`maker`'s table of parts, as this build's own: copied from the last build's the
        first time this build changes it (an edit changes a few of thousands of entries)."""
        views = self.entries.views
        if maker not in self._own_tables:
            self._own_tables.add(maker)
            views[maker] = dict(views.get(maker, ()))
        return views[maker]

    def derive(self, name: str, key: object, make: Callable[[], V]) -> V:
        """A value derived from the site's structure, made again only when `key` changed."""
        entry = self.entries.derived.get(name)
        if entry is None or not _same((entry[0],), (key,)):
            entry = self.entries.derived[name] = (key, make())
        return entry[1]

    def plan(self, make: Callable[[], list[Spec]], same: bool) -> list[Spec]:
        """Every page's spec: `make()`, or the last build's when the site's structure is the
        `same`. Pages no longer planned are forgotten."""
        entry = self.entries.derived.get("plan")
        if entry is not None and same:
            return entry[1]  # type: ignore[no-any-return]
        specs = make()
        self.entries.derived["plan"] = (None, specs)
        pages, paths = self.entries.pages, {spec.path for spec in specs}
        for path in pages.keys() - paths:
            reads = pages.pop(path).reads
            if self.entries.index is not None:
                self._unread(path, reads)
        return specs

    def pages(self, specs: list[Spec], reader: object) -> list[Page]:
        """The page of each spec (see `page`), the ones an edit left alone found in one loop:
        thousands of them a build, where an edit reaches tens. With the very specs of the last
        build (a watch edit that kept the site's structure), the pages reading what changed
        are all there is to make: the others are the last build's list's own."""
        listed = self.entries.listed
        if listed is not None and listed[0] is specs:
            found, places = list(listed[1]), listed[2]
            if places is None:  # the first such edit since the plan was made
                places = {spec.path: place for place, spec in enumerate(specs)}
            for place in sorted(places[path] for path in self._dirty if path in places):
                found[place] = self.page(specs[place], reader)
        else:
            records, dirty, page = self.entries.pages, self._dirty, self.page
            found = []
            for spec in specs:
                record = records.get(spec.path)
                if record is not None and spec.path not in dirty and _same(record.args, spec.args):
                    found.append(record.page)
                else:
                    found.append(page(spec, reader))
            places = None
        self.entries.listed = (specs, found, places)
        return found

    def page(self, spec: Spec, reader: object) -> Page:
        """The page of `spec`: the last build's, unless its arguments or an input it read
        changed; a page made again with an equal view is the last build's too."""
        record = self.entries.pages.get(spec.path)
        if record is not None and spec.path not in self._dirty and _same(record.args, spec.args):
            return record.page
        reading = self._reading = []
        self.note, self.note_all = reading.append, reading.extend
        try:
            page = spec.make(reader, *spec.args)
        finally:
            # One object per name across pages, the index and the inputs: the build cache
            # pickles each once.
            names = self._names
            reads = tuple([names.setdefault(n, n) for n in dict.fromkeys(reading)])
            self.note = self.note_all = _ignore
        old = record.page.context if record is not None else AS_RENDERED
        if record is not None and old is not AS_RENDERED and old == page.context:
            page = record.page  # the early cut-off: the renderer skips the same object
        if self.entries.index is not None and (record is None or record.reads != reads):
            if record is not None:
                self._unread(spec.path, record.reads)
            self._index(spec.path, reads)
        self.entries.pages[spec.path] = Record(spec.args, reads, page)
        self.made_pages.append(page)
        return page

    def _index(self, path: str, reads: tuple[Name, ...]) -> None:
        """Add `path` to the reverse index of `reads` (each set copied, the first time this
        build changes it, from the last build's, which stays as it was)."""
        readers, copied = self.entries.readers, self._copied
        for name in reads:
            if name in copied:  # this build's own set
                readers[name].add(path)
            else:
                copied.add(name)
                readers[name] = {*readers.get(name, ()), path}

    def _unread(self, path: str, reads: tuple[Name, ...]) -> None:
        """Take `path` out of the reverse index of `reads`."""
        for name in reads:
            if name in self.entries.readers:
                paths = self._readers(name)
                paths.discard(path)
                if not paths:
                    del self.entries.readers[name]
                    self._copied.discard(name)

    def _readers(self, name: Name) -> set[str]:
        """The paths reading `name` (in the index), as this build's own set."""
        readers = self.entries.readers
        if name not in self._copied:
            self._copied.add(name)
            readers[name] = set(readers[name])
        return readers[name]

    def forget(self, gone: Collection[Hashable]) -> None:
        """Forget the parts made for the idents `gone` (the posts an edit replaced), where
        every other ident is known to live on (what `keep` would find, for less)."""
        for maker, table in list(self.entries.views.items()):
            if any(ident in table for ident in gone):
                table = self._table(maker)
                for ident in gone:
                    table.pop(ident, None)

    def keep(self, live: Collection[Hashable]) -> None:
        """Forget the parts made for idents not in `live` (posts replaced or gone, resources
        and tags gone), so they do not pile up across a watch session. A part made for a
        tuple of idents (a resource on a tag's reading list) lives while each of them does."""
        for maker, table in list(self.entries.views.items()):
            for ident in table.keys() - live:
                if type(ident) is not tuple or not all(part in live for part in ident):
                    del self._table(maker)[ident]


_GONE = object()


def _ignore(_: object) -> None:
    """A read while no page is being made (the plan's, or the start of a build's, comparing
    an edited post's parts) is not noted."""


def _same(before: tuple[object, ...], now: tuple[object, ...]) -> bool:
    """Equal argument tuples (a tuple compares its items by identity first: mostly they are
    the very same objects)."""
    return before == now


_DURABLE: set[Callable[..., Any]] = set()


def durable(maker: Callable[..., V]) -> Callable[..., V]:
    """Mark a maker whose views are small enough for the build cache to keep (a post's link):
    a command-line build then tells an edit that left them as they were from one that did
    not."""
    _DURABLE.add(maker)
    return maker


def _as_rendered(record: Record) -> Record:
    """A page's record with its view let go (most of a loaded state's already are)."""
    page = record.page
    return Record(record.args, record.reads, Page(page.path, page.template, AS_RENDERED))


def cached_views(entries: MemoState) -> MemoState:
    """What the build cache keeps of a memo: each page's record with its view replaced by
    AS_RENDERED, the inputs, the durable parts and what was derived from the site's structure
    (the plan's specs, the site view, where each resource is listed); not the other parts
    (cards, feed entries, sidebars, ...), nor the reverse index.

    The views are much of a build's state, and on disk they cost more to save and load than
    to make again for the few pages an edit reaches. A page whose record still holds is as it
    was rendered, which is all the next build needs to know about it. The specs cost little
    to keep (their paths and arguments are the records' own objects, pickled once), and an
    edit that keeps the site's structure then plans no family again.
    """
    pages = {
        path: record if record.page.context is AS_RENDERED else _as_rendered(record)
        for path, record in entries.pages.items()
    }
    kept = {maker: table for maker, table in entries.views.items() if maker in _DURABLE}
    # The reverse index, and the list of pages, are made again when a build asks for them.
    return MemoState(pages, entries.inputs, kept, entries.derived)
