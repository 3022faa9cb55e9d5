"""`{{< embed notebook.ipynb#label >}}`: a notebook cell's stored outputs on a page."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from notebook_fixtures import PNG, write_notebook

from quizsite.build import build


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode()


def _analysis() -> nbformat.NotebookNode:
    """A notebook with a captioned figure cell, a printing cell and a tagged cell."""
    plot = new_code_cell(
        "#| label: fig-loss\n#| fig-cap: Loss per *epoch*\nplot(losses)",
        outputs=[new_output("display_data", data={"image/png": _b64(PNG), "text/plain": "<F>"})],
    )
    counts = new_code_cell(
        "print(counts)", outputs=[new_output("stream", name="stdout", text="3 cats\n")]
    )
    counts.metadata["tags"] = ["counts"]
    hidden = new_code_cell("secret = 1", outputs=[])
    note = new_markdown_cell("#| label: txt-note\n\nLoss *falls* fast.")
    notebook = new_notebook(cells=[hidden, plot, counts, note])
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    return notebook


def _site(tmp_path: Path, body: str) -> tuple[Path, Path]:
    """A site with one post embedding cells of `analysis.ipynb` beside it."""
    root = tmp_path / "site"
    post = root / "content/posts/report"
    post.mkdir(parents=True)
    (post / "index.qmd").write_text(
        f"---\ntitle: Report\ndate: 2024-03-01\n---\n\nSee @fig-loss.\n\n{body}\n"
    )
    write_notebook(post / "analysis.ipynb", _analysis())
    return root, tmp_path / "out"


def _page(output: Path) -> str:
    return (output / "posts/report/index.html").read_text(encoding="utf-8")


def test_an_embedded_figure_cell_is_numbered_captioned_and_published(tmp_path: Path) -> None:
    root, output = _site(tmp_path, "{{< embed analysis.ipynb#fig-loss >}}")
    result = build(root, output)
    html = _page(output)
    assert not result.warnings, [w.format() for w in result.warnings]
    assert "{{<" not in html
    assert '<figure id="fig-loss"' in html
    assert "<figcaption>Figure\u00a01: Loss per <em>epoch</em></figcaption>" in html
    assert 'href="#fig-loss"' in html  # the page's reference lands on the embedded figure
    image = "index-embed-analysis_files/figure-html/cell-2-output-1.png"
    assert f'src="{image}"' in html
    assert (output / "posts/report" / image).read_bytes() == PNG
    assert "plot(losses)" not in html  # the code shows only with echo=true
    assert "base64" not in html


def test_echo_true_shows_the_code_and_tags_find_cells(tmp_path: Path) -> None:
    root, output = _site(tmp_path, "{{< embed analysis.ipynb#counts echo=true >}}")
    build(root, output)
    html = _page(output)
    assert "print" in html and "counts" in html
    assert (
        '<div class="cell-output cell-output-stdout"><pre><code>3 cats</code></pre></div>' in html
    )
    assert "#|" not in html


def test_a_whole_notebook_embeds_every_code_cell(tmp_path: Path) -> None:
    root, output = _site(tmp_path, "{{< embed analysis.ipynb >}}")
    build(root, output)
    html = _page(output)
    assert "3 cats" in html and "cell-2-output-1.png" in html


def test_a_missing_notebook_or_label_is_a_warning_at_its_line(tmp_path: Path) -> None:
    body = "{{< embed nowhere.ipynb#x >}}\n\n{{< embed analysis.ipynb#fig-none >}}"
    root, output = _site(tmp_path, body)
    result = build(root, output)
    html = _page(output)
    warnings = [w.format() for w in result.warnings]
    assert any(
        "content/posts/report/index.qmd:8:" in w and "nowhere.ipynb" in w and "no such file" in w
        for w in warnings
    ), warnings
    assert any(
        "content/posts/report/index.qmd:10:" in w and "no cell 'fig-none'" in w for w in warnings
    ), warnings
    assert "{{<" not in html and "embed" not in html.split("<main", 1)[-1].split("</main>")[0]


def test_editing_the_notebook_rebuilds_the_page(tmp_path: Path) -> None:
    root, output = _site(tmp_path, "{{< embed analysis.ipynb#counts >}}")
    first = build(root, output)
    assert "3 cats" in _page(output)
    path = root / "content/posts/report/analysis.ipynb"
    notebook = nbformat.read(str(path), as_version=4)
    notebook.cells[2].outputs[0]["text"] = "4 dogs\n"
    nbformat.write(notebook, str(path))
    build(root, output, previous=first.state)
    html = _page(output)
    assert "4 dogs" in html and "3 cats" not in html


def test_an_embed_inside_a_sentence_is_a_warning_never_raw(tmp_path: Path) -> None:
    root, output = _site(tmp_path, "As shown {{< embed analysis.ipynb#counts >}} here.")
    result = build(root, output)
    html = _page(output)
    warnings = [w.format() for w in result.warnings]
    assert any("index.qmd:8:" in w and "embed must stand alone" in w for w in warnings), warnings
    assert "{{<" not in html and "3 cats" not in html


def test_a_labelled_markdown_cell_embeds_as_prose(tmp_path: Path) -> None:
    root, output = _site(tmp_path, "{{< embed analysis.ipynb#txt-note >}}")
    build(root, output)
    html = _page(output)
    assert "<p>Loss <em>falls</em> fast.</p>" in html
    assert "#|" not in html and "txt-note" not in html


def test_an_embedded_cell_is_never_run_with_the_page(tmp_path: Path) -> None:
    """A `.qmd` page is executed; the cells it embeds show their stored outputs, never run."""
    body = "```{python}\nprint('page ' + 'code')\n```\n\n{{< embed analysis.ipynb#counts >}}"
    root, output = _site(tmp_path, body)
    path = root / "content/posts/report/analysis.ipynb"
    notebook = nbformat.read(str(path), as_version=4)
    notebook.cells[2].source = "raise ValueError('ran')"
    nbformat.write(notebook, str(path))
    result = build(root, output)
    html = _page(output)
    assert "page code" in html and "3 cats" in html  # the page's cell ran, the embedded did not
    assert not any("ran" in w.format() for w in result.warnings)
