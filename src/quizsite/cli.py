"""Command line: `quizsite build`. The only module that prints or decides exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quizsite",
        description="Build a static blog of machine-learning quizzes from Quarto-style Markdown.",
    )
    parser.add_argument("--version", action="version", version=f"quizsite {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    build = commands.add_parser(
        "build",
        help="build the site into site/",
        description="Build the site at PATH (which holds content/ and quizsite.toml).",
    )
    build.add_argument("path", nargs="?", default=".", type=Path, help="site root (default: .)")
    build.add_argument("-o", "--output", type=Path, help="output folder (default: PATH/site)")
    build.add_argument("--base-url", help="override base_url, e.g. https://user.github.io/blog/")
    build.add_argument("--drafts", action="store_true", help="include posts marked draft: true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 content errors, 2 usage)."""
    args = _parser().parse_args(argv)
    # Imported here so `quizsite --help` stays fast.
    from .build import build
    from .errors import BuildFailed, UsageError

    root: Path = args.path
    if not root.is_dir():
        print(f"quizsite: error: {root} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = build(root, args.output, base_url=args.base_url, drafts=args.drafts)
    except BuildFailed as failure:
        for diagnostic in failure.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        errors = sum(d.severity == "error" for d in failure.diagnostics)
        print(
            f"Build failed: {errors} error{'s' * (errors != 1)}; the previous site was left as it was.",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    except UsageError as refusal:
        print(f"quizsite: error: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    for diagnostic in result.warnings:
        print(diagnostic.format(), file=sys.stderr)
    print(
        f"Built {result.pages} pages ({result.files} files) in {result.seconds:.2f} s "
        f"into {result.output}"
    )
    return EXIT_OK


def run() -> None:
    """Console-script entry point."""
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
