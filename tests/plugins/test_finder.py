"""Finding district plugins (:mod:`schulerfolg.plugins._finder`): the entry points of the
group ``schulerfolg.plugins``, the built-in TOML files among them, sorted and cached.

Nothing here mocks ``importlib.metadata``: the test distributions are installed for real (see
``tests/plugin-dists.txt``); tests that need them FAIL with that hint when they are missing.
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from helpers import BUILT_INS
from schulerfolg.errors import PluginError
from schulerfolg.plugins import (
    FoundPlugin,
    _finder,
    default_registry,
    find_plugins,
    reset_plugin_cache,
)

LIBRARY_VERSION = version("schulerfolg")

#: No SCHULERFOLG_* plugin settings from outside, and no cached registries across tests.
pytestmark = pytest.mark.usefixtures("plugin_env")


def test_discovery_finds_the_built_ins_and_the_test_distributions(installed: None) -> None:
    found = find_plugins()
    built_in = [(f.entry_point, f.value) for f in found if f.distribution == "schulerfolg"]
    assert built_in == [(name, f"schulerfolg:plugins/builtin/{name}.toml") for name in BUILT_INS]
    assert {f.version for f in found if f.distribution == "schulerfolg"} == {LIBRARY_VERSION}
    present = {(f.distribution, f.entry_point, f.version) for f in found}
    assert {
        ("schulerfolg-harz", "harz", "1.0.0"),
        ("schulerfolg-test-broken", "halle-saale", "0.0.1"),
        ("schulerfolg-test-broken", "mansfeld-suedharz", "0.0.1"),
        ("schulerfolg-test-broken", "no-such-district", "0.0.1"),
        ("schulerfolg-test-broken", "saalekreis", "0.0.1"),
        ("schulerfolg-test-duplicate", "dessau-rosslau", "0.0.1"),
    } <= present
    duplicate = next(f for f in found if f.distribution == "schulerfolg-test-duplicate")
    assert duplicate.value == "schulerfolg_test_duplicate:plugin.toml"
    # Sorted deterministically: by distribution (case-insensitively), then entry-point name.
    keys = [(f.distribution.lower(), f.entry_point) for f in found]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_find_is_cached_and_reset_clears_it(installed: None) -> None:
    first = find_plugins()
    assert find_plugins() is first
    registry = default_registry()
    assert default_registry() is registry
    reset_plugin_cache()
    again = find_plugins()
    assert again is not first
    assert again == first
    assert default_registry() is not registry


def _as_rows(found: list[FoundPlugin] | None) -> list[tuple[str, str, str, str]]:
    assert found is not None
    return sorted((f.distribution, f.version, f.entry_point, f.value) for f in found)


def test_the_dist_info_reader_finds_what_importlib_metadata_finds(installed: None) -> None:
    # The lean reader (start-up) and the standard one agree on this installation.
    assert _as_rows(_finder._read_dist_info_folders()) == _as_rows(
        _finder._read_with_importlib_metadata()
    )


def _dist_info(folder: Path, name: str, version: str, entry_points: str) -> None:
    info = folder / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nName: not this one\n",
        encoding="utf-8",
    )
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def test_the_dist_info_reader_reads_the_standard_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _dist_info(
        first,
        "Schulerfolg.Boerde",
        "1.2",
        "# a comment\n[console_scripts]\nboerde = not:this\n\n"
        "[schulerfolg.plugins]\n boerde = schulerfolg_boerde.plugin:plugin \n"
        "# another comment\n[other]\nx = y\n",
    )
    # The same distribution again, later on the path: the first one counts (as pip sees it).
    _dist_info(second, "schulerfolg-boerde", "0.9", "[schulerfolg.plugins]\nboerde = old:plugin\n")
    monkeypatch.setattr(sys, "path", [str(first), str(second), str(tmp_path / "missing")])
    rows = _as_rows(_finder._read_dist_info_folders())
    assert rows == [("Schulerfolg.Boerde", "1.2", "boerde", "schulerfolg_boerde.plugin:plugin")]
    assert rows == _as_rows(_finder._read_with_importlib_metadata())


def test_anything_but_dist_info_folders_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "legacy.egg-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert _finder._read_dist_info_folders() is None
    archive = tmp_path / "plugins.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip file
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert _finder._read_dist_info_folders() is None


def test_a_found_plugin_loads_the_object_its_value_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "finder_probe.py").write_text("class Holder:\n    plugin = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = FoundPlugin(
        distribution="probe", version="1", entry_point="boerde", value="finder_probe:Holder.plugin"
    )
    assert found.load() == 42
    sys.modules.pop("finder_probe", None)


def test_a_section_and_its_lines_are_read_as_importlib_metadata_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "[ group ]" is another group for importlib.metadata; the lean reader agrees.
    _dist_info(tmp_path, "spaced", "1", "[ schulerfolg.plugins ]\nboerde = spaced:plugin\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert _as_rows(_finder._read_dist_info_folders()) == []
    assert _as_rows(_finder._read_with_importlib_metadata()) == []


def test_a_line_that_is_no_entry_point_is_refused_as_a_plugin_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # importlib.metadata cannot read such a file at all: the lean reader leaves it to it, and
    # its failure is the registry's PluginError (exit 3), not an internal error.
    _dist_info(tmp_path, "broken-meta", "1", "[console_scripts]\nno equals sign here\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert _finder._read_dist_info_folders() is None
    with pytest.raises(PluginError, match="cannot read the entry points"):
        _finder._read_with_importlib_metadata()
