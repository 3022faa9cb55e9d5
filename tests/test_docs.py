"""The documentation keeps up with the code: keys, options, templates, view fields and links."""

from __future__ import annotations

import argparse
import dataclasses
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from conftest import REPO, quiz_text, write_tree

from quizsite import config as config_module
from quizsite import plan, views
from quizsite.build import build, read_posts
from quizsite.cli import _parser
from quizsite.config import load_config
from quizsite.taxonomy import index_site

DOCS = REPO / "docs"
GUIDES = ("authoring.md", "configuration.md", "theming.md", "deploying.md")
TEMPLATES = REPO / "themes" / "default" / "templates"
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def read(name: str) -> str:
    """A documentation file's text."""
    return (DOCS / name).read_text(encoding="utf-8")


def code_names(text: str) -> set[str]:
    """Everything written in `backticks`."""
    return set(re.findall(r"`([^`\n]+)`", text))


def subcommands() -> dict[str, argparse.ArgumentParser]:
    """Every command of the CLI by its full name (`build`, `new site`, ...)."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found[f"{prefix}{name}"] = sub
                    walk(sub, f"{prefix}{name} ")

    walk(_parser(), "")
    return found


def test_every_config_key_is_documented() -> None:
    documented = code_names(read("configuration.md"))
    missing = [key for key in config_module._KEY_TYPES if key not in documented]
    assert not missing, f"docs/configuration.md does not describe: {missing}"


def test_every_config_default_is_documented() -> None:
    text = read("configuration.md")
    for key in config_module._KEY_TYPES:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{key}` |"))
        name = config_module._FIELD_OF.get(key, key)
        default = config_module.SiteConfig._field_defaults[name]
        shown = str(default).lower() if isinstance(default, bool) else str(default)
        assert shown in row, f"{key}: default {shown!r} not in its row"


def test_every_command_and_option_is_documented() -> None:
    text = read("configuration.md")
    for name, parser in subcommands().items():
        assert f"quizsite {name}" in text, f"command {name!r} missing"
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in text, f"option {option} of {name!r} missing"


def test_every_template_is_documented() -> None:
    documented = code_names(read("theming.md"))
    missing = [p.name for p in sorted(TEMPLATES.iterdir()) if p.name not in documented]
    assert not missing, f"docs/theming.md does not describe: {missing}"


def _field_tables(text: str) -> dict[str, list[str]]:
    """Each `### Name` section's table: the names in its first column."""
    tables: dict[str, list[str]] = {}
    for section in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        title, _, body = section.partition("\n")
        rows = re.findall(r"^\| `([\w.]+)` \|", body, flags=re.MULTILINE)
        tables[title.strip().strip("`")] = rows
    return tables


VIEWS = (
    "SiteView",
    "PostSummary",
    "PostView",
    "QuizView",
    "OptionView",
    "TagLink",
    "PostLink",
    "ReadingView",
    "Pager",
    "FeedEntry",
    "SitemapEntry",
)


@pytest.mark.parametrize("view", VIEWS)
def test_view_fields_match_render(view: str) -> None:
    tables = _field_tables(read("theming.md"))
    kind = getattr(views, view)
    fields = list(getattr(kind, "_fields", None) or (f.name for f in dataclasses.fields(kind)))
    assert tables.get(view) == fields, f"docs/theming.md's {view} table is out of date"


def test_template_variables_match_render(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "content/posts/a.qmd": quiz_text(title="A", slug="a"),
            "content/posts/b.qmd": "---\ntitle: B\ndate: 2024-02-01\naliases: [/old/]\n---\nText\n",
        },
    )
    config = load_config(tmp_path)
    posts, _ = read_posts(config)
    site, _ = index_site(config, posts, datetime(2030, 1, 1))
    variables: dict[str, set[str]] = {}
    for page in plan.site_pages(site):
        variables.setdefault(page.template, set()).update(page.context)
    text = read("theming.md")
    page_keys = set(re.findall(r"^\| `page\.(\w+)` \|", text, flags=re.MULTILINE))
    for template, names in variables.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{template}` |"))
        for name in names - {"site", "page"}:
            assert f"`{name}`" in row, f"{template}: variable {name!r} not documented"
        assert {"site", "page"} <= names
    page = next(p for p in plan.site_pages(site) if p.template == "post.html")
    assert set(page.context["page"]) == page_keys


def test_readme_links_every_guide() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = _LINK.findall(readme)
    for guide in GUIDES:
        assert f"docs/{guide}" in targets, f"README does not link docs/{guide}"


def prose_lines(path: Path) -> list[str]:
    """A Markdown file's lines outside fenced code blocks (a fence closes with as many marks)."""
    lines: list[str] = []
    fence = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        marks = re.match(r"\s*(`{3,}|~{3,})", line)
        if fence:
            if marks and marks.group(1).startswith(fence) and not line.strip(" `~"):
                fence = ""
        elif marks:
            fence = marks.group(1)
        else:
            lines.append(line)
    return lines


def _anchors(path: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file."""
    anchors = set()
    for line in prose_lines(path):
        if match := re.match(r"#{1,6} (.+)", line):
            slug = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
            anchors.add(slug)
    return anchors


@pytest.mark.parametrize("name", ["README.md", *(f"docs/{g}" for g in GUIDES)])
def test_links_lead_somewhere(name: str) -> None:
    source = REPO / name
    for target in _LINK.findall("\n".join(prose_lines(source))):
        if re.match(r"[a-z]+:", target):
            continue  # outside links: `quizsite check --external` is for those
        file, _, anchor = target.partition("#")
        path = (source.parent / file).resolve() if file else source
        assert path.exists(), f"{name}: link to missing {target}"
        if anchor:
            assert anchor in _anchors(path), f"{name}: no heading for #{anchor} in {file or name}"


def test_theming_example_builds(tmp_path: Path) -> None:
    text = read("theming.md")
    snippet = re.search(r"<!-- footer-example -->\n\s*```jinja\n(.*?)\n\s*```", text, re.S)
    assert snippet is not None
    templates = tmp_path / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    shipped = (TEMPLATES / "post.html").read_text(encoding="utf-8")
    assert "</article>" in shipped
    footer = snippet.group(1)
    (templates / "post.html").write_text(shipped.replace("</article>", f"{footer}\n</article>", 1))
    write_tree(
        tmp_path,
        {
            "content/posts/talk.qmd": quiz_text(title="Talk", slug="talk").replace(
                "categories:", "discussion: https://github.com/ada/q/discussions/1\ncategories:"
            ),
            "content/posts/quiet.qmd": "---\ntitle: Quiet\ndate: 2024-01-02\nauthor: Ada\n---\nHi\n",
        },
    )
    site = build(tmp_path).output
    talk = (site / "posts/talk/index.html").read_text()
    assert '<a href="https://github.com/ada/q/discussions/1">Discuss this quiz</a>' in talk
    assert "Written by Quiz blog" in talk
    quiet = (site / "posts/quiet/index.html").read_text()
    assert "Written by Ada" in quiet
    assert "Discuss this" not in quiet
    shutil.rmtree(site)
