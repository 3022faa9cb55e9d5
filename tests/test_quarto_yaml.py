"""A Quarto project whose file is named `_quarto.yaml`, which Quarto reads as it reads
`_quarto.yml` (`_quarto.yml` first when both are there): the blog builds unchanged, messages
name the file read at its own lines, its profiles' `_quarto-NAME.yaml` and its local file
(`_quarto.yml.local`) are merged over it, and a watch rebuilds when it is edited."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import QUARTO_HOME, TESTS, CliResult, post_body, quarto_blog, wait_for, write_tree
from test_watch import Recorder

from quizsite.build import build
from quizsite.config import load_config
from quizsite.errors import BuildFailed
from quizsite.watch import Watcher, is_input

POST = "---\ntitle: First\ndate: 2026-06-25\nauthor: Ada\n---\n\nHello.\n"
SITE_YAML = (
    "project:\n  type: website\n  output-dir: docs\n"
    "website:\n  title: Yaml Notes\n  site-url: https://ada.example.org/notes/\n"
    "  navbar:\n    left:\n      - href: about.qmd\n        text: About me\n"
)


@pytest.fixture(autouse=True)
def _no_profile_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test names its profiles itself: none comes from the environment it runs in."""
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)


def _yaml_blog(root: Path, project: str = SITE_YAML, **files: str) -> Path:
    """A Quarto blog whose project file is `_quarto.yaml` (conftest's blog, renamed)."""
    blog = quarto_blog(
        root, {"about.qmd": "---\ntitle: About\n---\n\nMe.\n", "posts/first/index.qmd": POST}
    )
    (blog / "_quarto.yml").unlink()
    return write_tree(blog, {"_quarto.yaml": project, **files})


