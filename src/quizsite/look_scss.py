"""Quarto theme files (`.scss` with `/*-- scss:defaults --*/` and `/*-- scss:rules --*/`
sections) compiled with libsass, in Quarto's layering: the author's functions, their defaults
before the Bootswatch theme's and the base's (so an author's value wins), mixins, then their
rules. The base stands in for Bootstrap: the variables, functions and mixins theme files use,
valued as quizsite's default theme (so an unset variable keeps its look). What comes out: the
values of the variables the theme layer maps, and the author's compiled rules."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache

from . import bootswatch
from .scss_imports import Partial, importer

SECTION = re.compile(r"/\*--\s*scss:(defaults|rules|functions|mixins|uses)\s*--\*/")

# The variables read back after compiling, for the theme layer to map.
PROBED = (
    "primary",
    "body-bg",
    "body-color",
    "link-color",
    "link-hover-color",
    "font-family-sans-serif",
    "font-family-base",
    "font-family-monospace",
    "font-family-code",
    "headings-font-family",
    "headings-color",
    "headings-font-weight",
    "headings-text-transform",
    "headings-letter-spacing",
    "navbar-bg",
    "navbar-fg",
    "navbar-hl",
    "code-color",
    "code-bg",
    "footer-bg",
    "footer-fg",
    "font-size-root",
    "font-size-base",
    "text-muted",
    "border-color",
)

# quizsite's default look as Bootstrap's variables, light and dark. `$navbar-bg` and the like
# stay null unless set: the theme layer tells a set value from the default look by them.
_BASE = {
    "light": {"body-bg": "#ffffff", "body-color": "#1b1f24", "primary": "#1b5cb8"},
    "dark": {"body-bg": "#14171c", "body-color": "#e6e9ee", "primary": "#86b4ff"},
}
_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
_MONO = 'ui-monospace, "SFMono-Regular", "Cascadia Mono", Menlo, Consolas, monospace'

# What theme files commonly use of Bootstrap besides the colours: greys, breakpoints, spacing,
# and the mixins and functions they call.
_BOOTSTRAP = """
$secondary: $gray-600 !default; $success: $green !default; $info: $cyan !default;
$warning: $yellow !default; $danger: $red !default; $light: $gray-100 !default;
$dark: $gray-900 !default;
$theme-colors: ("primary": $primary, "secondary": $secondary, "success": $success,
  "info": $info, "warning": $warning, "danger": $danger, "light": $light, "dark": $dark) !default;
$link-color: $primary !default;
$link-hover-color: null !default;
$link-decoration: underline !default;
$font-family-sans-serif: __FONT__ !default;
$font-family-monospace: __MONO__ !default;
$font-family-base: $font-family-sans-serif !default;
$font-family-code: $font-family-monospace !default;
$headings-font-family: null !default; $headings-color: null !default;
$headings-font-weight: null !default;
$headings-text-transform: null !default; $headings-letter-spacing: null !default;
$font-size-root: null !default; $font-size-base: 1rem !default;
$font-size-sm: $font-size-base * .875 !default; $font-size-lg: $font-size-base * 1.25 !default;
$h1-font-size: $font-size-base * 2.5 !default; $h2-font-size: $font-size-base * 2 !default;
$h3-font-size: $font-size-base * 1.75 !default; $h4-font-size: $font-size-base * 1.5 !default;
$h5-font-size: $font-size-base * 1.25 !default; $h6-font-size: $font-size-base !default;
$font-weight-light: 300 !default; $font-weight-normal: 400 !default;
$font-weight-bold: 700 !default; $line-height-base: 1.5 !default;
$navbar-bg: null !default; $navbar-fg: null !default; $navbar-hl: null !default;
$footer-bg: null !default; $footer-fg: null !default;
$code-color: null !default; $code-bg: null !default;
$code-block-bg: null !default; $text-muted: null !default; $border-color: null !default;
$sidebar-bg: null !default; $sidebar-fg: null !default; $toc-color: null !default;
$spacer: 1rem !default; $border-width: 1px !default; $border-radius: .375rem !default;
$enable-shadows: false !default; $enable-gradients: false !default;
$enable-rounded: true !default;
$grid-breakpoints: (xs: 0, sm: 576px, md: 768px, lg: 992px, xl: 1200px, xxl: 1400px) !default;
@mixin media-breakpoint-up($name) { $min: breakpoint-min($name);
  @if $min { @media (min-width: $min) { @content; } } @else { @content; } }
