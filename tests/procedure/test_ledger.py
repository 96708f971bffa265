"""The award ledger's procedure, the same for every store (memory, SQLite, PostgreSQL): approvals
re-check caps and budget, nothing is half-written, approving is idempotent, withdrawals and
reductions free money, histories survive."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs
import pytest

import schulerfolg
from helpers import in_district
from ledger_helpers import (
    APPROVED_ON,
    CLERK,
    SUBMITTED_ON,
    approve,
    consistency_problems,
    grant,
    offer,
    rulebook,
)
from rule_helpers import BOERDE, line, overlay_rulebook
from schulerfolg import (
    ApplicationEvent,
    ApplicationEventKind,
    ApplicationState,
    Ledger,
    LedgerError,
    Money,
    TransitionError,
    open_ledger,
)
from schulerfolg.plugins import (
    Cap,
    CapBasis,
    CapScope,
    ConsultationRequirement,
    VotingBody,
    VotingBodyKind,
)

K = ApplicationEventKind


def submitted(ledger: Ledger, *apps: schulerfolg.Application) -> None:
    for app in apps:
        ledger.submit(app, rulebook=rulebook(), on=SUBMITTED_ON, actor=CLERK)


def test_an_approval_records_the_award_the_decision_and_the_budget(ledger: Ledger) -> None:
    app = offer("B-1", "A", "1500.00")
    submitted(ledger, app)
    approval = approve(ledger, app)
    assert approval.recorded
    assert approval.decision.eligible
    assert approval.award == schulerfolg.Award.from_application(app, awarded_on=APPROVED_ON)
    (check,) = approval.budget
    assert (check.standing.budget, check.standing.awarded, check.requested) == (
        Money("5000.00"),
        Money("0.00"),
        Money("1500.00"),
    )
    history = ledger.history("B-1")
    assert [e.kind for e in history.events] == [K.SUBMITTED, K.DECISION_RECORDED, K.APPROVED]
    assert history.events[-1].decision == approval.decision  # the trace at approval
    assert history.events[-1].grant_notice == grant(app)
    assert ledger.award("B-1") == approval.award
    assert ledger.application("B-1") == app


def test_a_cap_exceeded_with_earlier_awards_refuses_and_writes_nothing(ledger: Ledger) -> None:
    first, second = offer("B-1", "A", "1500.00"), offer("B-2", "A", "600.00")
    submitted(ledger, first, second)
    approve(ledger, first)
    with pytest.raises(TransitionError) as caught:
        approve(ledger, second)
    assert caught.value.missing == (
        "an eligible decision of the rules at approval (refused: cap.exceeded_with_earlier_awards)",
    )
    assert ledger.history("B-2").state is ApplicationState.SUBMITTED  # not even the decision
    assert ledger.award("B-2") is None
    # Another applicant's offer, and the first applicant's next year, are within their caps.
    submitted(ledger, offer("B-3", "B", "600.00"), offer("B-4", "A", "600.00", 2026))
    assert approve(ledger, offer("B-3", "B", "600.00")).recorded
    assert approve(ledger, offer("B-4", "A", "600.00", 2026)).recorded
    assert consistency_problems(ledger) == []


def test_the_budget_refuses_what_does_not_fit_and_names_what_is_left(ledger: Ledger) -> None:
    apps = [offer(f"B-{n}", name, "1800.00") for n, name in enumerate("ABC")]
    submitted(ledger, *apps)
    approve(ledger, apps[0])
    approve(ledger, apps[1])
    with pytest.raises(TransitionError) as caught:
        approve(ledger, apps[2])
    assert caught.value.missing == (
        "room in the district's budget for 2025: 1400.00 EUR of 5000.00 EUR left, "
        "1800.00 EUR requested",
    )
    assert ledger.budget_standing(rulebook(), BOERDE, 2025, on=APPROVED_ON).remaining == Money(
        "1400.00"
    )


def test_everything_missing_is_named_at_once(ledger: Ledger) -> None:
    apps = [offer("F-1", "A", "2000.00"), offer("F-2", "B", "2000.00"), offer("F-3", "C", "500.00")]
    late = offer("L-1", "C", "1600.00")  # over C's cap and over the budget
    submitted(ledger, *apps, late)
    for app in apps:
        approve(ledger, app)
    with pytest.raises(TransitionError) as caught:
        approve(ledger, late)
    assert caught.value.missing == (
        "an eligible decision of the rules at approval (refused: cap.exceeded_with_earlier_awards)",
        "room in the district's budget for 2025: 500.00 EUR of 5000.00 EUR left, "
        "1600.00 EUR requested",
    )


def test_approving_twice_awards_once(ledger: Ledger) -> None:
    app = offer("B-1", "A", "1500.00")
    submitted(ledger, app)
    first = approve(ledger, app)
    again = approve(ledger, app)
    assert not again.recorded
    assert (again.award, again.decision) == (first.award, first.decision)
    assert [e.kind for e in ledger.history("B-1").events].count(K.APPROVED) == 1
    standing = ledger.budget_standing(rulebook(), BOERDE, 2025, on=APPROVED_ON)
    assert standing.awarded == Money("1500.00")


def test_a_withdrawal_frees_the_award(ledger: Ledger) -> None:
    first, second = offer("B-1", "A", "1500.00"), offer("B-2", "A", "1500.00")
    submitted(ledger, first, second)
    approve(ledger, first)
    history = ledger.withdraw("B-1", rulebook=rulebook(), on=date(2025, 7, 20), actor=CLERK)
    assert history.state is ApplicationState.WITHDRAWN
    assert ledger.award("B-1") is None
    assert approve(ledger, second).recorded  # the freed money counts no more
    with pytest.raises(TransitionError, match="'approved' is not allowed in state 'withdrawn'"):
        approve(ledger, first)
    assert consistency_problems(ledger) == []


def test_a_reduction_lowers_the_award_and_frees_the_rest(ledger: Ledger) -> None:
    first, second = offer("B-1", "A", "1500.00"), offer("B-2", "A", "900.00")
    submitted(ledger, first, second)
    approve(ledger, first)
    reduced = (line("1000.00", 2025),)
    history = ledger.reduce(
        "B-1", reduced, rulebook=rulebook(), on=date(2025, 8, 1), actor=CLERK, note="Teilverzicht"
    )
    assert history.state is ApplicationState.APPROVED
    assert history.events[-1].cost_plan == reduced
    award = ledger.award("B-1")
    assert award is not None
    assert award.total == Money("1000.00")
    assert approve(ledger, second).recorded  # 1,000 + 900 ≤ 2,000
    assert consistency_problems(ledger) == []


@pytest.mark.parametrize(
    ("lines", "missing"),
    [
        (
            (line("1600.00", 2025),),
            "line 1 as awarded ('Honorar', 2025), its amount not above 1500.00 EUR",
        ),
        ((line("1500.00", 2025),), "a lower total than awarded"),
        (
            (line("700.00", 2026),),
            "line 1 as awarded ('Honorar', 2025), its amount not above 1500.00 EUR",
        ),
        (
            (line("700.00", 2025), line("100.00", 2025)),
            "the award's 1 cost plan lines in their order, amounts lowered",
        ),
    ],
    ids=["higher", "same-total", "other-year", "other-lines"],
)
def test_a_reduction_that_does_not_reduce_is_refused(
    ledger: Ledger, lines: tuple[schulerfolg.CostPlanLine, ...], missing: str
) -> None:
    app = offer("B-1", "A", "1500.00")
    submitted(ledger, app)
    approve(ledger, app)
    with pytest.raises(TransitionError) as caught:
        ledger.reduce("B-1", lines, rulebook=rulebook(), on=date(2025, 8, 1), actor=CLERK)
    assert caught.value.missing == (missing,)
    award = ledger.award("B-1")
    assert award is not None
    assert award.total == Money("1500.00")
    assert len(ledger.history("B-1").events) == 3


def test_only_an_award_can_be_reduced(ledger: Ledger) -> None:
    app = offer("B-1", "A", "1500.00")
    submitted(ledger, app)
    with pytest.raises(TransitionError, match="'reduced' is not allowed in state 'submitted'"):
        ledger.reduce("B-1", (line("10.00"),), rulebook=rulebook(), on=APPROVED_ON, actor=CLERK)


def test_record_leaves_money_to_approve_and_reduce(ledger: Ledger) -> None:
    app = offer("B-1", "A", "1500.00")
    submitted(ledger, app)
    event = ApplicationEvent(kind=K.APPROVED, on=APPROVED_ON, actor=CLERK)
    with pytest.raises(TransitionError, match=r"approve\(\)"):
        ledger.record(event, application_id="B-1", rulebook=rulebook())
    with pytest.raises(TransitionError, match="application document"):
        ledger.record(
            ApplicationEvent(kind=K.SUBMITTED, on=SUBMITTED_ON, actor=CLERK),
            application_id="B-9",
            rulebook=rulebook(),
        )


def test_a_refused_event_changes_nothing(ledger: Ledger) -> None:
    app = offer("B-1", "A", "1500.00")
    submitted(ledger, app)
    with pytest.raises(TransitionError, match="'submitted' is not allowed in state 'submitted'"):
        ledger.submit(app, rulebook=rulebook(), on=SUBMITTED_ON, actor=CLERK)
    assert len(ledger.history("B-1").events) == 1


def test_an_unknown_application_cannot_be_approved(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="no submitted application 'X-1'"):
        approve(ledger, offer("X-1", "A", "100.00"))


def test_without_a_budget_nothing_is_checked_and_the_check_says_so(ledger: Ledger) -> None:
    book = overlay_rulebook(
        {
            "educational_offer.consultation": ConsultationRequirement(required=False),
            "procedure.voting_body": VotingBody(
                name="Netzwerkstelle", kind=VotingBodyKind.NETWORK_OFFICE
            ),
        }
    )
    app = offer("B-1", "A", "1500.00")
    ledger.submit(app, rulebook=book, on=SUBMITTED_ON, actor=CLERK)
    (check,) = approve(ledger, app, book).budget
    assert not check.standing.checked
    assert not check.exceeded
    assert check.standing.remaining is None


def test_a_district_whose_deciding_body_is_unknown_cannot_approve(ledger: Ledger) -> None:
    book = overlay_rulebook(
        {"educational_offer.consultation": ConsultationRequirement(required=False)}
    )
    app = offer("B-1", "A", "1500.00")
    ledger.submit(app, rulebook=book, on=SUBMITTED_ON, actor=CLERK)
    with pytest.raises(TransitionError) as caught:
        approve(ledger, app, book)
    assert caught.value.missing == (
        "the district's voting body (who decides is not known for the day)",
    )
    assert ledger.award("B-1") is None


def test_the_ledger_is_what_the_rules_read(ledger: Ledger) -> None:
    first = offer("B-1", "A", "1500.00")
    submitted(ledger, first)
    approve(ledger, first)
    decision = schulerfolg.evaluate(offer("B-2", "A", "600.00"), rulebook=rulebook(), ledger=ledger)
    assert [f.code for f in decision.findings if f.severity == "error"] == [
        "cap.exceeded_with_earlier_awards"
    ]


def test_cap_standings_show_awarded_and_remaining_per_subject(ledger: Ledger) -> None:
    apps = [offer("B-1", "A", "1500.00"), offer("B-2", "B", "300.00"), offer("B-3", "B", "200.00")]
    submitted(ledger, *apps)
    for app in apps:
        approve(ledger, app)
    standings = ledger.cap_standings(rulebook(), BOERDE, 2025, on=APPROVED_ON)
    assert [(s.subject.key, s.period, s.awarded, s.remaining) for s in standings] == [
        ("schule a", "2025", Money("1500.00"), Money("500.00")),
        ("schule b", "2025", Money("500.00"), Money("1500.00")),
    ]
    # Each school by its name as the applications write it, not by its case-folded key.
    assert [s.subject.name for s in standings] == ["Schule A", "Schule B"]
    assert ledger.cap_standings(rulebook(), BOERDE, 2026, on=APPROVED_ON) == ()


def test_cap_standings_per_call_count_all_of_a_calls_money(ledger: Ledger) -> None:
    book = rulebook(Cap(amount=Money("2000.00"), scope=CapScope.PER_APPLICANT, basis=CapBasis.CALL))
    span = schulerfolg.DateRange(start=date(2025, 9, 1), end=date(2026, 6, 30))
    first = attrs.evolve(
        offer("C-1", "A", "1500.00"), call="2025-1", period=span, cost_plan=(line("1500.00", 2025),)
    )
    second = attrs.evolve(
        offer("C-2", "A", "400.00"), call="2025-1", period=span, cost_plan=(line("400.00", 2026),)
    )
    for app in (first, second):
        ledger.submit(app, rulebook=book, on=SUBMITTED_ON, actor=CLERK)
        approve(ledger, app, book)
    (standing,) = ledger.cap_standings(book, BOERDE, 2025, on=APPROVED_ON)
    assert (standing.period, standing.awarded, standing.remaining) == (
        "2025-1",
        Money("1900.00"),
        Money("100.00"),
    )


def test_cap_standings_per_school_year_show_both_school_years_of_a_calendar_year(
    ledger: Ledger,
) -> None:
    book = rulebook(
        Cap(amount=Money("2000.00"), scope=CapScope.PER_SCHOOL, basis=CapBasis.SCHOOL_YEAR)
    )
    spring = attrs.evolve(
        offer("Y-1", "A", "500.00"),
        period=schulerfolg.DateRange(start=date(2025, 3, 1), end=date(2025, 6, 30)),
        submission_date=date(2025, 1, 10),
    )
    autumn = offer("Y-2", "B", "700.00")  # another applicant, the same school
    for app in (spring, autumn):
        ledger.submit(app, rulebook=book, on=date(2025, 1, 10), actor=CLERK)
        approve(ledger, app, book)
    standings = ledger.cap_standings(book, BOERDE, 2025, on=APPROVED_ON)
    assert [(s.period, s.awarded, s.remaining) for s in standings] == [
        ("2024/25", Money("500.00"), Money("1500.00")),
        ("2025/26", Money("700.00"), Money("1300.00")),
    ]


@pytest.fixture(params=["sqlite", "postgres"])
def persistent_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a ledger that outlives its object lives."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite")
    return str(request.getfixturevalue("postgres_database"))


def test_histories_and_awards_survive_reopening(persistent_location: str) -> None:
    ledger_location = persistent_location
    app = offer("B-1", "A", "1500.00")
    with open_ledger(ledger_location, create=True) as ledger:
        submitted(ledger, app)
        approval = approve(ledger, app)
    with open_ledger(ledger_location) as ledger:
        assert ledger.award("B-1") == approval.award
        assert ledger.history("B-1") == approval.history
        assert ledger.application_ids() == ["B-1"]
        assert approve(ledger, app).recorded is False


def test_a_history_read_back_is_the_history_written(ledger: Ledger) -> None:
    app = attrs.evolve(offer("B-1", "A", "1500.00"), title="Lernwerkstatt „Natur“ – ÄÖÜ ß")
    submitted(ledger, app)
    approval = approve(ledger, app)
    history = ledger.history("B-1")
    assert history == approval.history
    assert (
        schulerfolg.from_json(schulerfolg.to_json(history), schulerfolg.ApplicationHistory)
        == history
    )


def test_the_district_shapes_the_procedure_in_the_ledger() -> None:
    """The Salzlandkreis's steering group votes, so an approval needs its vote; the
    Altmarkkreis's network office decides alone, so nothing can be put to a vote there."""
    registry = schulerfolg.plugins.default_registry()
    ledger = schulerfolg.MemoryLedger()
    for key, application_id in (("15089", "SLK-1"), ("15081", "SAW-1")):
        app = attrs.evolve(in_district(schulerfolg.example_application(), key), id=application_id)
        book = registry.rulebook(app.district)
        consulted = ApplicationEvent(kind=K.CONSULTED, on=date(2025, 6, 10), actor=CLERK)
        ledger.record(consulted, application_id=application_id, rulebook=book)
        ledger.submit(app, rulebook=book, on=SUBMITTED_ON, actor=CLERK)
        decision = schulerfolg.evaluate(app, rulebook=book)
        checked = ApplicationEvent(
            kind=K.DECISION_RECORDED, on=APPROVED_ON, actor=CLERK, decision=decision
        )
        ledger.record(checked, application_id=application_id, rulebook=book)
    salzland, altmark = registry.rulebook("15089"), registry.rulebook("15081")
    with pytest.raises(TransitionError) as caught:
        approve(
            ledger, in_district(schulerfolg.example_application(), "15089", id="SLK-1"), salzland
        )
    assert caught.value.missing == ("a quorate vote of the district's body",)
    put = ApplicationEvent(kind=K.PUT_TO_VOTE, on=APPROVED_ON, actor=CLERK)
    history = ledger.record(put, application_id="SLK-1", rulebook=salzland)
    assert history.state is ApplicationState.IN_VOTE
    with pytest.raises(TransitionError, match="a body that votes"):
        ledger.record(put, application_id="SAW-1", rulebook=altmark)
    saw = in_district(schulerfolg.example_application(), "15081", id="SAW-1")
    assert approve(ledger, saw, altmark).recorded


