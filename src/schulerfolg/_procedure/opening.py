"""Opening an award ledger by where it lives: a file path (SQLite), a PostgreSQL connection
string or URL, or ``":memory:"``."""

from __future__ import annotations

import os
import re
from typing import Final

from schulerfolg._procedure.ledger import Ledger
from schulerfolg._procedure.memory import MemoryLedger
from schulerfolg._procedure.postgres import PostgresLedger
from schulerfolg._procedure.sqlite import SqliteLedger

#: What names a PostgreSQL database: a URL, or a libpq connection string (``key=value`` pairs).
_POSTGRES: Final = re.compile(r"^(postgres(ql)?://|\s*(host|dbname|service)=)")


def open_ledger(location: str | os.PathLike[str], *, create: bool = False) -> Ledger:
    """The award ledger at ``location``: ``":memory:"`` (in memory), a ``postgresql://`` URL
    or libpq connection string (PostgreSQL, needs ``schulerfolg[postgres]``), else the path of
    an SQLite file.  ``create=True`` creates the ledger where there is none; an existing one
    is opened (and migrated to this library's schema).

    .. versionadded:: 0.2.0
    """
    text = os.fspath(location)
    if text == ":memory:":
        return MemoryLedger()
    if _POSTGRES.match(text):
        return PostgresLedger(text, create=create)
    return SqliteLedger(text, create=create)
