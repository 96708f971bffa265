"""``python -m schulerfolg._docgen [DISTRICT]``: print the rules reference (``docs/rules.md``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from schulerfolg._directory.districts import district
from schulerfolg._docgen.rules_page import REGENERATE, render_rules_reference
from schulerfolg._rules.state import state_rulebook
from schulerfolg.plugins import rulebook_for


def main(argv: Sequence[str] | None = None) -> int:
    """Print the rules reference to stdout: ``python -m schulerfolg._docgen [DISTRICT]``.

    Without an argument the state-wide rulebook is described; with a district key or name,
    that district's rulebook (state-wide rules plus its plugin, if one is installed).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or any(arg.startswith("-") for arg in args):
        sys.stderr.write(f"usage: {REGENERATE.split(' >')[0]} [DISTRICT]\n")
        return 2
    rulebook = rulebook_for(district(args[0])) if args else state_rulebook()
    text = render_rules_reference(rulebook)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:  # UTF-8 whatever the locale says, so the file is the same everywhere
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
