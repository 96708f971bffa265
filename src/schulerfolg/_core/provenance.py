"""Provenance: where a fact, figure or rule comes from."""

from __future__ import annotations

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg.errors import InvariantError, Problem, Text


@attrs.frozen(kw_only=True)
class Source:
    """Where a fact, figure or rule comes from: a public page's address or a legal citation
    (``reference``), with a ``title`` saying what it is."""

    reference: str
    title: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = [
            Problem.of(f"$.{name}", Text(N_("must not be empty")))
            for name in ("reference", "title")
            if isinstance(value := getattr(self, name), str) and not value.strip()
        ]
        if problems:
            raise InvariantError("Source", problems)


def source_text(source: Source) -> str:
    """A source as people read it: its title and its address (or citation)."""
    return f"{source.title} {source.reference}" if source.title else source.reference
