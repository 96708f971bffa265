"""The SQLite ledger's file: created in WAL mode with its own application id and schema version;
a missing, foreign, damaged or newer file is refused and left byte for byte as it was."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from ledger_helpers import CLERK, SUBMITTED_ON, approve, offer, rulebook
from schulerfolg import LedgerError, SqliteLedger, open_ledger
from schulerfolg._procedure.sql import SCHEMA_VERSION
from schulerfolg._procedure.sqlite import APPLICATION_ID


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def a_ledger(path: Path, offers: int = 3) -> Path:
    """A ledger file with ``offers`` approved offers, closed (its WAL checkpointed)."""
    with SqliteLedger(path, create=True) as ledger:
        for number in range(offers):
            app = offer(f"S-{number}", f"A{number}", "700.00", 2025 + number % 2)
            app = attrs.evolve(app, title=f"Lernwerkstatt {number} " + "Natur und Technik " * 200)
            ledger.submit(app, rulebook=rulebook(), on=SUBMITTED_ON, actor=CLERK)
            approve(ledger, app)
    return path


def test_a_new_ledger_is_a_wal_file_with_its_id_and_version(tmp_path: Path) -> None:
    path = a_ledger(tmp_path / "l.sqlite", offers=1)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        meta = dict(raw.execute("SELECT key, value FROM schulerfolg_ledger").fetchall())
    assert meta["format"] == "schulerfolg award ledger"
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    raw.close()


def test_a_missing_file_is_not_created_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite"
    with pytest.raises(LedgerError, match="no such file; create a ledger first"):
        SqliteLedger(path)
    assert not path.exists()


def test_an_empty_file_is_refused_unless_created(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    with pytest.raises(LedgerError, match="an empty file"):
        SqliteLedger(path)
    assert path.read_bytes() == b""
    with SqliteLedger(path, create=True) as ledger:
        assert ledger.application_ids() == []


def _not_sqlite(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 40)


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE awards (id INTEGER PRIMARY KEY, note TEXT)")
        raw.execute("INSERT INTO awards (note) VALUES ('not ours')")
    raw.close()


def _newer(path: Path) -> None:
    a_ledger(path, offers=1)
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()


def _damaged(path: Path) -> None:
    a_ledger(path, offers=12)
    data = bytearray(path.read_bytes())
    page = 4096
    # Garbage over the second half of the file's pages but the first two: b-tree pages.
    for start in range(2 * page, len(data), 2 * page):
        data[start : start + page] = b"\xa5" * page
    path.write_bytes(bytes(data))


def _truncated(path: Path) -> None:
    a_ledger(path, offers=12)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def _inconsistent_in_rollback_mode(path: Path) -> None:
    a_ledger(path, offers=1)
    with sqlite3.connect(path, isolation_level=None) as raw:
        raw.execute("PRAGMA journal_mode = DELETE")
        raw.execute("UPDATE schulerfolg_ledger SET value = '7' WHERE key = 'schema_version'")
    raw.close()


def _newer_in_the_wal(path: Path) -> None:
    """A newer library's migration committed to the write-ahead log, not yet to the file."""
    a_ledger(path, offers=1)
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint = 0'); c.execute('BEGIN IMMEDIATE')\n"
        f"c.execute('PRAGMA user_version = {SCHEMA_VERSION + 1}'); c.execute('COMMIT')\n"
        "os._exit(0)\n"  # no close: the log is not checkpointed into the file
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    assert path.with_name(path.name + "-wal").stat().st_size > 0


def _without_own_table(path: Path) -> None:
    a_ledger(path, offers=1)
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TABLE schulerfolg_ledger")
    raw.close()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_not_sqlite, "not an SQLite database"),
        (_foreign, "an SQLite database of another program"),
        (_newer, f"schema version {SCHEMA_VERSION + 1} is newer than this library's"),
        (_damaged, "damaged|cannot be used"),
        (_truncated, "damaged|cannot be used"),
        (_without_own_table, "the ledger's own table is missing"),
        (_inconsistent_in_rollback_mode, "the ledger's own table is missing or inconsistent"),
        (_newer_in_the_wal, f"schema version {SCHEMA_VERSION + 1} is newer"),
    ],
    ids=[
        "not-sqlite",
        "foreign",
        "newer",
        "damaged",
        "truncated",
        "own-table-gone",
        "inconsistent-rollback-journal",
        "newer-in-wal",
    ],
)
@pytest.mark.parametrize("create", [False, True], ids=["open", "create"])
def test_a_file_that_is_not_a_usable_ledger_is_refused_and_left_unchanged(
    tmp_path: Path, make: Callable[[Path], None], reason: str, create: bool
) -> None:
    path = tmp_path / "file.sqlite"
    make(path)
    before = digest(path)
    with pytest.raises(LedgerError, match=reason) as caught:
        open_ledger(path, create=create)
    assert caught.value.location == str(path)
    assert digest(path) == before


