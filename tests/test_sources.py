"""Finding posts, decoding them, splitting front matter with correct line numbers."""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree

from quizsite.errors import Diagnostic
from quizsite.sources import (
    FrontMatter,
    PostPath,
    SourceFile,
    read_source,
    scan_content,
    split_front_matter,
)


def source(text: str) -> SourceFile:
    return SourceFile(Path("/x/content/p.qmd"), "content/p.qmd", text, False, ())


def test_finds_flat_and_folder_posts_but_not_their_files(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_tree(
        content,
        {
            "posts/a.qmd": "",
            "posts/b.md": "",
            "posts/c/index.qmd": "",
            "posts/c/notes.md": "",  # belongs to folder post c
            "posts/c/img/fig.svg": "",
            "posts/_metadata.yml": "",
            "posts/_draft-notes.qmd": "",
            "posts/.a.qmd.swp": "",
            "posts/a.qmd~": "",
            "posts/.#a.qmd": "",
            "index.qmd": "",
            "about.txt": "",
        },
    )
    found = [(p.path.relative_to(content).as_posix(), p.folder) for p in scan_content(content)]
    # content/index.qmd would take the home page's place (issue 20: documents outside
    # content/posts/ are pages, and the home page lists the posts).
    assert found == [
        ("posts/a.qmd", False),
        ("posts/b.md", False),
        ("posts/c/index.qmd", True),
    ]


def test_folder_post_assets(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "content/posts/c/index.qmd": "x",
            "content/posts/c/fig.svg": "s",
            "content/posts/c/d/e.csv": "e",
        },
    )
    (found,) = scan_content(root / "content")
    src = read_source(found, root)
    assert isinstance(src, SourceFile)
    assert src.is_folder_post
    assert [a.relative_to(root).as_posix() for a in src.assets] == [
        "content/posts/c/d/e.csv",
        "content/posts/c/fig.svg",
    ]


def test_bom_and_crlf_are_normalised(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path, {"content/a.qmd": b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nBody\r\n"}
    )
    src = read_source(PostPath(root / "content/a.qmd", (), False), root)
    assert isinstance(src, SourceFile)
    assert src.text == "---\ntitle: A\n---\nBody\n"
    assert src.rel == "content/a.qmd"


def test_invalid_utf8_names_line(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"content/a.qmd": b"---\ntitle: ok\n---\n\nna\xefve\n"})
    problem = read_source(PostPath(root / "content/a.qmd", (), False), root)
    assert isinstance(problem, Diagnostic)
    assert str(problem.location) == "content/a.qmd:5"


def test_body_line_counts_front_matter() -> None:
    front = split_front_matter(
        source('---\ntitle: "A"\ndate: 2024-01-01\n---\n\nFirst body line\n')
    )
    assert isinstance(front, FrontMatter)
    assert front.data["title"] == "A"
    assert front.body_line == 5
    assert front.body.split("\n")[1] == "First body line"  # file line 6


def test_dot_dot_dot_closes_front_matter() -> None:
    front = split_front_matter(source("---\ntitle: A\n...\nBody\n"))
    assert isinstance(front, FrontMatter)
    assert front.body == "Body\n"


def test_empty_front_matter_is_an_empty_mapping() -> None:
    front = split_front_matter(source("---\n---\nBody\n"))
    assert isinstance(front, FrontMatter)
    assert front.data == {}
