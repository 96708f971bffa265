"""Layering a district's declaration over the state-wide base: every problem of the declaration
found at once (each with the path of the offending key), before anything is applied.

A district replaces a state-wide rule only by naming it, disables only rules that exist, gives
values only for declared parameters, and may not redeclare what the base declares: two layers
that set the same thing without saying so are an error, never a silent replacement.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from schulerfolg._core.suggest import did_you_mean
from schulerfolg._directory.documents import from_dict, to_dict
from schulerfolg._parameters.specs import ParameterSpec
from schulerfolg._rules.findings import FindingCode, placeholders
from schulerfolg._rules.overlay import Overlay
from schulerfolg._rules.rule import Rule
from schulerfolg.errors import DocumentError, Problem


def _repeated(values: Iterable[str]) -> list[bool]:
    """Per value, whether an earlier value is the same: a repetition is reported once, where it
    repeats (as reading parameter files does), not also at the first occurrence."""
    seen: set[str] = set()
    flags: list[bool] = []
    for value in values:
        flags.append(value in seen)
        seen.add(value)
    return flags


def _spec_problems(base_specs: Mapping[str, ParameterSpec], overlay: Overlay) -> Iterator[Problem]:
    specs = overlay.plugin.parameter_specs
    twice = _repeated(spec.name for spec in specs)
    for index, spec in enumerate(specs):
        where = f"$.parameter_specs[{index}].name"
        if twice[index]:
            yield Problem(
                path=where,
                code="duplicate",
                message=f"parameter spec {spec.name!r} is declared twice",
            )
        if spec.name in base_specs:
            yield Problem(
                path=where,
                code="conflict",
                message=f"parameter spec {spec.name!r} already exists in the state-wide base",
            )


def _value_problems(
    index: int, name: str, spec: ParameterSpec, values: Sequence[object]
) -> Iterator[Problem]:
    """Every value must have its spec's type (checked by a strict round trip through the
    converter) and be immutable (decisions share it)."""
    for position, value in enumerate(values):
        where = f"$.parameters[{index}].values[{position}].value"
        try:
            again = from_dict(to_dict(value), spec.value_type)
        except DocumentError as exc:
            yield from exc.under(where).problems
            continue
        except Exception as exc:
            yield Problem(path=where, message=f"{type(exc).__name__}: {exc}")
            continue
        if again != value:
            yield Problem(
                path=where,
                code="type",
                message=f"parameter {name!r}: {value!r} is not a {spec.value_type}",
            )
            continue
        try:
            hash(value)
        except TypeError:
            yield Problem(
                path=where,
                code="type",
                message=f"parameter {name!r}: {value!r} is mutable; use tuples and frozen "
                "classes (decisions share parameter values)",
            )


def _parameter_problems(specs: Mapping[str, ParameterSpec], overlay: Overlay) -> Iterator[Problem]:
    parameters = overlay.plugin.parameters
    twice = _repeated(parameter.name for parameter in parameters)
    for index, parameter in enumerate(parameters):
        where = f"$.parameters[{index}].name"
        spec = specs.get(parameter.name)
        if spec is None:
            yield Problem(
                path=where,
                code="unknown_parameter",
                message=f"unknown parameter {parameter.name!r}"
                + did_you_mean(parameter.name, specs),
            )
        else:
            values = [value.value for value in parameter.values]
            yield from _value_problems(index, parameter.name, spec, values)
        if twice[index]:
            yield Problem(
                path=where, code="duplicate", message=f"parameter {parameter.name!r} is given twice"
            )


def _rule_problems(
    base_rules: Sequence[Rule], specs: Mapping[str, ParameterSpec], overlay: Overlay
) -> Iterator[Problem]:
    plugin = overlay.plugin
    base_ids = {rule.id for rule in base_rules}
    targets = [rule.replaces for rule in plugin.replaced_rules]
    for index, rule in enumerate(plugin.replaced_rules):
        where = f"$.replaced_rules[{index}].replaces"
        if rule.replaces is None:
            yield Problem(
                path=where,
                code="missing",
                message=f"replacing rule {rule.id!r} does not name the rule it replaces",
            )
        elif rule.replaces not in base_ids:
            yield Problem(
                path=where,
                code="unknown_rule",
                message=f"rule {rule.id!r} replaces unknown rule {rule.replaces!r}"
                + did_you_mean(rule.replaces, base_ids),
            )
        elif rule.replaces in targets[:index]:
            yield Problem(
                path=where, code="duplicate", message=f"rule {rule.replaces!r} is replaced twice"
            )
    for index, rule_id in enumerate(plugin.disabled_rules):
        where = f"$.disabled_rules[{index}]"
        if rule_id not in base_ids:
            yield Problem(
                path=where,
                code="unknown_rule",
                message=f"cannot disable unknown rule {rule_id!r}"
                + did_you_mean(rule_id, base_ids),
            )
        if rule_id in targets:
            yield Problem(
                path=where,
                code="conflict",
                message=f"rule {rule_id!r} is both replaced and disabled",
            )
        if rule_id in plugin.disabled_rules[:index]:
            yield Problem(
                path=where, code="duplicate", message=f"rule {rule_id!r} is disabled twice"
            )
    new = [
        *((f"$.added_rules[{i}]", rule) for i, rule in enumerate(plugin.added_rules)),
        *((f"$.replaced_rules[{i}]", rule) for i, rule in enumerate(plugin.replaced_rules)),
    ]
    twice = _repeated(rule.id for _, rule in new)
    for (where, rule), repeated in zip(new, twice, strict=True):
        if rule.id in base_ids:
            yield Problem(
                path=f"{where}.id",
                code="conflict",
                message=f"rule id {rule.id!r} is already used by the state-wide base",
            )
        if repeated:
            yield Problem(
                path=f"{where}.id", code="duplicate", message=f"rule id {rule.id!r} is used twice"
            )
        for position, name in enumerate(rule.parameters):
            if name not in specs:
                yield Problem(
                    path=f"{where}.parameters[{position}]",
                    code="unknown_parameter",
                    message=f"rule {rule.id!r} reads unknown parameter {name!r}"
                    + did_you_mean(name, specs),
                )


def _code_problems(base_codes: Mapping[str, FindingCode], overlay: Overlay) -> Iterator[Problem]:
    """A plugin's rule may raise a state-wide code only as the state-wide rules declare it, and
    two rules of the plugin may not declare one code differently."""
    plugin = overlay.plugin
    declared: dict[str, FindingCode] = {}
    rules = [
        *((f"$.added_rules[{i}]", rule) for i, rule in enumerate(plugin.added_rules)),
        *((f"$.replaced_rules[{i}]", rule) for i, rule in enumerate(plugin.replaced_rules)),
    ]
    for where, rule in rules:
        for position, record in enumerate(rule.codes):
            known = base_codes.get(record.code, declared.get(record.code))
            if known is not None and known != record:
                differs = [
                    name
                    for name in ("severity", "template", "args")
                    if getattr(known, name) != getattr(record, name)
                ]
                yield Problem(
                    path=f"{where}.codes[{position}]",
                    code="conflict",
                    message=f"rule {rule.id!r} declares finding code {record.code!r} "
                    f"differently from where it is already declared ({', '.join(differs)} "
                    f"{'differs' if len(differs) == 1 else 'differ'})",
                )
            declared.setdefault(record.code, record)


def _catalog_problems(overlay: Overlay, codes: Iterable[FindingCode]) -> Iterator[Problem]:
    """A translation must use exactly the placeholders of its message id."""
    for language, catalog in sorted(overlay.catalogs.items()):
        for record in codes:
            translated = catalog.gettext(record.template)
            if translated != record.template and (
                placeholders(translated) != placeholders(record.template)
            ):
                yield Problem(
                    path="$.catalog_dir",
                    code="placeholders",
                    message=f"its {language} translation of {record.code!r} uses placeholders "
                    f"{sorted(placeholders(translated))}, the message has "
                    f"{sorted(placeholders(record.template))}",
                )


def overlay_problems(
    *,
    base_rules: Sequence[Rule],
    base_specs: Mapping[str, ParameterSpec],
    base_codes: Mapping[str, FindingCode],
    overlay: Overlay,
) -> list[Problem]:
    """Every problem of layering ``overlay`` over a base with these rules, parameter specs and
    finding codes; empty if it can be applied."""
    specs = {**base_specs, **{spec.name: spec for spec in overlay.plugin.parameter_specs}}
    own_codes = {
        record.code: record
        for rule in (*overlay.plugin.added_rules, *overlay.plugin.replaced_rules)
        for record in rule.codes
    }
    return [
        *_spec_problems(base_specs, overlay),
        *_parameter_problems(specs, overlay),
        *_rule_problems(base_rules, specs, overlay),
        *_code_problems(base_codes, overlay),
        *_catalog_problems(overlay, {**base_codes, **own_codes}.values()),
    ]
