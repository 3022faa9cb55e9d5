"""The Bootswatch themes Quarto ships, by their main variables: the palette and fonts that give
each its look, as Sass variable values the theme layer maps onto the default theme's custom
properties. Written from the values each theme publishes (bootswatch.com), not copied from its
sources; a theme's finer details (shadows, gradients, borders of buttons) are not reproduced."""

from __future__ import annotations

from dataclasses import dataclass

# The font stacks several themes share, after their web font.
_SANS = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
_GOOGLE = "https://fonts.googleapis.com/css2?family="


@dataclass(frozen=True)
class Bootswatch:
    """One theme: its Sass variables (name without `$` -> value) and the web font it loads."""

    variables: tuple[tuple[str, str], ...]
    font_url: str = ""  # the stylesheet of its web fonts, as the theme itself imports it


def _theme(
    primary: str, bg: str, text: str, font: str = "", font_url: str = "", **more: str
) -> Bootswatch:
    """A theme from its primary, background and text colours, body font and other variables
    (keyword names with `_` for `-`)."""
    pairs = [("primary", primary), ("body-bg", bg), ("body-color", text)]
    if font:
        pairs.append(("font-family-sans-serif", f"{font}, {_SANS}"))
    pairs += [(name.replace("_", "-"), value) for name, value in more.items()]
    return Bootswatch(tuple(pairs), font_url)


