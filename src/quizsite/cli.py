"""Command line. The only module that prints or decides exit codes (0 ok, 1 content, 2 usage)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .errors import Diagnostic

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]


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
    _site_arguments(build)
    build.add_argument("--base-url", help="override base_url, e.g. https://user.github.io/blog/")
    build.set_defaults(handler=_build)
    return parser


def _site_arguments(command: argparse.ArgumentParser) -> None:
    """Arguments shared by the commands that build a site."""
    command.add_argument("path", nargs="?", default=".", type=Path, help="site root (default: .)")
    command.add_argument("-o", "--output", type=Path, help="output folder (default: PATH/site)")
    command.add_argument("--drafts", action="store_true", help="include posts marked draft: true")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    handler: Handler = args.handler
    return handler(args)


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    """Print each diagnostic (`path:line: severity: message` + hint) to stderr."""
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
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
        print_diagnostics(failure.diagnostics)
        errors = sum(d.severity == "error" for d in failure.diagnostics)
        plural = "s" if errors != 1 else ""
        print(
            f"Build failed: {errors} error{plural}; the previous site was left as it was.",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    except UsageError as refusal:
        print(f"quizsite: error: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    print_diagnostics(result.warnings)
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