@mixin media-breakpoint-down($name) { $max: breakpoint-max($name);
  @if $max { @media (max-width: $max) { @content; } } @else { @content; } }
@mixin media-breakpoint-between($lower, $upper) {
  @media (min-width: breakpoint-min($lower)) and (max-width: breakpoint-max($upper)) {
    @content; } }
@mixin font-size($value) { font-size: $value; }
@mixin border-radius($radius: $border-radius) { border-radius: $radius; }
@mixin box-shadow($shadow...) { box-shadow: $shadow; }
@mixin transition($transition...) { transition: $transition; }
$color-mode-type: data !default;
@mixin color-mode($mode: light, $root: false) {
  @if $color-mode-type == "media-query" {
    @media (prefers-color-scheme: $mode) { @if $root { :root { @content; } } @else { @content; } }
  } @else { [data-bs-theme="#{$mode}"] { @content; } } }
""".replace("__FONT__", _FONT).replace("__MONO__", _MONO)

# Bootstrap's functions and base colours, before anything: an author's defaults use them
# (`$navbar-bg: shade-color($gray-800, 10%)`), as in Quarto.
_FUNCTIONS = """
@function tint-color($color, $weight) { @return mix(white, $color, $weight); }
@function shade-color($color, $weight) { @return mix(black, $color, $weight); }
@function shift-color($color, $weight) {
  @return if($weight > 0, shade-color($color, $weight), tint-color($color, -$weight)); }
