"""What a district's plugin changes against the state-wide rules
(:mod:`schulerfolg.plugins._diff`): every built-in plugin's values with their sources, the
value in force on a day, and a district without a plugin.

The registry holds the installed plugins with the built-in one selected for Dessau-Roßlau;
the test distributions must be installed (see ``tests/plugin-dists.txt``).
"""

from __future__ import annotations

from datetime import date
from importlib.metadata import version
from typing import Any

import pytest

from schulerfolg import state_rulebook, to_dict
from schulerfolg.plugins import PluginRegistry, district_diff

LIBRARY_VERSION = version("schulerfolg")
JERICHOWER_LAND = "15086"

pytestmark = pytest.mark.usefixtures("plugin_env", "installed")

# --------------------------------------------------------------------------------------------
# What each built-in plugin changes

SALZLAND_PAGE = (
    "https://www.salzlandkreis.de/themenbereiche/kinder-jugend-familie/jugendprojekte/"
    "netzwerkstelle-schulerfolg-im-salzlandkreis"
)
DESSAU_PLUS = (
    "http://verwaltung.dessau-rosslau.de/soziales-bildung/kinder-jugend-und-familie/"
    "das-jugendamt/jugendfoerderung/netzwerkstelle-schulerfolg-fuer-dessau-rosslau/"
    "projektfoerderung-plus-projekte.html"
)
DESSAU_OFFICE = (
    "https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/dessau-rosslau.html"
)
ALTMARK_PRESS = (
    "https://www.altmarkkreis-salzwedel.de/buerger-presseservice/presseservice/"
    "pressemitteilungen-neuigkeiten-pressebilder/esf-projekt-schulerfolg-sichern-12-2022.aspx"
)
BURGENLAND = (
    "https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/burgenlandkreis.html"
)
MAGDEBURG_CALL = "https://www.jissa.de/foerderung/foerderungen/projektfoerderung-wids.php"
STENDAL_BEIRAT = "https://www.schulerfolg-stendal.de/netzwerkstelle-1/beirat-schulerfolg-sichern/"
WITTENBERG_PAGE = "https://www.landkreis-wittenberg.de/de/bildungsbezogene-angebote.html"
ESF_PLUS = date(2022, 8, 1)


def _cap(amount: str, scope: str, basis: str = "calendar_year") -> dict[str, str]:
    return {"amount": amount, "scope": scope, "basis": basis}


