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
    as ``alliance-data export --themes/--eras`` reads them); uploaded corpora do.
    """

    name: str
    sources: tuple[str, ...] | None = None
    title: str | None = None
    description: str | None = None
    themes: str | None = None
    eras: str | None = None
    uploaded: bool = False

    @property
    def label(self) -> str:
        if self.sources is None:
            return f"{self.name} (bundled US–Japan alliance articles)"
        if self.uploaded:
            return f"{self.title or 'Uploaded corpus'} (uploaded; link id {self.name})"
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


def corpus_choices(
    env: str | None = None,
    secrets: Mapping[str, object] | None = None,
    *,
    base_dir: str | Path = ".",
) -> tuple[list[CorpusChoice], list[str]]:
    """The bundled corpus first, then configured ones; plus problems with the settings."""
    problems: list[str] = []
    configured: dict[str, tuple[str, ...]] = {}
    for name, value in dict(secrets or {}).items():
        if isinstance(value, str):
            value = [v for v in value.split(",")]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            problems.append(f"secrets [corpora] {name}: expected a path or a list of paths")
            continue
        configured[str(name)] = tuple(v.strip() for v in value if v.strip())
    try:
        configured.update(parse_corpora_setting(env))
    except ValueError as exc:
        problems.append(str(exc))
    choices = [CorpusChoice(BUNDLED)]
    base = Path(base_dir)
    for name, sources in configured.items():
        if name == BUNDLED:
            problems.append(f"corpus name {BUNDLED!r} is reserved for the bundled corpus")
            continue
        resolved = tuple(str(p if Path(p).is_absolute() else (base / p)) for p in sources)
        missing = [s for s in resolved if not Path(s).exists()]
        if missing:
            problems.append(f"corpus {name!r}: {', '.join(missing)} not found")
            continue
        choices.append(CorpusChoice(name, resolved))
    return choices, problems
