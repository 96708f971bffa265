"""Every error :mod:`schulerfolg` raises on purpose, in one place.

All derive from :class:`SchulerfolgError`, so an embedder can catch one class.  An error about
a document, an object, a parameter, a rule, an overlay or a plugin carries its culprit as
attributes (the problems with their paths, the parameter and day, the rule and its layer, the
plugin's distribution, entry point and version); its message is formatted from them.  Errors
about a single value (``MoneyError``, ``DateError``, ``NotFoundError``, …) say it in their
message.  Problems are never raised one at a time: every problem of a document,
an object, a district plugin or an overlay is collected into one error as :class:`Problem`
records — one shape for all of them: where (``path``), what kind (``code``) and what
(``message``).

This module is the bottom of the library's layers: it imports nothing of the library.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Final

import attrs

__all__ = [
    "CoFinancingError",
    "CostPlanError",
    "DateError",
    "DocumentError",
    "FieldTypeError",
    "InvariantError",
    "LedgerError",
    "MoneyError",
    "Need",
    "NoEvaluationDateError",
    "NotFoundError",
    "OverlayError",
    "ParameterNotInForceError",
    "PluginConflictError",
    "PluginError",
    "Problem",
    "RuleError",
    "SchulerfolgError",
    "Text",
    "TransitionError",
    "VoteError",
]


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a message for the catalogs (as ``schulerfolg._core.i18n.N_``; this module imports
    nothing of the library)."""
    return message


#: The problem code of a value that breaks a rule of its type (the default code).
INVALID: Final = "invalid"


def _copy(values: Mapping[str, object]) -> dict[str, object]:
    # The caller's mapping may change later; the text keeps what it was given.
    return dict(values)


def described(exc: BaseException) -> str:
    """``Type: message`` of an exception, in its own words — also for one whose ``str()``
    itself raises (a plugin's exception must never break the error that reports it)."""
    try:
        words = str(exc)
    except Exception:  # anything its __str__ raises
        words = "<unprintable>"
    return f"{type(exc).__name__}: {words}"


@attrs.frozen
class Text:
    """A text for people, in any language: an English ``template`` with ``{name}`` fields —
    also the id of its translations in the gettext catalogs — and the ``values`` for them
    (text, days, amounts, or other :class:`Text` records; formatted for the reader's language
    when shown in another).

    ``str(text)`` is the English text.  Errors and problems keep theirs, so that the command
    line, a portal or a report can show them in German (``schulerfolg.message_text``).

    .. versionadded:: 0.2.0
    """

    template: str
    values: Mapping[str, object] = attrs.field(factory=dict, converter=_copy, eq=False)
    #: False for a text that is not looked up in the catalogs (a foreign message, a name).
    translated: bool = attrs.field(default=True, kw_only=True, eq=False, repr=False)
    #: The English text (the template filled in), made when the text is made.
    text: str = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        values = {name: str(value) for name, value in self.values.items()}
        object.__setattr__(self, "text", self.template.format(**values))

    @classmethod
    def plain(cls, text: str) -> Text:
        """A text given as it is (no fields; never translated, even where its words happen to
        be a message of the catalogs)."""
        return cls(text.replace("{", "{{").replace("}", "}}"), translated=False)

    @classmethod
    def foreign(
        cls,
        message: str,
        *,
        known: Collection[str] = (),
        patterns: Iterable[tuple[re.Pattern[str], str]] = (),
    ) -> Text:
        """Another library's own words (Python's JSON or TOML reader, ``date``, babel) as a
        text: its message id where the message is one of ``known``, the template of the first
        ``(pattern, template)`` it matches whole (the pattern's groups as values), else the
        words as they are.  ``str()`` is ``message`` in every case."""
        if message in known:
            return cls(message)
        for pattern, template in patterns:
            match = pattern.fullmatch(message)
            if match is not None:
                return cls(template, match.groupdict())
        return cls.plain(message)

    @classmethod
    def joined(cls, texts: Sequence[Text], separator: str) -> Text:
        """The texts one after another with ``separator`` (punctuation, not translated) between
        them, as one text."""
        if not texts:
            return cls.plain("")
        gap = separator.replace("{", "{{").replace("}", "}}")
        template = gap.join(f"{{part{index}}}" for index in range(len(texts)))
        return cls(
            template, {f"part{index}": text for index, text in enumerate(texts)}, translated=False
        )

    def __str__(self) -> str:
        return self.text


