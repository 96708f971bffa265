"""The procedure rules, edge by edge: submission deadlines (moved past weekends and holidays),
the consultation at the network office and the required documents.

Every test passes ``rulebook=`` explicitly (the default rulebook depends on installed district
plugins).  Other values are tested through an overlay for Börde (15083), a district without
numeric deviations of its own (see tests/rule_helpers.py).
"""

from __future__ import annotations

from datetime import date

import pytest

from rule_helpers import BOERDE, Expected, application, assert_findings, overlay_rulebook, run
from schulerfolg import DateRange
from schulerfolg.plugins import ConsultationDeadline, ConsultationRequirement, SubmissionDeadline

# --------------------------------------------------------------------------------------------
# Submission deadline: by the offer's first day, moved past weekends and holidays


def _moved(original: str, moved: str) -> tuple[str, dict[str, str]]:
    return ("deadline.moved", {"original": original, "moved": moved})


def _late(submitted: str, deadline: str) -> tuple[str, dict[str, str]]:
    return ("submission.late", {"submitted": submitted, "deadline": deadline})


@pytest.mark.parametrize(
    ("start", "submitted", "expected"),
    [
        pytest.param(date(2025, 9, 1), date(2025, 9, 1), [], id="monday-start-on-the-day"),
        pytest.param(date(2025, 9, 1), date(2025, 8, 29), [], id="monday-start-friday-before"),
        pytest.param(
            date(2025, 9, 1),
            date(2025, 9, 2),
            [_late("2025-09-02", "2025-09-01")],
            id="monday-start-one-day-late",
        ),
        pytest.param(
            date(2025, 9, 6),
            date(2025, 9, 8),
            [_moved("2025-09-06", "2025-09-08")],
            id="saturday-start-monday-on-time",
        ),
        pytest.param(
            date(2025, 9, 6),
            date(2025, 9, 9),
            [_moved("2025-09-06", "2025-09-08"), _late("2025-09-09", "2025-09-08")],
            id="saturday-start-tuesday-late",
        ),
        pytest.param(
            date(2025, 9, 7),
            date(2025, 9, 8),
            [_moved("2025-09-07", "2025-09-08")],
            id="sunday-start-monday-on-time",
        ),
        pytest.param(
            date(2025, 10, 31),
            date(2025, 11, 3),
            [_moved("2025-10-31", "2025-11-03")],
            id="reformation-day-friday-to-monday",
        ),
        pytest.param(
            date(2025, 10, 31),
            date(2025, 11, 4),
            [_moved("2025-10-31", "2025-11-03"), _late("2025-11-04", "2025-11-03")],
            id="reformation-day-tuesday-late",
        ),
        pytest.param(
            date(2025, 10, 3),
            date(2025, 10, 6),
            [_moved("2025-10-03", "2025-10-06")],
            id="german-unity-day",
        ),
        pytest.param(
            date(2025, 4, 18),
            date(2025, 4, 22),
            [_moved("2025-04-18", "2025-04-22")],
            id="good-friday-to-tuesday-after-easter",
        ),
        pytest.param(
            date(2025, 4, 18),
            date(2025, 4, 23),
            [_moved("2025-04-18", "2025-04-22"), _late("2025-04-23", "2025-04-22")],
            id="good-friday-wednesday-late",
        ),
        pytest.param(
            date(2026, 1, 6),
            date(2026, 1, 7),
            [_moved("2026-01-06", "2026-01-07")],
            id="epiphany-is-a-holiday-in-sachsen-anhalt",
        ),
    ],
)
def test_submission_deadline_days_before_start(
    start: date, submitted: date, expected: Expected
) -> None:
    period = DateRange(start=start, end=date(start.year, 12, 18))
    app = application(
        period=period, submission_date=submitted, consultation_date=date(start.year, 1, 2)
    )
    assert_findings(run(app), expected)


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [
        pytest.param(date(2025, 9, 1), [], id="fourteen-days-before"),
        pytest.param(date(2025, 9, 2), [_late("2025-09-02", "2025-09-01")], id="one-day-late"),
    ],
)
def test_submission_deadline_fourteen_days_before_start(
    submitted: date, expected: Expected
) -> None:
    book = overlay_rulebook(
        {"educational_offer.submission_deadline": SubmissionDeadline(days_before_start=14)}
    )
    period = DateRange(start=date(2025, 9, 15), end=date(2025, 12, 19))
    app = application(period=period, district=BOERDE, submission_date=submitted)
    assert_findings(run(app, rulebook=book), expected)


def test_not_submitted_is_judged_on_the_evaluation_day() -> None:
    app = application(submission_date=None)
    decision = run(app, on=date(2025, 8, 1))
    assert_findings(decision, [("submission.not_submitted", {"on": "2025-08-01"})])
    late = run(app, on=date(2025, 9, 2))
    assert_findings(
        late,
        [("submission.not_submitted", {"on": "2025-09-02"}), _late("2025-09-02", "2025-09-01")],
    )


CLOSING_DATES = SubmissionDeadline(
    # 2025-05-31 is a Saturday; 2025-09-30 is after the offer starts.
    closing_dates=(date(2025, 3, 31), date(2025, 5, 31), date(2025, 9, 30))
)


#: Every 15 June; 2025-06-15 is a Sunday.
YEARLY_15_JUNE = SubmissionDeadline(recurrence="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15;UNTIL=20301231")


def _no_call(submitted: str, start: str = "2025-09-01") -> tuple[str, dict[str, str]]:
    return ("submission.no_open_call", {"submitted": submitted, "start": start})


