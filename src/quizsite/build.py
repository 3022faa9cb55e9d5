"""The whole pipeline: scan → parse → index → plan → render → write → save.

`build` runs it from scratch or, given the state of a previous build (watch mode keeps it in
memory, the command line loads it from the build cache), redoes only what changed: files
whose stamp moved are parsed again, pages whose view changed are rendered again, and only
changed output files are written. Which of the three paths a build takes (nothing changed,
the whole site, an incremental update) is decided once, where `build` says so.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path

import jinja2

from .cache import CACHE_DIR, Manifest, compiled_templates, load_state, save_kept, save_state
from .code_look import code_files, site_pair
from .collector import held_off
from .collisions import without_shadowed
from .config import SiteConfig, default_output, load_config
from .copies import Copies, copies_after_swaps, output_files, static_files
from .drafts import unlink_drafts, unlinked_drafts
from .edits import Edit, checked, due_as_before, edit_of, same_files, swapped_site
from .errors import BuildFailed, Diagnostic, has_errors
from .execute import executing
from .fragments import forget_fragments
from .look_files import look_files, theme_stylesheet
from .markdown import pygments_css
from .memo import Memo
from .model import Post, Site
from .output import build_id_of, check_output_dir, recover
from .parses import ParsedSource, parse_sources, posts_and_problems, read_posts, readers_of
from .plan import site_pages
from .publish import Guard, render_changes, render_whole_site
from .skipped import Documents, content_documents, still_found
from .stamps import stamp
from .state import BuildResult, BuildState, Mode, Plan, Statics, Written
from .taxonomy import index_site
from .templates import environment
from .themes import template_stamp, theme_static
from .views import Page

__all__ = ["CACHE_DIR", "BuildResult", "BuildState", "ParsedSource", "build", "read_posts"]
__all__ += ["readers_of", "save_cache"]


# The collector is held off while a build runs, and what it made is frozen out of the
# collector's passes afterwards (see collector.py).
@held_off(freeze=True)
def build(
    root: Path,
    output: Path | None = None,
    *,
    base_url: str | None = None,
    drafts: bool = False,
    future: bool = False,
    now: datetime | None = None,
    previous: BuildState | None = None,
    guard: Guard | None = None,
    cache: bool = False,
    changed: Collection[Path] | None = None,
) -> BuildResult:
    """Build the site under `root` into `output` (default `root/site`), or raise BuildFailed.

    With `previous` (the state of the last build into the same output) or, with `cache`, the
    state saved in the site's cache folder, only what changed is redone; with `cache`, the
    state is saved there again. The new site is staged and swapped in, unchanged files
    hard-linked across; with `guard` (watch mode) changes are instead applied in place while
    holding it (the dev server's write lock). `changed`, with `previous`, names the files
    changed since (see `parse_sources`).
    """
    started = time.perf_counter()
    config = load_config(root, base_url=base_url, drafts=drafts, future=future)
    output = _output_folder(config, output)
    parses, previous, intact = _previous_build(config, output, previous, cache)
    parsed = _parse(config, parses, changed if intact else None)  # scan → parse
    edit = edit_of(previous if intact else None, config, parsed, changed)  # edits.py
    posts, problems, edit = _check(config, parsed, edit, previous)
    templates, statics = _theme(config, previous if intact else None, changed)
    mode = _mode(previous, intact, config, templates, parsed, cache)
    moment = now or datetime.now()
    if _nothing_changed(mode, statics, moment) and mode.previous is not None:
        # Path 1, nothing changed: every input as it was (watch mode's look once edits pause,
        # a repeated event); the output and the state are the last build's.
        return _result(mode.previous, problems, started)
    plan = _plan(config, mode, parsed, posts, statics, moment, edit)  # index → plan
    env = environment(config, templates, compiled_templates())
    if mode.previous is None or not mode.intact:
        # Path 2, the whole site: rendered into a staging folder, swapped in for the output.
        written = render_whole_site(config, output, env, plan, mode.previous)
    else:
        # Path 3, incremental: the pages whose view changed are rendered, and only the files
        # whose bytes changed written (see `publish.render_changes`).
        written = render_changes(config, output, env, plan, mode, mode.previous, guard)
    warnings = (*problems, *plan.shadowed)
    due = _next_due(config, posts, moment, edit, mode.previous)
    checked = (posts, problems)
    documents = _documents(config, mode)
    state = _state(
        config, output, parsed, templates, statics, plan, written, due, warnings, checked, documents
    )
    if mode.cache:  # save
        _save(root, state, env, mode, written)
    return _result(state, warnings, started, written)


def _result(
    state: BuildState,
    warnings: Sequence[Diagnostic],
    started: float,
    written: Written | None = None,
) -> BuildResult:
    """What the build did (with no `written`: nothing, the site being as `state` built it)."""
    if written is None:
        warnings = (*warnings, *state.shadowed)
    return BuildResult(
        output=state.output,
        pages=len(state.pages),
        files=len(state.files) + len(state.copies),
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        state=state,
        rendered=written.rendered if written is not None else (),
        written=written.written if written is not None else (),
        removed=written.removed if written is not None else (),
    )


def _output_folder(config: SiteConfig, output: Path | None) -> Path:
    """The output folder, absolute, checked as safe to write, and whole again if a build was
    killed while swapping it."""
    folder = (output if output is not None else default_output(config.root)).resolve()
    check_output_dir(folder, config.root, config.content_dir)
    recover(folder)
    return folder


def _previous_build(
    config: SiteConfig, output: Path, previous: BuildState | None, cache: bool
) -> tuple[Mapping[Path, ParsedSource], BuildState | None, bool]:
    """The last build's parses; its state when it built this very output (from the build
    cache when none is given and `cache` is set); and whether the output is still what it
    wrote (its marker names its build id), without which changes named since it tell nothing
    of the rest. The parses depend on the files alone: they serve a build into another output
    too (the trial build of `quizsite check`); nothing else of the last build does."""
    if previous is None and cache:
        previous = load_state(config.root / CACHE_DIR, BuildState)
    parses = previous.parsed if previous is not None else {}
    if previous is not None and previous.config.profiles != config.profiles:
        parses = {}  # the profiles' files (and `when-profile` content) differ: parse again
    if previous is None or previous.output != output:
        return parses, None, False
    return parses, previous, build_id_of(output) == previous.build_id


def _parse(
    config: SiteConfig, parses: Mapping[Path, ParsedSource], changed: Collection[Path] | None
) -> dict[Path, ParsedSource]:
    """Scan and parse: every post's parse, the last build's where it still holds."""
    with executing(config.execute, config.execute_timeout, config.root / CACHE_DIR):
        return parse_sources(config, parses, changed)


def _check(
    config: SiteConfig,
    parsed: Mapping[Path, ParsedSource],
    edit: Edit | None,
    previous: BuildState | None,
) -> tuple[Sequence[Post], list[Diagnostic], Edit | None]:
    """The posts (links to drafts left out: drafts.py) and every problem found, and the edit
    when the last build's checks hold for it (edits.py); any error fails the build here,
    before writing."""
    found = checked(edit, previous)
    if found is not None:
        return *found, edit
    posts, problems = posts_and_problems(config, parsed.values())
    if has_errors(problems):
        raise BuildFailed(problems)
    posts, unlinked = unlink_drafts(config, posts)
    return posts, [*problems, *unlinked], None


def _theme(
    config: SiteConfig, previous: BuildState | None, changed: Collection[Path] | None
) -> tuple[tuple[tuple[str, int, int], ...], Statics]:
    """The stamps of the templates and of the static files. When every file named as changed
    is under content/, they are as the last build found them: the watcher names every file
    its events touch (and looks at everything once edits pause), and the CLI names files only
    when its manifest found the templates and static files unchanged."""
    if (
        previous is not None
        and changed is not None
        and previous.config == config
        and all(config.content_dir in path.parents for path in changed)
    ):
        return previous.templates, previous.statics
    return template_stamp(config), {r: (p, stamp(p)) for r, p in theme_static(config).items()}


def _mode(
    previous: BuildState | None,
    intact: bool,
    config: SiteConfig,
    templates: tuple[tuple[str, int, int], ...],
    parsed: Mapping[Path, ParsedSource],
    cache: bool,
) -> Mode:
    """What this build may take from `previous`."""
    views = intact and previous is not None and previous.config == config
    views = views and previous is not None and previous.templates == templates
    same_sources = previous is not None and _same_parses(parsed, previous.parsed)
    return Mode(previous, intact, views, same_sources, cache)


def _same_parses(parsed: Mapping[Path, ParsedSource], before: Mapping[Path, ParsedSource]) -> bool:
    """True when every source is the very parse result of the earlier build (none re-read).
    Both hold the sources in scan order, and a result names its own path: comparing the
    values in order says it, without hashing every path."""
    return len(parsed) == len(before) and all(map(operator.is_, parsed.values(), before.values()))


def _nothing_changed(mode: Mode, statics: Statics, moment: datetime) -> bool:
    """True when the output is the last build's and every input is as that build found it
    (and no post became due since)."""
    previous = mode.previous
    return (
        previous is not None
        and mode.views
        and mode.same_sources
        and statics == previous.statics
        and (previous.next_due is None or moment < previous.next_due)
    )


def _plan(
    config: SiteConfig,
    mode: Mode,
    parsed: Mapping[Path, ParsedSource],
    posts: Sequence[Post],
    statics: Statics,
    moment: datetime,
    edit: Edit | None,
) -> Plan:
    """Index and plan: the site index, its pages with their views, and the files it copies."""
    site, swaps = _index(config, mode, posts, moment, edit)
    memo = Memo(mode.previous.views if mode.previous is not None and mode.views else None)
    pages = site_pages(site, memo, swaps)
    warned: tuple[Diagnostic, ...] = ()
    if swaps is None:  # a swap keeps every page and alias as last checked
        from .alias_check import check_aliases  # here: a swap checks none

        documents = (*site.posts, *site.pages)
        warned = check_aliases(documents, pages, config.base_path, config.quarto)
    extras = same_files(edit, mode.previous)
    if extras is None or swaps is None:
        extras = _extras(config, site)
    copies, shadowed = _copies(config, mode, parsed, site, swaps, statics, pages, extras)
    if swaps is None:  # a copy where the site needs a folder of pages, or inside a page
        from .guards import check_collisions  # here: an edit that swaps posts in needs no check

        check_collisions([page.path for page in pages], copies, config.root)
    return Plan(site, swaps, pages, memo, extras, copies, (*warned, *shadowed))


def _extras(config: SiteConfig, site: Site) -> dict[str, bytes]:
    """The files the site makes without a template: highlighting, the looks' stylesheets, the
    figures the documents' code drew."""
    published = _published(config, site)
    quarto_styles = site_pair(config.root)  # `_quarto.yml`'s highlight-style (code_look.py)
    styles = quarto_styles or (config.highlight_style, config.highlight_style_dark)
    return {
        ".nojekyll": b"",
        "assets/highlight.css": _site_highlight(quarto_styles, styles),
        **output_files(published),  # figures drawn by the documents' code
        **look_files(  # the authors' themes and stylesheets (look.py)
            [config.look, *(p.look for p in published)],
            partial(theme_stylesheet, config),
            styles,
            toggle=config.scheme_toggle,
        ),
        **code_files(p.code for p in published),  # pages' own highlighting
    }


