"""WCAG 2 contrast: the ratio of two colours' relative luminance, which text needs at 4.5:1."""

from __future__ import annotations

import re

# WCAG 2.x, success criterion 1.4.3: normal text needs 4.5:1, large text 3:1.
AA_TEXT = 4.5

_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\b")
_RGB = re.compile(r"rgba?\(\s*(\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\s*\)")


def parse_colour(text: str) -> tuple[int, int, int]:
    """#abc, #aabbcc or a browser's rgb(r, g, b) as three 0-255 channels."""
    text = text.strip()
    if match := _HEX.fullmatch(text):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    if match := _RGB.fullmatch(text):
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    raise ValueError(f"not a colour: {text!r}")


def relative_luminance(colour: tuple[int, int, int]) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """From 1 (the same colour) to 21 (black on white)."""
    lighter, darker = sorted(
        (
            relative_luminance(parse_colour(foreground)),
            relative_luminance(parse_colour(background)),
        ),
        reverse=True,
    )
    return (lighter + 0.05) / (darker + 0.05)


def inverted(colour: str) -> str:
    """The colour a client shows when it inverts the email's colours itself."""
    r, g, b = parse_colour(colour)
    return f"#{255 - r:02x}{255 - g:02x}{255 - b:02x}"
