"""Finding plugins: the entry points of the group ``schulerfolg.plugins`` with the distribution
that ships each — read from metadata only, nothing imported.  The library's own built-in
districts are registered there too, so there is one path for all.

Where every entry of ``sys.path`` is a folder whose distributions are ``*.dist-info`` folders
(what pip, uv and every PEP 517 installer leave; editable installs included), their
``entry_points.txt`` files are read directly: the standard format, in a few lines, which
saves importing :mod:`importlib.metadata` (about a tenth of the command's start-up).  Anything
else on the path — a zip file, an ``.egg-info`` or ``.egg``, a file it cannot read — is left to
:mod:`importlib.metadata`, which reads every kind.  Folders are read in their own order and
sections and lines as :mod:`importlib.metadata` reads them (the tests compare both); finders a
program adds to ``sys.meta_path`` are seen only by the standard reader, which such a program can
have by putting an ``.egg-info`` on the path.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from typing import Any, Final, Protocol

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg.errors import PluginError, Text, described

#: The entry-point group district plugins register under.
ENTRY_POINT_GROUP: Final = "schulerfolg.plugins"

# The entry-point value grammar of the packaging specification (as importlib.metadata reads it).
_VALUE: Final = re.compile(
    r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$"
)


class EntryPointLike(Protocol):
    """What :class:`FoundPlugin` needs of an entry point object
    (an :class:`importlib.metadata.EntryPoint`): it loads."""

    def load(self) -> Any:
        """Import the object the entry point names."""


@attrs.frozen(kw_only=True)
class FoundPlugin:
    """An entry point found in the group, with the distribution that ships it."""

    distribution: str
    version: str
    entry_point: str
    value: str
    #: The entry point as :mod:`importlib.metadata` gave it, where that reader found it.
    ep: EntryPointLike | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def layer_name(self) -> str:
        """``distribution/entry-point``: how traces and reports name the plugin."""
        return f"{self.distribution}/{self.entry_point}"

    @property
    def declarative(self) -> bool:
        """True if the entry point names a TOML file (read, never imported): its value ends in
        ``.toml`` in any case (``plugin.TOML`` is never imported as Python)."""
        return self.value.strip().lower().endswith(".toml")

    def load(self) -> object:
        """Import the object the entry point names (``module:attribute``)."""
        if self.ep is not None:
            return self.ep.load()
        match = _VALUE.match(self.value.strip())
        if match is None:
            raise PluginError(
                Text(
                    N_("{value} is no entry-point value (write 'module:attribute')"),
                    {"value": repr(self.value)},
                )
            )
        loaded: object = importlib.import_module(match.group("module"))
        for name in filter(None, (match.group("attr") or "").split(".")):
            loaded = getattr(loaded, name)
        return loaded


def find_plugins() -> tuple[FoundPlugin, ...]:
    """Every entry point in the plugin group, sorted by distribution and name (cached: it
    costs ~0.1 ms per installed distribution)."""
    return _find_cached()


@functools.cache
def _find_cached() -> tuple[FoundPlugin, ...]:
    found = _read_dist_info_folders()
    if found is None:
        found = _read_with_importlib_metadata()
    return tuple(sorted(found, key=lambda item: (item.distribution.lower(), item.entry_point)))


def _normalised(name: str) -> str:
    # PEP 503: a distribution found twice on the path counts once, the first one.
    return re.sub(r"[-_.]+", "-", name).lower()


def _read_dist_info_folders() -> list[FoundPlugin] | None:
    """The group's entry points from the ``*.dist-info`` folders on ``sys.path``; ``None`` if
    the path holds anything only :mod:`importlib.metadata` reads."""
    found: list[FoundPlugin] = []
    seen: set[str] = set()
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)  # in the folder's order, as importlib.metadata reads it
        except NotADirectoryError:
            return None  # a zip file on the path
        except OSError:
            continue  # a missing folder holds nothing (as for importlib.metadata)
        for name in names:
            lowered = name.lower()
            if lowered.endswith((".egg-info", ".egg", ".egg-link")):
                return None
            if not lowered.endswith(".dist-info"):
                continue
            info = os.path.join(folder, name)
            header = _metadata(info)
            if header is None:
                return None  # no readable METADATA: let the standard reader decide
            distribution, version = header
            if _normalised(distribution) in seen:
                continue
            seen.add(_normalised(distribution))
            entries = _group_entries(os.path.join(info, "entry_points.txt"))
            if entries is None:
                return None
            for entry_point, value in entries:
                found.append(
                    FoundPlugin(
                        distribution=distribution,
                        version=version,
                        entry_point=entry_point,
                        value=value,
                    )
                )
    return found


def _metadata(info: str) -> tuple[str, str] | None:
    """``Name`` and ``Version`` from a ``METADATA`` file's header (RFC 822 style)."""
    fields: dict[str, str] = {}
    try:
        with open(os.path.join(info, "METADATA"), encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    break  # the header ends; the description follows
                key, colon, value = line.partition(":")
                if colon and key in ("Name", "Version") and key not in fields:
                    fields[key] = value.strip()
    except (OSError, UnicodeDecodeError):
        return None
    if "Name" not in fields:
        return None
    return fields["Name"], fields.get("Version", "0")


def _group_entries(path: str) -> list[tuple[str, str]] | None:
    """``(name, value)`` of each entry point of the plugin group in an ``entry_points.txt``;
    ``None`` if a line cannot be read (then :mod:`importlib.metadata` decides)."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        return []  # a distribution without entry points
    except (OSError, UnicodeDecodeError):
        return None
    entries: list[tuple[str, str]] = []
    section: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")  # as importlib.metadata reads it
            continue
        name, equals, value = line.partition("=")
        if section is not None and not equals:
            return None  # a line of no entry point, in any group
        if section == ENTRY_POINT_GROUP:
            entries.append((name.strip(), value.strip()))
    return entries


def _read_with_importlib_metadata() -> list[FoundPlugin]:
    from importlib.metadata import entry_points

    try:
        group = entry_points(group=ENTRY_POINT_GROUP)
    except Exception as exc:  # a distribution's metadata that cannot be read
        cause = Text.plain(described(exc))
        raise PluginError(
            Text(
                N_("cannot read the entry points of the installed distributions: {cause}"),
                {"cause": cause},
            )
        ) from exc
    found = []
    for ep in group:
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
    return found


def forget_found_plugins() -> None:
    """Forget the entry points found (after installing a plugin, in tests)."""
    _find_cached.cache_clear()
