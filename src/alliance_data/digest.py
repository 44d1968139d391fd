"""Digests that key a build: the package's own code and data, and a corpus's inputs and settings.

Light to import (no pipeline step), so a dashboard can tell whether a stored build is current
without loading the code that builds one.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .load import RawDocument

__all__ = ["code_fingerprint", "package_version", "fingerprint", "fingerprint_of", "document_digest"]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the package's code and data, so cached tables follow rule changes (read once a process)."""
    digest = hashlib.sha256()
    root = Path(str(resources.files("alliance_data")))
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".toml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def package_version() -> str:
    """This package's installed version ("0" when it runs from a checkout that was never installed)."""
    from importlib import metadata

    try:
        return metadata.version("alliance-data")
    except metadata.PackageNotFoundError:
        return "0"


def document_digest(doc: "RawDocument") -> bytes:
    """What a corpus's fingerprint takes of one document: its source name, a digest of its text, its metadata.

    Small, so a build that sends its documents away as it reads them keeps this much of each.
    """
    return b"".join((doc.source.encode("utf-8", "surrogatepass"),
                     hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).digest(),
                     repr(sorted((k, str(v)) for k, v in doc.meta.items() if k != "fields")).encode()))


def fingerprint(documents: Iterable["RawDocument"], *, settings: str = "") -> str:
    """A digest of the inputs, the settings and the package's code."""
    return fingerprint_of((document_digest(doc) for doc in documents), settings=settings)


def fingerprint_of(digests: Iterable[bytes], *, settings: str = "") -> str:
    """:func:`fingerprint` from the documents' :func:`document_digest`, in the same order."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(settings.encode())
    for part in digests:
        digest.update(part)
    return digest.hexdigest()
