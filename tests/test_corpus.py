"""The whole pipeline on the bundled seeds and on small literal corpora."""

import pickle

import pytest

from alliance_data import load_corpus
from alliance_data.corpus import DOCUMENT_COLUMNS, PASSAGE_COLUMNS

from fresh_interpreter import modules_loaded


def _doc(corpus, prefix):
    d = corpus.documents
    return d[d["source"].str.startswith(prefix)].iloc[0]


def test_opening_stored_tables_imports_no_pipeline_step():
    # What a dashboard needs to open a stored build: the tables, the digests, the readers.
    code = ("import alliance_data, alliance_data.tables, alliance_data.digest, alliance_data.tables_io\n"
            "alliance_data.Corpus, alliance_data.DECADES")
    assert modules_loaded(code, ["sklearn", "scipy"], pipeline_steps=True) == []


def test_tables_follow_the_data_model(seed_corpus):
    assert list(seed_corpus.documents.columns) == DOCUMENT_COLUMNS
    assert list(seed_corpus.passages.columns) == PASSAGE_COLUMNS
    assert len(seed_corpus.documents) == 5
    assert seed_corpus.passages["passage_id"].is_unique
    assert seed_corpus.problems == ()


def test_passage_offsets_point_into_clean_text(seed_corpus):
    texts = seed_corpus.documents.set_index("doc_id")["clean_text"]
    for row in seed_corpus.passages.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text


def test_passages_carry_their_own_documents_columns(seed_corpus):
    documents = seed_corpus.documents.set_index("doc_id")
    passages = seed_corpus.passages
    assert passages["doc_id"].nunique() > 1
    for column in ("family_id", "date", "date_min", "date_max", "era", "source", "title"):
        expected = documents.loc[passages["doc_id"], column].tolist()
        assert [value if value == value else None for value in passages[column]] == \
            [value if value == value else None for value in expected], column
    assert passages["duplicate"].tolist() == (~documents.loc[passages["doc_id"], "canonical"]).tolist()


def test_furniture_never_reaches_passages(seed_corpus):
    joined = "\n".join(seed_corpus.passages["text"])
    for furniture in ("viewed 9120 times", "Comments will be moderated", "Leave a Comment", "Exit mobile version",
                      "See also", "8 Min Read", "unknown error", "ILLUSTRATION", "0314p09.tif", "Share This Article",
                      "is a writer based in Hawaii", "Source link", "Article excerpt", "dedicated blog writer"):
        assert furniture not in joined, furniture


def test_every_removal_is_logged_with_a_rule(seed_corpus):
    removed = seed_corpus.removed
    assert set(removed["source"].str[:3]) == {"000", "001", "002", "003", "004"}
    assert removed["rule"].notna().all() and (removed["text"].str.len() > 0).all()
    by_rule = removed.groupby("rule")["text"].apply(list)
    assert "(rt)0314p09.tif" in by_rule["scan_artefact"]
    assert "ILLUSTRATION: MOUNTAIN PEOPLE" in by_rule["caption"]
    assert len(by_rule["see_also"]) == 3
    doc = _doc(seed_corpus, "004")
    assert {"text": "8 Min Read", "rule": "read_time"} in doc["removed"]


def test_structure_of_the_seeds(seed_corpus):
    first = _doc(seed_corpus, "000")
    assert first["title"] == "The US and Japan start to put muscle into their new alliance"
    assert first["author"] == "Richard Halloran" and first["outlet"] == "Taipei Times"
    assert first["dateline"].startswith("Mon, Mar 14, 2005")
    assert _doc(seed_corpus, "002")["title"] == "US and Japan Must Forge A True Military Alliance"
    assert _doc(seed_corpus, "004")["author"] == "Surja"


def test_two_copies_form_one_family_with_the_longer_canonical(seed_corpus):
    short, long = _doc(seed_corpus, "000"), _doc(seed_corpus, "001")
    assert short["family_id"] == long["family_id"]
    assert bool(long["canonical"]) and not bool(short["canonical"])
    passages = seed_corpus.passages
    assert passages.loc[passages["doc_id"] == short["doc_id"], "duplicate"].all()
    assert not passages.loc[passages["doc_id"] == long["doc_id"], "duplicate"].any()
    others = seed_corpus.documents[~seed_corpus.documents["source"].str[:3].isin(["000", "001"])]
    assert others["family_id"].is_unique and others["canonical"].all()
    collation = seed_corpus.collation
    assert set(collation["family_id"]) == {long["family_id"]}
    assert (collation["status"] == "same").sum() == 15
    assert (collation["status"] == "left_only").sum() >= 4


def test_teasers_appended_to_the_copy_are_off_topic(seed_corpus):
    passages = seed_corpus.passages
    flagged = passages[passages["offtopic"]]
    assert len(flagged) == 4 and set(flagged["source"].str[:3]) == {"001"}
    starts = sorted(t[:20] for t in flagged["text"])
    assert starts == ["In 1976, the Gang of", "Taiwan Retrocession ", "The US Senate’s pass", "The topic of increas"]
    assert flagged["offtopic_reason"].str.contains("follows the end of the article").all()
    analysed = seed_corpus.analysed_passages()
    assert not analysed["offtopic"].any() and not analysed["duplicate"].any()


