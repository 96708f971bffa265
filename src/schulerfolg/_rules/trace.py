"""The trace of a decision: every parameter value used, and every rule run, with the layer that
supplied it.  Entries are immutable and shared between decisions, never copied."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from schulerfolg._parameters.history import ParameterValue
from schulerfolg._rules.layers import Layer


@attrs.frozen(kw_only=True)
class ParameterUse:
    """A parameter value an evaluation used: the parameter's ``name``, the dated ``value``
    record (shared with the parameter's history) and the layer that supplied it (its name and
    version).

    Its wire form is flat: ``name``, ``value`` (the value's JSON), ``valid_from``,
    ``valid_until``, ``provisional``, ``source``, ``layer`` and ``layer_version``.
    """

    name: str
    value: ParameterValue
    layer: str
    layer_version: str

    @classmethod
    def of(cls, name: str, value: ParameterValue, layer: Layer) -> ParameterUse:
        """The entry for ``value`` of parameter ``name``, supplied by ``layer``."""
        return cls(name=name, value=value, layer=layer.name, layer_version=layer.version)

    def __wire_form__(self, unstructure: Callable[[Any], Any]) -> dict[str, Any]:
        """The flat JSON form of the entry (see the class doc)."""
        value = self.value
        return {
            "name": self.name,
            "value": unstructure(value.value),
            "valid_from": value.valid_from.isoformat(),
            "valid_until": value.valid_until.isoformat() if value.valid_until else None,
            "provisional": value.provisional,
            "source": {"reference": value.source.reference, "title": value.source.title},
            "layer": self.layer,
            "layer_version": self.layer_version,
        }


@attrs.frozen(kw_only=True)
class RuleUse:
    """A rule that ran in an evaluation, and the layer that supplied it."""

    id: str
    layer: str
    layer_version: str
    replaces: str | None = None
