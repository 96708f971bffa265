"""The procedure before a decision: the consultation at the network office, the required
documents, and submission on time (deadlines from :mod:`schulerfolg._rules.deadlines`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Final

from schulerfolg._model.application import Application
from schulerfolg._parameters.values import ConsultationRequirement, SubmissionDeadline
from schulerfolg._rules import deadlines
from schulerfolg._rules.findings import Finding
from schulerfolg._rules.rule import Rule, RuleContext
from schulerfolg._rules.state import codes
from schulerfolg._rules.state.sources import DESSAU_ROSSLAU_OFFICE_PAGE, STENDAL_OFFICE_PAGE


def _submitted_on(application: Application, context: RuleContext) -> date:
    return application.submission_date or context.on


def _check_consultation(application: Application, context: RuleContext) -> Iterator[Finding]:
    requirement: ConsultationRequirement = context.parameter("educational_offer.consultation")
    if not requirement.required:
        return
    consulted = application.consultation_date
    limit, limit_counts = deadlines.consultation_limit(
        requirement, application, _submitted_on(application, context)
    )
    if consulted is None:
        yield codes.CONSULTATION_MISSING.finding(deadline=requirement.deadline)
    elif consulted > limit or (consulted == limit and not limit_counts):
        yield codes.CONSULTATION_TOO_LATE.finding(
            consulted=consulted, deadline=requirement.deadline, limit=limit
        )


def _check_documents(application: Application, context: RuleContext) -> Iterator[Finding]:
    required: tuple[str, ...] = context.parameter("educational_offer.required_documents")
    additional: tuple[str, ...] = context.parameter("educational_offer.additional_documents")
    provided = set(application.documents)
    for document in dict.fromkeys((*required, *additional)):
        if document not in provided:
            yield codes.DOCUMENT_MISSING.finding(document=document)


def _moved(deadline: deadlines.Deadline) -> Iterator[Finding]:
    if deadline.moved:
        yield codes.DEADLINE_MOVED.finding(original=deadline.stated, moved=deadline.last_day)


def _check_submission(application: Application, context: RuleContext) -> Iterator[Finding]:
    entry = context.parameter_value("educational_offer.submission_deadline")
    rule: SubmissionDeadline = entry.value
    submitted = _submitted_on(application, context)
    if application.submission_date is None:
        yield codes.SUBMISSION_NOT_SUBMITTED.finding(on=submitted)
    found = deadlines.submission_deadlines(entry, application)
    if rule.days_before_start is not None:
        (deadline,) = found
        yield from _moved(deadline)
        if submitted > deadline.last_day:
            yield codes.SUBMISSION_LATE.finding(submitted=submitted, deadline=deadline.last_day)
        return
    # Calls: on time if a round closes on or after the submission and before the offer starts.
    start = application.period.start
    usable = deadlines.open_calls(found, submitted, start)
    if not usable:
        yield codes.SUBMISSION_NO_OPEN_CALL.finding(submitted=submitted, start=start)
        return
    yield from _moved(usable[0])


CONSULTATION_RULE: Final = Rule(
    id="consultation.before_deadline",
    description=(
        "The applicant consulted the network office before submitting (or, where a "
        "district says so, before the offer starts)."
    ),
    source=STENDAL_OFFICE_PAGE,
    parameters=("educational_offer.consultation",),
    codes=(codes.CONSULTATION_MISSING, codes.CONSULTATION_TOO_LATE),
    check=_check_consultation,
)
DOCUMENTS_RULE: Final = Rule(
    id="documents.required",
    description=(
        "Every required document is included: the state-wide list and the district's "
        "additional documents."
    ),
    source=DESSAU_ROSSLAU_OFFICE_PAGE,
    parameters=(
        "educational_offer.required_documents",
        "educational_offer.additional_documents",
    ),
    codes=(codes.DOCUMENT_MISSING,),
    check=_check_documents,
)
SUBMISSION_RULE: Final = Rule(
    id="submission.on_time",
    description=(
        "The application is submitted on time; a deadline ending on a Saturday, Sunday or "
        "public holiday in Sachsen-Anhalt moves to the next working day."
    ),
    source=deadlines.DEADLINE_RULES,
    parameters=("educational_offer.submission_deadline",),
    codes=(
        codes.SUBMISSION_LATE,
        codes.SUBMISSION_NO_OPEN_CALL,
        codes.SUBMISSION_NOT_SUBMITTED,
        codes.DEADLINE_MOVED,
    ),
    check=_check_submission,
)