# Each theme's primary colour, page background and text colour, body font, and what else sets
# it apart (a link colour other than its primary, its headings' font, colour and weight). The
# navbar is the primary colour unless Quarto gives the theme another (`navbar_bg`, `navbar_fg`:
# Quarto's own overrides for litera, cyborg, morph, sandstone, solar, spacelab, superhero,
# cerulean and minty).
THEMES: dict[str, Bootswatch] = {
    "cerulean": _theme(
        "#2fa4e7", "#ffffff", "#495057", headings_color="#2fa4e7", navbar_fg="#ffffff"
    ),
    "cosmo": _theme(
        "#2780e3",
        "#ffffff",
        "#373a3c",
        '"Source Sans Pro"',
        _GOOGLE + "Source+Sans+Pro:wght@300;400;700",
        headings_font_weight="400",
    ),
    "cyborg": _theme(
        "#2a9fd6",
        "#060606",
        "#adafae",
        "Roboto",
        _GOOGLE + "Roboto:wght@400;700",
        headings_color="#ffffff",
        navbar_bg="#060606",
    ),
    "darkly": _theme(
        "#375a7f",
        "#222222",
        "#ffffff",
        "Lato",
        _GOOGLE + "Lato:wght@400;700",
        link_color="#00bc8c",
    ),
    "flatly": _theme(
        "#2c3e50",
        "#ffffff",
        "#212529",
        "Lato",
        _GOOGLE + "Lato:wght@400;700",
        link_color="#18bc9c",
    ),
    "journal": _theme(
        "#eb6864",
        "#ffffff",
        "#222222",
        font_url=_GOOGLE + "News+Cycle:wght@400;700",
        headings_font_family='"News Cycle", "Arial Narrow Bold", sans-serif',
        headings_font_weight="700",
    ),
    "litera": _theme(
        "#4582ec",
        "#ffffff",
        "#343a40",
        font_family_sans_serif='Georgia, Cambria, "Times New Roman", Times, serif',
        headings_font_family=_SANS,
        headings_font_weight="700",
        navbar_bg="#ffffff",
    ),
    "lumen": _theme(
        "#158cba",
        "#ffffff",
        "#555555",
        '"Source Sans Pro"',
        _GOOGLE + "Source+Sans+Pro:wght@300;400;700",
    ),
    "lux": _theme(
        "#1a1a1a",
        "#ffffff",
        "#55595c",
        '"Nunito Sans"',
        _GOOGLE + "Nunito+Sans:wght@200;400;600",
        headings_color="#1a1a1a",
        headings_font_weight="600",
        headings_text_transform="uppercase",
        headings_letter_spacing="3px",
    ),
    "materia": _theme(
        "#2196f3", "#ffffff", "#444444", "Roboto", _GOOGLE + "Roboto:wght@300;400;500;700"
    ),
    "minty": _theme(
        "#78c2ad",
        "#ffffff",
        "#5a5a5a",
        font_url=_GOOGLE + "Montserrat:wght@400;500",
        headings_font_family="Montserrat, " + _SANS,
        headings_color="#5a5a5a",
        navbar_fg="#ffffff",
    ),
    "morph": _theme(
        "#378dfc",
        "#d9e3f1",
        "#7b8ab8",
        "Nunito",
        _GOOGLE + "Nunito:wght@400;600;700",
        navbar_bg="#d9e3f1",
    ),
    "pulse": _theme("#593196", "#ffffff", "#444444"),
    "quartz": _theme(
        "#e83283", "#686dc3", "#ffffff", "Nunito", _GOOGLE + "Nunito:wght@400;600;700"
    ),
    "sandstone": _theme(
        "#325d88",
        "#ffffff",
        "#3e3f3a",
        "Roboto",
        _GOOGLE + "Roboto:wght@400;500;700",
        link_color="#93c54b",
        headings_font_weight="400",
        navbar_bg="#3e3f3a",
    ),
    "simplex": _theme(
        "#d9230f", "#fcfcfc", "#212529", '"Open Sans"', _GOOGLE + "Open+Sans:wght@400;700"
    ),
    "sketchy": _theme(
        "#333333",
        "#ffffff",
        "#212529",
        "Neucha",
        _GOOGLE + "Neucha&family=Cabin+Sketch",
        headings_font_family='"Cabin Sketch", cursive',
    ),
    "slate": _theme(
        "#3a3f44", "#272b30", "#aaaaaa", link_color="#ffffff", headings_color="#ffffff"
    ),
    "solar": _theme(
        "#b58900",
        "#002b36",
        "#adb5bd",
        '"Source Sans Pro"',
        _GOOGLE + "Source+Sans+Pro:wght@400;700",
        link_color="#2aa198",
        navbar_bg="#073642",
    ),
    "spacelab": _theme(
        "#446e9b",
        "#ffffff",
        "#777777",
        '"Open Sans"',
        _GOOGLE + "Open+Sans:wght@400;700",
        headings_color="#2d2d2d",
        link_color="#3399f3",
        navbar_bg="#eeeeee",
    ),
    "superhero": _theme(
        "#df6919",
        "#0f2537",
        "#ebebeb",
        "Lato",
        _GOOGLE + "Lato:wght@300;400;700",
        navbar_bg="#3b4d5b",  # Quarto's $dark: the page's background, a fifth of its text
    ),
    "united": _theme("#e95420", "#ffffff", "#333333", "Ubuntu", _GOOGLE + "Ubuntu:wght@400;700"),
    "vapor": _theme("#6f42c1", "#1a0933", "#32fbe2", "Lato", _GOOGLE + "Lato:wght@400;700"),
    "yeti": _theme(
        "#008cba",
        "#ffffff",
        "#222222",
        '"Open Sans"',
        _GOOGLE + "Open+Sans:wght@300;400;700",
        headings_font_weight="300",
    ),
    "zephyr": _theme(
        "#3459e6",
        "#ffffff",
        "#495057",
        "Inter",
        _GOOGLE + "Inter:wght@400;500;700",
        headings_color="#212529",
    ),
}

# Names Quarto takes that add nothing to quizsite's own default look.
PLAIN = frozenset({"default", "bootstrap"})


def theme_scss(name: str) -> str:
    """A theme's variables as Sass `!default` assignments (an author's own win over them)."""
    found = THEMES[name]
    return "".join(f"${key}: {value} !default;\n" for key, value in found.variables)
