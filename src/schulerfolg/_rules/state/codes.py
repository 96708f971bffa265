"""The finding codes of the state-wide rules, each declared once: code, severity, message
template and the kinds of the message's parameters.  Codes are public API: stable, documented in
docs/rules.md (generated from these records)."""

from __future__ import annotations

from typing import Final

from schulerfolg._core.i18n import N_
from schulerfolg._rules.findings import ArgKind, FindingCode, Severity

APPLICANT_KIND_NOT_ELIGIBLE: Final = FindingCode(
    code="applicant.kind_not_eligible",
    severity=Severity.ERROR,
    template=N_("The applicant {applicant} ({kind}) may not apply; eligible are: {eligible}."),
    args={"applicant": ArgKind.TEXT, "kind": ArgKind.LABEL, "eligible": ArgKind.LABELS},
)


PARTNER_MISSING: Final = FindingCode(
    code="partner.missing",
    severity=Severity.ERROR,
    template=N_(
        "The application names no cooperation partner of an eligible kind; it needs at "
        "least one of: {kinds}."
    ),
    args={"kinds": ArgKind.LABELS},
)


TARGET_GROUP_NOT_ELIGIBLE: Final = FindingCode(
    code="target_group.not_eligible",
    severity=Severity.ERROR,
    template=N_("The target group {group} is not eligible; eligible are: {eligible}."),
    args={"group": ArgKind.LABEL, "eligible": ArgKind.LABELS},
)


PERIOD_OUTSIDE_FUNDING_CYCLE: Final = FindingCode(
    code="period.outside_funding_cycle",
    severity=Severity.ERROR,
    template=N_(
        "The offer ({start} to {end}) does not lie within one funding cycle of the module {module}."
    ),
    args={"start": ArgKind.DATE, "end": ArgKind.DATE, "module": ArgKind.LABEL},
)


CAP_EXCEEDED: Final = FindingCode(
    code="cap.exceeded",
    severity=Severity.ERROR,
    template=N_(
        "{subject}, {period}: {amount} requested, more than the cap of {cap} {scope} {basis}."
    ),
    args={
        "subject": ArgKind.TEXT,
        "period": ArgKind.TEXT,
        "amount": ArgKind.MONEY,
        "cap": ArgKind.MONEY,
        "scope": ArgKind.LABEL,
        "basis": ArgKind.LABEL,
    },
)


CAP_EXCEEDED_WITH_EARLIER_AWARDS: Final = FindingCode(
    code="cap.exceeded_with_earlier_awards",
    severity=Severity.ERROR,
    template=N_(
        "{subject}, {period}: {amount} requested and {earlier} already awarded make "
        "{total}, more than the cap of {cap} {scope} {basis}."
    ),
    args={
        "subject": ArgKind.TEXT,
        "period": ArgKind.TEXT,
        "amount": ArgKind.MONEY,
        "earlier": ArgKind.MONEY,
        "total": ArgKind.MONEY,
        "cap": ArgKind.MONEY,
        "scope": ArgKind.LABEL,
        "basis": ArgKind.LABEL,
    },
)


CAP_CALL_UNKNOWN: Final = FindingCode(
    code="cap.call_unknown",
    severity=Severity.ERROR,
    template=N_(
        "The cap counts per call, but the application names no call; give the call it answers."
    ),
    args={},
)


CAP_PERIOD_UNKNOWN: Final = FindingCode(
    code="cap.period_unknown",
    severity=Severity.ERROR,
    template=N_(
        "The cost plan line {line} cannot be placed in a school year; give it the day "
        "the cost is incurred."
    ),
    args={"line": ArgKind.TEXT},
)


CONSULTATION_MISSING: Final = FindingCode(
    code="consultation.missing",
    severity=Severity.ERROR,
    template=N_("No consultation with the network office is recorded; it is required {deadline}."),
    args={"deadline": ArgKind.LABEL},
)


CONSULTATION_TOO_LATE: Final = FindingCode(
    code="consultation.too_late",
    severity=Severity.ERROR,
    template=N_(
        "The consultation on {consulted} came too late: it is required {deadline} ({limit})."
    ),
    args={"consulted": ArgKind.DATE, "deadline": ArgKind.LABEL, "limit": ArgKind.DATE},
)


DOCUMENT_MISSING: Final = FindingCode(
    code="document.missing",
    severity=Severity.ERROR,
    template=N_("The document „{document}“ is missing."),
    args={"document": ArgKind.LABEL},
)


SUBMISSION_LATE: Final = FindingCode(
    code="submission.late",
    severity=Severity.ERROR,
    template=N_("Submitted on {submitted}, after the deadline of {deadline}."),
    args={"submitted": ArgKind.DATE, "deadline": ArgKind.DATE},
)


SUBMISSION_NO_OPEN_CALL: Final = FindingCode(
    code="submission.no_open_call",
    severity=Severity.ERROR,
    template=N_(
        "No call closes between the submission on {submitted} and the offer's start on {start}."
    ),
    args={"submitted": ArgKind.DATE, "start": ArgKind.DATE},
)


SUBMISSION_NOT_SUBMITTED: Final = FindingCode(
    code="submission.not_submitted",
    severity=Severity.INFO,
    template=N_(
        "The application has no submission date yet; deadlines are checked as if it were "
        "submitted on {on}."
    ),
    args={"on": ArgKind.DATE},
)


DEADLINE_MOVED: Final = FindingCode(
    code="deadline.moved",
    severity=Severity.INFO,
    template=N_(
        "The deadline {original} is not a working day in Sachsen-Anhalt and moves to {moved}."
    ),
    args={"original": ArgKind.LONG_DATE, "moved": ArgKind.LONG_DATE},
)
