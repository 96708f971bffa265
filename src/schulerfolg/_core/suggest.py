""" "Did you mean …?": the known names closest to a name that is not known (difflib's ratio,
as Python's own NameError hints do), for messages about unknown districts, rules and
parameters."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Final

from schulerfolg._core.i18n import N_
from schulerfolg.errors import Text

#: How alike two names must be at least (difflib's own default for ``get_close_matches``).
_CUTOFF: Final = 0.6


def close_matches(name: str, known: Iterable[str], *, limit: int = 3) -> list[str]:
    """The known names most like ``name``: those close enough (difflib's ratio at least 0.6)
    and about as close as the closest (within 0.05 of it — names sharing a long prefix, such as
    ``educational_offer.…``, are all somewhat alike), at most ``limit``, closest first."""
    scored = []
    for candidate in dict.fromkeys(known):
        matcher = difflib.SequenceMatcher(None, name, candidate)
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            ratio = matcher.ratio()
            if ratio >= _CUTOFF:
                scored.append((ratio, candidate))
    if not scored:
        return []
    best = max(ratio for ratio, _ in scored)
    close = sorted((-ratio, candidate) for ratio, candidate in scored if ratio >= best - 0.05)
    return [candidate for _, candidate in close[:limit]]


def either(choices: Sequence[object]) -> Text:
    """``"a or b or c"`` as a :class:`~schulerfolg.errors.Text` (``or`` in the reader's
    language); the choices are values (names, keys, texts), at least one."""
    if len(choices) == 1:
        return Text("{choice}", {"choice": choices[0]})  # a field only: nothing to translate
    return Text(N_("{first} or {rest}"), {"first": choices[0], "rest": either(choices[1:])})


def did_you_mean_text(name: str, known: Iterable[str]) -> Text | None:
    """``" (did you mean 'x' or 'y'?)"`` for the known names like ``name`` as a
    :class:`~schulerfolg.errors.Text` (with its leading space, to follow a name), else ``None``."""
    matches = close_matches(name, known)
    if not matches:
        return None
    return Text(N_(" (did you mean {names}?)"), {"names": either([repr(m) for m in matches])})


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``" (did you mean 'x' or 'y'?)"`` for the known names like ``name``, else ``""`` (in
    English; :func:`did_you_mean_text` gives it for any language)."""
    hint = did_you_mean_text(name, known)
    return "" if hint is None else str(hint)
