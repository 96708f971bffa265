"""The registry of district plugins in effect: find → attribute → load → layer → classify, each a
separate step; immutable once built.

**An entry point's name is the district it claims** (a key, slug or name, as
:func:`~schulerfolg.district` reads it: ``harz``, ``dessau-rosslau``, ``15001``).  The registry
groups the entry points by that district from metadata alone, so a plugin is attributable to
its district before it is imported, and a district's plugins are loaded only when that
district's rulebook is first asked for.  A plugin whose entry point names no district is refused:
it is loaded to learn the district it declares, and that district refuses to decide (one whose
district cannot be told makes every district refuse); a plugin that declares another district
than its entry point's name is refused and counts against the entry point's district.

A plugin that fails to import, raises while loading (anything but ``KeyboardInterrupt``),
targets an unsupported API version or declares something malformed is reported with its
distribution, version and cause; **its district then refuses to decide** (``PluginError``)
rather than silently using other rules, while every other district keeps working.  Strict mode
loads every plugin at once and turns any such report into an error.  Two plugins for one
district are a conflict naming both distributions unless one is selected explicitly.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._directory.districts import district as find_district
from schulerfolg._directory.districts import districts as all_districts
from schulerfolg._model.organisations import District
from schulerfolg._rules.layers import Layer
from schulerfolg._rules.overlay import DistrictPlugin
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg._rules.state import state_rulebook
from schulerfolg.errors import NotFoundError, PluginConflictError, PluginError, Text
from schulerfolg.plugins._finder import FoundPlugin, find_plugins, forget_found_plugins
from schulerfolg.plugins._loader import claimed_district, layer_plugin, load_plugin
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
    #: Loaded and valid, but not in effect: another plugin for its district failed, so the
    #: district refuses to decide until one is selected.
    BLOCKED = "blocked"


@attrs.frozen(kw_only=True)
class PluginReport:
    """One plugin as ``schulerfolg plugins`` shows it.

    ``district`` is the key of the district the plugin counts for: its entry point's name (for a
    plugin in hand, the district it declares); ``None`` when that names no district.
    """

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


class DistrictRules(StrEnum):
    """Under which rules a district is decided — or why it is not."""

    #: No plugin claims it: the state-wide rules.
    STATE_WIDE = "state_wide"
    #: Its plugin: the state-wide rules with the plugin on top.
    PLUGIN = "plugin"
    #: Its plugin could not be used: it refuses to decide (``PluginError``).
    PLUGIN_FAILED = "plugin_failed"
    #: Several plugins claim it and none is selected: it refuses to decide
    #: (``PluginConflictError``).
    CONFLICT = "conflict"


@attrs.frozen(kw_only=True)
class DistrictReport:
    """One district as ``schulerfolg plugins`` shows it: whether it can be decided, under which
    rules, and why not."""

    district: str
    rules: DistrictRules
    #: The plugin in effect (``distribution/entry-point``) and its version, if any.
    plugin: str | None = None
    version: str | None = None
    #: Why it cannot be decided (English); ``None`` when it can.
    error: str | None = None
    #: ``error`` as a :class:`~schulerfolg.errors.Text`; not part of the JSON form.
    error_text: Text | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def decidable(self) -> bool:
        """Whether applications of the district can be decided."""
        return self.rules in (DistrictRules.STATE_WIDE, DistrictRules.PLUGIN)

    def __wire_form__(self, unstructure: Callable[[Any], Any], *, fresh: bool) -> dict[str, Any]:
        """The JSON form: ``district``, ``decidable``, ``rules``, ``plugin``, ``version``,
        ``error``."""
        del fresh
        return {
            "district": self.district,
            "decidable": self.decidable,
            "rules": unstructure(self.rules),
            "plugin": self.plugin,
            "version": self.version,
            "error": self.error,
        }


def _with_error(report: PluginReport, error: Text, **changes: Any) -> PluginReport:
    """``report`` with ``error`` (in English and as a text) and any other ``changes``."""
    return attrs.evolve(report, error=str(error), error_text=error, **changes)


@attrs.frozen(kw_only=True)
class _Claim:
    """A plugin that claims a district: where it was found, its place in the discovery order,
    and the plugin itself if it is already in hand (:meth:`PluginRegistry.from_plugins`)."""

    index: int
    found: FoundPlugin
    plugin: DistrictPlugin | None = None


@attrs.frozen(kw_only=True)
class _Layered:
    """A plugin that layered cleanly: where it came from and its rulebook."""

    claim: _Claim
    rulebook: Rulebook


@attrs.frozen(kw_only=True)
class _Settled:
    """One district once its plugins were loaded and layered."""

    reports: tuple[tuple[int, PluginReport], ...]
    rulebook: Rulebook | None = None
    failures: tuple[PluginError, ...] = ()
    conflict: tuple[str, ...] = ()
    #: Whether one distribution brings several of the plugins in conflict: then only
    #: ``distribution/entry-point`` selects one.
    by_entry_point: bool = False
    selected: bool = False


def _report(claim: _Claim, key: str | None) -> PluginReport:
    found = claim.found
    return PluginReport(
        name=found.layer_name,
        distribution=found.distribution,
        version=found.version,
        entry_point=found.entry_point,
        district=key,
        status=PluginStatus.FAILED,
    )


def _district_of_name(found: FoundPlugin) -> str | None:
    """The key of the district an entry point's name claims, or ``None``."""
    try:
        return find_district(found.entry_point).key
    except NotFoundError:
        return None


