"""The PostgreSQL ledger's database: tables created in one transaction, or not at all; a database
that is not a ledger, or a ledger with a newer schema, is refused and left as it was.  Runs
against a real server (``SCHULERFOLG_TEST_POSTGRES``; .ci/run starts one)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from ledger_helpers import CLERK, SUBMITTED_ON, approve, consistency_problems, offer, rulebook
from schulerfolg import LedgerError, PostgresLedger, TransitionError, open_ledger
from schulerfolg._procedure.opening import is_postgres_location
from schulerfolg._procedure.postgres import _redacted
from schulerfolg._procedure.sql import SCHEMA_VERSION


def tables(conninfo: str) -> dict[str, Any]:
    import psycopg  # the optional dependency, installed with the dev extra

    with psycopg.connect(conninfo) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            name: connection.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall()
            for name in names
        }


def execute(conninfo: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(sql)


def test_a_database_without_a_ledger_is_refused_unless_created(postgres_database: str) -> None:
    with pytest.raises(LedgerError, match="not a schulerfolg ledger"):
        PostgresLedger(postgres_database)
    assert tables(postgres_database) == {}
    with open_ledger(postgres_database, create=True) as ledger:
        assert ledger.application_ids() == []
    meta = dict(tables(postgres_database)["schulerfolg_ledger"])
    assert meta["schema_version"] == str(SCHEMA_VERSION)


def test_creating_next_to_foreign_tables_of_the_same_name_changes_nothing(
    postgres_database: str,
) -> None:
    execute(postgres_database, "CREATE TABLE awards (id integer primary key, note text)")
    execute(postgres_database, "INSERT INTO awards VALUES (1, 'not ours')")
    before = tables(postgres_database)
    with pytest.raises(LedgerError, match="cannot be used"):
        PostgresLedger(postgres_database, create=True)
    assert tables(postgres_database) == before  # no table of ours was left behind


def test_a_ledger_with_a_newer_schema_is_refused_and_left_as_it_was(
    postgres_database: str,
) -> None:
    PostgresLedger(postgres_database, create=True).close()
    execute(
        postgres_database,
        f"UPDATE schulerfolg_ledger SET value = '{SCHEMA_VERSION + 1}'"
        " WHERE key = 'schema_version'",
    )
    before = tables(postgres_database)
    with pytest.raises(LedgerError, match=f"schema version {SCHEMA_VERSION + 1} is newer"):
        PostgresLedger(postgres_database, create=True)
    assert tables(postgres_database) == before


def test_an_unreachable_server_is_a_ledger_error_without_the_password(tmp_path: Any) -> None:
    conninfo = f"host={tmp_path} dbname=none user=nobody password=geheim connect_timeout=1"
    with pytest.raises(LedgerError, match="cannot connect") as caught:
        PostgresLedger(conninfo)
    assert "geheim" not in str(caught.value)


@pytest.mark.parametrize(
    ("conninfo", "shown"),
    [
        ("host=/run/pg dbname=x password=geheim", {"host": "/run/pg", "dbname": "x"}),
        ("host=/run/pg password = geheim dbname=x", {"host": "/run/pg", "dbname": "x"}),
        ("host=/run/pg password='mein geheim' dbname=x", {"host": "/run/pg", "dbname": "x"}),
        (
            "postgresql://amt:geheim@db.example/ledger",
            {"user": "amt", "host": "db.example", "dbname": "ledger"},
        ),
        ("postgresql:///x?host=/run/pg&password=geheim", {"host": "/run/pg", "dbname": "x"}),
        ("host=/run/pg sslpassword=geheim dbname=x", {"host": "/run/pg", "dbname": "x"}),
    ],
)
def test_messages_never_show_the_password(conninfo: str, shown: dict[str, str]) -> None:
    from psycopg.conninfo import conninfo_to_dict

    redacted = _redacted(conninfo)
    assert "geheim" not in redacted
    assert conninfo_to_dict(redacted) == shown


@pytest.mark.parametrize(
    "conninfo",
    [
        "host=/run/pg password=WRONG geheim",  # a value with a space, unquoted
        "postgresql://amt:ge%zzheim@db.example/x",  # a broken percent escape
        "postgresql://amt:geheim@[::1/x",  # a broken address
        "host=/run/pg password=geheim\udcff",  # not encodable as UTF-8
    ],
)
def test_a_connection_string_libpq_cannot_read_is_refused_without_its_text(conninfo: str) -> None:
    with pytest.raises(LedgerError, match="the connection string cannot be read") as caught:
        PostgresLedger(conninfo)
    assert "geheim" not in str(caught.value)


@pytest.mark.parametrize("timeout", [0, -1, float("inf"), float("nan"), 3e6])
def test_a_timeout_must_be_a_positive_number_of_seconds(timeout: float) -> None:
    with pytest.raises(ValueError, match="timeout must be"):
        PostgresLedger("host=/nonexistent dbname=x", timeout=timeout)


@pytest.mark.parametrize(
    "location",
    ["postgresql://db/x", "postgres://db/x", "host=/run dbname=x", "user=amt dbname=x",
     "port=5432 dbname=x", " service = ledger", "sslnegotiation=direct host=db dbname=x"],
)  # fmt: skip
def test_connection_strings_name_postgresql(location: str) -> None:
    assert is_postgres_location(location)


@pytest.mark.parametrize("location", ["amt.sqlite", "./x=y.sqlite", "/tmp/ledger", "C:/amt"])
def test_paths_name_files(location: str) -> None:
    assert not is_postgres_location(location)


def test_a_connection_string_is_never_taken_for_a_file(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LedgerError, match="cannot connect"):
        open_ledger(f"port=1 host={tmp_path} dbname=x connect_timeout=1", create=True)
    assert list(tmp_path.iterdir()) == []


def test_the_caps_hold_whatever_the_databases_default_isolation(postgres_database: str) -> None:
    """Under REPEATABLE READ as the database's default, a snapshot taken before the district's
    lock would miss the approval that held it: the ledger sets READ COMMITTED itself."""
    import psycopg

    name = postgres_database.rsplit("dbname=", 1)[1]
    server = postgres_database.rsplit(" dbname=", 1)[0]
    execute(server, f"ALTER DATABASE {name} SET default_transaction_isolation = 'repeatable read'")
    first, second = offer("RR-1", "A", "1500.00"), offer("RR-2", "A", "1500.00")
    with open_ledger(postgres_database, create=True) as ledger:
        for app in (first, second):
            ledger.submit(app, rulebook=rulebook(), on=SUBMITTED_ON, actor=CLERK)
    holder = psycopg.connect(postgres_database)
    holder.execute("SELECT pg_advisory_xact_lock(2, hashtext('15083'))")  # the district's lock
    outcomes: list[str] = []

    def approving(app: Any) -> None:
        with open_ledger(postgres_database) as ledger:
            try:
                approve(ledger, app)
                outcomes.append("approved")
            except TransitionError:
                outcomes.append("refused")

    threads = [threading.Thread(target=approving, args=(app,)) for app in (first, second)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # both have read their snapshots' first statements and wait for the lock
    holder.rollback()
    holder.close()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    with open_ledger(postgres_database) as ledger:
        assert consistency_problems(ledger) == []


def test_a_change_waits_for_a_lock_only_as_long_as_its_timeout(postgres_database: str) -> None:
    import psycopg

    app = offer("LT-1", "A", "100.00")
    with open_ledger(postgres_database, create=True) as ledger:
        ledger.submit(app, rulebook=rulebook(), on=SUBMITTED_ON, actor=CLERK)
    holder = psycopg.connect(postgres_database)
    holder.execute("SELECT pg_advisory_xact_lock(2, hashtext('15083'))")
    try:
        with PostgresLedger(postgres_database, timeout=0.3) as ledger:
            started = time.monotonic()
            with pytest.raises(LedgerError, match="lock timeout"):
                approve(ledger, app)
            assert time.monotonic() - started < 10
            assert ledger.award("LT-1") is None
    finally:
        holder.rollback()
        holder.close()
