"""The rule engine: rules, layers, the rulebook of a district, and decisions with a trace.

A :class:`Rulebook` is the state-wide base (rules and dated parameters) with at most one
district :class:`Overlay` on top.  :func:`evaluate` runs *every* rule of the rulebook on an
application and returns a :class:`Decision`: the outcome (eligible if and only if no finding is
an error), all findings, and a trace of every parameter used — its value, the day it holds
from, its source, and the layer (state-wide or a named plugin with its version) that supplied
it.  Decisions are deterministic: the same input gives byte-identical JSON.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs
from babel.support import NullTranslations, Translations

from schulerfolg._converter import converter
from schulerfolg._errors import NotFoundError, SchulerfolgError
from schulerfolg._i18n import DEFAULT_LANGUAGE, language_of, translations
from schulerfolg._ledger import EMPTY_LEDGER, AwardLedger
from schulerfolg._messages import CORE_MESSAGES, LABELS, Message, render
from schulerfolg._model import Application, District, Programme, Source
from schulerfolg._money import Money
from schulerfolg._parameters import (
    PARAMETER_SPECS,
    Parameter,
    ParameterNotInForce,
    ParameterSpec,
    ParameterValue,
    state_parameters,
    unstructure_value,
)
from schulerfolg._version import __version__


class Severity(StrEnum):
    """How much a finding weighs: only errors make an application ineligible."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Outcome(StrEnum):
    """The result of an evaluation."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"


def _canonical(value: object) -> str:
    if isinstance(value, Money):
        return str(value.amount)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list | tuple):
        return ",".join(_canonical(item) for item in value)
    raise TypeError(f"cannot put {type(value).__name__} into a finding: {value!r}")


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a rule found: a stable ``code``, a ``severity``, the ``rule`` that found it,
    and message parameters as canonical strings (amounts ``"2000.00"``, dates ISO)."""

    code: str
    severity: Severity = attrs.field(converter=Severity)
    rule: str = ""
    params: dict[str, str] = attrs.field(factory=dict, hash=False)

    @classmethod
    def make(cls, code: str, severity: Severity = Severity.ERROR, **params: object) -> Finding:
        """Build a finding; Money, dates, enums, ints and lists are written canonically."""
        return cls(
            code=code,
            severity=severity,
            params={name: _canonical(value) for name, value in params.items()},
        )


Check = Callable[[Application, "RuleContext"], Iterable[Finding]]


@attrs.frozen(kw_only=True)
class Rule:
    """A rule: stable ``id``, its source, what it checks, the parameters it reads, and the
    ``check`` function that yields findings.  ``replaces`` names the state-wide rule a district
    rule takes the place of."""

    id: str
    description: str
    source: Source
    parameters: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    check: Check = attrs.field(eq=False, repr=False)
    replaces: str | None = None


class LayerKind(StrEnum):
    """Where rules and values come from."""

    STATE = "state"
    PLUGIN = "plugin"


@attrs.frozen(kw_only=True)
class Layer:
    """A source of rules and parameter values: the state-wide base, or a district plugin
    (named by its distribution and version)."""

    kind: LayerKind
    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


STATE_LAYER = Layer(kind=LayerKind.STATE, name="state", version=__version__)


