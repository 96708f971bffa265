"""Provenance: where a fact, figure or rule comes from."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import is_blank, label_of
from schulerfolg.errors import InvariantError, Problem, Text

if TYPE_CHECKING:
    from collections.abc import Iterator


@attrs.frozen(kw_only=True)
class Source:
    """Where a fact, figure or rule comes from: a public page's address or a legal citation
    (``reference``), with a ``title`` saying what it is."""

    _label = N_("source")

    reference: str
    title: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = [
            Problem.of(f"$.{name}", Text(N_("must not be empty")))
            for name in ("reference", "title")
            if isinstance(value := getattr(self, name), str) and is_blank(value)
        ]
        if problems:
            raise InvariantError("Source", problems, label=label_of(self))


def source_text(source: Source) -> str:
    """A source as people read it: its title and its address (or citation)."""
    return f"{source.title} {source.reference}" if source.title else source.reference


def provisional_problems(provisional: bool, note: str | None) -> Iterator[tuple[str, Text]]:
    """A problem if a record is flagged provisional without a note saying why: a reader must
    learn what is inferred or which sources conflict."""
    if provisional and note is None:
        yield "note", Text(N_("a provisional record must say why in its note"))
