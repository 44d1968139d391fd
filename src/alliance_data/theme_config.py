"""Named themes: curated seed terms, loaded from a small reviewed TOML file.

The packaged file (``data/themes.toml``) covers the bundled US–Japan alliance
corpus. A user file either replaces it or, with ``extend=True`` (or a top-level
``extend = true`` key in the file), adds to it; a user theme with the name of a
packaged one replaces that one in place.

Discovered topics are named by their terms; a topics file (``[topics]``, one
``topic id = "label"`` a line) gives them names a reader chose instead.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

__all__ = [
    "NamedTheme",
    "ThemeConfig",
    "load_theme_config",
    "DEFAULT_MIN_SCORE",
    "load_topic_labels",
    "topic_renames",
    "topics_toml",
    "MAX_LABEL_CHARS",
]

DEFAULT_MIN_SCORE = 0.5

_THEME_KEYS = {"name", "description", "seed_terms", "exclude_terms", "core_terms", "source"}
_TOP_KEYS = {"themes", "n_clusters", "min_score", "extend"}


@dataclass(frozen=True)
class NamedTheme:
    """A theme the reader names in advance.

    ``seed_terms`` are words and phrases that point towards the theme; they
    add up, so a single common word is not enough. ``core_terms`` are the
    unmistakable ones ("patriot", "taiwan strait") that carry a passage on
    their own. ``exclude_terms`` signal a neighbouring subject (missiles for
    strike rather than defence) and count against the theme.
    """

    name: str
    description: str
    seed_terms: tuple[str, ...]
    exclude_terms: tuple[str, ...] = ()
    core_terms: tuple[str, ...] = ()
    source: str = ""

    @property
    def theme_id(self) -> str:
        return slugify(self.name)

    @property
    def all_terms(self) -> tuple[str, ...]:
        """Core terms first, then the other seed terms, without repeats."""
        return tuple(dict.fromkeys((*self.core_terms, *self.seed_terms)))


@dataclass(frozen=True)
class ThemeConfig:
    """The named themes plus the discovered-theme settings."""

    themes: tuple[NamedTheme, ...]
    n_clusters: int | str = "auto"
    min_score: float = DEFAULT_MIN_SCORE
    source: str = field(default="", compare=False)

    @property
    def names(self) -> list[str]:
        return [theme.name for theme in self.themes]


def slugify(name: str) -> str:
    """``"Missile defense"`` → ``"missile-defense"``; stable ids from names."""
    out = []
    for ch in name.lower():
        out.append(ch if ch.isalnum() else "-")
    slug = "-".join(part for part in "".join(out).split("-") if part)
    return slug or "theme"


def _fail(where: str, problem: str) -> ValueError:
    return ValueError(f"theme config {where}: {problem}")


def _terms(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, f"'{key}' must be a list of strings")
    terms = tuple(dict.fromkeys(v.strip().lower() for v in value if v.strip()))
    return terms


def _parse_theme(raw: Any, where: str, index: int) -> NamedTheme:
    at = f"{where} (theme #{index + 1})"
    if not isinstance(raw, dict):
        raise _fail(at, "each [[themes]] entry must be a table")
    unknown = sorted(set(raw) - _THEME_KEYS)
    if unknown:
        raise _fail(at, f"unknown key(s) {unknown}; allowed: {sorted(_THEME_KEYS)}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(at, "'name' is required and must be a non-empty string")
    at = f"{where} (theme {name.strip()!r})"
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise _fail(at, "'description' must be a string")
    seed = _terms(raw.get("seed_terms"), at, "seed_terms")
    core = _terms(raw.get("core_terms"), at, "core_terms")
    if not seed and not core:
        raise _fail(at, "needs at least one of 'seed_terms' or 'core_terms'")
    source = raw.get("source", "")
    if not isinstance(source, str):
        raise _fail(at, "'source' must be a string")
    return NamedTheme(
        name=name.strip(),
        description=description.strip(),
        seed_terms=seed,
        exclude_terms=_terms(raw.get("exclude_terms"), at, "exclude_terms"),
        core_terms=core,
        source=source.strip(),
    )


def _parse(data: dict[str, Any], where: str) -> tuple[list[NamedTheme], dict[str, Any]]:
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise _fail(where, f"unknown top-level key(s) {unknown}; allowed: {sorted(_TOP_KEYS)}")
    raw_themes = data.get("themes", [])
    if not isinstance(raw_themes, list):
        raise _fail(where, "'themes' must be an array of tables ([[themes]])")
    themes = [_parse_theme(raw, where, i) for i, raw in enumerate(raw_themes)]
    seen: set[str] = set()
    for theme in themes:
        key = theme.name.casefold()
        if key in seen:
            raise _fail(where, f"duplicate theme name {theme.name!r}")
        seen.add(key)
    settings: dict[str, Any] = {}
    if "n_clusters" in data:
        k = data["n_clusters"]
        if not (k == "auto" or (isinstance(k, int) and not isinstance(k, bool) and k >= 2)):
            raise _fail(where, f"'n_clusters' must be \"auto\" or an integer >= 2, got {k!r}")
        settings["n_clusters"] = k
    if "min_score" in data:
        s = data["min_score"]
        if isinstance(s, bool) or not isinstance(s, (int, float)) or not 0.0 < float(s) < 1.0:
            raise _fail(where, f"'min_score' must be a number between 0 and 1, got {s!r}")
        settings["min_score"] = float(s)
    if "extend" in data:
        if not isinstance(data["extend"], bool):
            raise _fail(where, "'extend' must be true or false")
        settings["extend"] = data["extend"]
    return themes, settings


def _read(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(where, f"not valid TOML ({exc})") from None


def _packaged() -> ThemeConfig:
    text = resources.files("alliance_data").joinpath("data/themes.toml").read_text(encoding="utf-8")
    themes, settings = _parse(_read(text, "themes.toml"), "themes.toml")
    settings.pop("extend", None)
    return ThemeConfig(themes=tuple(themes), source="themes.toml", **settings)


def _file_text(path: str | Path) -> str:
    """A settings file's text; ``ValueError`` naming the file when it is missing or unreadable."""
    file = Path(path)
    if not file.is_file():
        raise _fail(str(path), "file does not exist")
    try:
        return file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(str(path), f"cannot be read ({exc})") from None


