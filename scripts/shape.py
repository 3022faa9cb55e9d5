"""Measure the shape of quizsite's code: long functions, complex functions, long modules.

Run: .venv/bin/python scripts/shape.py [--check] [FOLDER]   (FOLDER defaults to src/quizsite)

Lists every function over 60 lines (from its `def` to its last line; a nested function counts
in its parent too, and on its own), every function whose cyclomatic complexity is over 15, and
every module over 500 lines, then a summary line. Complexity is radon's (the `test` extra
installs it), which counts each `and`/`or` and comprehension as well as each branch, and
measures a nested function on its own. With --check it exits 1 when anything is over a limit.
Each session's figures are kept in docs/architecture.md ("Code shape").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Function

REPO = Path(__file__).resolve().parents[1]
MAX_FUNCTION_LINES = 60
MAX_COMPLEXITY = 15
MAX_MODULE_LINES = 500


def functions(code: str) -> Iterator[Function]:
    """Every function and method of a module, nested ones included."""
    pending = [block for block in cc_visit(code) if isinstance(block, Function)]
    while pending:
        function = pending.pop()
        yield function
        pending.extend(function.closures)


def name_of(function: Function) -> str:
    """A method as Class.method, a function by its name."""
    return f"{function.classname}.{function.name}" if function.classname else function.name


def main() -> int:
    """Print what is over each limit and a summary; with --check, exit 1 if anything is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=REPO / "src" / "quizsite")
    parser.add_argument("--check", action="store_true", help="exit 1 when over a limit")
    args = parser.parse_args()
    folder: Path = args.folder.resolve()
    files = sorted(folder.rglob("*.py"))
    sizes = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in files}
    long_modules = [(path, lines) for path, lines in sizes.items() if lines > MAX_MODULE_LINES]
    measured = sorted(
        (path, f.lineno, name_of(f), f.endline - f.lineno + 1, f.complexity)
        for path in files
        for f in functions(path.read_text(encoding="utf-8"))
    )
    long = [(p, line, name, n) for p, line, name, n, _ in measured if n > MAX_FUNCTION_LINES]
    complex_ = [(p, line, name, c) for p, line, name, _, c in measured if c > MAX_COMPLEXITY]

    def shown(path: Path) -> str:
        return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path)

    print(f"Modules over {MAX_MODULE_LINES} lines:")
    for path, lines in long_modules:
        print(f"  {shown(path)}: {lines} lines")
    print(f"Functions over {MAX_FUNCTION_LINES} lines:")
    for path, line, name, length in long:
        print(f"  {shown(path)}:{line}: {name}: {length} lines")
    print(f"Functions of cyclomatic complexity over {MAX_COMPLEXITY}:")
    for path, line, name, complexity in complex_:
        print(f"  {shown(path)}:{line}: {name}: {complexity}")
    print(
        f"{len(files)} modules, {sum(sizes.values())} lines: "
        f"{len(long_modules)} modules over {MAX_MODULE_LINES} lines, {len(long)} functions over "
        f"{MAX_FUNCTION_LINES} lines, {len(complex_)} over complexity {MAX_COMPLEXITY}"
    )
    over = long_modules or long or complex_
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
