"""Quarto project profiles: which are active, and their `_quarto-NAME.yml` merged over
`_quarto.yml` for every reader of the project's settings, as Quarto merges them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import CliResult, write_tree

from quizsite.build import build
from quizsite.errors import BuildFailed
from quizsite.quarto_profiles import active_profiles, construct, project_node
from quizsite.watch import is_input

SITE_YML = (
    "project:\n  type: website\nwebsite:\n  title: Base title\n  navbar:\n    left:\n"
    "      - href: index.qmd\n        text: Home\n"
)
HOME = "---\ntitle: Home\nlisting:\n  contents: posts\n---\n"
POST = "---\ntitle: A\ndate: 2024-01-02\n---\n\n## One\n\nText.\n"


@pytest.fixture(autouse=True)
def _no_profile_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test names its profiles itself: none comes from the environment it runs in."""
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)


def _site(tmp_path: Path, quarto: str, **files: str) -> Path:
    """A small Quarto blog with `_quarto.yml` reading `quarto`, and more files."""
    return write_tree(
        tmp_path / "site",
        {"_quarto.yml": quarto, "index.qmd": HOME, "posts/a/index.qmd": POST, **files},
    )


def _merged(tmp_path: Path, quarto: str, **profiles: str) -> object:
    """The data of `_quarto.yml` with the active profiles' files merged over it."""
    root = write_tree(tmp_path / "merge", {"_quarto.yml": quarto, **profiles})
    return construct(project_node(root, quarto), yaml.SafeLoader)


# ------------------------------------------------------------------------------------------------
# Which profiles are active


def test_the_default_profile_is_active_when_none_is_named() -> None:
    assert active_profiles({"default": "prod"}) == ["prod"]
    assert active_profiles({"default": ["a", "b"]}) == ["a", "b"]
    assert active_profiles({"default": "a, b"}) == ["a", "b"]
    assert active_profiles(None) == []


def test_quarto_profile_overrides_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUARTO_PROFILE", "dev,local")
    assert active_profiles({"default": "prod"}) == ["dev", "local"]


def test_the_first_of_a_group_is_active_when_none_of_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A group's first profile is active unless another of it is, whatever else is named."""
    assert active_profiles({"group": ["basic", "pro"]}) == ["basic"]
    groups = {"group": [["basic", "pro"], ["en", "de"]]}
    assert active_profiles(groups) == ["basic", "en"]
    monkeypatch.setenv("QUARTO_PROFILE", "de")
    assert active_profiles(groups) == ["de", "basic"]
    assert active_profiles({**groups, "default": "pro"}) == ["de", "basic"]


# ------------------------------------------------------------------------------------------------
# The merge


def test_mappings_merge_key_by_key_and_lists_are_joined(tmp_path: Path) -> None:
    """Nested keys merge; a list is the project's items then the profile's, each once; a
    text or number is replaced."""
    merged = _merged(
        tmp_path,
        SITE_YML + "profile:\n  default: prod\nformat:\n  html:\n    toc: false\n",
        **{
            "_quarto-prod.yml": (
                "website:\n  site-url: https://example.org\n  navbar:\n    left:\n"
                "      - href: index.qmd\n        text: Home\n      - href: about.qmd\n"
                "        text: About\n    right:\n      - icon: github\n"
                "format:\n  html:\n    toc: true\n"
            )
        },
    )
    assert merged == {
        "project": {"type": "website"},
        "profile": {"default": "prod"},
        "website": {
            "title": "Base title",
            "navbar": {
                "left": [
                    {"href": "index.qmd", "text": "Home"},
                    {"href": "about.qmd", "text": "About"},
                ],
                "right": [{"icon": "github"}],
            },
            "site-url": "https://example.org",
        },
        "format": {"html": {"toc": True}},
    }


