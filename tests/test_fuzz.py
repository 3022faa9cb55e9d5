"""A short fuzz run of the whole build on random small sites.

Each site either builds, or fails with BuildFailed whose every diagnostic reads
`path:line: severity: message` (or `path: severity: message`) and leaves the previous output
exactly as it was. No other exception may escape. QUIZSITE_EXAMPLES=500 runs a longer hunt.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from conftest import quiz_text
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_properties import BODY, TEXT

from quizsite.build import build
from quizsite.config import CONFIG_NAME
from quizsite.errors import BuildFailed, Diagnostic
from quizsite.output import MARKER

EXAMPLES = int(os.environ.get("QUIZSITE_EXAMPLES", "30"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="QUIZSITE_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# File names: spaces, unicode, dots, leading characters quizsite ignores; never `/` or NUL.
NAME = st.one_of(
    st.sampled_from(["a", "My Quiz", "my-quiz", "café", "日本", "💡", "_draft", ".hidden", "x~"]),
    st.text(
        st.characters(blacklist_characters="/\0", blacklist_categories=["Cs"]),
        min_size=1,
        max_size=12,
    ),
).filter(lambda n: n not in (".", "..") and len(n.encode("utf-8")) < 120)

YAML_VALUE = st.one_of(
    TEXT.map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    TEXT,
    st.sampled_from(
        [
            "",
            "42",
            "[a, b]",
            "{a: 1}",
            "[[x]]",
            "true",
            "null",
            "2024-01-01",
            "2024-02-30",
            "next tuesday",
            "'unclosed",
            "&a [*a]",
            "!!int abc",
            "a: b: c",
            "[" * 60 + "]" * 60,
            '"\\"><script>alert(1)</script>"',
        ]
    ),
)
KEY = st.sampled_from(
    [
        "title",
        "date",
        "categories",
        "tags",
        "description",
        "author",
        "draft",
        "slug",
        "aliases",
        "image",
        "image-alt",
        "subtitle",
        "custom",
    ]
)
VALID_FRONT = '---\ntitle: "A quiz"\ndate: 2023-05-06\ncategories: [testing]\n---\n'


@st.composite
def post_text(draw: st.DrawFn) -> str:
    """A post: a valid quiz, or grammar Markdown under valid or random front matter."""
    kind = draw(st.sampled_from(["quiz", "quiz", "valid front", "random front"]))
    if kind == "quiz":
        title = draw(TEXT).replace("\\", "").replace('"', "'")
        return quiz_text(title=title, question=draw(TEXT), key=draw(st.sampled_from(["1", "2, 3"])))
    if kind == "valid front":
        front = VALID_FRONT
    else:
        pairs = draw(st.lists(st.tuples(KEY, YAML_VALUE), max_size=6))
        front = "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs)
        front += draw(st.sampled_from(["---\n", "...\n", "", "--- \n"]))
    return front + draw(BODY) + draw(st.sampled_from(["", "\n"]))


@st.composite
def post_bytes(draw: st.DrawFn) -> bytes:
    """A post file's bytes: random bytes, or text in UTF-8 (maybe with BOM or CRLF), or Latin-1."""
    kind = draw(st.sampled_from(["bytes", "utf-8", "utf-8", "utf-8", "bom-crlf", "latin-1"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    text = draw(post_text())
    if kind == "bom-crlf":
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    if kind == "latin-1":
        return text.encode("latin-1", errors="replace")
    return text.encode("utf-8")


CONFIG = st.sampled_from(
    [
        None,
        None,
        None,
        None,
        'title = "Fuzz"\n',
        'title = "Fuzz"\nposts_per_page = 1\n',
        "posts_per_page = 0\n",
        'posts_per_page = "ten"\n',
        'base_url = "/sub/path/"\n',
        'base_url = "https://example.org/blog/"\n',
        'base_url = "ftp:/x"\n',
        'theme = "missing"\n',
        "title = \n",
        "titel = 1\n",
        '[section]\nkey = "v"\n',
    ]
)


@st.composite
def site(draw: st.DrawFn) -> dict[str, bytes]:
    """A small site: a few flat and folder posts with assets, and maybe a quizsite.toml."""
    files: dict[str, bytes] = {}
    for name in draw(st.lists(NAME, min_size=1, max_size=4, unique=True)):
        suffix = draw(st.sampled_from([".qmd", ".qmd", ".md", ".txt"]))
        if draw(st.integers(0, 3)) == 0:
            files[f"content/posts/{name}/index{suffix}"] = draw(post_bytes())
            files[f"content/posts/{name}/{draw(NAME)}.svg"] = b"<svg/>"
        else:
            files[f"content/posts/{name}{suffix}"] = draw(post_bytes())
    config = draw(CONFIG)
    if config is not None:
        files[CONFIG_NAME] = config.encode("utf-8")
    return files


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def check_diagnostic(problem: Diagnostic, root: Path) -> None:
    """A diagnostic reads `path:line: severity: message`, and its line is inside its file."""
    path, line = problem.location.path, problem.location.line
    assert path and not Path(path).is_absolute(), problem
    assert problem.severity in ("error", "warning")
    assert problem.message.strip()
    where = path if line is None else f"{path}:{line}"
    head = f"{where}: {problem.severity}: {problem.message}"
    assert problem.format() == (f"{head}\n  hint: {problem.hint}" if problem.hint else head)
    if line is not None:
        assert line >= 1, problem
        file = root / path
        if file.is_file() and not file.is_symlink():
            lines = file.read_bytes().count(b"\n") + 1
            assert line <= lines, problem.format()


@SETTINGS
@given(site())
def test_random_sites_build_or_fail_cleanly(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "blog"
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        output = Path(scratch) / "out"
        (output / "posts/old").mkdir(parents=True)
        (output / MARKER).write_text("")
        (output / "index.html").write_text("the previous build")
        (output / "posts/old/index.html").write_text("an old post")
        before = tree(output)
        try:
            result = build(root, output)
        except BuildFailed as failure:
            event("build failed")
            assert failure.diagnostics
            assert any(d.severity == "error" for d in failure.diagnostics)
            for problem in failure.diagnostics:
                check_diagnostic(problem, root)
            assert tree(output) == before
        else:
            event("build succeeded")
            for problem in result.warnings:
                check_diagnostic(problem, root)
            after = tree(output)
            assert MARKER in after
            assert "index.html" in after and after["index.html"] != before["index.html"]
            assert "posts/old/index.html" not in after
        # No staging or old-output folders are left beside the output.
        assert sorted(p.name for p in Path(scratch).iterdir()) == ["blog", "out"]


@pytest.mark.parametrize(
    "config",
    [
        pytest.param(b'title = "caf\xe9"\n', id="quizsite.toml not UTF-8"),
        pytest.param(b'highlight_style = "no-such-style"\n', id="unknown Pygments style"),
    ],
)
def test_bad_config_values_fail_cleanly(tmp_path: Path, config: bytes) -> None:
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "content/posts/a.qmd").write_text(VALID_FRONT + "Body.\n")
    (tmp_path / CONFIG_NAME).write_bytes(config)
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path)
    (problem,) = failure.value.diagnostics
    assert problem.location.path == CONFIG_NAME
    assert problem.location.line == 1