@attrs.frozen(kw_only=True)
class _Misnamed:
    """The plugins whose entry point names no district, once loaded to learn the district each
    declares: their reports, their failures by the district they declare, and the failures of
    those whose district cannot be told (it failed to load, or declares none)."""

    reports: tuple[tuple[int, PluginReport], ...] = ()
    by_district: Mapping[str, tuple[PluginError, ...]] = attrs.field(factory=dict)
    unknown: tuple[PluginError, ...] = ()


def _misnamed_error(found: FoundPlugin, declared: District) -> Text:
    return Text(
        N_(
            "plugin {plugin} {version}: the entry point's name {name} is not a district; the "
            "plugin declares {district}, so name its entry point {slug}"
        ),
        {
            "plugin": found.layer_name,
            "version": found.version,
            "name": repr(found.entry_point),
            "district": str(declared),
            "slug": repr(declared.slug),
        },
    )


def _unattributable_error(found: FoundPlugin, cause: Text) -> Text:
    return Text(
        N_(
            "plugin {plugin} {version}: the entry point's name {name} is not a district, and "
            "the plugin does not say which district it is for ({cause}); name the entry point "
            "after its district (a key, slug or name such as 'dessau-rosslau') or uninstall it"
        ),
        {
            "plugin": found.layer_name,
            "version": found.version,
            "name": repr(found.entry_point),
            "cause": cause,
        },
    )


def _settle_misnamed(claims: Iterable[_Claim]) -> _Misnamed:
    """Load each plugin whose entry point names no district, to learn the district it declares:
    that district then refuses to decide (its rules would otherwise silently be missing); one
    whose district cannot be told makes every district refuse."""
    reports: list[tuple[int, PluginReport]] = []
    by_district: dict[str, list[PluginError]] = {}
    unknown: list[PluginError] = []
    for claim in claims:
        found = claim.found
        report = _report(claim, None)
        if claim.plugin is not None:
            outcome: DistrictPlugin | PluginError = claim.plugin
        else:
            try:
                outcome = load_plugin(found)
            except PluginError as exc:
                outcome = exc
        declared = claimed_district(outcome) if isinstance(outcome, DistrictPlugin) else None
        if declared is None and claim.plugin is not None:
            # A plugin in hand (from_plugins) names its district itself: say what is wrong.
            try:
                layer_plugin(outcome, found, state_rulebook())
                raise AssertionError("a plugin without a district layered")  # pragma: no cover
            except PluginError as exc:
                error = _named_error(found, exc.as_text())
        elif declared is None:
            if isinstance(outcome, PluginError):
                cause = outcome.as_text()
            else:
                cause = Text(
                    N_("it declares {district}, which is no district"),
                    {"district": repr(outcome.district)},
                )
            error = _unattributable_error(found, cause)
        if declared is None:
            reports.append((claim.index, _with_error(report, error)))
            unknown.append(
                PluginError(
                    error,
                    distribution=found.distribution,
                    entry_point=found.entry_point,
                    version=found.version,
                )
            )
            continue
        error = _misnamed_error(found, find_district(declared))
        reports.append((claim.index, _with_error(report, error, district=declared)))
        by_district.setdefault(declared, []).append(
            PluginError(
                error,
                distribution=found.distribution,
                entry_point=found.entry_point,
                version=found.version,
            )
        )
    return _Misnamed(
        reports=tuple(reports),
        by_district=MappingProxyType({k: tuple(v) for k, v in by_district.items()}),
        unknown=tuple(unknown),
    )


