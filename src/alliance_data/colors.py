"""One colour per theme, the same on every page, every run and every machine.

Colour-blind-safe palettes in a fixed order: Okabe & Ito (2008) without black,
then Paul Tol's "bright", "muted" and "light" schemes
(https://personal.sron.nl/~pault/). Colours are handed out in the order the
names are given, so callers pass named themes in config order first, then
discovered ones; beyond the palettes a colour is derived from the name's hash.
"""

from __future__ import annotations

import colorsys
import hashlib
from typing import Sequence

__all__ = ["PALETTE", "OTHER_COLOR", "theme_colors"]

_OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
_TOL_BRIGHT = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377")
_TOL_MUTED = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499")
_TOL_LIGHT = ("#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00")

PALETTE: tuple[str, ...] = tuple(dict.fromkeys(_OKABE_ITO + _TOL_BRIGHT + _TOL_MUTED + _TOL_LIGHT))
OTHER_COLOR = "#BBBBBB"


def _hashed_color(name: str) -> str:
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    hue = int.from_bytes(digest[:2], "big") / 65535.0
    red, green, blue = colorsys.hls_to_rgb(hue, 0.55, 0.55)
    return "#{:02X}{:02X}{:02X}".format(round(red * 255), round(green * 255), round(blue * 255))


def theme_colors(names: Sequence[str]) -> dict[str, str]:
    """``{name: "#RRGGBB"}`` for each distinct name, in the order given."""
    if isinstance(names, str):
        raise TypeError("names must be a sequence of theme names, not a single str")
    colors: dict[str, str] = {}
    for name in names:
        if name in colors:
            continue
        index = len(colors)
        colors[name] = PALETTE[index] if index < len(PALETTE) else _hashed_color(str(name))
    return colors
