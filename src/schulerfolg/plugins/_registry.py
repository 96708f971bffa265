"""The registry of district plugins in effect: find → load → layer → classify, each a separate
step; immutable once built.

A plugin that fails to import, raises while loading, targets an unsupported API version or
declares something malformed is reported with its distribution, version and cause, and left
out, while every other district keeps working; its own district refuses to decide rather than
silently using other rules.  Strict mode turns any such report into an error.  Two plugins for
one district are a conflict naming both distributions unless one is selected explicitly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._directory.districts import district as find_district
from schulerfolg._model.organisations import District
from schulerfolg._rules.layers import Layer
from schulerfolg._rules.overlay import DistrictPlugin
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg._rules.state import state_rulebook
from schulerfolg.errors import PluginConflictError, PluginError, Text
from schulerfolg.plugins._finder import FoundPlugin, find_plugins, forget_found_plugins
from schulerfolg.plugins._loader import (
    claimed_district,
    layer_plugin,
    load_plugin,
)
from schulerfolg.plugins._selection import (
    NO_PLUGINS_ENV,
    SELECT_ENV,
    environment,
    flag,
    parse_selection,
)


class PluginStatus(StrEnum):
    """What became of a plugin."""

    ACTIVE = "active"
    FAILED = "failed"
    CONFLICT = "conflict"
    NOT_SELECTED = "not_selected"


@attrs.frozen(kw_only=True)
class PluginReport:
    """One plugin as ``schulerfolg plugins`` shows it."""

    name: str
    distribution: str
    version: str
    entry_point: str
    api_version: int | None = None
    district: str | None = None
    title: str | None = None
    status: PluginStatus
    error: str | None = None
    #: ``error`` as a :class:`~schulerfolg.errors.Text`, to be shown in the reader's language;
    #: not part of the JSON form.
    error_text: Text | None = attrs.field(default=None, eq=False, repr=False)

    def __wire_form__(self, unstructure: Callable[[Any], Any], *, fresh: bool) -> dict[str, Any]:
        """The JSON form: every field but ``error_text`` (``error`` says it in English)."""
        del fresh  # built anew each time
        return {
            field.name: unstructure(getattr(self, field.name))
            for field in attrs.fields(PluginReport)
            if field.name != "error_text"
        }


def _with_error(report: PluginReport, error: Text, **changes: Any) -> PluginReport:
    """``report`` with ``error`` (in English and as a text) and any other ``changes``."""
    return attrs.evolve(report, error=str(error), error_text=error, **changes)


@attrs.frozen(kw_only=True)
class _Layered:
    """A plugin that layered cleanly: its report's index, where it came from, its rulebook."""

    index: int
    found: FoundPlugin
    rulebook: Rulebook


Loaded = tuple[FoundPlugin, DistrictPlugin | PluginError]


def _layer_all(
    loaded: Iterable[Loaded], base: Rulebook
) -> tuple[list[PluginReport], dict[str, list[PluginError]], dict[str, list[_Layered]]]:
    """Layer every loaded plugin: reports, failures per claimed district, candidates per
    district."""
    reports: list[PluginReport] = []
    failures: dict[str, list[PluginError]] = {}
    candidates: dict[str, list[_Layered]] = {}
    for found, outcome in loaded:
        report = PluginReport(
            name=found.layer_name,
            distribution=found.distribution,
            version=found.version,
            entry_point=found.entry_point,
            status=PluginStatus.FAILED,
        )
        if isinstance(outcome, PluginError):
            reports.append(_with_error(report, outcome.as_text()))
            continue
        report = attrs.evolve(report, api_version=outcome.api_version, title=outcome.name)
        try:
            rulebook = layer_plugin(outcome, found, base)
        except PluginError as exc:
            error = Text(
                N_("plugin {plugin} {version}: {message}"),
                {"plugin": found.layer_name, "version": found.version, "message": exc.as_text()},
            )
            claimed = claimed_district(outcome)
            reports.append(_with_error(report, error, district=claimed))
            if claimed is not None:
                failures.setdefault(claimed, []).append(
                    PluginError(
                        error,
                        distribution=exc.distribution,
                        entry_point=exc.entry_point,
                        version=exc.version,
                        problems=exc.problems,
                    )
                )
            continue
        assert rulebook.overlay is not None
        key = rulebook.overlay.district.key
        reports.append(attrs.evolve(report, district=key, status=PluginStatus.ACTIVE))
        candidates.setdefault(key, []).append(
            _Layered(index=len(reports) - 1, found=found, rulebook=rulebook)
        )
    return reports, failures, candidates


