"""Quarto's `website: google-analytics` and `website: cookie-consent`: Google's gtag.js
snippet in the head of every page, as Quarto writes it (`tracking-id`, `anonymize-ip` (on by
default) and `storage: none` for no cookies), held back until the reader consents when the
site asks for consent. Read once per build with the site's settings; a site without either
pays nothing.

With `cookie-consent`, the tracking scripts are written inert (`type="text/plain"` with a
`cookie-consent` level, as Quarto writes them, which an author's own scripts may use too) and
assets/consent.js runs them: for `type: express` (the default) once the reader accepts, for
`type: implied` unless they decline. Its banner asks (`style: simple` in a corner, `headline`
across the top; the overlay styles show as `simple`), and a footer link reopens it
(`prefs-text`). A Universal Analytics id (`UA-…`), which Google stopped collecting for in 2023,
is left out with a warning."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import Diagnostic, warning
from .quarto_names import place
from .quarto_project import lookup

_TAG_ID = re.compile(r"G-[A-Z0-9]+|AW-[0-9]+|GT-[A-Z0-9]+")
_STYLES = ("simple", "headline")
_OVERLAYS = ("interstitial", "standalone")


@dataclass(frozen=True)
class Analytics:
    """What every page's head holds: the tracking snippet, and the cookie consent's settings
    (JSON for consent.js; "" when the site asks for no consent)."""

    html: str = ""
    consent: str = ""


def site_analytics(website: yaml.Node, problems: list[Diagnostic]) -> Analytics | None:
    """The site's analytics and cookie consent (None when it asks for neither)."""
    consent = _consent(website, problems)
    html = _tracking(website, problems, bool(consent))
    return Analytics(html, consent) if html or consent else None


def _value(website: yaml.Node, key: str) -> tuple[Any, tuple[str, int]]:
    """A `website:` value as YAML reads it, and its file and line (None when unset, at
    the `website:` that does not set it)."""
    node = lookup(website, (key,))
    if node is None:
        return None, place(website)
    return yaml.load(yaml.serialize(node), Loader=yaml.SafeLoader), place(node)


def _tracking(website: yaml.Node, problems: list[Diagnostic], held: bool) -> str:
    """The gtag.js snippet `google-analytics` asks for ("" for none), inert when `held`."""
    value, where = _value(website, "google-analytics")
    settings = value if isinstance(value, dict) else {"tracking-id": value}
    tag = str(settings.get("tracking-id") or "").strip() if value is not False else ""
    if not tag:
        return ""

    def leave_out(message: str, hint: str) -> str:
        problems.append(warning(*where, f"'website.google-analytics': {message}", hint))
        return ""

    if tag.startswith("UA-"):
        return leave_out(
            f"{tag} is a Universal Analytics id, which Google no longer collects for: left out",
            "use the Google Analytics 4 measurement id (G-…)",
        )
    if not _TAG_ID.fullmatch(tag):
        return leave_out(f"{tag!r} is not a Google tag id: left out", "use an id such as G-XXXX")
    return _snippet(tag, settings, held)


def _snippet(tag: str, settings: dict[str, Any], held: bool) -> str:
    """Google's tag snippet for one measurement id, with Quarto's options; its scripts
    inert until consent.js runs them when `held`."""
    options: dict[str, Any] = {"anonymize_ip": settings.get("anonymize-ip", True) is not False}
    if str(settings.get("storage", "cookies")).lower() == "none":
        options["client_storage"] = "none"
    ident, config = json.dumps(tag), json.dumps(options)
    kind = ' type="text/plain" cookie-consent="tracking"' if held else ""
    return (
        f'<script{kind} async src="https://www.googletagmanager.com/gtag/js?id={tag}"></script>\n'
        f"<script{kind}>\n"
        "window.dataLayer = window.dataLayer || [];\n"
        "function gtag(){dataLayer.push(arguments);}\n"
        "gtag('js', new Date());\n"
        f"gtag('config', {ident}, {config});\n"
        "</script>"
    )


def _safe_url(value: object) -> str:
    """A policy link the banner may show: a web address or a path on the site ("" else)."""
    text = str(value).strip() if value else ""
    scheme = text.split(":", 1)[0].lower() if ":" in text.split("/", 1)[0] else ""
    return text if scheme in ("", "http", "https") else ""


def _consent(website: yaml.Node, problems: list[Diagnostic]) -> str:
    """consent.js's settings from `cookie-consent` (true, or a mapping of `type`, `style`,
    `palette`, `policy-url`, `prefs-text`), as JSON; "" when not asked for."""
    value, where = _value(website, "cookie-consent")
    if value is None or value is False:
        return ""
    given = value if isinstance(value, dict) else {}

    def pick(key: str, allowed: tuple[str, ...], default: str) -> str:
        text = str(given.get(key, default)).strip().lower()
        if text in allowed:
            return text
        if key == "style" and text in _OVERLAYS:
            hint = "quizsite shows the simple banner in its place"
        else:
            hint = "use " + " or ".join(allowed)
        problems.append(
            warning(*where, f"'website.cookie-consent': {key} {text!r} is not shown", hint)
        )
        return default

    settings = {
        "type": pick("type", ("express", "implied"), "express"),
        "style": pick("style", _STYLES, "simple"),
        "palette": pick("palette", ("light", "dark", ""), ""),
        "policy": _safe_url(given.get("policy-url")),
        "prefs": str(given.get("prefs-text") or "Cookie preferences"),
    }
    return json.dumps(settings)