def test_copy_without_dateline_takes_its_family_date(seed_corpus):
    short, long = _doc(seed_corpus, "000"), _doc(seed_corpus, "001")
    assert short["date_method"] == "dateline" and short["date"] == "2005-03-14"
    assert long["date_method"] == "family" and long["date"] == "2005-03-14"
    assert any("000_e0f5201dd04fd254.txt" in e for e in long["date_evidence"])
    assert long["era"] == short["era"] == "2000s"


def test_undated_seeds_get_honest_intervals(seed_corpus):
    for prefix, low, high in (("002", "1996-04-17", "1996-04-30"), ("003", "2024-05-03", "2024-10-01"),
                              ("004", "2024-01-01", "2024-04-10")):
        doc = _doc(seed_corpus, prefix)
        assert doc["date_method"] == "inferred", prefix
        assert low <= doc["date_min"] <= doc["date"] <= doc["date_max"] <= high, (prefix, doc["date_min"], doc["date_max"])
        assert len(doc["date_evidence"]) >= 2
    assert sorted(seed_corpus.era_order()) == ["1990s", "2000s", "2020s"]


def test_mentions_are_tied_to_passages(seed_corpus):
    mentions = seed_corpus.mentions
    assert set(mentions["passage_id"]) <= set(seed_corpus.passages["passage_id"])
    years = set(mentions["year"])
    assert {1945, 1960, 1998, 2027} <= years
    assert 250 not in years and 400 not in years
    # Found per document as the documents were built, they are the table a search of the final passages gives.
    from alliance_data.mentions import extract_mentions

    expected = extract_mentions(seed_corpus.passages[["passage_id", "doc_id", "text"]])
    assert mentions.reset_index(drop=True).equals(expected)


def test_a_document_with_no_date_at_all(tmp_path):
    (tmp_path / "undated.txt").write_text("A plain note\n\nSomething happened somewhere, to someone, for some reason.\n")
    corpus = load_corpus(tmp_path)
    doc = corpus.documents.iloc[0]
    assert doc["date"] is None and doc["date_min"] is None and doc["date_max"] is None
    assert doc["date_method"] == "none" and doc["era"] is None
    assert corpus.passages["era"].isna().all()


def test_removed_lines_of_a_markdown_copy_point_to_the_lines_of_the_file(tmp_path):
    # A converter's Markdown copy: its paragraphs wrapped over several lines, which the cleaner reads joined.
    from text_fixtures import ARTICLE_PARAGRAPHS
    import textwrap

    menu = [f"  * [{item}](https://example.com/{item.lower()})" for item in
            ("Home", "News", "World", "Business", "Sport", "Opinion", "Culture", "Travel")]
    article = [line for paragraph in ARTICLE_PARAGRAPHS for line in [*textwrap.wrap(paragraph, 72), ""]]
    lines = ["# Leaders agree on a joint command", ""] + article + menu
    (tmp_path / "page.md.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    removed = corpus.removed
    assert len(removed) >= len(menu)
    for row in removed.itertuples():
        assert 1 <= row.line <= len(lines) and row.text in lines[row.line - 1], (row.line, row.text)
    assert set(removed["line"]) >= set(range(len(lines) - len(menu) + 1, len(lines) + 1))


def test_bad_files_do_not_stop_the_corpus(tmp_path):
    (tmp_path / "ok.txt").write_text("Headline\n\nA paragraph about missile defense in Japan.\n")
    (tmp_path / "broken.html").write_bytes(b"\x00\x00binary")
    corpus = load_corpus(tmp_path)
    assert list(corpus.documents["source"]) == ["ok.txt"]
    assert [(p.source, p.severity) for p in corpus.problems] == [("broken.html", "error")]


def test_determinism_and_pickle_round_trip(seed_corpus):
    again = load_corpus()
    assert again.fingerprint == seed_corpus.fingerprint
    assert list(again.passages["passage_id"]) == list(seed_corpus.passages["passage_id"])
    restored = pickle.loads(pickle.dumps(seed_corpus))
    assert restored.passages.equals(seed_corpus.passages)


def test_progress_is_reported():
    seen = []
    load_corpus(progress=lambda fraction, message: seen.append((fraction, message)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0


def test_share_bar_above_an_article_under_a_long_menu_flags_nothing_off_topic(tmp_path):
    from alliance_data.corpus import load_corpus

    menu = ["Home", "News", "World", "Business", "Sport", "Opinion", "Culture", "Travel", "Video", "Podcasts"] * 4
    article = [
        f"Paragraph {i}: the two governments agreed to set up a joint command that will plan and run the "
        f"operations of their forces in the region, and officials described the change as the largest in decades."
        for i in range(8)
    ]
    page = "\n".join(menu + ["Share this", "Leaders agree on a joint command"] + article + ["Share this article"])
    (tmp_path / "page.txt").write_text(page + "\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    passages = corpus.passages
    assert len(passages) == len(article)
    assert not passages["offtopic"].any()
    removed = corpus.removed
    assert set(removed.loc[removed["rule"] == "menu", "text"]) >= {"World", "Podcasts"}
