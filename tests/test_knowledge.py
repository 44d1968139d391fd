"""The curated knowledge base: office holders and alliance events are consistent and sourced."""

import re

import pandas as pd
import pytest

from alliance_data.knowledge import OFFICE_LABELS, TODAY, load_events, load_officeholders, surname_of

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def holders() -> pd.DataFrame:
    return load_officeholders()


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_events()


def test_holder_columns(holders):
    assert list(holders.columns)[:3] == ["holder_id", "office", "name"]
    assert {"aliases", "start", "end", "source", "surname"} <= set(holders.columns)


def test_holder_ids_unique(holders):
    assert holders["holder_id"].is_unique
    assert not holders.duplicated(["office", "name", "start"]).any()


def test_terms_are_iso_and_ordered(holders):
    for row in holders.itertuples():
        assert ISO.fullmatch(row.start), row
        assert row.end is None or ISO.fullmatch(row.end), row
        assert "1850-01-01" <= row.start <= TODAY, row
        if row.end is not None:
            assert row.start <= row.end <= TODAY, row


def test_every_holder_row_is_sourced_and_named(holders):
    for row in holders.itertuples():
        assert row.source.strip(), row
        assert row.aliases and all(a.strip() for a in row.aliases), row
        assert row.name in row.aliases, row
        assert row.office in OFFICE_LABELS, row


def test_terms_within_an_office_do_not_overlap(holders):
    for office, terms in holders.groupby("office"):
        terms = terms.sort_values("start")
        ends = terms["end"].fillna(TODAY).tolist()
        starts = terms["start"].tolist()
        names = terms["name"].tolist()
        for k in range(1, len(terms)):
            assert starts[k] >= ends[k - 1], (office, names[k - 1], names[k])


def test_at_most_one_incumbent_per_office(holders):
    assert (holders[holders["end"].isna()].groupby("office").size() <= 1).all()


def test_presidents_cover_1945_to_today_without_gaps(holders):
    terms = holders[holders["office"] == "us_president"].sort_values("start")
    assert terms["start"].iloc[0] <= "1945-01-01"
    assert terms["end"].iloc[-1] is None
    for end, start in zip(terms["end"].iloc[:-1], terms["start"].iloc[1:]):
        assert end == start


@pytest.mark.parametrize("office", sorted(OFFICE_LABELS))
def test_every_office_has_holders(holders, office):
    assert (holders["office"] == office).sum() >= 1


@pytest.mark.parametrize("name, alias", [
    ("Ryutaro Hashimoto", "Hashimoto Ryutaro"),
    ("Junichiro Koizumi", "Koizumi Junichiro"),
    ("Fumio Kishida", "Kishida Fumio"),
    ("Yoko Kamikawa", "Kamikawa Yoko"),
])
def test_japanese_names_in_both_orders(holders, name, alias):
    rows = holders[holders["name"] == name]
    assert not rows.empty
    assert all(alias in a for a in rows["aliases"])


@pytest.mark.parametrize("name, office, start, end", [
    ("Ryutaro Hashimoto", "jp_prime_minister", "1996-01-11", "1998-07-30"),
    ("Condoleezza Rice", "us_secretary_of_state", "2005-01-26", "2009-01-20"),
    ("Samuel Paparo", "us_indopacom_commander", "2024-05-03", None),
    ("Yoshinori Ohno", "jp_defense_minister", "2004-09-27", "2005-10-31"),
])
def test_known_terms(holders, name, office, start, end):
    row = holders[(holders["name"] == name) & (holders["office"] == office)].iloc[0]
    assert (row["start"], row["end"]) == (start, end)


@pytest.mark.parametrize("name, expected", [
    ("Harry B. Harris Jr.", "Harris"),
    ("Douglas MacArthur II", "MacArthur"),
    ("Ryutaro Hashimoto", "Hashimoto"),
])
def test_surname_of(name, expected):
    assert surname_of(name) == expected


def test_surname_of_rejects_empty_name():
    with pytest.raises(ValueError, match="name must contain a word"):
        surname_of("  ")


def test_event_ids_unique_and_dates_ordered(events):
    assert events["event_id"].is_unique
    for row in events.itertuples():
        assert ISO.fullmatch(row.start) and ISO.fullmatch(row.end), row
        assert "1900-01-01" <= row.start <= row.end <= TODAY, row
        assert row.date == row.start
        assert row.source.strip() and row.name.strip(), row


