""" "Did you mean …?": the known names closest to a name that is not known (difflib's ratio,
as Python's own NameError hints do), for messages about unknown districts, rules and
parameters."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Final

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


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``" (did you mean 'x' or 'y'?)"`` for the known names like ``name``, else ``""``."""
    matches = close_matches(name, known)
    if not matches:
        return ""
    return " (did you mean " + " or ".join(repr(match) for match in matches) + "?)"
