"""Shared fixtures: the bundled corpus, built once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def seed_corpus():
    from alliance_data import load_corpus

    return load_corpus()
