"""The texts for people in TOML data — every ``note`` — as gettext messages.

A ``note`` of the bundled data (parameters, the programme, districts' network offices, the
directory) and of a declarative plugin is written in English: it is the message id of its
translations, and a reader sees it in their language through the catalogs, as every other text
(the core catalog for the bundled data, a plugin's own catalog for its notes; a note with no
translation is shown as written).  :func:`extract_notes` is the babel extractor that finds them,
registered for ``pybabel extract`` as ``schulerfolg-notes``::

    # babel.cfg
    [python: **.py]
    [schulerfolg-notes: **.toml]
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any

#: The key whose text values are for people, wherever it stands.
NOTE_KEY = "note"


def notes_of(data: object) -> Iterator[str]:
    """Every note in ``data`` (a read TOML document), depth first, in document order."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            if key == NOTE_KEY and isinstance(value, str):
                yield value
            else:
                yield from notes_of(value)
    elif isinstance(data, list):
        for item in data:
            yield from notes_of(item)


def extract_notes(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Sequence[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A babel extractor: every note of a TOML file, with the line it stands on."""
    del keywords, comment_tags, options  # a note is a message wherever it stands
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    start = 0
    for note in notes_of(tomllib.loads(text)):
        line = _line_of(lines, note, start)
        start = line or start
        yield line, "", note, []


def _line_of(lines: list[str], note: str, start: int) -> int:
    """The line (counted from 1) of the ``note = …`` that holds ``note``, looking from line
    ``start`` on; 0 where it cannot be told (babel then names no line)."""
    head = note[:30]
    for number in range(start, len(lines)):
        stripped = lines[number].lstrip()
        if NOTE_KEY in stripped and head in stripped:
            return number + 1
    return 0
