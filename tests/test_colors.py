"""Theme colours: colour-blind-safe palettes, stable per name and order."""

from __future__ import annotations

import re

import pytest

from alliance_data.colors import PALETTE, theme_colors


def test_okabe_ito_first_in_the_order_given():
    colors = theme_colors(["Missile defense", "Command structure", "Taiwan Strait"])
    assert list(colors.values()) == ["#E69F00", "#56B4E9", "#009E73"]


def test_same_names_same_colours_and_no_repeats():
    names = [f"theme {i}" for i in range(len(PALETTE))]
    first, second = theme_colors(names), theme_colors(list(names))
    assert first == second
    assert len(set(first.values())) == len(names)


def test_beyond_the_palettes_colours_come_from_the_name():
    names = [f"theme {i}" for i in range(len(PALETTE) + 3)]
    colors = theme_colors(names)
    extra = [colors[n] for n in names[len(PALETTE):]]
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in extra)
    assert extra == [theme_colors(names)[n] for n in names[len(PALETTE):]]


def test_repeated_names_get_one_colour():
    assert theme_colors(["a", "b", "a"]) == {"a": PALETTE[0], "b": PALETTE[1]}


def test_a_bare_string_is_a_type_error():
    with pytest.raises(TypeError, match="not a single str"):
        theme_colors("Taiwan Strait")
