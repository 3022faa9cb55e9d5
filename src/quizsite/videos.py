"""The HTML of Quarto's `{{< video >}}`: YouTube, Vimeo, video files and other embeds.

Responsive by default (a box of the given aspect ratio, the width of the text), fixed when a
width or height is given. Every player has a title for screen readers and, inside it, a link to
the video for readers whose browser shows no player.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import SplitResult, parse_qs, urlsplit

_ASPECT_RATIOS = ("16x9", "4x3", "1x1", "21x9")
_VIDEO_FILE = re.compile(r"\.(mp4|m4v|webm|ogv|ogg|mov)$", re.IGNORECASE)
_YOUTUBE_HOSTS = ("youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com")
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,}$")
_SECONDS = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")
_ALLOW = "accelerometer; clipboard-write; encrypted-media; gyroscope; picture-in-picture"


def video_html(url: str, options: dict[str, str]) -> str | None:
    """The embed for a video URL with the shortcode's options, None for a URL we cannot embed."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("", "http", "https") or (not parts.scheme and parts.netloc):
        return None
    return f'<div class="{_classes(options)}">{_player(url, parts, options)}</div>'


def _player(url: str, parts: SplitResult, options: dict[str, str]) -> str:
    """The player for the video: YouTube's or Vimeo's page, the browser's own, or an iframe."""
    start = _seconds(options.get("start", ""))
    label = options.get("aria-label", "") or options.get("title", "")
    youtube = _youtube_id(parts)
    if youtube:
        start = start or _seconds(parse_qs(parts.query).get("t", [""])[0])
        src = f"https://www.youtube.com/embed/{youtube}" + (f"?start={start}" if start else "")
        return _iframe(src, url, label or "YouTube video", options)
    vimeo = _vimeo_id(parts)
    if vimeo:
        src = f"https://player.vimeo.com/video/{vimeo}" + (f"#t={start}s" if start else "")
        return _iframe(src, url, label or "Vimeo video", options)
    if not parts.scheme or _VIDEO_FILE.search(parts.path):
        src = url + (f"#t={start}" if start else "")
        return _video_element(src, url, label or "Video", options)
    return _iframe(url, url, label or "Video", options)


def _classes(options: dict[str, str]) -> str:
    """The wrapper's classes: fixed size, or responsive at an aspect ratio (16x9 by default)."""
    if options.get("width") or options.get("height"):
        return "video-embed video-fixed"
    ratio = options.get("aspect-ratio", "16x9")
    return f"video-embed video-{ratio if ratio in _ASPECT_RATIOS else '16x9'}"


def _size(options: dict[str, str]) -> str:
    """`width` and `height` attributes, when given as numbers."""
    return "".join(
        f' {key}="{escape(options[key])}"'
        for key in ("width", "height")
        if options.get(key, "").isdigit()
    )


def _iframe(src: str, url: str, label: str, options: dict[str, str]) -> str:
    """A player page in an iframe, with a link to the video inside for browsers without one."""
    return (
        f'<iframe src="{escape(src)}" title="{escape(label)}"{_size(options)} loading="lazy" '
        f'allow="{_ALLOW}" allowfullscreen referrerpolicy="strict-origin-when-cross-origin">'
        f'<a href="{escape(url)}">{escape(label)}</a></iframe>'
    )


def _video_element(src: str, url: str, label: str, options: dict[str, str]) -> str:
    """A video file in the browser's own player, with a link to the file as fallback."""
    return (
        f'<video controls preload="metadata" src="{escape(src)}" aria-label="{escape(label)}"'
        f'{_size(options)}><a href="{escape(url)}">{escape(label)}</a></video>'
    )


def _youtube_id(parts: SplitResult) -> str | None:
    """The video id of a YouTube watch, youtu.be, embed or shorts URL."""
    host, path = parts.netloc.lower(), parts.path
    candidate = ""
    if host in ("youtu.be", "www.youtu.be"):
        candidate = path.strip("/").split("/")[0]
    elif host in _YOUTUBE_HOSTS or host.endswith(".youtube-nocookie.com"):
        if path.rstrip("/") == "/watch":
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif path.startswith(("/embed/", "/shorts/", "/live/", "/v/")):
            candidate = path.split("/")[2]
    return candidate if _YOUTUBE_ID.match(candidate) else None


def _vimeo_id(parts: SplitResult) -> str | None:
    """The video id of a vimeo.com or player.vimeo.com URL."""
    host = parts.netloc.lower()
    if host not in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        return None
    numbers = [p for p in parts.path.split("/") if p.isdigit()]
    return numbers[0] if numbers else None


def _seconds(value: str) -> int:
    """Seconds from `90`, `90s` or `1m30s` (YouTube's `t=`), 0 when unreadable."""
    match = _SECONDS.match(value.strip())
    if not match or not value.strip():
        return 0
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds
