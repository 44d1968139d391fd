"""Named-theme configuration: the packaged TOML, user files, and clear errors."""

from __future__ import annotations

import re

import pytest

from alliance_data.theme_config import NamedTheme, ThemeConfig, load_theme_config, slugify
from alliance_data.theme_model import _term_features

REQUIRED = ("Missile defense", "Command structure", "Taiwan Strait")

USER_THEMES = """
[[themes]]
name = "Trade"
description = "Tariffs and trade."
seed_terms = ["tariff", "trade deficit"]
"""

OVERRIDE = """
extend = true
min_score = 0.6

[[themes]]
name = "Taiwan Strait"
description = "Only the strait itself."
core_terms = ["taiwan strait"]
seed_terms = ["strait"]
"""


def _write(tmp_path, text, name="themes.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_config_has_the_required_themes():
    config = load_theme_config()
    assert isinstance(config, ThemeConfig)
    assert config.names[:3] == list(REQUIRED)
    assert len(config.themes) >= 10
    assert config.n_clusters == "auto"
    assert 0 < config.min_score < 1


def test_packaged_config_is_consistent():
    config = load_theme_config()
    ids = [theme.theme_id for theme in config.themes]
    assert len(set(ids)) == len(ids)
    for theme in config.themes:
        assert theme.description and theme.source, theme.name
        assert theme.core_terms or theme.seed_terms
        assert not set(theme.all_terms) & set(theme.exclude_terms), theme.name
        for term in theme.all_terms + theme.exclude_terms:
            # Every term survives tokenisation, so no seed silently matches nothing,
            # and no phrase collapses to one everyday word once stop words go
            # ("three countries" would match every "countries").
            features = _term_features(term)
            assert features, (theme.name, term)
            if len(re.findall(r"[^\W\d_]+", term)) > 1:
                assert " " in features[0][0] or len(features[0]) > 1, (theme.name, term, features)


def test_user_file_replaces_the_packaged_themes(tmp_path):
    config = load_theme_config(_write(tmp_path, USER_THEMES))
    assert config.names == ["Trade"]
    assert config.themes[0].seed_terms == ("tariff", "trade deficit")


def test_user_file_extends_with_the_argument(tmp_path):
    config = load_theme_config(_write(tmp_path, USER_THEMES), extend=True)
    assert config.names[:3] == list(REQUIRED)
    assert config.names[-1] == "Trade"


def test_extend_key_in_the_file_replaces_a_theme_in_place(tmp_path):
    config = load_theme_config(_write(tmp_path, OVERRIDE))
    assert config.names[:3] == list(REQUIRED)
    assert config.themes[2].description == "Only the strait itself."
    assert config.min_score == 0.6
    assert len(config.themes) == len(load_theme_config().themes)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[themes]\nname = 'x'", "not valid TOML"),
        ("[[themes]]\ndescription = 'no name'\nseed_terms = ['a']", "'name' is required"),
        ("[[themes]]\nname = 'A'\nseed_terms = 'missile'", "'seed_terms' must be a list"),
        ("[[themes]]\nname = 'A'\ndescription = 'no terms'", "needs at least one"),
        ("[[themes]]\nname = 'A'\nseed_terms = ['a']\n[[themes]]\nname = 'a'\nseed_terms = ['b']", "duplicate theme name"),
        ("[[themes]]\nname = 'A'\nseed_terms = ['a']\ncolour = 'red'", "unknown key"),
        ("min_score = 2\n[[themes]]\nname = 'A'\nseed_terms = ['a']", "'min_score' must be"),
        ("n_clusters = 'many'\n[[themes]]\nname = 'A'\nseed_terms = ['a']", "'n_clusters' must be"),
        ("n_clusters = 5", "defines no"),
    ],
)
def test_bad_file_names_the_file_and_the_problem(tmp_path, text, problem):
    path = _write(tmp_path, text, "mine.toml")
    with pytest.raises(ValueError, match=problem) as info:
        load_theme_config(path)
    assert "mine.toml" in str(info.value)


def test_missing_file_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        load_theme_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Missile defense", "missile-defense"), ("Defense industry and co-production", "defense-industry-and-co-production"),
     ("  Taiwan  Strait ", "taiwan-strait"), ("***", "theme")],
)
def test_theme_ids_are_slugs_of_names(name, slug):
    assert slugify(name) == slug
    assert NamedTheme(name, "", ("a",)).theme_id == slug


# --- labels for discovered topics ---------------------------------------------------------------------------------

import pandas as pd  # noqa: E402
import tomllib  # noqa: E402

from alliance_data.theme_config import load_topic_labels, topic_renames, topics_toml  # noqa: E402

TOPIC_THEMES = pd.DataFrame({
    "theme_id": ["bases", "t00000000a1", "t00000000b2"],
    "name": ["Bases", "okinawa · bases", "burden · strait"],
    "kind": ["named", "discovered", "discovered"],
    "terms": [["bases"], ["okinawa", "bases"], ["burden", "strait"]],
})


def test_topic_labels_load_and_rename_the_topics_they_name(tmp_path):
    path = tmp_path / "topics.toml"
    path.write_text('[topics]\nt00000000a1 = "  Okinawa   bases "\nt0000000fff = "Gone"\n', encoding="utf-8")
    labels = load_topic_labels(path)
    assert labels == {"t00000000a1": "Okinawa bases", "t0000000fff": "Gone"}
    renames, notes = topic_renames(TOPIC_THEMES, labels)
    assert renames == {"okinawa · bases": "Okinawa bases"}
    assert notes == ["topic t0000000fff is not a topic of this corpus"]


def test_a_label_taken_by_another_theme_is_not_used():
    renames, notes = topic_renames(TOPIC_THEMES, {"t00000000a1": "bases", "t00000000b2": "Burden"})
    assert renames == {"burden · strait": "Burden"} and "already the name of another theme" in notes[0]


@pytest.mark.parametrize(("text", "message"), [
    ('[topics]\nokinawa = "x"\n', "is not a topic id"),
    ('[topics]\nt00000000a1 = ""\n', "must be non-empty text"),
    ('[topics]\nt00000000a1 = 3\n', "must be non-empty text"),
    ('[topics]\nt00000000a1 = "Same"\nt00000000b2 = "same"\n', "have the same label"),
    ('[themes]\n', "unknown key"),
    ('[topics]\nt00000000a1 = "' + "x" * 81 + '"\n', "longer than 80"),
    ("[topics\n", "not valid TOML"),
])
def test_a_bad_topics_file_names_the_problem(tmp_path, text, message):
    path = tmp_path / "topics.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_topic_labels(path)


def test_the_topics_template_reads_back_as_the_current_names(tmp_path):
    text = topics_toml(TOPIC_THEMES)
    assert tomllib.loads(text)["topics"] == {"t00000000a1": "okinawa · bases", "t00000000b2": "burden · strait"}
    path = tmp_path / "topics.toml"
    path.write_text(text, encoding="utf-8")
    assert topic_renames(TOPIC_THEMES, load_topic_labels(path)) == ({}, [])  # nothing changes until edited
