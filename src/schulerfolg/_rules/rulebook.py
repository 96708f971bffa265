"""The rulebook of a district: the state-wide rules and dated parameters with at most one
district overlay on top.  Immutable; :meth:`Rulebook.with_overlay` returns a new rulebook."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs
from babel.support import NullTranslations

from schulerfolg._core.i18n import DEFAULT_LANGUAGE, N_, language_of, translations
from schulerfolg._core.suggest import did_you_mean_text
from schulerfolg._model.programme import Programme
from schulerfolg._parameters.history import Parameter, ParameterValue
from schulerfolg._parameters.specs import ParameterSpec
from schulerfolg._rules.findings import Finding, FindingCode
from schulerfolg._rules.layering import overlay_problems
from schulerfolg._rules.layers import STATE_LAYER, Layer
from schulerfolg._rules.messages import render
from schulerfolg._rules.overlay import Overlay
from schulerfolg._rules.rule import Rule
from schulerfolg._rules.trace import ParameterUse, RuleUse
from schulerfolg.errors import NotFoundError, OverlayError, ParameterNotInForceError, Text


def codes_of(rules: tuple[tuple[Rule, Layer], ...]) -> Mapping[str, FindingCode]:
    """Every finding code the rules declare, by code, in rule order."""
    return MappingProxyType({record.code: record for rule, _ in rules for record in rule.codes})


@attrs.frozen(kw_only=True)
class Rulebook:
    """The rules and parameters that hold in a district: the state-wide base plus at most one
    overlay.  Immutable; :meth:`with_overlay` returns a new rulebook.

    ``codes`` holds the record of every finding code its rules declare; ``labels`` the English
    labels of enum values and document ids shown in messages.
    """

    rules: tuple[tuple[Rule, Layer], ...]
    parameters: Mapping[str, tuple[tuple[Parameter, Layer], ...]] = attrs.field(hash=False)
    specs: Mapping[str, ParameterSpec] = attrs.field(hash=False)
    labels: Mapping[str, str] = attrs.field(hash=False)
    overlay: Overlay | None = None
    programme: Programme
    codes: Mapping[str, FindingCode] = attrs.field(init=False, hash=False, eq=False)
    # Trace entries, rule lists and merged catalogs, built once per rulebook: none changes.
    _memo: dict[object, Any] = attrs.field(
        factory=dict, init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "codes", codes_of(self.rules))

    @property
    def layers(self) -> tuple[Layer, ...]:
        """The state layer, then the overlay's layer if any."""
        return (STATE_LAYER,) if self.overlay is None else (STATE_LAYER, self.overlay.layer)

    def rule(self, rule_id: str) -> Rule:
        """The rule with ``rule_id``."""
        for rule, _ in self.rules:
            if rule.id == rule_id:
                return rule
        raise NotFoundError(Text(N_("no rule {rule}"), {"rule": repr(rule_id)}))

    def resolve(self, name: str, on: date) -> tuple[ParameterValue, Layer]:
        """The value of parameter ``name`` in force on ``on``: the overlay's where it has one
        that day, else the state-wide value.  Raises :class:`ParameterNotInForceError`."""
        if name not in self.specs:
            hint = did_you_mean_text(name, self.specs)
            if hint is None:
                raise NotFoundError(Text(N_("unknown parameter {name}"), {"name": repr(name)}))
            raise NotFoundError(
                Text(N_("unknown parameter {name}{hint}"), {"name": repr(name), "hint": hint})
            )
        for parameter, layer in self.parameters.get(name, ()):
            value = parameter.value_at(on)
            if value is not None:
                return value, layer
        raise ParameterNotInForceError(name, on)

    def use(self, name: str, on: date) -> ParameterUse:
        """The trace entry of the value of ``name`` in force on ``on`` (looked up once per
        day; one entry per value, shared by every decision of this rulebook that uses it,
        whatever its day)."""
        day = self._day(on)
        use = day.get(name)
        if use is None:
            value, layer = self.resolve(name, on)
            # Keyed by the value record itself (the rulebook's histories keep it alive): the
            # days of a batch are many, the values in force few.
            key = ("entry", name, id(value), id(layer))
            use = self._memo.get(key)
            if use is None:
                use = self._memo[key] = ParameterUse.of(name, value, layer)
            day[name] = use
        return use

    def day_table(self, on: date) -> Mapping[str, ParameterUse]:
        """The trace entries looked up so far for the day ``on``, by parameter name, read-only
        (filled by :meth:`use`; a rule context reads it directly)."""
        return MappingProxyType(self._day(on))

    def _day(self, on: date) -> dict[str, ParameterUse]:
        day: dict[str, ParameterUse] | None = self._memo.get(on)
        if day is None:
            day = self._memo[on] = {}
        return day

    def rule_uses(self) -> tuple[RuleUse, ...]:
        """The rules of this rulebook as a decision lists them."""
        uses = self._memo.get("rule_uses")
        if uses is None:
            uses = self._memo["rule_uses"] = tuple(
                RuleUse(
                    id=rule.id,
                    layer=layer.name,
                    layer_version=layer.version,
                    replaces=rule.replaces,
                )
                for rule, layer in self.rules
            )
        return uses

    def with_overlay(self, overlay: Overlay) -> Rulebook:
        """The rulebook with ``overlay`` applied, after validating it whole.

        Raises :class:`~schulerfolg.errors.OverlayError` listing every problem; nothing of
        the overlay is applied then.
        """
        problems = overlay_problems(
            base_rules=[rule for rule, _ in self.rules],
            base_specs=self.specs,
            base_codes=self.codes,
            overlay=overlay,
        )
        if problems:
            raise OverlayError(
                layer=overlay.layer.name, layer_version=overlay.layer.version, problems=problems
            )
        plugin = overlay.plugin
        replacements = {rule.replaces: rule for rule in plugin.replaced_rules}
        disabled = set(plugin.disabled_rules)
        rules: list[tuple[Rule, Layer]] = []
        for rule, layer in self.rules:
            if rule.id in disabled:
                continue  # only this rule: every later rule stays
            if rule.id in replacements:
                rules.append((replacements[rule.id], overlay.layer))
            else:
                rules.append((rule, layer))
        rules.extend((rule, overlay.layer) for rule in plugin.added_rules)
        parameters = dict(self.parameters)
        for parameter in plugin.parameters:
            parameters[parameter.name] = (
                (parameter, overlay.layer),
                *self.parameters.get(parameter.name, ()),
            )
        return Rulebook(
            rules=tuple(rules),
            parameters=MappingProxyType(parameters),
            specs=MappingProxyType(
                {**self.specs, **{spec.name: spec for spec in plugin.parameter_specs}}
            ),
            labels=MappingProxyType({**self.labels, **plugin.labels}),
            overlay=overlay,
            programme=self.programme,
        )

    def translations(self, language: str) -> NullTranslations:
        """Translations for ``language`` with the overlay's catalog merged in."""
        language = language_of(language)
        if self.overlay is None or language not in self.overlay.catalogs:
            return translations(language)
        key = ("translations", language)
        merged = self._memo.get(key)
        if merged is None:  # merging the catalogs once per rulebook, not per message
            merged = self._memo[key] = translations(language, (self.overlay.catalogs[language],))
        return merged

    def message(self, finding: Finding, language: str = DEFAULT_LANGUAGE) -> str:
        """The finding's message for people, in ``language`` (``"de"`` or ``"en"``)."""
        record = self.codes.get(finding.code)
        if record is None:
            return finding.code
        return render(
            record.template,
            record.args,
            finding.params,
            language=language,
            translations=self.translations(language),
            labels=self.labels,
        )

    def label(self, key: str, language: str = DEFAULT_LANGUAGE) -> str:
        """A translated label for an enum value or document id."""
        return self.translations(language).gettext(self.labels.get(key, key))