def _files(folder: Path) -> dict[str, bytes]:
    """Every file a build wrote, by its path (the build's own id left out)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".quizsite-output" not in p.parts
    }


# ------------------------------------------------------------------------------------------------
# The blog builds as with `_quarto.yml`


def test_the_quarto_blog_builds_the_same_from_quarto_yaml(tmp_path: Path) -> None:
    """tests/quarto-blog with its project file renamed `_quarto.yaml` writes the very same
    site, into the same `output-dir`."""
    named_yml = shutil.copytree(TESTS / "quarto-blog", tmp_path / "yml")
    named_yaml = shutil.copytree(TESTS / "quarto-blog", tmp_path / "yaml")
    (named_yaml / "_quarto.yml").rename(named_yaml / "_quarto.yaml")
    assert load_config(named_yaml).output_dir == "docs"
    build(named_yml, named_yml / "docs")
    build(named_yaml, named_yaml / "docs")
    written = _files(named_yaml / "docs")
    assert written == _files(named_yml / "docs")
    assert "posts/2023-01-15_attention-basics/index.html" in written
    assert not any(name.startswith("_quarto") for name in written)


def test_navbar_output_dir_site_url_and_post_urls_come_from_quarto_yaml(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    blog = _yaml_blog(tmp_path / "blog")
    config = load_config(blog)
    assert config.quarto and config.title == "Yaml Notes"
    assert config.base_url == "https://ada.example.org/notes/"
    assert [item[:2] for item in config.menu] == [("About me", "about.qmd")]
    result = cli("build", blog)
    assert result.code == 0, result.out + result.err
    out = blog / "docs"
    assert "Hello." in post_body(out / "posts/first/index.html")
    home = (out / "index.html").read_text()
    assert "About me" in home and "/notes/about.html" in home
    assert "/notes/posts/first/" in home
    assert "https://ada.example.org/notes/posts/first/" in (out / "index.xml").read_text()


def test_quarto_yml_wins_when_both_names_are_there(tmp_path: Path) -> None:
    """Quarto looks for `_quarto.yml` first and reads no other."""
    blog = _yaml_blog(tmp_path / "blog", **{"_quarto.yml": "website:\n  title: From yml\n"})
    assert load_config(blog).title == "From yml"


# ------------------------------------------------------------------------------------------------
# Messages name the file read, at its lines


def test_invalid_yaml_in_quarto_yaml_is_reported_at_its_line(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    blog = _yaml_blog(tmp_path / "blog", SITE_YAML + 'description: "unclosed\n')
    result = cli("build", blog)
    assert result.code == 1
    assert "_quarto.yaml:11: error: invalid YAML" in result.err
    assert "_quarto.yml" not in result.err


def test_warnings_of_quarto_yaml_name_it_with_its_lines(tmp_path: Path) -> None:
    project = (
        "project:\n  type: website\n  post-render: tidy.py\n"  # line 3
        "website:\n  title: T\n  site-url: ada.example.org/notes\n"  # line 6
        "  navbar:\n    left:\n      - text: Nowhere\n"  # line 9
        "  draft-mode: hidden\n"  # line 10
    )
    blog = _yaml_blog(tmp_path / "blog", project)
    shown = [d.format() for d in load_config(blog).warnings]
    for line, words in (
        (3, "'project.post-render' is not run"),
        (6, "'website.site-url' has no scheme"),
        (9, "this navbar item has no href"),
        (10, "draft-mode 'hidden'"),
    ):
        assert any(f"_quarto.yaml:{line}: warning: {words}" in s for s in shown), (line, shown)
    assert not any("_quarto.yml" in s for s in shown)


def test_a_title_that_is_not_text_is_an_error_at_quarto_yaml(tmp_path: Path) -> None:
    blog = _yaml_blog(tmp_path / "blog", "website:\n  title:\n    - a\n")
    with pytest.raises(BuildFailed) as failed:
        load_config(blog)
    assert "_quarto.yaml:3: error: 'website.title' must be text" in str(failed.value)


def test_a_warning_at_a_value_a_profile_gave_names_the_profile_file(tmp_path: Path) -> None:
    """The value merged from `_quarto-prod.yaml` is warned of at its own file and line."""
    blog = _yaml_blog(
        tmp_path / "blog",
        SITE_YAML + "profile:\n  default: prod\n",
        **{"_quarto-prod.yaml": "# the production site\nwebsite:\n  draft-mode: secret\n"},
    )
    shown = [d.format() for d in load_config(blog).warnings]
    assert any("_quarto-prod.yaml:3: warning: draft-mode 'secret'" in s for s in shown), shown


# ------------------------------------------------------------------------------------------------
# Profiles and the local file


def test_a_profile_yaml_file_is_merged_over_quarto_yaml(tmp_path: Path) -> None:
    blog = _yaml_blog(
        tmp_path / "blog",
        SITE_YAML + "profile:\n  default: prod\n",
        **{"_quarto-prod.yaml": "website:\n  title: Prod title\nauthor: Prod Author\n"},
    )
    config = load_config(blog)
    assert config.title == "Prod title" and config.profiles == ("prod",)
    assert config.base_url == "https://ada.example.org/notes/"  # kept from `_quarto.yaml`
    build(blog, blog / "docs")
    page = (blog / "docs/posts/first/index.html").read_text()
    assert "Prod title" in page


def test_the_local_file_is_merged_last_as_quarto_merges_it(tmp_path: Path) -> None:
    """`_quarto.yml.local` is merged over the project's file and its profiles', with the
    profiles' merge (mappings key by key, lists joined); it wins over a profile."""
    blog = _yaml_blog(
        tmp_path / "blog",
        SITE_YAML + "profile:\n  default: prod\n",
        **{
            "_quarto-prod.yaml": "website:\n  title: Prod title\n",
            "_quarto.yml.local": (
                "website:\n  title: My machine\n  navbar:\n    left:\n      - href: index.qmd\n"
                "        text: Home\n"
            ),
        },
    )
    config = load_config(blog)
    assert config.title == "My machine"
    assert [item[:2] for item in config.menu] == [("About me", "about.qmd"), ("Home", "index.qmd")]
    assert config.base_url == "https://ada.example.org/notes/"


def test_the_local_file_names_the_default_profile(tmp_path: Path) -> None:
    """Quarto takes the local file's `profile: default:` before the project file's."""
    blog = _yaml_blog(
        tmp_path / "blog",
        SITE_YAML + "profile:\n  default: prod\n",
        **{
            "_quarto-prod.yaml": "website:\n  title: Prod title\n",
            "_quarto-draft.yml": "website:\n  title: Draft title\n",
            "_quarto.yaml.local": "profile:\n  default: draft\n",
        },
    )
    config = load_config(blog)
    assert config.profiles == ("draft",) and config.title == "Draft title"


def test_a_document_takes_the_local_files_metadata(tmp_path: Path) -> None:
    blog = _yaml_blog(tmp_path / "blog", **{"_quarto.yml.local": "author: Local Author\n"})
    first = build(blog, blog / "docs")
    page = blog / "docs/posts/first/index.html"
    assert "Ada" in page.read_text()  # the post's own author wins
    (blog / "posts/first/index.qmd").write_text(POST.replace("author: Ada\n", ""))
    build(blog, blog / "docs", previous=first.state)
    assert "Local Author" in page.read_text()


def test_invalid_yaml_in_the_local_file_is_reported_at_its_line(tmp_path: Path) -> None:
    blog = _yaml_blog(tmp_path / "blog", **{"_quarto.yml.local": "website:\n  title: [\n"})
    with pytest.raises(BuildFailed) as failed:
        load_config(blog)
    assert "_quarto.yml.local:" in str(failed.value) and "invalid YAML" in str(failed.value)


