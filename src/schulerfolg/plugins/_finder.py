"""Finding plugins: the entry points of the group ``schulerfolg.plugins`` with the distribution
that ships each — read from metadata only, nothing imported.  The library's own built-in
districts are registered there too, so there is one path for all."""

from __future__ import annotations

import functools
from importlib.metadata import EntryPoint, entry_points
from typing import Final

import attrs

#: The entry-point group district plugins register under.
ENTRY_POINT_GROUP: Final = "schulerfolg.plugins"


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

    @property
    def declarative(self) -> bool:
        """True if the entry point names a TOML file (read, never imported): its value ends in
        ``.toml`` in any case (``plugin.TOML`` is never imported as Python)."""
        return self.value.strip().lower().endswith(".toml")


def find_plugins() -> tuple[FoundPlugin, ...]:
    """Every entry point in the plugin group, sorted by distribution and name (cached: it
    costs ~0.1 ms per installed distribution)."""
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


def forget_found_plugins() -> None:
    """Forget the entry points found (after installing a plugin, in tests)."""
    _find_cached.cache_clear()
