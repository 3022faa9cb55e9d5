"""Count the instructions quizsite runs for cold, no-change, one-edit and watch builds.

Usage: python benchmarks/instructions.py [--posts 1000] [--edits 3] [TREE ...]

Each TREE is a quizsite checkout with its own `.venv` (default: this one). Every build runs
under Valgrind's cachegrind (`--cache-sim=no`, user-space instructions only) pinned to one core,
so it runs in one process, and with a fixed hash seed. The counts hardly move with the
machine's load, unlike CPU time, so two commits can be compared on a busy machine; they leave
out the kernel's time (file writes), which `run.py` measures. A build under Valgrind takes about
thirty times as long as without: a cold build of 1,000 posts, a few minutes.

Each tree builds a corpus written by its own `make_corpus.py` (trees may differ in what the
generator writes beside the posts). Prints one table.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Run in one process by the tree's interpreter: a prime build, then `edits` edits of the
# newest post each built from the previous state with the changed file named, as watch does.
# The prime-only run is subtracted, so what is left is the edits' builds.
_WATCH = """
import sys
from pathlib import Path
tree, site, edits = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
sys.path.insert(0, str(tree / "benchmarks"))
from make_corpus import edit_post, newest_post
from quizsite.build import build
result = build(site)
post = newest_post(site)
original = post.read_text()
for k in range(edits):
    post.write_text(edit_post(original, f"edit{k}"))
    result = build(site, previous=result.state, changed={post})
post.write_text(original)
"""

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(command: list[str]) -> int:
    """Instructions `command` ran in user space, counted by cachegrind on one core."""
    valgrind = [
        "taskset",
        "-c",
        "0",
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [*valgrind, *command], capture_output=True, text=True, env=env, check=False
    )
    found = _REFS.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def counts(tree: Path, posts: int, edits: int, scratch: Path) -> dict[str, int]:
    """The four counts for the checkout at `tree`."""
    python = str(tree / ".venv" / "bin" / "python")
    quizsite = str(tree / ".venv" / "bin" / "quizsite")
    site = scratch / f"site-{len(list(scratch.iterdir()))}"
    subprocess.run(
        [python, str(tree / "benchmarks" / "make_corpus.py"), str(site), str(posts)],
        check=True,
        capture_output=True,
    )
    # Compiled modules, as an installed quizsite has them: where PYTHONDONTWRITEBYTECODE is
    # set, nothing writes them, and every count would include compiling quizsite's source.
    subprocess.run([python, "-m", "compileall", "-q", str(tree / "src")], check=True)
    build = [python, quizsite, "build", str(site)]
    found = {"cold": instructions(build), "no-change": instructions(build)}
    newest = _newest(python, tree, site)
    original = newest.read_text(encoding="utf-8")
    edited = subprocess.run(
        [python, "-c", _EDIT, str(tree / "benchmarks"), original],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    newest.write_text(edited, encoding="utf-8")
    found["one-edit"] = instructions(build)
    newest.write_text(original, encoding="utf-8")
    subprocess.run(build, check=True, capture_output=True)
    watch = [python, "-c", _WATCH, str(tree), str(site)]
    found[f"watch, {edits} edits"] = instructions([*watch, str(edits)]) - instructions(
        [*watch, "0"]
    )
    return found


_EDIT = """
import sys
sys.path.insert(0, sys.argv[1])
from make_corpus import edit_post
sys.stdout.write(edit_post(sys.argv[2], "cli-edit"))
"""


def _newest(python: str, tree: Path, site: Path) -> Path:
    """The corpus's newest post, as the tree's own generator picks it."""
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
        "from make_corpus import newest_post; print(newest_post(Path(sys.argv[2])))"
    )
    out = subprocess.run(
        [python, "-c", code, str(tree / "benchmarks"), str(site)],
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(out.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    """Command line: count each tree's builds and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", type=Path, default=[HERE.parent])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None or shutil.which("taskset") is None:
        print("instructions.py needs valgrind and taskset (Debian: valgrind, util-linux)")
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        table = {
            tree: counts(tree.resolve(), args.posts, args.edits, Path(scratch))
            for tree in args.trees
        }
    names = list(next(iter(table.values())))
    print("| build | " + " | ".join(str(tree) for tree in table) + " |")
    print("| --- |" + " --- |" * len(table))
    for name in names:
        cells = [f"{found[name] / 1e9:.3f} G" for found in table.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
