"""URL slugs for posts and tags: lowercase ASCII words joined by hyphens, for any input text."""

from __future__ import annotations

import hashlib
from functools import cache

from slugify import slugify

# Symbols that carry meaning in ML tag names; without these "C++" and "C" would share a page.
_REPLACEMENTS = [["++", "-plus-plus"], ["#", "-sharp"], ["&", "-and-"], ["'", ""], ["’", ""]]


@cache  # python-slugify is slow, and the same tag names come up on every page
def slugify_text(text: str) -> str:
    """Transliterate and hyphenate `text`; empty when nothing URL-worthy is left."""
    return str(slugify(text, replacements=_REPLACEMENTS))


def tag_slug(name: str) -> str:
    """A tag's slug; names with no letters or digits (emoji) get a stable hashed slug."""
    slug = slugify_text(name)
    if slug:
        return slug
    return "tag-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
