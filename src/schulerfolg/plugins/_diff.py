"""“What does this plugin change?” — a district's rulebook against the state-wide base."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import attrs

from schulerfolg._core.provenance import Source
from schulerfolg._directory.districts import district as find_district
from schulerfolg._model.organisations import District
from schulerfolg._parameters.history import Parameter, ParameterValue
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg._rules.state import state_rulebook
from schulerfolg.plugins._registry import PluginRegistry, default_registry


class RuleChangeKind(StrEnum):
    """How a plugin changes the state-wide rules."""

    ADDED = "added"
    REPLACED = "replaced"
    DISABLED = "disabled"


@attrs.frozen(kw_only=True)
class RuleChange:
    """A rule the plugin adds, replaces (naming the base rule) or disables."""

    id: str
    change: RuleChangeKind
    replaces: str | None = None
    description: str
    source: Source


@attrs.frozen(kw_only=True)
class ParameterChange:
    """A parameter the plugin gives values for: its values and the base's.

    With an evaluation day, each side holds the one value in force that day (empty if none),
    and only parameters whose value that day comes from the plugin are listed.
    """

    name: str
    district_values: tuple[ParameterValue, ...]
    base_values: tuple[ParameterValue, ...]


@attrs.frozen(kw_only=True)
class DistrictDiff:
    """Every parameter and rule in which a district differs from the state-wide base."""

    district: str
    district_name: str
    plugin: str | None = None
    plugin_version: str | None = None
    on: date | None = None
    parameters: tuple[ParameterChange, ...] = ()
    rules: tuple[RuleChange, ...] = ()


def _history(parameter: Parameter | None, on: date | None) -> tuple[ParameterValue, ...]:
    if parameter is None:
        return ()
    if on is None:
        return parameter.values
    value = parameter.value_at(on)
    return () if value is None else (value,)


def diff_rulebook(rulebook: Rulebook, district: District, on: date | None = None) -> DistrictDiff:
    """What ``rulebook`` changes for ``district`` compared with the state-wide base."""
    base = state_rulebook()
    overlay = rulebook.overlay
    if overlay is None:
        return DistrictDiff(district=district.key, district_name=district.name, on=on)
    base_params = {name: entries[0][0] for name, entries in base.parameters.items()}
    changes = []
    for parameter in sorted(overlay.plugin.parameters, key=lambda p: p.name):
        if on is not None and parameter.value_at(on) is None:
            continue
        changes.append(
            ParameterChange(
                name=parameter.name,
                district_values=_history(parameter, on),
                base_values=_history(base_params.get(parameter.name), on),
            )
        )
    rules = [
        *(
            RuleChange(
                id=r.id,
                change=RuleChangeKind.REPLACED,
                replaces=r.replaces,
                description=r.description,
                source=r.source,
            )
            for r in overlay.plugin.replaced_rules
        ),
        *(
            RuleChange(
                id=rule_id,
                change=RuleChangeKind.DISABLED,
                description=base.rule(rule_id).description,
                source=base.rule(rule_id).source,
            )
            for rule_id in overlay.plugin.disabled_rules
        ),
        *(
            RuleChange(
                id=r.id, change=RuleChangeKind.ADDED, description=r.description, source=r.source
            )
            for r in overlay.plugin.added_rules
        ),
    ]
    return DistrictDiff(
        district=district.key,
        district_name=district.name,
        plugin=overlay.layer.name,
        plugin_version=overlay.layer.version,
        on=on,
        parameters=tuple(changes),
        rules=tuple(rules),
    )


def district_diff(
    district: District | str, *, on: date | None = None, registry: PluginRegistry | None = None
) -> DistrictDiff:
    """What the plugin of ``district`` changes against the state-wide base.

    Without ``on``: every value history the plugin declares, beside the base's.  With ``on``:
    the values in force that day where they come from the plugin.
    """
    target = district if isinstance(district, District) else find_district(district)
    registry = registry if registry is not None else default_registry()
    return diff_rulebook(registry.rulebook(target), target, on)