def _published(config: SiteConfig, site: Site) -> tuple[Post, ...]:
    """Every document with a page of its own: posts, standalone pages, unlinked drafts."""
    return (*site.posts, *site.pages, *unlinked_drafts(config, site))


def _site_highlight(quarto_styles: tuple[str, str] | None, styles: tuple[str, str]) -> bytes:
    """The site's highlighting stylesheet: `_quarto.yml`'s styles, else quizsite.toml's."""
    if quarto_styles is None:
        return pygments_css(*styles).encode()
    from .code_styles import highlight_css

    return highlight_css(quarto_styles).encode()


def _index(
    config: SiteConfig, mode: Mode, posts: Sequence[Post], moment: datetime, edit: Edit | None
) -> tuple[Site, Mapping[Post, Post] | None]:
    """The site index (order, tags, reading list, standalone pages), and the edited posts it
    swapped into the last build's when only those changed and its views serve."""
    previous = mode.previous
    swapped = swapped_site(config, edit, previous, moment) if mode.views else None
    if swapped is not None:
        return swapped
    standalone = tuple(p for p in posts if p.page and (config.drafts or not p.draft))
    articles = [p for p in posts if not p.page]
    site, swaps = index_site(config, articles, moment, previous.site if previous else None)
    drafts = _drafts(config, posts)
    site = site._replace(pages=standalone, drafts=drafts)
    before = (*previous.site.pages, *previous.site.drafts) if previous is not None else None
    if before is not None and not _same_pages(before, (*standalone, *drafts)):
        swaps = None  # a page changed: the menu's titles may too, so every page is looked at
    return site, swaps if mode.views else None