def test_the_first_profile_named_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Profiles merge in reverse order, so the first named has the last word; lists join in
    that order too, and a text joins a list as one item."""
    monkeypatch.setenv("QUARTO_PROFILE", "a,b")
    merged = _merged(
        tmp_path,
        "title: base\ncss: base.css\n",
        **{
            "_quarto-a.yml": "title: from a\ncss: [a.css]\n",
            "_quarto-b.yml": "title: from b\ncss: [b.css, base.css]\n",
        },
    )
    assert merged == {"title": "from a", "css": ["base.css", "b.css", "a.css"]}


def test_a_sidebar_contents_text_is_replaced_and_an_empty_value_skipped(tmp_path: Path) -> None:
    """Quarto's exceptions: `contents: posts` (a text) is replaced by a profile's list, and a
    null or false merged with a list leaves the list."""
    merged = _merged(
        tmp_path,
        "profile:\n  default: p\nsidebar:\n  contents: posts\nresources: [a.pdf]\n",
        **{"_quarto-p.yml": "sidebar:\n  contents: [x.qmd]\nresources: ~\n"},
    )
    assert merged == {
        "profile": {"default": "p"},
        "sidebar": {"contents": ["x.qmd"]},
        "resources": ["a.pdf"],
    }


def test_a_profile_without_a_file_is_no_error(tmp_path: Path) -> None:
    quarto = SITE_YML + "profile:\n  default: nowhere\n"
    assert _merged(tmp_path, quarto) == yaml.safe_load(quarto)


def test_the_yaml_suffix_is_read_too(tmp_path: Path) -> None:
    merged = _merged(tmp_path, "profile:\n  default: p\n", **{"_quarto-p.yaml": "title: P\n"})
    assert merged == {"profile": {"default": "p"}, "title": "P"}


# ------------------------------------------------------------------------------------------------
# Builds


def test_the_default_profile_sets_the_site_and_its_documents(tmp_path: Path) -> None:
    """The profile's settings reach the config (title, navbar) and every document's
    metadata (author), and nothing warns of the profile's file."""
    root = _site(
        tmp_path,
        SITE_YML + "profile:\n  default: prod\n",
        **{
            "_quarto-prod.yml": (
                "website:\n  title: Prod title\n  navbar:\n    left:\n"
                "      - href: about.qmd\n        text: About\nauthor: Prod Author\n"
            ),
            "_quarto-dev.yml": "website:\n  title: Dev title\n",
            "about.qmd": "---\ntitle: About\n---\n\nHi.\n",
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    page = (out / "posts/a/index.html").read_text()
    assert "<title>A · Prod title</title>" in page
    assert ">Home<" in page and ">About<" in page
    assert "Prod Author" in page and "Dev title" not in page
    assert not [w for w in result.warnings if "profile" in w.message], result.warnings


def test_quarto_profile_chooses_another_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(
        tmp_path,
        SITE_YML + "profile:\n  default: prod\n",
        **{
            "_quarto-prod.yml": "website:\n  title: Prod title\n",
            "_quarto-dev.yml": "website:\n  title: Dev title\n",
        },
    )
    out = tmp_path / "out"
    first = build(root, out)
    assert "Prod title" in (out / "posts/a/index.html").read_text()
    monkeypatch.setenv("QUARTO_PROFILE", "dev")
    build(root, out, previous=first.state)
    page = (out / "posts/a/index.html").read_text()
    assert "Dev title" in page and "Prod title" not in page


def test_a_malformed_profile_file_fails_at_its_line(tmp_path: Path) -> None:
    root = _site(
        tmp_path,
        SITE_YML + "profile:\n  default: prod\n",
        **{"_quarto-prod.yml": "website:\n  title: [Prod\n"},
    )
    with pytest.raises(BuildFailed) as failed:
        build(root, tmp_path / "out")
    [problem] = failed.value.diagnostics
    assert problem.location.path == "_quarto-prod.yml"
    assert problem.location.line is not None and "invalid YAML" in problem.message


def test_when_profile_follows_quarto_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`when-profile` content follows the active profiles, a group's default among them,
    and an edit of the environment parses the post again."""
    body = (
        '::: {.content-visible when-profile="pro"}\nPro only.\n:::\n\n'
        '::: {.content-hidden when-profile="en"}\nNot English.\n:::\n'
    )
    root = _site(
        tmp_path,
        SITE_YML + "profile:\n  group: [en, de]\n",
        **{"posts/a/index.qmd": POST + "\n" + body},
    )
    out = tmp_path / "out"
    first = build(root, out)
    page = (out / "posts/a/index.html").read_text()
    assert "Pro only." not in page and "Not English." not in page
    monkeypatch.setenv("QUARTO_PROFILE", "pro,de")
    build(root, out, previous=first.state)
    page = (out / "posts/a/index.html").read_text()
    assert "<p>Pro only.</p>" in page and "<p>Not English.</p>" in page


# ------------------------------------------------------------------------------------------------
# Edits of a profile's file


def _profiled_site(tmp_path: Path) -> Path:
    return _site(
        tmp_path,
        SITE_YML + "profile:\n  default: prod\n",
        **{"_quarto-prod.yml": "website:\n  title: Prod title\nauthor: First Author\n"},
    )


def test_a_watch_build_sees_an_edit_of_the_profile_file(tmp_path: Path) -> None:
    """A document key (the author, read by the post's parse) and a site setting (the
    title) edited in the profile's file both reach the page of a watch-style rebuild."""
    root = _profiled_site(tmp_path)
    out = tmp_path / "out"
    first = build(root, out)
    assert "First Author" in (out / "posts/a/index.html").read_text()
    profile = root / "_quarto-prod.yml"
    assert is_input(profile, root)
    profile.write_text("website:\n  title: New title\nauthor: Second Author\n")
    build(root, out, previous=first.state, changed={profile})
    page = (out / "posts/a/index.html").read_text()
    assert "Second Author" in page and "First Author" not in page
    assert "New title" in page and "Prod title" not in page


def test_a_watch_build_sees_a_profile_file_created(tmp_path: Path) -> None:
    root = _site(tmp_path, SITE_YML + "profile:\n  default: prod\n")
    out = tmp_path / "out"
    first = build(root, out)
    profile = root / "_quarto-prod.yml"
    profile.write_text("author: New Author\n")
    build(root, out, previous=first.state, changed={profile})
    assert "New Author" in (out / "posts/a/index.html").read_text()


def test_the_cli_rebuilds_after_an_edit_of_the_profile_file(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """The build cache notes the profile's file: editing it is no "up to date"."""
    root = _profiled_site(tmp_path)
    out = tmp_path / "out"
    assert cli("build", root, "-o", out).code == 0
    assert "up to date" in cli("build", root, "-o", out).out
    (root / "_quarto-prod.yml").write_text("website:\n  title: Prod title\nauthor: Other\n")
    result = cli("build", root, "-o", out)
    assert result.code == 0 and "up to date" not in result.out
    page = (out / "posts/a/index.html").read_text()
    assert "Other" in page and "First Author" not in page
