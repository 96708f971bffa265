"""District plugins: the API for plugin authors, discovery and the registry.

A district publishes its rules as a :class:`DistrictPlugin` (Python) or a TOML file
(declarative) in a separately installed distribution, registered under the entry-point group
``schulerfolg.plugins``.  The library's built-in district plugins live in this package, one
module per district, and are registered through the same group.  See ``docs/plugins.md``.
"""

from __future__ import annotations

from schulerfolg._messages import ArgKind, Message
from schulerfolg.plugins._api import (
    PLUGIN_API_VERSION,
    SUPPORTED_API_VERSIONS,
    DistrictPlugin,
    PluginConflictError,
    PluginError,
)
from schulerfolg.plugins._declarative import (
    DocumentLabel,
    load_declarative_plugin,
    read_declarative_plugin,
)
from schulerfolg.plugins._diff import (
    DistrictDiff,
    ParameterChange,
    RuleChange,
    RuleChangeKind,
    ValueView,
    diff_rulebook,
    district_diff,
)
from schulerfolg.plugins._registry import (
    ENTRY_POINT_GROUP,
    NO_PLUGINS_ENV,
    SELECT_ENV,
    STRICT_ENV,
    FoundPlugin,
    PluginRegistry,
    PluginReport,
    PluginStatus,
    default_registry,
    find_plugins,
    load_plugin,
    parse_selection,
    reset_plugin_cache,
    rulebook_for,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "NO_PLUGINS_ENV",
    "PLUGIN_API_VERSION",
    "SELECT_ENV",
    "STRICT_ENV",
    "SUPPORTED_API_VERSIONS",
    "ArgKind",
    "DistrictDiff",
    "DistrictPlugin",
    "DocumentLabel",
    "FoundPlugin",
    "Message",
    "ParameterChange",
    "PluginConflictError",
    "PluginError",
    "PluginRegistry",
    "PluginReport",
    "PluginStatus",
    "RuleChange",
    "RuleChangeKind",
    "ValueView",
    "default_registry",
    "diff_rulebook",
    "district_diff",
    "find_plugins",
    "load_declarative_plugin",
    "load_plugin",
    "parse_selection",
    "read_declarative_plugin",
    "reset_plugin_cache",
    "rulebook_for",
]