# ------------------------------------------------------------------------------------------------
# Watching, and the build cache


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("_quarto.yaml", True),
        ("_quarto.yml", True),
        ("_quarto-prod.yaml", True),
        ("_quarto.yml.local", True),
        ("_quarto.yaml.local", True),
        ("posts/_quarto.yaml", False),
        ("_quarto.yaml~", False),
    ],
)
def test_the_project_files_are_inputs(tmp_path: Path, rel: str, expected: bool) -> None:
    assert is_input(tmp_path / rel, tmp_path) is expected


def test_a_watch_build_sees_an_edit_of_quarto_yaml(tmp_path: Path) -> None:
    """A document key (the author, read by the post's parse) and a site setting (the title)
    edited in `_quarto.yaml` both reach the page of a watch-style rebuild."""
    blog = _yaml_blog(tmp_path / "blog", SITE_YAML + "author: First Author\n")
    (blog / "posts/first/index.qmd").write_text(POST.replace("author: Ada\n", ""))
    first = build(blog, blog / "docs")
    page = blog / "docs/posts/first/index.html"
    assert "First Author" in page.read_text()
    project = blog / "_quarto.yaml"
    project.write_text(SITE_YAML.replace("Yaml Notes", "New title") + "author: Second Author\n")
    build(blog, blog / "docs", previous=first.state, changed={project})
    text = page.read_text()
    assert "Second Author" in text and "First Author" not in text
    assert "New title" in text and "Yaml Notes" not in text


def test_the_cli_rebuilds_after_an_edit_of_quarto_yaml(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """The build cache notes `_quarto.yaml`: editing it is no "up to date"."""
    blog = _yaml_blog(tmp_path / "blog")
    assert cli("build", blog).code == 0
    assert "up to date" in cli("build", blog).out
    (blog / "_quarto.yaml").write_text(SITE_YAML.replace("Yaml Notes", "Edited Notes"))
    result = cli("build", blog)
    assert result.code == 0 and "up to date" not in result.out
    assert "Edited Notes" in (blog / "docs/posts/first/index.html").read_text()


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, Recorder]]:
    blog = _yaml_blog(tmp_path / "blog")
    recorder = Recorder()
    watcher = Watcher(blog, None, listener=recorder)  # what `quizsite serve` runs
    assert watcher.start().result is not None
    yield blog, recorder
    watcher.stop()


def test_serve_rebuilds_after_an_edit_of_quarto_yaml(watched: tuple[Path, Recorder]) -> None:
    blog, recorder = watched
    page = blog / "docs/posts/first/index.html"
    project = blog / "_quarto.yaml"
    project.write_text(SITE_YAML.replace("Yaml Notes", "Renamed live"))
    wait_for(lambda: "Renamed live" in page.read_text(), "the new title from _quarto.yaml")
    project.write_text(SITE_YAML + 'description: "unclosed\n')
    wait_for(lambda: recorder.count > 0 and recorder.last.failure is not None, "the failure")
    failure = recorder.last.failure
    assert isinstance(failure, BuildFailed)
    assert "_quarto.yaml:11: error: invalid YAML" in failure.diagnostics[0].format()
    project.write_text(SITE_YAML.replace("Yaml Notes", "Fixed live"))
    wait_for(lambda: "Fixed live" in page.read_text(), "the fixed title")


def test_new_post_finds_a_site_by_its_quarto_yaml(tmp_path: Path) -> None:
    from quizsite.scaffold import new_post

    blog = write_tree(tmp_path / "blog", {"_quarto.yaml": SITE_YAML, "index.qmd": QUARTO_HOME})
    assert new_post("A new post", blog).is_file()


# ------------------------------------------------------------------------------------------------
# `_metadata.yaml` and `_variables.yaml`, read as Quarto reads the `.yml` names

VAR_POST = "---\ntitle: First\ndate: 2026-06-25\n---\n\nCourse {{< var course >}}.\n"


def test_the_quarto_blog_builds_the_same_from_metadata_and_variables_yaml(tmp_path: Path) -> None:
    """tests/quarto-blog with `posts/_metadata.yml` and `_variables.yml` renamed `.yaml`
    writes the very same site."""
    named_yml = shutil.copytree(TESTS / "quarto-blog", tmp_path / "yml")
    named_yaml = shutil.copytree(TESTS / "quarto-blog", tmp_path / "yaml")
    (named_yaml / "posts/_metadata.yml").rename(named_yaml / "posts/_metadata.yaml")
    (named_yaml / "_variables.yml").rename(named_yaml / "_variables.yaml")
    build(named_yml, named_yml / "docs")
    result = build(named_yaml, named_yaml / "docs")
    written = _files(named_yaml / "docs")
    assert written == _files(named_yml / "docs")
    assert b"Noor Haddad" in written["posts/2023-01-15_attention-basics/index.html"]
    assert b"Deep Learning Foundations" in written["about.html"]
    assert not any("_variables" in d.message or "_metadata" in d.message for d in result.warnings)
    assert not any("_metadata" in name or "_variables" in name for name in written)


