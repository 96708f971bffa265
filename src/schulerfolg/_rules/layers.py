"""Layers: where rules and parameter values come from — the state-wide base, or a district
plugin named by its distribution, entry point and version."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

import attrs

from schulerfolg._version import __version__


class LayerKind(StrEnum):
    """Where rules and values come from."""

    STATE = "state"
    PLUGIN = "plugin"


@attrs.frozen(kw_only=True)
class Layer:
    """A source of rules and parameter values: the state-wide base, or a district plugin
    (named ``distribution/entry-point``, with the distribution's version)."""

    kind: LayerKind
    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


#: The state-wide base, versioned with the library.
STATE_LAYER: Final = Layer(kind=LayerKind.STATE, name="state", version=__version__)
