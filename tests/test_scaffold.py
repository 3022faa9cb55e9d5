"""`quizsite new site` and `quizsite new post`: a blog that builds at once, and quiz skeletons."""

from __future__ import annotations

import shlex
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CliResult, quiz_text, write_tree
from hypothesis import given
from hypothesis import strategies as st

from quizsite.build import CACHE_DIR, read_posts
from quizsite.config import load_config
from quizsite.model import Post
from quizsite.scaffold import yaml_string
from quizsite.slugs import slugify_text

SITE_FILES = (
    "quizsite.toml",
    ".gitignore",
    ".github/workflows/deploy.yml",
    "content/posts/the-scaler-that-saw-the-test-set.qmd",
    "content/posts/a-defect-detector-that-never-says-defect.qmd",
)


def posts_of(root: Path) -> dict[str, Post]:
    """The site's posts by file name, parsed as the build parses them (no problems allowed)."""
    posts, problems = read_posts(load_config(root))
    assert problems == []
    return {Path(p.location.path).name: p for p in posts}


def front_matter(path: Path) -> dict[str, Any]:
    """The YAML header of a post file."""
    header = path.read_text(encoding="utf-8").split("---\n")[1]
    data = yaml.safe_load(header)
    assert isinstance(data, dict)
    return data


@pytest.fixture
def new_site(cli: Callable[..., CliResult], tmp_path: Path) -> Path:
    """A site made by `quizsite new site`."""
    root = tmp_path / "ml-quizzes"
    result = cli("new", "site", root)
    assert result.code == 0, result.err
    return root


# ------------------------------------------------------------------------------------------------
# new site


