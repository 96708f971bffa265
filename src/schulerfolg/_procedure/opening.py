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

#: What names a PostgreSQL database: a URL, or a libpq connection string — ``key=value`` pairs
#: with libpq's keywords (https://www.postgresql.org/docs/current/libpq-connect.html).
_URL: Final = re.compile(r"^postgres(ql)?://")
_PAIR: Final = re.compile(r"^\s*([a-z_]+)\s*=")
_LIBPQ_KEYWORDS: Final = frozenset(
    [
        "host",
        "hostaddr",
        "port",
        "dbname",
        "user",
        "password",
        "passfile",
        "require_auth",
        "channel_binding",
        "connect_timeout",
        "client_encoding",
        "options",
        "application_name",
        "fallback_application_name",
        "keepalives",
        "keepalives_idle",
        "keepalives_interval",
        "keepalives_count",
        "tcp_user_timeout",
        "replication",
        "gssencmode",
        "sslmode",
        "requiressl",
        "sslcompression",
        "sslcert",
        "sslkey",
        "sslpassword",
        "sslcertmode",
        "sslrootcert",
        "sslcrl",
        "sslcrldir",
        "sslsni",
        "requirepeer",
        "ssl_min_protocol_version",
        "ssl_max_protocol_version",
        "krbsrvname",
        "gsslib",
        "gssdelegation",
        "service",
        "target_session_attrs",
        "load_balance_hosts",
        # libpq 17 and 18
        "sslnegotiation",
        "min_protocol_version",
        "max_protocol_version",
        "sslkeylogfile",
        "oauth_issuer",
        "oauth_client_id",
        "oauth_client_secret",
        "oauth_scope",
        "scram_client_key",
        "scram_server_key",
    ]
)


def is_postgres_location(location: str) -> bool:
    """True if ``location`` names a PostgreSQL database (a ``postgresql://`` URL or a libpq
    connection string) rather than a file."""
    if _URL.match(location):
        return True
    pair = _PAIR.match(location)
    return pair is not None and pair.group(1) in _LIBPQ_KEYWORDS


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
    if is_postgres_location(text):
        return PostgresLedger(text, create=create)
    return SqliteLedger(text, create=create)
