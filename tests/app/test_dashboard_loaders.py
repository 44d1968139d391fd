"""The process-wide build registry: one build per corpus, in a thread of its own."""

import threading

from alliance_dashboard import loaders, store
from alliance_dashboard.corpora import CorpusChoice
from fake_tables import fake_tables


def test_a_build_finishes_without_its_visitor_and_a_second_visitor_shares_it(monkeypatch):
    release = threading.Event()
    calls = []

    def slow_build(choice, progress=None):
        calls.append(choice.name)
        progress(0.5, "halfway")
        release.wait(10)
        return fake_tables(choice.name, "k"), False

    monkeypatch.setattr(store, "load_or_build", slow_build)
    registry = loaders._Registry()
    choice = CorpusChoice("mine", ("x",))
    first = registry.start("k", choice)
    second = registry.start("k", choice)  # a visitor arriving meanwhile watches the same build
    assert first is second
    assert not first.done.wait(0.2) and first.message == "halfway"
    # The first visitor leaves: nobody waits on the build, and it still completes.
    release.set()
    assert first.done.wait(10) and first.tables is not None and first.error is None
    registry.finish("k", first)
    assert registry.get("k") is first.tables and calls == ["mine"]


def test_a_failed_build_is_remembered_with_a_plain_message(monkeypatch):
    def failing_build(choice, progress=None):
        raise ValueError("no documents could be loaded from /srv/data/corpus/secret")

    monkeypatch.setattr(store, "load_or_build", failing_build)
    registry = loaders._Registry()
    build = registry.start("k", CorpusChoice("mine", ("x",)))
    assert build.done.wait(10)
    registry.finish("k", build)
    assert registry.get("k") is None
    assert registry.failures["k"] == "no documents could be loaded from secret"
