"""Loading one plugin and layering it: read its TOML or import its object, then validate the
declaration whole against the base and return the district's rulebook.

Any failure is a :class:`~schulerfolg.errors.PluginError` that names the distribution, entry
point and version as attributes and in its message; the base is never touched.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Mapping
from pathlib import Path

from babel.support import Translations

from schulerfolg._core.i18n import LANGUAGES, N_, compile_po
from schulerfolg._directory.districts import district
from schulerfolg._rules.layers import Layer, LayerKind
from schulerfolg._rules.overlay import DistrictPlugin, Overlay
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg.errors import (
    OverlayError,
    PluginError,
    Problem,
    SchulerfolgError,
    Text,
    described,
)
from schulerfolg.plugins._declarative import load_declarative_plugin
from schulerfolg.plugins._finder import FoundPlugin

#: The plugin-API version this release of schulerfolg speaks.
PLUGIN_API_VERSION = 1
#: Every plugin-API version this release can load.
SUPPORTED_API_VERSIONS = frozenset({1})


def problem_text(problem: Problem, *, path: str | None = None) -> Text:
    """``path: message`` of a problem, its message in the reader's language where it has one."""
    message = problem.text if problem.text is not None else Text.plain(problem.message)
    where = problem.path if path is None else path
    return Text("{path}: {message}", {"path": where, "message": message})


def problems_text(problems: Iterable[Problem], separator: str = "; ") -> Text:
    """Every problem as ``path: message``, joined by ``separator`` (``str()`` as
    ``separator.join(map(str, problems))``)."""
    return Text.joined([problem_text(problem) for problem in problems], separator)


def _named(found: FoundPlugin, message: Text) -> Text:
    """``plugin distribution/entry-point version: message``."""
    return Text(
        N_("plugin {plugin} {version}: {message}"),
        {"plugin": found.layer_name, "version": found.version, "message": message},
    )


def _not_a_plugin(obj: object) -> Text:
    return Text(
        N_(
            "the entry point gave a {type}, not a schulerfolg.plugins.DistrictPlugin "
            "(or a function returning one)"
        ),
        {"type": type(obj).__name__},
    )


def _error(found: FoundPlugin, message: Text, **extra: object) -> PluginError:
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
            Text(
                N_(
                    "cannot locate package {package} of {value} "
                    "(a TOML plugin must name a top-level package: 'package:file.toml')"
                ),
                {"package": repr(module.strip()), "value": repr(value)},
            )
        )
    name = resource.strip()
    outside = PluginError(
        Text(N_("{value}: the TOML file must lie inside the package"), {"value": repr(value)})
    )
    if Path(name).is_absolute() or ".." in Path(name).parts:
        raise outside
    package = Path(next(iter(spec.submodule_search_locations)))
    path = package / name
    # A symbolic link may lead out of the package: what is read must lie inside it.
    if not path.resolve().is_relative_to(package.resolve()):
        raise outside
    return path


def load_plugin(found: FoundPlugin) -> DistrictPlugin:
    """Load one found plugin: read its TOML or import its object (calling it if callable).

    Any failure is raised as :class:`~schulerfolg.errors.PluginError` naming the plugin.
    """
    try:
        if found.declarative:
            return load_declarative_plugin(_declarative_path(found.value))
        obj = found.load()
        if callable(obj) and not isinstance(obj, DistrictPlugin):
            obj = obj()
    except PluginError as exc:
        raise _error(found, _named(found, exc.as_text())) from None
    except SchulerfolgError as exc:
        problems = getattr(exc, "problems", ())
        raise _error(found, _named(found, exc.as_text()), problems=problems) from exc
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        cause = Text.plain(described(exc))  # the plugin's own words
        message = Text(
            N_("plugin {plugin} {version} failed to load: {cause}"),
            {"plugin": found.layer_name, "version": found.version, "cause": cause},
        )
        raise _error(found, message) from exc
    if not isinstance(obj, DistrictPlugin):
        raise _error(found, _named(found, _not_a_plugin(obj)))
    return obj


def _catalogs(plugin: DistrictPlugin) -> dict[str, Translations]:
    found = dict(plugin.translations)
    if plugin.catalog_dir is None:
        return found
    domain = plugin.catalog_domain
    if not domain:
        raise PluginError(Text(N_("catalog_dir is set but catalog_domain is not")))
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
        raise _error(found, _not_a_plugin(plugin))
    supported = ", ".join(str(v) for v in sorted(SUPPORTED_API_VERSIONS))
    if type(plugin.api_version) is not int:
        template = (
            N_("api_version must be a whole number such as {supported}, not the text {version}")
            if isinstance(plugin.api_version, str)
            else N_("api_version must be a whole number such as {supported}, not {version}")
        )
        message = Text(template, {"supported": supported, "version": repr(plugin.api_version)})
        raise _error(found, message)
    if plugin.api_version not in SUPPORTED_API_VERSIONS:
        raise _error(
            found,
            Text(
                N_("targets plugin API version {version}; this schulerfolg supports {supported}"),
                {"version": repr(plugin.api_version), "supported": supported},
            ),
        )
    try:
        target = district(plugin.district)
    except SchulerfolgError as exc:
        raise _error(found, exc.as_text()) from None
    problems: list[Problem] = []
    try:
        catalogs: Mapping[str, Translations] = _catalogs(plugin)
    except (OSError, ValueError, SchulerfolgError) as exc:
        catalogs = {}
        # The system's or babel's own words, where they are not the library's.
        reason = exc.as_text() if isinstance(exc, SchulerfolgError) else Text.plain(str(exc))
        message = Text(N_("cannot read its message catalogs: {reason}"), {"reason": reason})
        problems.append(Problem.of("$.catalog_dir", message, code="io"))
    overlay = Overlay(plugin=plugin, layer=plugin_layer(found), district=target, catalogs=catalogs)
    try:
        rulebook = base.with_overlay(overlay)
    except OverlayError as exc:
        problems[:0] = exc.problems
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # a malformed declaration (a text where a rule belongs, …)
        cause = Text.plain(described(exc))
        message = Text(N_("malformed declaration: {cause}"), {"cause": cause})
        problems.insert(0, Problem.of("$", message, code="type"))
    if problems:
        raise _error(found, problems_text(problems), problems=problems)
    return rulebook


def claimed_district(plugin: DistrictPlugin) -> str | None:
    """The key of the district a (failed) plugin declares, if it names a real one."""
    try:
        return district(plugin.district).key
    except SchulerfolgError:
        return None