@function color-contrast($background) {
  @return if(lightness($background) > 60%, #000, #fff); }
@function breakpoint-min($name) { $min: map-get($grid-breakpoints, $name);
  @return if($min != 0, $min, null); }
@function breakpoint-max($name) { $max: map-get($grid-breakpoints, $name);
  @return if($max and $max > 0, $max - .02, null); }
@function theme-color($key) { @return map-get($theme-colors, $key); }
@function quizsite-probe($value) {
  @if type-of($value) == color { @return ie-hex-str($value); }
  @return inspect($value); }
$white: #fff !default; $black: #000 !default;
$gray-100: #f8f9fa !default; $gray-200: #e9ecef !default; $gray-300: #dee2e6 !default;
$gray-400: #ced4da !default; $gray-500: #adb5bd !default; $gray-600: #6c757d !default;
$gray-700: #495057 !default; $gray-800: #343a40 !default; $gray-900: #212529 !default;
$blue: #0d6efd !default; $indigo: #6610f2 !default; $purple: #6f42c1 !default;
$pink: #d63384 !default; $red: #dc3545 !default; $orange: #fd7e14 !default;
$yellow: #ffc107 !default; $green: #198754 !default; $teal: #20c997 !default;
$cyan: #0dcaf0 !default;
"""


class ScssProblem(Exception):
    """A theme that does not compile: the message, and the file and line it points at."""

    def __init__(self, message: str, rel: str, line: int) -> None:
        super().__init__(message)
        self.rel = rel
        self.line = line


@dataclass(frozen=True)
class Compiled:
    """What a theme compiles to: the probed variables' values and the author's rules as CSS."""

    values: tuple[tuple[str, str], ...]
    rules_css: str

    def value(self, name: str) -> str:
        """A probed variable's value as CSS text ("" when null)."""
        found = dict(self.values).get(name, "")
        return "" if found in ("null", "") else found


# One theme file: (path shown in messages, 1-based line of its first line, text).
ScssFile = tuple[str, int, str]


def sections(text: str) -> dict[str, list[tuple[int, str]]]:
    """A theme file's sections by name, each as (0-based line where its text starts, text);
    text before any section marker counts as defaults, as Quarto reads it (its variables
    then serve the defaults below them)."""
    found: dict[str, list[tuple[int, str]]] = {}
    name, start, line = "defaults", 0, 0
    last = 0
    for match in SECTION.finditer(text):
        found.setdefault(name, []).append((line, text[start : match.start()]))
        line += text.count("\n", last, match.end())
        last = match.end()
        name, start = match.group(1), match.end()
    found.setdefault(name, []).append((line, text[start:]))
    return found


# CSS's own `min()`, `max()` and `clamp()`, which Dart Sass (Quarto's) leaves to the browser
# when their arguments mix units (`min(19rem, 100%)`); libsass takes them for Sass's functions
# and stops at the units. Not a name's tail (`minmax(`, `$min(`, `@function min(`).
_CSS_MATH = re.compile(r"(?<![\w$@.-])(?:min|max|clamp)\(")


def css_math(text: str) -> str:
    """`text` with each plain CSS `min()`/`max()`/`clamp()` (no Sass variable or interpolation
    inside, on one line) quoted for libsass, so it reaches the CSS as written, as with Dart
    Sass."""
    if "min(" not in text and "max(" not in text and "clamp(" not in text:
        return text
    out: list[str] = []
    at = 0
    for match in _CSS_MATH.finditer(text):
        if match.start() < at:
            continue  # inside a call already quoted
        end = _closing(text, match.end())
        call = text[match.start() : end]
        if end < 0 or any(mark in call for mark in ("$", "#{", "\n", '"', "'")):
            continue
        out.append(text[at : match.start()] + f'unquote("{call}")')
        at = end
    return "".join(out) + text[at:] if out else text


# `rgba()` of three numbers and `rgb()` of four, which Dart Sass takes as one function and
# libsass refuses ("overloaded function `rgba` given wrong number of arguments").
_RGB = re.compile(r"(?<![\w$@.-])rgba?\(")


def colour_calls(text: str) -> str:
    """`text` with each `rgba(r, g, b)` written `rgb(r, g, b)` and each `rgb(r, g, b, a)`
    written `rgba(...)`, as libsass names them, so a theme Dart Sass compiles compiles."""
    if "rgb" not in text:
        return text
    out: list[str] = []
    at = 0
    for match in _RGB.finditer(text):
        end = _closing(text, match.end())
        if match.start() < at or end < 0:
            continue
        commas = _top_level_commas(text[match.end() : end - 1])
        name = "rgb(" if commas == 2 else "rgba(" if commas == 3 else match.group()
        out.append(text[at : match.start()] + name)
        at = match.end()
    return "".join(out) + text[at:] if out else text


def _top_level_commas(args: str) -> int:
    """How many commas separate a call's arguments (not those of calls inside it)."""
    depth = count = 0
    for char in args:
        depth += char == "("
        depth -= char == ")"
        count += char == "," and depth == 0
    return count


def _closing(text: str, start: int) -> int:
    """The index after the `)` closing the parenthesis opened just before `start`, else -1."""
    depth = 1
    for index in range(start, min(len(text), start + 400)):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        elif char in ";{}\n":
            return -1
    return -1


class _Source:
    """The combined Sass source, remembering which file and line each of its lines is."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.places: list[tuple[int, str, int]] = []  # (combined line, file, file line)
        self.lines = 0

    def add(self, text: str, rel: str = "", line: int = 0) -> None:
        """Append `text`, which is `rel`'s text from `line` (0-based) on ("" for our own)."""
        self.places.append((self.lines, rel, line))
        self.parts.append(text + "\n")
        self.lines += text.count("\n") + 1

    def place(self, combined: int) -> tuple[str, int]:
        """The file and 1-based line of a 1-based line of the combined source."""
        found = ("", 0)
        for start, rel, line in self.places:
            if start < combined:
                found = (rel, line + combined - start)
        return found


def _combined(
    files: tuple[ScssFile, ...], names: tuple[str, ...], scheme: str, rules: bool
) -> _Source:
    """The Sass source of a theme (see the module's docstring)."""
    parsed = [(rel, first, sections(colour_calls(css_math(text)))) for rel, first, text in files]
    source = _Source()
    source.add(_FUNCTIONS)
    for kind in ("uses", "functions"):
        for rel, first, found in parsed:
            for line, text in found.get(kind, []):
                source.add(text, rel, first - 1 + line)
    for rel, first, found in reversed(parsed):  # a later file's defaults win, as in Quarto
        for line, text in found.get("defaults", []):
            source.add(text, rel, first - 1 + line)
    for name in names:
        source.add(bootswatch.theme_scss(name))
    base = _BASE[scheme]
    source.add("".join(f"${k}: {v} !default;\n" for k, v in base.items()) + _BOOTSTRAP)
    for kind in ("mixins", *(("rules",) if rules else ())):
        for rel, first, found in parsed:
            for line, text in found.get(kind, []):
                source.add(text, rel, first - 1 + line)
    probes = " ".join(f"{name}: quizsite-probe(${name});" for name in PROBED)
    source.add(f"quizsite-probe {{ {probes} }}")
    return source


_LINE = re.compile(r"on line (\d+)(?::\d+)? of")
_PROBE = re.compile(r"quizsite-probe \{(.*?)\}\s*", re.S)


@lru_cache(maxsize=32)
def compile_theme(
    files: tuple[ScssFile, ...],
    names: tuple[str, ...],
    scheme: str,
    partials: tuple[Partial, ...] = (),
) -> tuple[Compiled, ScssProblem | None]:
    """A theme compiled: its values and rules, and the problem that left its rules out (its
    defaults are then compiled alone, so the palette still applies). ScssProblem when even
    the defaults do not compile."""
    import sass  # only a site with a theme pays for loading libsass

    problem = None
    # The partials the theme files `@import`, as read beside them (scss_imports.py).
    partial = importer(partials, tuple(dict.fromkeys(posixpath.dirname(f[0]) for f in files)))
    for rules in (True, False):
        source = _combined(files, names, scheme, rules)
        try:
            css = sass.compile(
                string="".join(source.parts), output_style="expanded", importers=[(0, partial)]
            )
        except sass.CompileError as exc:
            found = _problem(str(exc), source)
            if not rules:
                raise found from None
            problem = found
            continue
        return _read_probe(css), problem
    raise AssertionError("unreachable")  # pragma: no cover


def _problem(message: str, source: _Source) -> ScssProblem:
    """libsass's message as a problem at the theme file's line it names."""
    first = message.strip().splitlines()[0].removeprefix("Error: ").strip()
    match = _LINE.search(message)
    rel, line = source.place(int(match.group(1))) if match else ("", 0)
    return ScssProblem(first, rel, line)


def _read_probe(css: str) -> Compiled:
    """The probed values from the compiled CSS, and the CSS without the probe."""
    match = _PROBE.search(css)
    values: list[tuple[str, str]] = []
    if match is not None:
        for declaration in match.group(1).split(";"):
            name, _, value = declaration.partition(":")
            if name.strip():
                values.append((name.strip(), _hex(value.strip())))
        css = css[: match.start()] + css[match.end() :]
    return Compiled(tuple(values), css.strip())


def _hex(value: str) -> str:
    """`#AARRGGBB` (what `ie-hex-str` writes) as CSS: `#rrggbb`, or `rgb(... / a)`."""
    if re.fullmatch(r"#[0-9A-Fa-f]{8}", value):
        alpha, rgb = int(value[1:3], 16), value[3:].lower()
        if alpha == 255:
            return "#" + rgb
        r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
        return f"rgb({r} {g} {b} / {alpha / 255:.3f})"
    return value
