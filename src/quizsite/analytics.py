"""Quarto's `website: google-analytics`: Google's gtag.js snippet in the head of every page,
as Quarto writes it (`tracking-id`, `anonymize-ip` (on by default) and `storage: none` for no
cookies). Read once per build with the site's settings; a site without it pays nothing.

Two cases are left out, each with a warning at the key: a Universal Analytics id (`UA-…`),
which Google stopped collecting for in 2023, and a site that also asks for `cookie-consent`,
which quizsite does not show: Quarto holds the tracking back until the reader consents, so
including it without asking would track readers who never agreed."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from .errors import Diagnostic, warning
from .quarto_project import QUARTO_NAME, lookup

_TAG_ID = re.compile(r"G-[A-Z0-9]+|AW-[0-9]+|GT-[A-Z0-9]+")


def analytics_html(website: yaml.Node, problems: list[Diagnostic]) -> str:
    """The gtag.js snippet `website: google-analytics` asks for ("" for none)."""
    node = lookup(website, ("google-analytics",))
    if node is None:
        return ""
    line = node.start_mark.line + 1
    value: Any = yaml.load(yaml.serialize(node), Loader=yaml.SafeLoader)
    settings = value if isinstance(value, dict) else {"tracking-id": value}
    tag = str(settings.get("tracking-id") or "").strip()

    def leave_out(message: str, hint: str) -> str:
        problems.append(warning(QUARTO_NAME, line, f"'website.google-analytics': {message}", hint))
        return ""

    if not tag or value is False:
        return ""
    if tag.startswith("UA-"):
        return leave_out(
            f"{tag} is a Universal Analytics id, which Google no longer collects for: left out",
            "use the Google Analytics 4 measurement id (G-…)",
        )
    if not _TAG_ID.fullmatch(tag):
        return leave_out(f"{tag!r} is not a Google tag id: left out", "use an id such as G-XXXX")
    consent = lookup(website, ("cookie-consent",))
    if consent is not None and str(getattr(consent, "value", "true")).lower() != "false":
        return leave_out(
            "left out, as quizsite shows no cookie consent banner and Quarto tracks only "
            "once the reader consents",
            "remove cookie-consent to include the tracking without asking",
        )
    return _snippet(tag, settings)


def _snippet(tag: str, settings: dict[str, Any]) -> str:
    """Google's tag snippet for one measurement id, with Quarto's options."""
    options: dict[str, Any] = {"anonymize_ip": settings.get("anonymize-ip", True) is not False}
    if str(settings.get("storage", "cookies")).lower() == "none":
        options["client_storage"] = "none"
    ident, config = json.dumps(tag), json.dumps(options)
    return (
        f'<script async src="https://www.googletagmanager.com/gtag/js?id={tag}"></script>\n'
        "<script>\n"
        "window.dataLayer = window.dataLayer || [];\n"
        "function gtag(){dataLayer.push(arguments);}\n"
        "gtag('js', new Date());\n"
        f"gtag('config', {ident}, {config});\n"
        "</script>"
    )
