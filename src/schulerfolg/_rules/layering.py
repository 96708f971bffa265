"""Layering a district's declaration over the state-wide base: every problem of the declaration
found at once (each with the path of the offending key), before anything is applied.

A district replaces a state-wide rule only by naming it, disables only rules that exist, gives
values only for declared parameters, and may not redeclare what the base declares: two layers
that set the same thing without saying so are an error, never a silent replacement.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.suggest import did_you_mean_text
from schulerfolg._directory.documents import from_dict, to_dict
from schulerfolg._parameters.specs import ParameterSpec
from schulerfolg._rules.findings import FindingCode, placeholders
from schulerfolg._rules.overlay import Overlay
from schulerfolg._rules.rule import Rule
from schulerfolg.errors import DocumentError, Problem, Text, described


def _hint(name: str, known: Iterable[str]) -> Text | str:
    """`` (did you mean 'x'?)`` for the known names like ``name``, else nothing."""
    hint = did_you_mean_text(name, known)
    return "" if hint is None else hint


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
            message = Text(N_("parameter spec {name} is declared twice"), {"name": repr(spec.name)})
            yield Problem.of(where, message, code="duplicate")
        if spec.name in base_specs:
            message = Text(
                N_("parameter spec {name} already exists in the state-wide base"),
                {"name": repr(spec.name)},
            )
            yield Problem.of(where, message, code="conflict")
        if _mentions_float(spec.value_type):
            # Binary floating point is never exact: amounts and shares are Money and Decimal.
            message = Text(
                N_(
                    "parameter spec {name}: its type {type} holds a float; use Decimal, Money "
                    "or int (a float is never exact)"
                ),
                {"name": repr(spec.name), "type": repr(spec.value_type)},
            )
            yield Problem.of(f"$.parameter_specs[{index}].value_type", message, code="type")


def _mentions_float(value_type: object, seen: frozenset[int] = frozenset()) -> bool:
    """Whether a type is or contains ``float`` (``float``, ``tuple[float, ...]``, ``X | float``,
    an attrs class with a float field)."""
    if value_type is float:
        return True
    if id(value_type) in seen:  # a class that holds itself
        return False
    seen = seen | {id(value_type)}
    args = typing.get_args(value_type)
    if args:
        return any(_mentions_float(arg, seen) for arg in args if arg is not Ellipsis)
    if isinstance(value_type, type) and attrs.has(value_type):
        hints = typing.get_type_hints(value_type)
        return any(
            _mentions_float(hints.get(field.name), seen) for field in attrs.fields(value_type)
        )
    return False


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
            yield Problem.of(where, Text.plain(described(exc)))
            continue
        if again != value:
            message = Text(
                N_("parameter {name}: {value} is not a {type}"),
                {"name": repr(name), "value": repr(value), "type": spec.value_type},
            )
            yield Problem.of(where, message, code="type")
            continue
        try:
            hash(value)
        except TypeError:
            message = Text(
                N_(
                    "parameter {name}: {value} is mutable; use tuples and frozen classes "
                    "(decisions share parameter values)"
                ),
                {"name": repr(name), "value": repr(value)},
            )
            yield Problem.of(where, message, code="type")


def _parameter_problems(specs: Mapping[str, ParameterSpec], overlay: Overlay) -> Iterator[Problem]:
    parameters = overlay.plugin.parameters
    twice = _repeated(parameter.name for parameter in parameters)
    for index, parameter in enumerate(parameters):
        where = f"$.parameters[{index}].name"
        spec = specs.get(parameter.name)
        if spec is None:
            message = Text(
                N_("unknown parameter {name}{hint}"),
                {"name": repr(parameter.name), "hint": _hint(parameter.name, specs)},
            )
            yield Problem.of(where, message, code="unknown_parameter")
        else:
            values = [value.value for value in parameter.values]
            yield from _value_problems(index, parameter.name, spec, values)
        if twice[index]:
            message = Text(N_("parameter {name} is given twice"), {"name": repr(parameter.name)})
            yield Problem.of(where, message, code="duplicate")


def _rule_problems(
    base_rules: Sequence[Rule], specs: Mapping[str, ParameterSpec], overlay: Overlay
) -> Iterator[Problem]:
    plugin = overlay.plugin
    base_ids = {rule.id for rule in base_rules}
    targets = [rule.replaces for rule in plugin.replaced_rules]
    for index, rule in enumerate(plugin.replaced_rules):
        where = f"$.replaced_rules[{index}].replaces"
        if rule.replaces is None:
            message = Text(
                N_("replacing rule {rule} does not name the rule it replaces"),
                {"rule": repr(rule.id)},
            )
            yield Problem.of(where, message, code="missing")
        elif rule.replaces not in base_ids:
            message = Text(
                N_("rule {rule} replaces unknown rule {replaced}{hint}"),
                {
                    "rule": repr(rule.id),
                    "replaced": repr(rule.replaces),
                    "hint": _hint(rule.replaces, base_ids),
                },
            )
            yield Problem.of(where, message, code="unknown_rule")
        elif rule.replaces in targets[:index]:
            message = Text(N_("rule {rule} is replaced twice"), {"rule": repr(rule.replaces)})
            yield Problem.of(where, message, code="duplicate")
    for index, rule_id in enumerate(plugin.disabled_rules):
        where = f"$.disabled_rules[{index}]"
        if rule_id not in base_ids:
            message = Text(
                N_("cannot disable unknown rule {rule}{hint}"),
                {"rule": repr(rule_id), "hint": _hint(rule_id, base_ids)},
            )
            yield Problem.of(where, message, code="unknown_rule")
        if rule_id in targets:
            message = Text(N_("rule {rule} is both replaced and disabled"), {"rule": repr(rule_id)})
            yield Problem.of(where, message, code="conflict")
        if rule_id in plugin.disabled_rules[:index]:
            message = Text(N_("rule {rule} is disabled twice"), {"rule": repr(rule_id)})
            yield Problem.of(where, message, code="duplicate")
    new = [
        *((f"$.added_rules[{i}]", rule) for i, rule in enumerate(plugin.added_rules)),
        *((f"$.replaced_rules[{i}]", rule) for i, rule in enumerate(plugin.replaced_rules)),
    ]
    twice = _repeated(rule.id for _, rule in new)
    for (where, rule), repeated in zip(new, twice, strict=True):
        if rule.id in base_ids:
            message = Text(
                N_("rule id {rule} is already used by the state-wide base"), {"rule": repr(rule.id)}
            )
            yield Problem.of(f"{where}.id", message, code="conflict")
        if repeated:
            message = Text(N_("rule id {rule} is used twice"), {"rule": repr(rule.id)})
            yield Problem.of(f"{where}.id", message, code="duplicate")
        for position, name in enumerate(rule.parameters):
            if name not in specs:
                message = Text(
                    N_("rule {rule} reads unknown parameter {name}{hint}"),
                    {"rule": repr(rule.id), "name": repr(name), "hint": _hint(name, specs)},
                )
                yield Problem.of(
                    f"{where}.parameters[{position}]", message, code="unknown_parameter"
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
                template = (
                    N_(
                        "rule {rule} declares finding code {code} differently from where it is "
                        "already declared ({names} differs)"
                    )
                    if len(differs) == 1
                    else N_(
                        "rule {rule} declares finding code {code} differently from where it is "
                        "already declared ({names} differ)"
                    )
                )
                message = Text(
                    template,
                    {"rule": repr(rule.id), "code": repr(record.code), "names": ", ".join(differs)},
                )
                yield Problem.of(f"{where}.codes[{position}]", message, code="conflict")
            declared.setdefault(record.code, record)


def _catalog_problems(overlay: Overlay, codes: Iterable[FindingCode]) -> Iterator[Problem]:
    """A translation must use exactly the placeholders of its message id."""
    for language, catalog in sorted(overlay.catalogs.items()):
        for record in codes:
            translated = catalog.gettext(record.template)
            if translated != record.template and (
                placeholders(translated) != placeholders(record.template)
            ):
                message = Text(
                    N_(
                        "its {language} translation of {code} uses placeholders {used}, the "
                        "message has {expected}"
                    ),
                    {
                        "language": language,
                        "code": repr(record.code),
                        "used": sorted(placeholders(translated)),
                        "expected": sorted(placeholders(record.template)),
                    },
                )
                yield Problem.of("$.catalog_dir", message, code="placeholders")


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
