"""Quarto tabsets, margin content, figures and diagrams in a real browser, light and dark."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ARTIFACTS, Console, serve_folder, write_tree

from quizsite import diagrams
from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# A square picture for the figures, drawn as SVG so the test needs no image library.
PICTURE = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">
<rect width="400" height="300" fill="#8fb3d9"/><circle cx="200" cy="150" r="90" fill="#f0c75e"/>
</svg>
"""

POST = """---
title: "Quarto features"
date: 2024-01-01
---

Training curves are in @fig-curves; the two runs side by side are @fig-runs, and
@eq-loss is the loss. The setup is in @tip-seed.

::: {.column-margin}
Margin note: the learning rate was warmed up over the first 500 steps.
:::

The margin note above sits beside this paragraph on a wide screen and in the text on a
phone.[An aside, written as a span.]{.aside} Here is more text so that the paragraph runs over several lines, as prose does in
a real post, and the note has something to sit beside.

::: {#fig-curves}
![](curve.svg){fig-alt="A blue square with a yellow disc"}

Training curves of the *baseline*.
:::

::: {#fig-runs layout-ncol=2}
![Run one](curve.svg)

![Run two](curve.svg)

Two runs.
:::

$$
L = -\\sum_i y_i \\log p_i
$$ {#eq-loss}

::: {#tip-seed .callout-tip}
## Fix the seed
Results then repeat.
:::

::: {.panel-tabset group="language"}
## Python
Use *pandas*.

## R
Use dplyr.

## Julia
Use DataFrames.jl.
:::

::: {.panel-tabset group="language"}
## Python
`pip install pandas`

## R
`install.packages("dplyr")`
:::

```{mermaid}
%%| label: fig-flow
%%| fig-cap: The pipeline
flowchart LR
  Data --> Model --> Metrics
```

```{dot}
//| label: fig-graph
//| fig-cap: A small graph
digraph { rankdir=LR; data -> model -> metrics }
```

::: {#fig-side cap-location="margin"}
![](curve.svg){fig-alt="The same picture again" width="300"}

A caption in the margin.
:::

::: {.column-page}
A wide block of text set in the page column, wider than the body text.
:::

::: {.column-screen}
![](curve.svg){fig-alt="A picture as wide as the window" width="100%"}
:::
"""


