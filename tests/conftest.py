"""Shared fixtures: the bundled corpus, built once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def seed_corpus():
    from alliance_data import load_corpus

    return load_corpus()


@pytest.fixture(scope="session", autouse=True)
def private_cache_folder(tmp_path_factory):
    """Builds stored by any test go to a folder of this session, never to the user's cache."""
    import os

    saved = os.environ.get("ALLIANCE_CACHE_DIR")
    os.environ["ALLIANCE_CACHE_DIR"] = str(tmp_path_factory.mktemp("alliance-cache"))
    yield
    if saved is None:
        os.environ.pop("ALLIANCE_CACHE_DIR", None)
    else:
        os.environ["ALLIANCE_CACHE_DIR"] = saved
