"""alliance_data: raw documents → clean, dated passages with themes.

The data package behind the dashboard. It never imports streamlit.
"""

from importlib import import_module

# Every name is imported from its module on first use: importing one module of the package
# (a dashboard opening a stored build reads alliance_data.tables) loads neither the pipeline
# steps nor the theme model and scikit-learn.
_HOMES = {
    "Corpus": "tables",
    "build_corpus": "corpus", "load_corpus": "corpus",
    "DECADES": "eras", "Era": "eras", "Eras": "eras", "load_eras": "eras",
    "LoadProblem": "load", "RawDocument": "load", "read_sources": "load",
    **dict.fromkeys((
        "Alignment", "NamedTheme", "ThemeConfig", "ThemeModel", "ThemeTables", "align_passages",
        "distinctive_terms_by_era", "export_theme_records", "fit_corpus_themes", "load_theme_config",
        "passage_map", "theme_colors", "theme_shares_by_era",
    ), "themes"),
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'alliance_data' has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))


__all__ = [
    "Corpus",
    "build_corpus",
    "load_corpus",
    "Era",
    "Eras",
    "DECADES",
    "load_eras",
    "LoadProblem",
    "RawDocument",
    "read_sources",
    "Alignment",
    "NamedTheme",
    "ThemeConfig",
    "ThemeModel",
    "ThemeTables",
    "align_passages",
    "distinctive_terms_by_era",
    "export_theme_records",
    "fit_corpus_themes",
    "load_theme_config",
    "passage_map",
    "theme_colors",
    "theme_shares_by_era",
]
