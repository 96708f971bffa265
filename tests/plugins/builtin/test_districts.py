"""The built-in district plugins (the TOML files in ``schulerfolg/plugins/builtin/``), table by
table: the same application gets the outcome each district's published rules imply.

Every row cites its source (the built-in plugin files' comments hold the full citations, with
the pages' addresses).  The registry is discovered from the installed entry points with the built-in
plugin selected for Dessau-Roßlau, so a second installed plugin for it (the test distribution
``schulerfolg-test-duplicate``) does not make these tests fail with a conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from importlib.metadata import version
from typing import Any

import attrs
import pytest

import schulerfolg
from helpers import in_district
from schulerfolg import (
    Applicant,
    ApplicantKind,
    Application,
    Award,
    CostPlanLine,
    DateRange,
    Decision,
    InMemoryLedger,
    Money,
    Outcome,
    Rulebook,
    Severity,
    evaluate,
)
from schulerfolg.errors import ParameterNotInForceError
from schulerfolg.plugins import PluginRegistry, VotingBody, VotingBodyKind

LIBRARY_VERSION = version("schulerfolg")
DESSAU, MAGDEBURG, ALTMARK, BURGENLAND, SALZLAND, STENDAL, WITTENBERG = (
    "15001",
    "15003",
    "15081",
    "15084",
    "15089",
    "15090",
    "15091",
)
FOUR = (DESSAU, BURGENLAND, WITTENBERG, SALZLAND)
LAYERS = {
    DESSAU: "schulerfolg/dessau-rosslau",
    MAGDEBURG: "schulerfolg/magdeburg",
    ALTMARK: "schulerfolg/altmarkkreis-salzwedel",
    BURGENLAND: "schulerfolg/burgenlandkreis",
    SALZLAND: "schulerfolg/salzlandkreis",
    STENDAL: "schulerfolg/stendal",
    WITTENBERG: "schulerfolg/wittenberg",
}
#: The bundled example (invented names): a school in cooperation with a school support
#: association and a free youth-welfare sponsor, 1,800 EUR in 2025, consulted 10.06., submitted
#: 30.06.2025, offer 01.09.–19.12.2025, with application form, cost plan, cooperation agreement
#: and concept.
EXAMPLE = schulerfolg.example_application()
SPONSOR = Applicant(
    name="Beispiel-Jugendhilfe Anhalt e.V. (erfundenes Beispiel)",
    kind=ApplicantKind.FREE_YOUTH_WELFARE,
)


def rulebook(registry: PluginRegistry, key: str) -> Rulebook:
    book = registry.rulebook(key)
    assert book.overlay is not None, f"no plugin in effect for {key}"
    assert (book.overlay.layer.name, book.overlay.layer.version) == (LAYERS[key], LIBRARY_VERSION)
    return book


def offer(
    *,
    application_id: str = "OFFER-1",
    amount: str = "1800.00",
    year: int = 2025,
    start: date | None = None,
    end: date | None = None,
    consulted: date | None = None,
    submitted: date | None = None,
    documents: Sequence[str] | None = None,
    applicant: Applicant | None = None,
) -> Application:
    """The example application with one cost line of ``amount`` in ``year``."""
    changes: dict[str, Any] = {
        "id": application_id,
        "cost_plan": (
            CostPlanLine(description="Honorar", amount=Money(amount), calendar_year=year),
        ),
        "requested_amount": Money(amount),
    }
    if start is not None and end is not None:
        changes["period"] = DateRange(start=start, end=end)
    if consulted is not None:
        changes["consultation_date"] = consulted
    if submitted is not None:
        changes["submission_date"] = submitted
    if documents is not None:
        changes["documents"] = tuple(documents)
    if applicant is not None:
        changes["applicant"] = applicant
    return attrs.evolve(EXAMPLE, **changes)


def error_codes(decision: Decision) -> list[str]:
    return [finding.code for finding in decision.errors()]


# --------------------------------------------------------------------------------------------
# One application, four districts

WITHOUT_AGREEMENT = ("application_form", "cost_plan", "concept")

#: (scenario, application, {district: expected error codes}); no codes means eligible.
SAME_APPLICATION = [
    (
        # State-wide (Stendal's network office page, schulerfolg-sichern.de): schools apply.
        # Dessau-Roßlau accepts schools with a youth-welfare partner (PLUS+ page,
        # verwaltung.dessau-rosslau.de) and sponsors with schools (network office page,
        # schulerfolg-sichern.de); test_corrections.py has the details.
        "school-applies",
        EXAMPLE,
        {
            DESSAU: [],
            BURGENLAND: [],
            WITTENBERG: [],
            SALZLAND: [],
        },
    ),
    (
        # The same offer applied for by a youth-welfare sponsor with the school.
        "sponsor-applies-with-school",
        attrs.evolve(EXAMPLE, applicant=SPONSOR),
        {
            DESSAU: [],
            BURGENLAND: ["applicant.kind_not_eligible"],
            WITTENBERG: ["applicant.kind_not_eligible"],
            SALZLAND: ["applicant.kind_not_eligible"],
        },
    ),
    (
        # landkreis-wittenberg.de: a Kooperationsvertrag is a precondition.
        "no-cooperation-agreement",
        attrs.evolve(EXAMPLE, applicant=SPONSOR, documents=WITHOUT_AGREEMENT),
        {
            DESSAU: [],
            BURGENLAND: ["applicant.kind_not_eligible"],
            WITTENBERG: ["applicant.kind_not_eligible", "document.missing"],
            SALZLAND: ["applicant.kind_not_eligible"],
        },
    ),
    (
        # landkreis-wittenberg.de: Beratungsgespräch before the project starts; state-wide
        # (Stendal's network office page): „nach fachlicher Beratung … beantragen“, i.e. before
        # submission.
        "consulted-after-submission-before-start",
        attrs.evolve(EXAMPLE, consultation_date=date(2025, 7, 15)),
        {
            DESSAU: ["consultation.too_late"],
            BURGENLAND: ["consultation.too_late"],
            WITTENBERG: [],
            SALZLAND: ["consultation.too_late"],
        },
    ),
    (
        "consulted-after-start",
        attrs.evolve(EXAMPLE, consultation_date=date(2025, 9, 2)),
        {
            DESSAU: ["consultation.too_late"],
            BURGENLAND: ["consultation.too_late"],
            WITTENBERG: ["consultation.too_late"],
            SALZLAND: ["consultation.too_late"],
        },
    ),
    (
        "not-consulted",
        attrs.evolve(EXAMPLE, consultation_date=None),
        {
            DESSAU: ["consultation.missing"],
            BURGENLAND: ["consultation.missing"],
            WITTENBERG: ["consultation.missing"],
            SALZLAND: ["consultation.missing"],
        },
    ),
]


@pytest.mark.parametrize(
    ("application", "key", "expected"),
    [
        pytest.param(application, key, codes, id=f"{scenario}-{LAYERS[key].split('/')[1]}")
        for scenario, application, table in SAME_APPLICATION
        for key, codes in table.items()
    ],
)
def test_the_same_application_in_four_districts(
    registry: PluginRegistry, application: Application, key: str, expected: list[str]
) -> None:
    decision = evaluate(in_district(application, key), rulebook=rulebook(registry, key))
    assert error_codes(decision) == expected
    assert decision.outcome is (Outcome.INELIGIBLE if expected else Outcome.ELIGIBLE)


def test_every_scenario_covers_the_four_districts() -> None:
    assert all(tuple(sorted(table)) == tuple(sorted(FOUR)) for _, _, table in SAME_APPLICATION)


# --------------------------------------------------------------------------------------------
# Caps: scope (per offer / applicant / school) and the ledger of earlier awards


@pytest.mark.parametrize(
    ("key", "year", "applicant", "expected"),
    [
        # Burgenlandkreis network office page: „bis zu 2.000 Euro für die Durchführung eines
        # solchen Angebots“, per offer.
        pytest.param(BURGENLAND, 2025, None, [], id="burgenlandkreis-per-offer"),
        # landkreis-wittenberg.de: „max. 2.000 Euro/Kalenderjahr“ for every school.
        pytest.param(
            WITTENBERG,
            2025,
            None,
            ["cap.exceeded_with_earlier_awards"],
            id="wittenberg-per-school",
        ),
        # salzlandkreis.de: 2,000 EUR per school and calendar year ...
        pytest.param(
            SALZLAND,
            2025,
            None,
            ["cap.exceeded_with_earlier_awards"],
            id="salzlandkreis-2025-per-school",
        ),
        # ... 3,000 EUR from its publication on 20.01.2026 (evaluated on 30.01.2026).
        pytest.param(SALZLAND, 2026, None, [], id="salzlandkreis-2026-raised"),
        # Dessau PLUS+: „jährlich … pro Antragsteller bis zu 2.000,00 €“.
        pytest.param(
            DESSAU,
            2025,
            SPONSOR,
            ["cap.exceeded_with_earlier_awards"],
            id="dessau-per-applicant",
        ),
    ],
)
def test_two_offers_of_1500_by_the_same_school_in_one_year(
    registry: PluginRegistry,
    key: str,
    year: int,
    applicant: Applicant | None,
    expected: list[str],
) -> None:
    def make(offer_id: str, start: date, end: date) -> Application:
        return in_district(
            offer(
                application_id=offer_id,
                amount="1500.00",
                year=year,
                start=start,
                end=end,
                consulted=date(year, 1, 20),
                submitted=date(year, 1, 30),
                applicant=applicant,
            ),
            key,
        )

    first = make("FIRST", date(year, 2, 2), date(year, 4, 30))
    second = make("SECOND", date(year, 9, 1), date(year, 11, 30))
    book = rulebook(registry, key)
    assert evaluate(first, rulebook=book).eligible  # alone, each offer is fine
    assert evaluate(second, rulebook=book).eligible
    ledger = InMemoryLedger((Award.from_application(first, awarded_on=date(year, 1, 31)),))
    decision = evaluate(second, rulebook=book, ledger=ledger)
    assert error_codes(decision) == expected
    if expected:
        finding = decision.errors()[0]
        assert (finding.params["earlier"], finding.params["total"]) == ("1500.00", "3000.00")


@pytest.mark.parametrize(
    ("key", "on", "expected"),
    [
        # salzlandkreis.de: the LVwA informed the network office on 07.01.2026, the district
        # published the cap of 3,000 EUR on 20.01.2026 (no effective day stated: 20.01.2026 is
        # taken); the value in force on the evaluation day counts.
        pytest.param(SALZLAND, date(2026, 1, 6), ["cap.exceeded"], id="salzlandkreis-06-01"),
        pytest.param(SALZLAND, date(2026, 1, 7), ["cap.exceeded"], id="salzlandkreis-07-01"),
        pytest.param(SALZLAND, date(2026, 1, 19), ["cap.exceeded"], id="salzlandkreis-19-01"),
        pytest.param(SALZLAND, date(2026, 1, 20), [], id="salzlandkreis-20-01"),
        # Wittenberg and Burgenlandkreis publish 2,000 EUR; nothing says they adopted 3,000.
        pytest.param(WITTENBERG, date(2026, 1, 20), ["cap.exceeded"], id="wittenberg-20-01"),
        pytest.param(BURGENLAND, date(2026, 1, 20), ["cap.exceeded"], id="burgenlandkreis-20-01"),
    ],
)
def test_2500_in_2026_around_the_salzlandkreis_cap_change(
    registry: PluginRegistry, key: str, on: date, expected: list[str]
) -> None:
    application = in_district(
        offer(
            amount="2500.00",
            year=2026,
            start=date(2026, 2, 2),
            end=date(2026, 6, 30),
            consulted=date(2026, 1, 5),
            submitted=date(2026, 1, 6),
        ),
        key,
    )
    decision = evaluate(application, rulebook=rulebook(registry, key), on=on)
    assert error_codes(decision) == expected
    cap = next(use for use in decision.parameters if use.name == "educational_offer.cap")
    assert cap.layer == LAYERS[key]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        # salzlandkreis.de, 24.04.2023: the steering group changed the staff-conference
        # requirement from 25.04.2023 (that it was dropped is provisional).
        pytest.param(date(2023, 4, 24), ["document.missing"], id="until-24-04-2023"),
        pytest.param(date(2023, 4, 25), [], id="from-25-04-2023"),
    ],
)
def test_salzlandkreis_staff_conference_resolution(
    registry: PluginRegistry, on: date, expected: list[str]
) -> None:
    application = in_district(
        offer(
            year=2023,
            start=date(2023, 5, 2),
            end=date(2023, 7, 14),
            consulted=date(2023, 4, 3),
            submitted=date(2023, 4, 20),
        ),
        SALZLAND,
    )
    decision = evaluate(application, rulebook=rulebook(registry, SALZLAND), on=on)
    assert error_codes(decision) == expected
    if expected:
        assert decision.errors()[0].params == {"document": "staff_conference_resolution"}


# --------------------------------------------------------------------------------------------
# Who votes


@pytest.mark.parametrize(
    ("key", "on", "body", "provisional"),
    [
        # schulerfolg-stendal.de/netzwerkstelle-1/beirat-schulerfolg-sichern/: 10 voting
        # members (the older /beirat/ page: founded January 2016, 9 voting members).
        pytest.param(
            STENDAL,
            date(2016, 1, 1),
            VotingBody(
                name="Beirat „Schulerfolg sichern“",
                kind=VotingBodyKind.ADVISORY_BOARD,
                voting_members=10,
            ),
            True,
            id="stendal-beirat",
        ),
        # Altmarkkreis press release 19.12.2022: the network office, sponsor from 01.08.2022.
        pytest.param(
            ALTMARK,
            date(2022, 8, 1),
            VotingBody(
                name="Netzwerkstelle „Schulerfolg“ des Altmarkkreises Salzwedel",
                kind=VotingBodyKind.NETWORK_OFFICE,
            ),
            True,
            id="altmarkkreis-network-office",
        ),
        # salzlandkreis.de: the Steuergruppe „bildungsbezogene Angebote“.
        pytest.param(
            SALZLAND,
            date(2025, 6, 30),
            VotingBody(
                name="Steuergruppe „bildungsbezogene Angebote“",
                kind=VotingBodyKind.STEERING_GROUP,
            ),
            True,
            id="salzlandkreis-steering-group",
        ),
    ],
)
def test_voting_bodies(
    registry: PluginRegistry, key: str, on: date, body: VotingBody, provisional: bool
) -> None:
    value, layer = rulebook(registry, key).resolve("procedure.voting_body", on)
    assert value.value == body
    assert value.provisional is provisional
    assert layer.name == LAYERS[key]


@pytest.mark.parametrize(
    ("key", "on"),
    [
        pytest.param(STENDAL, date(2015, 12, 31), id="stendal-before-the-beirat"),
        pytest.param(ALTMARK, date(2022, 7, 31), id="altmarkkreis-before-its-sponsorship"),
        pytest.param(WITTENBERG, date(2025, 6, 30), id="wittenberg-not-published"),
    ],
)
def test_no_voting_body_where_none_is_published(
    registry: PluginRegistry, key: str, on: date
) -> None:
    # The state-wide base has no voting body: asking is an error, never a silent default.
    with pytest.raises(ParameterNotInForceError, match=r"procedure\.voting_body"):
        rulebook(registry, key).resolve("procedure.voting_body", on)


# --------------------------------------------------------------------------------------------
# Magdeburg's 2021 call „Willkommen in der Schule“ (jissa.de)

MAGDEBURG_DOCUMENTS = (
    "application_form",
    "situation_analysis",
    "cost_plan",
    "concept",
    "cooperation_agreement",
    "non_profit_confirmation",
    "recognition_75_sgb_viii",
    "staff_conference_resolution",
)


MAGDEBURG_CALL = "Willkommen in der Schule 2021"


def magdeburg_2021(
    *,
    submitted: date,
    amount: str = "1800.00",
    documents: Sequence[str] = MAGDEBURG_DOCUMENTS,
) -> Application:
    application = in_district(
        offer(
            amount=amount,
            year=2021,
            start=date(2021, 3, 1),
            end=date(2021, 6, 30),
            consulted=date(2021, 1, 15),
            submitted=submitted,
            documents=documents,
        ),
        MAGDEBURG,
    )
    # The 2021 cap counts per school *in the call*, so the application names its call.
    return attrs.evolve(application, call=MAGDEBURG_CALL)


@pytest.mark.parametrize(
    ("submitted", "expected", "moved"),
    [
        # Antragsschluss 31.01.2021 was a Sunday: it moves to Monday 01.02.2021
        # (§ 31 Abs. 3 VwVfG i. V. m. § 1 VwVfG LSA).
        pytest.param(date(2021, 1, 29), [], True, id="friday-before"),
        pytest.param(date(2021, 2, 1), [], True, id="monday-moved-closing-date"),
        pytest.param(date(2021, 2, 2), ["submission.no_open_call"], False, id="tuesday-too-late"),
    ],
)
def test_magdeburg_closing_date_moves_from_sunday_to_monday(
    registry: PluginRegistry, submitted: date, expected: list[str], moved: bool
) -> None:
    decision = evaluate(magdeburg_2021(submitted=submitted), rulebook=rulebook(registry, MAGDEBURG))
    assert error_codes(decision) == expected
    infos = [f for f in decision.findings if f.code == "deadline.moved"]
    if moved:
        assert [(f.severity, f.params) for f in infos] == [
            (Severity.INFO, {"original": "2021-01-31", "moved": "2021-02-01"})
        ]
    else:
        assert infos == []
        assert decision.errors()[0].params == {"submitted": "2021-02-02", "start": "2021-03-01"}


def test_magdeburg_2021_requires_the_call_documents(registry: PluginRegistry) -> None:
    without = tuple(d for d in MAGDEBURG_DOCUMENTS if d != "staff_conference_resolution")
    decision = evaluate(
        magdeburg_2021(submitted=date(2021, 1, 20), documents=without),
        rulebook=rulebook(registry, MAGDEBURG),
    )
    assert [(f.code, f.params) for f in decision.errors()] == [
        ("document.missing", {"document": "staff_conference_resolution"})
    ]
    only_form = evaluate(
        magdeburg_2021(submitted=date(2021, 1, 20), documents=("application_form",)),
        rulebook=rulebook(registry, MAGDEBURG),
    )
    assert [f.params["document"] for f in only_form.errors()] == list(MAGDEBURG_DOCUMENTS[1:])


def test_magdeburg_2021_cap_per_school_in_the_call(registry: PluginRegistry) -> None:
    decision = evaluate(
        magdeburg_2021(submitted=date(2021, 1, 20), amount="2000.01"),
        rulebook=rulebook(registry, MAGDEBURG),
    )
    assert error_codes(decision) == ["cap.exceeded"]
    assert decision.errors()[0].params["basis"] == "call"


def test_magdeburg_after_2021_has_the_state_wide_rules(registry: PluginRegistry) -> None:
    # Later calls are not published: outside 2021 the state-wide rules apply.
    application = in_district(
        offer(
            year=2022,
            start=date(2022, 9, 5),
            end=date(2022, 12, 16),
            consulted=date(2022, 8, 10),
            submitted=date(2022, 8, 15),
            documents=("application_form",),
        ),
        MAGDEBURG,
    )
    decision = evaluate(application, rulebook=rulebook(registry, MAGDEBURG))
    assert decision.eligible
    assert decision.codes() == ()
    assert {use.layer for use in decision.parameters} == {"state"}