def _classify(
    reports: list[PluginReport],
    candidates: Mapping[str, list[_Layered]],
    select: Mapping[str, str],
) -> tuple[dict[str, Rulebook], dict[str, tuple[str, ...]]]:
    """One rulebook per district: the only candidate, the selected one, or a conflict."""
    rulebooks: dict[str, Rulebook] = {}
    conflicts: dict[str, tuple[str, ...]] = {}
    problems: list[Text] = []
    for key, options in candidates.items():
        chosen = select.get(key)
        if chosen is not None:
            picked = [o for o in options if chosen in (o.found.distribution, o.found.layer_name)]
            if len(picked) != 1:
                names = ", ".join(o.found.layer_name for o in options)
                problems.append(
                    Text(
                        N_(
                            "selection {key}={chosen} matches {count} of the plugins for "
                            "{district} ({names})"
                        ),
                        {
                            "key": key,
                            "chosen": chosen,
                            "count": len(picked),
                            "district": str(find_district(key)),
                            "names": names,
                        },
                    )
                )
                continue
            for option in options:
                if option is not picked[0]:
                    reports[option.index] = attrs.evolve(
                        reports[option.index], status=PluginStatus.NOT_SELECTED
                    )
            rulebooks[key] = picked[0].rulebook
        elif len(options) == 1:
            rulebooks[key] = options[0].rulebook
        else:
            claims = tuple(
                f"{o.found.distribution} {o.found.version} ({o.found.layer_name})" for o in options
            )
            conflicts[key] = claims
            conflict = Text(
                N_(
                    "{count} plugins claim {district}: {claims} — select one with "
                    "{variable}={key}=DISTRIBUTION"
                ),
                {
                    "count": len(options),
                    "district": str(find_district(key)),
                    "claims": "; ".join(claims),
                    "variable": SELECT_ENV,
                    "key": key,
                },
            )
            for option in options:
                reports[option.index] = _with_error(
                    reports[option.index], conflict, status=PluginStatus.CONFLICT
                )
    problems.extend(
        Text(
            N_("selection {key}={chosen}: no installed plugin claims {district}"),
            {"key": key, "chosen": select[key], "district": str(find_district(key))},
        )
        for key in select
        if key not in candidates
    )
    if problems:
        raise PluginError(Text.joined(problems, "; "))
    return rulebooks, conflicts


