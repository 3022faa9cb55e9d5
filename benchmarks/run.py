"""Time quizsite (and Hugo, when installed) on generated quiz corpora; print a table of figures.

Usage: python benchmarks/run.py [--posts 1000] [--with-10k] [--repeat 5] [--install-hugo]

Run it with the interpreter of the environment quizsite is installed in (`.venv/bin/python`):
builds go through the `quizsite` console script beside that interpreter, one process each, so
every figure includes interpreter start-up and imports, as a user at a terminal sees it. The
script reports figures and never fails on a missed target. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from make_corpus import edit_post, newest_post, write_corpus

HERE = Path(__file__).resolve().parent
CACHE_DIR = ".quizsite-cache"  # the persistent cache the team is adding; "cold" deletes it
OUTPUT_DIR = "site"
BUILD_TIMEOUT = 900.0  # seconds; a 10,000-post cold build takes about a minute today
HUGO_TARGET_FALLBACK = 1.1  # seconds, the cold-build target when Hugo is not available
TENK_COLD_TARGET = 12.0  # seconds
MEMORY_SAMPLE_SECONDS = 0.02
IDLE_LOAD = 0.5  # 1-minute load average under which --wait-idle calls the machine quiet


@dataclass(frozen=True, slots=True)
class ProcessRun:
    """One finished child process: wall time, CPU time, memory and what it printed."""

    seconds: float
    cpu_seconds: float  # user + system, worker processes included
    system_seconds: float  # of which in the kernel: mostly making folders and files
    max_rss_bytes: int  # the largest single process of the tree (ru_maxrss)
    tree_pss_bytes: int | None  # sampled peak of the whole tree's summed PSS; None: not sampled
    returncode: int
    output: str


def _descendants(pid: int) -> list[int]:
    """`pid` and every process below it (Linux /proc; just `pid` where that is missing)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _pss_bytes(pid: int) -> int:
    """Proportional set size: shared (forked, copy-on-write) pages counted once over the tree."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) * 1024 if match else 0


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a process tree until told to stop; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        """Sample every MEMORY_SAMPLE_SECONDS (a spike shorter than that can be missed)."""
        while not self.done.wait(MEMORY_SAMPLE_SECONDS):
            total = sum(_pss_bytes(p) for p in _descendants(self.pid))
            self.peak = max(self.peak, total)


def run_process(
    command: Sequence[str | Path], cwd: Path | None = None, *, sample_memory: bool = False
) -> ProcessRun:
    """Run a command to completion: wall time, and rusage from wait4() for it and its workers."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(c) for c in command],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        sampler = TreeMemory(process.pid) if sample_memory and Path("/proc").is_dir() else None
        if sampler is not None:
            sampler.start()
        # wait4 gives this child's rusage (its reaped workers included); RUSAGE_CHILDREN would
        # be the max over every child so far, hiding a smaller build behind an earlier bigger one.
        killer = threading.Timer(BUILD_TIMEOUT, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
            if sampler is not None:
                sampler.done.set()
                sampler.join()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return ProcessRun(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        system_seconds=usage.ru_stime,
        max_rss_bytes=usage.ru_maxrss * 1024,  # Linux reports KiB
        tree_pss_bytes=sampler.peak if sampler is not None else None,
        returncode=process.returncode,
        output=text,
    )


FileState = tuple[int, int, int]


def snapshot(folder: Path) -> dict[str, FileState]:
    """Inode, mtime and size of every file under `folder`: a rewrite or a replace changes one."""
    states: dict[str, FileState] = {}
    for parent, _, names in os.walk(folder):
        for name in names:
            path = Path(parent, name)
            info = path.stat()
            states[path.relative_to(folder).as_posix()] = (
                info.st_ino,
                info.st_mtime_ns,
                info.st_size,
            )
    return states


def rewritten(before: dict[str, FileState], after: dict[str, FileState]) -> int:
    """Files that are new or were touched between two snapshots."""
    return sum(1 for path, state in after.items() if before.get(path) != state)


@dataclass(slots=True)
class Series:
    """Repeated measurements of one figure."""

    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        """Record one measurement."""
        self.values.append(value)

    @property
    def median(self) -> float:
        """The median (the figure the targets are about)."""
        return statistics.median(self.values)

    def show(self, unit: str, scale: float = 1.0, digits: int = 2) -> str:
        """'median (min-max) unit', scaled for display."""
        if not self.values:
            return "n/a"
        low, high = min(self.values) * scale, max(self.values) * scale
        mid = self.median * scale
        if len(self.values) == 1:
            return f"{mid:.{digits}f} {unit}"
        return f"{mid:.{digits}f} {unit} ({low:.{digits}f}–{high:.{digits}f})"


class BuildBroken(Exception):
    """A quizsite build failed: the figures of that corpus size stop there."""


@dataclass(slots=True)
class Row:
    """One line of the results table."""

    metric: str
    value: str
    target: str
    status: str  # "met", "NOT met", or "" for reference figures


def status(met: bool | None) -> str:
    """The table's verdict column."""
    return "" if met is None else ("met" if met else "NOT met")


def judged(target: str, met: bool, posts: int) -> tuple[str, str]:
    """Target and verdict of a rebuild figure: the issue sets those for 1,000 posts only (at
    10,000 it asks for the cold build and the memory peak), so bigger corpora show them for
    scale."""
    return (target, status(met)) if posts < 10_000 else ("(for scale)", "")


class SetAside:
    """Where a run moves the outputs it is done with, to delete them only once it is over.

    A file system without a journal (ext4 on the team's build VM) does not reuse an inode
    freed in the last 5 seconds, or 5 minutes while the block holding it is unwritten: each
    new file or folder steps over every such inode first. Deleting the last output just
    before a cold build made that build pay for the benchmark's own deletions, more with
    every round (docs/performance.md, "The file system"); a fresh machine, as in CI, has
    nothing recently freed. A rename frees nothing.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def put(self, path: Path) -> Path | None:
        """Move `path` (if it exists) out of the way; where it went."""
        if not path.exists():
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count += 1
        return path.rename(self.folder / str(self.count))


class Bench:
    """Runs every measurement for one corpus size and collects rows and raw figures."""

    def __init__(
        self,
        quizsite: Path,
        site: Path,
        repeat: int,
        log: Callable[[str], None],
        aside: SetAside,
    ):
        self.quizsite = quizsite
        self.site = site
        self.repeat = repeat
        self.log = log
        self.aside = aside
        self.raw: dict[str, object] = {}

    def build(self, sample_memory: bool = False) -> ProcessRun:
        """One `quizsite build` of the site, failing loudly: a broken build times nothing."""
        run = run_process([self.quizsite, "build", self.site], sample_memory=sample_memory)
        if run.returncode != 0:
            raise BuildBroken(
                f"quizsite build failed (exit {run.returncode}) on {self.site}:\n{run.output}"
            )
        return run

    def clear(self) -> None:
        """Make the next build cold: no output folder, no persistent cache."""
        for name in (OUTPUT_DIR, CACHE_DIR):
            self.aside.put(self.site / name)

    def cold(
        self, before: Callable[[int, int], None] | None = None
    ) -> tuple[Series, Series, Series, Series, Series]:
        """Cold builds: wall, CPU and system seconds, peak RSS, and the tree's sampled peak
        PSS; `before(n, repeat)` runs ahead of the `n`-th timed one (Hugo's turn)."""
        seconds, cpu, system, rss, pss = Series(), Series(), Series(), Series(), Series()
        # One extra run samples memory, so that the timed runs carry no sampler.
        for n in range(self.repeat + 1):
            sampled = n == self.repeat
            if before is not None and not sampled:
                before(n, self.repeat)
            self.clear()
            run = self.build(sample_memory=sampled)
            if sampled:
                if run.tree_pss_bytes:
                    pss.add(run.tree_pss_bytes)
                    self.log(f"  cold build, memory sampled: {run.tree_pss_bytes / 1e6:.0f} MB")
                continue
            seconds.add(run.seconds)
            cpu.add(run.cpu_seconds)
            system.add(run.system_seconds)
            rss.add(run.max_rss_bytes)
            self.log(f"  cold build {n + 1}/{self.repeat}: {run.seconds:.2f} s")
        return seconds, cpu, system, rss, pss

    def unchanged(self) -> tuple[Series, Series, int]:
        """Builds with nothing changed since the previous one: seconds and files rewritten."""
        seconds, files = Series(), Series()
        total = 0
        for n in range(self.repeat):
            before = snapshot(self.site / OUTPUT_DIR)
            run = self.build()
            after = snapshot(self.site / OUTPUT_DIR)
            total = len(after)
            seconds.add(run.seconds)
            files.add(rewritten(before, after))
            self.log(
                f"  no-change build {n + 1}/{self.repeat}: {run.seconds:.2f} s, "
                f"{rewritten(before, after)} of {total} files rewritten"
            )
        return seconds, files, total

    def one_edit(self) -> tuple[Series, Series]:
        """Builds after editing the newest post's title and question: seconds, files rewritten."""
        post = newest_post(self.site)
        original = post.read_text(encoding="utf-8")
        seconds, files = Series(), Series()
        try:
            for n in range(self.repeat):
                post.write_text(edit_post(original, f"qzbench{n:02d}"), encoding="utf-8")
                before = snapshot(self.site / OUTPUT_DIR)
                run = self.build()
                after = snapshot(self.site / OUTPUT_DIR)
                seconds.add(run.seconds)
                files.add(rewritten(before, after))
                self.log(f"  one-edit build {n + 1}/{self.repeat}: {run.seconds:.2f} s")
        finally:
            post.write_text(original, encoding="utf-8")
        return seconds, files

    def restored(self) -> tuple[Series, Series, Series]:
        """Builds as in CI: a fresh checkout (every content file new, same bytes), no output,
        and the build cache of the last build restored: wall, CPU and system seconds."""
        seconds, cpu, system = Series(), Series(), Series()
        content = self.site / "content"
        for n in range(self.repeat):
            self.aside.put(self.site / OUTPUT_DIR)
            # A checkout writes every file anew: same bytes, new inodes and stamps.
            checked_in = self.aside.put(content)
            assert checked_in is not None  # the corpus always has its content folder
            shutil.copytree(checked_in, content, copy_function=shutil.copyfile)
            run = self.build()
            seconds.add(run.seconds)
            cpu.add(run.cpu_seconds)
            system.add(run.system_seconds)
            self.log(f"  fresh checkout, cache restored {n + 1}/{self.repeat}: {run.seconds:.2f} s")
        return seconds, cpu, system

    def watch(self, edits: int) -> dict[str, object] | str:
        """Watch-mode figures from watch_bench.py (its own process), or why there are none."""
        command: list[str | Path] = [
            sys.executable,
            HERE / "watch_bench.py",
            self.site,
            "--edits",
            str(edits),
        ]
        run = run_process(command)
        if run.returncode != 0:
            return f"watch benchmark failed: {run.output.strip()[-500:]}"
        try:
            figures: dict[str, object] = json.loads(run.output[run.output.index("{") :])
        except ValueError:
            return f"watch benchmark printed no figures: {run.output.strip()[-500:]}"
        return figures

    def imports(self) -> Series:
        """Interpreter start-up plus quizsite's imports: the floor under any CLI build."""
        seconds = Series()
        code = "import quizsite.cli, quizsite.build"
        for _ in range(self.repeat):
            seconds.add(run_process([sys.executable, "-c", code]).seconds)
        return seconds


# ---------------------------------------------------------------------------------------------
# Hugo

HUGO_SINGLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time>
{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</body></html>
"""
HUGO_LIST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "January 2, 2006" }}</time> {{ .Summary }}</li>
{{ end }}</ul>
</body></html>
"""
# Every regular page is a post. Filtering with `where` here instead, as Hugo's docs show, reruns
# the filter on each of the N/10 home pages: 18 of Hugo's 28 s on 10,000 posts.
HUGO_INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ site.Title }}</title></head>
<body>
<h1>{{ site.Title }}</h1>
{{ $pager := .Paginate site.RegularPages }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "January 2, 2006" }}</time>
{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}
{{ .Summary }}</li>
{{ end }}</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }}
{{ with $pager.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>
</body></html>
"""


def hugo_version(hugo: str) -> tuple[int, int] | None:
    """Hugo's (major, minor) version, or None if it cannot be run."""
    try:
        text = subprocess.run(
            [hugo, "version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"v(\d+)\.(\d+)", text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def install_hugo(log: Callable[[str], None]) -> None:
    """apt-get install -y hugo (Debian's package); a failure is reported, not fatal."""
    command = ["apt-get", "install", "-y", "hugo"]
    if os.geteuid() != 0 and shutil.which("sudo"):
        command = ["sudo", "-n", *command]
    log(f"installing Hugo: {' '.join(command)}")
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        log(f"  could not run apt-get: {exc}")
        return
    if result.returncode != 0:
        log(f"  apt-get failed (try `apt-get update` first):\n{result.stderr.strip()[-800:]}")


def make_hugo_site(site: Path, target: Path, version: tuple[int, int]) -> None:
    """The same posts (front matter and body) as a minimal Hugo site with trivial layouts."""
    shutil.rmtree(target, ignore_errors=True)
    posts = target / "content" / "posts"
    posts.mkdir(parents=True)
    source = site / "content" / "posts"
    for path in sorted(source.rglob("*.qmd")):
        rel = path.relative_to(source)
        if path.name == "index.qmd":  # folder post: a Hugo page bundle, figure included
            bundle = posts / rel.parent
            shutil.copytree(path.parent, bundle)
            (bundle / "index.qmd").rename(bundle / "index.md")
        else:
            shutil.copyfile(path, posts / rel.with_suffix(".md"))
    # Hugo 0.128 replaced `paginate` with [pagination] pagerSize.
    pager = "[pagination]\npagerSize = 10\n" if version >= (0, 128) else "paginate = 10\n"
    (target / "hugo.toml").write_text(
        'baseURL = "https://bench.example.org/quizzes/"\n'
        'languageCode = "en"\n'
        'title = "Benchmark quizzes"\n' + pager,
        encoding="utf-8",
    )
    layouts = target / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (target / "layouts" / "index.html").write_text(HUGO_INDEX, encoding="utf-8")


@dataclass(slots=True)
class HugoRuns:
    """Cold `hugo --quiet` builds, one per round of quizsite's cold builds: this VM's speed
    moves from minute to minute, so both tools take their turns in the same spells rather
    than Hugo's five builds all coming first."""

    hugo: str
    site: Path
    version: str
    log: Callable[[str], None]
    aside: SetAside
    seconds: Series = field(default_factory=Series)
    cpu: Series = field(default_factory=Series)
    rss: Series = field(default_factory=Series)
    files: int = 0
    error: str | None = None

    def once(self, n: int, repeat: int) -> None:
        """The `n`-th build (none once one failed)."""
        if self.error is not None:
            return
        for name in ("public", "resources", ".hugo-cache"):
            self.aside.put(self.site / name)
        run = run_process(
            [self.hugo, "--quiet", "--cacheDir", self.site / ".hugo-cache"], cwd=self.site
        )
        if run.returncode != 0:
            self.error = f"hugo failed (exit {run.returncode}): {run.output.strip()[-500:]}"
            self.log(f"  {self.error}")
            return
        self.seconds.add(run.seconds)
        self.cpu.add(run.cpu_seconds)
        self.rss.add(run.max_rss_bytes)
        self.files = sum(len(names) for _, _, names in os.walk(self.site / "public"))
        self.log(f"  hugo cold build {n + 1}/{repeat}: {run.seconds:.2f} s")


# ---------------------------------------------------------------------------------------------


def measure_size(
    posts: int,
    workdir: Path,
    quizsite: Path,
    args: argparse.Namespace,
    hugo: str | None,
    log: Callable[[str], None],
    rows: list[Row],
    raw: dict[str, object],
    aside: SetAside,
) -> None:
    """Every figure for one corpus size, appended to `rows` (the table) and `raw` as measured,
    so a build that breaks halfway still leaves the figures taken before it."""
    site = workdir / f"quizsite-{posts}"
    started = time.perf_counter()
    paths = write_corpus(site, posts, args.seed)
    if args.toml:  # e.g. `search = false`, to see what one feature costs
        config = site / "quizsite.toml"
        config.write_text(config.read_text() + "\n".join(args.toml) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in paths)
    log(
        f"{posts} posts: corpus written to {site} in {time.perf_counter() - started:.1f} s "
        f"({size / len(paths) / 1024:.1f} KiB per post)"
    )
    bench = Bench(quizsite, site, args.repeat, log, aside)
    raw.update(posts=posts, bytes=size)
    label = f"{posts:,} posts"

    hugo_runs: HugoRuns | None = None
    if hugo is not None:
        version = hugo_version(hugo)
        if version is None:
            log("  hugo does not run; skipping it")
        else:
            hugo_site = workdir / f"hugo-{posts}"
            make_hugo_site(site, hugo_site, version)
            hugo_runs = HugoRuns(hugo, hugo_site, ".".join(map(str, version)), log, aside)

    cold, cold_cpu, cold_system, rss, pss = bench.cold(hugo_runs.once if hugo_runs else None)
    hugo_seconds: Series | None = None
    if hugo_runs is not None and hugo_runs.error is not None:
        raw["hugo_error"] = hugo_runs.error
    elif hugo_runs is not None:
        hugo_seconds = hugo_runs.seconds
        raw["hugo"] = {
            "version": hugo_runs.version,
            "seconds": hugo_runs.seconds.values,
            "cpu_seconds": hugo_runs.cpu.values,
            "max_rss_bytes": hugo_runs.rss.values,
            "files": hugo_runs.files,
        }
    raw["cold_seconds"], raw["cold_max_rss_bytes"] = cold.values, rss.values
    raw["cold_cpu_seconds"], raw["cold_system_seconds"] = cold_cpu.values, cold_system.values
    raw["cold_tree_pss_bytes"] = pss.values
    if posts >= 10_000:
        cold_target, cold_limit = f"< {TENK_COLD_TARGET:g} s", TENK_COLD_TARGET
    elif hugo_seconds is not None:
        cold_target, cold_limit = f"≤ Hugo ({hugo_seconds.median:.2f} s)", hugo_seconds.median
    else:
        cold_target, cold_limit = f"≤ {HUGO_TARGET_FALLBACK} s (no Hugo)", HUGO_TARGET_FALLBACK
    rows.append(
        Row(f"cold build, {label}", cold.show("s"), cold_target, status(cold.median <= cold_limit))
    )
    rows.append(Row("cold build, CPU time (user + sys)", cold_cpu.show("s"), "reference", ""))
    rows.append(Row("cold build, of which system time", cold_system.show("s"), "reference", ""))

    again, again_files, total = bench.unchanged()
    raw["unchanged_seconds"], raw["unchanged_rewritten"] = again.values, again_files.values
    raw["output_files"] = total
    rows.append(
        Row("no-change build", again.show("s"), *judged("< 0.3 s", again.median < 0.3, posts))
    )
    rows.append(
        Row(
            "files rewritten by a no-change build",
            again_files.show(f"of {total}", digits=0),
            "0",
            status(max(again_files.values) == 0),
        )
    )

    rows.extend(search_rows(site / OUTPUT_DIR, raw))

    edit, edit_files = bench.one_edit()
    raw["one_edit_seconds"], raw["one_edit_rewritten"] = edit.values, edit_files.values
    rows.append(Row("one-edit build", edit.show("s"), *judged("< 0.4 s", edit.median < 0.4, posts)))
    rows.append(
        Row("files rewritten by a one-edit build", edit_files.show(f"of {total}", digits=0), "", "")
    )

    restored, restored_cpu, restored_system = bench.restored()
    raw["restored_seconds"], raw["restored_cpu_seconds"] = restored.values, restored_cpu.values
    raw["restored_system_seconds"] = restored_system.values
    rows.append(Row("fresh checkout, cache restored (CI)", restored.show("s"), "reference", ""))
    rows.append(
        Row("fresh checkout: CPU time (user + sys)", restored_cpu.show("s"), "reference", "")
    )
    rows.append(
        Row("fresh checkout: of which system time", restored_system.show("s"), "reference", "")
    )

    if not args.no_watch:
        log(f"  watch mode: {args.edits} edits")
        watch = bench.watch(args.edits)
        raw["watch"] = watch
        if isinstance(watch, str):
            log(f"  {watch}")
            rows.append(Row("watch: one edit", watch[:60], "", ""))
        else:
            rows.extend(watch_rows(watch, posts))

    memory = [("max RSS of one process", rss), ("whole tree (sampled PSS)", pss)]
    for what, series in memory:
        if series.values:
            rows.append(
                Row(
                    f"peak memory, cold build: {what}",
                    series.show("MB", scale=1e-6, digits=0),
                    "< 600 MB",
                    status(series.median < 600e6),
                )
            )
    if hugo_seconds is not None and isinstance(raw.get("hugo"), dict):
        hugo_raw = raw["hugo"]
        assert isinstance(hugo_raw, dict)
        rows.append(
            Row(
                f"Hugo {hugo_raw['version']} cold build (`hugo --quiet`)",
                hugo_seconds.show("s"),
                "reference",
                "",
            )
        )
        rows.append(
            Row(
                "Hugo CPU time (user + sys; it uses every core)",
                Series(hugo_raw["cpu_seconds"]).show("s"),
                "reference",
                "",
            )
        )
        rows.append(
            Row(
                "Hugo peak memory (max RSS)",
                Series(hugo_raw["max_rss_bytes"]).show("MB", scale=1e-6, digits=0),
                "reference",
                "",
            )
        )
    imports = bench.imports()
    raw["imports_seconds"] = imports.values
    rows.append(Row("python start-up + quizsite imports", imports.show("s"), "reference", ""))
    if not args.keep:
        aside.put(site / OUTPUT_DIR)


def search_rows(output: Path, raw: dict[str, object]) -> list[Row]:
    """What a reader's search downloads: index.json, then the shards of the query's words (the
    largest one is the worst case for one word)."""
    index = output / "search" / "index.json"
    if not index.is_file():
        return []
    entry = json.loads(index.read_text(encoding="utf-8"))
    shards = [(output / "search" / path).stat().st_size for path in entry["shards"].values()]
    largest = max(shards, default=0)
    raw["search_index_bytes"], raw["search_largest_shard_bytes"] = index.stat().st_size, largest
    sizes = f"{index.stat().st_size / 1e3:.0f} KB / {largest / 1e3:.0f} KB ({len(shards)} shards)"
    return [Row("search: index.json / largest shard (uncompressed)", sizes, "reference", "")]


def watch_rows(watch: dict[str, object], posts: int) -> list[Row]:
    """Table rows from watch_bench.py's figures."""
    runs = watch["runs"]
    assert isinstance(runs, list)
    build = Series([r["build_seconds"] for r in runs if r["build_seconds"] is not None])
    unbuilt = sum(1 for r in runs if r["build_seconds"] is None)
    save = Series([r["all_seconds"] for r in runs if r["all_seconds"] is not None])
    pages = Series([r["pages_seconds"] for r in runs if r["pages_seconds"] is not None])
    feeds = len(watch["targets"]) - 2  # type: ignore[arg-type]
    targets = "post + home page" + (f" + {feeds} feeds" if feeds else "")
    missed = watch["missed"]
    rows = [
        Row(
            "watch: one edit, build (BuildResult.seconds)",
            build.show("ms", scale=1e3, digits=0)
            + (f"; {unbuilt} edits never rebuilt" if unbuilt else ""),
            *judged("< 30 ms", bool(build.values) and build.median < 0.03 and not unbuilt, posts),
        ),
        Row(
            f"watch: save → {targets} on disk",
            save.show("ms", scale=1e3, digits=0) + (f"; {missed} missed" if missed else ""),
            *judged("< 100 ms", bool(save.values) and save.median < 0.1 and not missed, posts),
        ),
        Row(
            "watch: save → post + home page only",
            pages.show("ms", scale=1e3, digits=0),
            "",
            "",
        ),
        Row(
            "watch: pages rendered / files written per edit",
            f"{statistics.median(r['rendered'] for r in runs):.0f} / "
            f"{statistics.median(r['written'] for r in runs):.0f}",
            "",
            "",
        ),
    ]
    return rows


def print_table(rows: Sequence[Row]) -> None:
    """A Markdown table, readable in a terminal and pasteable into docs/performance.md."""
    header = Row("metric", "value: median (min–max)", "target", "status")
    names = [f.name for f in fields(Row)]
    widths = [max(len(getattr(r, name)) for r in [header, *rows]) for name in names]
    for n, row in enumerate([header, *rows]):
        cells = [getattr(row, name).ljust(w) for name, w in zip(names, widths, strict=True)]
        print("| " + " | ".join(cells) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def find_quizsite() -> Path:
    """The `quizsite` console script beside this interpreter, checked to run."""
    script = Path(sys.executable).parent / "quizsite"
    if not script.is_file():
        raise SystemExit(
            f"error: no `quizsite` script next to {sys.executable}.\n"
            "Run this with the Python of the environment quizsite is installed in, e.g.\n"
            "  .venv/bin/python benchmarks/run.py\n"
            "or install it into this one first: python -m pip install -e ."
        )
    check = run_process([script, "--version"])
    if check.returncode != 0:
        raise SystemExit(f"error: {script} --version failed:\n{check.output}")
    return script


def compile_bytecode() -> None:
    """Write quizsite's compiled modules (.pyc), as installing a wheel does and as the first
    run of an editable install does, unless PYTHONDONTWRITEBYTECODE is set; with none, every
    timed build would compile quizsite's source again (40 ms here), which no author pays."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("quizsite")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def wait_idle(limit: float, log: Callable[[str], None]) -> None:
    """Wait up to `limit` seconds for the 1-minute load average to drop below IDLE_LOAD."""
    deadline = time.monotonic() + limit
    if os.getloadavg()[0] >= IDLE_LOAD and limit > 0:
        log(f"waiting up to {limit:.0f} s for the load average to fall below {IDLE_LOAD}")
    while os.getloadavg()[0] >= IDLE_LOAD and time.monotonic() < deadline:
        time.sleep(5)


def git_commit() -> str:
    """The checkout's short commit (and '+dirty' when src/ or themes/ differ), for the record."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        # Only the code being measured counts: benchmarks/ and docs/ may be mid-edit.
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src", "themes", "pyproject.toml"],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+dirty" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    """Command line: generate corpora, measure, print the table."""
    parser = argparse.ArgumentParser(description="Benchmark quizsite builds (and Hugo's).")
    parser.add_argument("--posts", type=int, default=1000, help="corpus size (default: 1000)")
    parser.add_argument("--with-10k", action="store_true", help="also run 10,000 posts (slow)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (default: 5)")
    parser.add_argument("--edits", type=int, default=7, help="watch-mode edits (default: 7)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument("--workdir", type=Path, help="where corpora go (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and outputs")
    parser.add_argument("--no-watch", action="store_true", help="skip the watch-mode figures")
    parser.add_argument("--no-hugo", action="store_true", help="do not time Hugo")
    parser.add_argument(
        "--install-hugo", action="store_true", help="apt-get install -y hugo if it is missing"
    )
    parser.add_argument(
        "--toml",
        action="append",
        default=[],
        metavar="LINE",
        help="add a line to the corpus's quizsite.toml, e.g. --toml 'search = false'",
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help=f"first wait up to SECONDS for the load average to fall below {IDLE_LOAD}",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.posts < 1 or args.edits < 1:
        parser.error("--posts, --repeat and --edits must be at least 1")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    quizsite = find_quizsite()
    compile_bytecode()
    hugo = None if args.no_hugo else shutil.which("hugo")
    if hugo is None and args.install_hugo and not args.no_hugo:
        install_hugo(log)
        hugo = shutil.which("hugo")
    if hugo is None and not args.no_hugo:
        log("Hugo not found (Debian: apt-get install hugo, or pass --install-hugo); skipping it")

    sizes = [args.posts] + ([10_000] if args.with_10k and args.posts != 10_000 else [])
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="quizsite-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    commit = git_commit()
    wait_idle(args.wait_idle, log)
    load_before = os.getloadavg()[0]
    log(
        f"quizsite {commit} at {quizsite}; {os.cpu_count()} CPUs, load {load_before:.2f}; "
        f"work folder {workdir}"
    )
    rows: list[Row] = []
    raw: dict[str, object] = {"commit": commit, "cpus": os.cpu_count(), "toml": args.toml}
    sizes_raw: list[dict[str, object]] = []
    raw["sizes"] = sizes_raw
    failed = False
    aside = SetAside(workdir / "set-aside")
    try:
        for posts in sizes:
            sizes_raw.append({})
            try:
                measure_size(posts, workdir, quizsite, args, hugo, log, rows, sizes_raw[-1], aside)
            except BuildBroken as broken:
                log(str(broken))
                sizes_raw[-1]["error"] = str(broken)
                first_line = str(broken).splitlines()[0]
                rows.append(Row(f"{posts:,} posts: measuring stopped", first_line, "", "error"))
                failed = True
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif not args.keep:
            shutil.rmtree(aside.folder, ignore_errors=True)
    # Other processes on a small machine move wall times a lot; the load says how much to trust.
    load_after = os.getloadavg()[0]
    raw["load_average"] = [load_before, load_after]
    extra = f", quizsite.toml + {'; '.join(args.toml)}" if args.toml else ""
    print(
        f"\nquizsite {commit}, {os.cpu_count()} CPUs, median of {args.repeat} runs, "
        f"1-minute load average {load_before:.2f} before and {load_after:.2f} after{extra}\n"
    )
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
