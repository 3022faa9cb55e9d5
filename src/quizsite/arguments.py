"""The command line's arguments: each command, its options, and how a value is read (a bad
one exits 2 with argparse's message, never a traceback)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import __version__

Handler = Callable[[argparse.Namespace], int]
Commands = Any  # argparse's _SubParsersAction, which it does not name publicly


def parser(handlers: Mapping[str, Handler]) -> argparse.ArgumentParser:
    """The parser of every command, each calling its handler (by the command's name)."""
    parser = argparse.ArgumentParser(
        prog="quizsite",
        description="Build a static blog of machine-learning quizzes from Quarto-style Markdown.",
    )
    parser.add_argument("--version", action="version", version=f"quizsite {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in (
        _build_command,
        _new_command,
        _check_command,
        _watch_command,
        _serve_command,
        _export_command,
    ):
        command(commands, handlers)
    return parser


def _build_command(commands: Commands, handlers: Mapping[str, Handler]) -> None:
    """`quizsite build`: the site into its output folder."""
    build = commands.add_parser(
        "build",
        help="build the site into site/",
        description="Build the site at PATH (which holds content/ and quizsite.toml).",
    )
    _site_arguments(build)
    build.add_argument("--base-url", help="override base_url, e.g. https://user.github.io/blog/")
    build.set_defaults(handler=handlers["build"])


def _new_command(commands: Commands, handlers: Mapping[str, Handler]) -> None:
    """`quizsite new site` and `quizsite new post`."""
    new = commands.add_parser(
        "new",
        help="start a new site or a new quiz post",
        description="Create a ready-to-build blog, or a new quiz post to fill in.",
    )
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    site = kinds.add_parser(
        "site",
        help="create a blog with sample quizzes and a GitHub Pages workflow",
        description="Create a blog in DIR (absent or empty): quizsite.toml, two sample quizzes, "
        "a .gitignore and a GitHub Actions workflow that publishes to GitHub Pages.",
    )
    site.add_argument("directory", type=Path, metavar="DIR", help="folder for the new site")
    site.set_defaults(handler=handlers["new site"])
    post = kinds.add_parser(
        "post",
        help="create a quiz post skeleton in content/posts/",
        description="Write content/posts/<slug>.qmd: front matter, a question, four options and "
        "a collapsed answer, ready to fill in.",
    )
    post.add_argument("title", help="the quiz's title (quote it)")
    post.add_argument(
        "--tags", default="", help="comma-separated tags, e.g. --tags 'deep learning,optimization'"
    )
    post.add_argument(
        "--path", type=Path, default=".", help="site root (default: .)", metavar="SITE"
    )
    post.set_defaults(handler=handlers["new post"])


def _check_command(commands: Commands, handlers: Mapping[str, Handler]) -> None:
    """`quizsite check`: report problems, write nothing."""
    check = commands.add_parser(
        "check",
        help="report problems without writing the site",
        description="Report everything the build would, plus quiz lint (missing keys, options, "
        "reading lists; answers left open), duplicate titles, scripts, and broken internal "
        "links and images. Nothing is written. Exit status 1 on errors (and on warnings with "
        "--strict).",
    )
    check.add_argument("path", nargs="?", default=".", type=_folder, help="site root (default: .)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--drafts", action="store_true", help="also check posts marked draft: true")
    check.add_argument(
        "--external",
        action="store_true",
        help="also request every outside http(s) link and image; good answers are cached for "
        "a day in .quizsite-cache/links.json",
    )
    check.add_argument(
        "--timeout",
        type=_seconds,
        default=10.0,
        metavar="SECONDS",
        help="with --external, how long each request may take (default: 10)",
    )
    check.set_defaults(handler=handlers["check"])


def _watch_command(commands: Commands, handlers: Mapping[str, Handler]) -> None:
    """`quizsite watch`: build, then rebuild on every change."""
    watch = commands.add_parser(
        "watch",
        help="build, then rebuild on every change",
        description="Build the site, then rebuild it whenever content, themes, static files or "
        "quizsite.toml change. Stop with Ctrl-C.",
    )
    _site_arguments(watch)
    watch.set_defaults(handler=handlers["watch"])


def _serve_command(commands: Commands, handlers: Mapping[str, Handler]) -> None:
    """`quizsite serve`: build, watch and serve with live reload."""
    serve = commands.add_parser(
        "serve",
        help="build, watch, and serve the site with live reload",
        description="Build and watch the site, and serve it over HTTP at the path of base_url; "
        "open pages reload after every rebuild. Stop with Ctrl-C.",
    )
    _site_arguments(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=_port, default=8000, help="port (default: 8000; 0 picks a free one)"
    )
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    serve.set_defaults(handler=handlers["serve"])


def _export_command(commands: Commands, handlers: Mapping[str, Handler]) -> None:
    """`quizsite export`: the quizzes with their answers, for the author."""
    export = commands.add_parser(
        "export",
        help="write the quizzes with their answers to JSON, CSV and an Anki deck",
        description="Write every published quiz, answers included, for your own use (study, "
        "review, flashcards): quizzes.json, quizzes.csv and quizzes.apkg (Anki) in OUTPUT "
        "(default PATH/quiz-export). Never into the built site, which keeps answers out of "
        "its own quizzes.json.",
    )
    export.add_argument("path", nargs="?", default=".", type=_folder, help="site root (default: .)")
    export.add_argument("-o", "--output", type=Path, help="folder (default: PATH/quiz-export)")
    export.add_argument(
        "--format",
        default="json,csv,anki",
        help="comma-separated formats among json, csv, anki (default: all three)",
    )
    export.set_defaults(handler=handlers["export"])


def _folder(text: str) -> Path:
    """A site root given on the command line: it must be an existing folder (else exit 2)."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a folder")
    return path


def _site_arguments(command: argparse.ArgumentParser) -> None:
    """Arguments shared by the commands that build a site."""
    command.add_argument(
        "path", nargs="?", default=".", type=_folder, help="site root (default: .)"
    )
    command.add_argument("-o", "--output", type=Path, help="output folder (default: PATH/site)")
    command.add_argument("--drafts", action="store_true", help="include posts marked draft: true")
    command.add_argument("--future", action="store_true", help="include posts dated in the future")
    command.add_argument(
        "--no-execute",
        action="store_true",
        help="run no code cells (frozen and cached output is shown)",
    )


def _port(text: str) -> int:
    """A TCP port number, 0 to 65535, for --port (anything else: exit 2, not a traceback)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, not {text!r}")
    return value


def _seconds(text: str) -> float:
    """A positive number of seconds, for --timeout."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, not {text!r}")
    return value
