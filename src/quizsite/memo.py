"""The memo: views kept from one build to the next, each with what it was made from."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


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


MemoEntries = dict[str, dict[object, tuple[object, Any]]]  # kind -> ident -> (key, view)


class _Lazy(dict[K, V]):
    """A mapping that makes each value when it is first asked for: a page made again asks
    only for the views of what it shows, so an edit does not cost a lookup per post."""

    def __init__(self, make: Callable[[K], V]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: K) -> V:
        value = self[key] = self._make(key)
        return value


class Memo:
    """Views kept from the previous build, so that an unchanged post gets the very same view
    objects back: pages are then assembled from lookups, and comparing a page's view with the
    one it was last rendered from mostly stops at identity.

    Each view is stored with the key it was made from: the post (compared by identity, which
    the parse cache keeps for unchanged files) and the views of anything else it shows. Whole
    pages are kept too, keyed by the very objects they show. A memo serves only builds with
    the same config and templates, so keys leave those out.
    """

    def __init__(self, previous: MemoEntries | None = None) -> None:
        # Copied, not shared: the previous build's state stays as it was. Views not asked
        # for by this build (those of pages it did not make again) are carried over.
        self.entries: MemoEntries = {kind: dict(old) for kind, old in (previous or {}).items()}

    def get(self, kind: str, ident: object, key: object, make: Callable[..., V], *args: Any) -> V:
        """The `kind` view of `ident`: the previous build's if made from an equal key, else
        `make(*args)`."""
        entries = self.entries.setdefault(kind, {})
        entry = entries.get(ident)
        if entry is None or entry[0] != key:
            entry = entries[ident] = (key, make(*args))
        return entry[1]

    def keep(self, kinds: Iterable[str], live: Collection[object]) -> None:
        """Forget the views of the `kinds` whose ident is not in `live` (a post removed or
        replaced, a page gone), so they do not pile up across a watch session."""
        for kind in kinds:
            entries = self.entries.get(kind)
            if entries is not None:
                for ident in entries.keys() - live:
                    del entries[ident]

    def forget(self, kinds: Iterable[str], gone: Iterable[object]) -> None:
        """Forget the views of the `kinds` made for `gone` (posts replaced by edited versions)."""
        for kind in kinds:
            entries = self.entries.get(kind, {})
            for ident in gone:
                entries.pop(ident, None)


def cached_views(entries: MemoEntries) -> MemoEntries:
    """What the build cache keeps of a memo: each page's key, with the page's view replaced by
    AS_RENDERED, and the small views those keys hold (tag links, the site view).

    The views are much of a build's state, and on disk they cost more to save and load than
    to make again for the few pages an edit reaches. A page whose key is unchanged is as it
    was rendered, which is all the next build needs to know about it.
    """
    pages = {
        path: (key, dataclasses.replace(page, context=AS_RENDERED))
        for path, (key, page) in entries.get("page", {}).items()
    }
    return {kind: entries[kind] for kind in ("tag", "tags", "site") if kind in entries} | {
        "page": pages
    }


# The kinds of views made for one post (and kept while it is the site's).
POST_VIEWS = ("own", "summary", "sidebar", "feed", "sheet")