class SchulerfolgError(Exception):
    """Base class of every error raised on purpose by :mod:`schulerfolg`.

    Every error pickles with its culprit attributes and message (for ``multiprocessing`` and
    task queues), whatever arguments its class takes.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 errors pickle.
    """

    #: The message as a :class:`Text` (to be shown in the reader's language), where the error
    #: was raised with one; else ``None`` and ``str(error)`` is the message.
    text: Text | None = None

    def __init__(self, *args: object) -> None:
        if len(args) == 1 and isinstance(args[0], Text):
            self.text = args[0]
            args = (str(args[0]),)
        super().__init__(*args)

    def message_in(self, render: Callable[[Text], str]) -> str:
        """The message with each :class:`Text` in it rendered by ``render`` (which translates
        and formats for one language; ``schulerfolg.message_text`` gives one)."""
        return render(self.text) if self.text is not None else str(self)

    def as_text(self) -> Text:
        """The whole message as one :class:`Text`, to be set into another message: its own, or
        one whose value is this error (rendered as :meth:`message_in` renders it)."""
        return self.text if self.text is not None else Text("{error}", {"error": self})

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle as ``cls(*self.args)`` by default; these classes build their
        # message from keyword arguments, so restore the message and the attributes instead.
        return (_restore, (type(self), self.args, dict(self.__dict__)))


