"""The plugin author guide (docs/plugins.md) works as written, from its files to its sessions.

The guide's files — each code block after a ``<!-- file: PATH -->`` line — are written into an
empty folder, both example plugins are installed into a fresh environment that has the library
from its wheel (``SCHULERFOLG_GUIDE_PYTHON`` names that environment's ``python``; ``.ci/run``
makes it), and every session marked ``<!-- console: guide FOLDER -->`` runs in that folder and
prints what the guide shows (as docs/cli.md's sessions, see ``test_console.py``).  The sessions
that show a broken or changed plugin stay marked ``console: skip``.

Without ``SCHULERFOLG_GUIDE_PYTHON`` the test is skipped (it installs packages); with
``SCHULERFOLG_REQUIRE_GUIDE=1`` (CI) a missing environment fails instead.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from doc_sessions import Command, annotated_sessions, matches, page_files, run_session

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDE = DOCS / "plugins.md"


def guide_files() -> dict[str, str]:
    """Every file the guide writes out, by its path."""
    return page_files(GUIDE)


def guide_sessions() -> list[tuple[str, list[Command]]]:
    """The sessions that run, each with the folder it runs in."""
    return [
        (note.removeprefix("guide "), commands)
        for note, commands in annotated_sessions(GUIDE)
        if note.startswith("guide ")
    ]


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The guide's folder with its files, and the environment's ``bin`` with both plugins."""
    python = os.environ.get("SCHULERFOLG_GUIDE_PYTHON")
    if not python:
        if os.environ.get("SCHULERFOLG_REQUIRE_GUIDE"):
            pytest.fail("SCHULERFOLG_REQUIRE_GUIDE is set but SCHULERFOLG_GUIDE_PYTHON is not")
        pytest.skip("set SCHULERFOLG_GUIDE_PYTHON to an environment with the library's wheel")
    folder = tmp_path_factory.mktemp("plugin-guide")
    for path, text in guide_files().items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    packages = ("schulerfolg-boerde", "schulerfolg-jerichower-land")
    for package in packages:
        (folder / package / "src" / package.replace("-", "_") / "__init__.py").write_text("")
    # The guide starts with neither plugin installed; its sessions install them in turn.
    subprocess.run(
        [python, "-m", "pip", "uninstall", "--quiet", "--yes", *packages],
        check=False,
        capture_output=True,
    )
    return folder, Path(python).parent


def test_the_guide_has_its_files_and_sessions() -> None:
    assert {"schulerfolg-boerde/pyproject.toml", "schulerfolg-jerichower-land/pyproject.toml"} <= (
        set(guide_files())
    )
    assert len(guide_sessions()) >= 4


@pytest.mark.parametrize("index", range(len(guide_sessions())))
def test_the_guide_session_prints_what_the_guide_says(index: int, guide: tuple[Path, Path]) -> None:
    folder, bin_dir = guide
    where, commands = guide_sessions()[index]
    outputs = run_session(commands, folder / where, bin_dir=bin_dir)
    for command, output in zip(commands, outputs, strict=True):
        assert matches(command.expected, output), (
            f"docs/plugins.md:{command.line}: $ {command.command}\n"
            f"--- the guide says:\n{command.expected}--- it prints:\n{output}"
        )


def test_the_guides_python_examples_run(guide: tuple[Path, Path]) -> None:
    # After the sessions (both plugins installed), from the declarative plugin's folder, as the
    # guide says; the examples that show a broken or changed plugin are marked +SKIP.
    folder, bin_dir = guide
    code = (
        "import doctest, sys\n"
        f"result = doctest.testfile({str(GUIDE)!r}, module_relative=False,"
        " optionflags=doctest.ELLIPSIS)\n"
        "sys.exit(1 if result.failed or not result.attempted else 0)\n"
    )
    result = subprocess.run(
        [str(bin_dir / "python"), "-c", code],
        cwd=folder / "schulerfolg-jerichower-land",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
