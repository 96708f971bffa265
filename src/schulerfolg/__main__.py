"""``python -m schulerfolg``: the command-line interface."""

from schulerfolg._cli.main import main

raise SystemExit(main())
