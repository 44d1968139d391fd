"""alliance_dashboard: the Streamlit glue (cached loaders, sidebar, URL state) and pure figure builders."""

__all__ = ["selection", "figures", "views", "corpora", "store", "navigation"]
