"""Where a cold build's memory peak is: each process of the build's tree at the tree's peak.

Usage: python benchmarks/memory.py [--posts 10000] [--seed 1] [SITE]

Writes the benchmark corpus into SITE (a temporary folder when none is given; an existing
corpus is built as it is), makes one cold `quizsite build` of it and samples every process of
the build's tree as `run.py` does ("whole tree (sampled PSS)": /proc/PID/smaps_rollup every
20 ms). Prints the tree's peak and, at that moment, each process's PSS, its private pages and
the pages it still shares with the others (forked renderers share the parent's heap until
either writes to a page, a reference count included). Linux only.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_corpus import write_corpus
from run import CACHE_DIR, MEMORY_SAMPLE_SECONDS, OUTPUT_DIR, SetAside, _descendants

Sample = dict[int, tuple[int, int, int]]  # pid -> (PSS, private dirty, shared dirty) in kB
_FIELDS = ("Pss", "Private_Dirty", "Shared_Dirty")


def _rollup(pid: int) -> tuple[int, int, int]:
    """A process's PSS, private dirty and shared dirty memory in kB (zeros once it is gone)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return (0, 0, 0)
    found = [re.search(rf"^{name}:\s+(\d+) kB", text, re.MULTILINE) for name in _FIELDS]
    pss, private, shared = (int(m.group(1)) if m else 0 for m in found)
    return (pss, private, shared)


def peak_of(command: list[str]) -> tuple[float, float, Sample]:
    """Run `command`; its wall time, the moment of its tree's PSS peak and each process then."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    peak, when, at_peak = 0, 0.0, {}
    while process.poll() is None:
        sample = {pid: _rollup(pid) for pid in _descendants(process.pid)}
        total = sum(values[0] for values in sample.values())
        if total > peak:
            peak, when, at_peak = total, time.perf_counter() - started, sample
        time.sleep(MEMORY_SAMPLE_SECONDS)
    if process.returncode != 0:
        raise SystemExit(f"the build failed (exit {process.returncode}): {' '.join(command)}")
    return time.perf_counter() - started, when, at_peak


def main(argv: list[str] | None = None) -> int:
    """Command line: one sampled cold build, and the tree at its peak."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    quizsite = Path(sys.executable).with_name("quizsite")
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site or Path(scratch) / "site"
        if not (site / "content").is_dir():
            write_corpus(site, args.posts, args.seed)
        aside = SetAside(Path(scratch) / "aside")  # renamed, not deleted (see run.SetAside)
        for name in (OUTPUT_DIR, CACHE_DIR):
            aside.put(site / name)
        seconds, when, sample = peak_of([str(quizsite), "build", str(site)])
    total = sum(values[0] for values in sample.values())
    print(f"cold build {seconds:.1f} s; whole tree's peak PSS {total * 1024 / 1e6:.0f} MB")
    print(f"at {when:.1f} s:")
    for pid, (pss, private, shared) in sample.items():
        print(f"  process {pid}: PSS {pss / 1024:.0f} MiB, private {private / 1024:.0f} MiB, "
              f"shared {shared / 1024:.0f} MiB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
