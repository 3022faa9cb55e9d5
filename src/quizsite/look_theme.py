"""Quarto's `theme:` (a Bootswatch name, `.scss` files, a list of them, or `light:`/`dark:`
variants) and the colour and font options (`mainfont`, `linkcolor`, ...) as one stylesheet
over the default theme: custom properties for each colour scheme, a few rules, then the
author's own compiled Sass rules. A theme with one variant keeps the page to its scheme, as
Quarto shows it; a light and dark pair follows the reader's."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import bootswatch
from .look_fixups import DARK_ONLY, LIGHT_ONLY
from .look_palette import chrome_rules, custom_properties, declarations, is_dark
from .look_scss import Compiled, ScssFile, ScssProblem, compile_theme
from .scss_imports import read_partials

# Where a problem is: (file shown in messages, line); a problem reported as (where, message, hint).
Where = tuple[str, int]
Warn = Callable[[Where, str, str], None]
# Reads a site file named in metadata: (path from the root) -> its text, or None when absent.
ReadText = Callable[[str], str | None]

# Quarto's HTML options that set a colour or font, as the custom property each sets.
OPTION_PROPERTIES = {
    "mainfont": "--font",
    "monofont": "--mono",
    "linkcolor": "--accent",
    "fontcolor": "--text",
    "backgroundcolor": "--bg",
    "max-width": "--measure",
    "fontsize": "",  # no custom property: the body's font size (`body_rules`)
}


@dataclass(frozen=True)
class ThemeStyle:
    """The theme's stylesheet (without the default theme's scheme fix-ups, added when it is
    written), the scheme a one-variant theme keeps to, the web fonts it imports, and the
    folder its relative `url()`s start from."""

    css: str
    scheme: str  # "light", "dark", or "" to follow the reader's
    imports: tuple[str, ...]
    folder: str
    # A light and dark pair: each variant's own stylesheet (its properties, chrome rules and
    # the author's rules; "" for quizsite's default palette), and the one the author named first.
    light_css: str = ""
    dark_css: str = ""
    first: str = ""


def variants(value: object) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A `theme:` value as its light and dark lists of names and files (the dark list empty
    for a theme of one variant); None when it is not one Quarto takes."""

    def items(part: object) -> tuple[str, ...] | None:
        listed = part if isinstance(part, list) else [part]
        if not all(isinstance(x, str) and x.strip() for x in listed):
            return None
        return tuple(_named(str(x).strip()) for x in listed)

    if isinstance(value, dict):
        light = items(value["light"]) if value.get("light") is not None else ()
        dark = items(value["dark"]) if value.get("dark") is not None else ()
        if light is None or dark is None or not (light or dark) or set(value) - {"light", "dark"}:
            return None
        return (light, dark) if light else (dark, ())
    found = items(value)
    return None if found is None else (found, ())


def _named(item: str) -> str:
    """A theme's name as Bootswatch spells it: Quarto finds `Yeti` as the file `yeti.scss`,
    which the case-insensitive file systems its authors mostly use find; a file stays as named."""
    lower = item.lower()
    return lower if lower in bootswatch.THEMES or lower in bootswatch.PLAIN else item


def theme_style(
    value: object,
    options: Mapping[str, str],
    folder: str,
    read: ReadText,
    where: Where,
    warn: Warn,
) -> ThemeStyle | None:
    """The stylesheet of a `theme:` (named files read from `folder`, the folder of the file
    that names them) and the colour and font `options`; None when they change nothing."""
    found = variants(value) if value is not None else ((), ())
    if found is None:
        warn(
            where,
            "this theme is not one quizsite can read",
            "theme: cosmo, or theme: [cosmo, custom.scss]",
        )
        return None
    parts = [
        _variant(items, folder, read, where, warn, "dark" if n else "light")
        for n, items in enumerate(found)
        if items or not n
    ]
    if not any(p is not None and _changes(p) for p in parts) and not options:
        return None
    light, dark = parts[0], (parts[1] if len(parts) > 1 else None)
    scheme = _scheme(light, dark, options)
    imports, scss_folder = _imports(found), _scss_folder(found, folder)
    if dark is None:
        return ThemeStyle(_stylesheet(light, scheme, options), scheme, imports, scss_folder)
    first = "dark" if isinstance(value, dict) and next(iter(value)) == "dark" else "light"
    return ThemeStyle(
        _declarations(options),
        "",
        imports,
        scss_folder,
        _variant_sheet(light),
        _variant_sheet(dark),
        first,
    )


