"""The award ledger in an SQLite file — the embedded default (standard-library ``sqlite3``).

The file is in WAL mode (readers never block the writer) with ``synchronous = FULL``; every
change runs in a ``BEGIN IMMEDIATE`` transaction, which takes the one write lock before it
reads, so approvals from several threads or processes are serialised and each re-runs its
checks against every award committed before it.  A process killed in the middle leaves its
transaction uncommitted: SQLite rolls it back when the file is next opened.

A file is checked on a read-only connection before anything is written to it: a file that is
not an SQLite database, an SQLite database of another program (the header's application id), a
ledger with a newer schema (also one in its write-ahead log) or a damaged one is refused with
:class:`~schulerfolg.errors.LedgerError` and left untouched.  Creating a ledger writes its
schema whole in a new file beside it, which then takes the ledger's name in one step (a link),
so an interrupted creation leaves no half-made ledger and two processes creating one at once
share it.  Opening a ledger of this library's schema takes no write lock: readers never wait
for a writer.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

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

#: The application id in the SQLite header of every schulerfolg ledger ("SESF").
APPLICATION_ID: Final = 0x53455346
#: The first bytes of every SQLite database file.
SQLITE_MAGIC: Final = b"SQLite format 3\x00"

#: Why a file without a ledger is refused (``create=True`` makes one).
_MISSING: Final = Text(N_("no such file; create a ledger first"))
_EMPTY: Final = Text(N_("an empty file; create a ledger first"))


def _cannot_read(reason: str) -> Text:
    # The reason is the system's or SQLite's own words (English whatever the language).
    return Text(N_("cannot read the file: {reason}"), {"reason": reason})


def _unusable(reason: str) -> Text:
    return Text(N_("the file cannot be used: {reason}"), {"reason": reason})


def _header(path: Path, location: str) -> tuple[int, int] | None:
    """The (application id, user version) of the file's SQLite header; ``None`` for an empty
    file.  Refuses a file that is not an SQLite database."""
    try:
        with path.open("rb") as file:
            head = file.read(100)
    except OSError as exc:
        raise LedgerError(location, _cannot_read(exc.strerror or str(exc))) from None
    if not head:
        return None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise LedgerError(location, Text(N_("not an SQLite database (not a schulerfolg ledger)")))
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
        try:
            exists = self.path.exists()
        except OSError as exc:
            raise LedgerError(
                self.location,
                Text(N_("cannot reach the file: {reason}"), {"reason": exc.strerror or str(exc)}),
            ) from None
        header = _header(self.path, self.location) if exists else None
        if header is None:
            if not create:
                raise LedgerError(self.location, _EMPTY if exists else _MISSING)
            self._create(replace_empty=exists)
        # Everything is checked on a read-only connection first: a refused file is never
        # written to (no journal mode switched, no WAL checkpointed into it).
        version = self._probe()
        try:
            # The same URI as the probe's: a name such as "file:x.db" is this file, not x.db.
            self._connection = sqlite3.connect(
                self._uri("rw"),
                uri=True,
                timeout=timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise LedgerError(
                self.location, Text(N_("cannot open the file: {reason}"), {"reason": str(exc)})
            ) from None
        try:
            self._prepare(version)
        except BaseException:
            self._connection.close()
            raise

    def _uri(self, mode: str) -> str:
        return f"{self.path.resolve().as_uri()}?mode={mode}"

    def _refuse_foreign(self, application_id: int, user_version: int) -> None:
        if application_id != APPLICATION_ID:
            raise LedgerError(
                self.location,
                Text(N_("an SQLite database of another program, not a schulerfolg ledger")),
            )
        if user_version > SCHEMA_VERSION:
            raise LedgerError(self.location, newer_schema(user_version))

    def _create(self, *, replace_empty: bool) -> None:
        """Create the ledger whole in a new file beside ``path``, then give it its name in one
        step: a creation that is interrupted leaves no half-made ledger, and of two processes
        creating the same ledger at once, the second uses the first's.  An empty file at
        ``path`` is replaced."""
        if not self.path.parent.is_dir():  # SQLite would only say "unable to open database file"
            missing = Text(N_("the folder {folder} does not exist"), {"folder": self.path.parent})
            raise LedgerError(
                self.location, Text(N_("cannot create the ledger: {reason}"), {"reason": missing})
            )
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        try:
            connection = sqlite3.connect(
                f"{temporary.resolve().as_uri()}?mode=rwc", uri=True, isolation_level=None
            )
            try:

                def execute(sql: str, parameters: Sequence[Any]) -> list[tuple[Any, ...]]:
                    return connection.execute(sql, parameters).fetchall()

                execute("BEGIN IMMEDIATE", ())
                execute(f"PRAGMA application_id = {APPLICATION_ID}", ())
                migrate(execute, 0, __version__)
                execute(f"PRAGMA user_version = {SCHEMA_VERSION}", ())
                execute("COMMIT", ())
                execute("PRAGMA journal_mode = WAL", ())
            finally:
                connection.close()
            if replace_empty:
                os.replace(temporary, self.path)
            else:
                with contextlib.suppress(FileExistsError):  # another process was first
                    os.link(temporary, self.path)
        except (OSError, sqlite3.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise LedgerError(
                self.location, Text(N_("cannot create the ledger: {reason}"), {"reason": reason})
            ) from None
        finally:
            for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def _probe(self) -> int:
        """The schema version of the ledger in the file; refuses everything that is not a
        usable ledger, reading only."""
        header = _header(self.path, self.location)
        if header is None:
            raise LedgerError(self.location, _EMPTY)
        if header[0] != APPLICATION_ID:
            self._refuse_foreign(*header)  # the WAL cannot change the application id
        try:
            connection = sqlite3.connect(self._uri("ro"), uri=True)
        except sqlite3.Error as exc:
            raise LedgerError(self.location, _cannot_read(str(exc))) from None
        try:
            return self._check(connection)
        except sqlite3.Error as exc:
            raise LedgerError(self.location, _unusable(str(exc))) from None
        finally:
            connection.close()

    def _check(self, connection: sqlite3.Connection) -> int:
        def one(sql: str) -> Any:
            return connection.execute(sql).fetchone()[0]

        problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise LedgerError(
                self.location, Text(N_("the file is damaged: {reason}"), {"reason": problems[0]})
            )
        version = int(one("PRAGMA user_version"))
        self._refuse_foreign(int(one("PRAGMA application_id")), version)
        try:
            rows = connection.execute("SELECT key, value FROM schulerfolg_ledger").fetchall()
        except sqlite3.Error:
            rows = []
        kind, recorded = recorded_version(rows)
        if kind != FORMAT or recorded != version:
            raise LedgerError(
                self.location, Text(N_("the ledger's own table is missing or inconsistent"))
            )
        return version

    def _prepare(self, version: int) -> None:
        """Migrate an older schema (one transaction), then settle the connection's settings; a
        ledger at this library's version is only read here."""
        execute = self._execute
        try:
            if version < SCHEMA_VERSION:
                execute("BEGIN IMMEDIATE", ())
                try:
                    found = int(execute("PRAGMA user_version", ())[0][0])
                    if found == version:
                        migrate(execute, version, __version__)
                        execute(f"PRAGMA user_version = {SCHEMA_VERSION}", ())
                    elif found != SCHEMA_VERSION or not self._ours():
                        raise LedgerError(
                            self.location, Text(N_("changed while it was opened; retry"))
                        )
                    # else another process migrated it in the meantime: nothing to do
                    execute("COMMIT", ())
                except BaseException:
                    self._rollback()
                    raise
            execute("PRAGMA journal_mode = WAL", ())  # set at creation; kept if changed since
            execute("PRAGMA synchronous = FULL", ())
        except sqlite3.Error as exc:
            raise LedgerError(self.location, _unusable(str(exc))) from None

    def _ours(self) -> bool:
        return int(self._execute("PRAGMA application_id", ())[0][0]) == APPLICATION_ID

    def _rollback(self) -> None:
        # SQLite has rolled back already after some errors (a full disk, an I/O error).
        if self._connection.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self._execute("ROLLBACK", ())

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
                raise LedgerError(
                    self.location,
                    Text(N_("cannot start a transaction: {reason}"), {"reason": str(exc)}),
                ) from None
            try:
                yield SqlStore(self._execute, _no_lock, self.location)
            except sqlite3.Error as exc:
                self._rollback()
                raise LedgerError(self.location, not_recorded(str(exc))) from None
            except BaseException:
                self._rollback()
                raise
            try:
                self._execute("COMMIT", ())
            except sqlite3.Error as exc:
                self._rollback()
                raise LedgerError(self.location, not_recorded(str(exc))) from None


def _no_lock(kind: int, key: str) -> None:
    """SQLite has one writer at a time: ``BEGIN IMMEDIATE`` holds the lock already."""