def test_event_patterns_compile_and_are_present(events):
    for row in events.itertuples():
        assert row.patterns or row.context_patterns, row
        for pattern in row.patterns + row.context_patterns:
            re.compile(pattern, re.I)


@pytest.mark.parametrize("date", [
    "1945-04-01", "1945-08-15", "1951-09-08", "1960-01-19", "1972-05-15", "1978-11-27", "1995-09-04",
    "1996-03-08", "1996-04-17", "1997-09-23", "1998-08-31", "2001-09-11", "2004-12-10", "2005-02-19",
    "2006-05-01", "2011-03-11", "2015-04-27", "2015-09-19", "2022-12-16", "2023-08-18", "2024-01-18",
    "2024-04-10", "2024-06-27", "2024-07-28", "2024-11-05",
])
def test_key_alliance_events_present(events, date):
    assert date in set(events["start"])


def test_loaders_return_copies():
    first = load_officeholders()
    first.loc[0, "name"] = "changed"
    assert load_officeholders().loc[0, "name"] != "changed"


# --------------------------------------------------------------------------- worldwide holders, institutions

from alliance_data.knowledge import load_institutions, load_world_officeholders  # noqa: E402


@pytest.fixture(scope="module")
def world() -> pd.DataFrame:
    return load_world_officeholders()


def test_world_holders_are_consistent_and_sourced(world):
    assert len(world) > 5000
    assert world["holder_id"].is_unique
    for row in world.itertuples():
        assert row.source.strip() and row.name in row.aliases, row
        assert row.start is None or ISO.fullmatch(row.start), row
        assert row.end is None or ISO.fullmatch(row.end), row
        if row.start and row.end:
            assert row.start <= row.end, row


def test_world_holders_leave_the_curated_offices_to_the_curated_table(world):
    curated = {("USA", "head_of_state"), ("USA", "foreign_minister"), ("JPN", "head_of_government")}
    assert not any((c, o) in curated for c, o in zip(world["country"], world["office"]))
    assert {"vice_president", "un_secretary_general", "head_of_government", "party_leader"} <= set(world["office"])


@pytest.mark.parametrize("name, office, start", [
    ("Margaret Thatcher", "head_of_government", "1979-05-04"),
    ("Kofi Annan", "un_secretary_general", "1997-01-01"),
    ("Xi Jinping", "head_of_state", "2013-03-14"),
])
def test_world_holders_spot_checks(world, name, office, start):
    rows = world[(world["name"] == name) & (world["office"] == office)]
    assert start in set(rows["start"])


def test_world_data_ships_its_attribution():
    from importlib import resources
    notice = resources.files("alliance_data").joinpath("data", "README.md").read_text(encoding="utf-8")
    assert "Open Event Data Alliance" in notice and "Institute for Government" in notice and "Wikidata" in notice


def test_institutions_are_sourced_and_compile():
    institutions = load_institutions()
    assert institutions["institution_id"].is_unique
    for row in institutions.itertuples():
        assert row.source.strip()
        re.compile(row.pattern)
        assert ISO.fullmatch(row.first_start) and row.term_days > 0 and row.years_per_number > 0
        assert 0 <= row.lead_days < row.term_days


def test_session_presidents_are_sourced_one_per_session():
    from alliance_data.knowledge import load_session_presidents

    presidents = load_session_presidents()
    institutions = set(load_institutions()["institution_id"])
    assert not presidents.duplicated(["institution_id", "number"]).any()
    assert set(presidents["institution_id"]) <= institutions
    for row in presidents.itertuples():
        assert row.source.strip() and row.country.strip()
        assert row.aliases[0] == row.name and len(set(row.aliases)) == len(row.aliases)
    numbers = sorted(presidents.loc[presidents["institution_id"] == "un_general_assembly_session", "number"])
    assert numbers == list(range(1, len(numbers) + 1))  # no session skipped


def test_titles_are_sourced_and_name_offices_the_tables_hold():
    from alliance_data.knowledge import load_officeholders, load_titles

    titles = load_titles()
    assert titles["title"].is_unique
    known = set(load_officeholders()["office"]) | set(load_world_officeholders()["office"])
    for row in titles.itertuples():
        assert row.source.strip() and row.title == row.title.lower().strip()
        assert row.offices and set(row.offices) <= known, (row.title, set(row.offices) - known)