#: district → (entry point, {parameter: [(value, valid_from, valid_until, provisional, source)]})
BUILT_IN_CHANGES: dict[str, tuple[str, dict[str, list[tuple[Any, date, date | None, bool, str]]]]]
BUILT_IN_CHANGES = {
    # Press release of 19.12.2022: the network office implements the offers.
    "15081": (
        "altmarkkreis-salzwedel",
        {
            "procedure.voting_body": [
                (
                    {
                        "name": "Netzwerkstelle „Schulerfolg“ des Altmarkkreises Salzwedel",
                        "kind": "network_office",
                        "voting_members": None,
                        "members": [],
                        "quorum": None,
                        "majority": None,
                        "ties": None,
                        "chair": None,
                    },
                    ESF_PLUS,
                    None,
                    True,
                    ALTMARK_PRESS,
                )
            ]
        },
    ),
    # Burgenlandkreis network office page: „Pro Kalenderjahr … bis zu 2.000 Euro für … eines
    # solchen Angebots“; undated, so the start day is assumed (provisional).
    "15084": (
        "burgenlandkreis",
        {
            "educational_offer.cap": [
                (_cap("2000.00", "per_offer"), ESF_PLUS, None, True, BURGENLAND),
            ]
        },
    ),
    # PLUS+ page and the network office's page: schools with youth-welfare sponsors and
    # sponsors with schools (the pages conflict: both accepted), 2,000 EUR per applicant and
    # year.
    "15001": (
        "dessau-rosslau",
        {
            "educational_offer.cap": [
                (_cap("2000.00", "per_applicant"), ESF_PLUS, None, True, DESSAU_PLUS),
            ],
            "educational_offer.eligible_applicant_kinds": [
                (
                    ["school", "public_youth_welfare", "free_youth_welfare"],
                    ESF_PLUS,
                    None,
                    True,
                    DESSAU_PLUS,
                ),
            ],
            "educational_offer.required_partner_kinds": [
                (
                    ["school", "public_youth_welfare", "free_youth_welfare"],
                    ESF_PLUS,
                    None,
                    True,
                    DESSAU_PLUS,
                ),
            ],
            "procedure.voting_body": [
                (
                    {
                        "name": "Abstimmungsverfahren der Netzwerkstelle "
                        "(Gremium nicht veröffentlicht)",
                        "kind": "selection_panel",
                        "voting_members": None,
                        "members": [],
                        "quorum": None,
                        "majority": None,
                        "ties": None,
                        "chair": None,
                    },
                    ESF_PLUS,
                    None,
                    True,
                    DESSAU_OFFICE,
                ),
            ],
        },
    ),
    # jissa.de: the 2021 call „Willkommen in der Schule“; its window 01.01.–31.12.2021 is
    # assumed (provisional).
    "15003": (
        "magdeburg",
        {
            "educational_offer.additional_documents": [
                (
                    [
                        "situation_analysis",
                        "cost_plan",
                        "concept",
                        "cooperation_agreement",
                        "non_profit_confirmation",
                        "recognition_75_sgb_viii",
                        "staff_conference_resolution",
                    ],
                    date(2021, 1, 1),
                    date(2021, 12, 31),
                    True,
                    MAGDEBURG_CALL,
                )
            ],
            "educational_offer.cap": [
                (
                    _cap("2000.00", "per_school", "call"),
                    date(2021, 1, 1),
                    date(2021, 12, 31),
                    True,
                    MAGDEBURG_CALL,
                )
            ],
            "educational_offer.submission_deadline": [
                (
                    {
                        "days_before_start": None,
                        "closing_dates": ["2021-01-31"],
                        "recurrence": None,
                    },
                    date(2021, 1, 1),
                    date(2021, 12, 31),
                    True,
                    MAGDEBURG_CALL,
                )
            ],
        },
    ),
    # salzlandkreis.de entries of 24.04.2023, 17.05.2023, 02.11.2023 and 20.01.2026.
    "15089": (
        "salzlandkreis",
        {
            "educational_offer.additional_documents": [
                (["staff_conference_resolution"], ESF_PLUS, None, True, SALZLAND_PAGE),
                ([], date(2023, 4, 25), None, True, SALZLAND_PAGE),
            ],
            "educational_offer.cap": [
                (_cap("2000.00", "per_school"), ESF_PLUS, None, True, SALZLAND_PAGE),
                (_cap("3000.00", "per_school"), date(2026, 1, 20), None, True, SALZLAND_PAGE),
            ],
            "procedure.voting_body": [
                (
                    {
                        "name": "Steuergruppe „bildungsbezogene Angebote“",
                        "kind": "steering_group",
                        "voting_members": None,
                        "members": [],
                        "quorum": None,
                        "majority": None,
                        "ties": None,
                        "chair": None,
                    },
                    ESF_PLUS,
                    None,
                    True,
                    SALZLAND_PAGE,
                )
            ],
        },
    ),
    # The newer Beirat page: 10 voting members (the older /beirat/ page said 9; founded
    # January 2016).
    "15090": (
        "stendal",
        {
            "procedure.voting_body": [
                (
                    {
                        "name": "Beirat „Schulerfolg sichern“",
                        "kind": "advisory_board",
                        "voting_members": 10,
                        "members": [],
                        "quorum": None,
                        "majority": None,
                        "ties": None,
                        "chair": None,
                    },
                    date(2016, 1, 1),
                    None,
                    True,
                    STENDAL_BEIRAT,
                )
            ]
        },
    ),
    # landkreis-wittenberg.de: 2,000 EUR per school and calendar year, cooperation agreement,
    # consultation before the project starts; undated, so the start day is assumed.
    "15091": (
        "wittenberg",
        {
            "educational_offer.additional_documents": [
                (["cooperation_agreement"], ESF_PLUS, None, True, WITTENBERG_PAGE),
            ],
            "educational_offer.cap": [
                (_cap("2000.00", "per_school"), ESF_PLUS, None, True, WITTENBERG_PAGE),
            ],
            "educational_offer.consultation": [
                (
                    {"required": True, "deadline": "before_start"},
                    ESF_PLUS,
                    None,
                    True,
                    WITTENBERG_PAGE,
                ),
            ],
        },
    ),
}


@pytest.mark.parametrize("key", sorted(BUILT_IN_CHANGES))
def test_district_diff_lists_exactly_what_each_built_in_changes(
    registry: PluginRegistry, key: str
) -> None:
    entry_point, expected = BUILT_IN_CHANGES[key]
    diff = district_diff(key, registry=registry)
    assert (diff.district, diff.plugin, diff.plugin_version, diff.on) == (
        key,
        f"schulerfolg/{entry_point}",
        LIBRARY_VERSION,
        None,
    )
    assert diff.rules == ()  # no built-in adds, replaces or disables a rule
    got = {
        change.name: [
            (to_dict(v.value), v.valid_from, v.valid_until, v.provisional, v.source.reference)
            for v in change.district_values
        ]
        for change in diff.parameters
    }
    assert got == expected
    assert [change.name for change in diff.parameters] == sorted(expected)
    state = state_rulebook()
    for change in diff.parameters:
        base = state.parameters.get(change.name, ())
        assert len(change.base_values) == (len(base[0][0].values) if base else 0)


# --------------------------------------------------------------------------------------------
# On a day, and without a plugin


@pytest.mark.parametrize(
    ("on", "amount"),
    [
        (date(2026, 1, 6), "2000.00"),
        (date(2026, 1, 19), "2000.00"),
        (date(2026, 1, 20), "3000.00"),
    ],
)
def test_district_diff_on_a_day_shows_the_value_in_force(
    registry: PluginRegistry, on: date, amount: str
) -> None:
    diff = district_diff("salzlandkreis", on=on, registry=registry)
    cap = next(change for change in diff.parameters if change.name == "educational_offer.cap")
    assert [to_dict(v.value)["amount"] for v in cap.district_values] == [amount]
    assert [to_dict(v.value)["amount"] for v in cap.base_values] == ["2000.00"]


def test_district_diff_outside_a_plugins_values_is_empty(registry: PluginRegistry) -> None:
    diff = district_diff("15003", on=date(2022, 9, 1), registry=registry)
    assert diff.plugin == "schulerfolg/magdeburg"
    assert diff.parameters == ()


def test_district_diff_without_a_plugin(registry: PluginRegistry) -> None:
    diff = district_diff(JERICHOWER_LAND, registry=registry)
    assert (diff.plugin, diff.parameters, diff.rules) == (None, (), ())
