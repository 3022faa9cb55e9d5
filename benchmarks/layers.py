"""What the build's cache layers save, each alone, in CPU time of this process.

Usage: python benchmarks/layers.py [--posts 1000] [--workdir DIR]

Writes the standard corpus, builds it with the cache, then times each layer's step with and
without the layer: stamping every post against reading and digesting it (parses kept by
stamp), loading the compiled templates against compiling them (Jinja's bytecode cache in the
cache folder), saving the state after one edit against writing every shard (the parses kept
in shards). Medians of five runs; see docs/performance.md ("The build's cache layers").
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from make_corpus import write_corpus

from quizsite.build import CACHE_DIR, BuildState, build, save_cache
from quizsite.cache import load_state
from quizsite.sources import read_source, scan_content
from quizsite.stamps import source_stamp
from quizsite.templates import make_environment


def cpu_ms(step: Callable[[], object], runs: int = 5) -> float:
    """The median CPU time of `step`, in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        step()
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def main() -> None:
    """Print one line per layer: the step with it, and without it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.workdir) as scratch:
        site = Path(scratch) / "site"
        write_corpus(site, args.posts)
        config = build(site, cache=True).state.config
        found = scan_content(config.content_dir, config.root)
        stamped = cpu_ms(lambda: [source_stamp(f.path, f.assets) for f in found])
        read = cpu_ms(lambda: [read_source(f, config.root).digest() for f in found])  # type: ignore[union-attr]
        print(f"parses kept by stamp: stamp every post {stamped:.1f} ms, read them {read:.1f} ms")

        def templates(folder: Path | None) -> None:
            env = make_environment(config, folder)
            for name in env.list_templates(extensions=("html", "xml", "json", "txt")):
                env.get_template(name)

        compiled = site / CACHE_DIR / "templates"
        templates(compiled)
        loaded, made = cpu_ms(lambda: templates(compiled)), cpu_ms(lambda: templates(None))
        print(f"compiled templates kept: load them {loaded:.1f} ms, compile them {made:.1f} ms")
        state = load_state(site / CACHE_DIR, BuildState)
        assert state is not None

        def every_shard() -> None:
            for shard in (site / CACHE_DIR).glob("posts-*"):
                shard.unlink()
            save_cache(site, state)

        kept = cpu_ms(lambda: save_cache(site, state))
        print(
            f"parses in shards: save with the shards kept {kept:.1f} ms, all {cpu_ms(every_shard):.1f} ms"
        )


if __name__ == "__main__":
    main()