def test_an_interrupted_transaction_is_rolled_back(tmp_path: Path) -> None:
    path = a_ledger(tmp_path / "l.sqlite", offers=1)

    class CrashError(Exception):
        pass

    def interrupted(ledger: SqliteLedger) -> None:
        with ledger._transaction(write=True) as store:
            store.put_application(offer("S-9", "Z", "1.00"))
            raise CrashError

    with SqliteLedger(path) as ledger:
        with pytest.raises(CrashError):
            interrupted(ledger)
        assert ledger.application("S-9") is None


@pytest.mark.parametrize("moment", ["CREATE TABLE awards", "link"])
def test_a_creation_killed_half_way_leaves_no_ledger_and_can_be_done_again(
    tmp_path: Path, moment: str
) -> None:
    path = tmp_path / "new.sqlite"
    code = (
        "import os, sys\n"
        "import schulerfolg._procedure.sqlite as module\n"
        "moment = sys.argv[2]\n"
        "if moment == 'link':\n"
        "    module.os.link = lambda *args: os._exit(9)\n"
        "else:\n"
        "    migrate = module.migrate\n"
        "    def killed(execute, version, library):\n"
        "        def dying(sql, parameters):\n"
        "            if sql.startswith(moment):\n"
        "                os._exit(9)\n"
        "            return execute(sql, parameters)\n"
        "        return migrate(dying, version, library)\n"
        "    module.migrate = killed\n"
        "module.SqliteLedger(sys.argv[1], create=True)\n"
    )
    killed = subprocess.run([sys.executable, "-c", code, str(path), moment], check=False)
    assert killed.returncode == 9
    assert not path.exists()  # no half-made ledger under its name
    a_ledger(path, offers=1)
    with SqliteLedger(path) as ledger:
        assert ledger.application_ids() == ["S-0"]


def test_processes_creating_one_ledger_at_once_share_it(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    code = "import sys, schulerfolg; schulerfolg.SqliteLedger(sys.argv[1], create=True).close()"
    processes = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], stderr=subprocess.PIPE)
        for _ in range(6)
    ]
    for process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    a_ledger(path, offers=1)
    assert sorted(
        item.name for item in tmp_path.iterdir() if not item.name.endswith(("-wal", "-shm"))
    ) == ["shared.sqlite"]


def test_a_name_that_looks_like_a_uri_is_a_file_of_that_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _foreign(tmp_path / "victim.db")
    before = digest(tmp_path / "victim.db")
    with SqliteLedger("file:victim.db", create=True) as ledger:
        assert ledger.application_ids() == []
    assert digest(tmp_path / "victim.db") == before
    assert (tmp_path / "file:victim.db").exists()


def test_reading_never_waits_for_a_writer(tmp_path: Path) -> None:
    path = a_ledger(tmp_path / "l.sqlite", offers=1)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with SqliteLedger(path, timeout=0.2) as ledger:
            assert ledger.application_ids() == ["S-0"]
            assert ledger.award("S-0") is not None
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_full_disk_is_a_ledger_error_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "full.sqlite"
    with SqliteLedger(path, create=True) as ledger:
        app = attrs.evolve(offer("F-1", "A", "100.00"), title="Lernwerkstatt " * 400)
        ledger.submit(app, rulebook=rulebook(), on=SUBMITTED_ON, actor=CLERK)
        pages = ledger._execute("PRAGMA page_count", ())[0][0]
        ledger._execute(f"PRAGMA max_page_count = {pages}", ())  # no room for one more page
        with pytest.raises(LedgerError, match="the change was not recorded: database or disk"):
            approve(ledger, app)
        ledger._execute("PRAGMA max_page_count = 1073741823", ())
        assert ledger.award("F-1") is None
        assert len(ledger.history("F-1").events) == 1
