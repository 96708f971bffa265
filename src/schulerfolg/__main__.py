"""``python -m schulerfolg``: the command-line interface."""

from schulerfolg._cli.console import run

raise SystemExit(run())
