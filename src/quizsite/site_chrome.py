"""What `_quarto.yml`'s `website:` puts around every page besides the navbar: the page footer
(`page-footer`: text, or `left`/`center`/`right`, each Markdown or a list of links with
`text`/`href`/`icon`; `background`, `foreground`, `border`), and the warnings for the
`website:` options that change what a reader sees and that quizsite does not apply."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from markupsafe import Markup

from .chrome_shortcodes import resolve_footer_values
from .errors import Diagnostic, warning
from .look_keys import WEBSITE_ACCEPTED, WEBSITE_NOT_APPLIED, filter_warning
from .look_palette import header_text
from .menu_icons import icon_shortcodes
from .quarto_names import place
from .quarto_project import lookup
from .quarto_urls import DOCUMENT_LINK_SUFFIXES

if TYPE_CHECKING:
    from .look import Look

# A footer link: (text, href, icon), as the navbar's.
FooterLink = tuple[str, str, str]
# Quarto's colour names for the footer's background, as the default theme's colours.
_NAMED_BACKGROUNDS = {
    "light": "var(--surface)",
    "dark": "#1b1f24",
    "primary": "var(--accent)",
    "body": "var(--bg)",
}
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|(?:rgb|rgba|hsl|hsla)\([0-9.,%\s/]+\)|[a-zA-Z]+")


@dataclass(frozen=True)
class FooterRegion:
    """One region of the footer: its Markdown rendered, or its links."""

    side: str  # "left", "center" or "right"
    html: Markup
    links: tuple[FooterLink, ...] = ()


@dataclass(frozen=True)
class Footer:
    """The site's page footer."""

    regions: tuple[FooterRegion, ...]
    background: str = ""  # a CSS colour, or ""
    foreground: str = ""
    border: bool = True

    @property
    def style(self) -> str:
        """The footer's own colours as an inline style ("" for the theme's)."""
        parts = [f"background: {self.background}" for _ in (1,) if self.background]
        parts += [f"color: {self.foreground}" for _ in (1,) if self.foreground]
        if not self.border:
            parts.append("border-top: 0")
        return "; ".join(parts)


def read_footer(
    website: yaml.Node,
) -> tuple[Footer | None, list[Diagnostic], list[tuple[str, tuple[str, int]]]]:
    """`website: page-footer:` as the site's footer, its problems, and the icons its links
    name with their files and lines."""
    node = lookup(website, ("page-footer",))
    if node is None or node.tag == "tag:yaml.org,2002:null":
        return None, [], []
    problems: list[Diagnostic] = []
    icons: list[tuple[str, tuple[str, int]]] = []
    if isinstance(node, yaml.ScalarNode):
        return Footer((FooterRegion("center", markdown_html(node.value)),)), [], []
    if not isinstance(node, yaml.MappingNode):
        return None, [_bad(node, "'page-footer' must be text, or left:, center: and right:")], []
    regions = []
    for side in ("left", "center", "right"):
        part = lookup(node, (side,))
        if part is None or part.tag == "tag:yaml.org,2002:null":
            continue
        region = _region(side, part, problems, icons)
        if region is not None:
            regions.append(region)
    background = _colour(node, "background", problems, _NAMED_BACKGROUNDS)
    foreground = _colour(node, "foreground", problems, {})
    border = lookup(node, ("border",))
    shown = not (isinstance(border, yaml.ScalarNode) and border.value.lower() == "false")
    return Footer(tuple(regions), background, foreground, shown), problems, icons