def test_the_grant_notice_must_grant_the_award(ledger: Ledger) -> None:
    app = offer("B-1", "A", "1500.00")
    submitted(ledger, app)
    notice = attrs.evolve(
        grant(app),
        amounts=(
            schulerfolg.FundingAmount(source=schulerfolg.FundingSource.EU, amount=Money("5.00")),
        ),
        period=schulerfolg.DateRange(start=date(2025, 10, 1), end=date(2025, 12, 31)),
    )
    with pytest.raises(TransitionError) as caught:
        ledger.approve("B-1", rulebook=rulebook(), on=APPROVED_ON, actor=CLERK, grant_notice=notice)
    assert caught.value.missing == (
        "a grant notice for the awarded 1500.00 EUR (it grants 5.00 EUR)",
        "a grant notice whose period covers the offer's (2025-09-01..2025-12-15)",
    )
    assert ledger.award("B-1") is None


def test_a_cap_per_school_counts_every_applicants_awards_for_the_school(ledger: Ledger) -> None:
    book = rulebook(
        Cap(amount=Money("2000.00"), scope=CapScope.PER_SCHOOL, basis=CapBasis.SCHOOL_YEAR)
    )
    first = offer("S-1", "A", "1200.00", school="1001")
    other_school = offer("S-2", "B", "1200.00", school="1002")
    same_school = offer("S-3", "B", "1200.00", school="1001")
    for app in (first, other_school, same_school):
        ledger.submit(app, rulebook=book, on=SUBMITTED_ON, actor=CLERK)
    approve(ledger, first, book)
    approve(ledger, other_school, book)
    with pytest.raises(TransitionError, match=r"cap\.exceeded_with_earlier_awards"):
        approve(ledger, same_school, book)
