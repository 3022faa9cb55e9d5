"""What building more real Quarto blogs showed (DiegoFilippoMarino/Eigenholm and the blogs
tried beside it): each site is written here, in its own words, reproducing one thing such a
blog does."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import CliResult, post_body, quarto_blog


def test_an_unexecuted_cell_shows_its_fence_and_options_and_runs_nothing(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Eigenholm's article template shows how to write a figure cell with Quarto's escape,
    ```` ```{{python}} ````: Quarto shows the cell as written with single braces, its `#|`
    options and fence lines included, and runs nothing. Inside a longer fence a doubled-brace
    opener loses one pair of braces, as Quarto's documentation writes its examples."""
    article = (
        "---\ntitle: Template\ndate: 2026-06-25\n---\n\nTo run it, uncomment `jupyter`.\n\n"
        '```{{python}}\n#| label: fig-example\n#| fig-cap: "Example plot."\n\n'
        "import numpy as np\n```\n\nA whole document:\n\n"
        "````markdown\nSome markdown.\n\n```{{r}}\n1 + 1\n```\n````\n\n"
        "A plain one: ```{python}` stays.\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/new-article/index.qmd": article})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "new-article" not in result.err
    body = post_body(tmp_path / "out/posts/new-article/index.html")
    assert (
        '<pre class="highlight"><code>```{python}\n#| label: fig-example\n'
        "#| fig-cap: &quot;Example plot.&quot;\n\nimport numpy as np\n```\n</code></pre>"
    ) in body
    assert 'id="fig-example"' not in body and "Figure" not in body
    assert "{{" not in body
    code = re.search(r'<code class="language-markdown">(.*?)</code>', body, re.S)
    assert code is not None
    assert re.sub(r"<[^>]+>", "", code[1]) == "Some markdown.\n\n```{r}\n1 + 1\n```\n"


def test_an_equation_label_under_its_formula_is_a_warning_at_its_line(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Eigenholm writes `{#eq-gradient}` on the line under `$$ … $$`. Quarto reads a label
    only after the closing `$$` on its own line, so the label stays text and `@eq-gradient`
    points to nothing; both are warned of at their lines. A label in its place numbers the
    equation, with no warning."""
    article = (
        "---\ntitle: Gradients\ndate: 2026-06-25\n---\n\nDisplay equations:\n\n"
        "$$\\nabla_\\theta L = 0$$\n {#eq-gradient}\n\nSee @eq-gradient above.\n\n"
        "$$\na = b\n$$\n{#eq-block}\n\nIn text $$c = d$$\n{#eq-text}\n\n"
        "$$e = f$$ {#eq-right}\n\nAnd @eq-right.\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/grad/index.qmd": article})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    stray = "is on the line under its formula: Quarto attaches it only after the closing $$"
    assert f"posts/grad/index.qmd:9: warning: equation label {{#eq-gradient}} {stray}" in (
        result.err
    )
    assert f"posts/grad/index.qmd:16: warning: equation label {{#eq-block}} {stray}" in result.err
    assert f"posts/grad/index.qmd:19: warning: equation label {{#eq-text}} {stray}" in result.err
    assert "eq-right" not in result.err
    assert "@eq-gradient points to nothing" in result.err
    body = post_body(tmp_path / "out/posts/grad/index.html")
    assert "{#eq-gradient}" in body  # shown as Quarto shows it, and warned of
    assert "{#eq-right}" not in body


def test_a_standalone_pages_aliases_redirect_to_it(tmp_path: Path) -> None:
    """0ptimista/Garden's privacy page names `/privacy` and `/privacy/` as aliases, and its
    pages link `/privacy`: each alias of a page outside the listing is a redirect to it, as a
    post's are."""
    from quizsite.build import build

    privacy = "---\ntitle: Privacy\naliases: [/privacy, /old/privacy.html]\n---\n\nNo cookies.\n"
    root = quarto_blog(tmp_path / "garden", {"pages/privacy.qmd": privacy})
    out = build(root).output
    for alias in ("privacy/index.html", "old/privacy.html"):
        redirect = (out / alias).read_text(encoding="utf-8")
        assert 'content="0; url=/pages/privacy.html"' in redirect, alias
    assert "No cookies." in (out / "pages/privacy.html").read_text(encoding="utf-8")
