"""Benchmark: the start-up of ``schulerfolg check`` on one document, as a whole process, against
the bare import of the library's main dependencies.

Commands, each a new process, in one interleaved run (every round runs all of them, in a new
random order, so that a drift of the machine's speed touches each alike):

- ``bare``: ``python -c "import attrs, cattrs, babel.numbers, dateutil.rrule"`` — the yardstick;
- ``check``: ``schulerfolg check <the bundled example application>`` (German text output);
- ``check --format json``: the same, written for tools;
- ``help``: ``schulerfolg check --help``;
- ``import``: ``python -c "import schulerfolg"``;
- ``floor``: ``startup_floor.py``, a hand-written checker of the same document on the same
  dependencies with none of the library's engine — about the least the dependencies cost.

Printed: each command's median, minimum and maximum wall time in milliseconds, and its ratio to
``bare`` (the median of the per-round ratios).  The issue's target for ``check`` is at most 1.5.

Measure an installed wheel, as users have it (an editable install reads the source's ``.po``
catalog and, under ``PYTHONDONTWRITEBYTECODE``, compiles every module at every start)::

    python -m venv /tmp/startup && /tmp/startup/bin/pip install .
    python benchmarks/bench_startup.py --python /tmp/startup/bin/python

Without ``--python`` the running interpreter's environment is measured.  The child processes
run without ``PYTHONDONTWRITEBYTECODE``, after one warm-up run of each command.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

BARE = "import attrs, cattrs, babel.numbers, dateutil.rrule"


def commands(python: str) -> dict[str, list[str]]:
    """The commands by name, for the environment of ``python``."""
    example = subprocess.run(
        [
            python,
            "-c",
            "from schulerfolg._directory.files import data_file; "
            "print(data_file('examples/application.json'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    script = Path(python).parent / "schulerfolg"
    cli = [str(script)] if script.exists() else [python, "-m", "schulerfolg"]
    return {
        "bare": [python, "-c", BARE],
        "check": [*cli, "check", example],
        "check --format json": [*cli, "check", example, "--format", "json"],
        "help": [*cli, "check", "--help"],
        "import": [python, "-c", "import schulerfolg"],
        "floor": [python, str(Path(__file__).with_name("startup_floor.py")), example],
    }


def run_once(command: list[str], env: dict[str, str]) -> float:
    """One run's wall time in seconds (its exit code must be 0: the example is eligible)."""
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True
    )
    return time.perf_counter() - start


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="the environment's python")
    parser.add_argument("--rounds", type=int, default=30, help="interleaved rounds (default 30)")
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    named = commands(args.python)
    for command in named.values():  # warm-up: byte code written, files in the page cache
        run_once(command, env)
    order = random.Random(args.seed)
    times: dict[str, list[float]] = {name: [] for name in named}
    for _ in range(args.rounds):
        names = list(named)
        order.shuffle(names)
        for name in names:
            times[name].append(run_once(named[name], env))
    print(f"{args.rounds} interleaved rounds, python {args.python}")
    print(f"{'command':<22}{'median ms':>10}{'min':>8}{'max':>8}{'÷ bare':>9}")
    for name, values in times.items():
        ratio = statistics.median(a / b for a, b in zip(values, times["bare"], strict=True))
        print(
            f"{name:<22}{1000 * statistics.median(values):>10.1f}{1000 * min(values):>8.1f}"
            f"{1000 * max(values):>8.1f}{ratio:>9.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
