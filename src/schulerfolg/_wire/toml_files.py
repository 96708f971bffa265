"""TOML files in: a syntax or encoding error becomes a :class:`~schulerfolg.DocumentError`."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from schulerfolg.errors import DocumentError, Problem


def read_toml(path: Path, *, source: str | None = None) -> dict[str, Any]:
    """Read a TOML file into plain data; a syntax error becomes a :class:`DocumentError`."""
    name = source or str(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError(
            [Problem(path="$", message=f"not valid TOML: {exc}", code="syntax")], source=name
        ) from None
    except UnicodeDecodeError as exc:
        raise DocumentError(
            [Problem(path="$", message=f"not UTF-8 text: {exc.reason}", code="encoding")],
            source=name,
        ) from None


def read_table(document: Mapping[str, Any], key: str, *, source: str) -> list[Any]:
    """The one top-level array of tables ``key`` of a data file; any other key is refused."""
    value = document.get(key)
    if not isinstance(value, list):
        raise DocumentError(
            [Problem(path=f"$.{key}", message="expected a list of tables", code="type")],
            source=source,
        )
    extra = sorted(set(document) - {key})
    if extra:
        raise DocumentError(
            [Problem(path=f"$.{k}", message="unknown key", code="unknown_key") for k in extra],
            source=source,
        )
    return value