def _named_error(found: FoundPlugin, message: Text) -> Text:
    return Text(
        N_("plugin {plugin} {version}: {message}"),
        {"plugin": found.layer_name, "version": found.version, "message": message},
    )


def _settle(
    key: str,
    claims: Iterable[_Claim],
    select: Mapping[str, str],
    base: Rulebook,
    misnamed: Iterable[PluginError] = (),
) -> _Settled:
    """Load and layer the plugins that claim district ``key``; pick its rulebook.
    ``misnamed``: the failures of plugins for ``key`` installed under an entry point named
    after no district."""
    claims = tuple(claims)
    reports: dict[int, PluginReport] = {}
    failures: list[PluginError] = list(misnamed)
    layered: list[_Layered] = []
    for claim in claims:
        found = claim.found
        report = _report(claim, key)
        outcome: DistrictPlugin | PluginError
        if claim.plugin is not None:
            outcome = claim.plugin
        else:
            try:
                outcome = load_plugin(found)
            except PluginError as exc:
                outcome = exc
        if isinstance(outcome, PluginError):
            reports[claim.index] = _with_error(report, outcome.as_text())
            failures.append(outcome)
            continue
        api = outcome.api_version if type(outcome.api_version) is int else None
        report = attrs.evolve(report, api_version=api, title=_title(outcome))
        try:
            if claim.plugin is None:
                _check_claim(outcome, found, key)
            rulebook = layer_plugin(outcome, found, base)
        except PluginError as exc:
            error = _named_error(found, exc.as_text())
            reports[claim.index] = _with_error(report, error)
            failures.append(
                PluginError(
                    error,
                    distribution=exc.distribution,
                    entry_point=exc.entry_point,
                    version=exc.version,
                    problems=exc.problems,
                )
            )
            continue
        reports[claim.index] = attrs.evolve(report, status=PluginStatus.ACTIVE)
        layered.append(_Layered(claim=claim, rulebook=rulebook))
    chosen = select.get(key)
    if chosen is not None:
        picked = [
            o for o in layered if chosen in (o.claim.found.distribution, o.claim.found.layer_name)
        ]
        if len(picked) == 1:
            for option in layered:
                if option is not picked[0]:
                    reports[option.claim.index] = attrs.evolve(
                        reports[option.claim.index], status=PluginStatus.NOT_SELECTED
                    )
            return _Settled(
                reports=tuple(reports.items()),
                rulebook=picked[0].rulebook,
                failures=tuple(failures),
                selected=True,
            )
        # The selected plugin is among the failed ones: the district refuses, naming them.
    if len(layered) > 1:
        claims_text = tuple(
            f"{o.claim.found.distribution} {o.claim.found.version} ({o.claim.found.layer_name})"
            for o in layered
        )
        by_entry_point = len({o.claim.found.distribution for o in layered}) < len(layered)
        conflict = Text(
            N_(
                "{count} plugins claim {district}: {claims} — select one with "
                "{variable}={key}=DISTRIBUTION/ENTRY-POINT, as in parentheses"
            )
            if by_entry_point
            else N_(
                "{count} plugins claim {district}: {claims} — select one with "
                "{variable}={key}=DISTRIBUTION"
            ),
            {
                "count": len(layered),
                "district": str(find_district(key)),
                "claims": "; ".join(claims_text),
                "variable": SELECT_ENV,
                "key": key,
            },
        )
        for option in layered:
            reports[option.claim.index] = _with_error(
                reports[option.claim.index], conflict, status=PluginStatus.CONFLICT
            )
        return _Settled(
            reports=tuple(reports.items()),
            failures=tuple(failures),
            conflict=claims_text,
            by_entry_point=by_entry_point,
        )
    if failures and layered:
        # It works, but its district refuses to decide while another of its plugins failed:
        # not in effect, so never shown as active.
        blocked = Text(
            N_(
                "not used: another plugin for {district} failed; select this one with "
                "{variable}={key}={distribution}"
            ),
            {
                "district": str(find_district(key)),
                "variable": SELECT_ENV,
                "key": key,
                "distribution": _selector(layered[0].claim, claims),
            },
        )
        index = layered[0].claim.index
        reports[index] = _with_error(reports[index], blocked, status=PluginStatus.BLOCKED)
    return _Settled(
        reports=tuple(reports.items()),
        rulebook=layered[0].rulebook if layered else None,
        failures=tuple(failures),
    )