def test_new_site_writes_every_file_and_says_so(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    root = tmp_path / "ml-quizzes"
    result = cli("new", "site", root)
    assert result.code == 0
    assert result.err == ""
    for rel in SITE_FILES:
        assert (root / rel).is_file(), rel
        assert f"created {root / rel}\n" in result.out
    assert result.out.endswith(f"Build it with: quizsite build {root}\n")


def test_new_site_config_is_valid_and_leaves_base_url_to_the_workflow(new_site: Path) -> None:
    text = (new_site / "quizsite.toml").read_text()
    values = tomllib.loads(text)
    assert values["title"] == "Ml quizzes"
    assert values["description"]
    assert "base_url" not in values, "a local preview must not need a sub-path"
    # The comment explains both kinds of GitHub Pages address.
    assert "https://USER.github.io/REPOSITORY/" in text
    assert "https://USER.github.io/" in text
    assert load_config(new_site).base_path == "/"


def test_new_site_gitignore_covers_generated_folders(new_site: Path) -> None:
    lines = set((new_site / ".gitignore").read_text().splitlines())
    assert {"site/", ".quizsite-cache/", ".venv/"} <= lines


def test_new_site_builds_at_once_with_two_quizzes(
    cli: Callable[..., CliResult], new_site: Path
) -> None:
    result = cli("build", new_site)
    assert result.code == 0, result.err
    assert result.err == "", "the sample posts build without a single warning"
    pages = sorted(p.parent.name for p in (new_site / "site/posts").glob("*/index.html"))
    assert pages == ["a-defect-detector-that-never-says-defect", "the-scaler-that-saw-the-test-set"]
    for page in pages:
        html = (new_site / "site/posts" / page / "index.html").read_text()
        assert '<ol class="quiz-options"' in html
        assert '<details id="answer"' in html


def test_sample_quizzes_are_one_single_and_one_multiple_answer(new_site: Path) -> None:
    posts = posts_of(new_site)
    single = posts["the-scaler-that-saw-the-test-set.qmd"].quiz
    multiple = posts["a-defect-detector-that-never-says-defect.qmd"].quiz
    assert single is not None and multiple is not None
    assert single.answer.key == (2,) and not single.multiple
    assert multiple.answer.key == (1, 3) and multiple.multiple
    for quiz in (single, multiple):
        assert len(quiz.options) == 4
        assert len(quiz.readings) >= 2
        assert all(r.url.startswith("https://") for r in quiz.readings)


def test_sample_site_passes_a_strict_check(cli: Callable[..., CliResult], new_site: Path) -> None:
    result = cli("check", new_site, "--strict")
    assert result.code == 0, result.err
    assert result.out == "Checked 2 posts: no problems found.\n"
    assert not (new_site / "site").exists(), "check writes nothing"


def test_workflow_deploys_to_pages(new_site: Path) -> None:
    workflow = yaml.safe_load((new_site / ".github/workflows/deploy.yml").read_text())
    # YAML 1.1 (PyYAML) reads the bare key `on` as true; GitHub reads it as "on".
    trigger = workflow.get("on", workflow.get(True))
    assert trigger["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"]["group"] == "pages"

    steps = workflow["jobs"]["build"]["steps"]
    actions = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert actions == [
        "actions/checkout",
        "actions/setup-python",
        "actions/cache",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    by_action = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    assert by_action["actions/setup-python"]["with"]["python-version"] == "3.12"
    # The build cache comes back from the last run (its newest, by the key's prefix).
    cached = by_action["actions/cache"]["with"]
    assert cached["path"] == CACHE_DIR
    assert cached["restore-keys"] == "quizsite-" and cached["key"].startswith("quizsite-")
    assert by_action["actions/configure-pages"]["id"] == "pages"
    assert by_action["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == [
        "pip install quizsite",
        'quizsite build --base-url "${{ steps.pages.outputs.base_url }}/"',
    ]
    # The base URL is read before the build that needs it.
    names = [step.get("uses", step.get("run", "")) for step in steps]
    assert names.index(by_action["actions/configure-pages"]["uses"]) < names.index(runs[1])

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert (
        deploy["environment"]["url"]
        == f"${{{{ steps.{deploy['steps'][0]['id']}.outputs.page_url }}}}"
    )


def test_workflow_build_command_works_for_a_project_site(
    cli: Callable[..., CliResult], new_site: Path
) -> None:
    workflow = yaml.safe_load((new_site / ".github/workflows/deploy.yml").read_text())
    command = workflow["jobs"]["build"]["steps"][-2]["run"]
    # What the runner's shell executes once Actions has filled in the expression;
    # configure-pages gives the address without a trailing slash.
    filled = command.replace("${{ steps.pages.outputs.base_url }}", "https://user.github.io/quiz")
    program, *args = shlex.split(filled)
    assert program == "quizsite"
    result = cli(*args, new_site)
    assert result.code == 0, result.err
    home = (new_site / "site/index.html").read_text()
    assert 'href="/quiz/posts/the-scaler-that-saw-the-test-set/"' in home
    assert "/quiz//" not in home


def test_new_site_in_an_existing_empty_folder(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    assert cli("new", "site", tmp_path / "empty").code == 0
    assert (tmp_path / "empty/quizsite.toml").is_file()


def test_new_site_refuses_a_folder_that_is_not_empty(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    write_tree(tmp_path / "busy", {"notes.txt": "mine"})
    result = cli("new", "site", tmp_path / "busy")
    assert result.code == 2
    assert result.err.startswith(
        f"quizsite: error: refusing to create a site in {tmp_path / 'busy'}"
    )
    assert sorted(p.name for p in (tmp_path / "busy").iterdir()) == ["notes.txt"]
    assert (tmp_path / "busy/notes.txt").read_text() == "mine"


def test_new_site_refuses_a_file(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = cli("new", "site", tmp_path / "file")
    assert result.code == 2
    assert "is not a folder" in result.err


# ------------------------------------------------------------------------------------------------
# new post


def test_new_post_writes_a_skeleton_with_date_tags_and_slug(
    cli: Callable[..., CliResult], new_site: Path
) -> None:
    title = "Ça marche: the “naïve” Bayes trick!"
    before = date.today()
    result = cli("new", "post", title, "--tags", "probability, naive bayes,,", "--path", new_site)
    after = date.today()
    path = new_site / "content/posts/ca-marche-the-naive-bayes-trick.qmd"
    assert path.stem == slugify_text(title)
    assert result.code == 0, result.err
    assert result.out == f"{path}\n"
    data = front_matter(path)
    assert data["title"] == title
    assert data["date"] in (before, after)
    assert data["categories"] == ["probability", "naive bayes"]
    text = path.read_text()
    assert "Write the question here" in text, "the skeleton says what to fill in"
    assert ':::{.callout-note collapse="true"}\n## Expand to see the answer\n\n1\n' in text
    assert "**Recommended reading**" in text


def test_new_post_builds_as_a_quiz(cli: Callable[..., CliResult], new_site: Path) -> None:
    assert cli("new", "post", "Which optimiser?", "--path", new_site).code == 0
    post = posts_of(new_site)["which-optimiser.qmd"]
    assert post.tags == ()
    assert post.quiz is not None
    assert post.quiz.answer.key == (1,)
    assert [o.number for o in post.quiz.options] == [1, 2, 3, 4]
    assert len(post.quiz.readings) == 1
    text = (new_site / "content/posts/which-optimiser.qmd").read_text()
    assert "draft: true" in text, "a skeleton is not published by accident"
    result = cli("build", new_site)
    assert result.code == 0, result.err
    assert result.err == ""
    assert not (new_site / "site/posts/which-optimiser").exists()
    assert cli("build", new_site, "--drafts").code == 0
    assert (new_site / "site/posts/which-optimiser/index.html").is_file()


def test_new_post_in_a_quarto_blog_goes_to_posts(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    (tmp_path / "_quarto.yml").write_text("project:\n  type: website\nwebsite:\n  title: Q\n")
    (tmp_path / "posts").mkdir()
    result = cli("new", "post", "In Quarto", "--path", tmp_path)
    assert result.code == 0, result.err
    assert (tmp_path / "posts/in-quarto.qmd").is_file()
    assert not (tmp_path / "content").exists()


def test_new_post_defaults_to_the_current_folder(
    cli: Callable[..., CliResult], new_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(new_site)
    result = cli("new", "post", "Here and now")
    assert result.code == 0, result.err
    assert result.out == "content/posts/here-and-now.qmd\n"
    assert (new_site / "content/posts/here-and-now.qmd").is_file()


def test_new_post_refuses_to_overwrite(cli: Callable[..., CliResult], new_site: Path) -> None:
    assert cli("new", "post", "Twice", "--path", new_site).code == 0
    path = new_site / "content/posts/twice.qmd"
    path.write_text("edited by the author")
    result = cli("new", "post", "Twice!", "--tags", "other", "--path", new_site)
    assert result.code == 2
    assert result.err == f"quizsite: error: refusing to overwrite {path}: it already exists\n"
    assert path.read_text() == "edited by the author"


def test_new_post_refuses_a_name_a_folder_post_already_has(
    cli: Callable[..., CliResult], new_site: Path
) -> None:
    write_tree(new_site, {"content/posts/taken/index.qmd": quiz_text(title="Taken")})
    result = cli("new", "post", "Taken", "--path", new_site)
    assert result.code == 2
    assert f"refusing to overwrite {new_site / 'content/posts/taken'}" in result.err
    assert not (new_site / "content/posts/taken.qmd").exists()


def test_new_post_needs_a_site(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    result = cli("new", "post", "Lost", "--path", tmp_path)
    assert result.code == 2
    assert "does not look like a quizsite site" in result.err
    assert list(tmp_path.iterdir()) == []


def test_new_post_needs_a_title_with_letters_or_digits(
    cli: Callable[..., CliResult], new_site: Path
) -> None:
    result = cli("new", "post", "?!", "--path", new_site)
    assert result.code == 2
    assert "cannot make a file name from the title '?!'" in result.err


@pytest.mark.parametrize(
    "title",
    [
        'He said "no": why?',
        "It's a trap: 50% off",
        "key: value # not a comment",
        "- starts like a list",
        "[brackets] and {braces}",
        "@mention & *stars* | pipes > quotes",
        r"C:\path\to\model.pt",
        "yes",
        "2024",
        "Tab\tinside",
    ],
)
def test_titles_with_quotes_and_colons_survive(
    cli: Callable[..., CliResult], new_site: Path, title: str
) -> None:
    result = cli("new", "post", title, "--tags", "a: b, #hash, yes, 3.5", "--path", new_site)
    assert result.code == 0, result.err
    path = Path(result.out.strip())
    assert front_matter(path)["title"] == title
    assert front_matter(path)["categories"] == ["a: b", "#hash", "yes", "3.5"]
    post = posts_of(new_site)[path.name]
    assert post.title == title
    assert post.tags == ("a: b", "#hash", "yes", "3.5")


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"])))
def test_yaml_string_reads_back_as_written(text: str) -> None:
    assert yaml.safe_load(f"title: {yaml_string(text)}") == {"title": text}
