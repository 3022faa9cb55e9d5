"""A theme's values (Bootstrap's variables, Quarto's colour and font options) as the default
theme's custom properties, and the few rules for what has no custom property of its own (a
coloured header, headings' font). Only what the author (or their Bootswatch theme) set is
mapped: everything else keeps the default look."""

from __future__ import annotations

import re
from collections.abc import Mapping

_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_NAMED = {"white": "#ffffff", "black": "#000000"}

Rgb = tuple[int, int, int]


def rgb(value: str) -> Rgb | None:
    """A colour written as hex (or `white`/`black`) as red, green, blue; None otherwise."""
    text = _NAMED.get(value.strip().lower(), value.strip())
    if not _HEX.fullmatch(text):
        return None
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(colour: Rgb) -> str:
    """Red, green, blue as `#rrggbb`."""
    return "#" + "".join(f"{round(c):02x}" for c in colour)


def mix(first: str, second: str, weight: float) -> str:
    """`weight` of `first` with the rest of `second` (Sass's `mix`); `first` when either is
    not a colour quizsite can mix."""
    a, b = rgb(first), rgb(second)
    if a is None or b is None:
        return first
    return _hex(tuple(x * weight + y * (1 - weight) for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]


def luminance(value: str) -> float | None:
    """WCAG's relative luminance of a colour, or None when it is not one quizsite reads."""
    colour = rgb(value)
    if colour is None:
        return None

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def is_dark(value: str) -> bool:
    """Whether a background is dark (light text reads on it)."""
    found = luminance(value)
    return found is not None and found < 0.18


def header_text(background: str) -> str:
    """White on a coloured bar when it reads there (3:1, as for bold text), else black."""
    found = luminance(background)
    if found is None:
        return "#ffffff"
    return "#ffffff" if 1.05 / (found + 0.05) >= 3 else "#000000"


def contrast_text(background: str) -> str:
    """Black or white, whichever reads on `background` (as Bootstrap's `color-contrast`)."""
    return "#ffffff" if is_dark(background) or _mid_dark(background) else "#000000"


def _mid_dark(value: str) -> bool:
    """A colour on which white reads better than black (contrast ratio)."""
    found = luminance(value)
    if found is None:
        return False
    return (1.05) / (found + 0.05) > (found + 0.05) / 0.05


def custom_properties(values: Mapping[str, str], base: Mapping[str, str]) -> dict[str, str]:
    """The custom properties a theme sets: those of the variables whose value differs from the
    default look's (`base`), and the shades the default theme derives from them."""
    changed = {k: v for k, v in values.items() if v and v != base.get(k)}
    props: dict[str, str] = {}
    bg, text = values.get("body-bg", ""), values.get("body-color", "")
    if "body-bg" in changed or "body-color" in changed:
        props |= {
            "--bg": bg,
            "--text": text,
            "--surface": mix(text, bg, 0.04),
            "--muted": values.get("text-muted") or mix(text, bg, 0.72),
            "--border": values.get("border-color") or mix(text, bg, 0.16),
            "--border-strong": mix(text, bg, 0.5),
            "--code-bg": mix(text, bg, 0.06),
            "--hl-text": "var(--text)",
        }
    accent = changed.get("link-color") or changed.get("primary")
    if accent:
        props |= {
            "--accent": accent,
            "--accent-hover": mix(accent, text or "#000000", 0.7),
            "--on-accent": contrast_text(accent),
            "--selection": mix(accent, bg or "#ffffff", 0.3),
        }
    _fonts(changed, props)
    if "code-bg" in changed:
        props["--code-bg"] = changed["code-bg"]
    return props


def _fonts(changed: Mapping[str, str], props: dict[str, str]) -> None:
    """The body and code fonts a theme names."""
    font = changed.get("font-family-base") or changed.get("font-family-sans-serif")
    if font:
        props["--font"] = font
    mono = changed.get("font-family-code") or changed.get("font-family-monospace")
    if mono:
        props["--mono"] = mono


def chrome_rules(values: Mapping[str, str], base: Mapping[str, str]) -> list[str]:
    """Rules for what a theme sets that has no custom property in the default theme: the
    header's colours, headings' font and colour, inline code's colour, the footer's colours,
    the base font size."""
    changed = {k: v for k, v in values.items() if v and v != base.get(k)}
    rules = _header_rules(changed) + _heading_rules(changed) + _footer_rules(changed)
    if "code-color" in changed:
        rules.append(f":not(pre) > code {{ color: {changed['code-color']}; }}")
    if "font-size-root" in changed:
        rules.append(f"html {{ font-size: {changed['font-size-root']}; }}")
    return rules


def _header_rules(changed: Mapping[str, str]) -> list[str]:
    """The header in the navbar's colours (Quarto's `$navbar-bg`, else the primary colour),
    which a `title-block-banner: true` takes too."""
    header = changed.get("navbar-bg") or changed.get("primary")
    if not header:
        return []
    fg = changed.get("navbar-fg") or header_text(header)
    hl = changed.get("navbar-hl") or fg
    # A header in the page's own colour (litera's white navbar) keeps its line under it.
    plain = header.lower() == changed.get("body-bg", "").lower() or (luminance(header) or 0) > 0.95
    border = "" if plain else f" border-bottom-color: {header};"
    return [
        f".site-header {{ background: {header};{border} }}",
        f".site-header .site-title, .site-nav a, .site-nav-menu > summary, .scheme-toggle "
        f"{{ color: {fg}; }}",
        f'.site-nav a:hover, .site-nav a[aria-current="page"], .site-title:hover, '
        ".site-nav-menu > summary:hover, .site-nav-menu[open] > summary, "
        f".site-nav-menu > summary.site-nav-menu-current "
        f"{{ color: {hl}; text-decoration-color: currentColor; }}",
        f":where(.post-header).title-banner {{ background: var(--banner-bg, {header}); "
        f"color: var(--banner-fg, {fg}); }}",
    ]


def _heading_rules(changed: Mapping[str, str]) -> list[str]:
    """Headings' font, colour and weight (and the capitals and spacing of a theme that sets
    them in its rules, as lux does: `headings-text-transform`, `headings-letter-spacing`)."""
    heading = {
        "font-family": changed.get("headings-font-family", ""),
        "color": changed.get("headings-color", ""),
        "font-weight": changed.get("headings-font-weight", ""),
        "text-transform": changed.get("headings-text-transform", ""),
        "letter-spacing": changed.get("headings-letter-spacing", ""),
    }
    if not any(heading.values()):
        return []
    body = " ".join(f"{k}: {v};" for k, v in heading.items() if v)
    return [f"h1, h2, h3, h4, h5, h6 {{ {body} }}"]


def _footer_rules(changed: Mapping[str, str]) -> list[str]:
    """The footer's colours (its text in one that reads on its background, unless set)."""
    footer = changed.get("footer-bg", "")
    fg = changed.get("footer-fg") or (contrast_text(footer) if footer else "")
    if not footer and not fg:
        return []
    body = (f"background: {footer}; " if footer else "") + (f"color: {fg};" if fg else "")
    return [f".site-footer {{ {body} }}"]


def declarations(selector: str, props: Mapping[str, str]) -> str:
    """A rule setting custom properties ("" when there are none)."""
    if not props:
        return ""
    body = "".join(f"  {name}: {value};\n" for name, value in props.items())
    return f"{selector} {{\n{body}}}\n"
