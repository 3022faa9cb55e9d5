"""Computed output (issue 21): Quarto's frozen output, and cells run in a real Jupyter kernel."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import nbclient
import pytest
from conftest import write_tree
from notebook_fixtures import PNG

from quizsite.build import build
from quizsite.errors import BuildFailed

QUARTO_YML = "project:\n  type: website\nwebsite:\n  title: Frozen\n"
POST = """\
---
title: "Frozen curves"
date: 2024-03-01
---

Some prose.

```{r}
#| label: curve
plot(1:10)
```

After the plot.
"""
FROZEN_BODY = """
Some prose.

::: {.cell}

```{.r .cell-code}
plot(1:10)
```

::: {.cell-output .cell-output-stdout}
```
[1] 55
```
:::

::: {.cell-output-display}
![](index_files/figure-html/curve-1.png)
:::
:::

After the plot.
"""


def frozen_blog(root: Path, post: str = POST) -> Path:
    """A Quarto blog whose one post has frozen output matching its text (or not)."""
    frozen = "---\ntitle: Frozen curves\n---\n" + FROZEN_BODY
    result = {"hash": hashlib.md5(POST.encode()).hexdigest(), "result": {"markdown": frozen}}
    folder = "_freeze/posts/curves/index"
    return write_tree(
        root,
        {
            "_quarto.yml": QUARTO_YML,
            "posts/curves/index.qmd": post,
            f"{folder}/execute-results/html.json": json.dumps(result),
            f"{folder}/figure-html/curve-1.png": PNG,
        },
    )


def test_frozen_output_is_shown_in_place_with_its_figures(tmp_path: Path) -> None:
    root = frozen_blog(tmp_path / "blog")
    result = build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/curves/index.html").read_text()
    html = html[html.index('class="post-body"') :]
    assert html.index("Some prose.") < html.index("[1] 55") < html.index("After the plot.")
    assert 'class="cell-output cell-output-stdout"' in html
    assert 'src="index_files/figure-html/curve-1.png"' in html
    assert (tmp_path / "out/posts/curves/index_files/figure-html/curve-1.png").read_bytes() == PNG
    assert "#| label" not in html
    assert not [w for w in result.warnings if "frozen" in w.message]


def test_a_post_changed_since_it_was_frozen_gets_a_warning(tmp_path: Path) -> None:
    root = frozen_blog(tmp_path / "blog", POST.replace("Some prose.", "Some new prose."))
    result = build(root, tmp_path / "out")
    [stale] = [w for w in result.warnings if "changed since its output was frozen" in w.message]
    assert str(stale.location) == "posts/curves/index.qmd:1"
    assert "_freeze/posts/curves/index/execute-results/html.json" in stale.hint


def test_r_cells_without_frozen_output_warn_and_show_code(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "blog", {"_quarto.yml": QUARTO_YML, "posts/r/index.qmd": POST})
    result = build(root, tmp_path / "out")
    [warned] = [w for w in result.warnings if "knitr" in w.message]
    assert str(warned.location) == "posts/r/index.qmd:8"
    assert "plot" in (tmp_path / "out/posts/r/index.html").read_text()


EXECUTED = """\
---
title: "What does this print?"
date: 2024-03-02
---

Run it:

```{{python}}
{code}
```

