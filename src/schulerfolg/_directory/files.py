"""Where the bundled data files are, and their names as problems and messages show them."""

from __future__ import annotations

from pathlib import Path
from typing import Final

# The package's data folder (an installed package is a folder: wheels are never zipped;
# ``importlib.resources`` would add ~5 ms to every command's start-up for nothing).
_DATA: Final = Path(__file__).resolve().parent.parent / "data"


def data_file(name: str) -> Path:
    """The bundled data file ``name`` (relative to ``schulerfolg/data``)."""
    return _DATA / name


def shown_name(name: str) -> str:
    """How problems name a bundled data file: ``schulerfolg/data/<name>``."""
    return f"schulerfolg/data/{name}"
