"""Watch-mode latency: edit one post under a running `quizsite.watch.Watcher`, time the rewrites.

Usage: python benchmarks/watch_bench.py SITE [--edits 7] [--timeout 20]

Runs in one process, as the watcher does in `quizsite watch`: the watcher's thread builds, the
main thread edits the newest post (its title and question, so the home page changes too) and
polls the output files' stat and content in a tight loop until the post's page, the home page
and every feed listing the post (site-wide and per tag) show the edit. Before the next edit it
lets the rebuild settle and the watcher's check after a pause run. Prints
one JSON object; run.py reads it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import median
from typing import Any

from make_corpus import edit_post, newest_post

# The least time to wait for one edit's pages; a miss is reported, not fatal.
DEFAULT_TIMEOUT = 20.0
# Between edits: builds of the previous edit must be over, or they would be counted twice.
QUIET_SECONDS = 0.3
# After an edit's rebuild: the watcher checks everything once edits pause (0.5 s), which
# must not overlap the next edit.
SETTLE_SECONDS = 1.0
POLL_SLEEP = 0.001  # 1 ms resolution; polling harder takes the GIL from the build being timed
FEED_NAMES = ("feed.xml", "atom.xml", "rss.xml", "index.xml", "feed.atom", "feed.rss")


def _file_state(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is rewritten in place or replaced by a rename."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (info.st_mtime_ns, info.st_ino, info.st_size)


def _feeds(output: Path, slug: str) -> list[Path]:
    """Feed files (site-wide and per tag) that link to the edited post, so they must change too."""
    # By URL, not title: a big corpus repeats titles, never slugs.
    link = f"/posts/{slug}/".encode()
    found = []
    for path in sorted(output.rglob("*")):
        if path.name in FEED_NAMES and path.is_file() and link in path.read_bytes():
            found.append(path)
    return found


class Recorder:
    """The watcher's listener: keeps every outcome with the time it arrived."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.events: list[tuple[float, Any]] = []

    def __call__(self, outcome: Any) -> None:
        """Record one build outcome (called on the watcher's thread)."""
        with self.lock:
            self.events.append((time.perf_counter(), outcome))

    def since(self, moment: float) -> list[tuple[float, Any]]:
        """Outcomes that arrived after `moment`."""
        with self.lock:
            return [e for e in self.events if e[0] > moment]

    def wait_settled(self, moment: float, quiet: float, limit: float) -> None:
        """Return once an outcome arrived after `moment` and none since for `quiet` seconds
        (or after `limit`): the files can be on disk before the build reports."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            with self.lock:
                last = self.events[-1][0] if self.events else 0.0
            if last > moment and time.perf_counter() - last >= quiet:
                return
            time.sleep(quiet / 4)


def wait_for(
    targets: Sequence[Path], before: dict[Path, Any], marker: bytes, saved: float, timeout: float
) -> dict[Path, float | None]:
    """Seconds from `saved` until each target was replaced and holds `marker` (None: never)."""
    pending = list(targets)
    done: dict[Path, float | None] = {}
    deadline = saved + timeout
    while pending and time.perf_counter() < deadline:
        for path in list(pending):
            state = _file_state(path)
            if state is None or state == before[path]:
                continue
            try:
                data = path.read_bytes()
            except FileNotFoundError:  # replaced between stat and read
                continue
            if marker in data:
                done[path] = time.perf_counter() - saved
                pending.remove(path)
            else:
                before[path] = state  # rewritten without the edit yet (an earlier build)
        time.sleep(POLL_SLEEP)
    for path in pending:
        done[path] = None
    return done


def measure(site: Path, edits: int, timeout: float) -> dict[str, Any]:
    """Start a watcher on `site`, make `edits` edits to its newest post, and time each."""
    from quizsite.watch import Watcher  # here, so that a missing quizsite is a clear error

    site = site.resolve()
    output = site / "site"
    post = newest_post(site)
    original = post.read_text(encoding="utf-8")
    slug = post.parent.name if post.name == "index.qmd" else post.stem
    recorder = Recorder()
    watcher = Watcher(site, None, listener=recorder)
    started = time.perf_counter()
    first = watcher.start()
    initial = time.perf_counter() - started
    if first.result is None:
        watcher.stop()
        raise RuntimeError(f"the first build failed: {first.failure}")
    page = output / "posts" / slug / "index.html"
    if not page.is_file():
        watcher.stop()
        raise RuntimeError(f"expected the edited post's page at {page}")
    # An incremental build can take a good part of a full one on a big site; do not give up early.
    timeout = max(timeout, 2 * initial)
    feeds = _feeds(output, slug)
    targets = [page, output / "index.html", *feeds]
    names = {t: t.relative_to(output).as_posix() for t in targets}
    # The first build wrote the whole site; until the kernel has flushed it, creating files is
    # several times slower on a small VM's disk (22 ms instead of 6 for one edit's files). An
    # author edits in a session long past that, so the edits are timed after it.
    os.sync()
    time.sleep(0.5)  # let the observer settle before the first edit
    runs: list[dict[str, Any]] = []
    try:
        for k in range(edits):
            marker = f"qzwatch{os.getpid()}x{k:02d}"
            before = {t: _file_state(t) for t in targets}
            text = edit_post(original, marker)
            post.write_text(text, encoding="utf-8")
            saved = time.perf_counter()
            seen = wait_for(targets, before, marker.encode(), saved, timeout)
            recorder.wait_settled(saved, QUIET_SECONDS, timeout)
            time.sleep(SETTLE_SECONDS)  # the check after a pause, before the next edit
            builds = [o for _, o in recorder.since(saved)]
            results = [o.result for o in builds if o.result is not None]
            per_file = {names[t]: seen[t] for t in targets}
            times = [v for v in per_file.values() if v is not None]
            # The post's page and the home page alone (targets[:2]), feeds aside.
            pages = [v for v in (seen[page], seen[targets[1]]) if v is not None]
            runs.append(
                {
                    "per_file_seconds": per_file,
                    "all_seconds": max(times) if len(times) == len(targets) else None,
                    "pages_seconds": max(pages) if len(pages) == 2 else None,
                    "builds": len(builds),
                    "failures": sum(o.result is None for o in builds),
                    # None when no build reported: the watcher never saw the edit.
                    "build_seconds": sum(r.seconds for r in results) if results else None,
                    "rendered": sum(len(r.rendered) for r in results),
                    "written": sum(len(r.written) for r in results),
                }
            )
    finally:
        restored = time.perf_counter()
        post.write_text(original, encoding="utf-8")
        recorder.wait_settled(restored, QUIET_SECONDS, timeout)
        watcher.stop()
    complete_runs = [r for r in runs if r["all_seconds"] is not None]
    return {
        "posts": sum(1 for _ in (site / "content").rglob("*.qmd")),
        "edited": post.relative_to(site).as_posix(),
        "targets": list(names.values()),
        "initial_build_seconds": initial,
        "runs": runs,
        "missed": len(runs) - len(complete_runs),
        "median_all_seconds": median(r["all_seconds"] for r in complete_runs)
        if complete_runs
        else None,
        "median_build_seconds": median(built) if (built := builds_seconds(runs)) else None,
    }


def builds_seconds(runs: list[dict[str, Any]]) -> list[float]:
    """The build time of each edit that triggered a build."""
    return [r["build_seconds"] for r in runs if r["build_seconds"] is not None]


def main(argv: list[str] | None = None) -> int:
    """Command line: measure and print the figures as JSON."""
    parser = argparse.ArgumentParser(description="Time watch-mode rebuilds of one edited post.")
    parser.add_argument("site", type=Path, help="a site made by make_corpus.py")
    parser.add_argument("--edits", type=int, default=7, help="edits to time (default: 7)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds to wait for one edit (at least twice the first build's time)",
    )
    args = parser.parse_args(argv)
    try:
        figures = measure(args.site, args.edits, args.timeout)
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name == "quizsite":
            reason = f"quizsite is not installed for {sys.executable}"
        else:
            reason = f"importing quizsite failed: {exc}"
        print(f"watch_bench: {reason}", file=sys.stderr)
        return 2
    except (RuntimeError, ValueError) as exc:
        print(f"watch_bench: {exc}", file=sys.stderr)
        return 1
    json.dump(figures, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
