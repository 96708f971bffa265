"""Every bundled record whose fact the research marks inferred or conflicting is flagged
provisional and says why — and no record is flagged without saying why.

The table names each such record with the public source it rests on and what is uncertain.
Adding a record that rests on an inference means adding it here; un-flagging one of these fails.
"""

from __future__ import annotations

import pytest

import schulerfolg
from schulerfolg import Module

#: (what, the record, why it is provisional, the public source)
OFFICES = [
    (
        "15003",
        "the sponsor is stated for the 2021 call only; that it still runs the office is inferred",
        "https://www.jissa.de/foerderung/foerderungen/projektfoerderung-wids.php",
    ),
    (
        "15082",
        "no office name is published; the name is descriptive",
        "https://jugendclub83.org",
    ),
    (
        "15085",
        "an old page (newest item June 2017): whether it still holds is not stated",
        "https://www.schulerfolg-sichern.de/harz.html",
    ),
    (
        "15087",
        "the sponsor is inferred from the contacts' e-mail domain",
        "https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/mansfeld-suedharz.html",
    ),
]

CYCLES = [
    (
        "esf-2015",
        "the last day, 31.07.2018, is inferred from the programme page and the next round",
        "http://www.bbglive.de/2016/01/12/31-projekte-schulerfolg-sichern-im-salzlandkreis/",
    ),
]

SHARES = [
    (
        "esf-plus-2022",
        Module.SCHOOL_SOCIAL_WORK,
        "the 40 % Land share is derived by arithmetic",
        "https://www.mz.de/lokal/koethen/schulsozialarbeit-gesichert-27-projekte-in-anhalt-bitterfeld-sollen-genehmigt-werden-3383617",
    ),
    (
        "esf-plus-2022",
        Module.NETWORK_OFFICE,
        "the 40 % district share is stated as „sollte“ and confirmed only by arithmetic",
        "https://www.lkjl.de/de/artikel/netzwerkstelle-schulerfolg-sichern-wird-weiter-gefoerdert.html",
    ),
    (
        "esf-plus-2024",
        Module.SCHOOL_SOCIAL_WORK,
        "the 60/30 split of the stated 90 % is inferred",
        "https://verwaltung.dessau-rosslau.de/stadt-buerger/neuigkeiten/detailseite/article/schulsozialarbeit-in-der-stadt-dessau-rosslau.html",
    ),
]

#: State-wide parameter values (name, valid from) resting on an inference or a gap.
STATE_WIDE = [
    ("educational_offer.cap", "per school and calendar year as a state-wide default is inferred"),
    ("educational_offer.funding_module", "that offers lie in a network-office cycle is inferred"),
    ("educational_offer.required_documents", "no state-wide document list was found"),
    ("educational_offer.submission_deadline", "no state-wide deadline was found"),
]


@pytest.mark.parametrize(("key", "why", "source"), OFFICES, ids=[o[0] for o in OFFICES])
def test_inferred_or_conflicting_offices_are_provisional(key: str, why: str, source: str) -> None:
    office = schulerfolg.network_office(key)
    assert office.provisional, why
    assert office.note, why
    assert source in office.source.reference


@pytest.mark.parametrize(("cycle_id", "why", "source"), CYCLES, ids=[c[0] for c in CYCLES])
def test_inferred_cycles_are_provisional(cycle_id: str, why: str, source: str) -> None:
    cycle = schulerfolg.programme().cycle(cycle_id)
    assert cycle.provisional, why
    assert cycle.note, why
    assert cycle.source.reference == source


@pytest.mark.parametrize(
    ("cycle_id", "module", "why", "source"), SHARES, ids=[f"{s[0]}-{s[1]}" for s in SHARES]
)
def test_inferred_shares_are_provisional(
    cycle_id: str, module: Module, why: str, source: str
) -> None:
    share = schulerfolg.programme().cycle(cycle_id).co_financing_for(module)
    assert share is not None
    assert share.provisional, why
    assert share.note, why
    assert share.source.reference == source


@pytest.mark.parametrize(("name", "why"), STATE_WIDE, ids=[p[0] for p in STATE_WIDE])
def test_inferred_state_wide_values_are_provisional(name: str, why: str) -> None:
    ((parameter, _layer),) = schulerfolg.state_rulebook().parameters[name]
    values = parameter.values
    assert all(value.provisional for value in values), why
    assert all(value.note for value in values), why


def test_only_the_listed_offices_cycles_and_shares_are_provisional() -> None:
    # The converse: a record flagged without being listed here is either a new inference
    # (list it, with its source) or a flag set by mistake.
    programme = schulerfolg.programme()
    assert {o.district.key for o in schulerfolg.network_offices() if o.provisional} == {
        key for key, _, _ in OFFICES
    }
    assert {c.id for c in programme.cycles if c.provisional} == {c for c, _, _ in CYCLES}
    flagged = {
        (cycle.id, share.module)
        for cycle in programme.cycles
        for share in cycle.co_financing
        if share.provisional
    }
    assert flagged == {(c, m) for c, m, _, _ in SHARES}


def test_every_provisional_record_of_the_directory_says_why() -> None:
    directory = schulerfolg.load_directory()
    records = [
        *directory.network_offices,
        *directory.sponsors,
        *directory.figures,
        *([directory.state_coordination] if directory.state_coordination else []),
    ]
    for record in records:
        if record.provisional:
            assert record.note, record
