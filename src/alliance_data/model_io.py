"""A fitted theme model on disk without pickle: ``model.json`` (settings, names, labels) and ``model.npz`` (arrays).

Reading one runs no code from the files: JSON holds only text and numbers, and
the arrays are loaded with ``allow_pickle=False``. The scikit-learn parts are
rebuilt from what they learned (vocabulary, idf weights, LSA components,
cluster centres), so a model read back transforms, embeds and predicts exactly
as the one that was saved. Format, version 1:

- ``model.json``: ``format``, ``params`` (the constructor's settings),
  ``config`` (the named themes), ``vocabulary`` (feature names in column
  order), ``theme_names``, ``theme_ids``, ``min_score``, ``cluster_ids``,
  ``cluster_labels``, ``cluster_terms``, ``cluster_sizes``, ``n_clusters``,
  ``n_train``, ``has_svd``;
- ``model.npz``: ``idf``, ``components`` (when ``has_svd``), ``cluster_centers``,
  ``stability``, and ``seed_data``/``seed_indices``/``seed_indptr``/``seed_shape``
  (the named themes' seed centroids, a sparse matrix).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer

from .theme_config import NamedTheme, ThemeConfig
from .theme_model import STOP_WORDS, TOKEN_PATTERN, ThemeModel, _theme_specs, tfidf_weights

__all__ = ["MODEL_FORMAT", "save_model", "load_model", "model_files"]

MODEL_FORMAT = 1
_PARAMS = ("n_clusters", "max_features", "min_df", "max_df", "random_state", "n_init", "min_score",
           "n_components", "n_stability", "stability_sample")


def model_files(folder: Path, stem: str = "model") -> tuple[Path, Path]:
    return folder / f"{stem}.json", folder / f"{stem}.npz"


def _plain(value):
    """JSON-safe: numpy scalars to Python, tuples to lists."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def save_model(model: ThemeModel, folder: Path, stem: str = "model") -> tuple[Path, Path]:
    """Write a fitted model as ``<stem>.json`` and ``<stem>.npz`` in ``folder``; returns both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    config = model.config_
    meta = {
        "format": MODEL_FORMAT,
        "params": {name: _plain(getattr(model, name)) for name in _PARAMS},
        "config": {"themes": [_plain(asdict(t)) for t in config.themes], "n_clusters": config.n_clusters,
                   "min_score": config.min_score, "source": config.source},
        "vocabulary": [str(t) for t in model.vectorizer_.get_feature_names_out()],
        "theme_names": list(model.theme_names_), "theme_ids": list(model.theme_ids_),
        "min_score": float(model.min_score_),
        "cluster_ids": list(model.cluster_ids_), "cluster_labels": list(model.cluster_labels_),
        "cluster_terms": _plain(model.cluster_terms_), "cluster_sizes": _plain(model.cluster_sizes_),
        "n_clusters": int(model.n_clusters_), "n_train": int(model.n_train_), "has_svd": model.svd_ is not None,
    }
    seeds = sparse.csr_matrix(model.seed_centroids_)
    arrays = {
        "idf": np.asarray(model.tfidf_.idf_, dtype=np.float64),
        "cluster_centers": np.asarray(model.cluster_centers_, dtype=np.float32),
        "stability": np.asarray(model.stability_, dtype=np.float64),
        "seed_data": seeds.data, "seed_indices": seeds.indices, "seed_indptr": seeds.indptr,
        "seed_shape": np.asarray(seeds.shape, dtype=np.int64),
    }
    if model.svd_ is not None:
        arrays["components"] = np.asarray(model.svd_.components_)
    json_path, npz_path = model_files(folder, stem)
    json_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    with npz_path.open("wb") as out:
        np.savez(out, **arrays)
    return json_path, npz_path


def load_model(folder: Path, stem: str = "model") -> ThemeModel:
    """Read a model written by :func:`save_model`; raises ValueError when the files are not such a model."""
    json_path, npz_path = model_files(folder, stem)
    meta = json.loads(json_path.read_text(encoding="utf-8"))
    if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
        raise ValueError(f"not a theme model of format {MODEL_FORMAT}")
    with np.load(npz_path, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    themes = tuple(
        NamedTheme(**{**t, **{k: tuple(t[k]) for k in ("seed_terms", "exclude_terms", "core_terms") if k in t}})
        for t in meta["config"]["themes"]
    )
    config = ThemeConfig(themes=themes, n_clusters=meta["config"]["n_clusters"],
                         min_score=meta["config"]["min_score"], source=meta["config"].get("source", ""))
    model = ThemeModel(config=config, **meta["params"])
    model._validate_params()
    model.theme_names_, model.theme_ids_ = list(meta["theme_names"]), list(meta["theme_ids"])
    model.min_score_ = float(meta["min_score"])
    model._specs = [_theme_specs(theme) for theme in config.themes]
    vocabulary = list(meta["vocabulary"])
    model.vectorizer_ = CountVectorizer(token_pattern=TOKEN_PATTERN, stop_words=list(STOP_WORDS), ngram_range=(1, 2),
                                        dtype=np.float32, vocabulary=vocabulary).fit([])
    model.tfidf_ = tfidf_weights(arrays["idf"])
    if meta["has_svd"]:
        svd = TruncatedSVD(n_components=int(arrays["components"].shape[0]))
        svd.components_ = arrays["components"]
        svd.n_features_in_ = int(arrays["components"].shape[1])
        model.svd_ = svd
    else:
        model.svd_ = None
    shape = tuple(int(x) for x in arrays["seed_shape"])
    model.seed_centroids_ = sparse.csr_matrix((arrays["seed_data"], arrays["seed_indices"], arrays["seed_indptr"]),
                                              shape=shape)
    model.cluster_model_ = None
    model.cluster_centers_ = arrays["cluster_centers"]
    model.cluster_ids_, model.cluster_labels_ = list(meta["cluster_ids"]), list(meta["cluster_labels"])
    model.cluster_terms_ = [list(t) for t in meta["cluster_terms"]]
    model.cluster_sizes_ = [int(s) for s in meta["cluster_sizes"]]
    model.n_clusters_, model.n_train_ = int(meta["n_clusters"]), int(meta["n_train"])
    model.stability_ = arrays["stability"]
    model.labels_ = np.zeros(0, dtype=np.int64)  # training labels live in the assignments table
    model.named_scores_ = np.zeros((0, len(model.theme_names_)))
    return model
