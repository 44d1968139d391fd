"""The theme model and tables: estimator habits, precision of named themes,
determinism, exclusion of duplicate and off-topic passages, export, and the
reader's own judgement of the bundled seed corpus."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from alliance_data import themes as th
from alliance_data.theme_model import STOP_WORDS, ThemeModel, auto_n_clusters

from fresh_interpreter import modules_loaded
from theme_fixtures import tiny_passages

MD, CS, TS = "Missile defense", "Command structure", "Taiwan Strait"
EVALUATED = (MD, CS, TS)


@pytest.fixture(scope="module")
def tiny_tables():
    return th.fit_corpus_themes(tiny_passages(), random_state=0)


@pytest.fixture(scope="module")
def tiny_model(tiny_tables):
    return tiny_tables.model


# ------------------------------------------------------------ estimator habits
def test_bare_string_is_a_type_error():
    with pytest.raises(TypeError, match="not a single str"):
        ThemeModel().fit("Japan and the United States agreed on missile defense.")


def test_bare_string_to_transform_is_a_type_error(tiny_model):
    with pytest.raises(TypeError, match="not a single str"):
        tiny_model.transform("Patriot interceptors")


def test_non_string_documents_are_a_type_error():
    with pytest.raises(TypeError, match=r"texts\[1\] must be a str"):
        ThemeModel().fit(["missile defense radar", 42])


def test_vocabulary_listings_are_kept_per_fit_and_follow_a_refit():
    texts = tiny_passages()["text"].tolist()
    model = ThemeModel(n_clusters=2, random_state=0).fit(texts)
    names = model.feature_names()
    assert model.feature_names() is names and not names.flags.writeable  # one read-only array per fit
    assert len(model.term_listing()[0]) == len(names)
    refit = model.fit(texts[:4] + ["Radar stations and interceptor batteries along the coast of Hokkaido."] * 2)
    assert list(refit.feature_names()) == list(refit.vectorizer_.get_feature_names_out())
    assert len(refit.term_listing()[0]) == len(refit.feature_names()) != len(names)


def test_unfitted_model_raises_not_fitted():
    with pytest.raises(NotFittedError):
        ThemeModel().transform(["Patriot interceptors"])


@pytest.mark.parametrize(
    ("params", "message"),
    [({"n_clusters": 0}, "n_clusters"), ({"n_init": 0}, "n_init"), ({"min_score": 1.5}, "min_score"),
     ({"config": "themes.toml"}, "config must be a ThemeConfig")],
)
def test_parameters_are_validated_in_fit(params, message):
    model = ThemeModel(**params)  # storing never fails
    with pytest.raises((ValueError, TypeError), match=message):
        model.fit(tiny_passages()["text"].tolist())


def test_parameters_round_trip_through_clone():
    model = ThemeModel(n_clusters=5, random_state=3)
    assert clone(model).get_params() == model.get_params()


def test_empty_and_stop_word_only_texts_are_value_errors():
    with pytest.raises(ValueError, match="empty"):
        ThemeModel().fit([])
    with pytest.raises(ValueError, match="no words"):
        ThemeModel().fit(["the and of", "1996 2005", "it is"])


def test_transform_gives_one_score_per_named_theme(tiny_model):
    scores = tiny_model.transform(["Patriot interceptors for air defense", "rice harvest"])
    assert scores.shape == (2, len(tiny_model.theme_names_))
    assert ((scores >= 0) & (scores <= 1)).all()
    assert scores[0, tiny_model.theme_names_.index(MD)] > scores[1, tiny_model.theme_names_.index(MD)]


def test_fit_transform_and_predict_agree_with_the_fit(tiny_tables):
    texts = tiny_passages()["text"].tolist()
    model = ThemeModel(random_state=0)
    scores = model.fit_transform(texts)
    np.testing.assert_allclose(scores, model.named_scores_)
    np.testing.assert_allclose(model.transform(texts), model.named_scores_)
    assert model.predict(texts).tolist() == tiny_tables.assignments["cluster"].tolist()
    assert len(model.cluster_ids_) == len(model.cluster_labels_) == len(model.stability_) == model.n_clusters_


@pytest.mark.parametrize(
    ("n", "k"), [(1, 1), (3, 3), (10, 4), (70, 6), (200, 10), (1_800, 30), (500_000, 30)]
)
def test_auto_n_clusters(n, k):
    assert auto_n_clusters(n) == k


# -------------------------------------------------------- named-theme precision
@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        ("Japan will buy Patriot interceptors to strengthen its air defense.", {MD}, {CS, TS}),
        ("Japan will deploy Tomahawk cruise missiles that can strike military targets abroad.", set(), {MD}),
        ("Officials met at the Pacific Command in Hawaii to talk about trade.", set(), {CS}),
        ("A four-star commander will lead a joint headquarters with new command and control.", {CS}, {MD, TS}),
        ("Beijing held drills around Taiwan and warships crossed the Taiwan Strait.", {TS}, {MD, CS}),
        ("Rice prices rose after a poor harvest.", set(), {MD, CS, TS}),
    ],
)
def test_named_themes_are_precise(tiny_model, text, expected, not_expected):
    found = set(tiny_model.assign(tiny_model.transform([text]))[0])
    assert expected <= found
    assert not (not_expected & found)


# ------------------------------------------------------------------ the tables
def test_tables_follow_the_data_model(tiny_tables):
    themes, assignments = tiny_tables.themes, tiny_tables.assignments
    assert list(themes.columns) == th.THEME_COLUMNS
    assert list(assignments.columns) == th.ASSIGNMENT_COLUMNS
    assert assignments["passage_id"].tolist() == tiny_passages()["passage_id"].tolist()
    named = themes[themes["kind"] == "named"]
    assert named["name"].tolist()[:3] == list(EVALUATED)
    assert named["stability"].isna().all()
    discovered = themes[themes["kind"] == "discovered"]
    assert len(discovered) == auto_n_clusters(len(tiny_passages()))
    assert discovered["theme_id"].str.fullmatch(r"t[0-9a-f]{10}").all()
    assert discovered["stability"].between(0, 1).all()
    assert set(assignments["cluster"]) <= set(discovered["theme_id"])
    assert discovered["n_passages"].sum() == len(tiny_passages())
    assert themes["color"].is_unique and themes["theme_id"].is_unique
    assert all(isinstance(t, list) for t in assignments["themes"])
    assert np.isfinite(assignments[["x", "y"]].to_numpy()).all()


def test_primary_theme_is_the_strongest_named_theme_or_the_cluster(tiny_tables):
    names = dict(zip(tiny_tables.themes["theme_id"], tiny_tables.themes["name"]))
    for row in tiny_tables.assignments.itertuples():
        if row.themes:
            assert row.primary_theme == max(row.themes, key=lambda n: row.theme_scores[n])
        else:
            assert row.primary_theme == names[row.cluster]


def test_discovered_labels_are_readable(tiny_tables):
    discovered = tiny_tables.themes[tiny_tables.themes["kind"] == "discovered"]
    stop = set(STOP_WORDS)
    for label, terms in zip(discovered["name"], discovered["terms"]):
        parts = label.split(" · ")
        assert 1 <= len(parts) <= 3
        words = [w for part in parts for w in part.split()] + [w for t in terms for w in t.split()]
        assert not stop & set(words), label
        assert all(w.isalpha() and len(w) >= 3 for w in words), label


def test_a_rice_cluster_is_discovered(tiny_tables):
    assignments = tiny_tables.assignments.set_index("passage_id")
    rice = {assignments.loc[p, "cluster"] for p in ("p06", "p12")}
    assert len(rice) == 1
    label = tiny_tables.themes.set_index("theme_id").loc[rice.pop(), "name"]
    assert "rice" in label


def test_two_fits_are_identical(tiny_tables):
    again = th.fit_corpus_themes(tiny_passages(), random_state=0)
    pd.testing.assert_frame_equal(again.themes, tiny_tables.themes)
    pd.testing.assert_frame_equal(again.assignments, tiny_tables.assignments)


def test_fits_in_fresh_interpreters_with_different_hash_seeds_agree():
    script = (
        "import hashlib, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from theme_fixtures import tiny_passages\n"
        "from alliance_data import themes as th\n"
        "t = th.fit_corpus_themes(tiny_passages())\n"
        "print(hashlib.sha256((t.themes.to_json() + t.assignments.to_json()).encode()).hexdigest())\n"
    )
    here = str(Path(__file__).resolve().parent)
    digests = {
        subprocess.run(
            [sys.executable, "-c", script, here], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert len(digests) == 1 and len(digests.pop()) == 64


def test_accepts_a_corpus_with_passages(tiny_tables):
    tables = th.fit_corpus_themes(SimpleNamespace(passages=tiny_passages()), random_state=0)
    pd.testing.assert_frame_equal(tables.assignments, tiny_tables.assignments)


def test_duplicate_and_offtopic_passages_do_not_shape_the_model(tiny_tables):
    tables = th.fit_corpus_themes(tiny_passages(extra=True), random_state=0)
    pd.testing.assert_frame_equal(tables.themes, tiny_tables.themes)
    shared = tables.assignments[tables.assignments["passage_id"].isin(tiny_tables.assignments["passage_id"])]
    pd.testing.assert_frame_equal(shared.reset_index(drop=True), tiny_tables.assignments)
    extra = tables.assignments.set_index("passage_id").loc[["p15", "p16"]]
    # They are still scored for the reading view: the duplicate like its original.
    assert CS in extra.loc["p15", "themes"]
    assert extra.loc["p15", "cluster"] == tiny_tables.assignments.set_index("passage_id").loc["p07", "cluster"]


def test_passage_words_are_counted_for_every_passage_in_order():
    from alliance_data.shifts import passage_words

    passages = tiny_passages(extra=True)
    handed = []
    tables = th.fit_corpus_themes(passages, random_state=0, on_passage_words=handed.append)
    assert not th.analysed_mask(passages).all()  # some passages do not shape the model, and are counted too
    assert np.array_equal(tables.passage_words, passage_words(passages["text"]))
    assert len(handed) == 1 and np.array_equal(handed[0], tables.passage_words)  # handed over once, before the end


@pytest.mark.parametrize("n", [1, 2, 3, 6])
def test_a_handful_of_passages_still_gives_tables(n):
    passages = tiny_passages().iloc[:n]
    tables = th.fit_corpus_themes(passages)
    assert len(tables.assignments) == n
    assert (tables.themes["kind"] == "discovered").sum() == min(n, 4)
    coords = tables.assignments[["x", "y"]].to_numpy()
    assert np.isfinite(coords).all()
    assert n == 1 or len({tuple(c) for c in coords}) > 1


def test_a_user_theme_file_shapes_the_named_themes(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'extend = true\n[[themes]]\nname = "Rice"\ndescription = "Rice farming."\ncore_terms = ["rice"]\n',
        encoding="utf-8",
    )
    tables = th.fit_corpus_themes(tiny_passages(), th.load_theme_config(path))
    assert tables.themes["name"].tolist()[:3] == list(EVALUATED)
    rice = tables.themes.set_index("name").loc["Rice"]
    assert (rice["theme_id"], rice["kind"], rice["n_passages"]) == ("rice", "named", 3)
    found = dict(zip(tables.assignments["passage_id"], tables.assignments["themes"]))
    assert [p for p, names in found.items() if "Rice" in names] == ["p06", "p12", "p14"]


def test_no_passages_to_fit_is_a_value_error():
    passages = tiny_passages().assign(offtopic=True)
    with pytest.raises(ValueError, match="every passage is duplicate or off-topic"):
        th.fit_corpus_themes(passages)


def test_progress_is_reported_in_order():
    seen = []
    th.fit_corpus_themes(tiny_passages(), progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(isinstance(m, str) and m for _, m in seen)


def test_pickle_round_trip(tiny_tables):
    restored = pickle.loads(pickle.dumps(tiny_tables))
    pd.testing.assert_frame_equal(restored.themes, tiny_tables.themes)
    pd.testing.assert_frame_equal(restored.assignments, tiny_tables.assignments)
    text = ["Patriot interceptors and a joint headquarters"]
    np.testing.assert_array_equal(restored.model.transform(text), tiny_tables.model.transform(text))


def test_export_is_json_safe(tiny_tables):
    records, by_passage = th.export_theme_records(tiny_tables)
    json.dumps(records)
    json.dumps(by_passage)
    assert [r["theme_id"] for r in records] == tiny_tables.themes["theme_id"].tolist()
    assert set(records[0]) == {"theme_id", "name", "kind", "terms", "n_passages", "stability"}
    assert set(by_passage) == set(tiny_tables.assignments["passage_id"])
    for entry in by_passage.values():
        assert set(entry) == {"themes", "theme_scores", "theme_reasons"}
        assert all(round(v, 4) == v for v in entry["theme_scores"].values())


# --------------------------------------------------------------- passage map
def test_passage_map_places_the_rest_near_the_laid_out_sample(tiny_model):
    passages = tiny_passages()
    full = th.passage_map(passages, tiny_model, random_state=0, max_tsne=6)
    again = th.passage_map(passages, tiny_model, random_state=0, max_tsne=6)
    pd.testing.assert_frame_equal(full, again)
    assert list(full.columns) == ["passage_id", "x", "y"]
    assert len(full) == len(passages) and np.isfinite(full[["x", "y"]].to_numpy()).all()


# ------------------------------------------------------------------- layering
def test_the_data_package_never_imports_streamlit():
    # In a fresh interpreter: the dashboard's tests may already have imported streamlit here.
    script = ("import importlib, pkgutil, sys, alliance_data\n"
              "for m in pkgutil.iter_modules(alliance_data.__path__):\n"
              "    importlib.import_module('alliance_data.' + m.name)\n"
              "assert 'alliance_data.themes' in sys.modules")
    assert modules_loaded(script, ["streamlit"]) == []


# ------------------------------------------- the reader's judgement of the seeds
# A distinctive substring of each passage of the bundled seeds, and the named
# themes a careful reader gives it (among the three evaluated). Judged from the
# text, not from the model: headquarters, commanders, joint command and command
# and control are Command structure, a command named in passing is not; missile
# defense, air defense and Patriot interceptors are Missile defense, missiles
# for strike are not; Taiwan or the Taiwan Strait is Taiwan Strait.
SEED_JUDGEMENT = [
    # 2005, Taipei Times (000) and its second scrape (001)
    ("Mon, Mar 14, 2005", set()),
    ("start to put muscle into their new alliance", set()),
    ("In a scenario unimaginable 60 years ago", set()),
    ("the Pacific Command in Hawaii and Washington to determine ways", set()),
    ("those efforts will produce a joint declaration", set()),
    ("The critical feature: The US and Japan will transform", set()),
    ("Among the vital issues to be worked out", set()),
    ("One, roles and missions", set()),
    ("Two, expanded combined operations and training", set()),
    ("Three, sharing intelligence", set()),
    ("Four, revised war plans", set()),
    ("Five, moving a US Army corps headquarters", {CS}),
    ("Six, researching and building a combined ballistic missile defense", {MD}),
    ("dismantling the many-layered command structure in South Korea", {CS}),
    ("the US focused on the command element", {CS}),
    ("Koizumi formed a commission on security", set()),
    ("Then came two declarations in Tokyo", set()),
    ("published a new defense guideline", set()),
    ("The guideline further said", set()),
    ("Nobutaka Machimura, Defense Minister Yoshinori Ohno", set()),
    ("the strategic dialogue has three stages", set()),
    ("the bloody battle of Okinawa", set()),
    ("Richard Halloran is a writer based in Hawaii", set()),
    ("This story has been viewed", set()),
    ("Comments will be moderated", set()),
    # 1996 (002)
    ("US and Japan Must Forge A True Military Alliance", set()),
    ("President Clinton and Prime Minister Ryutaro Hashimoto took some steps", set()),
    ("For the two countries to become genuine allies", set()),
    ("Tokyo says Japan's Constitution permits its military", set()),
    ("on the Korean Peninsula or in the Taiwan Strait", {TS}),
    ("China's recent bullying tactics against Taiwan", {TS}),
    ("a system to defend against ballistic missiles", {MD}),
    ("steamed to the Taiwan Strait a few weeks ago", {TS}),
    ("An unknown error has occurred", set()),
    # 2024 (003)
    ("U.S., Japan to unveil first steps", set()),
    ("modernize the command of their respective armed forces", {CS}),
    ("embolden Beijing to invade Taiwan", {TS}),
    ("set up a joint operational command by next March", {CS}),
    ("To align with Japan’s new command", {CS}),
    ("It is really historic as it relates to the alliance", set()),
    ("greater defense industrial cooperation", set()),
    ("The deepening defense relationship is part of the Biden", set()),
    ("predicated on building collective capacity", set()),
    ("The upgrading of U.S. Forces Japan, based at Yokota", {CS}),
    ("Adm. Samuel Paparo, the commander of U.S. Forces Japan", {CS}),
    ("the eventual transformation of the U.S.-Japan relationship", set()),
    ("Details of the modernized command are still to be worked out", {CS}),
    ("China is not their only problem", set()),
    ("react in a crisis, say, in the Taiwan strait", {TS}),
    ("Japan’s drive to modernize its military command structure", {CS}),
    ("air defenses such as Patriot missiles", {MD}),
    ("strict defense export guidelines", set()),
    ("10 Patriot interceptors to restock its inventory", {MD}),
    ("A trilateral meeting of the defense ministers", set()),
    ("real-time missile threat warnings", {MD}),  # missile warning data shared in real time: a missile-defense arrangement
    ("Blinken also will join his counterparts", set()),
    ("clearly caught China’s attention", set()),
    ("the potential use of nuclear weapons", set()),
    ("strengthen U.S. extended deterrence", set()),
    ("expect advances in the alliance to endure", set()),
    ("It is our view that most of what we have done", set()),
    ("We won’t change our course", set()),
    ("Lee reported from Seoul", set()),
    ("Your email address will not be published", set()),
    # 2024 (004)
    ("U.S.-Japan upgrades alliance during Biden-Kishida meeting", set()),
    ("one of the largest structural upgrades in decades", set()),
    ("designed to better deal with common threats", set()),
    ("approximately 54,000 U.S. troops stationed", set()),
    ("strengthen the functions of its command headquarters", {CS}),
    ("appoint or promote a four-star commander", {CS}),
    ("Existing arrangements date back to the 1960s", set()),
    ("It is unclear what changes the United States will propose", set()),
    ("upgrading our command and control relationship", {CS}),
    ("a strictly pacifist constitution", set()),
    ("loosened some of its self-imposed military restrictions", set()),
    ("increase annual defense spending", set()),
    ("deploy missiles that can strike military targets", set()),
    ("dependent on the United States for targeting information", set()),
    ("Naoko Aoki, deputy political scientist", set()),
    ("[counter strike capability]", set()),
    ("establish a joint operations headquarters by 2025", {CS}),
    ("any possible changes to its command structure in Japan", {CS}),
    ("Washington would consider appointing a four-star commander", {CS}),
    ("the type of unified command in South Korea", {CS}),
    ("four-star generals sound a little too much", {CS}),
    ("The task force will be part of the U.S. Pacific Fleet", {CS}),
    ("is probably better than nothing", set()),
    ("move decision-making to a time zone closer", set()),
    ("Japan’s military being under U.S. control", {CS}),
    ("Kishida was already in trouble at home", set()),
    ("deeply unpopular among Japanese voters", set()),
    ("how to achieve greater military integration", set()),
    ("The command and control architecture", {CS}),
    ("Follow us on Google news", set()),
    ("Surja, a dedicated blog writer", set()),
]


@pytest.fixture(scope="module")
def seed_judged(seed_corpus):  # seed_corpus: the session fixture in conftest.py
    """Each analysed seed passage with the reader's expected and the model's found themes."""
    passages = seed_corpus.passages
    analysed = passages[th.analysed_mask(passages)].reset_index(drop=True)
    tables = th.fit_corpus_themes(seed_corpus, random_state=0)
    found = dict(zip(tables.assignments["passage_id"], tables.assignments["themes"]))
    rows = []
    for passage in analysed.itertuples():
        matches = [expected for key, expected in SEED_JUDGEMENT if key in passage.text]
        rows.append(
            {
                "passage_id": passage.passage_id,
                "text": passage.text,
                "judged": bool(matches),
                "expected": set().union(*matches) if matches else set(),
                "found": set(found[passage.passage_id]) & set(EVALUATED),
            }
        )
    return pd.DataFrame(rows)


def seed_precision_recall(judged: pd.DataFrame) -> dict[str, tuple[float, float, int]]:
    figures = {}
    for theme in EVALUATED:
        expected = judged["expected"].map(lambda s: theme in s)
        found = judged["found"].map(lambda s: theme in s)
        true_positive = int((expected & found).sum())
        precision = true_positive / max(int(found.sum()), 1)
        recall = true_positive / max(int(expected.sum()), 1)
        figures[theme] = (precision, recall, int(expected.sum()))
    return figures


def test_every_analysed_seed_passage_is_judged(seed_judged):
    unjudged = seed_judged.loc[~seed_judged["judged"], "text"].str[:80].tolist()
    assert not unjudged, unjudged
    assert len(seed_judged) >= 50


@pytest.mark.parametrize("theme", EVALUATED)
def test_seed_precision_and_recall(seed_judged, theme, capsys):
    precision, recall, support = seed_precision_recall(seed_judged)[theme]
    with capsys.disabled():
        print(f"\n{theme}: precision {precision:.2f}, recall {recall:.2f} over {support} passages judged on-theme")
    misses = seed_judged[seed_judged["expected"].map(lambda s: theme in s) != seed_judged["found"].map(lambda s: theme in s)]
    detail = [(sorted(r.expected), sorted(r.found), r.text[:70]) for r in misses.itertuples()]
    assert support >= 3
    assert precision >= 0.85, detail
    assert recall >= 0.85, detail


# ---------------------------------------------------------------- context
def _context_case(scores_by_doc: dict[str, list[float]], analysed: list[bool] | None = None):
    rows = [(doc, pos, s) for doc, values in scores_by_doc.items() for pos, s in enumerate(values)]
    passages = pd.DataFrame({"doc_id": [r[0] for r in rows], "position": [r[1] for r in rows]})
    scores = np.array([[r[2]] for r in rows])
    mask = np.ones(len(rows), dtype=bool) if analysed is None else np.array(analysed)
    return th.themes_in_context(passages, scores, ["T"], 0.5, mask)


def test_a_hint_beside_a_passage_on_the_theme_carries_it():
    themes, reasons = _context_case({"a": [0.6, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]})
    assert themes[1] == ["T"] and reasons[1] == {"T": th.REASON_NEIGHBOUR}
    assert themes[0] == ["T"] and reasons[0] == {"T": th.REASON_WORDS}
    assert themes[2] == []  # no hint: a neighbour alone gives nothing


def test_a_hint_in_an_article_about_the_theme_carries_it():
    # 3 of 8 passages on the theme (over the share and the minimum), the hint far from them
    themes, reasons = _context_case({"a": [0.6, 0.7, 0.0, 0.0, 0.0, 0.0, 0.25, 0.0, 0.0, 0.8]})
    assert themes[6] == ["T"] and reasons[6] == {"T": th.REASON_ARTICLE}
    # one passage on the theme is not an article about it
    themes, _ = _context_case({"a": [0.6, 0.0, 0.0, 0.0, 0.25, 0.0]})
    assert themes[4] == []


def test_context_stays_within_a_document_and_its_analysed_passages():
    # the hint opens document b; the passage before it in a (on the theme) is not its neighbour
    themes, _ = _context_case({"a": [0.0, 0.0, 0.0, 0.0, 0.0, 0.9], "b": [0.25, 0.0, 0.0, 0.0, 0.0, 0.0]})
    assert themes[6] == []
    # a copy (not analysed) beside the hint is no context; it keeps its own-words theme
    themes, _ = _context_case({"a": [0.25, 0.9, 0.0, 0.0, 0.0]}, analysed=[True, False, True, True, True])
    assert themes[0] == [] and themes[1] == ["T"]
    # and it is skipped over: the next analysed passage is the neighbour
    themes, _ = _context_case({"a": [0.25, 0.0, 0.9, 0.0, 0.0]}, analysed=[True, False, True, True, True])
    assert themes[0] == ["T"]


def test_context_follows_reading_order_not_row_order():
    passages = pd.DataFrame({"doc_id": ["a"] * 4, "position": [3, 0, 2, 1]})
    scores = np.array([[0.0], [0.25], [0.0], [0.9]])  # position 0 is a hint, position 1 is on the theme
    themes, _ = th.themes_in_context(passages, scores, ["T"], 0.5, np.ones(4, dtype=bool))
    assert themes[1] == ["T"] and themes[0] == [] and themes[2] == []


def test_seed_passages_say_why_they_carry_a_theme(seed_corpus):
    tables = th.fit_corpus_themes(seed_corpus, random_state=0)
    a = tables.assignments.merge(seed_corpus.passages[["passage_id", "text"]], on="passage_id")
    assert all(set(r.themes) == set(r.theme_reasons) for r in a.itertuples())
    why = th.theme_explanations(a[["passage_id", "text"]], tables.assignments, tables.model)
    lines = [why[p] for p in a["passage_id"]]
    headquarters = a["text"].str.contains("moving a US Army corps headquarters").to_numpy()
    assert any("Command structure: its own words: “" in line and "headquarters" in line
               for line, hit in zip(lines, headquarters) if hit)
    lede = a["text"].str.contains("modernize the command of their respective armed forces").to_numpy()
    assert any("Command structure: a hint in its own words (“command”)" in line for line, hit in zip(lines, lede) if hit)
    assert all(line == "" for line, row in zip(lines, a["themes"]) if not row)


# --- labels of discovered themes: no corpus stop terms ------------------------------------------------------------

_MISSILE = ["Patriot interceptors and radar batteries guard the bases against a missile attack",
            "The missile defense radar tracked a ballistic missile over the sea",
            "Interceptor batteries and radar sites were moved closer to the coast"]
_RICE = ["Rice farmers protested the tariff on imported rice at the harvest",
         "The rice harvest was poor and farmers asked for price support",
         "Imported rice prices fell as farmers sold the autumn harvest"]


def _label_corpus() -> tuple[list[str], list[str]]:
    """24 documents of three passages; "alliance" ends every passage, "treaty" one passage of 13 documents."""
    texts, groups = [], []
    for d in range(24):
        for i, text in enumerate(_MISSILE if d % 2 else _RICE):
            if i == 0 and (d % 2 or d == 0):
                text += " under the treaty"
            texts.append(text + " and the alliance")
            groups.append(f"d{d}")
    return texts, groups


def test_words_in_most_documents_or_passages_are_corpus_stop_terms():
    from alliance_data.theme_model import _common_words

    texts, groups = _label_corpus()
    model = ThemeModel(n_clusters=2, random_state=0).fit(texts, groups=groups)
    counts = model.count_terms(texts)
    by_document = _common_words(model.vectorizer_, counts, groups)
    by_passage = _common_words(model.vectorizer_, counts, None)
    assert "treaty" in by_document and "treaty" not in by_passage  # 13 of 24 documents, 13 of 72 passages
    assert "*alliance" in by_document and "*alliance" in by_passage  # every passage: no phrase may hold it
    assert "rice" not in by_document  # in half the documents, not most
    assert _common_words(model.vectorizer_, counts, groups[:3] * 24) == by_passage  # too few documents to tell


def test_discovered_labels_leave_out_corpus_stop_terms():
    texts, groups = _label_corpus()
    model = ThemeModel(n_clusters=2, random_state=0).fit(texts, groups=groups)
    terms = [t for cluster in model.cluster_terms_ for t in cluster]
    assert terms and not [t for t in terms if "alliance" in t.split() or t == "treaty"]
    assert sorted(len(label.split(" · ")) for label in model.cluster_labels_) == [3, 3]
    assert {"missile", "farmers"} <= {w for label in model.cluster_labels_ for w in label.split()}
    with pytest.raises(ValueError, match="groups has 2 entries"):
        ThemeModel(n_clusters=2).fit(texts, groups=groups[:2])


def test_projection_in_threads_gives_the_rows_one_thread_gives(monkeypatch, tiny_model):
    """Blocks of passages projected side by side in threads hold the same numbers as one block after another."""
    from alliance_data import theme_model, workers

    texts = [f"missile defense radar {i} in the strait" if i % 3 else f"rice farmers and harvest {i}"
             for i in range(40)]
    tfidf = tiny_model.vectorize(texts)
    whole = tiny_model._embed_tfidf(tfidf)  # one block
    monkeypatch.setattr(theme_model, "_EMBED_BLOCK", 7)  # six blocks
    monkeypatch.setattr(workers, "default_jobs", lambda: 1)
    one_thread = tiny_model._embed_tfidf(tfidf)
    monkeypatch.setattr(workers, "default_jobs", lambda: 3)
    threads = tiny_model._embed_tfidf(tfidf)
    assert threads.shape == (40, whole.shape[1]) and np.abs(threads).sum() > 0
    assert np.array_equal(threads, one_thread)
    assert np.array_equal(threads, whole)


def test_placing_passages_a_few_rows_at_a_time_gives_the_same_coordinates(monkeypatch):
    """The nearest laid-out passages are found a few rows at a time, and the passages placed taken from the
    whole projection block by block: the coordinates are those of one pass over a copy."""
    rng = np.random.default_rng(7)
    points = rng.standard_normal((50, 8)).astype(np.float32)
    anchors = rng.standard_normal((30, 8)).astype(np.float32)
    anchor_xy = rng.standard_normal((30, 2))
    monkeypatch.setattr(th, "_PARTITION_ROWS", 10**9)
    whole = th._place(points, anchors, anchor_xy, chunk=20)
    monkeypatch.setattr(th, "_PARTITION_ROWS", 3)
    pieces = th._place(points, anchors, anchor_xy, chunk=20)
    assert np.abs(whole).sum() > 0 and np.array_equal(pieces, whole)
    rows = np.array([4, 9, 10, 33, 47, 48])  # taken from the points block by block, not copied out first
    assert np.array_equal(th._place(points, anchors, anchor_xy, chunk=4, rows=rows),
                          th._place(points[rows], anchors, anchor_xy, chunk=4))
    # Each point sits among its five nearest anchors' positions: inside their bounding box.
    sims = points @ anchors.T
    near = np.argsort(-sims, axis=1)[:, :5]
    assert (pieces >= anchor_xy[near].min(axis=1) - 1e-9).all() and (pieces <= anchor_xy[near].max(axis=1) + 1e-9).all()


def test_smallest_k_finds_each_rows_k_smallest_values_the_first_columns_among_equals():
    """The columns of each row's k smallest values, as a stable full sort of the row gives them (ties at the edge
    to the first columns, NaN last), in ascending column order."""
    rng = np.random.default_rng(3)
    values = rng.standard_normal((200, 40)).astype(np.float32)
    values[5] = 0.0  # every column ties (a passage with no vocabulary)
    values[6, [3, 9, 17, 30]] = -9.0  # four at the bottom, then a tie at the edge
    values[6, [1, 22, 35]] = -5.0
    values[7, 2] = np.nan  # a NaN, left out
    values[8, :38] = np.nan  # fewer than k values that compare
    reference = np.sort(np.argsort(values, axis=1, kind="stable")[:, :5], axis=1)
    found = th.smallest_k(values, 5)
    assert found.shape == (200, 5) and np.array_equal(found, reference)
    assert found[5].tolist() == [0, 1, 2, 3, 4] and found[6].tolist() == [1, 3, 9, 17, 30]
    assert 2 not in found[7] and found[8].tolist() == [0, 1, 2, 38, 39]
    assert np.array_equal(th.smallest_k(values[:0], 5), np.zeros((0, 5), dtype=np.int64))
    assert th.smallest_k(values[:3, :4], 5).tolist() == [[0, 1, 2, 3]] * 3  # k beyond the columns: all of them


def test_a_passage_carries_one_theme_on_its_words_and_another_from_its_neighbour():
    passages = pd.DataFrame({"doc_id": ["a"] * 4, "position": [0, 1, 2, 3]})
    # passage 0: T on its own words, a hint of U; passage 1: U on its own words; the rest nothing
    scores = np.array([[0.9, 0.25], [0.0, 0.8], [0.0, 0.0], [0.0, 0.0]])
    themes, reasons = th.themes_in_context(passages, scores, ["T", "U"], 0.5, np.ones(4, dtype=bool))
    assert themes[0] == ["T", "U"]
    assert reasons[0] == {"T": th.REASON_WORDS, "U": th.REASON_NEIGHBOUR}
    assert themes[1] == ["U"] and reasons[1] == {"U": th.REASON_WORDS}
    assert themes[2] == [] and reasons[2] == {}


def test_named_scores_read_from_the_seed_columns_match_the_whole_matrix(tiny_model):
    from scipy import sparse

    from alliance_data.theme_model import _CENTROID_SHARE, _spec_counts

    texts = ["Patriot interceptors and more Patriot interceptors for missile defense near Tokyo",
             "A joint headquarters and a commander: command and control for the command",
             "Warships in the Taiwan Strait", "Rice farmers and rice prices", ""]
    counts = tiny_model.count_terms(texts)
    tfidf = tiny_model.vectorize(texts)
    whole = sparse.csc_matrix(counts)  # every column, as a reference
    vocabulary = tiny_model.vectorizer_.vocabulary_
    similarity = np.clip(np.asarray((tfidf @ tiny_model.seed_centroids_.T).todense()), 0.0, 1.0)
    expected = np.zeros((len(texts), len(tiny_model.theme_names_)))
    for j, (positive, negative) in enumerate(tiny_model._specs):
        evidence = np.zeros(len(texts))
        for spec in positive:
            c = _spec_counts(whole, vocabulary, spec)
            evidence += np.where(c > 0, spec.weight * (1.0 + 0.25 * np.log(np.maximum(c, 1.0))), 0.0)
        for spec in negative:
            evidence -= np.where(_spec_counts(whole, vocabulary, spec) > 0, spec.weight, 0.0)
        expected[:, j] = (1 - _CENTROID_SHARE) * (1.0 - np.exp(-np.maximum(evidence, 0.0))) + _CENTROID_SHARE * similarity[:, j]
    scores = tiny_model.transform(texts)
    np.testing.assert_allclose(scores, np.round(expected, 6), atol=1e-12)
    assert scores[0, tiny_model.theme_names_.index(MD)] > 0.5 and scores[3].max() < 0.5


def test_the_embedding_is_the_projection_of_the_tfidf_rows_made_unit_length(tiny_model):
    from sklearn.preprocessing import normalize

    texts = ["Patriot interceptors near Tokyo", "A joint headquarters for the commander", "rice"]
    expected = normalize(np.asarray(tiny_model.svd_.transform(tiny_model.vectorize(texts)), dtype=np.float64))
    embedding = tiny_model.embed(texts)
    assert embedding.dtype == np.float32
    assert np.array_equal(embedding, expected.astype(np.float32))
    with pytest.raises(ValueError, match="features"):
        tiny_model._embed_tfidf(tiny_model.vectorize(texts)[:, :-1])
