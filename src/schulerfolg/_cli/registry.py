"""The plugin registry a command uses: the installed plugins under its ``--strict-plugins``
and ``--select-plugin`` options, and the warning about plugins that claim no district."""

from __future__ import annotations

import argparse

from schulerfolg._cli.options import UsageError
from schulerfolg._core.i18n import N_
from schulerfolg._core.texts import render_text
from schulerfolg.errors import PluginError, Text
from schulerfolg.plugins._registry import PluginRegistry, default_registry
from schulerfolg.plugins._selection import parse_selection


def registry_for(args: argparse.Namespace) -> PluginRegistry:
    strict = True if args.strict_plugins else None
    try:
        selection = parse_selection(",".join(args.select_plugin)) if args.select_plugin else None
    except PluginError as exc:  # a malformed option value is a usage error (exit 2)
        raise UsageError(
            Text(N_("--select-plugin: {problem}"), {"problem": exc.as_text()})
        ) from None
    if strict is None and selection is None:
        return default_registry()
    return PluginRegistry.discover(strict=strict, select=selection)


def warn_failed(args: argparse.Namespace, registry: PluginRegistry) -> None:
    """Say on stderr which plugins were refused because their entry point names no district.

    (A plugin that claims a district and fails makes that district refuse to decide, with its
    own message; plugins of other districts are not loaded for a check, so not reported here.)
    """
    for report in registry.unclaimed:
        error = report.error_text or Text.plain(report.error or "")
        warning = Text(N_("schulerfolg: warning: plugin left out: {error}"), {"error": error})
        args.stderr.write(render_text(warning, args.lang) + "\n")
