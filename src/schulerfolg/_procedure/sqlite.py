"""The award ledger in an SQLite file — the embedded default (standard-library ``sqlite3``).

The file is in WAL mode (readers never block the writer) with ``synchronous = FULL``; every
change runs in a ``BEGIN IMMEDIATE`` transaction, which takes the one write lock before it
reads, so approvals from several threads or processes are serialised and each re-runs its
checks against every award committed before it.  A process killed in the middle leaves its
transaction uncommitted: SQLite rolls it back when the file is next opened.

A file is checked before anything is written to it: a file that is not an SQLite database, an
SQLite database of another program (the header's application id), a ledger with a newer schema
or a damaged one is refused with :class:`~schulerfolg.errors.LedgerError` and left untouched.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from schulerfolg._procedure.ledger import Ledger, LedgerStore
from schulerfolg._procedure.sql import (
    FORMAT,
    SCHEMA_VERSION,
    SqlStore,
    migrate,
    recorded_version,
)
from schulerfolg._version import __version__
from schulerfolg.errors import LedgerError

#: The application id in the SQLite header of every schulerfolg ledger ("SESF").
APPLICATION_ID: Final = 0x53455346
_MAGIC: Final = b"SQLite format 3\x00"


def _header(path: Path, location: str) -> tuple[int, int] | None:
    """The (application id, user version) of the file's SQLite header; ``None`` for an empty
    file.  Refuses a file that is not an SQLite database."""
    try:
        with path.open("rb") as file:
            head = file.read(100)
    except OSError as exc:
        raise LedgerError(location, f"cannot read the file: {exc.strerror or exc}") from None
    if not head:
        return None
    if len(head) < 100 or not head.startswith(_MAGIC):
        raise LedgerError(location, "not an SQLite database (not a schulerfolg ledger)")
    return int.from_bytes(head[68:72], "big"), int.from_bytes(head[60:64], "big")


class SqliteLedger(Ledger):
    """The award ledger in the SQLite file ``path``.

    ``create=True`` creates the file (or initialises an empty one) where there is none; without
    it a missing file is refused.  ``timeout`` is how long a writer waits for another
    process's transaction, in seconds.  One object may be shared by threads (they take turns);
    each process opens its own.

    .. versionadded:: 0.2.0
    """

    def __init__(
        self, path: str | os.PathLike[str], *, create: bool = False, timeout: float = 30.0
    ) -> None:
        self.path = Path(path)
        self.location = str(path)
        self._lock = threading.RLock()
        header = _header(self.path, self.location) if self.path.exists() else None
        if header is None and not create:
            what = "an empty file" if self.path.exists() else "no such file"
            raise LedgerError(self.location, f"{what}; create a ledger first (create=True)")
        if header is not None:
            application_id, user_version = header
            self._refuse_foreign(application_id, user_version)
        try:
            self._connection = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise LedgerError(self.location, f"cannot open the file: {exc}") from None
        try:
            self._open(new=header is None)
        except BaseException:
            self._connection.close()
            raise

    def _refuse_foreign(self, application_id: int, user_version: int) -> None:
        if application_id != APPLICATION_ID:
            raise LedgerError(
                self.location, "an SQLite database of another program, not a schulerfolg ledger"
            )
        if user_version > SCHEMA_VERSION:
            raise LedgerError(
                self.location,
                f"schema version {user_version} is newer than this library's "
                f"({SCHEMA_VERSION}); update schulerfolg",
            )

    def _open(self, *, new: bool) -> None:
        execute = self._execute
        try:
            if not new:
                # Checked before anything is written: damage anywhere in the file.
                problems = [row[0] for row in execute("PRAGMA quick_check", ())]
                if problems != ["ok"]:
                    raise LedgerError(self.location, f"the file is damaged: {problems[0]}")
            execute("PRAGMA journal_mode = WAL", ())
            execute("PRAGMA synchronous = FULL", ())
            execute("BEGIN IMMEDIATE", ())
            try:
                version = int(execute("PRAGMA user_version", ())[0][0])
                if new and version == 0:
                    execute(f"PRAGMA application_id = {APPLICATION_ID}", ())
                else:
                    self._check_recorded(version)
                if version < SCHEMA_VERSION:
                    migrate(execute, version, __version__)
                    execute(f"PRAGMA user_version = {SCHEMA_VERSION}", ())
                execute("COMMIT", ())
            except BaseException:
                execute("ROLLBACK", ())
                raise
        except sqlite3.Error as exc:
            raise LedgerError(self.location, f"the file cannot be used: {exc}") from None

    def _check_recorded(self, version: int) -> None:
        self._refuse_foreign(APPLICATION_ID, version)
        try:
            rows = self._execute("SELECT key, value FROM schulerfolg_ledger", ())
        except sqlite3.Error:
            rows = []
        kind, recorded = recorded_version(rows)
        if kind != FORMAT or recorded != version:
            raise LedgerError(self.location, "the ledger's own table is missing or inconsistent")

    def _execute(self, sql: str, parameters: Sequence[Any]) -> list[tuple[Any, ...]]:
        return self._connection.execute(sql, parameters).fetchall()

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[LedgerStore]:
        with self._lock:
            try:
                self._execute("BEGIN IMMEDIATE" if write else "BEGIN", ())
            except sqlite3.Error as exc:
                raise LedgerError(self.location, f"cannot start a transaction: {exc}") from None
            try:
                yield SqlStore(self._execute, _no_lock, self.location)
            except sqlite3.Error as exc:
                self._execute("ROLLBACK", ())
                raise LedgerError(self.location, f"the change was not recorded: {exc}") from None
            except BaseException:
                self._execute("ROLLBACK", ())
                raise
            try:
                self._execute("COMMIT", ())
            except sqlite3.Error as exc:
                self._execute("ROLLBACK", ())
                raise LedgerError(self.location, f"the change was not recorded: {exc}") from None


def _no_lock(kind: int, key: str) -> None:
    """SQLite has one writer at a time: ``BEGIN IMMEDIATE`` holds the lock already."""
