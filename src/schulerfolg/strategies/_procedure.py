"""Strategies for the procedure's records: who recorded an event, and awards."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from schulerfolg import Actor, Award
from schulerfolg.strategies._basics import dates, texts
from schulerfolg.strategies._programme import applications


def actors() -> SearchStrategy[Actor]:
    """Who records an event: a role and a name."""
    return st.builds(Actor, role=texts(max_size=20), name=texts(max_size=30))


def awards() -> SearchStrategy[Award]:
    """The award that approving a generated application in full records."""
    return st.builds(
        lambda application, day: Award.from_application(application, awarded_on=day),
        applications(),
        dates(),
    )
