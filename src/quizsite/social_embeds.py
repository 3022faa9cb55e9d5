"""`{{< tweet user id >}}` of the sellorm/social-embeds extension, as a link to the post.

The extension asks Twitter's oEmbed service for the post's text while Quarto renders, and the
page then loads Twitter's script to draw it. quizsite fetches nothing while building and runs
no remote script, so the post is shown as a quotation linking to it on Twitter, with a warning
saying so; a site without the extension gets the unknown-shortcode warning, as in Quarto.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from .sources import input_exists

_PLACES = ("_extensions/sellorm/social-embeds", "_extensions/social-embeds")


def installed(root: Path) -> bool:
    """Whether the site has the extension (noted as a parse's input, so that installing it
    later parses the post again)."""
    found = [input_exists(root / place / "_extension.yml") for place in _PLACES]  # each noted
    return any(found)


def tweet_html(args: list[str], options: dict[str, str]) -> tuple[str, str] | None:
    """A link to the post `{{< tweet user id >}}` (or `user=… id=…`, or an id alone) names,
    and the quotation holding it shown when the shortcode stands alone; None for no post."""
    named = [*args, "", ""][:2] if args else [options.get("user", ""), options.get("id", "")]
    user, ident = named
    if not ident and user.isdigit():
        user, ident = "i", user  # an id alone: Twitter finds the post without its author
    if not ident.isdigit():
        return None
    url = f"https://twitter.com/{escape(user)}/status/{ident}"
    who = "a post on X (Twitter)" if user == "i" else f"a post by @{escape(user)} on X (Twitter)"
    link = f'<a href="{url}">See {who}</a>'
    return link, f'<blockquote class="tweet-link"><p>{link}</p></blockquote>\n'


def tweet(
    args: list[str], options: dict[str, str], root: Path | None
) -> tuple[tuple[str, str] | None, tuple[str, str]]:
    """What `{{< tweet >}}` shows (see `tweet_html`), None for nothing, and the warning it
    always gives (message, hint)."""
    if root is None or not installed(root):
        hint = "install the extension as Quarto needs it: quarto add sellorm/quarto-social-embeds"
        return None, ("unknown shortcode 'tweet' left out", hint)
    shown = tweet_html(args, options)
    if shown is None:
        return None, ("tweet names no post", "write {{< tweet USER ID >}}")
    hint = "the extension fetches the post's text from Twitter, which quizsite does not do"
    return shown, ("the tweet is shown as a link to it", hint)
