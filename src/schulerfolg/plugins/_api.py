"""What a district plugin declares, and how a declaration becomes an overlay.

A plugin is a :class:`DistrictPlugin` value: the plugin-API version it targets, its district
(one per plugin), a display name, its sources, and its overrides — dated parameter values,
rules added, rules replaced (each naming the state-wide rule id it replaces), rules disabled,
and its own messages, labels and gettext catalogs.  Its version is never declared: it is the
version of the distribution that ships it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

import attrs
from babel.support import Translations

from schulerfolg._converter import from_dict, to_dict
from schulerfolg._engine import Layer, LayerKind, Overlay, Rule, Rulebook
from schulerfolg._errors import DocumentError, SchulerfolgError
from schulerfolg._i18n import LANGUAGES, compile_po
from schulerfolg._messages import Message, placeholders
from schulerfolg._model import District, Source
from schulerfolg._parameters import Parameter, ParameterSpec

#: The plugin-API version this release of schulerfolg speaks.
PLUGIN_API_VERSION: Final = 1
#: Every plugin-API version this release can load.
SUPPORTED_API_VERSIONS: Final = frozenset({1})


@attrs.frozen(kw_only=True)
class DistrictPlugin:
    """A district's rules for educational offers, layered over the state-wide rules.

    ``district`` is a key, slug or name (``"15001"``, ``"dessau-rosslau"``).  Parameter values
    must have the type their :class:`~schulerfolg.ParameterSpec` declares.  ``catalog_dir``
    holds ``<language>/LC_MESSAGES/<catalog_domain>.po`` files whose translations are merged
    over the library's.  Nothing here is applied until the whole declaration has been validated.
    """

    api_version: int
    district: str
    name: str
    sources: tuple[Source, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    parameter_specs: tuple[ParameterSpec, ...] = ()
    added_rules: tuple[Rule, ...] = ()
    replaced_rules: tuple[Rule, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    messages: tuple[Message, ...] = ()
    labels: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    catalog_dir: Path | None = None
    catalog_domain: str | None = None
    translations: Mapping[str, Translations] = attrs.field(factory=dict, hash=False, eq=False)


class PluginError(SchulerfolgError):
    """A plugin could not be used; the message names the distribution and the cause."""


class PluginConflictError(PluginError):
    """Two or more plugins claim one district and none was selected explicitly."""


def _value_problems(plugin: DistrictPlugin, specs: Mapping[str, ParameterSpec]) -> Iterator[str]:
    """Check every parameter value against its spec's type by a strict round trip."""
    for parameter in plugin.parameters:
        spec = specs.get(parameter.name)
        if spec is None:
            continue  # reported by the overlay validation
        for index, value in enumerate(parameter.values):
            try:
                again = from_dict(to_dict(value.value), spec.value_type)
            except DocumentError as exc:
                detail = "; ".join(str(p) for p in exc.problems)
                yield f"parameter {parameter.name!r} value {index}: {detail}"
                continue
            except Exception as exc:
                yield f"parameter {parameter.name!r} value {index}: {type(exc).__name__}: {exc}"
                continue
            if again != value.value:
                yield (
                    f"parameter {parameter.name!r} value {index}: {value.value!r} is not a "
                    f"{spec.value_type}"
                )


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


def _catalog_problems(
    catalogs: Mapping[str, Translations], messages: tuple[Message, ...]
) -> Iterator[str]:
    """A translation must use exactly the placeholders of its message id."""
    for language, catalog in sorted(catalogs.items()):
        for message in messages:
            translated = catalog.gettext(message.template)
            if translated != message.template and (
                placeholders(translated) != placeholders(message.template)
            ):
                yield (
                    f"its {language} translation of {message.code!r} uses placeholders "
                    f"{sorted(placeholders(translated))}, the message has "
                    f"{sorted(placeholders(message.template))}"
                )


def build_overlay(plugin: object, layer: Layer, base: Rulebook) -> tuple[District, Rulebook]:
    """Validate a plugin declaration whole and return its district and layered rulebook.

    Raises :class:`PluginError` listing every problem; the base is never touched.
    """
    from schulerfolg._engine import OverlayError
    from schulerfolg._reference import district

    if not isinstance(plugin, DistrictPlugin):
        raise PluginError(
            f"the entry point gave a {type(plugin).__name__}, not a schulerfolg.plugins."
            "DistrictPlugin (or a function returning one)"
        )
    if plugin.api_version not in SUPPORTED_API_VERSIONS:
        supported = ", ".join(str(v) for v in sorted(SUPPORTED_API_VERSIONS))
        raise PluginError(
            f"targets plugin API version {plugin.api_version}; this schulerfolg supports "
            f"{supported}"
        )
    try:
        target = district(plugin.district)
    except SchulerfolgError as exc:
        raise PluginError(str(exc)) from None
    specs = {**base.specs, **{spec.name: spec for spec in plugin.parameter_specs}}
    problems = list(_value_problems(plugin, specs))
    try:
        catalogs = _catalogs(plugin)
    except (OSError, ValueError, SchulerfolgError) as exc:
        problems.append(f"cannot read its message catalogs: {exc}")
        catalogs = {}
    problems.extend(_catalog_problems(catalogs, (*base.messages.values(), *plugin.messages)))
    overlay = Overlay(
        layer=layer,
        district=target,
        parameters=plugin.parameters,
        parameter_specs=plugin.parameter_specs,
        added_rules=plugin.added_rules,
        replaced_rules=plugin.replaced_rules,
        disabled_rules=plugin.disabled_rules,
        messages=plugin.messages,
        labels=dict(plugin.labels),
        catalogs=catalogs,
    )
    try:
        rulebook = base.with_overlay(overlay)
    except OverlayError as exc:
        problems.extend(exc.problems)
        rulebook = base
    if problems:
        raise PluginError("; ".join(problems))
    return target, rulebook


def plugin_layer(distribution: str, entry_point: str, version: str) -> Layer:
    """The layer that names a plugin in traces: ``distribution/entry-point`` and version."""
    return Layer(kind=LayerKind.PLUGIN, name=f"{distribution}/{entry_point}", version=version)