def _selector(claim: _Claim, claims: Iterable[_Claim]) -> str:
    """What selects ``claim`` among a district's ``claims``: its distribution, or
    ``distribution/entry-point`` where that distribution has several entry points for it."""
    found = claim.found
    same = [c for c in claims if c.found.distribution == found.distribution]
    return found.distribution if len(same) == 1 else found.layer_name


def _blocked_by_unknown(settled: _Settled, key: str, claims: Iterable[_Claim]) -> _Settled:
    """``settled`` once a plugin whose district cannot be told has failed: every district
    refuses to decide, so a plugin of ``key`` that works is not in effect either (``blocked``)."""
    claims = tuple(claims)
    reports = []
    for index, report in settled.reports:
        if report.status is PluginStatus.ACTIVE:
            claim = next(c for c in claims if c.index == index)
            blocked = Text(
                N_(
                    "not used: a plugin whose district cannot be told failed, so no district "
                    "is decided; select this one with {variable}={key}={distribution}"
                ),
                {"variable": SELECT_ENV, "key": key, "distribution": _selector(claim, claims)},
            )
            report = _with_error(report, blocked, status=PluginStatus.BLOCKED)
        reports.append((index, report))
    return attrs.evolve(settled, reports=tuple(reports))


def _title(plugin: DistrictPlugin) -> str | None:
    return plugin.name if isinstance(plugin.name, str) else None


def _check_claim(plugin: DistrictPlugin, found: FoundPlugin, key: str) -> None:
    """An installed plugin must declare the district its entry point is named after."""
    declared = claimed_district(plugin)
    if declared is not None and declared != key:
        raise PluginError(
            Text(
                N_(
                    "the entry point {name} names {named}, but the plugin declares {declared}; "
                    "an entry point must be named after the district its plugin is for"
                ),
                {
                    "name": repr(found.entry_point),
                    "named": str(find_district(key)),
                    "declared": str(find_district(declared)),
                },
            ),
            distribution=found.distribution,
            entry_point=found.entry_point,
            version=found.version,
        )


def _selection_problems(
    select: Mapping[str, str], claims: Mapping[str, tuple[_Claim, ...]]
) -> list[Text]:
    """A selection must name a district some plugin claims, and match exactly one of them by
    its distribution or ``distribution/entry-point`` (read from metadata: nothing imported)."""
    problems: list[Text] = []
    for key, chosen in select.items():
        options = claims.get(key, ())
        if not options:
            problems.append(
                Text(
                    N_("selection {key}={chosen}: no installed plugin claims {district}"),
                    {"key": key, "chosen": chosen, "district": str(find_district(key))},
                )
            )
            continue
        picked = [o for o in options if chosen in (o.found.distribution, o.found.layer_name)]
        if len(picked) != 1:
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
                        "names": ", ".join(o.found.layer_name for o in options),
                    },
                )
            )
    return problems