def _region(
    side: str,
    node: yaml.Node,
    problems: list[Diagnostic],
    icons: list[tuple[str, tuple[str, int]]],
) -> FooterRegion | None:
    """A footer region: Markdown text, or a list of links (and texts)."""
    if isinstance(node, yaml.ScalarNode):
        return FooterRegion(side, markdown_html(node.value))
    if not isinstance(node, yaml.SequenceNode):
        problems.append(_bad(node, f"'page-footer.{side}' must be text or a list of links"))
        return None
    links = []
    texts = []
    for entry in node.value:
        if isinstance(entry, yaml.ScalarNode):
            texts.append(markdown_html(entry.value))
            continue
        fields = {
            name: value.value.strip()
            for name in ("text", "href", "icon", "aria-label", "file", "url")
            if isinstance(value := lookup(entry, (name,)), yaml.ScalarNode)
        }
        fields["href"] = fields.get("href") or fields.get("file") or fields.get("url", "")
        if not fields.get("href"):
            if fields.get("text"):  # text alone: shown as its Markdown
                texts.append(markdown_html(fields["text"]))
            else:
                problems.append(_bad(entry, "this footer item has neither text nor href"))
            continue
        # An icon shortcode in the text (`{{< fa brands github >}}`) is the link's icon, as in
        # the navbar; any other shortcode there cannot be shown and is left out.
        text, _, icon, _ = icon_shortcodes(
            (fields.get("text", ""), "", fields.get("icon", ""), side)
        )
        for name in _SHORTCODE_NAME.findall(text):
            problems.append(_bad(entry, f"the '{name}' shortcode in this footer link is left out"))
        text = _SHORTCODE_NAME.sub("", text).strip()
        links.append((text or fields.get("aria-label", ""), fields.get("href", ""), icon))
        if icon:
            icons.append((icon, place(entry)))
    html = Markup("\n".join(texts))
    return FooterRegion(side, html, tuple(links))


def _colour(
    node: yaml.Node,
    key: str,
    problems: list[Diagnostic],
    named: dict[str, str],
    part: str = "page-footer",
) -> str:
    """A colour option of the footer (or navbar) as CSS ("" when not set or not a colour)."""
    value = lookup(node, (key,))
    if not isinstance(value, yaml.ScalarNode) or not value.value.strip():
        return ""
    text = str(value.value).strip()
    if text in named:
        return str(named[text])
    if _COLOUR.fullmatch(text):
        return text
    problems.append(_bad(value, f"'{part}.{key}' must be a CSS colour"))
    return ""


_SHORTCODE_NAME = re.compile(r"\{\{<\s*([\w-]+).*?>\}\}")


def _bad(node: yaml.Node, message: str) -> Diagnostic:
    """A warning at a node of the project's settings."""
    return warning(*place(node), message, "see Quarto's page-footer")


def markdown_html(text: str) -> Markup:
    """Footer Markdown as HTML, a lone paragraph unwrapped (raw HTML and scripts kept, as the
    author wrote them)."""
    from .markdown import markdown_parser

    html = markdown_parser().render(text, {}).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


# Quarto's navbar colour names, as the default theme's colours: (background, text).
_NAVBAR_NAMED = {
    "primary": ("var(--accent)", "var(--on-accent)"),
    "light": ("var(--surface)", "var(--text)"),
    "dark": ("#212529", "#ffffff"),
    "body": ("var(--bg)", "var(--text)"),
}


def _missing_logo(root: Path, navbar: yaml.Node) -> list[Diagnostic]:
    """A warning for a navbar logo that names an image the site does not hold (Quarto would
    show a broken image)."""
    node = lookup(navbar, ("logo",))
    if not isinstance(node, yaml.ScalarNode) or not node.value or "://" in node.value:
        return []
    found = (root / node.value.lstrip("/")).resolve()
    if found.is_file() and found.is_relative_to(root.resolve()):
        return []
    return [
        warning(
            *place(node),
            f"the navbar's logo {node.value!r} is not in the site: its image is broken",
            "put the image where the path leads, from the project's folder",
        )
    ]


