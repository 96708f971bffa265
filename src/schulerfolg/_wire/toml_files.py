"""TOML files in: a syntax or encoding error becomes a :class:`~schulerfolg.DocumentError`."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from schulerfolg._core.i18n import N_
from schulerfolg._wire.json_text import utf8_reason
from schulerfolg._wire.paths import key_path, unknown_key
from schulerfolg.errors import DocumentError, Problem, Text

#: What Python's TOML reader says of bad TOML (CPython 3.11), translated where a reader sees it.
TOML_MESSAGES: Final = (
    N_("Cannot overwrite a value"),
    N_("Escaped character is not a Unicode scalar value"),
    N_("Expected '=' after a key in a key/value pair"),
    N_("Expected ']' at the end of a table declaration"),
    N_("Expected ']]' at the end of an array declaration"),
    N_("Expected newline or end of document after a statement"),
    N_("Invalid date or datetime"),
    N_("Invalid hex value"),
    N_("Invalid initial character for a key part"),
    N_("Invalid statement"),
    N_("Invalid value"),
    N_("Unclosed array"),
    N_("Unclosed inline table"),
    N_("Unescaped '\\' in a string"),
    N_("Unterminated string"),
)

#: The reader's messages that name a key or a character, with their templates.
_TOML_PATTERNS: Final = (
    (re.compile(r"Expected (?P<expected>'.*')"), N_("Expected {expected}")),
    (re.compile(r"Found invalid character (?P<char>'.*')"), N_("Found invalid character {char}")),
    (re.compile(r"Cannot declare (?P<key>.*) twice"), N_("Cannot declare {key} twice")),
    (
        re.compile(r"Cannot mutate immutable namespace (?P<key>.*)"),
        N_("Cannot mutate immutable namespace {key}"),
    ),
    (re.compile(r"Cannot redefine namespace (?P<key>.*)"), N_("Cannot redefine namespace {key}")),
    (
        re.compile(r"Duplicate inline table key (?P<key>'.*')"),
        N_("Duplicate inline table key {key}"),
    ),
    (re.compile(r"Illegal character (?P<char>'.*')"), N_("Illegal character {char}")),
)

#: Where the reader found the error, at the end of its message.
_TOML_WHERE: Final = re.compile(
    r"(?P<message>.*) \(at (?:line (?P<line>[0-9]+), column (?P<column>[0-9]+)|end of document)\)",
    re.DOTALL,
)


def toml_problem(error: tomllib.TOMLDecodeError) -> Text:
    """Why a TOML text is not valid, as a :class:`Text` (the reader's own words translated
    where they are known; ``str()`` is ``"not valid TOML: "`` and the reader's message)."""
    found = _TOML_WHERE.fullmatch(str(error))
    if found is None:
        return Text(N_("not valid TOML: {reason}"), {"reason": Text.plain(str(error))})
    reason = Text.foreign(found["message"], known=TOML_MESSAGES, patterns=_TOML_PATTERNS)
    if found["line"] is None:
        return Text(N_("not valid TOML: {reason} (at end of document)"), {"reason": reason})
    return Text(
        N_("not valid TOML: {reason} (at line {line}, column {column})"),
        {"reason": reason, "line": found["line"], "column": found["column"]},
    )


def read_toml(path: Path, *, source: str | None = None) -> dict[str, Any]:
    """Read a TOML file into plain data; a syntax error becomes a :class:`DocumentError`."""
    name = source or str(path)
    data = path.read_bytes()
    try:
        # A leading byte-order mark (as Windows editors write UTF-8) is not part of the text.
        return tomllib.loads(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError(
            [
                Problem.of(
                    "$",
                    toml_problem(exc),
                    code="syntax",
                )
            ],
            source=name,
        ) from None
    except UnicodeDecodeError as exc:
        raise DocumentError(
            [
                Problem.of(
                    "$",
                    Text(N_("not UTF-8 text: {reason}"), {"reason": utf8_reason(exc.reason)}),
                    code="encoding",
                )
            ],
            source=name,
        ) from None


def read_table(document: Mapping[str, Any], key: str, *, source: str) -> list[Any]:
    """The one top-level array of tables ``key`` of a data file; any other key is refused."""
    value = document.get(key)
    if not isinstance(value, list):
        raise DocumentError(
            [Problem.of(key_path("$", key), Text(N_("expected a list of tables")), code="type")],
            source=source,
        )
    extra = sorted(set(document) - {key})
    if extra:
        raise DocumentError(
            [unknown_key("$", k) for k in extra],
            source=source,
        )
    return value
