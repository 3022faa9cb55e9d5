"""Work shared out over forked processes: parsing many posts, rendering a whole new site.

Worker processes are forked, so they start at once with everything imported and
inherit everything in memory: nothing big is pickled on the way in, only results come back.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Collection, Sequence
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import jinja2

from . import output
from .errors import BuildFailed, Diagnostic
from .stamps import digest
from .templates import render_page
from .views import Page

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


def cores(jobs: int, threshold: int) -> int:
    """How many processes to spread `jobs` over: every core, when there are `threshold` jobs.

    A process with other threads running (watch, serve) is never forked: a fork copies their
    locks in whatever state they are; those builds work in one process.
    """
    if jobs < threshold or threading.active_count() > 1 or not hasattr(os, "fork"):
        return 1
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


R = TypeVar("R")


def shared(function: Callable[[int, int], R], count: int) -> list[R]:
    """`function(k, count)` for each share k, share 0 in this process and the others in forked
    ones, which inherit everything in memory: nothing big is pickled on the way in."""
    import multiprocessing  # here: most builds (an edit, watch mode) never fork

    context = multiprocessing.get_context("fork")
    workers = []
    for k in range(1, count):
        receive, send = context.Pipe(duplex=False)
        worker = context.Process(target=_send, args=(function, k, count, send), daemon=True)
        worker.start()
        send.close()
        workers.append((worker, receive))
    try:
        results = [function(0, count)]
        for _, receive in workers:
            done, value = receive.recv()
            if not done:
                raise value
            results.append(value)
    finally:
        for worker, receive in workers:
            receive.close()
            worker.join(timeout=5)
            if worker.is_alive():  # share 0 failed while this one still ran
                worker.terminate()
                worker.join()
    return results


def _send(function: Callable[[int, int], R], k: int, count: int, send: Connection) -> None:
    """A forked worker's body: one share's result (or its exception) down the pipe."""
    try:
        message: tuple[bool, object] = (True, function(k, count))
    except BaseException as exc:  # the parent raises it; a worker must not die silently
        message = (False, exc)
    send.send(message)
    send.close()


# Below this many pages, forking renderers costs more than it saves.
PARALLEL_RENDER_THRESHOLD = 256


def render_into(
    folder: Path, env: jinja2.Environment, root: Path, pages: Sequence[Page]
) -> dict[str, bytes]:
    """Render `pages` into files under `folder` (on every core for a big site); returns each
    file's digest. Template problems fail the build, all of them at once, in page order."""
    # The folders holding other folders ("posts/", "tags/") are made here, parents first.
    # Every other one is made by the process writing its pages: on a slow disk a mkdir can
    # take most of a post page's time, and so it overlaps the other's rendering rather than
    # running, one a post, before the work is shared out (figures: docs/performance.md).
    inner = {""}  # as paths under `folder`; "" is `folder` itself
    for page in pages:
        place = page.path.rpartition("/")[0]
        while place and (parent := place.rpartition("/")[0]) not in inner:
            inner.add(parent)
            place = parent
    for made in sorted(inner):  # a folder's path is a prefix of its subfolders': first
        (folder / made).mkdir(exist_ok=True)
    count = cores(len(pages), PARALLEL_RENDER_THRESHOLD)
    if count > 1:  # compiled once here, not once in each forked process
        _compile_templates(env, pages)
    share = partial(_render_share, folder, env, root, pages, inner)
    results = [share(0, 1)] if count == 1 else shared(share, count)
    digests: dict[str, bytes] = {}
    problems: dict[str, tuple[int, Diagnostic]] = {}
    for written, found in results:
        digests.update(written)
        for index, problem in found:
            key = problem.format()
            if key not in problems or index < problems[key][0]:
                problems[key] = (index, problem)
    if problems:
        raise BuildFailed([problem for _, problem in sorted(problems.values(), key=_first)])
    return digests


def _compile_templates(env: jinja2.Environment, pages: Sequence[Page]) -> None:
    """Load the pages' templates and every other template of the theme before the renderers
    fork, so that each is compiled once and shared by them, rather than compiled again by
    every process that renders a page using it (a page's template includes and extends others
    by name, loaded as it renders, so the theme's whole list is taken). One that fails to load
    is left for the pages using it to report, in page order."""
    for name in {*(page.template for page in pages), *env.list_templates()}:
        with suppress(Exception):  # a broken template fails the page using it, as before
            env.get_template(name)


def _first(entry: tuple[int, Diagnostic]) -> int:
    """A problem's page index, to sort problems in page order."""
    return entry[0]


def _render_share(
    folder: Path,
    env: jinja2.Environment,
    root: Path,
    pages: Sequence[Page],
    inner: Collection[str],
    k: int,
    count: int,
) -> tuple[dict[str, bytes], list[tuple[int, Diagnostic]]]:
    """Render and write the pages in the `k`-th of `count` shares of the folders (by a hash
    of their paths, the same in forked processes), making each folder not `inner`: their
    digests, and problems with the index of the page that met them."""
    digests: dict[str, bytes] = {}
    problems: list[tuple[int, Diagnostic]] = []
    made = set(inner)
    base = f"{folder}/"  # paths as text: a Path made for each of thousands of files costs
    for index, page in enumerate(pages):
        place = page.path.rpartition("/")[0]
        if hash(place) % count != k:
            continue
        if place not in made:
            made.add(place)
            with suppress(FileExistsError):  # a post's copied files may have made it
                os.mkdir(base + place)  # noqa: PTH102 (no Path made, as above)
        try:
            data = render_page(env, root, page)
        except BuildFailed as failure:
            problems.extend((index, problem) for problem in failure.diagnostics)
            continue
        output.write_new(base + page.path, data)
        digests[page.path] = digest(data)
    return digests, problems
