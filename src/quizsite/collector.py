"""The cycle collector's policy, in one place: off while a build runs, and what a build keeps
frozen out of its passes afterwards.

A build makes next to no cyclic garbage, while the collector's passes over the posts and views
it makes (and keeps: a watch session holds the state until the next build) were a large share
of parsing, of planning the pages and of loading a saved state on a big site (figures:
docs/performance.md). A failed build's traceback does leave cycles: watch mode collects them,
and everything frozen with them, once edits pause (`collect`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def held_off(*, freeze: bool = False) -> Iterator[None]:
    """The collector off while the block runs; with `freeze`, what exists is then frozen out
    of its passes (the caller keeps it, and the collector, back on, would walk all of it)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if freeze:
                gc.freeze()
            gc.enable()


def collect(*, thaw: bool = False) -> None:
    """A full collection now (when nothing is building); with `thaw`, of the frozen objects
    too (a failed build froze its garbage with the rest)."""
    if thaw:
        gc.unfreeze()
    gc.collect()


def thaw() -> None:
    """Hand everything frozen back to the collector (a process that runs many builds, as the
    tests do, lets each one's objects go)."""
    gc.unfreeze()
