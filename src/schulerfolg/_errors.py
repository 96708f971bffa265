"""The library's error types.

Every error the library raises on purpose derives from :class:`SchulerfolgError`, so an embedder
can catch one class.  Problems in a document are never raised one at a time: they are collected
into :class:`DocumentError`, each with the JSON path where it was found.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs


class SchulerfolgError(Exception):
    """Base class of every error raised on purpose by :mod:`schulerfolg`."""


@attrs.frozen(kw_only=True)
class Problem:
    """One problem found in a document: where (a JSON path such as ``$.cost_plan[2].amount``)
    and what (a message in English; ``code`` is a stable machine-readable category)."""

    path: str
    message: str
    code: str = "invalid"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DocumentError(SchulerfolgError, ValueError):
    """A document (JSON, a dict, a TOML file) could not be read into the model.

    ``problems`` lists every problem found, each with its path; ``source`` names the file or
    stream when one is known.
    """

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        where = f" in {self.source}" if self.source else ""
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''}{where}:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

    def with_source(self, source: str) -> DocumentError:
        """Return the same error, naming the file or stream it came from."""
        return DocumentError(self.problems, source=source)

    def under(self, path: str, *, source: str | None = None) -> DocumentError:
        """Return the same problems with their paths re-rooted at ``path`` (``"$"`` becomes
        ``path``): for a part of a document that was read on its own."""
        problems = [
            Problem(path=path + p.path[1:], message=p.message, code=p.code) for p in self.problems
        ]
        return DocumentError(problems, source=source if source is not None else self.source)


class InvariantError(SchulerfolgError, ValueError):
    """An object was built with values that break one of its invariants.

    ``problems`` pairs each offending field name with a message; all broken invariants of the
    object are reported together.
    """

    def __init__(self, cls_name: str, problems: Iterable[tuple[str, str]]) -> None:
        self.cls_name = cls_name
        self.problems: tuple[tuple[str, str], ...] = tuple(problems)
        text = "; ".join(f"{field}: {message}" for field, message in self.problems)
        super().__init__(f"invalid {cls_name}: {text}")


class NotFoundError(SchulerfolgError, LookupError):
    """A look-up by key or name found nothing (an unknown district, parameter, rule, …)."""
