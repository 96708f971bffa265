"""Finding district plugins (:mod:`schulerfolg.plugins._finder`): the entry points of the
group ``schulerfolg.plugins``, the built-in TOML files among them, sorted and cached.

Nothing here mocks ``importlib.metadata``: the test distributions are installed for real (see
``tests/plugin-dists.txt``); tests that need them FAIL with that hint when they are missing.
"""

from __future__ import annotations

from importlib.metadata import version

import pytest

from helpers import BUILT_INS
from schulerfolg.plugins import default_registry, find_plugins, reset_plugin_cache

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
