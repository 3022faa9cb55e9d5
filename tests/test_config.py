"""quizsite.toml: defaults, every key checked, all problems reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizsite.config import SiteConfig, load_config
from quizsite.errors import BuildFailed


def config_from(tmp_path: Path, text: str, **overrides: object) -> SiteConfig:
    (tmp_path / "quizsite.toml").write_text(text)
    return load_config(tmp_path, **overrides)  # type: ignore[arg-type]


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.title == "Quiz blog"
    assert config.base_url == "/"
    assert config.base_path == "/"
    assert config.posts_per_page == 10
    assert config.theme == "default"
    assert config.language == "en"
    assert config.content_dir == tmp_path / "content"


def test_every_key_is_read(tmp_path: Path) -> None:
    config = config_from(
        tmp_path,
        """
title = "ML quizzes"
description = "Weekly questions"
author = "Ada"
base_url = "https://user.github.io/quiz-blog"
language = "fr"
theme = "default"
posts_per_page = 5
date_format = "%Y-%m-%d"
highlight_style = "default"
highlight_style_dark = "native"
""",
    )
    assert config.title == "ML quizzes"
    assert config.author == "Ada"
    assert config.base_url == "https://user.github.io/quiz-blog/"
    assert config.base_path == "/quiz-blog/"
    assert config.language == "fr"
    assert config.posts_per_page == 5
    assert config.date_format == "%Y-%m-%d"
    assert config.highlight_style_dark == "native"


def test_command_line_overrides(tmp_path: Path) -> None:
    config = config_from(tmp_path, 'base_url = "https://a.example/"', base_url="/sub", drafts=True)
    assert config.base_url == "/sub/"
    assert config.drafts is True


def test_all_problems_at_once_with_lines(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as caught:
        config_from(tmp_path, 'title = 3\nposts_per_pag = 4\nposts_per_page = 0\nbase_url = "x"\n')
    messages = [d.format().splitlines()[0] for d in caught.value.diagnostics]
    assert messages == [
        "quizsite.toml:1: error: 'title' must be a string, not a number",
        "quizsite.toml:2: error: unknown key 'posts_per_pag'",
        "quizsite.toml:3: error: 'posts_per_page' must be at least 1",
        "quizsite.toml:4: error: 'base_url' must be a full URL or a path starting with '/', not 'x'",
    ]
    assert "did you mean 'posts_per_page'?" in caught.value.diagnostics[1].hint


def test_boolean_is_not_a_number(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed, match="must be a whole number, not true/false"):
        config_from(tmp_path, "posts_per_page = true\n")


def test_toml_syntax_error_names_line(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as caught:
        config_from(tmp_path, 'title = "ok"\n\ndescription = unquoted words\n')
    (diagnostic,) = caught.value.diagnostics
    assert str(diagnostic.location) == "quizsite.toml:3"
    assert diagnostic.message.startswith("invalid TOML")