The end.
"""
IMAGE = (
    "from IPython.display import Image, display\nimport base64\n"
    f"display(Image(data=base64.b64decode({base64.b64encode(PNG).decode()!r})))"
)


def executed_site(root: Path, code: str, extra: str = "") -> Path:
    return write_tree(
        root,
        {
            "quizsite.toml": f"execute_timeout = 20\n{extra}",
            "content/posts/run.qmd": EXECUTED.format(code=code),
        },
    )


def test_a_cell_is_run_and_its_output_shown(tmp_path: Path) -> None:
    root = executed_site(tmp_path / "site", "print(sum(range(5)))\n6 * 7")
    build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/run/index.html").read_text()
    assert '<div class="cell-output cell-output-stdout"><pre><code>10</code></pre></div>' in html
    assert '<div class="cell-output cell-output-display"><pre><code>42</code></pre></div>' in html


def test_an_image_display_is_written_beside_the_page(tmp_path: Path) -> None:
    root = executed_site(tmp_path / "site", IMAGE)
    build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/run/index.html").read_text()
    assert 'src="run_files/figure-html/cell-1-output-1.png"' in html
    assert (
        tmp_path / "out/posts/run/run_files/figure-html/cell-1-output-1.png"
    ).read_bytes() == PNG


def test_echo_false_shows_the_output_only(tmp_path: Path) -> None:
    root = executed_site(tmp_path / "site", "#| echo: false\nprint('only this')")
    build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/run/index.html").read_text()
    assert "only this" in html and "print(" not in html


def test_an_exception_is_an_error_at_the_cell_line(tmp_path: Path) -> None:
    root = executed_site(tmp_path / "site", "x = 1\nraise ValueError('bad learning rate')")
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out")
    [problem] = failure.value.diagnostics
    assert str(problem.location) == "content/posts/run.qmd:8"
    assert problem.message == "this cell raised ValueError: bad learning rate"


def test_error_true_shows_the_traceback(tmp_path: Path) -> None:
    root = executed_site(tmp_path / "site", "#| error: true\n1/0")
    build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/run/index.html").read_text()
    assert 'class="cell-output cell-output-error"' in html and "ZeroDivisionError" in html
    assert "\x1b[" not in html


def test_execution_off_runs_nothing(tmp_path: Path) -> None:
    root = executed_site(tmp_path / "site", "print('ran')", extra="execute = false\n")
    build(root, tmp_path / "out")
    assert "cell-output" not in (tmp_path / "out/posts/run/index.html").read_text()


class _NoKernel(nbclient.NotebookClient):
    def setup_kernel(self, **kwargs: object) -> object:
        raise AssertionError("a kernel was started")


def test_a_second_build_and_a_prose_edit_start_no_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = executed_site(tmp_path / "site", "print('computed once')")
    first = build(root, tmp_path / "out")
    monkeypatch.setattr(nbclient, "NotebookClient", _NoKernel)
    post = root / "content/posts/run.qmd"
    post.write_text(post.read_text().replace("The end.", "The very end."))
    build(root, tmp_path / "out", previous=first.state)
    html = (tmp_path / "out/posts/run/index.html").read_text()
    assert "The very end." in html and "computed once" in html
    # A fresh build (no state in memory) takes the outputs from the cache folder too.
    build(root, tmp_path / "out2")
    assert "computed once" in (tmp_path / "out2/posts/run/index.html").read_text()


def test_a_missing_kernel_is_one_clear_error(tmp_path: Path) -> None:
    root = executed_site(tmp_path / "site", "print(1)")
    post = root / "content/posts/run.qmd"
    post.write_text(post.read_text().replace("date:", "jupyter: no-such-kernel\ndate:"))
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out")
    [problem] = failure.value.diagnostics
    assert problem.location.path == "content/posts/run.qmd"
    assert "no-such-kernel" in problem.message and "not installed" in problem.message


def test_a_cell_over_the_time_limit_is_stopped_at_its_line(tmp_path: Path) -> None:
    root = executed_site(tmp_path / "site", "import time\ntime.sleep(30)")
    (root / "quizsite.toml").write_text("execute_timeout = 2\n")
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out")
    [problem] = failure.value.diagnostics
    assert str(problem.location) == "content/posts/run.qmd:8"
    assert "longer than 2 s" in problem.message


def test_cells_no_jupyter_kernel_runs_are_shown_as_code_with_a_warning(tmp_path: Path) -> None:
    """An extension's `{pyodide-python}` and Observable's `{ojs}` run in the browser, not here:
    their code is shown, and one warning per kind says so at its first cell."""
    root = executed_site(tmp_path / "site", "print(1)")
    post = root / "content/posts/run.qmd"
    text = post.read_text().replace("{python}", "{pyodide-python}")
    ojs = "\n```{ojs}\n//| echo: true\nviewof x = Inputs.range([0, 1])\n```\n"
    # A cell of a language nothing runs is code to Quarto too: shown, no warning.
    json_cell = '\n```{json}\n{"lr": 0.1}\n```\n'
    post.write_text(text + ojs + ojs.replace("viewof x", "viewof y") + json_cell)
    result = build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/run/index.html").read_text()
    assert "cell-output" not in html and "Inputs" in html and "//|" not in html
    assert "0.1" in html
    pyodide, observable = sorted(result.warnings, key=lambda w: w.location.line or 0)
    assert str(pyodide.location) == "content/posts/run.qmd:8"
    assert (
        "Pyodide" in pyodide.message and "a {pyodide-python} cell shown as code" in pyodide.message
    )
    assert str(observable.location) == "content/posts/run.qmd:14"
    assert (
        "Observable" in observable.message and "2 {ojs} cells shown as code" in observable.message
    )


def test_engine_knitr_python_cells_warn_instead_of_running(tmp_path: Path) -> None:
    root = executed_site(tmp_path / "site", "print('by reticulate')")
    post = root / "content/posts/run.qmd"
    post.write_text(post.read_text().replace("date:", "engine: knitr\ndate:"))
    result = build(root, tmp_path / "out")
    assert [w.message for w in result.warnings if "knitr" in w.message]
    assert "cell-output" not in (tmp_path / "out/posts/run/index.html").read_text()


def test_missing_jupyter_packages_are_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = executed_site(tmp_path / "site", "print(1)")
    monkeypatch.setitem(__import__("sys").modules, "nbclient", None)  # as if not installed
    with pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "out")
    [problem] = failure.value.diagnostics
    assert str(problem.location) == "content/posts/run.qmd:1"
    assert "nbclient is missing" in problem.message
    assert "pip install 'quizsite[execute]'" in problem.hint


def test_frozen_output_refreshed_by_quarto_is_picked_up(tmp_path: Path) -> None:
    """`quarto render` rewrites _freeze/ and not the post: the next build shows the new output."""
    from quizsite.cli import main

    root = frozen_blog(tmp_path / "blog")
    out = tmp_path / "out"
    assert main(["build", str(root), "-o", str(out)]) == 0
    frozen = root / "_freeze/posts/curves/index/execute-results/html.json"
    data = json.loads(frozen.read_text())
    data["result"]["markdown"] = data["result"]["markdown"].replace("[1] 55", "[1] 56")
    frozen.write_text(json.dumps(data))
    assert main(["build", str(root), "-o", str(out)]) == 0
    assert "[1] 56" in (out / "posts/curves/index.html").read_text()


def test_a_post_built_without_execution_runs_once_execution_is_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizsite.cli import main

    # --no-execute sets the variable for the process: unset again after this test.
    monkeypatch.setenv("QUIZSITE_NO_EXECUTE", "0")
    root = executed_site(tmp_path / "site", "print('now computed')")
    out = tmp_path / "out"
    assert main(["build", str(root), "-o", str(out), "--no-execute"]) == 0
    assert "cell-output-stdout" not in (out / "posts/run/index.html").read_text()
    monkeypatch.delenv("QUIZSITE_NO_EXECUTE")
    assert main(["build", str(root), "-o", str(out)]) == 0
    assert "<pre><code>now computed</code>" in (out / "posts/run/index.html").read_text()
