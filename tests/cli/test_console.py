"""The console script (:mod:`schulerfolg._cli.console`): the command line as a process of its
own, with the garbage collector off while the command's modules are imported and on while it
runs — and a host calling :func:`~schulerfolg._cli.main.main` keeps its collector as it is.

(That the console script and ``python -m schulerfolg`` run at all is in ``test_main.py``.)
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Iterator
from typing import TextIO

import pytest

import schulerfolg._cli.main as cli_main
from helpers import run
from schulerfolg._cli.console import run as console_run


@pytest.fixture
def collector() -> Iterator[None]:
    """Restore the collector as it was, and give back what a test froze."""
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


def _watching(seen: list[tuple[bool, int]]) -> cli_main.Runner:
    def runner(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
        del args, stdin, stdout
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return 0

    return runner


def test_the_command_runs_with_the_collector_on_and_start_up_frozen_out_of_its_way(
    collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    gc.unfreeze()
    seen: list[tuple[bool, int]] = []
    imported: list[bool] = []

    def runner_of(name: str) -> cli_main.Runner:
        imported.append(gc.isenabled())  # the command's modules are imported now
        return _watching(seen)

    monkeypatch.setattr(cli_main, "_runner", runner_of)
    monkeypatch.setattr("sys.argv", ["schulerfolg", "districts"])
    assert console_run() == 0
    assert imported == [False]
    ((enabled, frozen),) = seen
    assert enabled
    assert frozen > 0
    assert gc.isenabled()  # and on again for the rest of the process


def test_the_collector_is_on_again_after_a_failing_command(
    collector: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["schulerfolg", "check", "/no/such/file.json"])
    assert console_run() == 2
    assert gc.isenabled()
    assert "/no/such/file.json" in capsys.readouterr().err


@pytest.mark.parametrize("enabled", [True, False], ids=["on", "off"])
def test_main_called_by_a_host_leaves_its_collector_alone(
    collector: None, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    (gc.enable if enabled else gc.disable)()
    gc.unfreeze()
    seen: list[tuple[bool, int]] = []
    monkeypatch.setattr(cli_main, "_runner", lambda name: _watching(seen))
    assert run("districts").code == 0
    assert seen == [(enabled, 0)]
    assert gc.isenabled() is enabled
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        pytest.param(["--help"], 0, id="help"),
        pytest.param(["--version"], 0, id="version"),
        pytest.param(["no-such-command"], 2, id="usage-error"),
    ],
)
def test_the_collector_is_on_again_when_the_command_line_ends_before_any_command(
    collector: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
) -> None:
    gc.unfreeze()
    monkeypatch.setattr("sys.argv", ["schulerfolg", *argv])
    assert console_run() == code
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what start-up made is out of the way at exit, too
    capsys.readouterr()


def test_the_collector_is_on_again_when_a_commands_module_cannot_be_imported(
    collector: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(name: str) -> cli_main.Runner:
        raise ImportError(f"cannot import {name}")

    monkeypatch.setattr(cli_main, "_runner", broken)
    monkeypatch.setattr("sys.argv", ["schulerfolg", "districts"])
    assert console_run() == 4  # an internal error, said as such
    assert gc.isenabled()
    assert "cannot import" in capsys.readouterr().err