@attrs.frozen(kw_only=True)
class Overlay:
    """What a district plugin changes on top of the state-wide base.

    Validated whole by :meth:`Rulebook.with_overlay` before anything is applied.
    """

    layer: Layer
    district: District
    parameters: tuple[Parameter, ...] = ()
    parameter_specs: tuple[ParameterSpec, ...] = ()
    added_rules: tuple[Rule, ...] = ()
    replaced_rules: tuple[Rule, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    messages: tuple[Message, ...] = ()
    labels: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    catalogs: Mapping[str, Translations] = attrs.field(factory=dict, hash=False, eq=False)


class OverlayError(SchulerfolgError, ValueError):
    """An overlay contradicts the base (unknown rule id, unknown parameter, clash …).

    ``problems`` lists every problem; nothing of the overlay was applied.
    """

    def __init__(self, layer: Layer, problems: Sequence[str]) -> None:
        self.layer = layer
        self.problems = tuple(problems)
        super().__init__(f"{layer}: " + "; ".join(self.problems))


@attrs.frozen(kw_only=True)
class RuleUse:
    """A rule that ran in an evaluation, and the layer that supplied it."""

    id: str
    layer: str
    layer_version: str
    replaces: str | None = None


@attrs.frozen(kw_only=True)
class ParameterUse:
    """A parameter value an evaluation used, with its provenance."""

    name: str
    value: Any
    valid_from: date
    valid_until: date | None = None
    provisional: bool
    source: Source
    layer: str
    layer_version: str


def _copy_json(data: Any) -> Any:
    """A copy of JSON data (dicts, lists, scalars): cheap for the small values of a trace."""
    if isinstance(data, dict):
        return {key: _copy_json(item) for key, item in data.items()}
    if isinstance(data, list):
        return [_copy_json(item) for item in data]
    return data


def _unstructure_use(use: ParameterUse) -> dict[str, Any]:
    # `value` is already JSON data: copying it is much cheaper than cattrs' run-time dispatch
    # over `Any`, and the copy keeps callers from changing the trace shared by decisions.
    return {
        "name": use.name,
        "value": _copy_json(use.value),
        "valid_from": use.valid_from.isoformat(),
        "valid_until": use.valid_until.isoformat() if use.valid_until else None,
        "provisional": use.provisional,
        "source": {"reference": use.source.reference, "title": use.source.title},
        "layer": use.layer,
        "layer_version": use.layer_version,
    }


converter().register_unstructure_hook(ParameterUse, _unstructure_use)


@attrs.frozen(kw_only=True)
class Rulebook:
    """The rules and parameters that hold in a district: the state-wide base plus at most one
    overlay.  Immutable; :meth:`with_overlay` returns a new rulebook."""

    rules: tuple[tuple[Rule, Layer], ...]
    parameters: Mapping[str, tuple[tuple[Parameter, Layer], ...]] = attrs.field(hash=False)
    specs: Mapping[str, ParameterSpec] = attrs.field(hash=False)
    messages: Mapping[str, Message] = attrs.field(hash=False)
    labels: Mapping[str, str] = attrs.field(hash=False)
    overlay: Overlay | None = None
    programme: Programme
    # Trace entries and rule lists built once per rulebook: values never change once built.
    _memo: dict[object, Any] = attrs.field(
        factory=dict, init=False, repr=False, eq=False, hash=False
    )

    @property
    def layers(self) -> tuple[Layer, ...]:
        """The state layer, then the overlay's layer if any."""
        return (STATE_LAYER,) if self.overlay is None else (STATE_LAYER, self.overlay.layer)

    def rule(self, rule_id: str) -> Rule:
        """The rule with ``rule_id``."""
        for rule, _ in self.rules:
            if rule.id == rule_id:
                return rule
        raise NotFoundError(f"no rule {rule_id!r}")

    def resolve(self, name: str, on: date) -> tuple[ParameterValue, Layer]:
        """The value of parameter ``name`` in force on ``on``: the overlay's where it has one
        that day, else the state-wide value.  Raises :class:`ParameterNotInForce`."""
        if name not in self.specs:
            raise NotFoundError(f"unknown parameter {name!r}")
        for parameter, layer in self.parameters.get(name, ()):
            value = parameter.value_at(on)
            if value is not None:
                return value, layer
        raise ParameterNotInForce(name, on)

    def parameter_use(self, name: str, value: ParameterValue, layer: Layer) -> ParameterUse:
        """The trace entry for a value of this rulebook (built once, then reused)."""
        key = ("use", name, id(value))
        cached = self._memo.get(key)
        if cached is None or cached[0] is not value:
            use = ParameterUse(
                name=name,
                value=unstructure_value(value.value),
                valid_from=value.valid_from,
                valid_until=value.valid_until,
                provisional=value.provisional,
                source=value.source,
                layer=layer.name,
                layer_version=layer.version,
            )
            # Holding `value` keeps its id from being reused for another object.
            cached = self._memo[key] = (value, use)
        return cached[1]

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
        """The rulebook with ``overlay`` applied, after validating it whole."""
        problems = list(_overlay_problems(self, overlay))
        if problems:
            raise OverlayError(overlay.layer, problems)
        replacements = {rule.replaces: rule for rule in overlay.replaced_rules}
        disabled = set(overlay.disabled_rules)
        rules: list[tuple[Rule, Layer]] = []
        for rule, layer in self.rules:
            if rule.id in disabled:
                continue
            if rule.id in replacements:
                rules.append((replacements[rule.id], overlay.layer))
            else:
                rules.append((rule, layer))
        rules.extend((rule, overlay.layer) for rule in overlay.added_rules)
        parameters = dict(self.parameters)
        for parameter in overlay.parameters:
            parameters[parameter.name] = (
                (parameter, overlay.layer),
                *self.parameters.get(parameter.name, ()),
            )
        return Rulebook(
            rules=tuple(rules),
            parameters=MappingProxyType(parameters),
            specs=MappingProxyType(
                {**self.specs, **{spec.name: spec for spec in overlay.parameter_specs}}
            ),
            messages=MappingProxyType({**self.messages, **{m.code: m for m in overlay.messages}}),
            labels=MappingProxyType({**self.labels, **overlay.labels}),
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
        message = self.messages.get(finding.code)
        if message is None:
            return finding.code
        return render(
            message.template,
            message.args,
            finding.params,
            language=language,
            translations=self.translations(language),
            labels=self.labels,
        )

    def label(self, key: str, language: str = DEFAULT_LANGUAGE) -> str:
        """A translated label for an enum value or document id."""
        return self.translations(language).gettext(self.labels.get(key, key))


def _overlay_problems(base: Rulebook, overlay: Overlay) -> Iterable[str]:
    base_ids = {rule.id for rule, _ in base.rules}
    own_specs = {spec.name for spec in overlay.parameter_specs}
    spec_names = [spec.name for spec in overlay.parameter_specs]
    for name in sorted({n for n in spec_names if spec_names.count(n) > 1}):
        yield f"parameter spec {name!r} is declared twice"
    message_codes = [message.code for message in overlay.messages]
    for code in sorted({c for c in message_codes if message_codes.count(c) > 1}):
        yield f"message {code!r} is declared twice"
    for spec in overlay.parameter_specs:
        if spec.name in base.specs:
            yield f"parameter spec {spec.name!r} already exists in the state-wide base"
    for parameter in overlay.parameters:
        if parameter.name not in base.specs and parameter.name not in own_specs:
            yield f"unknown parameter {parameter.name!r}"
    names = [parameter.name for parameter in overlay.parameters]
    for name in sorted({n for n in names if names.count(n) > 1}):
        yield f"parameter {name!r} is given twice"
    for rule in overlay.replaced_rules:
        if rule.replaces is None:
            yield f"replacing rule {rule.id!r} does not name the rule it replaces"
        elif rule.replaces not in base_ids:
            yield f"rule {rule.id!r} replaces unknown rule {rule.replaces!r}"
    targets = [rule.replaces for rule in overlay.replaced_rules]
    for target in sorted({t for t in targets if t is not None and targets.count(t) > 1}):
        yield f"rule {target!r} is replaced twice"
    for rule_id in overlay.disabled_rules:
        if rule_id not in base_ids:
            yield f"cannot disable unknown rule {rule_id!r}"
        if rule_id in targets:
            yield f"rule {rule_id!r} is both replaced and disabled"
    all_new = [rule.id for rule in (*overlay.added_rules, *overlay.replaced_rules)]
    for rule_id in sorted(set(all_new)):
        if rule_id in base_ids:
            yield f"rule id {rule_id!r} is already used by the state-wide base"
        if all_new.count(rule_id) > 1:
            yield f"rule id {rule_id!r} is used twice"
    for rule in (*overlay.added_rules, *overlay.replaced_rules):
        for name in rule.parameters:
            if name not in base.specs and name not in own_specs:
                yield f"rule {rule.id!r} reads unknown parameter {name!r}"
    for message in overlay.messages:
        if message.code in CORE_MESSAGES:
            yield f"message {message.code!r} is already defined by the library"
    own_codes = {message.code for message in overlay.messages}
    for rule in (*overlay.added_rules, *overlay.replaced_rules):
        for code in rule.codes:
            if code not in CORE_MESSAGES and code not in own_codes:
                yield f"rule {rule.id!r} raises {code!r}, which has no message"


class RuleError(SchulerfolgError, RuntimeError):
    """A rule raised an exception: no decision is made (never a wrong one)."""

    def __init__(self, rule: Rule, layer: Layer, cause: BaseException) -> None:
        self.rule_id = rule.id
        self.layer = layer
        where = "the state-wide rules" if layer.kind is LayerKind.STATE else f"plugin {layer}"
        super().__init__(f"rule {rule.id!r} of {where} failed: {type(cause).__name__}: {cause}")


class RuleContext:
    """What a rule sees while it checks an application: the evaluation day, the district, the
    parameters in force (each use is recorded for the decision's trace), the award ledger and
    the programme."""

    __slots__ = ("_rulebook", "_uses", "district", "ledger", "on", "programme")

    def __init__(
        self, rulebook: Rulebook, *, district: District, on: date, ledger: AwardLedger
    ) -> None:
        self._rulebook = rulebook
        self._uses: dict[str, ParameterUse] = {}
        self.district = district
        self.on = on
        self.ledger = ledger
        self.programme = rulebook.programme

    def parameter(self, name: str) -> Any:
        """The value of parameter ``name`` in force on the evaluation day."""
        return self.parameter_value(name).value

    def parameter_value(self, name: str) -> ParameterValue:
        """The whole dated value (with ``valid_from`` and source) of ``name`` in force."""
        value, layer = self._rulebook.resolve(name, self.on)
        if name not in self._uses:
            shared = self._rulebook.parameter_use(name, value, layer)
            # Each decision gets its own copy of the value, so changing one decision's trace
            # can never change another's.
            self._uses[name] = ParameterUse(
                name=name,
                value=_copy_json(shared.value),
                valid_from=shared.valid_from,
                valid_until=shared.valid_until,
                provisional=shared.provisional,
                source=shared.source,
                layer=shared.layer,
                layer_version=shared.layer_version,
            )
        return value

    def uses(self) -> tuple[ParameterUse, ...]:
        """Every parameter read so far, sorted by name."""
        return tuple(self._uses[name] for name in sorted(self._uses))


@attrs.frozen(kw_only=True)
class Decision:
    """The answer for one application: outcome, every finding, and the trace behind it."""

    application_id: str
    district: str
    evaluated_on: date
    outcome: Outcome
    findings: tuple[Finding, ...]
    parameters: tuple[ParameterUse, ...]
    rules: tuple[RuleUse, ...]
    library_version: str

    @property
    def eligible(self) -> bool:
        """True if no finding is an error."""
        return self.outcome is Outcome.ELIGIBLE

    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity error."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    def codes(self) -> tuple[str, ...]:
        """The codes of all findings, in order."""
        return tuple(f.code for f in self.findings)


def _checked_finding(finding: object, rule: Rule) -> Finding:
    """A rule's output must be a Finding of a declared code with text parameters, or the rule
    is broken (its messages were checked at load time only for the codes it declares)."""
    if not isinstance(finding, Finding):
        raise TypeError(f"yielded a {type(finding).__name__}, not a Finding")
    if rule.codes and finding.code not in rule.codes:
        raise TypeError(f"yielded {finding.code!r}, which is not among its codes {rule.codes}")
    bad = sorted(name for name, value in finding.params.items() if type(value) is not str)
    if bad:
        raise TypeError(f"finding {finding.code!r} has parameters that are not text: {bad}")
    return finding


class NoEvaluationDate(SchulerfolgError, ValueError):  # noqa: N818 - reads as a sentence
    """Neither an evaluation day nor a submission date was given."""


def evaluate(
    application: Application,
    *,
    rulebook: Rulebook | None = None,
    on: date | None = None,
    ledger: AwardLedger | None = None,
) -> Decision:
    """Evaluate ``application`` under ``rulebook`` on the day ``on``.

    ``rulebook`` defaults to the rules of the application's district (state-wide rules layered
    with the district's plugin, if one is installed).  ``on`` defaults to the application's
    submission date; without either, :class:`NoEvaluationDate` is raised, so that a decision
    never depends on the day it happens to be computed.  Every rule runs; a rule that raises
    becomes a :class:`RuleError` naming the rule and its layer.
    """
    if rulebook is None:
        from schulerfolg.plugins import rulebook_for

        rulebook = rulebook_for(application.district)
    day = on if on is not None else application.submission_date
    if day is None:
        raise NoEvaluationDate(
            "no evaluation day: pass `on` (CLI: --on DATE) or give the application a "
            "submission_date"
        )
    if rulebook.overlay is not None and rulebook.overlay.district != application.district:
        raise NotFoundError(
            f"the rulebook is for {rulebook.overlay.district}, the application for "
            f"{application.district}"
        )
    context = RuleContext(
        rulebook,
        district=application.district,
        on=day,
        ledger=ledger if ledger is not None else EMPTY_LEDGER,
    )
    findings: list[Finding] = []
    for rule, layer in rulebook.rules:
        try:
            found = [
                attrs.evolve(_checked_finding(finding, rule), rule=rule.id)
                for finding in rule.check(application, context)
            ]
        except ParameterNotInForce as exc:
            if layer.kind is LayerKind.STATE:
                raise  # the day lies outside the bundled data: an input problem
            raise RuleError(rule, layer, exc) from exc  # a plugin rule without its value
        except Exception as exc:
            raise RuleError(rule, layer, exc) from exc
        findings.extend(found)
    outcome = (
        Outcome.INELIGIBLE
        if any(f.severity is Severity.ERROR for f in findings)
        else Outcome.ELIGIBLE
    )
    return Decision(
        application_id=application.id,
        district=application.district.key,
        evaluated_on=day,
        outcome=outcome,
        findings=tuple(findings),
        parameters=context.uses(),
        rules=rulebook.rule_uses(),
        library_version=__version__,
    )


@functools.cache
def state_rulebook() -> Rulebook:
    """The state-wide rules and parameters, without any district plugin."""
    from schulerfolg._reference import programme
    from schulerfolg._rules import STATE_RULES

    parameters = {p.name: ((p, STATE_LAYER),) for p in state_parameters()}
    return Rulebook(
        rules=tuple((rule, STATE_LAYER) for rule in STATE_RULES),
        parameters=MappingProxyType(parameters),
        specs=MappingProxyType(dict(PARAMETER_SPECS)),
        messages=MappingProxyType(dict(CORE_MESSAGES)),
        labels=MappingProxyType(dict(LABELS)),
        programme=programme(),
    )
