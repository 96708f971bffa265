""" "Did you mean …?" for unknown names."""

from __future__ import annotations

from schulerfolg._core.suggest import close_matches, did_you_mean


def test_the_closest_known_names_first() -> None:
    known = ["educational_offer.cap", "educational_offer.budget", "procedure.voting_body"]
    assert close_matches("educational_offer.capp", known) == ["educational_offer.cap"]
    assert did_you_mean("educational_ofer.cap", known) == " (did you mean 'educational_offer.cap'?)"


def test_nothing_close_suggests_nothing() -> None:
    assert did_you_mean("xyz", ["educational_offer.cap"]) == ""
    assert close_matches("anything", []) == []
