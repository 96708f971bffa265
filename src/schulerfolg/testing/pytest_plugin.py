"""The testing kit's pytest plugin (entry point ``pytest11``, active wherever schulerfolg is
installed): fixtures for test suites that embed the rules.

- ``schulerfolg_registry`` — the district plugins bundled with the library only, isolated from
  whatever else is installed in the environment;
- ``schulerfolg_example`` — the bundled example application;
- ``schulerfolg_evaluation_day`` — a pinned evaluation day (the example's submission day), so
  that no decision depends on the day the tests run;
- ``schulerfolg_ledger`` — a new, empty award ledger of each implementation in turn: in memory,
  in an SQLite file, and in PostgreSQL where ``SCHULERFOLG_TEST_POSTGRES`` names a server
  (a libpq connection string; skipped otherwise).

It also collects ``*.schulerfolg.json`` files as tests (:mod:`schulerfolg.testing.scenarios`).

Fixture names carry the ``schulerfolg_`` prefix so that they never shadow a suite's own.
Loading the plugin imports the library's package (about 0.2 s at the start of a test run); the
fixtures import the rest when they are used.  ``pytest -p no:schulerfolg`` turns it off.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pytest

from schulerfolg.testing.scenarios import SUFFIX, ScenarioFile

if TYPE_CHECKING:
    from schulerfolg import Application, Ledger
    from schulerfolg.plugins import DistrictPlugin, PluginRegistry

#: The evaluation day the kit pins (the bundled example's submission day).
EVALUATION_DAY: Final = date(2025, 6, 30)
#: The environment variable naming a PostgreSQL server for ``schulerfolg_ledger``.
POSTGRES_ENV: Final = "SCHULERFOLG_TEST_POSTGRES"


def builtin_registry(*plugins: DistrictPlugin) -> PluginRegistry:
    """A registry of the library's built-in district plugins — and ``plugins``, as a plugin
    author's own under test — ignoring every other installed plugin."""
    # The library is imported when the kit is used, not when pytest loads the plugin.
    import attrs

    import schulerfolg  # imported when the kit is used
    from schulerfolg.plugins import PluginRegistry, load_declarative_plugin  # when used

    folder = Path(schulerfolg.__file__).parent / "plugins" / "builtin"
    taken = {plugin.district for plugin in plugins}
    found = []
    for path in sorted(folder.glob("*.toml")):
        plugin = load_declarative_plugin(path)
        if plugin.district not in taken:  # a plugin under test replaces its district's
            # Named by their entry point, as an installed library names them in traces.
            found.append(
                (attrs.evolve(plugin, name=path.stem), "schulerfolg", schulerfolg.__version__)
            )
    found += [(plugin, "under-test", "0") for plugin in plugins]
    return PluginRegistry.from_plugins(found, strict=True, select={})


@pytest.fixture
def schulerfolg_registry() -> PluginRegistry:
    """The built-in district plugins only, isolated from whatever else is installed."""
    return builtin_registry()


@pytest.fixture
def schulerfolg_example() -> Application:
    """The bundled example application (Wittenberg, eligible)."""
    # Imported when the fixture is used (see the module's docstring).
    import schulerfolg  # imported when the kit is used

    return schulerfolg.example_application()


@pytest.fixture
def schulerfolg_evaluation_day() -> date:
    """A pinned evaluation day: pass it as ``on`` so decisions never depend on today."""
    return EVALUATION_DAY


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def schulerfolg_ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    """A new, empty award ledger of each implementation in turn."""
    # Imported when the fixture is used (see the module's docstring).
    import schulerfolg  # imported when the kit is used

    if request.param == "memory":
        location = ":memory:"
    elif request.param == "sqlite":
        location = str(tmp_path / "ledger.sqlite")
    else:
        yield from _postgres_ledger()
        return
    with schulerfolg.open_ledger(location, create=True) as ledger:
        yield ledger


def _postgres_ledger() -> Iterator[Ledger]:
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV} to a libpq connection string")
    # The optional PostgreSQL driver and the library: imported only for this fixture.
    import psycopg
    from psycopg.conninfo import make_conninfo

    import schulerfolg  # imported when the kit is used

    name = f"schulerfolg_kit_{secrets.token_hex(6)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        database = make_conninfo(server, dbname=name)  # a URL or a key=value string
        with schulerfolg.open_ledger(database, create=True) as ledger:
            yield ledger
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect ``*.schulerfolg.json`` files as scenario tests."""
    if file_path.name.endswith(SUFFIX):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None
