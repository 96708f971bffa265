"""The PostgreSQL ledger's database: tables created in one transaction, or not at all; a database
that is not a ledger, or a ledger with a newer schema, is refused and left as it was.  Runs
against a real server (``SCHULERFOLG_TEST_POSTGRES``; .ci/run starts one)."""

from __future__ import annotations

from typing import Any

import pytest

from schulerfolg import LedgerError, PostgresLedger, open_ledger
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
        ("host=/run/pg dbname=x password=geheim", "host=/run/pg dbname=x"),
        ("postgresql://amt:geheim@db.example/ledger", "postgresql://amt@db.example/ledger"),
        ("postgresql://db.example/ledger", "postgresql://db.example/ledger"),
    ],
)
def test_messages_never_show_the_password(conninfo: str, shown: str) -> None:
    assert _redacted(conninfo) == shown
