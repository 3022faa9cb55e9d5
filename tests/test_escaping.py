"""Safe pages: hostile front matter and config values come out as text in every output file.

Author-written raw HTML in a post's body stays allowed: the author owns the body. Everything
else (titles, tags, descriptions, names, link titles, callout titles, attributes) is text.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import serve_folder, write_tree

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

BREAK_OUT = '"><script>alert(1)</script>'
END_SCRIPT = "</script><script>alert(2)</script>"
ENTITY = "&amp;"
QUOTES = 'He said "hi" & it\'s <b>bold</b>'
IMG = "'><img src=x onerror=alert(3)>"
TITLE = f"{BREAK_OUT} {END_SCRIPT} {ENTITY} {QUOTES}"
TAG = f"{BREAK_OUT}{IMG}"
DESCRIPTION = f"{END_SCRIPT} {QUOTES} {IMG}"
AUTHOR = f"{IMG} {ENTITY}"
IMAGE_ALT = f"{BREAK_OUT} {QUOTES}"
SUBTITLE = f"{END_SCRIPT}{IMG}"
SITE_TITLE = f"Site {BREAK_OUT} {ENTITY}"
SITE_DESCRIPTION = f"About {END_SCRIPT} {QUOTES}"
SITE_AUTHOR = f"{IMG} O'Brien"
READING_TITLE = "Reading <script>alert(4)</script> \"quoted\" & 'single'"
CALLOUT_TITLE = '"><script>alert(5)</script>'
ALIAS = "/old/it's\"here/"
PAYLOADS = (
    TITLE,
    TAG,
    DESCRIPTION,
    AUTHOR,
    IMAGE_ALT,
    SUBTITLE,
    SITE_TITLE,
    SITE_DESCRIPTION,
    SITE_AUTHOR,
    READING_TITLE,
)


def yaml(value: str) -> str:
    """A YAML scalar for `value` (JSON strings are YAML double-quoted scalars)."""
    return json.dumps(value)


def markdown_entities(text: str) -> str:
    """`text` written so that Markdown reads it back as that text, not as HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


POST = f"""---
title: {yaml(TITLE)}
subtitle: {yaml(SUBTITLE)}
date: 2024-01-01
categories: [{yaml(TAG)}, plain]
description: {yaml(DESCRIPTION)}
author: [{yaml(AUTHOR)}, Second Author]
image: {yaml('pic.png" onerror="alert(6)')}
image-alt: {yaml(IMAGE_ALT)}
aliases: [{yaml(ALIAS)}]
---

Which option is right? <span class="x">raw html kept</span> and $\\text{{<script>alert(7)</script>}}$.

::: {{#x"><script>alert(8)</script> .aside data-y='"><script>alert(9)</script>'}}
An ordinary div with a hostile id and attribute.
:::

```"><script>alert(10)</script>
code
```

1. First option

2. Second option

:::{{.callout-note collapse="true" title='{CALLOUT_TITLE}'}}
2

**Recommended reading**

* ["{markdown_entities(READING_TITLE)}"](https://example.org/it's"q) is hostile.
:::
"""

SECOND = """---
title: "A plain neighbour"
date: 2023-12-01
categories: [plain]
---

Which one?

1. A

2. B

:::{.callout-note collapse="true"}
1

**Recommended reading**

* ["Plain book"](https://example.org/plain) is plain.
:::
"""

