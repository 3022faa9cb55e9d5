"""A small site built and compared file by file with tests/golden/expected/.

After an intended change of output, refresh with `.venv/bin/python tests/golden/refresh.py`
and review the diff.
"""

from __future__ import annotations

import sys

from conftest import TESTS

sys.path.insert(0, str(TESTS / "golden"))
import refresh


def test_golden_site_matches_file_by_file() -> None:
    built = refresh.built_files()
    expected = refresh.expected_files()
    assert sorted(built) == sorted(expected), "files added or missing: run tests/golden/refresh.py"
    for rel, data in expected.items():
        assert built[rel].decode() == data.decode(), f"{rel} differs: run tests/golden/refresh.py"


def test_golden_build_is_deterministic() -> None:
    assert refresh.built_files() == refresh.built_files()
