"""Which corpora the dashboard offers: the bundled one plus any named in settings.

Settings come from the environment variable ``ALLIANCE_CORPORA``
(``name=path;name2=path2``) or from a ``[corpora]`` table in
``.streamlit/secrets.toml``::

    [corpora]
    ungdc = "../shared/corpora/ungdc/ungdc_1946_2024.jsonl.gz"

A path may be a folder, a file or several of either joined by ``,``.
Relative paths are read from the working directory (the repository root when
run with ``streamlit run dashboard.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

__all__ = ["CorpusChoice", "BUNDLED", "parse_corpora_setting", "corpus_choices"]

BUNDLED = "alliance"


@dataclass(frozen=True)
class CorpusChoice:
    """One selectable corpus: a short name for the URL and its sources (None: the bundled seeds).

    A corpus may carry its own title and description, a themes file and an eras file (TOML,
    as ``alliance-data export --themes/--eras`` reads them); uploaded corpora do. A topics
    file labels its discovered topics (``alliance_data.theme_config.load_topic_labels``).
    """

    name: str
    sources: tuple[str, ...] | None = None
    title: str | None = None
    description: str | None = None
    themes: str | None = None
    eras: str | None = None
    uploaded: bool = False
    topics: str | None = None  # a TOML file of labels for the discovered topics

    @property
    def label(self) -> str:
        if self.sources is None:
            return f"{self.name} (bundled US–Japan alliance articles)"
        if self.uploaded:
            return f"{self.title or 'Uploaded corpus'} (uploaded; link id {self.name})"
        if self.title:
            return self.title
        return f"{self.name} ({', '.join(Path(s).name for s in self.sources)})"


def parse_corpora_setting(text: str | None) -> dict[str, tuple[str, ...]]:
    """``"a=path;b=p1,p2"`` → ``{"a": ("path",), "b": ("p1", "p2")}``; malformed parts raise ValueError."""
    corpora: dict[str, tuple[str, ...]] = {}
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        name, sep, paths = part.partition("=")
        name = name.strip()
        sources = tuple(p.strip() for p in paths.split(",") if p.strip())
        if not sep or not name or not sources:
            raise ValueError(f"ALLIANCE_CORPORA: expected name=path, got {part!r}")
        corpora[name] = sources
    return corpora


#: Settings a corpus may carry beside its paths (a table under ``[corpora]``).
CORPUS_SETTINGS = ("path", "paths", "title", "description", "themes", "eras", "topics")


def _corpus_entry(name: str, value: object) -> tuple[tuple[str, ...], dict[str, str]]:
    """One ``[corpora]`` entry: a path, a list of paths, or a table with ``path(s)`` and optional settings.

    Raises ValueError saying what is wrong with it.
    """
    settings: dict[str, str] = {}
    if isinstance(value, Mapping):
        unknown = sorted(set(map(str, value)) - set(CORPUS_SETTINGS))
        if unknown:
            raise ValueError(f"secrets [corpora.{name}]: unknown setting(s) {', '.join(unknown)} "
                             f"(expected {', '.join(CORPUS_SETTINGS)})")
        for key in ("title", "description", "themes", "eras", "topics"):
            if key in value:
                if not isinstance(value[key], str):
                    raise ValueError(f"secrets [corpora.{name}]: {key} must be text")
                settings[key] = value[key].strip()
        value = value.get("paths", value.get("path"))
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"secrets [corpora] {name}: expected a path or a list of paths")
    paths = tuple(v.strip() for v in value if v.strip())
    if not paths:
        raise ValueError(f"secrets [corpora] {name}: no path given")
    return paths, settings


def corpus_choices(
    env: str | None = None,
    secrets: Mapping[str, object] | None = None,
    *,
    base_dir: str | Path = ".",
) -> tuple[list[CorpusChoice], list[str]]:
    """The bundled corpus first, then configured ones; plus problems with the settings.

    A secrets entry may be a path, a list of paths, or a table with ``path`` (or ``paths``),
    ``title``, ``description``, ``themes``, ``eras`` and ``topics`` (TOML files; relative paths
    are read from ``base_dir`` like the corpus paths).
    """
    problems: list[str] = []
    configured: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {}
    for name, value in dict(secrets or {}).items():
        try:
            configured[str(name)] = _corpus_entry(str(name), value)
        except ValueError as exc:
            problems.append(str(exc))
    try:
        configured.update({name: (paths, {}) for name, paths in parse_corpora_setting(env).items()})
    except ValueError as exc:
        problems.append(str(exc))
    choices = [CorpusChoice(BUNDLED)]
    base = Path(base_dir)

    def resolve(p: str) -> str:
        return str(p if Path(p).is_absolute() else (base / p))

    for name, (sources, settings) in configured.items():
        if name == BUNDLED:
            problems.append(f"corpus name {BUNDLED!r} is reserved for the bundled corpus")
            continue
        resolved = tuple(resolve(p) for p in sources)
        files = {key: resolve(settings[key]) for key in ("themes", "eras", "topics") if settings.get(key)}
        missing = [s for s in resolved + tuple(files.values()) if not Path(s).exists()]
        if missing:
            problems.append(f"corpus {name!r}: {', '.join(missing)} not found")
            continue
        choices.append(CorpusChoice(name, resolved, title=settings.get("title") or None,
                                    description=settings.get("description") or None,
                                    themes=files.get("themes"), eras=files.get("eras"), topics=files.get("topics")))
    return choices, problems
