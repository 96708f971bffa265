"""Errors with paths: a (nested) cattrs validation error as problems with JSON paths."""

from __future__ import annotations

import json

from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from schulerfolg._core.i18n import N_
from schulerfolg._wire.hooks import WrongTypeError
from schulerfolg._wire.literals import describe_text
from schulerfolg.errors import InvariantError, Problem, Text, described


def key_path(path: str, key: str) -> str:
    """The path of ``key`` in the object at ``path``: ``$.name``, or ``$["a b"]`` for a key
    that is not a plain name, so that ``""``, ``"[0]"`` or ``"a.b"`` cannot pass for a path."""
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{json.dumps(key)}]"


def unknown_key(path: str, key: object) -> Problem:
    """The problem of an unknown ``key`` in the object at ``path`` (code ``unknown_key``)."""
    if not isinstance(key, str):
        message = Text(N_("unknown key: {key}, keys must be text"), {"key": describe_text(key)})
        return Problem.of(path, message, code="unknown_key")
    return Problem.of(key_path(path, key), Text(N_("unknown key")), code="unknown_key")


def leaf_problems(exc: BaseException, path: str) -> list[Problem]:
    if isinstance(exc, InvariantError):
        return [problem.under(path) for problem in exc.problems]
    if isinstance(exc, ForbiddenExtraKeysError):
        keys = sorted(exc.extra_fields, key=lambda k: (0, k) if isinstance(k, str) else (1, ""))
        return [unknown_key(path, key) for key in keys]
    if isinstance(exc, KeyError):
        return [Problem.of(path, Text(N_("required key missing")), code="missing")]
    # A library error or one of the hooks' errors keeps its Text (the reader's language).
    text = getattr(exc, "text", None)
    message = text if isinstance(text, Text) else str(exc)
    if isinstance(exc, WrongTypeError):
        return [Problem.of(path, message, code="type")]
    if isinstance(exc, ValueError | TypeError):
        return [Problem.of(path, message)]
    foreign = Text.plain(described(exc))
    return [Problem.of(path, Text(N_("invalid value ({error})"), {"error": foreign}))]


def problems_from(exc: BaseException, path: str = "$") -> list[Problem]:
    """Turn a (nested) cattrs validation error into problems with JSON paths."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        found: list[Problem] = []
        with_notes, without_notes = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(exc, IterableValidationError):
                inner_path = f"{path}[{getattr(note, 'index', '?')!r}]"
            else:
                inner_path = f"{path}.{getattr(note, 'name', '?')}"
            found.extend(problems_from(inner, inner_path))
        for inner in without_notes:
            found.extend(problems_from(inner, path))
        return found
    return leaf_problems(exc, path)