CONFIG = f"""title = {json.dumps(SITE_TITLE)}
description = {json.dumps(SITE_DESCRIPTION)}
author = {json.dumps(SITE_AUTHOR)}
base_url = "https://example.org/blog/"
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(
        tmp_path_factory.mktemp("hostile"),
        {
            "quizsite.toml": CONFIG,
            "content/posts/hostile.qmd": POST,
            "content/posts/plain.qmd": SECOND,
        },
    )
    build(root)
    return root / "site"


def files_of(site: Path, suffix: str) -> list[Path]:
    found = sorted(p for p in site.rglob(f"*{suffix}") if p.is_file())
    assert found, f"no {suffix} files"
    return found


class Document(HTMLParser):
    """Every element with its attributes, script elements, and the text of chosen elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        key = tag + "".join(f".{c}" for c in (dict(attrs).get("class") or "").split())
        if tag not in ("meta", "link", "img", "br", "hr", "input", "source"):
            self._open.append(key)
            self.texts.setdefault(key, []).append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].split(".")[0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        for key in self._open:
            self.texts[key][-1] += data

    def text(self, key: str) -> list[str]:
        return [" ".join(t.split()) for t in self.texts.get(key, [])]

    def attribute(self, tag: str, name: str) -> list[str]:
        return [v or "" for t, attrs in self.elements if t == tag for n, v in attrs if n == name]


def parse(path: Path) -> Document:
    document = Document()
    document.feed(path.read_text(encoding="utf-8"))
    document.close()
    return document


def squash(text: str) -> str:
    return " ".join(text.split())


def plain_quotes(texts: list[str]) -> list[str]:
    """Texts with Markdown's typographic quotes turned back into plain ones."""
    table = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
    return [t.translate(table) for t in texts]


def test_html_pages_have_only_the_themes_scripts_and_no_injected_attributes(
    hostile_site: Path,
) -> None:
    for path in files_of(hostile_site, ".html"):
        data = path.read_bytes()
        assert b"<script>alert" not in data, path
        assert b"<img src=x" not in data, path
        document = parse(path)
        scripts = [dict(attrs) for tag, attrs in document.elements if tag == "script"]
        # The one inline script is the light/dark toggle's own, in <head> (base.html).
        inline = [script for script in scripts if not script.get("src")]
        assert len(inline) <= 1 and data.count(b"<script>") == len(inline), path
        if inline:
            head = data.split(b"</head>", 1)[0]
            assert b'<script>(function(r){function p(d){r.setAttribute("data-theme-scheme"' in head
        for script in scripts:  # else the theme's own scripts only, shipped in the site's assets/
            if not script.get("src"):
                continue
            src = script.get("src") or ""
            assert src.startswith("/blog/assets/") and src.endswith(".js"), (path, script)
            assert (hostile_site / src.removeprefix("/blog/")).is_file(), (path, script)
        for tag, attrs in document.elements:
            assert tag.isalnum(), (path, tag)
            for name, _ in attrs:
                assert not name.startswith("on"), (path, tag, name)
                assert all(c.isalnum() or c in "-:" for c in name), (path, tag, name)


def test_the_post_page_shows_every_value_as_text(hostile_site: Path) -> None:
    document = parse(hostile_site / "posts/hostile/index.html")
    assert document.text("title") == [squash(f"{TITLE} · {SITE_TITLE}")]
    assert document.text("h1.post-title") == [squash(TITLE)]
    assert document.text("p.post-subtitle") == [squash(SUBTITLE)]
    assert document.text("p.post-authors") == [squash(f"By {AUTHOR}, Second Author")]
    assert squash(TAG) in document.text("a.tag")
    # The kind comes first, for screen readers (visually hidden); the answer's own title is
    # followed by its state, one of "show" and "hide" shown at a time (answer_view.py).
    assert document.text("span.callout-title") == ["Note: " + squash(CALLOUT_TITLE) + " (showhide)"]
    assert squash(READING_TITLE) in plain_quotes(document.text("a"))
    assert DESCRIPTION in document.attribute("meta", "content")
    assert IMAGE_ALT in document.attribute("meta", "content")
    assert 'x"><script>alert(8)</script>' in document.attribute("div", "id")
    assert '"><script>alert(9)</script>' in document.attribute("div", "data-y")
    # Author-written raw HTML in the body is the author's to write.
    assert '<span class="x">raw html kept</span>' in (
        hostile_site / "posts/hostile/index.html"
    ).read_text(encoding="utf-8")


def test_site_values_are_text_on_every_page(hostile_site: Path) -> None:
    home = parse(hostile_site / "index.html")
    assert home.text("title") == [squash(SITE_TITLE)]
    assert home.text("a.site-title") == [squash(SITE_TITLE)]
    assert home.text("p.lead") == [squash(SITE_DESCRIPTION)]
    assert SITE_DESCRIPTION in home.attribute("meta", "content")
    assert any(squash(SITE_AUTHOR) in t for t in home.text("footer.site-footer"))
    assert squash(TITLE) in home.text("a")
    tags = parse(hostile_site / "tags/index.html")
    assert any(t.startswith(squash(TAG)) for t in tags.text("a.tag"))
    reading = parse(hostile_site / "reading-list/index.html")
    assert squash(READING_TITLE) in plain_quotes(reading.text("a.reading-title"))


def test_json_files_hold_the_original_strings(hostile_site: Path) -> None:
    for path in files_of(hostile_site, ".json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert "<script" not in path.read_text(encoding="utf-8"), "tojson escapes < for HTML"
        if path.name == "quizzes.json":
            assert TITLE in [q["title"] for q in data["quizzes"]]


def test_xml_files_parse_and_hold_the_original_text(hostile_site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = 0
    for path in files_of(hostile_site, ".xml"):
        tree = ET.parse(path)
        assert not [e for e in tree.iter() if e.tag.endswith("script")], path
        if tree.getroot().tag != f"{atom}feed":
            continue
        feeds += 1
        titles = [e.text for e in tree.iter(f"{atom}title")]
        assert (titles[0] or "").startswith(SITE_TITLE), path
        if path == hostile_site / "feed.xml":
            assert TITLE in titles
            labels = [e.get("label") for e in tree.iter(f"{atom}category")]
            assert TAG in labels
            names = [e.text for e in tree.iter(f"{atom}name")]
            assert AUTHOR in names
        for content in tree.iter(f"{atom}content"):
            # The entry's HTML is escaped text inside the XML; as HTML it has no script.
            document = Document()
            document.feed(content.text or "")
            assert "script" not in [tag for tag, _ in document.elements], path
    assert feeds >= 1


def all_pages(site: Path) -> Iterator[str]:
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        yield rel.removesuffix("index.html")


@pytest.mark.browser
def test_no_script_runs_on_any_page_of_the_hostile_site(
    browser: Browser, hostile_site: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import Error as PlaywrightError

    # Served under /blog/, as base_url says, so the theme's own script loads and runs too.
    (tmp_path / "blog").symlink_to(hostile_site, target_is_directory=True)
    dialogs: list[str] = []
    errors: list[str] = []
    with serve_folder(tmp_path) as url:
        context = browser.new_context()
        pages = list(all_pages(hostile_site))
        ran = False
        for rel in pages:
            # A tab per page: an alias page's refresh (to base_url's host, unreachable here)
            # must not land in the middle of the next page's load.
            page = context.new_page()
            page.on("pageerror", lambda error, rel=rel: errors.append(f"{rel}: {error}"))
            page.on("dialog", lambda dialog, rel=rel: (dialogs.append(rel), dialog.dismiss()))
            try:
                page.goto(f"{url}/blog/{rel}", wait_until="load")
            except PlaywrightError:
                # On a loaded machine Chromium now and then drops a load to its error page;
                # a second try tells that apart from a page that really fails.
                page.goto(f"{url}/blog/{rel}", wait_until="load")
            if rel.startswith("posts/hostile/"):
                page.locator("#answer > summary, details > summary").first.click()
                ran = page.evaluate(
                    "() => !!document.querySelector('script[src$=\"quizsite.js\"]')"
                )
            page.close()
        context.close()
    assert len(pages) > 5
    assert ran
    assert dialogs == []
    assert errors == []