@attrs.frozen(kw_only=True)
class PluginRegistry:
    """The district plugins in effect: immutable once built.

    Build it with :meth:`discover` (entry points) or :meth:`from_plugins` (plugins in hand, e.g.
    in tests).  :meth:`rulebook` gives a district's rulebook: the state-wide rules layered with
    its plugin, or the state-wide rules where it has none.
    """

    reports: tuple[PluginReport, ...]
    rulebooks: Mapping[str, Rulebook] = attrs.field(hash=False)
    conflicts: Mapping[str, tuple[str, ...]] = attrs.field(hash=False)
    failures: Mapping[str, tuple[PluginError, ...]] = attrs.field(factory=dict, hash=False)
    selected: frozenset[str] = frozenset()

    @classmethod
    def discover(
        cls,
        *,
        strict: bool | None = None,
        select: Mapping[str, str] | None = None,
        enabled: bool | None = None,
    ) -> PluginRegistry:
        """Find, load and layer every installed plugin.

        ``strict`` (default: the ``SCHULERFOLG_STRICT_PLUGINS`` environment variable) raises
        :class:`~schulerfolg.errors.PluginError` for any failed or conflicting plugin instead
        of reporting it.  ``select`` maps a district to the distribution (or
        ``distribution/entry-point``) to use where several claim it (default:
        ``SCHULERFOLG_PLUGIN_SELECT``).  ``enabled=False`` (or ``SCHULERFOLG_NO_PLUGINS``)
        loads none.
        """
        off_env = environment()[2]
        if enabled is None:
            enabled = not flag(off_env)
        loaded: list[Loaded] = []
        for found in find_plugins() if enabled else ():
            try:
                loaded.append((found, load_plugin(found)))
            except PluginError as exc:
                loaded.append((found, exc))
        return cls._build(loaded, strict=strict, select=select)

    @classmethod
    def from_plugins(
        cls,
        plugins: Iterable[tuple[DistrictPlugin, str, str]],
        *,
        strict: bool | None = None,
        select: Mapping[str, str] | None = None,
    ) -> PluginRegistry:
        """A registry from ``(plugin, distribution, version)`` triples, without discovery."""
        loaded: list[Loaded] = [
            (
                FoundPlugin(
                    distribution=dist, version=version, entry_point=plugin.name, value="<in memory>"
                ),
                plugin,
            )
            for plugin, dist, version in plugins
        ]
        return cls._build(loaded, strict=strict, select=select)

    @classmethod
    def _build(
        cls, loaded: list[Loaded], *, strict: bool | None, select: Mapping[str, str] | None
    ) -> PluginRegistry:
        strict_env, select_env, _ = environment()
        strict = flag(strict_env) if strict is None else strict
        if select is None:
            select = parse_selection(select_env)
        else:
            select = {find_district(key).key: value for key, value in select.items()}
        reports, failures, candidates = _layer_all(loaded, state_rulebook())
        rulebooks, conflicts = _classify(reports, candidates, select)
        registry = cls(
            reports=tuple(reports),
            rulebooks=MappingProxyType(rulebooks),
            conflicts=MappingProxyType(conflicts),
            failures=MappingProxyType({key: tuple(errors) for key, errors in failures.items()}),
            selected=frozenset(key for key in select if key in rulebooks),
        )
        if strict:
            bad: dict[str, Text] = {}  # each once, in order, by its English text
            for r in registry.reports:
                if r.status in (PluginStatus.FAILED, PluginStatus.CONFLICT):
                    text = r.error_text
                    if text is None:
                        text = Text.plain(r.error or r.name)
                    bad.setdefault(str(text), text)
            if bad:
                raise PluginError(
                    Text(
                        N_("strict plugin mode: {problems}"),
                        {"problems": Text.joined(list(bad.values()), " | ")},
                    )
                )
        return registry

    def rulebook(self, district: District | str) -> Rulebook:
        """The rulebook of ``district``: state-wide rules with its plugin, if any.

        A district claimed by several unselected plugins raises
        :class:`~schulerfolg.errors.PluginConflictError` naming every distribution; a district
        whose plugin failed raises :class:`~schulerfolg.errors.PluginError` — never a silent
        choice.
        """
        target = district if isinstance(district, District) else find_district(district)
        if target.key in self.conflicts:
            claims = self.conflicts[target.key]
            message = Text(
                N_(
                    "{count} plugins claim {district}: {claims}; select one with "
                    "{variable}={key}=DISTRIBUTION (CLI: --select-plugin)"
                ),
                {
                    "count": len(claims),
                    "district": str(target),
                    "claims": "; ".join(claims),
                    "variable": SELECT_ENV,
                    "key": target.key,
                },
            )
            raise PluginConflictError(
                message,
                district=target.key,
                claims=claims,
            )
        if target.key in self.failures and target.key not in self.selected:
            # Deciding under the state-wide rules (or under another plugin that happened to load)
            # would silently ignore the failed plugin's rules; an explicit selection overrides.
            failed = self.failures[target.key]
            message = Text(
                N_(
                    "the plugin for {district} failed and was left out, so its rules cannot be "
                    "applied: {errors}; fix or uninstall it, or set {no_plugins}=1 to use only "
                    "the state-wide rules, or select a working plugin with "
                    "{variable}={key}=DISTRIBUTION"
                ),
                {
                    "district": str(target),
                    "errors": Text.joined([error.as_text() for error in failed], " | "),
                    "no_plugins": NO_PLUGINS_ENV,
                    "variable": SELECT_ENV,
                    "key": target.key,
                },
            )
            raise PluginError(
                message,
                distribution=failed[0].distribution,
                entry_point=failed[0].entry_point,
                version=failed[0].version,
                problems=[problem for error in failed for problem in error.problems],
            )
        return self.rulebooks.get(target.key, state_rulebook())

    def failed(self) -> tuple[PluginReport, ...]:
        """The reports of plugins that failed and were left out."""
        return tuple(r for r in self.reports if r.status is PluginStatus.FAILED)

    def report_for(self, district: District | str) -> PluginReport | None:
        """The active plugin's report for ``district``, or ``None``."""
        target = district if isinstance(district, District) else find_district(district)
        for report in self.reports:
            if report.district == target.key and report.status is PluginStatus.ACTIVE:
                return report
        return None

    def layer_for(self, district: District | str) -> Layer | None:
        """The plugin layer in effect for ``district``, or ``None``."""
        rulebook = self.rulebook(district)
        return rulebook.overlay.layer if rulebook.overlay is not None else None


@functools.cache
def _registry_for(env: tuple[str | None, str | None, str | None]) -> PluginRegistry:
    del env  # the cache key: a changed environment builds a new registry
    return PluginRegistry.discover()


def default_registry() -> PluginRegistry:
    """The registry of installed plugins under the current environment (cached)."""
    return _registry_for(environment())


def reset_plugin_cache() -> None:
    """Forget discovered plugins and built registries (after installing a plugin, in tests)."""
    forget_found_plugins()
    _registry_for.cache_clear()


def rulebook_for(district: District | str) -> Rulebook:
    """The rulebook of ``district`` from the default registry."""
    return default_registry().rulebook(district)
