"""Console sessions in documentation pages: reading them, running them in one shell, and
comparing what they print (``…`` stands for anything).  Used by ``tests/docs/``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import attrs

_NOTE = re.compile(r"<!-- console: (.+?) -->")
_FILE = re.compile(r"^<!-- file: (\S+) -->$")
_WARNING = re.compile(
    r"^schulerfolg: (warning: plugin left out|Warnung: Plugin nicht verwendet): .*\n?", re.M
)
_MARK = "@@schulerfolg-docs@@"


@attrs.frozen
class Command:
    """One command of a session and what the page says it prints."""

    line: int
    command: str
    expected: str


def annotated_sessions(page: Path) -> list[tuple[str, list[Command]]]:
    """Every ``console`` block of the page as its commands, with the note of the
    ``<!-- console: NOTE -->`` line before it (``""`` where there is none)."""
    blocks: list[tuple[str, list[Command]]] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() == "```console":
            before = _NOTE.match(lines[index - 1].strip()) if index > 0 else None
            commands: list[Command] = []
            index += 1
            while index < len(lines) and lines[index].strip() != "```":
                text = lines[index]
                if text.startswith("$ "):
                    commands.append(Command(index + 1, text[2:], ""))
                elif commands:
                    last = commands[-1]
                    commands[-1] = attrs.evolve(last, expected=last.expected + text + "\n")
                index += 1
            blocks.append((before.group(1) if before else "", commands))
        index += 1
    return blocks


def page_files(page: Path) -> dict[str, str]:
    """Every file the page writes out — each code block after a ``<!-- file: PATH -->`` line —
    by its path."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        match = _FILE.match(line)
        if match:
            body = []
            cursor = index + 2  # past the opening fence
            while lines[cursor].strip() != "```":
                body.append(lines[cursor])
                cursor += 1
            found[match.group(1)] = "\n".join(body) + "\n"
    return found


def sessions(page: Path) -> list[list[Command]]:
    """The page's ``console`` blocks that run with the page (not marked ``skip``)."""
    return [commands for note, commands in annotated_sessions(page) if note != "skip"]


def matches(expected: str, actual: str) -> bool:
    """``actual`` is what ``expected`` shows, ``…`` standing for anything."""
    pattern = []
    for line in expected.rstrip("\n").split("\n") if expected else []:
        if line.strip() == "…":
            pattern.append(r"(?:.*\n)*?")
        else:
            parts = [re.escape(part) for part in line.rstrip().split("…")]
            pattern.append("[^\n]*".join(parts) + r"[ \t]*\n")
    return re.fullmatch("".join(pattern), actual) is not None


def run_session(commands: list[Command], folder: Path, *, bin_dir: Path | None = None) -> list[str]:
    """Run the commands in one shell (``bin_dir`` first on the path: this environment's, unless
    given); what each printed."""
    script = []
    for command in commands:
        # The exit code survives the marker, for a following `echo $?`.
        script.append(f"{command.command} 2>&1; __rc=$?; echo {_MARK}; (exit $__rc)")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LC_", "LANG", "SCHULERFOLG_"))
    }
    environment.update(
        PATH=f"{bin_dir or Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}",
        COLUMNS="80",
        PYTHONIOENCODING="utf-8",
    )
    completed = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    outputs = completed.stdout.split(_MARK + "\n")
    # A reader cannot tell a no-break space (babel's, before "€") from a space.
    return [
        _WARNING.sub("", output).replace("\xa0", " ").replace("\u202f", " ")
        for output in outputs[: len(commands)]
    ]
