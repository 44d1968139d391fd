"""Topic labels from a corpus's topics file rename the topics on every table a page reads."""

from alliance_dashboard.topics import label_topics, read_topic_labels
from fake_tables import TOPICS, fake_tables

TABLES = fake_tables()
OLD, _ = TOPICS["t00000000a1"]


def test_labels_rename_a_topic_everywhere_and_leave_the_shared_tables_alone():
    labelled, notes = label_topics(TABLES, {"t00000000a1": "Okinawa bases debate"})
    assert notes == []
    assert "Okinawa bases debate" in set(labelled.themes.themes["name"]) and OLD not in set(labelled.themes.themes["name"])
    assert "Okinawa bases debate" in labelled.membership.columns
    assert (labelled.membership["Okinawa bases debate"] == TABLES.membership[OLD]).all()
    view = labelled.with_text(labelled.view)
    assert set(view.loc[view["text"].str.contains("Okinawa"), "topic"]) == {"Okinawa bases debate"}
    assert "Okinawa bases debate" in labelled.options.themes and labelled.colors["Okinawa bases debate"] == TABLES.colors[OLD]
    assert OLD in set(TABLES.themes.themes["name"]) and OLD in set(TABLES.view["topic"])  # the original is unchanged
    assert labelled.themes.model is TABLES.themes.model


def test_no_label_keeps_the_tables_and_a_bad_file_is_a_note(tmp_path):
    assert label_topics(TABLES, {})[0] is TABLES
    path = tmp_path / "topics.toml"
    path.write_text("[topics]\nnot-an-id = 'x'\n", encoding="utf-8")
    labels, notes = read_topic_labels(str(path))
    assert labels == {} and "is not a topic id" in notes[0] and "topics keep their own names" in notes[0]
