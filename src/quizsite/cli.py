"""Command line. The only module that prints or decides exit codes (0 ok, 1 content, 2 usage)."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import arguments
from .arguments import Handler
from .errors import BuildFailed, UsageError

if TYPE_CHECKING:
    from .build import BuildState
    from .errors import Diagnostic
    from .serve import DevServer
    from .watch import Outcome, Watcher

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    """The command line's parser, each command handled by its function here."""
    return arguments.parser(
        {
            "build": _build,
            "new site": _new_site,
            "new post": _new_post,
            "check": _check,
            "watch": _watch,
            "serve": _serve,
            "export": _export,
        }
    )


def _export(args: argparse.Namespace) -> int:
    from .export import FORMATS, export_quizzes

    formats = tuple(dict.fromkeys(f.strip() for f in str(args.format).split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        print(
            f"quizsite: error: unknown format {', '.join(unknown) or '(none)'}; "
            f"choose among {', '.join(FORMATS)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        done = export_quizzes(args.path, args.output, formats)
    except BuildFailed as failure:
        print_diagnostics(failure.diagnostics)
        print("Export failed: the posts have errors; nothing was written.", file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as refusal:
        print(f"quizsite: error: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    names = ", ".join(str(path) for path in done.files)
    plural = "zes" if done.quizzes != 1 else ""
    print(f"Exported {done.quizzes} quiz{plural} with their answers: {names}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if getattr(args, "no_execute", False):
        os.environ["QUIZSITE_NO_EXECUTE"] = "1"  # read where the build sets up execution
    handler: Handler = args.handler
    return handler(args)


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    """Print each diagnostic (`path:line: severity: message` + hint) to stderr."""
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _output(args: argparse.Namespace) -> Path:
    """The output folder as the command spelled it (messages name it so)."""
    from .config import default_output

    output: Path = args.output if args.output is not None else default_output(args.path)
    return output


def _changes(args: argparse.Namespace) -> set[Path] | None:
    """What changed since the last build, from the cache alone, before loading the Markdown
    and template machinery; any doubt (a config error, no cache) leaves it to the build (None).
    Nothing at all, and it says so: the site is up to date, with the warnings of the build
    that made it, as a build would print them again."""
    import time
    from datetime import datetime

    from .cache import last_build
    from .config import load_config

    started = time.perf_counter()
    try:
        config = load_config(
            args.path, base_url=args.base_url, drafts=args.drafts, future=args.future
        )
    except BuildFailed:
        return None
    output = _output(args)
    changes, manifest = last_build(config, output, datetime.now())
    if changes == set() and manifest is not None:
        print_diagnostics(manifest.warnings)
        seconds = time.perf_counter() - started
        print(f"Site is up to date: nothing to rebuild ({seconds:.2f} s, {output})")
    return changes


def _build(args: argparse.Namespace) -> int:
    root: Path = args.path
    from .lock import site_lock

    try:
        # One build at a time per site: a second one waits, then gives up with a message.
        with site_lock(root):
            changes = _changes(args)
            if changes == set():
                return EXIT_OK
            from .build import build

            result = build(
                root,
                args.output,
                base_url=args.base_url,
                drafts=args.drafts,
                future=args.future,
                cache=True,
                changed=changes,  # the post files the check above found changed
            )
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
    except OSError as exc:  # disk full, permissions: the staging or journal kept the site whole
        print(
            f"quizsite: error: cannot write the site: {exc}; the previous site was left as it was",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    print_diagnostics(result.warnings)
    print(
        f"Built {result.pages} pages ({result.files} files) in {result.seconds:.2f} s "
        f"into {_output(args)}"
    )
    _print_documents(result.state)
    return EXIT_OK


def _print_documents(state: BuildState) -> None:
    """How many documents were published, and how many files were not taken as documents."""
    from .pages import documents_skipped
    from .skipped import content_documents

    config = state.config
    posts = [path for path, parsed in state.parsed.items() if parsed.post is not None]
    found = state.documents
    if found is None:  # a build that did not look (none the command line makes)
        found = content_documents(config.content_dir)
    skipped = documents_skipped(config, state.parsed, found)
    line = f"Published {len(posts)} document{'s' if len(posts) != 1 else ''}"
    if skipped:
        line += (
            f"; {len(skipped)} file{'s' if len(skipped) != 1 else ''} named like documents "
            "not taken as documents (quizsite check lists them)"
        )
    print(line)


def _report(outcome: Outcome) -> None:
    """Print one watch-mode build outcome: a summary line, or every problem."""
    if outcome.result is not None:
        result = outcome.result
        print_diagnostics(result.warnings)
        print(
            f"Built in {result.seconds * 1000:.0f} ms: {len(result.rendered)} pages rendered, "
            f"{len(result.written)} files written, {len(result.removed)} removed",
            flush=True,
        )
    elif isinstance(outcome.failure, BuildFailed):
        print_diagnostics(outcome.failure.diagnostics)
        print("Build failed; still serving the last good site.", file=sys.stderr, flush=True)
    elif isinstance(outcome.failure, OSError):
        print(
            f"quizsite: error: cannot write the site: {outcome.failure}; the last good site "
            "was left as it was, and changes are still watched",
            file=sys.stderr,
            flush=True,
        )
    else:
        print(f"quizsite: error: {outcome.failure}", file=sys.stderr, flush=True)


def _stop_on_signals() -> threading.Event:
    """An event set by Ctrl-C (or SIGTERM), installed before anything starts, so no interrupt
    can land between starting and waiting and escape as a traceback."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    return stop


def _wait(stop: threading.Event) -> None:
    """Block until `stop` is set; short waits keep the main thread responsive to signals."""
    while not stop.wait(0.1):
        pass


def _watch(args: argparse.Namespace) -> int:
    """`quizsite watch`: build, then rebuild on every change until Ctrl-C."""
    from .watch import Watcher

    stop = _stop_on_signals()
    watcher = Watcher(
        args.path, args.output, listener=_report, drafts=args.drafts, future=args.future
    )
    if not _started(watcher):
        return EXIT_USAGE
    print(f"Watching {args.path} for changes; press Ctrl-C to stop.", flush=True)
    _wait(stop)
    watcher.stop()
    print("Stopped.")
    return EXIT_OK


def _started(watcher: Watcher) -> bool:
    """Start `watcher` (its first build); False, said, when the site cannot be watched."""
    try:
        first = watcher.start()
    except (UsageError, OSError) as refusal:  # another build or watcher holds the site,
        print(f"quizsite: error: {refusal}", file=sys.stderr)  # or its folder is read-only
        return False
    if isinstance(first.failure, UsageError):
        watcher.stop()
        return False
    return True


def _serve(args: argparse.Namespace) -> int:
    """`quizsite serve`: build, watch, and serve the output with live reload until Ctrl-C."""
    import webbrowser

    from .config import load_config
    from .serve import DevServer
    from .watch import Watcher

    try:
        base_path = load_config(args.path).base_path
    except BuildFailed as failure:
        print_diagnostics(failure.diagnostics)
        return EXIT_CONTENT
    output = _output(args)
    stop = _stop_on_signals()
    try:
        server = DevServer(output, base_path, args.host, args.port)
    except OSError as exc:
        print(f"quizsite: error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    host, port = server.server_address[:2]
    # Absolute URLs (feeds, canonical links) point at this server while previewing.
    watcher = Watcher(
        args.path,
        args.output,
        listener=partial(_announce, server),
        base_url=f"http://{host!s}:{port}{base_path}",
        drafts=args.drafts,
        future=args.future,
        guard=server.lock.write,
    )
    if not _started(watcher):
        server.server_close()
        return EXIT_USAGE
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
    ).start()
    print(f"Serving {output} at {server.url} ; press Ctrl-C to stop.", flush=True)
    if args.open:
        webbrowser.open(server.url)
    _wait(stop)
    watcher.stop()
    server.stop()
    print("Stopped.")
    return EXIT_OK


def _announce(server: DevServer, outcome: Outcome) -> None:
    """Report a build of `quizsite serve`, and tell the open pages (reload, or the error)."""
    _report(outcome)
    result = outcome.result
    if result is not None and (result.written or result.removed or server.failure_text):
        server.announce_success()
    elif isinstance(outcome.failure, BuildFailed):
        server.announce_failure("\n".join(d.format() for d in outcome.failure.diagnostics))
    elif isinstance(outcome.failure, OSError):
        server.announce_failure(f"cannot write the site: {outcome.failure}")


def _new_site(args: argparse.Namespace) -> int:
    from .errors import UsageError
    from .scaffold import new_site

    try:
        written = new_site(args.directory)
    except UsageError as refusal:
        print(f"quizsite: error: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(f"created {path}")
    print(f"Build it with: quizsite build {args.directory}")
    return EXIT_OK


def _new_post(args: argparse.Namespace) -> int:
    from .errors import UsageError
    from .scaffold import new_post, parse_tags

    try:
        path = new_post(args.title, args.path, parse_tags(args.tags))
    except UsageError as refusal:
        print(f"quizsite: error: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    print(path)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .check import check_site
    from .errors import UsageError

    root: Path = args.path
    try:
        report = check_site(root, drafts=args.drafts, external=args.external, timeout=args.timeout)
    except UsageError as refusal:
        print(f"quizsite: error: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    print_diagnostics(report.diagnostics)
    for rel, reason in report.skipped:
        print(f"{rel}: not taken as a document: {reason}")
    failed = report.errors > 0 or (args.strict and report.warnings > 0)
    posts = f"{report.posts} post{'s' if report.posts != 1 else ''}"
    if args.external:
        posts += f" and {report.external} outside link{'s' if report.external != 1 else ''}"
    if report.diagnostics:
        errors = f"{report.errors} error{'s' if report.errors != 1 else ''}"
        warnings = f"{report.warnings} warning{'s' if report.warnings != 1 else ''}"
        summary = f"Checked {posts}: {errors}, {warnings}."
    else:
        summary = f"Checked {posts}: no problems found."
    print(summary, file=sys.stderr if failed else sys.stdout)
    return EXIT_CONTENT if failed else EXIT_OK


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # output piped into `head` or the like, which stopped reading
        code = 1
    # Everything is written and closed by now; ending here skips the interpreter's teardown,
    # which frees the build's objects one by one (a good share of a one-edit build on a big
    # site).
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to save
            stream.flush()
    os._exit(code)