def _scheme(
    light: tuple[Compiled, Compiled] | None,
    dark: tuple[Compiled, Compiled] | None,
    options: Mapping[str, str],
) -> str:
    """The scheme a page keeps to: none for a light and dark pair (the reader's), nor for
    fonts or a width alone; else the one its background colour is."""
    if dark is not None or (light is None and not _colours(options)):
        return ""
    bg = light[0].value("body-bg") if light else options.get("backgroundcolor", "")
    return "dark" if is_dark(bg) else "light"


def _changes(variant: tuple[Compiled, Compiled]) -> bool:
    """Whether a compiled variant sets anything (a variable or a rule)."""
    compiled, base = variant
    return compiled.values != base.values or bool(compiled.rules_css)


def _colours(options: Mapping[str, str]) -> bool:
    """Whether the options set a colour (which then keeps the page to one scheme)."""
    return any(k in options for k in ("linkcolor", "fontcolor", "backgroundcolor"))


def _theme_file(item: str, folder: str, read: ReadText, where: Where, warn: Warn) -> list[ScssFile]:
    """A theme's `.scss` file as read (from `folder` unless named from the root), or a
    warning that it is not there."""
    rel = posixpath.normpath(
        posixpath.join(folder, item.lstrip("/")) if not item.startswith("/") else item.lstrip("/")
    )
    text = read(rel)
    if text is None:
        warn(
            where,
            f"the theme file {rel!r} does not exist",  # from the root (metadata.py roots it)
            "name a .scss file beside the file that names it",
        )
        return []
    return [(rel, 1, text)]


# Names that add no stylesheet here: Bootstrap's own look, and `none` (no theme CSS, look.bare).
_UNSTYLED = bootswatch.PLAIN | {"none"}
_BRAND_HINT = "_brand.yml's colours and fonts are not read: set them in a theme .scss file"


def _variant(
    items: tuple[str, ...], folder: str, read: ReadText, where: Where, warn: Warn, scheme: str
) -> tuple[Compiled, Compiled] | None:
    """One variant compiled, with the default look's values to tell what it changed; None
    when it names nothing quizsite can apply (each such name a warning)."""
    names: list[str] = []
    files: list[ScssFile] = []
    for item in items:
        if item.endswith((".scss", ".sass", ".css")):
            files += _theme_file(item, folder, read, where, warn)
        elif item in bootswatch.THEMES:
            names.append(item)
        elif item == "brand":  # `_brand.yml`'s look; Quarto's website template names it
            if read("_brand.yml") is not None:
                warn(where, "the theme's 'brand' is not applied", _BRAND_HINT)
        elif item.lower() not in _UNSTYLED:
            hint = "Bootswatch themes: " + ", ".join(sorted(bootswatch.THEMES))
            warn(
                where,
                f"the theme {item!r} is not one quizsite knows; the default look is kept",
                hint,
            )
    if not names and not files:
        return None
    base_scheme = scheme
    try:
        partials = read_partials(files, read)
        compiled, problem = compile_theme(tuple(files), tuple(names[-1:]), base_scheme, partials)
    except ScssProblem as exc:
        warn(
            (exc.rel or where[0], exc.line or where[1]),
            f"cannot compile the theme: {exc}",
            "fix the Sass, or remove the file from theme:",
        )
        return None
    if problem is not None:
        warn(
            (problem.rel or where[0], problem.line or where[1]),
            f"the theme's rules do not compile and are left out: {problem}",
            "quizsite compiles theme files with libsass, without Bootstrap's own Sass",
        )
    base, _ = compile_theme((), (), base_scheme)
    return compiled, base