@pytest.fixture(scope="module")
def quarto_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A post with every construct, built and served (Mermaid when it can be had)."""
    root = tmp_path_factory.mktemp("quarto")
    write_tree(
        root,
        {"content/posts/features/index.qmd": POST, "content/posts/features/curve.svg": PICTURE},
    )
    build(root)
    with serve_folder(root / "site") as url:
        yield url + "/posts/features/"


def _page(browser: Browser, width: int, scheme: str = "light", script: bool = True) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,  # type: ignore[arg-type]
        java_script_enabled=script,
    )
    return context.new_page()


def test_tabset_is_operable_with_the_keyboard(browser: Browser, quarto_site: str) -> None:
    page = _page(browser, 1280)
    console = Console(page)
    page.goto(quarto_site)
    first = page.locator(".panel-tabset").first
    tabs = first.get_by_role("tab")
    assert tabs.all_inner_texts() == ["Python", "R", "Julia"]
    assert page.get_by_role("tablist").count() == 2
    panels = first.locator(".tab-panel")
    assert [p.is_visible() for p in panels.all()] == [True, False, False]
    tabs.first.focus()
    page.keyboard.press("ArrowRight")
    assert tabs.nth(1).get_attribute("aria-selected") == "true"
    assert tabs.first.get_attribute("aria-selected") == "false"
    assert page.evaluate("document.activeElement.textContent") == "R"
    assert [p.is_visible() for p in panels.all()] == [False, True, False]
    page.keyboard.press("End")
    assert tabs.nth(2).get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowRight")  # wraps round to the first
    assert tabs.first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowLeft")
    assert tabs.nth(2).get_attribute("aria-selected") == "true"
    page.keyboard.press("Home")
    assert tabs.first.get_attribute("aria-selected") == "true"
    # Only the selected tab is in the Tab order; Tab moves on into its panel.
    assert [t.get_attribute("tabindex") for t in tabs.all()] == ["0", "-1", "-1"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "tabpanel"
    labelled = page.evaluate(
        "document.getElementById(document.activeElement.getAttribute('aria-labelledby'))"
        ".textContent"
    )
    assert labelled == "Python"
    tabs.nth(2).click()
    assert panels.nth(2).is_visible() and not panels.first.is_visible()
    # The second tabset of the group follows the first to a tab of the same name.
    second = page.locator(".panel-tabset").nth(1)
    tabs.nth(1).click()
    assert second.get_by_role("tab", name="R").get_attribute("aria-selected") == "true"
    assert second.locator(".tab-panel").nth(1).is_visible()
    assert console.errors == []
    page.context.close()


def test_tabset_without_javascript_shows_every_panel_with_its_heading(
    browser: Browser, quarto_site: str
) -> None:
    page = _page(browser, 375, script=False)
    page.goto(quarto_site)
    assert page.get_by_role("tab").count() == 0
    headings = page.locator(".panel-tabset").first.locator(".tab-panel > h2")
    assert headings.all_inner_texts() == ["Python", "R", "Julia"]
    assert all(h.is_visible() for h in headings.all())
    assert all(p.is_visible() for p in page.locator(".tab-panel").all())
    assert page.locator(".tab-panel").count() == 5
    page.context.close()


def test_margin_note_sits_beside_the_text_when_wide_and_inline_on_a_phone(
    browser: Browser, quarto_site: str
) -> None:
    for width, beside in ((1280, True), (375, False)):
        page = _page(browser, width)
        page.goto(quarto_site)
        note = page.locator(".column-margin").bounding_box()
        text = page.locator(".post-body > p").nth(1).bounding_box()
        assert note is not None and text is not None
        if beside:
            assert note["x"] >= text["x"] + text["width"], "the note should be right of the text"
            assert abs(note["y"] - text["y"]) < 60, "the note should sit level with the text"
        else:
            assert note["x"] < text["x"] + 5 and note["width"] > 0.8 * text["width"]
            assert note["y"] + note["height"] <= text["y"], "the note should come before the text"
        aside = page.locator("span.aside").bounding_box()
        assert aside is not None
        assert (aside["x"] >= text["x"] + text["width"]) is beside
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.context.close()


def test_wide_columns_are_wider_than_the_text_and_never_scroll_sideways(
    browser: Browser, quarto_site: str
) -> None:
    for width in (1280, 375):
        page = _page(browser, width)
        page.goto(quarto_site)
        text = page.locator(".post-body > p").first.bounding_box()
        wide = page.locator(".column-page").bounding_box()
        screen = page.locator(".column-screen").bounding_box()
        assert text and wide and screen
        if width == 1280:
            assert wide["width"] > text["width"] + 100
        assert abs(screen["x"]) < 1 and abs(screen["width"] - width) < 20
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.context.close()


def test_figures_are_numbered_and_references_link_to_them(
    browser: Browser, quarto_site: str
) -> None:
    page = _page(browser, 1280)
    page.goto(quarto_site)
    assert page.locator("#fig-curves figcaption").inner_text().startswith("Figure\u00a01: ")
    assert page.locator("#fig-runs > figcaption").inner_text() == "Figure\u00a02: Two runs."
    assert page.locator("#fig-runs .quarto-subfigure figcaption").all_inner_texts() == [
        "(a) Run one",
        "(b) Run two",
    ]
    cells = page.locator("#fig-runs .quarto-layout-cell").all()
    boxes = [c.bounding_box() for c in cells]
    assert boxes[0] and boxes[1] and abs(boxes[0]["y"] - boxes[1]["y"]) < 1  # side by side
    assert page.locator("#eq-loss .equation-number").inner_text() == "(1)"
    figure = page.locator("#fig-side").bounding_box()
    caption = page.locator("#fig-side > figcaption").bounding_box()
    assert figure and caption and caption["x"] >= figure["x"] + figure["width"]
    page.get_by_role("link", name="Tip 1").click()
    assert page.url.endswith("#tip-seed")
    page.context.close()


def test_diagrams_are_drawn(browser: Browser, quarto_site: str) -> None:
    page = _page(browser, 1280)
    console = Console(page)
    page.goto(quarto_site)
    if diagrams.mermaid_bundle() is not None:
        page.wait_for_selector("#fig-flow pre.mermaid svg", timeout=15000)
        assert "Metrics" in (page.locator("#fig-flow svg").text_content() or "")
    if diagrams.dot_svg("digraph { a -> b }")[0] is not None:
        assert page.locator("#fig-graph svg").count() == 1
    assert console.errors == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots(browser: Browser, quarto_site: str, width: int, scheme: str) -> None:
    """Pictures to look at (tests/artifacts/), and no sideways scrolling at either width."""
    page = _page(browser, width, scheme)
    page.goto(quarto_site)
    if diagrams.mermaid_bundle() is not None:
        page.wait_for_selector("pre.mermaid svg", timeout=15000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"quarto-{width}-{scheme}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()


def test_pages_without_diagrams_load_no_mermaid(tmp_path: Path, browser: Browser) -> None:
    root = write_tree(
        tmp_path / "b", {"content/posts/p.qmd": "---\ntitle: P\ndate: 2024-01-01\n---\n\nHi.\n"}
    )
    build(root)
    with serve_folder(root / "site") as url:
        page = _page(browser, 1280)
        loaded: list[str] = []
        page.on("request", lambda r: loaded.append(r.url))
        page.goto(url + "/posts/p/")
        assert not any("mermaid" in u for u in loaded)
        page.context.close()


TOC_POST = """---
title: "Contents beside the text"
date: 2024-01-01
toc: true
---

""" + "\n\n".join(
    f"## Section {n}\n\n" + " ".join(["Words that fill the section out."] * 40) for n in range(1, 9)
)


def test_table_of_contents_sits_on_the_right_when_wide_and_above_the_text_on_a_phone(
    browser: Browser, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"content/posts/contents/index.qmd": TOC_POST})
    build(tmp_path)
    with serve_folder(tmp_path / "site") as url:
        for width, beside in ((1280, True), (375, False)):
            page = _page(browser, width)
            page.goto(url + "/posts/contents/")
            toc, text = page.locator(".toc"), page.locator(".post-body > p").first
            toc_box, text_box = toc.bounding_box(), text.bounding_box()
            assert toc_box is not None and text_box is not None
            if beside:
                assert toc_box["x"] >= text_box["x"] + text_box["width"]
                # It stays in view as the reader scrolls down the sections.
                page.locator("#section-7").scroll_into_view_if_needed()
                assert toc.is_visible() and 0 <= toc.bounding_box()["y"] < 900  # type: ignore[index]
            else:
                assert toc_box["y"] + toc_box["height"] <= text_box["y"]
                assert abs(toc_box["x"] - text_box["x"]) < 20
            assert toc.get_by_role("link").count() == 8
            page.context.close()
