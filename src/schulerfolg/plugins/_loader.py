"""Loading one plugin and layering it: read its TOML or import its object, then validate the
declaration whole against the base and return the district's rulebook.

Any failure is a :class:`~schulerfolg.errors.PluginError` that names the distribution, entry
point and version as attributes and in its message; the base is never touched.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from pathlib import Path

from babel.support import Translations

from schulerfolg._core.i18n import LANGUAGES, compile_po
from schulerfolg._directory.districts import district
from schulerfolg._rules.layers import Layer, LayerKind
from schulerfolg._rules.overlay import DistrictPlugin, Overlay
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg.errors import OverlayError, PluginError, Problem, SchulerfolgError
from schulerfolg.plugins._declarative import load_declarative_plugin
from schulerfolg.plugins._finder import FoundPlugin

#: The plugin-API version this release of schulerfolg speaks.
PLUGIN_API_VERSION = 1
#: Every plugin-API version this release can load.
SUPPORTED_API_VERSIONS = frozenset({1})


def _error(found: FoundPlugin, message: str, **extra: object) -> PluginError:
    return PluginError(
        message,
        distribution=found.distribution,
        entry_point=found.entry_point,
        version=found.version,
        **extra,  # type: ignore[arg-type]
    )


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

    Any failure is raised as :class:`~schulerfolg.errors.PluginError` naming the plugin.
    """
    where = f"{found.layer_name} {found.version}"
    try:
        if found.declarative:
            return load_declarative_plugin(_declarative_path(found.value))
        if found.ep is None:
            raise PluginError("no entry point to load")
        obj = found.ep.load()
        if callable(obj) and not isinstance(obj, DistrictPlugin):
            obj = obj()
    except PluginError as exc:
        raise _error(found, f"plugin {where}: {exc}") from None
    except SchulerfolgError as exc:
        problems = getattr(exc, "problems", ())
        raise _error(found, f"plugin {where}: {exc}", problems=problems) from exc
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        raise _error(found, f"plugin {where} failed to load: {type(exc).__name__}: {exc}") from exc
    if not isinstance(obj, DistrictPlugin):
        raise _error(
            found,
            f"plugin {where}: the entry point gave a {type(obj).__name__}, not a "
            "schulerfolg.plugins.DistrictPlugin (or a function returning one)",
        )
    return obj


def _catalogs(plugin: DistrictPlugin) -> dict[str, Translations]:
    found = dict(plugin.translations)
    if plugin.catalog_dir is None:
        return found
    domain = plugin.catalog_domain
    if not domain:
        raise PluginError("catalog_dir is set but catalog_domain is not")
    for language in LANGUAGES:
        path = plugin.catalog_dir / language / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            found[language] = compile_po(path, language=language, domain=domain)
    return found


def plugin_layer(found: FoundPlugin) -> Layer:
    """The layer that names a plugin in traces: ``distribution/entry-point`` and version."""
    return Layer(kind=LayerKind.PLUGIN, name=found.layer_name, version=found.version)


def layer_plugin(plugin: object, found: FoundPlugin, base: Rulebook) -> Rulebook:
    """Validate a plugin declaration whole and return its district's layered rulebook.

    Raises :class:`~schulerfolg.errors.PluginError` listing every problem (also as
    structured ``problems``); the base is never touched.
    """
    if not isinstance(plugin, DistrictPlugin):
        raise _error(
            found,
            f"the entry point gave a {type(plugin).__name__}, not a schulerfolg.plugins."
            "DistrictPlugin (or a function returning one)",
        )
    if type(plugin.api_version) is not int or plugin.api_version not in SUPPORTED_API_VERSIONS:
        supported = ", ".join(str(v) for v in sorted(SUPPORTED_API_VERSIONS))
        raise _error(
            found,
            f"targets plugin API version {plugin.api_version!r}; this schulerfolg supports "
            f"{supported}",
        )
    try:
        target = district(plugin.district)
    except SchulerfolgError as exc:
        raise _error(found, str(exc)) from None
    problems: list[Problem] = []
    try:
        catalogs: Mapping[str, Translations] = _catalogs(plugin)
    except (OSError, ValueError, SchulerfolgError) as exc:
        catalogs = {}
        message = f"cannot read its message catalogs: {exc}"
        problems.append(Problem(path="$.catalog_dir", code="io", message=message))
    overlay = Overlay(plugin=plugin, layer=plugin_layer(found), district=target, catalogs=catalogs)
    try:
        rulebook = base.with_overlay(overlay)
    except OverlayError as exc:
        problems[:0] = exc.problems
    except Exception as exc:  # a malformed declaration (a text where a rule belongs, …)
        message = f"malformed declaration: {type(exc).__name__}: {exc}"
        problems.insert(0, Problem(path="$", code="type", message=message))
    if problems:
        raise _error(found, "; ".join(map(str, problems)), problems=problems)
    return rulebook


def claimed_district(plugin: DistrictPlugin) -> str | None:
    """The key of the district a (failed) plugin declares, if it names a real one."""
    try:
        return district(plugin.district).key
    except SchulerfolgError:
        return None