def load_theme_config(path: str | Path | None = None, *, extend: bool = False) -> ThemeConfig:
    """The packaged named themes, or a user's file replacing or extending them.

    A bad file raises ``ValueError`` naming the file and the problem.
    """
    default = _packaged()
    if path is None:
        return default
    where = str(path)
    themes, settings = _parse(_read(_file_text(path), where), where)
    extend = bool(settings.pop("extend", extend)) or extend
    if not extend:
        if not themes:
            raise _fail(where, "defines no [[themes]] (use extend = true to add settings to the packaged themes)")
        return ThemeConfig(themes=tuple(themes), source=where, **settings)
    merged = list(default.themes)
    index = {theme.name.casefold(): i for i, theme in enumerate(merged)}
    for theme in themes:
        key = theme.name.casefold()
        if key in index:
            merged[index[key]] = theme
        else:
            index[key] = len(merged)
            merged.append(theme)
    options = {"n_clusters": default.n_clusters, "min_score": default.min_score, **settings}
    return ThemeConfig(themes=tuple(merged), source=f"themes.toml + {where}", **options)


#: Longest label a topics file may give.
MAX_LABEL_CHARS = 80
_TOPIC_ID = re.compile(r"t[0-9a-f]{10}")


def load_topic_labels(path: str | Path) -> dict[str, str]:
    """Labels for discovered topics from a TOML file: ``[topics]`` with ``topic id = "label"`` lines.

    A topic's id is shown with it on the Themes page and stays the same as long as
    the corpus and its settings do. A bad file raises ``ValueError`` naming the file
    and the problem.
    """
    where = str(path)
    data = _read(_file_text(path), where)
    unknown = sorted(set(data) - {"topics"})
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(unknown)} (expected a [topics] table)")
    table = data.get("topics", {})
    if not isinstance(table, dict):
        raise _fail(where, "topics must be a table of topic id = \"label\"")
    labels: dict[str, str] = {}
    seen: dict[str, str] = {}
    for topic_id, label in table.items():
        if not _TOPIC_ID.fullmatch(topic_id):
            raise _fail(where, f"{topic_id!r} is not a topic id (a t and ten hex digits, as the Themes page shows)")
        if not isinstance(label, str) or not " ".join(label.split()):
            raise _fail(where, f"the label of {topic_id} must be non-empty text")
        label = " ".join(label.split())
        if len(label) > MAX_LABEL_CHARS:
            raise _fail(where, f"the label of {topic_id} is longer than {MAX_LABEL_CHARS} characters")
        if label.casefold() in seen:
            raise _fail(where, f"{topic_id} and {seen[label.casefold()]} have the same label {label!r}")
        seen[label.casefold()] = topic_id
        labels[topic_id] = label
    return labels


def topic_renames(themes: Any, labels: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """``{current name: label}`` for the discovered topics of ``themes`` (the themes table) that ``labels`` names.

    Returns the renames and a note per label not used: an id this corpus has no
    topic for, or a label taken by a named theme or another topic.
    """
    discovered = themes[themes["kind"] == "discovered"]
    names = dict(zip(discovered["theme_id"].astype(str), discovered["name"].astype(str)))
    renames = {names[i]: label for i, label in labels.items() if i in names and label != names[i]}
    notes = [f"topic {i} is not a topic of this corpus" for i in labels if i not in names]
    final = {str(n).casefold() for n in themes["name"] if str(n) not in renames}
    for old, new in list(renames.items()):
        if new.casefold() in final:
            notes.append(f"the label {new!r} is already the name of another theme")
            del renames[old]
        else:
            final.add(new.casefold())
    return renames, notes


def topics_toml(themes: Any) -> str:
    """A topics file naming every discovered topic of ``themes`` by its current name, ready to edit."""
    lines = ["# Labels for the discovered topics: topic id = \"label\". Edit a label, keep the id.",
             "# Topics keep their ids as long as the corpus and its settings stay the same.", "", "[topics]"]
    discovered = themes[themes["kind"] == "discovered"]
    for topic_id, name, terms in zip(discovered["theme_id"], discovered["name"], discovered["terms"]):
        words = ", ".join(str(t) for t in list(terms)[:8])
        lines.append(f"{topic_id} = {json.dumps(str(name), ensure_ascii=False)}  # {words}")
    return "\n".join(lines) + "\n"
