"""Shared test configuration: Hypothesis profiles.

* ``dev`` (default locally): 50 examples per property, quick feedback.
* ``ci`` (loaded automatically when the ``CI`` environment variable is set): Hypothesis' built-in
  ``ci`` profile (no example database, printed reproduction blobs) with 300 examples, no
  deadline and derandomised, so a CI run is reproducible.
* ``thorough``: many examples and no deadline, for a deliberate long run.

``HYPOTHESIS_PROFILE=<name>`` selects a profile explicitly (and wins over ``CI``);
``pytest --hypothesis-profile=<name>`` works as well.  Profiles are registered here, at module
level, and nowhere else.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from hypothesis import settings

import ledger_helpers
from helpers import INSTALL_HINT, TEST_DISTRIBUTIONS
from schulerfolg import Ledger, open_ledger
from schulerfolg.plugins import (
    NO_PLUGINS_ENV,
    SELECT_ENV,
    STRICT_ENV,
    PluginRegistry,
    reset_plugin_cache,
)

settings.register_profile("dev", max_examples=50)
settings.register_profile(
    "ci",
    settings.get_profile("ci"),
    max_examples=300,
    deadline=None,
    derandomize=True,
)
settings.register_profile("thorough", max_examples=5000, deadline=None)

_DEFAULT_PROFILE = "ci" if os.environ.get("CI") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or _DEFAULT_PROFILE)


# --------------------------------------------------------------------------------------------
# Shared fixtures (plain helper functions are in helpers.py)


@pytest.fixture(autouse=True)
def _no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts without a locale, so the text is German by default (the CLI reads the
    language from LC_ALL, LC_MESSAGES, LANG); tests of the locale set them themselves."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def plugin_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No SCHULERFOLG_* plugin settings from outside, and no cached registries across tests."""
    for name in (STRICT_ENV, SELECT_ENV, NO_PLUGINS_ENV):
        monkeypatch.delenv(name, raising=False)
    reset_plugin_cache()
    yield
    reset_plugin_cache()


@pytest.fixture(scope="session")
def installed() -> None:
    """Fail (never skip) when the test plugin distributions are not installed."""
    problems = []
    for name, expected in TEST_DISTRIBUTIONS.items():
        try:
            found = version(name)
        except PackageNotFoundError:
            problems.append(f"{name} is not installed")
            continue
        if found != expected:
            problems.append(f"{name} {found} is installed, the tests need {expected}")
    if problems:
        pytest.fail("; ".join(problems) + f" — {INSTALL_HINT}")


@pytest.fixture
def state_rules_only(plugin_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Evaluate under the state-wide rules only (also in subprocesses, which inherit the
    variable), so no installed plugin changes what a test is about."""
    monkeypatch.setenv(NO_PLUGINS_ENV, "1")


@pytest.fixture
def with_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run one test with every installed district plugin (undoes :func:`state_rules_only`)."""
    monkeypatch.delenv(NO_PLUGINS_ENV, raising=False)


@pytest.fixture(scope="session")
def registry() -> PluginRegistry:
    """Every installed plugin, with the built-in plugin selected for Dessau-Roßlau (so that a
    second installed plugin for it, like ``schulerfolg-test-duplicate``, is no conflict).

    Built once: a registry is immutable, and its arguments make it independent of SCHULERFOLG_*
    settings.  Tests that need the test plugin distributions also request ``installed``.
    """
    return PluginRegistry.discover(strict=False, select={"15001": "schulerfolg"}, enabled=True)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The test PostgreSQL server (``SCHULERFOLG_TEST_POSTGRES``): skipped without one locally,
    a failure in CI (``SCHULERFOLG_REQUIRE_POSTGRES``, set by .ci/run)."""
    conninfo = ledger_helpers.postgres_server()
    if conninfo is None:
        pytest.skip(f"no PostgreSQL server: set {ledger_helpers.POSTGRES_ENV} (see .ci/run)")
    return conninfo


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[str]:
    """A fresh empty database on the test server, dropped afterwards."""
    yield from ledger_helpers.fresh_database(postgres_server)


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def ledger_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new ledger lives, for each of the three stores."""
    if request.param == "memory":
        return ":memory:"
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite")
    return str(request.getfixturevalue("postgres_database"))


@pytest.fixture
def ledger(ledger_location: str) -> Iterator[Ledger]:
    """A new, empty ledger in each of the three stores."""
    with open_ledger(ledger_location, create=True) as opened:
        yield opened
