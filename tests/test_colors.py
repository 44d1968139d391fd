"""Theme colours: colour-blind-safe palettes, stable per name and order."""

from __future__ import annotations

import re

import pytest

from alliance_data.colors import OTHER_COLOR, colors_by_prominence, PALETTE, contrast_ratio, text_color, theme_colors


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


def test_one_scheme_distinct_colours_and_a_neutral_for_the_rest():
    assert len(set(PALETTE)) == len(PALETTE) >= 8
    assert OTHER_COLOR not in PALETTE
    colors = list(theme_colors([f"theme {i}" for i in range(len(PALETTE) + 100)]).values())
    rest = colors[len(PALETTE):]
    assert rest[0] == OTHER_COLOR and len(set(colors)) == len(colors)
    assert all(abs(int(c[1:3], 16) - int(c[5:7], 16)) <= 0x30 and int(c[1:3], 16) == int(c[3:5], 16) for c in rest)
    assert all(contrast_ratio(c, text_color(c)) >= 4.5 for c in rest)


@pytest.mark.parametrize(("a", "b", "ratio"), [("#000000", "#FFFFFF", 21.0), ("#FFFFFF", "#FFFFFF", 1.0),
                                               ("#F0E442", "#FFFFFF", 1.32), ("#0072B2", "#FFFFFF", 5.19)])
def test_contrast_ratio_matches_wcag(a, b, ratio):
    assert contrast_ratio(a, b) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize("background", PALETTE + (OTHER_COLOR,))
def test_badge_text_meets_wcag_aa_on_every_theme_colour(background):
    assert contrast_ratio(background, text_color(background)) >= 4.5


def test_text_colour_is_black_on_yellow_and_white_on_black():
    assert text_color("#F0E442") == "#000000" and text_color("#000000") == "#FFFFFF"


def test_the_palette_goes_to_the_themes_a_corpus_uses_most():
    names = [f"configured {i}" for i in range(10)] + ["found a", "found b"]
    counts = {"found a": 900, "found b": 500, "configured 3": 20}
    colors = colors_by_prominence(names, counts)
    assert [colors["found a"], colors["found b"], colors["configured 3"]] == list(PALETTE[:3])
    assert colors["configured 0"] == PALETTE[3]  # unused themes follow in their given order
    assert len(set(colors.values())) == len(names)
    assert colors == colors_by_prominence(list(names), dict(counts))


def test_preferred_themes_that_occur_take_the_palette_first():
    from alliance_data.colors import PALETTE, colors_by_prominence

    names = ["Named A", "Named B", "Unused named", "cluster 1", "cluster 2"]
    counts = {"Named A": 3, "Named B": 9, "Unused named": 0, "cluster 1": 50, "cluster 2": 40}
    colors = colors_by_prominence(names, counts, preferred=["Named A", "Named B", "Unused named"])
    assert [colors[n] for n in ("Named B", "Named A", "cluster 1", "cluster 2")] == list(PALETTE[:4])
    assert colors["Unused named"] not in PALETTE[:4]
