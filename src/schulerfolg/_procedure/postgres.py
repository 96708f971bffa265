"""The award ledger in a PostgreSQL database — for a state-wide portal where several application
servers share one ledger (psycopg 3; install ``schulerfolg[postgres]``).

Every change runs in one transaction at READ COMMITTED (set explicitly, whatever the server's
default) that first takes transaction-level
advisory locks — on the application, then (for changes of awards) on its district — so that
two approvals in one district run one after the other, the second reading every award the
first committed; approvals in different districts run side by side.  A connection that dies
mid-transaction leaves nothing: the server rolls it back.  Reads run in REPEATABLE READ, READ
ONLY transactions (one consistent snapshot).

A database is checked before anything is written to it: one without the ledger's table is
refused unless ``create=True`` (then the tables are created in one transaction, or not at
all), and a ledger with a newer schema is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final

from schulerfolg._core.i18n import N_
from schulerfolg._procedure.ledger import Ledger
from schulerfolg._procedure.sql import (
    FORMAT,
    SCHEMA_VERSION,
    SqlStore,
    migrate,
    newer_schema,
    not_recorded,
    recorded_version,
)
from schulerfolg._procedure.store import LedgerStore
from schulerfolg._version import __version__
from schulerfolg.errors import LedgerError, Text

if TYPE_CHECKING:
    from psycopg import Connection

#: The advisory lock (class, 0) that serialises creating and migrating the schema.
_SCHEMA_LOCK: Final = 0
#: The longest lock timeout PostgreSQL takes (2**31 - 1 ms), in seconds.
_MAX_TIMEOUT: Final = 2_147_483.647


def _psycopg() -> Any:
    # psycopg is the optional dependency of this one ledger (the `postgres` extra): imported
    # when a PostgreSQL ledger is opened, never by `import schulerfolg`.
    try:
        import psycopg
    except ImportError:
        raise LedgerError(
            "postgresql",
            Text(
                N_("psycopg is not installed: {command}"),
                {"command": "pip install 'schulerfolg[postgres]'"},
            ),
        ) from None
    return psycopg


class PostgresLedger(Ledger):
    """The award ledger in the PostgreSQL database that ``conninfo`` names (a libpq connection
    string or ``postgresql://`` URL).  ``create=True`` creates the ledger's tables in a database
    that has none.  ``timeout`` is how long a change waits for another's locks, in seconds
    (then :class:`~schulerfolg.errors.LedgerError`).  One object holds one connection; threads
    using it take turns.

    .. versionadded:: 0.2.0
    """

    def __init__(self, conninfo: str, *, create: bool = False, timeout: float = 30.0) -> None:
        psycopg = _psycopg()
        if not (isinstance(timeout, int | float) and 0 < timeout < _MAX_TIMEOUT):
            raise ValueError(f"timeout must be a number of seconds above 0: {timeout!r}")
        self._timeout_ms = max(1, int(timeout * 1000))
        self.location = _redacted(conninfo)
        self._turns = threading.RLock()
        self._errors: type[Exception] = psycopg.Error
        try:
            self._connection: Connection[Any] = psycopg.connect(conninfo, autocommit=True)
        except psycopg.Error as exc:
            raise LedgerError(self.location, _cannot_connect(str(exc).strip())) from None
        try:
            self._open(create)
        except BaseException:
            self._connection.close()
            raise

    def _execute(self, sql: str, parameters: Sequence[Any]) -> list[tuple[Any, ...]]:
        cursor = self._connection.execute(sql.replace("?", "%s"), tuple(parameters))
        return cursor.fetchall() if cursor.description is not None else []

    def _lock(self, kind: int, key: str) -> None:
        self._execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", (kind, key))

    def _open(self, create: bool) -> None:
        try:
            with self._connection.transaction():
                self._execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED", ())
                self._execute(f"SET LOCAL lock_timeout = {self._timeout_ms}", ())
                self._lock(_SCHEMA_LOCK, "schema")
                exists = self._execute("SELECT to_regclass('schulerfolg_ledger') IS NOT NULL", ())
                if not exists[0][0]:
                    if not create:
                        raise LedgerError(
                            self.location,
                            Text(
                                N_(
                                    "not a schulerfolg ledger (no table schulerfolg_ledger); "
                                    "create one first (`schulerfolg ledger create` on the "
                                    "command line, create=True in Python)"
                                )
                            ),
                        )
                    migrate(self._execute, 0, __version__)
                    return
                kind, version = recorded_version(
                    self._execute("SELECT key, value FROM schulerfolg_ledger", ())
                )
                if kind != FORMAT or version is None:
                    raise LedgerError(
                        self.location, Text(N_("the ledger's own table is inconsistent"))
                    )
                if version > SCHEMA_VERSION:
                    raise LedgerError(self.location, newer_schema(version))
                if version < SCHEMA_VERSION:
                    migrate(self._execute, version, __version__)
        except self._errors as exc:
            raise LedgerError(
                self.location,
                Text(N_("the database cannot be used: {reason}"), {"reason": str(exc)}),
            ) from None

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[LedgerStore]:
        try:
            with self._turns, self._connection.transaction():
                if write:
                    # READ COMMITTED whatever the server's default: each statement after the
                    # advisory locks sees what the transactions before them committed (under
                    # REPEATABLE READ the snapshot would predate the lock).
                    self._execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED", ())
                    self._execute(f"SET LOCAL lock_timeout = {self._timeout_ms}", ())
                else:
                    self._execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", ())
                yield SqlStore(self._execute, self._lock, self.location)
        except self._errors as exc:
            raise LedgerError(self.location, not_recorded(str(exc))) from None


def _cannot_connect(reason: str) -> Text:
    # The reason is libpq's own words (English whatever the language).
    if not reason:
        return Text(N_("cannot connect"))
    return Text(N_("cannot connect: {reason}"), {"reason": reason})


def _redacted(conninfo: str) -> str:
    """The connection string without its secrets (``password``, ``sslpassword`` and every
    other key naming a password), for messages; libpq's own parser reads every spelling.  A
    string it cannot read is refused here, so that libpq's message — which quotes the string —
    is never shown."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo  # see _psycopg

    try:
        parts = conninfo_to_dict(conninfo)
    except Exception:  # psycopg.ProgrammingError, UnicodeEncodeError: never show its text
        raise LedgerError(
            "postgresql", Text(N_("the connection string cannot be read (check its spelling)"))
        ) from None
    return make_conninfo(
        "", **{key: value for key, value in parts.items() if "password" not in key}
    )