def _stylesheet(
    light: tuple[Compiled, Compiled] | None, scheme: str, options: Mapping[str, str]
) -> str:
    """A one-variant theme's stylesheet: its custom properties and rules under the selector of
    the scheme it keeps to, the options' properties, then the author's rules."""
    selector = {"dark": DARK_ONLY, "light": LIGHT_ONLY}.get(scheme, ":root")
    out = _variant_css(light, selector) if light is not None else []
    out.append(declarations(selector, _option_properties(options)))
    out.append(_font_size(options))
    if light is not None and light[0].rules_css:
        out.append(light[0].rules_css + "\n")
    return "".join(out)


def _declarations(options: Mapping[str, str]) -> str:
    """A pair's shared stylesheet: the options' properties and font size, linked after both
    variants' sheets so that they win over either ("" when none is set)."""
    return declarations(":root", _option_properties(options)) + _font_size(options)


def _variant_sheet(variant: tuple[Compiled, Compiled] | None) -> str:
    """One variant of a pair as a stylesheet of its own, which the page links for its scheme:
    its custom properties on `:root` (after the toggle's fix-ups, so they win), its chrome
    rules and the author's rules ("" for quizsite's default palette)."""
    if variant is None:
        return ""
    text = "".join(_variant_css(variant, ":root"))
    if variant[0].rules_css:
        text += variant[0].rules_css + "\n"
    return text


def _variant_css(variant: tuple[Compiled, Compiled], selector: str) -> list[str]:
    """A variant's custom properties and chrome rules."""
    compiled, base = variant
    values = {k: v for k, v in compiled.values if v not in ("", "null")}
    defaults = {k: v for k, v in base.values if v not in ("", "null")}
    text = declarations(selector, custom_properties(values, defaults))
    text += "".join(rule + "\n" for rule in chrome_rules(values, defaults))
    return [text] if text else []


def _option_properties(options: Mapping[str, str]) -> dict[str, str]:
    """The custom properties of the colour and font options (fonts quoted as CSS wants)."""
    props = {}
    for key, value in options.items():
        name = OPTION_PROPERTIES.get(key)
        if name in ("--font", "--mono"):
            props[name] = ", ".join(_font(f) for f in value.split(","))
        elif name:
            props[name] = value
    return props


def _font_size(options: Mapping[str, str]) -> str:
    """Quarto's `fontsize`: the body's font size ("" when not set)."""
    size = options.get("fontsize", "")
    return f"body {{ font-size: {size}; }}\n" if size else ""


def _font(name: str) -> str:
    """A font family name as CSS writes it: quoted unless it is a generic family or quoted."""
    text = name.strip()
    generic = {"serif", "sans-serif", "monospace", "cursive", "system-ui", "ui-monospace"}
    if text in generic or text.startswith(("'", '"')):
        return text
    return '"' + text.replace('"', "") + '"'


def _imports(found: tuple[tuple[str, ...], tuple[str, ...]]) -> tuple[str, ...]:
    """The web fonts of the Bootswatch themes named (each once)."""
    urls = [
        bootswatch.THEMES[item].font_url
        for items in found
        for item in items
        if item in bootswatch.THEMES and bootswatch.THEMES[item].font_url
    ]
    return tuple(dict.fromkeys(urls))


def _scss_folder(found: tuple[tuple[str, ...], tuple[str, ...]], folder: str) -> str:
    """The folder the theme's relative `url()`s start from: its first file's."""
    for items in found:
        for item in items:
            if item.endswith((".scss", ".sass", ".css")):
                path = item.lstrip("/") if item.startswith("/") else posixpath.join(folder, item)
                return posixpath.dirname(posixpath.normpath(path))
    return folder


def read_site_bytes(root: Path) -> Callable[[str], bytes | None]:
    """A reader of site files by their path from the root, noting each read (a parse that
    used it is redone when it changes); None for a file that is not there or outside."""
    from .sources import input_exists, read_input

    def read(rel: str) -> bytes | None:
        path = root / rel
        if rel.startswith("..") or rel.startswith("/") or not input_exists(path):
            return None
        try:
            return read_input(path)
        except (OSError, ValueError):  # unreadable, or a link out of the site
            return None

    return read


def read_site_file(root: Path) -> ReadText:
    """`read_site_bytes` as text (None for a file that is not UTF-8 either)."""
    read_bytes = read_site_bytes(root)

    def read(rel: str) -> str | None:
        data = read_bytes(rel)
        try:
            return None if data is None else data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None

    return read