def _drafts(config: SiteConfig, posts: Sequence[Post]) -> tuple[Post, ...]:
    """A Quarto project's drafts (posts and pages) it leaves out or unlinks (drafts.py)."""
    return tuple(p for p in posts if p.draft) if config.quarto and not config.drafts else ()


def _same_pages(before: Sequence[Post], now: Sequence[Post]) -> bool:
    """True when the standalone pages are the very ones of the last build."""
    return len(before) == len(now) and all(map(operator.is_, before, now))


def _copies(
    config: SiteConfig,
    mode: Mode,
    parsed: Mapping[Path, ParsedSource],
    site: Site,
    swaps: Mapping[Post, Post] | None,
    statics: Statics,
    pages: Sequence[Page],
    extras: Mapping[str, bytes],
) -> tuple[Copies, tuple[Diagnostic, ...]]:
    """The files copied as they are, and those left out because the site writes a file of
    its own there (decided here, whichever way the site is written)."""
    previous = mode.previous
    patched = None
    if previous is not None and swaps is not None and statics == previous.statics:
        patched = copies_after_swaps(dict(previous.copies), statics, previous.parsed, parsed, swaps)
    if patched is None:
        copies = static_files(statics, parsed.values(), {*_published(config, site)})
    else:
        copies = patched
    # A swap keeps every page: those planned are the ones it reaches.
    planned: Collection[str] = (
        previous.pages if swaps is not None and previous else {p.path for p in pages}
    )
    copies, shadowed = without_shadowed(copies, config.root, planned, extras)
    if patched is not None and previous is not None:  # what it left out, the last build said
        shadowed = [*previous.shadowed, *shadowed]
    return copies, tuple(dict.fromkeys(shadowed))


