"""What a district changes on top of the state-wide base: the :class:`DistrictPlugin`
declaration (published by a plugin, Python or TOML) and the :class:`Overlay` — that declaration
as it is layered, with its resolved district, its layer and its compiled catalogs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import attrs
from babel.support import Translations

from schulerfolg._core.provenance import Source
from schulerfolg._model.organisations import District
from schulerfolg._parameters.history import Parameter
from schulerfolg._parameters.specs import ParameterSpec
from schulerfolg._rules.layers import Layer
from schulerfolg._rules.rule import Rule


@attrs.frozen(kw_only=True)
class DistrictPlugin:
    """A district's rules for educational offers, layered over the state-wide rules.

    ``district`` is a key, slug or name (``"15001"``, ``"dessau-rosslau"``).  Parameter values
    must have the type their :class:`~schulerfolg.plugins.ParameterSpec` declares and be
    immutable.  Rules bring their finding codes (:class:`~schulerfolg.plugins.FindingCode`)
    with them.  ``labels`` give English labels to the district's own document ids;
    ``catalog_dir`` holds ``<language>/LC_MESSAGES/<catalog_domain>.po`` files whose
    translations are merged over the library's (``translations`` gives compiled ones
    directly).  Nothing here is applied until the whole declaration has been validated.
    """

    api_version: int
    district: str
    name: str
    sources: tuple[Source, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    parameter_specs: tuple[ParameterSpec, ...] = ()
    added_rules: tuple[Rule, ...] = ()
    replaced_rules: tuple[Rule, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    labels: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    catalog_dir: Path | None = None
    catalog_domain: str | None = None
    translations: Mapping[str, Translations] = attrs.field(factory=dict, hash=False, eq=False)


@attrs.frozen(kw_only=True)
class Overlay:
    """A :class:`DistrictPlugin` as layered: the declaration itself (never copied), the
    district it resolved to, the layer that names it in traces, and its compiled catalogs."""

    plugin: DistrictPlugin
    layer: Layer
    district: District
    catalogs: Mapping[str, Translations] = attrs.field(factory=dict, hash=False, eq=False)