def test_the_yml_names_win_when_both_are_there(tmp_path: Path) -> None:
    """Quarto reads `_metadata.yml` and `_variables.yml` when there, the `.yaml` ones only
    without them."""
    blog = _yaml_blog(
        tmp_path / "blog",
        **{
            "posts/first/index.qmd": VAR_POST,
            "posts/_metadata.yml": "author: From Yml\n",
            "posts/_metadata.yaml": "author: From Yaml\n",
            "_variables.yml": "course: Yml Course\n",
            "_variables.yaml": "course: Yaml Course\n",
        },
    )
    build(blog, blog / "docs")
    body = (blog / "docs/posts/first/index.html").read_text()
    assert "From Yml" in body and "From Yaml" not in body
    assert "Course Yml Course." in body and "Yaml Course" not in body
    (blog / "posts/_metadata.yml").unlink()
    (blog / "_variables.yml").unlink()
    build(blog, blog / "docs")
    body = (blog / "docs/posts/first/index.html").read_text()
    assert "From Yaml" in body and "Course Yaml Course." in body


def test_messages_name_metadata_yaml_and_variables_yaml_at_their_lines(tmp_path: Path) -> None:
    blog = _yaml_blog(
        tmp_path / "blog",
        **{
            "posts/first/index.qmd": VAR_POST + "And {{< var missing >}}.\n",
            "_variables.yaml": "course: ML\n",
        },
    )
    result = build(blog, blog / "docs")
    assert any("'missing' is not in _variables.yaml" in d.message for d in result.warnings)
    (blog / "_variables.yaml").write_text("course: ML\nbad: [unclosed\n")
    result = build(blog, blog / "docs")
    assert any("cannot read _variables.yaml:3" in d.message for d in result.warnings)
    (blog / "posts/_metadata.yaml").write_text("- a list\n- not a mapping\n")
    with pytest.raises(BuildFailed) as failed:
        build(blog, blog / "docs")
    shown = failed.value.diagnostics[0].format()
    assert shown.startswith("posts/_metadata.yaml:1: error: _metadata.yaml must be a set")


def test_metadata_and_variables_yaml_are_watched_inputs(tmp_path: Path) -> None:
    assert is_input(tmp_path / "posts/_metadata.yaml", tmp_path, ("posts",))
    assert is_input(tmp_path / "posts/deep/_metadata.yaml", tmp_path, ("posts",))


@pytest.mark.parametrize("edited", ["posts/_metadata.yaml", "_variables.yaml"])
def test_the_cli_rebuilds_after_an_edit_of_metadata_or_variables_yaml(
    tmp_path: Path, cli: Callable[..., CliResult], edited: str
) -> None:
    blog = _yaml_blog(
        tmp_path / "blog",
        **{
            "posts/first/index.qmd": VAR_POST,
            "posts/_metadata.yaml": "author: First Author\n",
            "_variables.yaml": "course: First Course\n",
        },
    )
    page = blog / "docs/posts/first/index.html"
    assert cli("build", blog).code == 0
    assert "First Author" in page.read_text() and "First Course" in page.read_text()
    assert "up to date" in cli("build", blog).out
    text = (blog / edited).read_text()
    (blog / edited).write_text(text.replace("First", "Second"))
    result = cli("build", blog)
    assert result.code == 0 and "up to date" not in result.out
    assert "Second" in page.read_text()


def test_serve_rebuilds_after_an_edit_of_metadata_or_variables_yaml(tmp_path: Path) -> None:
    blog = _yaml_blog(
        tmp_path / "blog",
        **{
            "posts/first/index.qmd": VAR_POST,
            "posts/_metadata.yaml": "author: First Author\n",
            "_variables.yaml": "course: First Course\n",
        },
    )
    watcher = Watcher(blog, None, listener=Recorder())
    try:
        assert watcher.start().result is not None
        page = blog / "docs/posts/first/index.html"
        assert "First Author" in page.read_text()
        (blog / "posts/_metadata.yaml").write_text("author: Live Author\n")
        wait_for(lambda: "Live Author" in page.read_text(), "the author from _metadata.yaml")
        (blog / "_variables.yaml").write_text("course: Live Course\n")
        wait_for(lambda: "Course Live Course." in page.read_text(), "the course, edited")
    finally:
        watcher.stop()
