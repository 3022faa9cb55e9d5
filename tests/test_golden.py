"""A small site built and compared file by file with tests/golden/expected/.

After an intended change of output, refresh with `.venv/bin/python tests/golden/refresh.py`
and review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import TESTS, fresh_build

sys.path.insert(0, str(TESTS / "golden"))
import refresh


def test_golden_site_matches_file_by_file() -> None:
    built = refresh.built_files()
    expected = refresh.expected_files()
    assert sorted(built) == sorted(expected), "files added or missing: run tests/golden/refresh.py"
    for rel, data in expected.items():
        assert built[rel].decode() == data.decode(), f"{rel} differs: run tests/golden/refresh.py"


def test_golden_build_is_deterministic(tmp_path: Path) -> None:
    """The same bytes from a build in this process (after whatever the other tests left in its
    caches) and from builds in two new processes with different hash seeds."""
    here = refresh.built_files()
    for seed in (1, 2):
        output = fresh_build(refresh.SOURCE, tmp_path / f"site{seed}", hash_seed=seed)
        assert refresh.files_of(output) == here, f"a build with hash seed {seed} differs"
