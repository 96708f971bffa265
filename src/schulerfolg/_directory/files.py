"""Where the bundled data files are, and their names as problems and messages show them."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_file(name: str) -> Path:
    """The bundled data file ``name`` (relative to ``schulerfolg/data``)."""
    return Path(str(files("schulerfolg") / "data" / name))


def shown_name(name: str) -> str:
    """How problems name a bundled data file: ``schulerfolg/data/<name>``."""
    return f"schulerfolg/data/{name}"
