"""Eras: decades by default, or named periods from a TOML file.

A named-eras file looks like::

    [[era]]
    name = "Cold War"
    start = 1947
    end = 1991

A document belongs to an era only when its whole date interval falls inside
it; a document whose interval straddles two eras gets no era, rather than a
guess.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Era", "Eras", "DECADES", "load_eras", "era_of"]


@dataclass(frozen=True, order=True)
class Era:
    start: int
    end: int  # inclusive
    name: str


@dataclass(frozen=True)
class Eras:
    """Either decades (``named`` empty) or a list of named, non-overlapping eras."""

    named: tuple[Era, ...] = ()

    @property
    def label(self) -> str:
        return "decades" if not self.named else ",".join(f"{e.name}:{e.start}-{e.end}" for e in self.named)

    def of_year(self, year: int) -> str | None:
        if not self.named:
            return f"{year // 10 * 10}s"
        for era in self.named:
            if era.start <= year <= era.end:
                return era.name
        return None

    def order(self, names) -> list[str]:
        """Era names in time order."""
        if not self.named:
            return sorted(set(names), key=lambda n: int(n[:-1]))
        rank = {e.name: i for i, e in enumerate(self.named)}
        return sorted(set(names), key=lambda n: rank.get(n, len(rank)))


DECADES = Eras()


def load_eras(path: str | Path | None) -> Eras:
    """Named eras from a TOML file; None gives decades. Bad files raise ValueError naming the problem."""
    if path is None:
        return DECADES
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"eras file {path}: cannot be read ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"eras file {path}: not valid TOML ({exc})") from exc
    rows = data.get("era")
    if not isinstance(rows, list) or not rows:
        raise ValueError(f"eras file {path}: expected one or more [[era]] tables with name, start, end")
    eras = []
    for i, row in enumerate(rows, start=1):
        try:
            era = Era(int(row["start"]), int(row["end"]), str(row["name"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"eras file {path}: era {i} needs name, start and end (years)") from exc
        if era.end < era.start:
            raise ValueError(f"eras file {path}: era '{era.name}' ends ({era.end}) before it starts ({era.start})")
        eras.append(era)
    eras.sort()
    for a, b in zip(eras, eras[1:]):
        if b.start <= a.end:
            raise ValueError(f"eras file {path}: eras '{a.name}' and '{b.name}' overlap")
    return Eras(tuple(eras))


def era_of(date_min: str | None, date_max: str | None, eras: Eras = DECADES) -> str | None:
    """The era holding the whole interval, or None when undated or straddling two eras."""
    if not isinstance(date_min, str) or not isinstance(date_max, str) or not date_min or not date_max:
        return None
    first, last = eras.of_year(int(date_min[:4])), eras.of_year(int(date_max[:4]))
    return first if first == last else None
