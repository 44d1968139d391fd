import pytest

from alliance_data.eras import DECADES, era_of, load_eras


@pytest.mark.parametrize(
    ("date_min", "date_max", "era"),
    [("1996-04-17", "1996-04-30", "1990s"), ("2005-01-01", "2005-12-31", "2000s"),
     ("1999-06-01", "2001-01-01", None), (None, None, None), (float("nan"), "2000-01-01", None)],
)
def test_decades(date_min, date_max, era):
    assert era_of(date_min, date_max, DECADES) == era


def test_named_eras(tmp_path):
    path = tmp_path / "eras.toml"
    path.write_text('[[era]]\nname = "Cold War"\nstart = 1947\nend = 1991\n[[era]]\nname = "After"\nstart = 1992\nend = 2030\n')
    eras = load_eras(path)
    assert era_of("1960-01-19", "1960-01-19", eras) == "Cold War"
    assert era_of("1991-06-01", "1992-06-01", eras) is None
    assert eras.order(["After", "Cold War"]) == ["Cold War", "After"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("not toml = = =", "not valid TOML"), ("x = 1", "expected one or more"),
     ('[[era]]\nname = "A"\nstart = 2000\nend = 1990', "ends"),
     ('[[era]]\nname = "A"\nstart = 1990\nend = 2000\n[[era]]\nname = "B"\nstart = 1995\nend = 2010', "overlap")],
)
def test_bad_eras_file(tmp_path, content, message):
    path = tmp_path / "eras.toml"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        load_eras(path)
