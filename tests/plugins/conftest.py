"""Fixtures of the plugin tests (plain helpers are in ``tests/helpers.py``)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import PROBE_PREFIX, PluginSite
from schulerfolg.plugins import reset_plugin_cache


@pytest.fixture
def plugin_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PluginSite]:
    """A folder of plugin distributions installed for one test; afterwards its modules are
    forgotten (they were imported in this process) and so are the plugins found."""
    yield PluginSite(tmp_path / "site", monkeypatch)
    for name in [name for name in sys.modules if name.startswith(PROBE_PREFIX)]:
        del sys.modules[name]
    importlib.invalidate_caches()
    reset_plugin_cache()
