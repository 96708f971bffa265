"""Finding, loading and registering district plugins.

Discovery reads the entry-point group ``schulerfolg.plugins`` — the library's own built-in
plugins are registered there too, so there is one path for all.  *Find* (read metadata, sorted
by distribution and entry-point name, cached: it costs ~0.1 ms per installed distribution) and
*load* (import or read, validate whole) are separate steps.  A plugin that fails to import,
raises while loading, targets an unsupported API version or declares something malformed is
reported with its distribution, version and cause, and left out, while every other district
keeps working; strict mode turns any such report into an error.  Two plugins for one district
are a conflict naming both distributions unless one is selected explicitly.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Iterable, Mapping
from enum import StrEnum
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Final

import attrs

from schulerfolg._engine import Layer, Rulebook, state_rulebook
from schulerfolg._errors import SchulerfolgError
from schulerfolg._model import District
from schulerfolg.plugins._api import (
    DistrictPlugin,
    PluginConflictError,
    PluginError,
    build_overlay,
    plugin_layer,
)
from schulerfolg.plugins._declarative import load_declarative_plugin

#: The entry-point group district plugins register under.
ENTRY_POINT_GROUP: Final = "schulerfolg.plugins"
#: Set to 1/true/yes to make every plugin problem an error.
STRICT_ENV: Final = "SCHULERFOLG_STRICT_PLUGINS"
#: ``KEY=DISTRIBUTION[,KEY=DISTRIBUTION…]`` selects one plugin where several claim a district.
SELECT_ENV: Final = "SCHULERFOLG_PLUGIN_SELECT"
#: Set to 1/true/yes to load no plugins at all (state-wide rules everywhere).
NO_PLUGINS_ENV: Final = "SCHULERFOLG_NO_PLUGINS"

_TRUE: Final = frozenset({"1", "true", "yes", "on"})


class PluginStatus(StrEnum):
    """What became of a plugin."""

    ACTIVE = "active"
    FAILED = "failed"
    CONFLICT = "conflict"
    NOT_SELECTED = "not_selected"


@attrs.frozen(kw_only=True)
class FoundPlugin:
    """An entry point found in the group, with the distribution that ships it."""

    distribution: str
    version: str
    entry_point: str
    value: str
    ep: EntryPoint | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def layer_name(self) -> str:
        """``distribution/entry-point``: how traces and reports name the plugin."""
        return f"{self.distribution}/{self.entry_point}"


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


def find_plugins() -> tuple[FoundPlugin, ...]:
    """Every entry point in the plugin group, sorted by distribution and name (cached)."""
    return _find_cached()


@functools.cache
def _find_cached() -> tuple[FoundPlugin, ...]:
    found = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        name = dist.metadata["Name"] if dist is not None else "<unknown distribution>"
        version = dist.version if dist is not None else "0"
        found.append(
            FoundPlugin(
                distribution=str(name),
                version=str(version),
                entry_point=ep.name,
                value=ep.value,
                ep=ep,
            )
        )
    return tuple(sorted(found, key=lambda item: (item.distribution.lower(), item.entry_point)))


def _declarative_path(value: str) -> Path:
    """Locate ``package:file.toml`` without importing (so executing) the package."""
    module, _, resource = value.partition(":")
    spec = importlib.util.find_spec(module.strip()) if "." not in module else None
    if spec is None or not spec.submodule_search_locations:
        raise PluginError(
            f"cannot locate package {module.strip()!r} of {value!r} "
            "(a TOML plugin must name a top-level package: 'package:file.toml')"
        )
    name = resource.strip()
    if Path(name).is_absolute() or ".." in Path(name).parts:
        raise PluginError(f"{value!r}: the TOML file must lie inside the package")
    return Path(next(iter(spec.submodule_search_locations))) / name


def load_plugin(found: FoundPlugin) -> DistrictPlugin:
    """Load one found plugin: read its TOML or import its object (calling it if callable).

    Any failure is raised as :class:`PluginError` naming the distribution and the cause.
    """
    where = f"{found.layer_name} {found.version}"
    try:
        if found.value.strip().endswith(".toml"):
            return load_declarative_plugin(_declarative_path(found.value))
        if found.ep is None:
            raise PluginError("no entry point to load")
        obj = found.ep.load()
        if callable(obj) and not isinstance(obj, DistrictPlugin):
            obj = obj()
    except PluginError as exc:
        raise PluginError(f"plugin {where}: {exc}") from None
    except SchulerfolgError as exc:
        raise PluginError(f"plugin {where}: {exc}") from exc
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        raise PluginError(f"plugin {where} failed to load: {type(exc).__name__}: {exc}") from exc
    if not isinstance(obj, DistrictPlugin):
        raise PluginError(
            f"plugin {where}: the entry point gave a {type(obj).__name__}, not a "
            "schulerfolg.plugins.DistrictPlugin (or a function returning one)"
        )
    return obj


def _claimed_district(plugin: DistrictPlugin) -> str | None:
    """The key of the district a (failed) plugin declares, if it names a real one."""
    from schulerfolg._reference import district

    try:
        return district(plugin.district).key
    except SchulerfolgError:
        return None


def _flag(value: str | None) -> bool:
    return value is not None and value.strip().lower() in _TRUE


def parse_selection(text: str | None) -> dict[str, str]:
    """Read ``"15001=schulerfolg,harz=schulerfolg-harz"`` into {district key: distribution}."""
    from schulerfolg._reference import district

    selection: dict[str, str] = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        key, sep, chosen = item.partition("=")
        if not sep or not key.strip() or not chosen.strip():
            raise PluginError(
                f"cannot read plugin selection {item.strip()!r}; "
                "write DISTRICT=DISTRIBUTION, e.g. 15001=schulerfolg"
            )
        selection[district(key.strip()).key] = chosen.strip()
    return selection


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
    failures: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, hash=False)
    selected: frozenset[str] = frozenset()

    @classmethod
    def discover(
        cls,
        *,
        strict: bool | None = None,
        select: Mapping[str, str] | None = None,
        enabled: bool | None = None,
    ) -> PluginRegistry:
        """Find, load and validate every installed plugin.

        ``strict`` (default: the ``SCHULERFOLG_STRICT_PLUGINS`` environment variable) raises
        :class:`PluginError` for any failed or conflicting plugin instead of reporting it.
        ``select`` maps a district to the distribution (or ``distribution/entry-point``) to use
        where several claim it (default: ``SCHULERFOLG_PLUGIN_SELECT``).
        """
        if enabled is None:
            enabled = not _flag(os.environ.get(NO_PLUGINS_ENV))
        found = find_plugins() if enabled else ()
        loaded: list[tuple[FoundPlugin, DistrictPlugin | PluginError]] = []
        for item in found:
            try:
                loaded.append((item, load_plugin(item)))
            except PluginError as exc:
                loaded.append((item, exc))
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
        loaded: list[tuple[FoundPlugin, DistrictPlugin | PluginError]] = [
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
        cls,
        loaded: list[tuple[FoundPlugin, DistrictPlugin | PluginError]],
        *,
        strict: bool | None,
        select: Mapping[str, str] | None,
    ) -> PluginRegistry:
        from schulerfolg._reference import district

        if strict is None:
            strict = _flag(os.environ.get(STRICT_ENV))
        if select is None:
            select = parse_selection(os.environ.get(SELECT_ENV))
        else:
            select = {district(key).key: value for key, value in select.items()}
        base = state_rulebook()
        reports: list[PluginReport] = []
        failures: dict[str, list[str]] = {}
        candidates: dict[str, list[tuple[int, FoundPlugin, Rulebook]]] = {}
        for item, outcome in loaded:
            common = PluginReport(
                name=item.layer_name,
                distribution=item.distribution,
                version=item.version,
                entry_point=item.entry_point,
                status=PluginStatus.FAILED,
            )
            if isinstance(outcome, PluginError):
                reports.append(attrs.evolve(common, error=str(outcome)))
                continue
            layer = plugin_layer(item.distribution, item.entry_point, item.version)
            try:
                target, rulebook = build_overlay(outcome, layer, base)
            except PluginError as exc:
                error = f"plugin {item.layer_name} {item.version}: {exc}"
                claimed = _claimed_district(outcome)
                reports.append(
                    attrs.evolve(
                        common,
                        api_version=outcome.api_version,
                        district=claimed,
                        title=outcome.name,
                        error=error,
                    )
                )
                if claimed is not None:
                    failures.setdefault(claimed, []).append(error)
                continue
            reports.append(
                attrs.evolve(
                    common,
                    api_version=outcome.api_version,
                    district=target.key,
                    title=outcome.name,
                    status=PluginStatus.ACTIVE,
                )
            )
            candidates.setdefault(target.key, []).append((len(reports) - 1, item, rulebook))
        rulebooks: dict[str, Rulebook] = {}
        conflicts: dict[str, tuple[str, ...]] = {}
        problems: list[str] = []
        for key, options in candidates.items():
            chosen = select.get(key)
            if chosen is not None:
                picked = [o for o in options if chosen in (o[1].distribution, o[1].layer_name)]
                if len(picked) != 1:
                    names = ", ".join(o[1].layer_name for o in options)
                    problems.append(
                        f"selection {key}={chosen} matches {len(picked)} of the "
                        f"plugins for {district(key)} ({names})"
                    )
                    continue
                for index, item, _ in options:
                    if item is not picked[0][1]:
                        reports[index] = attrs.evolve(
                            reports[index], status=PluginStatus.NOT_SELECTED
                        )
                rulebooks[key] = picked[0][2]
            elif len(options) == 1:
                rulebooks[key] = options[0][2]
            else:
                claims = tuple(
                    f"{o[1].distribution} {o[1].version} ({o[1].layer_name})" for o in options
                )
                conflicts[key] = claims
                for index, _, _ in options:
                    reports[index] = attrs.evolve(
                        reports[index],
                        status=PluginStatus.CONFLICT,
                        error=f"{len(options)} plugins claim {district(key)}: "
                        + "; ".join(claims)
                        + f" — select one with {SELECT_ENV}="
                        f"{key}=DISTRIBUTION",
                    )
        for key in select:
            if key not in candidates:
                problems.append(
                    f"selection {key}={select[key]}: no installed plugin claims {district(key)}"
                )
        if problems:
            raise PluginError("; ".join(problems))
        registry = cls(
            reports=tuple(reports),
            rulebooks=rulebooks,
            conflicts=conflicts,
            failures={key: tuple(errors) for key, errors in failures.items()},
            selected=frozenset(key for key in select if key in rulebooks),
        )
        if strict:
            bad = [
                r.error or r.name
                for r in registry.reports
                if r.status in (PluginStatus.FAILED, PluginStatus.CONFLICT)
            ]
            if bad:
                raise PluginError("strict plugin mode: " + " | ".join(dict.fromkeys(bad)))
        return registry

    def rulebook(self, district: District | str) -> Rulebook:
        """The rulebook of ``district``: state-wide rules with its plugin, if any.

        A district claimed by several unselected plugins raises :class:`PluginConflictError`
        naming every distribution — never a silent choice.
        """
        from schulerfolg._reference import district as find_district

        target = district if isinstance(district, District) else find_district(district)
        if target.key in self.conflicts:
            raise PluginConflictError(
                f"{len(self.conflicts[target.key])} plugins claim {target}: "
                + "; ".join(self.conflicts[target.key])
                + f"; select one with {SELECT_ENV}={target.key}=DISTRIBUTION "
                "(CLI: --select-plugin)"
            )
        if target.key in self.failures and target.key not in self.selected:
            # Deciding under the state-wide rules (or under another plugin that happened to load)
            # would silently ignore the failed plugin's rules; an explicit selection overrides.
            raise PluginError(
                f"the plugin for {target} failed and was left out, so its rules cannot be "
                f"applied: {' | '.join(self.failures[target.key])}; fix or uninstall it, or set "
                f"{NO_PLUGINS_ENV}=1 to use only the state-wide rules, or select a working "
                f"plugin with {SELECT_ENV}={target.key}=DISTRIBUTION"
            )
        return self.rulebooks.get(target.key, state_rulebook())

    def failed(self) -> tuple[PluginReport, ...]:
        """The reports of plugins that failed and were left out."""
        return tuple(r for r in self.reports if r.status is PluginStatus.FAILED)

    def report_for(self, district: District | str) -> PluginReport | None:
        """The active plugin's report for ``district``, or ``None``."""
        from schulerfolg._reference import district as find_district

        target = district if isinstance(district, District) else find_district(district)
        for report in self.reports:
            if report.district == target.key and report.status is PluginStatus.ACTIVE:
                return report
        return None

    def layer_for(self, district: District | str) -> Layer | None:
        """The plugin layer in effect for ``district``, or ``None``."""
        rulebook = self.rulebook(district)
        return rulebook.overlay.layer if rulebook.overlay is not None else None


def _environment() -> tuple[str | None, str | None, str | None]:
    return (os.environ.get(STRICT_ENV), os.environ.get(SELECT_ENV), os.environ.get(NO_PLUGINS_ENV))


@functools.cache
def _registry_for(environment: tuple[str | None, str | None, str | None]) -> PluginRegistry:
    del environment  # the cache key: a changed environment builds a new registry
    return PluginRegistry.discover()


def default_registry() -> PluginRegistry:
    """The registry of installed plugins under the current environment (cached)."""
    return _registry_for(_environment())


def reset_plugin_cache() -> None:
    """Forget discovered plugins and built registries (after installing a plugin, in tests)."""
    _find_cached.cache_clear()
    _registry_for.cache_clear()


def rulebook_for(district: District | str) -> Rulebook:
    """The rulebook of ``district`` from the default registry."""
    return default_registry().rulebook(district)
