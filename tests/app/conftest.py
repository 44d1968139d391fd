"""One built corpus for the whole AppTest session, in a temporary cache folder."""

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def dashboard_cache(tmp_path_factory):
    """Point the dashboard's disk cache at a session folder: the first AppTest builds, the rest reuse."""
    folder = os.environ.get("ALLIANCE_TEST_CACHE_DIR") or str(tmp_path_factory.mktemp("dashboard-cache"))
    saved = {k: os.environ.get(k) for k in ("ALLIANCE_CACHE_DIR", "ALLIANCE_CORPORA")}
    os.environ["ALLIANCE_CACHE_DIR"] = folder
    os.environ.pop("ALLIANCE_CORPORA", None)
    yield folder
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def seed_tables(dashboard_cache):
    """The bundled corpus's built tables (from the session cache once an AppTest has built them)."""
    from alliance_dashboard.corpora import BUNDLED, CorpusChoice
    from alliance_dashboard.store import load_or_build

    tables, _ = load_or_build(CorpusChoice(BUNDLED))
    return tables
