"""alliance_data: raw documents → clean, dated passages with themes.

The data package behind the dashboard. It never imports streamlit.
"""

from .corpus import Corpus, build_corpus, load_corpus
from .eras import DECADES, Era, Eras, load_eras
from .load import LoadProblem, RawDocument, read_sources

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
]
