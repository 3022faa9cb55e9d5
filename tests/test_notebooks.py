"""Notebook posts (issue 21): read with nbformat, markdown cells through the whole pipeline,
code cells with their stored outputs in the richest form, cell options, diagnostics."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import nbformat
import pytest
from conftest import write_tree
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from notebook_fixtures import GIF, PNG, every_output_notebook, write_notebook

from quizsite.build import build
from quizsite.errors import BuildFailed


@pytest.fixture
def notebook_site(tmp_path: Path) -> tuple[Path, Path]:
    """A site whose one post is the every-output notebook, built."""
    root = tmp_path / "site"
    write_notebook(root / "content/posts/log/index.ipynb", every_output_notebook())
    output = tmp_path / "out"
    build(root, output)
    return root, output


def page(output: Path, slug: str = "log") -> str:
    return (output / "posts" / slug / "index.html").read_text(encoding="utf-8")


def test_a_notebook_is_a_post_with_its_quiz_in_markdown_cells(
    notebook_site: tuple[Path, Path],
) -> None:
    _, output = notebook_site
    html = page(output)
    assert '<h1 class="post-title">Reading a training log</h1>' in html
    # Question, options and answer callout are three markdown cells: still one quiz.
    assert 'class="quiz-options"' in html
    assert 'data-key="2"' in html
    quizzes = json.loads((output / "quizzes.json").read_text())
    assert any(q["title"] == "Reading a training log" for q in quizzes["quizzes"])


def test_streams_are_told_apart_and_results_shown(notebook_site: tuple[Path, Path]) -> None:
    html = page(notebook_site[1])
    assert (
        '<div class="cell-output cell-output-stdout"><pre><code>0\n1\n2</code></pre></div>' in html
    )
    assert '<div class="cell-output cell-output-stderr"><pre><code>UserWarning: slow' in html
    assert '<div class="cell-output cell-output-display"><pre><code>2</code></pre></div>' in html


def test_images_are_files_beside_the_page_never_base64(notebook_site: tuple[Path, Path]) -> None:
    output = notebook_site[1]
    html = page(output)
    assert "base64" not in html
    figures = output / "posts/log/index_files/figure-html"
    assert (figures / "cell-7-output-1.png").read_bytes() == PNG
    assert (figures / "cell-8-output-2.gif").read_bytes() == GIF
    assert (figures / "cell-8-output-3.svg").read_text().startswith("<svg")
    assert (figures / "cell-8-output-1.jpg").is_file()
    # fig-cap and fig-alt: a figure with its caption (Markdown rendered) and alt text.
    assert (
        '<figure><img src="index_files/figure-html/cell-7-output-1.png" alt="One black pixel" '
        'width="320" class="img-fluid" loading="lazy"><figcaption>A tiny <em>plot</em></figcaption>'
    ) in html


def test_html_markdown_latex_and_error_outputs(notebook_site: tuple[Path, Path]) -> None:
    html = page(notebook_site[1])
    assert '<table border="1" class="dataframe">' in html
    assert "<p><strong>bold</strong> result</p>" in html
    assert '<div class="math display"><math' in html and "<msup><mi>x</mi><mn>2</mn></msup>" in html
    assert '<span class="ansi-red-fg">ZeroDivisionError</span>: division by zero' in html
    assert "\x1b" not in html and "[0;31m" not in html


def test_cell_options_decide_what_shows(notebook_site: tuple[Path, Path]) -> None:
    html = page(notebook_site[1])
    assert '<details class="code-fold"><summary>Show the loop</summary>' in html
    assert "#|" not in html
    assert "shown without its code" in html and "secret_setup" not in html  # echo: false
    assert "never shown" not in html and "hidden()" not in html  # include: false
    assert "output hidden" not in html and "quiet" in html  # output: false


def test_a_widget_falls_back_to_its_static_form_with_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "site"
    path = write_notebook(root / "content/posts/log/index.ipynb", every_output_notebook())
    result = build(root, tmp_path / "out")
    assert "IntSlider(value=3)" in page(tmp_path / "out")
    [warned] = [w for w in result.warnings if "needs a script" in w.message]
    assert warned.location.path == "content/posts/log/index.ipynb"
    # The warning points at the widget cell's source line in the JSON.
    line = path.read_text().split("\n")[(warned.location.line or 0) - 1]
    assert '"slider"' in line


def test_title_from_the_first_heading_and_markdown_front_matter(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell("---\ndate: 2024-02-03\n---\n\n# Gradient clipping\n\nIntro text."),
            new_code_cell("x = 1"),
        ]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/clip.ipynb", notebook)
    build(root, tmp_path / "out")
    html = page(tmp_path / "out", "clip")
    assert '<h1 class="post-title">Gradient clipping</h1>' in html
    assert "<p>Intro text.</p>" in html
    assert html.count("Gradient clipping</h1>") == 1  # taken out of the body


def test_code_is_highlighted_in_the_notebook_language(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell("---\ntitle: R\ndate: 2024-02-03\n---"),
            new_code_cell(
                "x <- c(1, 2)", outputs=[new_output("stream", name="stdout", text="ok\n")]
            ),
        ]
    )
    notebook.metadata["kernelspec"] = {"name": "ir", "language": "R", "display_name": "R"}
    root = tmp_path / "site"
    write_notebook(root / "content/posts/r.ipynb", notebook)
    build(root, tmp_path / "out")
    assert '<code class="language-r"><span class="n">x</span>' in page(tmp_path / "out", "r")


def test_an_invalid_notebook_is_an_error_naming_the_file_and_cell(tmp_path: Path) -> None:
    notebook = every_output_notebook()
    root = tmp_path / "site"
    path = write_notebook(root / "content/posts/log/index.ipynb", notebook)
    data = json.loads(path.read_text())
    data["cells"][3]["cell_type"] = "codez"
    path.write_text(json.dumps(data, indent=1))
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out")
    [problem] = failure.value.diagnostics
    assert problem.location.path == "content/posts/log/index.ipynb"
    assert "invalid notebook: cell 4" in problem.message
    assert '"codez"' in path.read_text().split("\n")[(problem.location.line or 0) - 1]


def test_a_notebook_that_is_not_json_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "site", {"content/posts/bad.ipynb": '{\n "cells": [\n  oops\n'})
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out")
    [problem] = failure.value.diagnostics
    assert str(problem.location) == "content/posts/bad.ipynb:3"
    assert "not JSON" in problem.message


def test_a_bad_front_matter_key_points_at_the_front_matter_cell(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[new_markdown_cell("Text first."), new_markdown_cell("---\ntitle: [\n---")]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/x.ipynb", notebook)
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out")
    # A date is optional (issue 20); the title the unread front matter held is missing.
    assert any("title" in d.message for d in failure.value.diagnostics)


def test_folder_notebook_post_keeps_its_files(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_notebook(root / "content/posts/log/index.ipynb", every_output_notebook())
    write_tree(root, {"content/posts/log/data.csv": "a,b\n"})
    build(root, tmp_path / "out")
    assert (tmp_path / "out/posts/log/data.csv").is_file()
    assert not (tmp_path / "out/posts/data").exists()


def test_notebooks_are_never_executed(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell("---\ntitle: Stored\ndate: 2024-02-03\n---"),
            new_code_cell(
                "print('fresh')", outputs=[new_output("stream", name="stdout", text="stored\n")]
            ),
        ]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/s.ipynb", notebook)
    build(root, tmp_path / "out")
    html = page(tmp_path / "out", "s")
    assert "stored" in html and "<code>fresh" not in html


def test_a_rebuild_after_a_notebook_edit_writes_its_new_figure(tmp_path: Path) -> None:
    root = tmp_path / "site"
    path = write_notebook(root / "content/posts/log/index.ipynb", every_output_notebook())
    first = build(root, tmp_path / "out")
    notebook = nbformat.read(str(path), as_version=4)
    notebook.cells[6].outputs[0]["data"]["image/png"] = notebook.cells[7].outputs[1]["data"][
        "image/gif"
    ]
    nbformat.write(notebook, str(path))
    build(root, tmp_path / "out", previous=first.state)
    figure = tmp_path / "out/posts/log/index_files/figure-html/cell-7-output-1.png"
    assert figure.read_bytes() == GIF


def _one_cell_site(tmp_path: Path, cell: object) -> str:
    notebook = new_notebook(
        cells=[new_markdown_cell("---\ntitle: One\ndate: 2024-02-03\n---"), cell]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/one.ipynb", notebook)
    result = build(root, tmp_path / "out")
    warnings = "".join(w.format() for w in result.warnings)
    return page(tmp_path / "out", "one") + "\n<!-- warnings -->\n" + warnings


def test_html_that_needs_a_script_falls_back_to_its_image(tmp_path: Path) -> None:
    html = _one_cell_site(
        tmp_path,
        new_code_cell(
            "fig.show()",
            outputs=[
                new_output(
                    "display_data",
                    data={
                        "text/html": '<div id="plot"></div><script src="https://cdn.example/plot.js"></script>',
                        "image/png": base64.b64encode(PNG).decode(),
                    },
                )
            ],
        ),
    )
    page_part, warnings = html.split("<!-- warnings -->")
    # Nothing of the output's script in the body (the theme's own page.js follows the article).
    body = page_part.split('class="post-body')[1].split("</article>")[0]
    assert "<script" not in body and "cdn.example" not in page_part
    assert "cell-2-output-1.png" in page_part
    assert "needs a script (text/html); showing its image/png form" in warnings


# Colab's DataFrame repr: a table, buttons hidden until a script (calling google.colab) shows them.
COLAB_TABLE = (
    '<div id="df-1" class="colab-df-container"><div><table class="dataframe">'
    "<tr><th>epoch</th><th>val_loss</th></tr><tr><td>0</td><td>0.54</td></tr></table></div>"
    '<button class="colab-df-convert" style="display:none" onclick="convertToInteractive(1)">'
    "</button><script>const b = document.querySelector('#df-1 button');"
    "b.style.display = google.colab.kernel.accessAllowed ? 'block' : 'none';</script></div>"
)


def _html_output(html: str) -> object:
    """A code cell whose one result has `html` and its text form."""
    data = {"text/html": html, "text/plain": "   epoch  val_loss (plain)"}
    return new_code_cell("df", outputs=[new_output("execute_result", data=data)])


def test_colab_table_shows_as_its_table_without_colab_scripts(tmp_path: Path) -> None:
    html = _one_cell_site(tmp_path, _html_output(COLAB_TABLE))
    page_part, warnings = html.split("<!-- warnings -->")
    # The article's body: the theme's own scripts (page.js) follow the article.
    body = page_part.split('class="post-body')[1].split("</article>")[0]
    assert '<table class="dataframe"><tr><th>epoch</th>' in body
    assert "(plain)" not in body and "<script" not in body and "google.colab" not in body
    assert "script" not in warnings  # Colab's scripts fail on any other page: nothing is lost


def test_html_with_its_own_script_shows_without_it_and_warns(tmp_path: Path) -> None:
    toggle = "<pre>array([1, 2])</pre><button>show data</button><script>toggle()</script>"
    html = _one_cell_site(tmp_path, _html_output(toggle))
    page_part, warnings = html.split("<!-- warnings -->")
    body = page_part.split('class="post-body')[1]
    assert "<pre>array([1, 2])</pre><button>show data</button>" in body
    assert "toggle()" not in body and "(plain)" not in body
    assert "cell 2: the output's scripts are left out; its HTML is shown without them" in warnings


def test_html_that_draws_nothing_without_its_script_shows_its_text(tmp_path: Path) -> None:
    plot = '<div id="p"></div><style>#p{height:9em}</style><script>Plotly.newPlot("p")</script>'
    html = _one_cell_site(tmp_path, _html_output(plot))
    page_part, warnings = html.split("<!-- warnings -->")
    assert "epoch  val_loss (plain)" in page_part and "Plotly" not in page_part
    assert "needs a script (text/html); showing its text/plain form" in warnings


def test_output_asis_is_markdown_of_the_page(tmp_path: Path) -> None:
    html = _one_cell_site(
        tmp_path,
        new_code_cell(
            "#| output: asis\n#| echo: false\nprint('## Made by code')",
            outputs=[
                new_output("stream", name="stdout", text="## Made by code\n\nA *table* here.\n")
            ],
        ),
    )
    assert '<h2 id="made-by-code">Made by code</h2>' in html or "<h2>Made by code</h2>" in html
    assert "<em>table</em>" in html and "cell-output-stdout" not in html


def test_warning_false_hides_stderr(tmp_path: Path) -> None:
    html = _one_cell_site(
        tmp_path,
        new_code_cell(
            "#| warning: false\nfit()",
            outputs=[
                new_output("stream", name="stderr", text="ConvergenceWarning\n"),
                new_output("stream", name="stdout", text="done\n"),
            ],
        ),
    )
    assert "ConvergenceWarning" not in html and "done" in html


def test_images_pasted_into_markdown_cells_are_published(tmp_path: Path) -> None:
    cell = new_markdown_cell("Look: ![a pixel](attachment:my%20pixel.png)")
    cell["attachments"] = {"my%20pixel.png": {"image/png": base64.b64encode(PNG).decode()}}
    html = _one_cell_site(tmp_path, cell)
    assert 'src="one_files/attachments/cell-2-my-20pixel.png"' in html
    assert (
        tmp_path / "out/posts/one/one_files/attachments/cell-2-my-20pixel.png"
    ).read_bytes() == PNG
