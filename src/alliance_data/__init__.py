"""alliance_data: raw documents → clean, dated passages with themes.

The data package behind the dashboard. It never imports streamlit.
"""

from .corpus import Corpus, build_corpus, load_corpus
from .eras import DECADES, Era, Eras, load_eras
from .load import LoadProblem, RawDocument, read_sources

# The theme API pulls in scikit-learn; it is imported on first use, so code that
# only reads corpus tables (a dashboard opening a stored build) starts quickly.
_THEME_NAMES = frozenset({
    "Alignment", "NamedTheme", "ThemeConfig", "ThemeModel", "ThemeTables", "align_passages",
    "distinctive_terms_by_era", "export_theme_records", "fit_corpus_themes", "load_theme_config",
    "passage_map", "theme_colors", "theme_shares_by_era",
})


def __getattr__(name: str):
    if name in _THEME_NAMES:
        from . import themes

        return getattr(themes, name)
    raise AttributeError(f"module 'alliance_data' has no attribute {name!r}")


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
