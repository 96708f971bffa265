"""The ``schulerfolg`` console script and ``python -m schulerfolg``: the command line as a
process of its own.

Only the garbage collector is handled here, because only here the process is ours.  Start-up
makes many long-lived objects (modules, classes, rules, converters) and no garbage worth
collecting, yet the collector would walk them again and again; so it is off until the command's
modules are imported, and those objects are then frozen out of its way (:func:`gc.freeze`) —
also at exit, where Python collects once more.  The command itself runs with the collector on:
a batch of documents makes garbage (the cycles of exceptions and their tracebacks).  See
``docs/performance.md`` for what it saves.  :func:`~schulerfolg._cli.main.main`, called by a
host program, never touches the host's collector.  :func:`run` is for a process of its own,
once: each call freezes what it made, and frozen objects are never collected.
"""

from __future__ import annotations

import gc


def _collect_from_now_on() -> None:
    gc.freeze()
    gc.enable()


def run() -> int:
    """Run the command line of this process (``sys.argv``); returns the exit code."""
    gc.disable()
    try:
        from schulerfolg._cli.main import run_command  # imported with the collector off

        return run_command(ready=_collect_from_now_on)
    finally:
        gc.freeze()  # what is left for the collection at exit: nothing to walk
        gc.enable()
