"""What a build keeps and hands on: its state (the next build starts from it), its result,
and the records its phases pass along (what it may reuse, its plan, what it wrote)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from .config import SiteConfig
from .copies import Copies
from .errors import Diagnostic
from .memo import AS_RENDERED, Memo, MemoEntries, cached_views
from .model import Post, Site
from .parses import ParsedSource
from .render import Context
from .search import SearchIndex
from .skipped import Documents
from .stamps import Stamp
from .views import Page

Statics = Mapping[str, tuple[Path, Stamp]]


class BuildState(NamedTuple):
    """What a build produced; the next build (watch mode, or a CLI build through the cache)
    starts from it and redoes only what changed."""

    config: SiteConfig
    output: Path
    build_id: str  # also in the output's marker: tells whether the output is still this build's
    parsed: Mapping[Path, ParsedSource]
    templates: tuple[tuple[str, int, int], ...]
    pages: Mapping[str, Context]  # the view each page was rendered from
    views: MemoEntries  # the views those are made of, for the next build to reuse
    files: Mapping[str, bytes]  # digest of every generated file, pages included
    copies: Mapping[str, tuple[Path, Stamp]]  # copied files and the source stamp copied
    statics: Statics  # the theme's and the site's static files
    next_due: datetime | None  # the first post dated after this build: it shows from then on
    search: SearchIndex | None  # the search index written (None with search off)
    site: Site  # the site index the pages were made from
    shadowed: tuple[Diagnostic, ...] = ()  # files not copied where the site writes its own
    warnings: tuple[Diagnostic, ...] = ()  # what the build warned about, all of it
    # What an edit takes as it was (edits.py): every post as checked, and the problems found;
    # the files made without a template (not in the build cache: they are made again).
    posts: Sequence[Post] | None = None
    problems: tuple[Diagnostic, ...] | None = None
    extras: Mapping[str, bytes] | None = None
    # The content folder's files named like documents, for the command line to count those
    # not taken (None: a build it did not make); the next build keeps them while they hold.
    documents: Documents | None = None

    def for_cache(self) -> BuildState:
        """This state as the build cache saves it: without the pages' views, which a loaded
        state does not need (see `memo.cached_views`)."""
        return self._replace(
            pages=dict.fromkeys(self.pages, AS_RENDERED),
            views=cached_views(self.views),
            extras=None,
        )


class BuildResult(NamedTuple):
    """What a successful build did."""

    output: Path
    pages: int
    files: int
    seconds: float
    warnings: tuple[Diagnostic, ...]
    # The state of the site the output holds: this build's, or, when nothing changed, the
    # last build's (as given, or as the build cache kept it).
    state: BuildState
    rendered: tuple[str, ...]  # pages rendered by this build (others were reused)
    written: tuple[str, ...]  # output files written (all of them on a full build)
    removed: tuple[str, ...]  # output files deleted by an incremental build


class Mode(NamedTuple):
    """What this build may take from the last one: decided once, after parsing, in place of
    flags threaded through every phase."""

    previous: BuildState | None  # the last build into this very output, when known
    intact: bool  # the output is still what `previous` wrote (its marker names its build id)
    views: bool  # intact, with the same config and templates: its views and renders serve
    same_sources: bool  # every parse is the very one of `previous` (nothing was parsed again)
    cache: bool  # the state came from the site's build cache and goes back to it


class Plan(NamedTuple):
    """What the site is made of: its pages (with their views) and the files beside them."""

    site: Site
    # The edited posts swapped into the last build's site (old → new): only the pages that
    # show one were planned, the others are the last build's. None: every page was planned.
    swaps: Mapping[Post, Post] | None
    pages: list[Page]
    memo: Memo
    extras: Mapping[str, bytes]  # files the build makes without a template
    copies: Copies
    shadowed: tuple[Diagnostic, ...]  # copies left out where the site writes its own file


class Written(NamedTuple):
    """What the render and write phases did to the output folder."""

    build_id: str
    contexts: Mapping[str, Context]  # every page's view, as rendered
    digests: Mapping[str, bytes]  # every generated file's
    search: SearchIndex | None
    rendered: tuple[str, ...]
    written: tuple[str, ...]
    removed: tuple[str, ...]
