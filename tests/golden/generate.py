"""A fixed set of 1,000 generated applications and the digests of their decisions.

The decisions of these applications (and of the bundled example) are the library's behaviour
in one number each: a refactoring that changes no behaviour leaves every digest as it is.  The
applications are generated from a fixed seed with :mod:`random` (never Hypothesis, whose
choices change between its versions), spread over all 14 districts, with and without district
plugins, over the years 2019–2027, with earlier awards in a ledger so that cumulative caps are
exercised.

A digest is the SHA-256 of the decision's JSON (``to_json(decision, indent=None)``) with the
library version blanked.  Regenerate the stored digests only for a deliberate change of
behaviour, and say so in the CHANGELOG::

    .venv/bin/python tests/golden/generate.py > tests/golden/decisions.sha256

(``tests/golden/test_golden.py`` holds the check and the way decisions are made.)
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, Final

SEED: Final = 20261130
COUNT: Final = 1000
#: Applications whose full approval forms the ledger the others are checked against.
AWARDED: Final = 150

DISTRICT_KEYS: Final = (
    "15001", "15002", "15003", "15081", "15082", "15083", "15084",
    "15085", "15086", "15087", "15088", "15089", "15090", "15091",
)  # fmt: skip
APPLICANT_KINDS: Final = (
    "school", "school", "school", "public_youth_welfare", "free_youth_welfare",
    "school_authority", "municipality", "school_support_association", "non_profit_legal_person",
)  # fmt: skip
PARTNER_KINDS: Final = (
    "school", "school_supervision", "school_authority", "public_youth_welfare",
    "free_youth_welfare", "counselling_centre", "school_support_association", "municipality",
    "health_office", "youth_employment_agency", "parents_council", "politics", "other",
)  # fmt: skip
SCHOOL_TYPES: Final = (
    "primary_school", "secondary_school", "community_school", "comprehensive_school",
    "grammar_school", "special_school", "vocational_school",
)  # fmt: skip
DOCUMENTS: Final = (
    "application_form", "cost_plan", "concept", "situation_analysis", "cooperation_agreement",
    "non_profit_confirmation", "recognition_75_sgb_viii", "staff_conference_resolution",
    "harz_session_plan",
)  # fmt: skip
SCHOOLS: Final = tuple(f"Schule {name}" for name in "ABCDEFGHIJKL")
APPLICANTS: Final = tuple(f"Träger {name}" for name in "MNOPQR")


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _cost_plan(rng: random.Random, start: date, end: date) -> list[dict[str, Any]]:
    lines = []
    for index in range(rng.randint(1, 4)):
        incurred = _day(rng, start, end) if rng.random() < 0.6 else None
        year = incurred.year if incurred else rng.randint(start.year, end.year)
        cents = rng.choice((0, 0, 0, 50, 99))
        lines.append(
            {
                "description": f"Posten {index + 1}",
                "amount": f"{rng.randint(40, 800)}.{cents:02d}",
                "calendar_year": year,
                "incurred_on": incurred.isoformat() if incurred else None,
            }
        )
    return lines


def application_documents(seed: int = SEED, count: int = COUNT) -> Iterator[dict[str, Any]]:
    """``count`` valid application documents (JSON data), the same for the same seed."""
    rng = random.Random(seed)
    for number in range(count):
        key = rng.choice(DISTRICT_KEYS)
        start = _day(rng, date(2019, 1, 1), date(2027, 6, 30))
        end = start + timedelta(days=rng.choice((0, 20, 60, 120, 200, 400)))
        kind = rng.choice(APPLICANT_KINDS)
        schools = rng.sample(SCHOOLS, rng.randint(1, 2))
        applicant = schools[0] if kind == "school" else rng.choice(APPLICANTS)
        cost_plan = _cost_plan(rng, start, end)
        total = sum(int(line["amount"].replace(".", "")) for line in cost_plan)
        submitted = start - timedelta(days=rng.choice((-5, 0, 3, 14, 30, 90)))
        consulted = (
            None
            if rng.random() < 0.15
            else submitted - timedelta(days=rng.choice((-3, 0, 1, 10, 40)))
        )
        yield {
            "id": f"GOLD-{number:04d}",
            "title": f"Angebot {number}",
            "district": key,
            "applicant": {"name": applicant, "kind": kind},
            "cooperation_partners": [
                {"name": f"Partner {i}", "kind": rng.choice(PARTNER_KINDS)}
                for i in range(rng.randint(0, 2))
            ],
            "schools": [
                {
                    "name": name,
                    "school_type": rng.choice(SCHOOL_TYPES),
                    "district": key,
                    "has_school_social_work": rng.random() < 0.7,
                    "number": None,
                }
                for name in schools
            ],
            "target_groups": rng.sample(["pupils", "parents", "teachers"], rng.randint(1, 3)),
            "period": {"start": start.isoformat(), "end": end.isoformat()},
            "cost_plan": cost_plan,
            "requested_amount": f"{total // 100}.{total % 100:02d}",
            "consultation_date": consulted.isoformat() if consulted else None,
            "submission_date": submitted.isoformat() if rng.random() < 0.95 else None,
            "documents": sorted(rng.sample(DOCUMENTS, rng.randint(3, 9))),
            "call": rng.choice((None, None, "2021-1", "2025-2")),
        }


def digest(decision_json: str) -> str:
    """The SHA-256 of a decision's compact JSON with the library version blanked."""
    data = json.loads(decision_json)
    data["library_version"] = ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent.parent))
    from golden.test_golden import digests

    for key, value in digests().items():
        print(key, value)
