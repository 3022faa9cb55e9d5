"""The render and write phases: a whole new site staged and swapped in, or an incremental
build's changes written into the output (only the files whose bytes changed)."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

import jinja2

from .config import SiteConfig
from .forks import render_into
from .model import Site
from .output import update_site, write_files
from .output import write_site as write_whole_site
from .render import render_pages
from .search import SearchIndex, index_search
from .stamps import digest
from .state import BuildState, Mode, Plan, Written

# Up to this many changed files are written in place (a build killed meanwhile leaves the next
# one to write the whole site); more, and the site is staged and swapped, which costs a folder
# per page and leaves the old site whole whatever happens.
IN_PLACE_LIMIT = 200

Guard = Callable[[], AbstractContextManager[object]]


def _search_index(
    config: SiteConfig, site: Site, previous: BuildState | None
) -> SearchIndex | None:
    """The search index (None with search off). Made from the posts alone, never the pages:
    the last build's index serves, for the posts it has the very same of, even in a new
    output (CI, with the cache)."""
    if not config.search:
        return None
    kept = previous.search if previous is not None and previous.config == config else None
    return index_search(site, kept)


def render_whole_site(
    config: SiteConfig,
    output: Path,
    env: jinja2.Environment,
    plan: Plan,
    previous: BuildState | None,
) -> Written:
    """Render and write every page into a staging folder (on every core), so no page's bytes
    are held longer than it takes to write them, then swap it in for the output."""
    build_id = new_build_id()
    digests = {path: digest(data) for path, data in plan.extras.items()}
    indexed: list[SearchIndex] = []

    def fill(staging: Path) -> None:
        """Write the pages, then the search index, into the staging folder."""
        digests.update(render_into(staging, env, config.root, plan.pages))
        # Indexed once the pages are written: the forked renderers then share a parent
        # without the index, and the whole tree's memory peaks lower.
        index = _search_index(config, plan.site, previous)
        if index is not None:
            write_files(staging, index.files)
            digests.update(index.digests)  # they come named by their digests
            indexed.append(index)

    copied = {r: p for r, (p, _) in plan.copies.items()}
    write_whole_site(output, plan.extras, copied, build_id=build_id, fill=fill)
    search = indexed[0] if indexed else None
    rendered = tuple(page.path for page in plan.pages)
    found = tuple(search.files) if search is not None else ()
    written = rendered + tuple(plan.extras) + found + tuple(plan.copies)
    contexts = {page.path: page.context for page in plan.pages}
    return Written(build_id, contexts, digests, search, rendered, written, ())


def render_changes(
    config: SiteConfig,
    output: Path,
    env: jinja2.Environment,
    plan: Plan,
    mode: Mode,
    previous: BuildState,
    guard: Guard | None,
) -> Written:
    """Render the pages whose view changed since the last build, and write into the output
    only the files whose bytes changed, and the copies whose stamp did; delete the files of
    pages that are gone. After swaps, only the pages planned were looked at: every other page,
    and its digest, is the last build's."""
    search = _search_index(config, plan.site, previous)
    # Its files come with their digests (they are named by them), and most are as they were.
    found, found_digests = (search.files, search.digests) if search is not None else ({}, {})
    # After swaps, the pages not made again are the last build's, as rendered.
    pages = plan.memo.made_pages if plan.swaps is not None else plan.pages
    contexts, generated = render_pages(
        env, config.root, pages, previous.pages if mode.views else {}
    )
    rendered = tuple(generated)
    generated |= plan.extras
    digests = {path: digest(data) for path, data in generated.items()}
    before_search = previous.search.digests if previous.search is not None else {}
    if plan.swaps is not None:  # the search index's files are listed afresh below
        contexts = {**previous.pages, **contexts}
        digests = {**previous.files, **digests}
        for path in before_search:
            del digests[path]
    elif mode.views:  # pages whose view did not change keep their digest
        same = contexts.keys() - digests.keys()
        digests = dict(zip(same, map(previous.files.__getitem__, same), strict=True)) | digests
    generated |= found
    digests |= found_digests
    to_write = {p: d for p, d in generated.items() if previous.files.get(p) != digests[p]}
    to_copy = {r: p for r, (p, s) in plan.copies.items() if previous.copies.get(r) != (p, s)}
    removed = _removed(previous, plan, digests, before_search.keys() - found.keys())
    touched = len(to_write) + len(to_copy) + len(removed)
    # Whatever this build changes gets a new id into the marker, so that a state saved by an
    # earlier build (the cache, when watch mode changed the folder since) no longer claims
    # to describe the folder.
    build_id = new_build_id() if touched else previous.build_id
    if touched:
        made = (digests.keys(), plan.copies.keys())
        _write_changes(output, to_write, to_copy, removed, made, build_id, guard)
    written = tuple(to_write) + tuple(to_copy)
    return Written(build_id, contexts, digests, search, rendered, written, removed)


def _removed(
    previous: BuildState, plan: Plan, digests: Mapping[str, bytes], gone_search: Collection[str]
) -> tuple[str, ...]:
    """What the last build wrote and this one does not (after a swap, search files only); a
    path that goes from a copy to a made file (or back) is written, not deleted."""
    gone = set(gone_search) if plan.swaps is not None else set(previous.files) - set(digests)
    copies = plan.copies
    gone = (gone - copies.keys()) | (previous.copies.keys() - copies.keys() - digests.keys())
    return tuple(sorted(gone))


def _write_changes(
    output: Path,
    to_write: Mapping[str, bytes],
    to_copy: Mapping[str, Path],
    removed: Sequence[str],
    made: tuple[Collection[str], Collection[str]],
    build_id: str,
    guard: Guard | None,
) -> None:
    """Apply an incremental build's changes: in place (under `guard`, watch mode's write lock,
    whatever their number), or, when many files changed, by staging the whole site (`made`:
    the files generated and copied, those unchanged hard-linked from the old site)."""
    if guard is not None:
        with guard():
            update_site(output, to_write, to_copy, removed, build_id=build_id)
    elif len(to_write) + len(to_copy) + len(removed) <= IN_PLACE_LIMIT:
        update_site(output, to_write, to_copy, removed, build_id=build_id)
    else:
        kept = (set(made[0]) | set(made[1])) - set(to_write) - set(to_copy)
        write_whole_site(output, to_write, to_copy, keep=sorted(kept), build_id=build_id)


def new_build_id() -> str:
    """A random id for the output's marker (what `secrets.token_hex` does, without importing
    `secrets` and `random` into every build)."""
    return os.urandom(8).hex()
