"""One colour per theme, the same on every page, every run and every machine.

One colour-blind-safe palette: Okabe & Ito (2008), "Color Universal Design",
its eight colours in their published order with black last. Mixing schemes
put near-identical blues side by side, so there is no second scheme: themes
past the eighth get neutral greys (``OTHER_COLOR`` first, then other shades, so
every theme's colour stays its own and none competes with the palette's hues). Colours are handed
out in the order the names are given, so callers pass named themes in config
order first, then discovered ones.

Text on a coloured badge is black or white, whichever contrasts more
(WCAG 2.x relative luminance); :func:`contrast_ratio` measures it.
"""

from __future__ import annotations

from typing import Mapping, Sequence

__all__ = ["PALETTE", "OTHER_COLOR", "theme_colors", "colors_by_prominence", "relative_luminance", "contrast_ratio", "text_color"]

#: Okabe & Ito: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
PALETTE: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
#: The first neutral, for the first theme beyond the palette (and anything without a theme).
OTHER_COLOR = "#BBBBBB"
_GREY_LEVELS = 80  # shades of grey from 0x80 to 0xCF: all read best with black text


def _neutral(index: int) -> str:
    """The ``index``-th neutral grey (0 → ``OTHER_COLOR``), distinct for the first 80, then faintly tinted."""
    if index == 0:
        return OTHER_COLOR
    level = 0x80 + (0xBB - 0x80 + index * 29) % _GREY_LEVELS
    tint = min(index // _GREY_LEVELS, 0x30)
    return "#{0:02X}{0:02X}{1:02X}".format(level, level + tint)


def _rgb(color: str) -> tuple[int, int, int]:
    text = color.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) not in (6, 8):
        raise ValueError(f"color must be #RGB or #RRGGBB, got {color!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def relative_luminance(color: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour ``#RRGGBB`` (0 black … 1 white)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_color(background: str) -> str:
    """Black or white: whichever reads better on ``background``."""
    return "#000000" if contrast_ratio(background, "#000000") >= contrast_ratio(background, "#FFFFFF") else "#FFFFFF"


def theme_colors(names: Sequence[str]) -> dict[str, str]:
    """``{name: "#RRGGBB"}`` for each distinct name, in the order given; past the palette, neutral greys."""
    if isinstance(names, str):
        raise TypeError("names must be a sequence of theme names, not a single str")
    colors: dict[str, str] = {}
    for name in names:
        if name in colors:
            continue
        index = len(colors)
        colors[name] = PALETTE[index] if index < len(PALETTE) else _neutral(index - len(PALETTE))
    return colors


def colors_by_prominence(names: Sequence[str], counts: Mapping[str, int], *, preferred: Sequence[str] = ()) -> dict[str, str]:
    """Palette colours to the themes a corpus uses most, greys to the rest; ties keep the order of ``names``.

    A corpus about something else than the configured themes would otherwise spend the
    palette on themes that hardly occur and draw its own main themes in grey. ``preferred``
    themes (a corpus's named themes) that occur at all come first, most used first: they are
    what the corpus was configured to follow, and they meet on every page.
    """
    if isinstance(names, str):
        raise TypeError("names must be a sequence of theme names, not a single str")
    position = {name: i for i, name in reversed(list(enumerate(names)))}
    first = {name for name in preferred if int(counts.get(name, 0)) > 0}
    ordered = sorted(position, key=lambda n: (n not in first, -int(counts.get(n, 0)), position[n]))
    return theme_colors(ordered)
