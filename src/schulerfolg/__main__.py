"""``python -m schulerfolg``: the command-line interface."""

from schulerfolg._cli import main

raise SystemExit(main())