def navbar_style(navbar: yaml.Node, problems: list[Diagnostic]) -> str:
    """The navbar's `background` and `foreground` as the header's custom properties (an
    inline style; "" when neither is set); its `tools`, not shown, are a warning (its `logo`
    is read with the site's settings, quarto_project.py)."""
    for key in ("tools",):
        node = lookup(navbar, (key,))
        if node is not None and node.tag != "tag:yaml.org,2002:null":
            problems.append(
                warning(
                    *place(node),
                    f"the navbar's '{key}' is not shown: the site's title and menu are",
                    "quizsite leaves this Quarto option out; remove it to silence this warning",
                )
            )
    named = {k: v[0] for k, v in _NAVBAR_NAMED.items()}
    background = _colour(navbar, "background", problems, named, "navbar")
    foreground = _colour(
        navbar, "foreground", problems, {k: v[1] for k, v in _NAVBAR_NAMED.items()}, "navbar"
    )
    if not background and not foreground:
        return ""
    text = _NAVBAR_NAMED.get(_text_of(navbar, "background"), ("", ""))[1]
    if not foreground:
        foreground = text or header_text(background)
    parts = [f"--header-bg: {background}" for _ in (1,) if background]
    return "; ".join([*parts, f"--header-fg: {foreground}"])


# Markdown Quarto puts on every page, below the title block and below the body.
BODY_CHROME = ("body-header", "body-footer")


def _markdown_of(website: yaml.Node, key: str) -> str:
    """A `website:` option of Markdown text as HTML ("" when not set)."""
    text = _text_of(website, key)
    return markdown_html(text) if text else ""


def _with_files_of(root: Path, look: Look | None, htmls: tuple[str, ...]) -> Look | None:
    """The site's look with the files `htmls` name (from the site's root) among its files."""
    from .look import Look
    from .look_assets import html_resources
    from .look_theme import read_site_bytes

    files = html_resources(htmls, "", read_site_bytes(root))
    if not files:
        return look
    look = look or Look()
    return look._replace(files=tuple(dict([*look.files, *files]).items()))


def _text_of(node: yaml.Node, key: str) -> str:
    """A text option of a mapping ("" when absent)."""
    value = lookup(node, (key,))
    return str(value.value).strip() if isinstance(value, yaml.ScalarNode) else ""


DRAFT_MODES = ("gone", "unlinked", "visible")


def draft_mode(website: yaml.Node, problems: list[Diagnostic]) -> str:
    """`website: draft-mode` (Quarto's `gone` unless it names another), a warning at a value
    Quarto does not know."""
    node = lookup(website, ("draft-mode",))
    mode = _text_of(website, "draft-mode")
    if node is not None and mode not in DRAFT_MODES:
        problems.append(
            warning(
                *place(node),
                f"draft-mode {mode!r} is not one Quarto knows: drafts are left out",
                "draft-mode: gone, unlinked or visible",
            )
        )
    return mode if mode in DRAFT_MODES else "gone"


def website_warnings(website: yaml.Node) -> list[Diagnostic]:
    """A warning for each `website:` option that changes what a reader sees and is not
    applied (those known to be harmless, or applied elsewhere, are not named)."""
    found: list[Diagnostic] = []
    if not isinstance(website, yaml.MappingNode):
        return found
    for key, value in website.value:
        name = str(key.value) if isinstance(key, yaml.ScalarNode) else ""
        if name in WEBSITE_ACCEPTED or name not in WEBSITE_NOT_APPLIED:
            continue
        if isinstance(value, yaml.ScalarNode) and value.value.lower() in ("false", "", "null", "~"):
            continue
        found.append(
            warning(
                *place(key),
                f"'website.{name}' is not applied: {WEBSITE_NOT_APPLIED[name]}",
                "quizsite leaves this Quarto option out; remove it to silence this warning",
            )
        )
    return found


