"""The theme model written without pickle reads back to the same transforms."""

import json

import numpy as np
import pytest

from alliance_data import load_corpus
from alliance_data.model_io import load_model, save_model
from alliance_data.themes import fit_corpus_themes


@pytest.fixture(scope="module")
def fitted():
    corpus = load_corpus()
    return corpus, fit_corpus_themes(corpus).model


def test_a_saved_model_transforms_embeds_and_predicts_as_the_original(tmp_path, fitted):
    corpus, model = fitted
    save_model(model, tmp_path)
    again = load_model(tmp_path)
    texts = corpus.passages["text"].tolist()
    np.testing.assert_array_equal(again.transform(texts), model.transform(texts))
    np.testing.assert_array_equal(again.embed(texts), model.embed(texts))
    np.testing.assert_array_equal(again.predict(texts), model.predict(texts))
    assert (again.vectorize(texts) != model.vectorize(texts)).nnz == 0
    assert list(again.feature_names()) == list(model.feature_names())
    assert again.cluster_labels_ == model.cluster_labels_ and again.theme_names_ == model.theme_names_


def test_the_files_hold_no_pickle_and_other_files_are_refused(tmp_path, fitted):
    save_model(fitted[1], tmp_path)
    with np.load(tmp_path / "model.npz", allow_pickle=False) as npz:
        assert all(npz[name].dtype != object for name in npz.files)
    meta = json.loads((tmp_path / "model.json").read_text())
    meta["format"] = 99
    (tmp_path / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="format"):
        load_model(tmp_path)