def _state(
    config: SiteConfig,
    output: Path,
    parsed: Mapping[Path, ParsedSource],
    templates: tuple[tuple[str, int, int], ...],
    statics: Statics,
    plan: Plan,
    written: Written,
    due: datetime | None,
    warnings: tuple[Diagnostic, ...],
    checked: tuple[Sequence[Post], Sequence[Diagnostic]],
    documents: Documents | None,
) -> BuildState:
    """What the next build starts from."""
    return BuildState(
        config,
        output,
        written.build_id,
        parsed,
        templates,
        written.contexts,
        plan.memo.entries,
        written.digests,
        plan.copies,
        statics,
        due,
        written.search,
        plan.site,
        plan.shadowed,
        warnings,
        checked[0],
        tuple(checked[1]),
        plan.extras,
        documents,
    )


def _documents(config: SiteConfig, mode: Mode) -> Documents | None:
    """The content folder's files named like documents, for a build the command line made
    (which counts those not taken): the last build's while they hold."""
    if not mode.cache:
        return None
    kept = mode.previous.documents if mode.previous is not None else None
    return kept if kept is not None and still_found(kept) else content_documents(config.content_dir)


def _next_due(
    config: SiteConfig,
    posts: Sequence[Post],
    moment: datetime,
    edit: Edit | None,
    previous: BuildState | None,
) -> datetime | None:
    """The date of the first article dated after `moment`: the site changes then (the last
    build's, when an edit leaves it so)."""
    if config.future:
        return None
    if previous is not None and due_as_before(edit, previous, moment):
        return previous.next_due
    due = [p.date for p in posts if not p.page and p.date > moment]
    return min(due) if due else None


def _save(
    root: Path, state: BuildState, env: jinja2.Environment, mode: Mode, done: Written
) -> None:
    """Save the state in the site's build cache when the build changed anything (it costs);
    the fragments (whose keys are views) are let go first: the pickling is the peak of a big
    build's memory, and a command-line build ends here."""
    forget_fragments(env)
    if not (
        mode.same_sources and mode.views and not (done.rendered or done.written or done.removed)
    ):
        save_cache(root, state)


def save_cache(root: Path, state: BuildState) -> None:
    """Save `state` (as `BuildState.for_cache` gives it) in the site's build cache, with the
    manifest of the inputs it was built from."""
    cached = state.for_cache()
    save_state(root / CACHE_DIR, cached, cached.parsed)
    save_kept(
        root / CACHE_DIR,
        "manifest",
        Manifest(
            output=state.output,
            build_id=state.build_id,
            config=state.config,
            templates=state.templates,
            sources={str(path): source.stamp for path, source in state.parsed.items()},
            reads={str(path): s.reads for path, s in state.parsed.items() if s.reads},
            resources={str(path): s.resources for path, s in state.parsed.items() if s.resources},
            statics=state.statics,
            next_due=state.next_due,
            warnings=state.warnings,
        ),
    )