def quarto_chrome(root: Path) -> tuple[dict[str, Any], list[Diagnostic]]:
    """What `_quarto.yml` gives every page besides its settings (`SiteConfig` fields): the
    look of its `format: html:` options, the page footer (and the icons its links name), the
    sidebars, `back-to-top-navigation` and `page-navigation`; and warnings for the `website:`
    options not applied."""
    from .analytics import site_analytics
    from .look import site_look
    from .sidebar_contents import read_sidebars

    values: dict[str, Any] = {"look": site_look(root)}
    from .quarto_profiles import project_tree

    node = project_tree(root)
    filters = _project_filters(node) + _project_scripts(node)
    website = lookup(node, ("website",)) if node is not None else None
    if website is None:
        return values, filters
    footer_node, resolved = lookup(website, ("page-footer",)), list[Diagnostic]()
    if footer_node is not None:  # its `var` and `meta` shortcodes (chrome_shortcodes.py)
        resolve_footer_values(root, node, footer_node, resolved)
    footer, problems, icons = read_footer(website)
    problems += resolved
    if footer is not None:
        values["footer"] = footer
        values["footer_icons"] = icons
    for key, field in (
        ("back-to-top-navigation", "back_to_top"),
        ("page-navigation", "page_navigation"),
    ):
        switch = lookup(website, (key,))
        values[field] = isinstance(switch, yaml.ScalarNode) and switch.value.lower() == "true"
    navbar = lookup(website, ("navbar",))
    if navbar is not None:
        values["header_style"] = navbar_style(navbar, problems)
        problems += _missing_logo(root, navbar)
    values["sidebars"], sidebar_problems = read_sidebars(website)
    problems += sidebar_problems + missing_documents(website, root)
    values["analytics"] = site_analytics(website, problems)
    values["draft_mode"] = draft_mode(website, problems)
    values["body_chrome"] = body = tuple(_markdown_of(website, key) for key in BODY_CHROME)
    # The files the body chrome's HTML and the title's (a logo) name, published as Quarto
    # finds them.
    named = (*body, title) if "<" in (title := _text_of(website, "title")) else body
    if any(named):
        values["look"] = _with_files_of(root, values["look"], named)
    problems += website_warnings(website)
    return values, [*filters, *problems]


def _project_scripts(node: yaml.Node | None) -> list[Diagnostic]:
    """A warning for each of `project:`'s `pre-render` and `post-render` scripts, which
    quizsite does not run (a document a pre-render script writes is then not there)."""
    found = []
    for key in ("pre-render", "post-render"):
        script = lookup(node, ("project", key)) if node is not None else None
        if script is None or script.tag == "tag:yaml.org,2002:null":
            continue
        value = yaml.safe_load(yaml.serialize(script))
        names = ", ".join(str(v) for v in (value if isinstance(value, list) else [value]))
        found.append(
            warning(
                *place(script),
                f"'project.{key}' is not run: {names}",
                "quizsite runs no scripts of the project; run it before building, "
                "or remove it to silence this warning",
            )
        )
    return found


def _project_filters(node: yaml.Node | None) -> list[Diagnostic]:
    """The warning for the project's `filters:`, which quizsite does not run."""
    found = lookup(node, ("filters",)) if node is not None else None
    if found is None:
        return []
    value = yaml.safe_load(yaml.serialize(found))
    problem = filter_warning(value, *place(found))
    return [problem] if problem else []


# Where `website:` names documents: the navbar's menus (and their dropdowns), the sidebars'
# contents (and their sections).
_MENU_KEYS = ("left", "right", "menu", "contents", "sidebar", "navbar")


def missing_documents(website: yaml.Node, root: Path) -> list[Diagnostic]:
    """A warning for each navbar or sidebar item naming a document that is not in the
    project: its link would lead nowhere (Quarto keeps it too, pointing at the source)."""
    found: list[Diagnostic] = []
    for node in menu_targets(website, 0):
        href = str(node.value).strip()
        path = href.split("#", 1)[0].lstrip("/")
        if not path.endswith(DOCUMENT_LINK_SUFFIXES) or "://" in path or (root / path).is_file():
            continue
        found.append(
            warning(
                *place(node),
                f"the menu names {href}, which is not in the site: its link leads nowhere",
                "fix the path, or take the item out",
            )
        )
    return found


def menu_targets(node: yaml.Node, depth: int = 0) -> list[yaml.ScalarNode]:
    """The scalar nodes naming an item's target under a navbar's or sidebar's menus."""
    if depth > 12:
        return []
    if isinstance(node, yaml.ScalarNode):
        return [node] if depth > 1 else []  # a list's item, not `website`'s own options
    found: list[yaml.ScalarNode] = []
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += menu_targets(item, depth + 1)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else ""
            if name in ("href", "file") and isinstance(value, yaml.ScalarNode) and depth > 1:
                found.append(value)
            elif name in _MENU_KEYS:
                found += menu_targets(value, depth + 1)
    return found
