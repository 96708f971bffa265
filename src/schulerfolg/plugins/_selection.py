"""The switches of plugin loading: strict mode, explicit selection where several plugins claim
a district, and no plugins at all — as arguments or environment variables."""

from __future__ import annotations

import os
from typing import Final

from schulerfolg._core.i18n import N_
from schulerfolg._directory.districts import district
from schulerfolg.errors import PluginError, Text

#: Set to 1/true/yes to make every plugin problem an error.
STRICT_ENV: Final = "SCHULERFOLG_STRICT_PLUGINS"
#: ``KEY=DISTRIBUTION[,KEY=DISTRIBUTION…]`` selects one plugin where several claim a district.
SELECT_ENV: Final = "SCHULERFOLG_PLUGIN_SELECT"
#: Set to 1/true/yes to load no plugins at all (state-wide rules everywhere).
NO_PLUGINS_ENV: Final = "SCHULERFOLG_NO_PLUGINS"

_TRUE: Final = frozenset({"1", "true", "yes", "on"})


def flag(value: str | None) -> bool:
    """Whether an environment variable's text switches something on."""
    return value is not None and value.strip().lower() in _TRUE


def parse_selection(text: str | None) -> dict[str, str]:
    """Read ``"15001=schulerfolg,harz=schulerfolg-harz"`` into {district key: distribution}."""
    selection: dict[str, str] = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        key, sep, chosen = item.partition("=")
        if not sep or not key.strip() or not chosen.strip():
            raise PluginError(
                Text(
                    N_(
                        "cannot read plugin selection {item}; "
                        "write DISTRICT=DISTRIBUTION, e.g. 15001=schulerfolg"
                    ),
                    {"item": repr(item.strip())},
                )
            )
        selection[district(key.strip()).key] = chosen.strip()
    return selection


def environment() -> tuple[str | None, str | None, str | None]:
    """The plugin switches of the environment (strict, selection, no plugins)."""
    return (os.environ.get(STRICT_ENV), os.environ.get(SELECT_ENV), os.environ.get(NO_PLUGINS_ENV))