@pytest.mark.parametrize(
    ("deadline", "submitted", "expected"),
    [
        pytest.param(CLOSING_DATES, date(2025, 3, 15), [], id="dates-first-round"),
        pytest.param(CLOSING_DATES, date(2025, 3, 31), [], id="dates-on-closing-day"),
        pytest.param(
            CLOSING_DATES,
            date(2025, 4, 1),
            [_moved("2025-05-31", "2025-06-02")],
            id="dates-next-round-saturday-moved",
        ),
        pytest.param(
            CLOSING_DATES,
            date(2025, 6, 2),
            [_moved("2025-05-31", "2025-06-02")],
            id="dates-on-moved-monday",
        ),
        pytest.param(
            CLOSING_DATES,
            date(2025, 6, 3),
            [_no_call("2025-06-03")],
            id="dates-after-last-round-before-start",
        ),
        pytest.param(
            YEARLY_15_JUNE,
            date(2025, 1, 10),
            [_moved("2025-06-15", "2025-06-16")],
            id="rrule-early",
        ),
        pytest.param(
            YEARLY_15_JUNE,
            date(2025, 6, 16),
            [_moved("2025-06-15", "2025-06-16")],
            id="rrule-sunday-moved-to-monday",
        ),
        pytest.param(
            YEARLY_15_JUNE,
            date(2025, 6, 17),
            [_no_call("2025-06-17")],
            id="rrule-next-round-after-start",
        ),
        pytest.param(
            SubmissionDeadline(closing_dates=(date(2025, 9, 1),)),
            date(2025, 8, 1),
            [_no_call("2025-08-01")],
            id="round-closing-on-the-first-day-is-too-late",
        ),
        pytest.param(
            SubmissionDeadline(
                closing_dates=(date(2025, 4, 30),),
                recurrence="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15;COUNT=10",
            ),
            date(2025, 5, 2),
            [_moved("2025-06-15", "2025-06-16")],
            id="dates-and-rrule-together",
        ),
    ],
)
def test_submission_by_calls(
    deadline: SubmissionDeadline, submitted: date, expected: Expected
) -> None:
    book = overlay_rulebook({"educational_offer.submission_deadline": deadline})
    app = application(
        district=BOERDE, submission_date=submitted, consultation_date=date(2025, 1, 2)
    )
    assert_findings(run(app, rulebook=book), expected)


# --------------------------------------------------------------------------------------------
# Consultation at the network office


@pytest.mark.parametrize(
    ("consulted", "submitted", "expected"),
    [
        pytest.param(
            None,
            date(2025, 6, 30),
            [("consultation.missing", {"deadline": "before_submission"})],
            id="missing",
        ),
        pytest.param(date(2025, 6, 30), date(2025, 6, 30), [], id="on-the-submission-day"),
        pytest.param(date(2025, 6, 29), date(2025, 6, 30), [], id="day-before-submission"),
        pytest.param(
            date(2025, 7, 1),
            date(2025, 6, 30),
            [
                (
                    "consultation.too_late",
                    {
                        "consulted": "2025-07-01",
                        "limit": "2025-06-30",
                        "deadline": "before_submission",
                    },
                )
            ],
            id="after-submission",
        ),
    ],
)
def test_consultation_before_submission(
    consulted: date | None, submitted: date, expected: Expected
) -> None:
    app = application(consultation_date=consulted, submission_date=submitted)
    assert_findings(run(app), expected)


def test_consultation_limit_is_the_evaluation_day_when_not_submitted() -> None:
    app = application(consultation_date=date(2025, 7, 2), submission_date=None)
    decision = run(app, on=date(2025, 7, 1))
    assert_findings(
        decision,
        [
            ("consultation.too_late", {"limit": "2025-07-01"}),
            ("submission.not_submitted", {"on": "2025-07-01"}),
        ],
    )


@pytest.mark.parametrize(
    ("consulted", "expected"),
    [
        pytest.param(None, [("consultation.missing", {"deadline": "before_start"})], id="missing"),
        pytest.param(date(2025, 8, 15), [], id="after-submission-before-start"),
        pytest.param(date(2025, 8, 31), [], id="day-before-start"),
        pytest.param(
            date(2025, 9, 2),
            [
                (
                    "consultation.too_late",
                    {"consulted": "2025-09-02", "limit": "2025-09-01", "deadline": "before_start"},
                )
            ],
            id="after-start",
        ),
    ],
)
def test_consultation_before_start(consulted: date | None, expected: Expected) -> None:
    requirement = ConsultationRequirement(required=True, deadline=ConsultationDeadline.BEFORE_START)
    book = overlay_rulebook({"educational_offer.consultation": requirement})
    app = application(
        district=BOERDE, consultation_date=consulted, submission_date=date(2025, 6, 30)
    )
    assert_findings(run(app, rulebook=book), expected)


def test_consultation_not_required() -> None:
    book = overlay_rulebook(
        {"educational_offer.consultation": ConsultationRequirement(required=False)}
    )
    app = application(district=BOERDE, consultation_date=None)
    assert run(app, rulebook=book).findings == ()


# --------------------------------------------------------------------------------------------
# Documents


@pytest.mark.parametrize(
    ("documents", "expected"),
    [
        pytest.param((), [("document.missing", {"document": "application_form"})], id="none"),
        pytest.param(
            ("cost_plan", "concept"),
            [("document.missing", {"document": "application_form"})],
            id="form-missing",
        ),
        pytest.param(("application_form",), [], id="form-only"),
    ],
)
def test_required_documents(documents: tuple[str, ...], expected: Expected) -> None:
    assert_findings(run(application(documents=documents)), expected)
