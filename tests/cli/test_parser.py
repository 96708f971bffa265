"""The parser: it names what each command runs, and building it imports no command."""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys

import pytest

from schulerfolg._cli.parser import SCHEMA_DOCUMENTS, build_parser
from schulerfolg._procedure.schemas import DOCUMENTS


def _runners(parser: object) -> list[str]:
    found = []
    for action in getattr(parser, "_actions", ()):
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for sub in action.choices.values():
            if hasattr(sub, "_defaults"):
                if "run" in sub._defaults:
                    found.append(sub._defaults["run"])
                found.extend(_runners(sub))
    return found


def test_the_schema_command_knows_every_document() -> None:
    assert tuple(DOCUMENTS) == SCHEMA_DOCUMENTS


@pytest.mark.parametrize("runner", sorted(set(_runners(build_parser()))))
def test_every_command_names_a_function_that_exists(runner: str) -> None:
    module, _, function = runner.partition(":")
    assert callable(getattr(importlib.import_module(module), function))


def test_help_reads_no_command_module() -> None:
    # --help and a mistyped option are answered from the parser alone: no rules, no plugins,
    # no ledger are imported for them (start-up, docs/performance.md).
    code = (
        "import sys\n"
        "from schulerfolg._cli.main import main\n"
        "main(['check', '--help'])\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('schulerfolg'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = result.stdout.strip().splitlines()[-1].split()
    heavy = [
        name
        for name in loaded
        if name.startswith(("schulerfolg._rules", "schulerfolg._procedure", "schulerfolg.plugins"))
        or name
        in ("schulerfolg._cli.check", "schulerfolg._cli.reference", "schulerfolg._cli.ledger")
    ]
    assert heavy == []


def test_check_imports_only_what_checking_needs() -> None:
    # A check of one document imports neither the ledger and its stores, nor the calendars,
    # nor what only other commands show (start-up, docs/performance.md).
    code = (
        "import sys\n"
        "from schulerfolg._cli.main import main\n"
        "from schulerfolg._directory.files import data_file\n"
        "main(['check', str(data_file('examples/application.json'))])\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('schulerfolg'))))\n"
    )
    environment = {**os.environ, "SCHULERFOLG_NO_PLUGINS": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment
    )
    loaded = result.stdout.strip().splitlines()[-1].split()
    assert "schulerfolg._cli.check" in loaded
    unneeded = [
        name
        for name in loaded
        if name.startswith(("schulerfolg._procedure", "schulerfolg._reporting"))
        or name
        in (
            "schulerfolg._cli.diff_text",
            "schulerfolg._cli.reference",
            "schulerfolg._cli.ledger",
            "schulerfolg.plugins._diff",
        )
    ]
    assert unneeded == []