def _restore(
    cls: type[SchulerfolgError], args: tuple[object, ...], state: dict[str, object]
) -> SchulerfolgError:
    """An unpickled error: the message as it was, and its attributes."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


@attrs.frozen(kw_only=True)
class Problem:
    """One problem found in a document, an object or a plugin declaration.

    ``path`` says where: a JSON path such as ``$.cost_plan[2].amount`` (for an object's own
    invariants the path is relative to the object, ``$.end``).  ``code`` is a stable,
    machine-readable category (``invalid``, ``type``, ``missing``, ``unknown_key``, …, see
    docs/json-format.md); ``message`` says what, in English.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 also the shape of invariant, overlay and plugin problems.
    """

    path: str
    message: str
    code: str = INVALID
    #: The message as a :class:`Text`, for readers of other languages (``None``: English only).
    text: Text | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def of(cls, path: str, message: Text | str, *, code: str = INVALID) -> Problem:
        """A problem whose message is a :class:`Text` (or plain English)."""
        if isinstance(message, Text):
            return cls(path=path, message=str(message), code=code, text=message)
        return cls(path=path, message=message, code=code)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def under(self, path: str) -> Problem:
        """The same problem with its path re-rooted at ``path`` (``"$"`` becomes ``path``)."""
        return Problem(
            path=path + self.path[1:], message=self.message, code=self.code, text=self.text
        )


def _problem_in(problem: Problem, render: Callable[[Text], str]) -> str:
    return render(problem.text) if problem.text is not None else problem.message


def _heading(count: int, source: str | None, what: str | None = None) -> Text:
    # One and several are the two plural forms of both languages the library speaks.
    if what is not None:
        if count == 1:
            return Text(N_("1 problem in {what}:"), {"what": Text(what)})
        return Text(N_("{count} problems in {what}:"), {"count": count, "what": Text(what)})
    if source:
        if count == 1:
            return Text(N_("1 problem in {source}:"), {"source": source})
        return Text(N_("{count} problems in {source}:"), {"count": count, "source": source})
    return Text(N_("1 problem:")) if count == 1 else Text(N_("{count} problems:"), {"count": count})


def _listing(heading: Text, problems: tuple[Problem, ...], render: Callable[[Text], str]) -> str:
    lines = [f"  {problem.path}: {_problem_in(problem, render)}" for problem in problems]
    return "\n".join([render(heading), *lines])


def _english(text: Text) -> str:
    return str(text)


class DocumentError(SchulerfolgError, ValueError):
    """A document (JSON, a dict, a TOML file) could not be read into the model.

    ``problems`` lists every problem found, each with its path; ``source`` names the file or
    stream when one is known.

    .. versionadded:: 0.1.0
    """

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self.message_in(_english))

    def message_in(self, render: Callable[[Text], str]) -> str:
        """The heading and every problem on its line, rendered by ``render``."""
        return _listing(_heading(len(self.problems), self.source), self.problems, render)

    def under(self, path: str, *, source: str | None = None) -> DocumentError:
        """The same problems with their paths re-rooted at ``path`` (``"$"`` becomes
        ``path``): for a part of a document that was read on its own."""
        return DocumentError(
            (p.under(path) for p in self.problems),
            source=source if source is not None else self.source,
        )


class InvariantError(SchulerfolgError, ValueError):
    """An object was built with values that break one of its invariants.

    ``cls_name`` names the class; ``label`` says what the object is for people (``cost plan
    line``, in German ``Zeile des Kostenplans``), and the message names it so, else the class;
    ``problems`` lists every broken invariant of the object together, each a :class:`Problem`
    whose path is relative to the object (``$.end``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``problems`` holds :class:`Problem` records, not pairs; the
       message names the object by its ``label``.
    """

    def __init__(
        self, cls_name: str, problems: Iterable[Problem], *, label: Text | None = None
    ) -> None:
        self.cls_name = cls_name
        self.label = label
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.message_in(_english))

    def message_in(self, render: Callable[[Text], str]) -> str:
        """Every broken invariant, rendered by ``render``, after what the object is."""
        listing = "; ".join(
            f"{p.path.removeprefix('$.')}: {_problem_in(p, render)}" for p in self.problems
        )
        name = self.label if self.label is not None else Text.plain(self.cls_name)
        return render(
            Text(N_("invalid {name}: {problems}"), {"name": name, "problems": Text.plain(listing)})
        )

    @property
    def fields(self) -> tuple[str, ...]:
        """The offending fields (paths without the leading ``$.``), in order."""
        return tuple(p.path.removeprefix("$.") for p in self.problems)


class FieldTypeError(InvariantError, TypeError):
    """An object was built with a value of the wrong type for a field (a float for an amount, a
    text for a day): an :class:`InvariantError` whose problems name each such field, and a
    :class:`TypeError`, as Python code expects of a wrong type.

    .. versionadded:: 0.2.0
    """


class CostPlanError(InvariantError):
    """A cost plan cannot be split as asked (a line cannot be placed in a school year).

    .. versionadded:: 0.1.0
    """


class NotFoundError(SchulerfolgError, LookupError):
    """A look-up by key or name found nothing (an unknown district, parameter, rule, …).

    .. versionadded:: 0.1.0
    """


class MoneyError(SchulerfolgError, ValueError):
    """An amount could not be read, or an operation would lose exactness (a float, a
    fraction of a cent).

    .. versionadded:: 0.1.0
    """


class DateError(SchulerfolgError, ValueError):
    """A date or period could not be read or is impossible.

    .. versionadded:: 0.1.0
    """


class CoFinancingError(SchulerfolgError, ValueError):
    """A split was asked for with shares that do not sum to 1 or a negative total.

    .. versionadded:: 0.1.0
    """


class ParameterNotInForceError(SchulerfolgError, LookupError):
    """No value of parameter ``name`` holds on the day ``on``.

    .. versionadded:: 0.2.0 (was ``ParameterNotInForce``)
    """

    def __init__(self, name: str, on: date) -> None:
        self.name = name
        self.on = on
        super().__init__(
            Text(
                N_("parameter {name} has no value in force on {on}"), {"name": repr(name), "on": on}
            )
        )


class NoEvaluationDateError(SchulerfolgError, ValueError):
    """Neither an evaluation day nor a submission date was given.

    .. versionadded:: 0.2.0 (was ``NoEvaluationDate``)
    """


class RuleError(SchulerfolgError, RuntimeError):
    """A rule raised an exception: no decision is made (never a wrong one).

    ``rule_id`` names the rule; ``layer`` and ``layer_version`` the layer that supplied it
    (``"state"`` or a plugin's ``distribution/entry-point``); ``state_wide`` tells which.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``layer`` is the layer's name, ``layer_version`` its version.
    """

    def __init__(
        self,
        *,
        rule_id: str,
        layer: str,
        layer_version: str,
        state_wide: bool,
        cause: BaseException,
    ) -> None:
        self.rule_id = rule_id
        self.layer = layer
        self.layer_version = layer_version
        self.state_wide = state_wide
        self.cause = cause
        cause_text = Text.plain(described(cause))
        if state_wide:
            text = Text(
                N_("rule {rule} of the state-wide rules failed: {cause}"),
                {"rule": repr(rule_id), "cause": cause_text},
            )
        else:
            text = Text(
                N_("rule {rule} of plugin {layer} {version} failed: {cause}"),
                {
                    "rule": repr(rule_id),
                    "layer": layer,
                    "version": layer_version,
                    "cause": cause_text,
                },
            )
        super().__init__(text)


class OverlayError(SchulerfolgError, ValueError):
    """A district's declaration contradicts the rulebook it is layered on (an unknown rule
    id or parameter, a clash, …); nothing of it was applied.

    ``layer`` and ``layer_version`` name the plugin's layer; ``problems`` lists every problem,
    each with the path of the offending key in the declaration (``$.replaced_rules[0]``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``problems`` holds :class:`Problem` records.
    """

    def __init__(self, *, layer: str, layer_version: str, problems: Iterable[Problem]) -> None:
        self.layer = layer
        self.layer_version = layer_version
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.message_in(_english))

    def message_in(self, render: Callable[[Text], str]) -> str:
        """The plugin's layer and every problem, rendered by ``render``."""
        listing = "; ".join(f"{p.path}: {_problem_in(p, render)}" for p in self.problems)
        return f"{self.layer} {self.layer_version}: {listing}"


class VoteError(SchulerfolgError, ValueError):
    """A vote cannot be counted: the record does not fit the voting body (a ballot of a
    non-member, an excluded member voting, …) or the body's rules of procedure are not known.

    ``problems`` lists every problem, each with the path of the offending key of the record
    (``$.ballots[2].member``) or of the body (``$.quorum``).

    .. versionadded:: 0.2.0
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.message_in(_english))

    def message_in(self, render: Callable[[Text], str]) -> str:
        """The heading and every problem on its line, rendered by ``render``."""
        heading = _heading(len(self.problems), None, N_("the vote"))
        return _listing(heading, self.problems, render)


@attrs.frozen
class Need(Text):
    """One thing a refused change lacks: a :class:`Text` (an English ``template`` with
    ``{name}`` fields, the id of its translations, and the ``values`` for them).

    ``str(need)`` is the English text.

    .. versionadded:: 0.2.0
    .. versionchanged:: 0.2.0 a :class:`Text`.
    """

    @classmethod
    def plain(cls, text: str) -> Need:
        """A need given as plain English text (no fields)."""
        return cls(text.replace("{", "{{").replace("}", "}}"))


class TransitionError(SchulerfolgError, ValueError):
    """An event cannot follow an application's history: the transition is not in the table, or
    it lacks what it needs (a consultation record, a recorded decision, a quorate vote, a grant
    notice, room under a cap or in the budget).  Nothing was changed.

    ``state`` is the application's state, ``event`` the kind of the refused event, ``needs``
    what it lacks as :class:`Need` records (to be shown in the reader's language), ``missing``
    the same in English (empty where the transition itself is not allowed).

    .. versionadded:: 0.2.0
    """

    def __init__(self, *, state: str, event: str, missing: Iterable[str | Need] = ()) -> None:
        self.state = state
        self.event = event
        self.needs: tuple[Need, ...] = tuple(
            item if isinstance(item, Need) else Need.plain(item) for item in missing
        )
        self.missing: tuple[str, ...] = tuple(str(need) for need in self.needs)
        super().__init__(self.message_in(_english))

    def message_in(self, render: Callable[[Text], str]) -> str:
        """The refused event and state, and each thing missing, rendered by ``render``."""
        values: dict[str, object] = {"event": repr(self.event), "state": repr(self.state)}
        if not self.needs:
            return render(Text(N_("{event} is not allowed in state {state}"), values))
        needs = Text.plain("; ".join(render(need) for need in self.needs))
        return render(
            Text(N_("{event} in state {state} lacks: {needs}"), {**values, "needs": needs})
        )


class LedgerError(SchulerfolgError):
    """An award ledger cannot be used: the file or database is not a schulerfolg ledger, is
    corrupt, has a newer schema than this library knows, or cannot be reached; or a change
    refers to an application the ledger does not hold.  Nothing was changed.

    ``location`` names the ledger (a file path or a database name), ``reason`` says what is
    wrong.

    .. versionadded:: 0.2.0
    """

    def __init__(self, location: str, reason: str | Text) -> None:
        self.location = location
        self.reason = str(reason)
        reason_text = reason if isinstance(reason, Text) else Text.plain(reason)
        super().__init__(
            Text(
                N_("award ledger {location}: {reason}"),
                {"location": location, "reason": reason_text},
            )
        )


class PluginError(SchulerfolgError):
    """A district plugin could not be used.

    The message names the plugin and the cause.  ``distribution``, ``entry_point`` and
    ``version`` name the plugin where it is known; ``problems`` lists the structured problems
    of a declaration that was refused (empty where the plugin failed another way).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 the culprit as attributes; structured ``problems``.
    """

    def __init__(
        self,
        message: str | Text,
        *,
        distribution: str | None = None,
        entry_point: str | None = None,
        version: str | None = None,
        problems: Iterable[Problem] = (),
    ) -> None:
        self.distribution = distribution
        self.entry_point = entry_point
        self.version = version
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(message)


class PluginConflictError(PluginError):
    """Two or more plugins claim one district and none was selected explicitly.

    ``district`` is the district's key; ``claims`` names each claiming plugin.

    .. versionadded:: 0.1.0
    """

    def __init__(self, message: str | Text, *, district: str, claims: Iterable[str]) -> None:
        self.district = district
        self.claims: tuple[str, ...] = tuple(claims)
        super().__init__(message)
