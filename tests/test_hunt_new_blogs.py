"""What building more real Quarto blogs showed (tidymodels.org, mickael.canouil.fr,
robjhyndman.com, andytimm.github.io, the tidy-intelligence blog, restateinsight): each
fixture is written here, in its own words, reproducing one thing such a site does."""

from __future__ import annotations

import pytest
from fixture_file import Case, fixture_params, render

SITE_YML = "project:\n  type: website\nwebsite:\n  title: Notes on models\n"
HOME = "---\ntitle: Home\nlisting:\n  contents: posts\n---\n"


@pytest.mark.parametrize("case", fixture_params("hunt_new_blogs.md"))
def test_fixture(case: Case) -> None:
    """Markdown cases met in real blogs (tests/fixtures/hunt_new_blogs.md)."""
    assert render(case.source) == case.expected