@attrs.frozen(kw_only=True)
class PluginRegistry:
    """The district plugins in effect: immutable once built.

    Build it with :meth:`discover` (entry points) or :meth:`from_plugins` (plugins in hand, e.g.
    in tests).  :meth:`rulebook` gives a district's rulebook: the state-wide rules layered with
    its plugin, or the state-wide rules where it has none.  A district's plugins are loaded the
    first time something of that district is asked for (thread-safe; the answer never changes
    afterwards); :attr:`reports` and the other views of all districts load every plugin.
    """

    _claims: Mapping[str, tuple[_Claim, ...]] = attrs.field(alias="claims")
    #: The plugins whose entry point names no district (loaded with the first district).
    _misnamed: tuple[_Claim, ...] = attrs.field(alias="misnamed")
    _select: Mapping[str, str] = attrs.field(alias="select")
    _settled: dict[str, _Settled] = attrs.field(
        factory=dict, alias="settled", eq=False, hash=False, repr=False
    )
    _misnamed_settled: list[_Misnamed] = attrs.field(
        factory=list, alias="misnamed_settled", eq=False, hash=False, repr=False
    )
    # Re-entrant: a plugin that, while it loads, asks for another district's rules gets them;
    # one that asks for its own district's is refused (see _settle), never a deadlock.
    _lock: threading.RLock = attrs.field(
        factory=threading.RLock, alias="lock", eq=False, hash=False, repr=False
    )
    _settling: set[str] = attrs.field(
        factory=set, alias="settling", eq=False, hash=False, repr=False
    )

    @classmethod
    def discover(
        cls,
        *,
        strict: bool | None = None,
        select: Mapping[str, str] | None = None,
        enabled: bool | None = None,
    ) -> PluginRegistry:
        """Find every installed plugin and attribute it to the district its entry point names.

        ``strict`` (default: the ``SCHULERFOLG_STRICT_PLUGINS`` environment variable) loads
        every plugin at once and raises :class:`~schulerfolg.errors.PluginError` for any failed
        or conflicting plugin instead of reporting it.  ``select`` maps a district to the
        distribution (or ``distribution/entry-point``) to use where several claim it (default:
        ``SCHULERFOLG_PLUGIN_SELECT``); a selection that matches no plugin or several raises
        :class:`~schulerfolg.errors.PluginError`.  ``enabled=False`` (or
        ``SCHULERFOLG_NO_PLUGINS``) loads none.
        """
        if enabled is None:
            enabled = not flag(environment()[2])
        claims: dict[str, list[_Claim]] = {}
        misnamed: list[_Claim] = []
        for index, found in enumerate(find_plugins() if enabled else ()):
            claim = _Claim(index=index, found=found)
            key = _district_of_name(found)
            if key is None:
                misnamed.append(claim)
            else:
                claims.setdefault(key, []).append(claim)
        if not enabled:
            select = {}  # no plugins: nothing to select (the way out must always work)
        return cls._build(claims, misnamed, strict=strict, select=select)

    @classmethod
    def from_plugins(
        cls,
        plugins: Iterable[tuple[DistrictPlugin, str, str]],
        *,
        strict: bool | None = None,
        select: Mapping[str, str] | None = None,
    ) -> PluginRegistry:
        """A registry from ``(plugin, distribution, version)`` triples, without discovery.

        Each plugin counts for the district it declares (its ``name`` stands in for the entry
        point's); one that declares no district is reported as failed.
        """
        claims: dict[str, list[_Claim]] = {}
        misnamed: list[_Claim] = []
        for index, (plugin, dist, version) in enumerate(plugins):
            found = FoundPlugin(
                distribution=dist,
                version=version,
                entry_point=str(plugin.name),
                value="<in memory>",
            )
            claim = _Claim(index=index, found=found, plugin=plugin)
            key = claimed_district(plugin) if isinstance(plugin, DistrictPlugin) else None
            if key is not None:
                claims.setdefault(key, []).append(claim)
            else:
                misnamed.append(claim)
        return cls._build(claims, misnamed, strict=strict, select=select)

    @classmethod
    def _build(
        cls,
        claims: Mapping[str, list[_Claim]],
        misnamed: list[_Claim],
        *,
        strict: bool | None,
        select: Mapping[str, str] | None,
    ) -> PluginRegistry:
        strict_env, select_env, _ = environment()
        strict = flag(strict_env) if strict is None else strict
        if select is None:
            select = parse_selection(select_env)
        else:
            select = {find_district(key).key: value for key, value in select.items()}
        frozen = {key: tuple(found) for key, found in claims.items()}
        problems = _selection_problems(select, frozen)
        if problems:
            raise PluginError(Text.joined(problems, "; "))
        registry = cls(
            claims=MappingProxyType(frozen),
            misnamed=tuple(misnamed),
            select=MappingProxyType(dict(select)),
        )
        if strict:
            registry._raise_if_any_failed()
        return registry

    def _raise_if_any_failed(self) -> None:
        bad: dict[str, Text] = {}  # each once, in order, by its English text
        for r in self.reports:
            if r.status in (PluginStatus.FAILED, PluginStatus.CONFLICT):
                text = r.error_text if r.error_text is not None else Text.plain(r.error or r.name)
                bad.setdefault(str(text), text)
        if bad:
            raise PluginError(
                Text(
                    N_("strict plugin mode: {problems}"),
                    {"problems": Text.joined(list(bad.values()), " | ")},
                )
            )

    # ----------------------------------------------------------------------------------------
    # One district

    def _misnamed_plugins(self) -> _Misnamed:
        if not self._misnamed:
            return _NO_MISNAMED
        with self._lock:
            if not self._misnamed_settled:
                self._misnamed_settled.append(_settle_misnamed(self._misnamed))
            return self._misnamed_settled[0]

    def _settle(self, key: str) -> _Settled:
        settled = self._settled.get(key)
        if settled is not None:
            return settled
        with self._lock:
            settled = self._settled.get(key)
            if settled is not None:
                return settled
            if key in self._settling:
                # A plugin of this district asked for this district's rules while it loaded.
                raise PluginError(
                    Text(
                        N_(
                            "a plugin for {district} asked for the rules of {district} while "
                            "it was being loaded"
                        ),
                        {"district": str(find_district(key))},
                    )
                )
            self._settling.add(key)
            try:
                found = self._misnamed_plugins()
                claims = self._claims.get(key, ())
                misnamed = found.by_district.get(key, ())
                settled = _settle(key, claims, self._select, state_rulebook(), misnamed)
                if found.unknown and not settled.selected:
                    settled = _blocked_by_unknown(settled, key, claims)
            finally:
                self._settling.discard(key)
            self._settled[key] = settled
        return settled

    def rulebook(self, district: District | str) -> Rulebook:
        """The rulebook of ``district``: state-wide rules with its plugin, if any.

        A district claimed by several unselected plugins raises
        :class:`~schulerfolg.errors.PluginConflictError` naming every distribution; a district
        whose plugin failed (to import, to load, to validate) raises
        :class:`~schulerfolg.errors.PluginError` — never a silent choice.
        """
        target = district if isinstance(district, District) else find_district(district)
        settled = self._settle(target.key)
        if settled.conflict:
            message = Text(
                N_(
                    "{count} plugins claim {district}: {claims}; select one with "
                    "{variable}={key}=DISTRIBUTION/ENTRY-POINT, as in parentheses (CLI: "
                    "--select-plugin)"
                )
                if settled.by_entry_point
                else N_(
                    "{count} plugins claim {district}: {claims}; select one with "
                    "{variable}={key}=DISTRIBUTION (CLI: --select-plugin)"
                ),
                {
                    "count": len(settled.conflict),
                    "district": str(target),
                    "claims": "; ".join(settled.conflict),
                    "variable": SELECT_ENV,
                    "key": target.key,
                },
            )
            raise PluginConflictError(message, district=target.key, claims=settled.conflict)
        if settled.failures and not settled.selected:
            raise _refusal(target, settled.failures)
        unknown = self._misnamed_plugins().unknown
        if unknown and not settled.selected:
            raise _refusal(target, unknown)
        return settled.rulebook if settled.rulebook is not None else state_rulebook()

    def district_report(self, district: District | str) -> DistrictReport:
        """Whether ``district`` can be decided, under which rules, and why not."""
        target = district if isinstance(district, District) else find_district(district)
        try:
            rulebook = self.rulebook(target)
        except PluginConflictError as exc:
            return DistrictReport(
                district=target.key,
                rules=DistrictRules.CONFLICT,
                error=str(exc.as_text()),
                error_text=exc.as_text(),
            )
        except PluginError as exc:
            return DistrictReport(
                district=target.key,
                rules=DistrictRules.PLUGIN_FAILED,
                error=str(exc.as_text()),
                error_text=exc.as_text(),
            )
        if rulebook.overlay is None:
            return DistrictReport(district=target.key, rules=DistrictRules.STATE_WIDE)
        layer = rulebook.overlay.layer
        return DistrictReport(
            district=target.key,
            rules=DistrictRules.PLUGIN,
            plugin=layer.name,
            version=layer.version,
        )

    def report_for(self, district: District | str) -> PluginReport | None:
        """The active plugin's report for ``district``, or ``None``."""
        target = district if isinstance(district, District) else find_district(district)
        for _, report in self._settle(target.key).reports:
            if report.status is PluginStatus.ACTIVE:
                return report
        return None

    def layer_for(self, district: District | str) -> Layer | None:
        """The plugin layer in effect for ``district``, or ``None``."""
        rulebook = self.rulebook(district)
        return rulebook.overlay.layer if rulebook.overlay is not None else None

    # ----------------------------------------------------------------------------------------
    # Every district (loads every plugin)

    @property
    def reports(self) -> tuple[PluginReport, ...]:
        """One report per plugin found, in discovery order (loads every plugin)."""
        found = list(self._misnamed_plugins().reports)
        for key in self._claims:
            found.extend(self._settle(key).reports)
        return tuple(report for _, report in sorted(found, key=lambda item: item[0]))

    @property
    def unclaimed(self) -> tuple[PluginReport, ...]:
        """The plugins refused because their entry point names no district (each is loaded to
        learn the district it declares, which then refuses to decide)."""
        return tuple(report for _, report in self._misnamed_plugins().reports)

    def district_reports(self) -> tuple[DistrictReport, ...]:
        """A :class:`DistrictReport` for each of the 14 districts, in key order."""
        return tuple(self.district_report(item) for item in all_districts())

    @property
    def rulebooks(self) -> Mapping[str, Rulebook]:
        """District key → the layered rulebook of each district decided under a plugin."""
        found: dict[str, Rulebook] = {}
        for key in self._claims:
            settled = self._settle(key)
            failed = settled.failures or self._misnamed_plugins().unknown
            refuses = settled.conflict or (failed and not settled.selected)
            if settled.rulebook is not None and not refuses:
                found[key] = settled.rulebook
        return MappingProxyType(found)

    @property
    def conflicts(self) -> Mapping[str, tuple[str, ...]]:
        """District key → the plugins in conflict over it (``distribution version (name)``)."""
        return MappingProxyType(
            {key: self._settle(key).conflict for key in self._claims if self._settle(key).conflict}
        )

    @property
    def failures(self) -> Mapping[str, tuple[PluginError, ...]]:
        """District key → the errors of its plugins that failed, in key order (loads every
        plugin).  A plugin whose entry point names no district counts for the district it
        declares; one whose district cannot be told is in :attr:`unclaimed` (and makes every
        district refuse to decide)."""
        keys = sorted({*self._claims, *self._misnamed_plugins().by_district})
        return MappingProxyType(
            {key: self._settle(key).failures for key in keys if self._settle(key).failures}
        )

    @property
    def selected(self) -> frozenset[str]:
        """The districts decided under an explicitly selected plugin."""
        return frozenset(key for key in self._select if self._settle(key).selected)

    def failed(self) -> tuple[PluginReport, ...]:
        """The reports of plugins that failed and were left out (loads every plugin)."""
        return tuple(r for r in self.reports if r.status is PluginStatus.FAILED)


_NO_MISNAMED: Final = _Misnamed()


def _refusal(target: District, failed: tuple[PluginError, ...]) -> PluginError:
    # Deciding under the state-wide rules (or under another plugin that happened to load) would
    # silently ignore the failed plugin's rules; an explicit selection overrides.
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
    return PluginError(
        message,
        distribution=failed[0].distribution,
        entry_point=failed[0].entry_point,
        version=failed[0].version,
        problems=[problem for error in failed for problem in error.problems],
    )


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
