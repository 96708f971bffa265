"""The trace of a decision: every parameter value used, and every rule run, with the layer that
supplied it.  Entries are immutable and shared between decisions, never copied."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Final

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.provenance import Source
from schulerfolg._directory.documents import to_dict
from schulerfolg._parameters.history import ParameterValue
from schulerfolg._rules.layers import Layer
from schulerfolg._wire.hooks import WrongTypeError
from schulerfolg._wire.literals import FloatLiteral, LongIntLiteral, describe_text
from schulerfolg.errors import Text

_SCALARS: Final = (str, int, float, type(None))


def _flat(data: Any) -> bool:
    """Text, numbers, booleans, null, or a list or tuple of them."""
    if isinstance(data, _SCALARS):
        return True
    return isinstance(data, list | tuple) and all(isinstance(item, _SCALARS) for item in data)


def _fresh(data: Any) -> Any:
    """A copy of JSON data whose containers a caller may change (the general case)."""
    if isinstance(data, dict):
        return {key: _fresh(item) for key, item in data.items()}
    if isinstance(data, list | tuple):
        return (
            [_fresh(item) for item in data] if isinstance(data, list) else tuple(map(_fresh, data))
        )
    return data


def _same(data: Any) -> Any:
    return data


def _copy_flat_dict(data: dict[str, Any]) -> dict[str, Any]:
    return {key: item.copy() if type(item) is list else item for key, item in data.items()}


def _copier(data: Any) -> Callable[[Any], Any]:
    """The cheapest way to hand out ``data`` so that no caller can change what others get
    (tuples and scalars are shared; lists and dicts are copied)."""
    if isinstance(data, _SCALARS) or (isinstance(data, tuple) and _flat(data)):
        return _same
    if isinstance(data, list) and _flat(data):
        return list.copy
    if isinstance(data, dict) and all(_flat(item) for item in data.values()):
        return _copy_flat_dict
    return _fresh


class _KeptJson:
    """A trace entry's wire form (``_wire``) as compact JSON text, kept once made (``_json``):
    an entry is shared by every decision that used it."""

    __slots__ = ()
    _wire: dict[str, Any]
    _json: str | None

    def json_text(self, encode: Callable[[Any], str]) -> str:
        """The wire form as JSON text by ``encode`` (compact), made once."""
        text = self._json
        if text is None:
            text = encode(self._wire)
            object.__setattr__(self, "_json", text)
        return text


@attrs.frozen(kw_only=True)
class ParameterUse(_KeptJson):
    """A parameter value an evaluation used: the parameter's ``name``, the dated ``value``
    record (shared with the parameter's history) and the layer that supplied it (its name and
    version).

    Its wire form is flat: ``name``, ``value`` (the value's JSON), ``valid_from``,
    ``valid_until``, ``provisional``, ``source``, ``layer`` and ``layer_version``.
    """

    name: str
    # Entries are equal when their wire forms are: an entry read back from JSON equals the one
    # written (the typed value and the value's note are not on the wire).
    value: ParameterValue = attrs.field(eq=False)
    layer: str
    layer_version: str
    # The wire form, computed once (an entry is shared by every decision that used it), and
    # how to copy its value for a caller.
    _wire: dict[str, Any] = attrs.field(init=False, repr=False, eq=True, hash=False)
    _copy_value: Callable[[Any], Any] = attrs.field(init=False, repr=False, eq=False, hash=False)
    # The wire form as compact JSON text, made the first time a decision is written so.
    _json: str | None = attrs.field(init=False, default=None, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        value = self.value
        wire = {
            "name": self.name,
            "value": to_dict(value.value),
            "valid_from": value.valid_from.isoformat(),
            "valid_until": value.valid_until.isoformat() if value.valid_until else None,
            "provisional": value.provisional,
            "source": {"reference": value.source.reference, "title": value.source.title},
            "layer": self.layer,
            "layer_version": self.layer_version,
        }
        object.__setattr__(self, "_wire", wire)
        object.__setattr__(self, "_copy_value", _copier(wire["value"]))

    @classmethod
    def of(cls, name: str, value: ParameterValue, layer: Layer) -> ParameterUse:
        """The entry for ``value`` of parameter ``name``, supplied by ``layer``."""
        return cls(name=name, value=value, layer=layer.name, layer_version=layer.version)

    def __wire_form__(self, unstructure: Callable[[Any], Any], *, fresh: bool) -> dict[str, Any]:
        """The flat JSON form of the entry (see the class doc): a copy a caller may change, or
        with ``fresh=False`` the cached form itself (for output turned into text at once)."""
        del unstructure  # computed once, when the entry was made
        if not fresh:
            return self._wire
        wire = dict(self._wire)
        wire["value"] = self._copy_value(wire["value"])
        wire["source"] = dict(wire["source"])
        return wire

    @classmethod
    def __from_wire__(cls, data: object, structure: Callable[[Any, Any], Any]) -> ParameterUse:
        """The entry read back from its flat JSON form (see the class doc)."""
        flat: _FlatParameterUse = structure(data, _FlatParameterUse)
        _plain_json(flat.value)
        value = ParameterValue(
            value=flat.value,
            valid_from=flat.valid_from,
            valid_until=flat.valid_until,
            provisional=flat.provisional,
            source=flat.source,
        )
        return cls(name=flat.name, value=value, layer=flat.layer, layer_version=flat.layer_version)


def _plain_json(data: Any) -> None:
    """A traced value read back must be plain JSON data: an inexact or huge number inside it
    (which the reader keeps unconverted) is refused, as anywhere else."""
    if isinstance(data, FloatLiteral | LongIntLiteral):
        raise WrongTypeError(
            Text(N_("a traced value may not hold {got}"), {"got": describe_text(data)})
        )
    if isinstance(data, dict):
        for item in data.values():
            _plain_json(item)
    elif isinstance(data, list | tuple):
        for item in data:
            _plain_json(item)


@attrs.frozen(kw_only=True)
class _FlatParameterUse:
    """The flat wire form of a :class:`ParameterUse`, for reading it back."""

    name: str
    value: Any
    valid_from: date
    valid_until: date | None = None
    provisional: bool
    source: Source
    layer: str
    layer_version: str


@attrs.frozen(kw_only=True)
class RuleUse(_KeptJson):
    """A rule that ran in an evaluation, and the layer that supplied it."""

    id: str
    layer: str
    layer_version: str
    replaces: str | None = None
    # The wire form, computed once: a rulebook's rule list is shared by all its decisions.
    _wire: dict[str, Any] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _json: str | None = attrs.field(init=False, default=None, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        wire = {
            "id": self.id,
            "layer": self.layer,
            "layer_version": self.layer_version,
            "replaces": self.replaces,
        }
        object.__setattr__(self, "_wire", wire)

    def __wire_form__(self, unstructure: Callable[[Any], Any], *, fresh: bool) -> dict[str, Any]:
        """The JSON form: a copy, or with ``fresh=False`` the cached form itself."""
        del unstructure
        return dict(self._wire) if fresh else self._wire
