"""Fetching browser assets with npm: a registry that cannot be reached costs one short try."""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

import pytest

from quizsite.npm_assets import fetch_package


def _fake_npm(folder: Path, body: str) -> Path:
    """An `npm` script that logs its arguments, then runs `body` (a shell snippet)."""
    folder.mkdir()
    script = folder / "npm"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{folder}/calls"\n{body}\n')
    script.chmod(0o755)
    return folder


def _unpack(archive: tarfile.TarFile, scratch: Path) -> Path:
    """Takes the archive's one file out into `scratch`."""
    archive.extractall(scratch, filter="data")
    return scratch / "package" / "asset.js"


def test_an_unreachable_registry_is_tried_once_then_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = _fake_npm(tmp_path / "bin", "exit 1")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    target = tmp_path / "cache" / "thing-1.0" / "asset.js"
    assert fetch_package("thing", "1.0", target, _unpack) is None
    assert fetch_package("thing", "1.0", target, _unpack) is None
    calls = (bin_dir / "calls").read_text().splitlines()
    assert len(calls) == 1  # the second build did not wait on the registry again
    assert "--fetch-retries=0" in calls[0].split()


def test_a_package_is_fetched_unpacked_and_renamed_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = tmp_path / "made"
    (made / "package").mkdir(parents=True)
    (made / "package" / "asset.js").write_text("console.log(1)")
    packed = tmp_path / "thing-1.0.tgz"
    with tarfile.open(packed, "w:gz") as archive:
        archive.add(made / "package", arcname="package")
    # npm pack writes the archive into the folder after --pack-destination.
    body = f'while [ "$1" != "--pack-destination" ]; do shift; done; cp "{packed}" "$2/"'
    bin_dir = _fake_npm(tmp_path / "bin", body)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    target = tmp_path / "cache" / "thing-1.0" / "asset.js"
    assert fetch_package("thing", "1.0", target, _unpack) == target
    assert target.read_text() == "console.log(1)"
