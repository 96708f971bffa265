"""Benchmark: checking applications with schulerfolg versus a hand-written Python baseline.

For N distinct application documents (JSON text, district Börde "15083", which uses only the
state-wide rules) this times

(a) the library pipeline: ``from_json(text, Application)`` → ``evaluate(app,
    rulebook=state_rulebook())`` → ``to_json(decision)``, and
(b) a plain hand-written baseline doing the same work on dicts: ``json.loads``, validation of
    the types and invariants the library checks, the same eight rules with the same parameter
    values, a decision dict with outcome, findings and the parameter trace, ``json.dumps``.

Both must agree on the outcome and the finding codes of every document (checked before timing;
any mismatch is printed and fails the run; how many decisions are byte-identical is reported
too).  Each variant is timed as the best of R runs over all documents, the runs of the two
interleaved, with the garbage collector left on for both, as in production.

With ``--districts`` the documents are spread over several districts (by default Börde without
a plugin, and Wittenberg, Burgenlandkreis, Salzlandkreis, Dessau-Roßlau and Stendal with one).
Each is evaluated under its district's rulebook built from the built-in plugins, the decision
is written as one line (``to_json(decision, indent=None)``), and the baseline layers the
plugins' parameter values over the state-wide ones.  Every decision must be byte-identical,
trace included; the first mismatch is printed with a diff and fails the run.

Run from the repository root (see benchmarks/README.md and docs/performance.md)::

    .venv/bin/python benchmarks/bench_check.py --quick                 # 10,000 documents
    .venv/bin/python benchmarks/bench_check.py                         # 100,000 documents
    .venv/bin/python benchmarks/bench_check.py --compact --stages      # plus one-line output
    .venv/bin/python benchmarks/bench_check.py --quick --profile       # plus a cProfile of (a)
    .venv/bin/python benchmarks/bench_check.py --districts --quick     # six districts, one line
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import difflib
import gc
import io
import json
import os
import platform
import pstats
import random
import re
import sys
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import holidays

import schulerfolg
from schulerfolg import Application, evaluate, from_json, state_rulebook, to_json

DISTRICT: Final = "15083"  # Börde: no district plugin, state-wide rules only
TARGET_RATIO: Final = 2.0
PARAMETERS_TOML: Final = Path(schulerfolg.__file__).resolve().parent / "data" / "parameters.toml"

# --------------------------------------------------------------------------------------------
# Generating documents


_SCHOOL_TYPES: Final = (
    "primary_school",
    "secondary_school",
    "community_school",
    "comprehensive_school",
    "grammar_school",
    "special_school",
    "vocational_school",
)
_SCHOOL_PREFIX: Final = {
    "primary_school": "Grundschule",
    "secondary_school": "Sekundarschule",
    "community_school": "Gemeinschaftsschule",
    "comprehensive_school": "Gesamtschule",
    "grammar_school": "Gymnasium",
    "special_school": "Förderschule",
    "vocational_school": "Berufsbildende Schule",
}
_PLACES: Final = (
    "Haldensleben",
    "Oschersleben",
    "Wanzleben",
    "Wolmirstedt",
    "Barleben",
    "Irxleben",
    "Niederndodeleben",
    "Oebisfelde",
    "Weferlingen",
    "Hötensleben",
    "Sülzetal",
    "Wefensleben",
    "Colbitz",
    "Calvörde",
    "Eilsleben",
    "Seehausen",
    "Klein Wanzleben",
    "Hohe Börde",
)
_OTHER_APPLICANT_KINDS: Final = (
    "public_youth_welfare",
    "free_youth_welfare",
    "school_authority",
    "municipality",
    "school_support_association",
    "non_profit_legal_person",
)
_PARTNER_KINDS: Final = (
    "school",
    "school_supervision",
    "school_authority",
    "public_youth_welfare",
    "free_youth_welfare",
    "counselling_centre",
    "school_support_association",
    "municipality",
    "health_office",
    "youth_employment_agency",
    "parents_council",
    "politics",
    "other",
)
_PARTNER_NAMES: Final = (
    "Förderverein",
    "Jugendhilfe Börde gGmbH",
    "Kreisjugendamt",
    "Gemeinde",
    "Beratungsstelle",
    "Gesundheitsamt",
    "Jugendberufsagentur",
    "Stadtelternrat",
    "Sportverein",
    "Musikschule",
)
#: Place names for the districts of ``--districts`` (Börde uses ``_PLACES``)
_DISTRICT_PLACES: Final = {
    "15001": ("Dessau", "Roßlau", "Mildensee", "Kochstedt", "Ziebigk", "Waldersee", "Mosigkau"),
    "15081": ("Salzwedel", "Gardelegen", "Klötze", "Kalbe", "Beetzendorf", "Arendsee"),
    "15084": ("Naumburg", "Weißenfels", "Zeitz", "Hohenmölsen", "Lützen", "Teuchern", "Nebra"),
    "15089": ("Bernburg", "Schönebeck", "Staßfurt", "Aschersleben", "Calbe", "Könnern"),
    "15090": ("Stendal", "Tangermünde", "Havelberg", "Osterburg", "Tangerhütte", "Arneburg"),
    "15091": ("Wittenberg", "Jessen", "Gräfenhainichen", "Zahna-Elster", "Kemberg", "Coswig"),
}
_OTHER_PLACES: Final = ("Nordstadt", "Südstadt", "Altstadt", "Neustadt", "Am Markt", "Am Park")
_SPONSOR_NAMES: Final = (
    "Jugendamt",
    "Kinder- und Jugendhaus",
    "Jugendhilfe gGmbH",
    "AWO Kinder- und Jugendhilfe",
    "Caritas Jugendhilfe",
    "Diakonie Jugendhilfe",
)
_TARGET_GROUPS: Final = ("pupils", "parents", "teachers")
_DOCUMENTS: Final = (
    "cost_plan",
    "concept",
    "cooperation_agreement",
    "situation_analysis",
    "staff_conference_resolution",
)
_TOPICS: Final = (
    "Klassenrat",
    "Anti-Mobbing-Training",
    "Lernwerkstatt",
    "Elterncafé",
    "Streitschlichtung",
    "Berufsorientierung",
    "Leseförderung",
    "Medienkompetenz",
    "Sozialtraining",
    "Erlebnispädagogik",
    "Hausaufgabenhilfe",
    "Teamtag",
)
_FIRST_START: Final = date(2018, 10, 1)
_LAST_START: Final = date(2028, 6, 30)


def _amount_text(cents: int, rng: random.Random) -> str:
    """An amount as the JSON text a portal might send: mostly "123.45", sometimes shorter."""
    euros, rest = divmod(cents, 100)
    if rest == 0 and rng.random() < 0.3:
        return str(euros)
    if rest % 10 == 0 and rng.random() < 0.3:
        return f"{euros}.{rest // 10}"
    return f"{euros}.{rest:02d}"


def _split_cents(total: int, parts: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    pieces = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    return [max(piece, 1) for piece in pieces]


def make_document(index: int, rng: random.Random, district: str = DISTRICT) -> dict[str, Any]:
    """One application document (plain data, ready for ``json.dumps``) for ``district``.

    For Börde (the default) the documents are exactly those of earlier versions of this
    script.  Other districts get their own place names; in Dessau-Roßlau, where youth-welfare
    sponsors apply, most applicants are sponsors.
    """
    places = _PLACES if district == DISTRICT else _DISTRICT_PLACES.get(district, _OTHER_PLACES)
    # Schools
    schools = []
    for _ in range(1 if rng.random() < 0.85 else 2):
        school_type = rng.choice(_SCHOOL_TYPES)
        place = rng.choice(places)
        name = f"{_SCHOOL_PREFIX[school_type]} {place} {rng.randint(1, 40)}"
        school: dict[str, Any] = {
            "name": name,
            "school_type": school_type,
            "district": district,
            "has_school_social_work": rng.random() < 0.6,
        }
        if rng.random() < 0.5:
            school["number"] = f"{rng.randint(10000, 99999)}"
        elif rng.random() < 0.5:
            school["number"] = None
        schools.append(school)

    # Applicant: mostly the school itself (in Dessau-Roßlau mostly a youth-welfare sponsor)
    if district == "15001" and rng.random() < 0.75:
        applicant: dict[str, Any] = {
            "name": f"{rng.choice(_SPONSOR_NAMES)} {rng.choice(places)}",
            "kind": rng.choice(("public_youth_welfare", "free_youth_welfare")),
        }
    elif rng.random() < 0.94:
        applicant = {"name": schools[0]["name"], "kind": "school"}
    else:
        applicant = {
            "name": f"{rng.choice(_PARTNER_NAMES)} {rng.choice(places)} e.V.",
            "kind": rng.choice(_OTHER_APPLICANT_KINDS),
        }
    if rng.random() < 0.5:
        applicant["address"] = {
            "street": f"Schulstraße {rng.randint(1, 120)}",
            "postal_code": f"39{rng.randint(100, 399)}",
            "city": rng.choice(places),
        }

    # Partners: usually one or two of a non-school kind; some name only schools or nobody
    roll = rng.random()
    if roll < 0.04:
        partners: list[dict[str, str]] = []
    elif roll < 0.08:
        partners = [{"name": f"Grundschule {rng.choice(places)}", "kind": "school"}]
    else:
        partners = [
            {
                "name": f"{rng.choice(_PARTNER_NAMES)} {rng.choice(places)}",
                "kind": rng.choice(_PARTNER_KINDS),
            }
            for _ in range(rng.randint(1, 3))
        ]

    # Period: most offers run some weeks or months inside one school year; some are long and
    # cross the end of a funding cycle (31 July 2022, 2024, 2028)
    start = _FIRST_START + timedelta(days=rng.randint(0, (_LAST_START - _FIRST_START).days))
    length = rng.randint(1, 180) if rng.random() < 0.9 else rng.randint(181, 540)
    end = start + timedelta(days=length)

    # Cost plan: per calendar year the total is mostly under the 2,000 EUR cap
    years = list(range(start.year, end.year + 1))
    lines = []
    for year in years:
        total = (
            rng.randint(5_000, 199_000) if rng.random() < 0.85 else rng.randint(200_001, 400_000)
        )
        if len(years) > 1:
            total //= len(years)
        for cents in _split_cents(total, rng.randint(1, 3), rng):
            line: dict[str, Any] = {
                "description": f"{rng.choice(('Honorar', 'Material', 'Fahrtkosten', 'Miete'))} "
                f"{rng.choice(_TOPICS)}",
                "amount": _amount_text(cents, rng),
                "calendar_year": year,
            }
            first = max(start, date(year, 1, 1))
            last = min(end, date(year, 12, 31))
            if rng.random() < 0.4:
                line["incurred_on"] = (
                    first + timedelta(days=rng.randint(0, (last - first).days))
                ).isoformat()
            elif rng.random() < 0.5:
                line["incurred_on"] = None
            lines.append(line)
    requested = sum(Decimal(line["amount"]) for line in lines)

    # Submission: mostly weeks before the start; some on the day, some late
    roll = rng.random()
    if roll < 0.88:
        submitted = start - timedelta(days=rng.randint(1, 90))
    elif roll < 0.92:
        submitted = start
    else:
        submitted = start + timedelta(days=rng.randint(1, 30))
    submitted = max(submitted, date(2018, 8, 1))
    roll = rng.random()
    if roll < 0.86:
        consulted: date | None = submitted - timedelta(days=rng.randint(0, 60))
    elif roll < 0.93:
        consulted = submitted + timedelta(days=rng.randint(1, 20))
    else:
        consulted = None

    documents = rng.sample(_DOCUMENTS, rng.randint(0, 3))
    if rng.random() < 0.95:
        documents.insert(rng.randint(0, len(documents)), "application_form")

    document: dict[str, Any] = {
        "id": f"BK-{start.year}-{index:06d}",
        "title": f"{rng.choice(_TOPICS)} für die Klassen {rng.randint(1, 9)} bis "
        f"{rng.randint(10, 13)}",
        "district": district,
        "applicant": applicant,
        "cooperation_partners": partners,
        "schools": schools,
        "target_groups": rng.sample(_TARGET_GROUPS, rng.randint(1, 3)),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "cost_plan": lines,
        "requested_amount": _amount_text(int(requested * 100), rng),
        "consultation_date": consulted.isoformat() if consulted else None,
        "submission_date": submitted.isoformat(),
        "documents": documents,
    }
    if rng.random() < 0.1:
        document["call"] = f"Aufruf {start.year}/{rng.randint(1, 3)}"
    if rng.random() < 0.2:
        del document["cooperation_partners"]
        if partners:
            document["cooperation_partners"] = partners
    return document


def generate_documents(count: int, seed: int, districts: Sequence[str] = (DISTRICT,)) -> list[str]:
    """``count`` distinct application documents as compact JSON text (deterministic); document
    ``i`` is for ``districts[i % len(districts)]``."""
    rng = random.Random(seed)
    return [
        json.dumps(
            make_document(index, rng, districts[index % len(districts)]),
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for index in range(count)
    ]


# --------------------------------------------------------------------------------------------
# (a) The library


def library_check(text: str) -> str:
    """The library pipeline for one document."""
    application = from_json(text, Application)
    decision = evaluate(application, rulebook=state_rulebook())
    return to_json(decision)


def library_check_compact(text: str) -> str:
    """The same, writing the decision as one line (``indent=None``)."""
    application = from_json(text, Application)
    decision = evaluate(application, rulebook=state_rulebook())
    return to_json(decision, indent=None)


# --------------------------------------------------------------------------------------------
# (b) The hand-written baseline


class InvalidDocumentError(ValueError):
    """The baseline's validation error (first problem only)."""


_APPLICANT_KINDS: Final = frozenset(("school", *_OTHER_APPLICANT_KINDS))
_PARTNER_KIND_SET: Final = frozenset(_PARTNER_KINDS)
_SCHOOL_TYPE_SET: Final = frozenset(_SCHOOL_TYPES)
_TARGET_GROUP_SET: Final = frozenset(_TARGET_GROUPS)
_DISTRICT_KEYS: Final = frozenset(
    (
        "15001",
        "15002",
        "15003",
        "15081",
        "15082",
        "15083",
        "15084",
        "15085",
        "15086",
        "15087",
        "15088",
        "15089",
        "15090",
        "15091",
    )
)
_AMOUNT_RE: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_POSTAL_RE: Final = re.compile(r"[0-9]{5}")
_DOCUMENT_RE: Final = re.compile(r"[a-z][a-z0-9_]*")
_CENT: Final = Decimal("0.01")
_MAX_AMOUNT: Final = Decimal("999999999999.99")

_APPLICATION_REQUIRED: Final = frozenset(
    (
        "id",
        "title",
        "district",
        "applicant",
        "schools",
        "target_groups",
        "period",
        "cost_plan",
        "requested_amount",
    )
)
_APPLICATION_KEYS: Final = _APPLICATION_REQUIRED | {
    "cooperation_partners",
    "consultation_date",
    "submission_date",
    "documents",
    "call",
}
_SCHOOL_REQUIRED: Final = frozenset(("name", "school_type", "district", "has_school_social_work"))
_SCHOOL_KEYS: Final = _SCHOOL_REQUIRED | {"number"}
_LINE_REQUIRED: Final = frozenset(("description", "amount", "calendar_year"))
_LINE_KEYS: Final = _LINE_REQUIRED | {"incurred_on"}
_ADDRESS_KEYS: Final = frozenset(("street", "postal_code", "city"))
_PARTNER_KEYS: Final = frozenset(("name", "kind"))

# The parameter values of the state-wide rules (the same values as data/parameters.toml)
CAP: Final = Decimal("2000.00")
ELIGIBLE_APPLICANTS: Final = ("school",)
PARTNER_KINDS: Final = (
    "public_youth_welfare",
    "free_youth_welfare",
    "municipality",
    "school_support_association",
    "school_supervision",
    "school_authority",
    "counselling_centre",
    "health_office",
    "youth_employment_agency",
    "parents_council",
    "politics",
    "other",
)
ELIGIBLE_TARGET_GROUPS: Final = ("pupils", "parents", "teachers")
REQUIRED_DOCUMENTS: Final = ("application_form",)
#: Funding cycles of the network-office module
CYCLES: Final = (
    (date(2018, 8, 1), date(2022, 7, 31)),
    (date(2022, 8, 1), date(2024, 7, 31)),
    (date(2024, 8, 1), date(2028, 7, 31)),
)
PARAMETERS_FROM: Final = date(2018, 8, 1)

_HOLIDAYS: dict[int, frozenset[date]] = {}


def _holidays(year: int) -> frozenset[date]:
    found = _HOLIDAYS.get(year)
    if found is None:
        found = frozenset(holidays.country_holidays("DE", subdiv="ST", years=year))
        _HOLIDAYS[year] = found
    return found


def _roll_forward(day: date) -> date:
    while day.weekday() >= 5 or day in _holidays(day.year):
        day += timedelta(days=1)
    return day


def _text(value: object, where: str) -> str:
    if type(value) is not str or not value.strip():
        raise InvalidDocumentError(f"{where}: expected non-empty text")
    return value


def _optional_text(value: object, where: str) -> str | None:
    return None if value is None else _text(value, where)


def _date(value: object, where: str) -> date:
    if type(value) is not str or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise InvalidDocumentError(f"{where}: expected an ISO date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidDocumentError(f"{where}: not a date") from None


def _optional_date(value: object, where: str) -> date | None:
    return None if value is None else _date(value, where)


def _money(value: object, where: str) -> Decimal:
    if type(value) is not str or not _AMOUNT_RE.fullmatch(value.strip()):
        raise InvalidDocumentError(f"{where}: expected an amount as text")
    amount = Decimal(value.strip())
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidDocumentError(f"{where}: more than two decimal places")
    if amount < 0 or amount > _MAX_AMOUNT:
        raise InvalidDocumentError(f"{where}: out of range")
    return amount.quantize(_CENT)


def _keys(
    data: object, required: frozenset[str], allowed: frozenset[str], where: str
) -> dict[str, Any]:
    if type(data) is not dict:
        raise InvalidDocumentError(f"{where}: expected an object")
    keys = data.keys()
    if not required <= keys:
        raise InvalidDocumentError(f"{where}: missing {sorted(required - keys)}")
    if not keys <= allowed:
        raise InvalidDocumentError(f"{where}: unknown keys {sorted(keys - allowed)}")
    return data


def _list(value: object, where: str) -> list[Any]:
    if type(value) is not list:
        raise InvalidDocumentError(f"{where}: expected a list")
    return value


def _validate(doc: object) -> dict[str, Any]:
    """Check the document like the library's converter and model invariants do; return the
    values the rules need."""
    app = _keys(doc, _APPLICATION_REQUIRED, _APPLICATION_KEYS, "$")
    app_id = _text(app["id"], "$.id")
    _text(app["title"], "$.title")
    call = _optional_text(app.get("call"), "$.call")
    district = app["district"]
    if type(district) is not str or district not in _DISTRICT_KEYS:
        raise InvalidDocumentError("$.district: unknown district")

    applicant = _keys(
        app["applicant"],
        frozenset(("name", "kind")),
        frozenset(("name", "kind", "address")),
        "$.applicant",
    )
    applicant_name = _text(applicant["name"], "$.applicant.name")
    applicant_kind = applicant["kind"]
    if type(applicant_kind) is not str or applicant_kind not in _APPLICANT_KINDS:
        raise InvalidDocumentError("$.applicant.kind")
    address = applicant.get("address")
    if address is not None:
        _keys(address, _ADDRESS_KEYS, _ADDRESS_KEYS, "$.applicant.address")
        _text(address["street"], "street")
        _text(address["city"], "city")
        postal = address["postal_code"]
        if type(postal) is not str or not _POSTAL_RE.fullmatch(postal):
            raise InvalidDocumentError("$.applicant.address.postal_code")

    partner_kinds = []
    for partner in _list(app.get("cooperation_partners", []), "$.cooperation_partners"):
        _keys(partner, _PARTNER_KEYS, _PARTNER_KEYS, "$.cooperation_partners[]")
        _text(partner["name"], "partner name")
        kind = partner["kind"]
        if type(kind) is not str or kind not in _PARTNER_KIND_SET:
            raise InvalidDocumentError("partner kind")
        partner_kinds.append(kind)

    schools = _list(app["schools"], "$.schools")
    if not schools:
        raise InvalidDocumentError("$.schools: must name at least one school")
    school_names = []
    for school in schools:
        _keys(school, _SCHOOL_REQUIRED, _SCHOOL_KEYS, "$.schools[]")
        school_names.append(_text(school["name"], "school name"))
        if school["school_type"] not in _SCHOOL_TYPE_SET:
            raise InvalidDocumentError("school_type")
        if school["district"] not in _DISTRICT_KEYS:
            raise InvalidDocumentError("school district")
        if type(school["has_school_social_work"]) is not bool:
            raise InvalidDocumentError("has_school_social_work")
        _optional_text(school.get("number"), "number")

    groups = _list(app["target_groups"], "$.target_groups")
    if not groups:
        raise InvalidDocumentError("$.target_groups: must name at least one target group")
    for group in groups:
        if type(group) is not str or group not in _TARGET_GROUP_SET:
            raise InvalidDocumentError("target group")
    if len(set(groups)) != len(groups):
        raise InvalidDocumentError("$.target_groups: listed more than once")

    period = _keys(
        app["period"], frozenset(("start", "end")), frozenset(("start", "end")), "$.period"
    )
    start = _date(period["start"], "$.period.start")
    end = _date(period["end"], "$.period.end")
    if end < start:
        raise InvalidDocumentError("$.period.end: before start")

    lines = _list(app["cost_plan"], "$.cost_plan")
    if not lines:
        raise InvalidDocumentError("$.cost_plan: must have at least one line")
    per_year: dict[int, Decimal] = {}
    total = Decimal(0)
    for line in lines:
        _keys(line, _LINE_REQUIRED, _LINE_KEYS, "$.cost_plan[]")
        _text(line["description"], "description")
        amount = _money(line["amount"], "amount")
        year = line["calendar_year"]
        if type(year) is not int or not start.year <= year <= end.year:
            raise InvalidDocumentError("calendar_year outside the period")
        incurred = _optional_date(line.get("incurred_on"), "incurred_on")
        if incurred is not None and (incurred.year != year or not start <= incurred <= end):
            raise InvalidDocumentError("incurred_on")
        per_year[year] = per_year.get(year, Decimal(0)) + amount
        total += amount
    requested = _money(app["requested_amount"], "$.requested_amount")
    if requested != total:
        raise InvalidDocumentError("$.requested_amount: differs from the cost plan total")

    documents = _list(app.get("documents", []), "$.documents")
    for document in documents:
        if type(document) is not str or not _DOCUMENT_RE.fullmatch(document):
            raise InvalidDocumentError("document id")
    if len(set(documents)) != len(documents):
        raise InvalidDocumentError("$.documents: listed more than once")

    return {
        "id": app_id,
        "call": call,
        "district": district,
        "applicant_name": applicant_name,
        "applicant_kind": applicant_kind,
        "partner_kinds": partner_kinds,
        "school_names": school_names,
        "target_groups": groups,
        "start": start,
        "end": end,
        "per_year": per_year,
        "consultation": _optional_date(app.get("consultation_date"), "$.consultation_date"),
        "submission": _optional_date(app.get("submission_date"), "$.submission_date"),
        "documents": documents,
    }


def _finding(code: str, rule: str, severity: str = "error", **params: str) -> dict[str, Any]:
    return {"code": code, "severity": severity, "rule": rule, "params": params}


def _rules(app: dict[str, Any]) -> list[dict[str, Any]]:
    """The eight state-wide rules."""
    findings = []
    if app["applicant_kind"] not in ELIGIBLE_APPLICANTS:
        findings.append(
            _finding(
                "applicant.kind_not_eligible",
                "applicant.eligible_kind",
                applicant=app["applicant_name"],
                kind=app["applicant_kind"],
                eligible=",".join(ELIGIBLE_APPLICANTS),
            )
        )
    partner_kinds = set(app["partner_kinds"])
    if app["applicant_kind"] == "school":
        partner_kinds.discard("school")  # a school's partner is never another school
    else:
        partner_kinds.add("school")
    if not partner_kinds.intersection(PARTNER_KINDS):
        findings.append(
            _finding("partner.missing", "partner.required", kinds=",".join(PARTNER_KINDS))
        )
    for group in app["target_groups"]:
        if group not in ELIGIBLE_TARGET_GROUPS:
            findings.append(
                _finding(
                    "target_group.not_eligible",
                    "target_group.eligible",
                    group=group,
                    eligible=",".join(ELIGIBLE_TARGET_GROUPS),
                )
            )
    start, end = app["start"], app["end"]
    if not any(first <= start and end <= last for first, last in CYCLES):
        findings.append(
            _finding(
                "period.outside_funding_cycle",
                "period.within_funding_cycle",
                start=start.isoformat(),
                end=end.isoformat(),
                module="network_office",
            )
        )
    per_year = sorted(app["per_year"].items())
    for school in app["school_names"]:
        for year, amount in per_year:
            if amount > CAP:
                findings.append(
                    _finding(
                        "cap.exceeded",
                        "cap.amount",
                        subject=school,
                        period=str(year),
                        amount=str(amount),
                        cap=str(CAP),
                        scope="per_school",
                        basis="calendar_year",
                    )
                )
    submitted = app["submission"]
    consulted = app["consultation"]
    if consulted is None:
        findings.append(
            _finding(
                "consultation.missing", "consultation.before_deadline", deadline="before_submission"
            )
        )
    elif consulted > submitted:
        findings.append(
            _finding(
                "consultation.too_late",
                "consultation.before_deadline",
                consulted=consulted.isoformat(),
                deadline="before_submission",
                limit=submitted.isoformat(),
            )
        )
    provided = set(app["documents"])
    for document in REQUIRED_DOCUMENTS:
        if document not in provided:
            findings.append(_finding("document.missing", "documents.required", document=document))
    last_day = _roll_forward(start)
    if last_day != start:
        findings.append(
            _finding(
                "deadline.moved",
                "submission.on_time",
                "info",
                original=start.isoformat(),
                moved=last_day.isoformat(),
            )
        )
    if submitted > last_day:
        findings.append(
            _finding(
                "submission.late",
                "submission.on_time",
                submitted=submitted.isoformat(),
                deadline=last_day.isoformat(),
            )
        )
    return findings


class Baseline:
    """The hand-written checker.  Setup (not timed) reads the parameter sources for the trace."""

    #: The parameters the eight rules read, in the trace's order (sorted by name)
    READS: Final = (
        "educational_offer.additional_documents",
        "educational_offer.cap",
        "educational_offer.consultation",
        "educational_offer.eligible_applicant_kinds",
        "educational_offer.eligible_target_groups",
        "educational_offer.funding_module",
        "educational_offer.required_documents",
        "educational_offer.required_partner_kinds",
        "educational_offer.submission_deadline",
    )
    RULE_IDS: Final = (
        "applicant.eligible_kind",
        "partner.required",
        "target_group.eligible",
        "period.within_funding_cycle",
        "cap.amount",
        "consultation.before_deadline",
        "documents.required",
        "submission.on_time",
    )

    def __init__(self, version: str) -> None:
        data = tomllib.loads(PARAMETERS_TOML.read_text(encoding="utf-8"))
        by_name = {record["name"]: record for record in data["parameter"]}
        self.trace = []
        for name in self.READS:
            if name not in by_name:  # a parameter the library no longer has
                continue
            value = by_name[name]["values"][-1]
            self.trace.append(
                {
                    "name": name,
                    "value": _trace_value(name, value["value"]),
                    "valid_from": value["valid_from"].isoformat(),
                    "valid_until": None,
                    "provisional": value.get("provisional", False),
                    "source": {
                        "reference": value["source"]["reference"],
                        "title": value["source"].get("title"),
                    },
                    "layer": "state",
                    "layer_version": version,
                }
            )
        self.rules = [
            {"id": rule_id, "layer": "state", "layer_version": version, "replaces": None}
            for rule_id in self.RULE_IDS
        ]
        self.version = version

    def check(self, text: str) -> str:
        """Check one document; the decision as JSON indented like ``to_json``'s default."""
        return json.dumps(self.decide(text), ensure_ascii=False, indent=2)

    def check_compact(self, text: str) -> str:
        """The same, as one line (like ``to_json(decision, indent=None)``)."""
        return json.dumps(self.decide(text), ensure_ascii=False)

    def decide(self, text: str) -> dict[str, Any]:
        """Read, validate and check one document; the decision as a dict."""
        return self.decide_app(_validate(json.loads(text)))

    def decide_app(self, app: dict[str, Any]) -> dict[str, Any]:
        """Check one validated document; the decision as a dict."""
        day = app["submission"]
        if day is None:
            raise InvalidDocumentError("no evaluation day")
        if day < PARAMETERS_FROM:
            raise InvalidDocumentError(f"no parameter value in force on {day}")
        findings = _rules(app)
        decision = {
            "application_id": app["id"],
            "district": app["district"],
            "evaluated_on": day.isoformat(),
            "outcome": "ineligible"
            if any(f["severity"] == "error" for f in findings)
            else "eligible",
            "findings": findings,
            "parameters": self.trace,
            "rules": self.rules,
            "library_version": self.version,
        }
        return decision


def _trace_value(name: str, value: Any) -> Any:
    """A TOML value as the decision trace writes it (defaults filled in)."""
    if name == "educational_offer.submission_deadline":
        return {
            "days_before_start": value.get("days_before_start"),
            "closing_dates": [d.isoformat() for d in value.get("closing_dates", [])],
            "recurrence": value.get("recurrence"),
        }
    if name == "educational_offer.consultation":
        return {
            "required": value["required"],
            "deadline": value.get("deadline", "before_submission"),
        }
    return value


# --------------------------------------------------------------------------------------------
# Several districts (``--districts``): the library with the built-in district plugins, and a
# baseline that knows the districts' parameter values


#: The default mix of ``--districts``: one district without a plugin (Börde) and five with
#: one, among them one whose plugin sets only a parameter no rule reads (Stendal)
DISTRICT_MIX: Final = ("15083", "15091", "15084", "15089", "15001", "15090")
#: Magdeburg's plugin (a call with closing dates and a cap per call) is not in the baseline
NOT_IN_BASELINE: Final = frozenset(("15003",))


def library_rulebooks(keys: Iterable[str]) -> dict[str, Any]:
    """The library's rulebook of each district, built from the built-in plugins only.

    Other installed plugin distributions must not count: in the development venv a broken and
    a duplicate test plugin make discovery refuse some districts.  ``from_plugins`` names a
    layer ``<distribution>/<DistrictPlugin.name>``, while discovery names it
    ``<distribution>/<entry point>`` (``schulerfolg/wittenberg``); the plugin's name is set to
    its entry point so that the traces are those of a normal installation.  (The only function
    here that touches the plugin API: adapt it when that API changes.)
    """
    import attrs

    from schulerfolg.plugins import PluginRegistry, find_plugins, load_plugin

    found = [f for f in find_plugins() if f.distribution == "schulerfolg"]
    registry = PluginRegistry.from_plugins(
        [
            (attrs.evolve(load_plugin(f), name=f.entry_point), f.distribution, f.version)
            for f in found
        ],
        strict=True,
        select={},
    )
    return {key: registry.rulebook(key) for key in keys}


def library_district_check(rulebooks: Mapping[str, Any]) -> Callable[[str], str]:
    """The library pipeline for documents of several districts, writing one line."""

    def check(text: str) -> str:
        application = from_json(text, Application)
        decision = evaluate(application, rulebook=rulebooks[application.district.key])
        return to_json(decision, indent=None)

    return check


def _source(reference: str, title: str | None) -> dict[str, Any]:
    return {"reference": reference, "title": title}


def _value(
    valid_from: date,
    value: Any,
    source: dict[str, Any],
    *,
    provisional: bool = False,
    valid_until: date | None = None,
) -> dict[str, Any]:
    """A dated value as data/parameters.toml writes one (the value as the trace writes it)."""
    return {
        "valid_from": valid_from,
        "valid_until": valid_until,
        "value": value,
        "provisional": provisional,
        "source": source,
    }


_ESF_PLUS_START: Final = date(2022, 8, 1)
_WITTENBERG: Final = _source(
    "https://www.landkreis-wittenberg.de/de/bildungsbezogene-angebote.html",
    "Landkreis Wittenberg: Bildungsbezogene Angebote",
)
_BURGENLANDKREIS: Final = _source(
    "https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/"
    "burgenlandkreis.html",
    "Netzwerkstelle gegen Schulversagen im Burgenlandkreis",
)
_SALZLANDKREIS: Final = _source(
    "https://www.salzlandkreis.de/themenbereiche/kinder-jugend-familie/jugendprojekte/"
    "netzwerkstelle-schulerfolg-im-salzlandkreis",
    "Netzwerkstelle „Schulerfolg im Salzlandkreis“",
)
_DESSAU_PLUS: Final = _source(
    "http://verwaltung.dessau-rosslau.de/soziales-bildung/kinder-jugend-und-familie/"
    "das-jugendamt/jugendfoerderung/netzwerkstelle-schulerfolg-fuer-dessau-rosslau/"
    "projektfoerderung-plus-projekte.html",
    "Stadt Dessau-Roßlau: Projektförderung PLUS+",
)
_STENDAL: Final = _source(
    "https://www.schulerfolg-stendal.de/netzwerkstelle-1/beirat-schulerfolg-sichern/",
    "Netzwerkstelle Stendal: Beirat „Schulerfolg sichern“",
)
_ALTMARK: Final = _source(
    "https://www.altmarkkreis-salzwedel.de/buerger-presseservice/presseservice/"
    "pressemitteilungen-neuigkeiten-pressebilder/esf-projekt-schulerfolg-sichern-12-2022.aspx",
    "Altmarkkreis Salzwedel: Zuwendungsbescheid für Projekt bis 31.07.2024",
)


def _cap(amount: str, scope: str) -> dict[str, str]:
    return {"amount": amount, "scope": scope, "basis": "calendar_year"}


#: The values of the built-in district plugins (src/schulerfolg/plugins/*.py), written out as
#: plain data: district key → (entry-point name, {parameter: value history}).  Districts not
#: listed have no plugin and use the state-wide values of data/parameters.toml.
PLUGIN_VALUES: Final[dict[str, tuple[str, dict[str, list[dict[str, Any]]]]]] = {
    "15091": (
        "wittenberg",
        {
            "educational_offer.cap": [
                _value(
                    _ESF_PLUS_START,
                    _cap("2000.00", "per_school"),
                    _WITTENBERG,
                    provisional=True,
                )
            ],
            "educational_offer.additional_documents": [
                _value(_ESF_PLUS_START, ["cooperation_agreement"], _WITTENBERG, provisional=True)
            ],
            "educational_offer.consultation": [
                _value(
                    _ESF_PLUS_START,
                    {"required": True, "deadline": "before_start"},
                    _WITTENBERG,
                    provisional=True,
                )
            ],
        },
    ),
    "15084": (
        "burgenlandkreis",
        {
            "educational_offer.cap": [
                _value(
                    date(2022, 8, 1),
                    _cap("2000.00", "per_offer"),
                    _BURGENLANDKREIS,
                    provisional=True,
                )
            ],
        },
    ),
    "15089": (
        "salzlandkreis",
        {
            "educational_offer.cap": [
                _value(
                    _ESF_PLUS_START,
                    _cap("2000.00", "per_school"),
                    _SALZLANDKREIS,
                    provisional=True,
                ),
                _value(
                    date(2026, 1, 20),
                    _cap("3000.00", "per_school"),
                    _SALZLANDKREIS,
                    provisional=True,
                ),
            ],
            "educational_offer.additional_documents": [
                _value(
                    _ESF_PLUS_START,
                    ["staff_conference_resolution"],
                    _SALZLANDKREIS,
                    provisional=True,
                ),
                _value(date(2023, 4, 25), [], _SALZLANDKREIS, provisional=True),
            ],
            "procedure.voting_body": [
                _value(
                    _ESF_PLUS_START,
                    {
                        "name": "Steuergruppe „bildungsbezogene Angebote“",
                        "kind": "steering_group",
                        "voting_members": None,
                    },
                    _SALZLANDKREIS,
                    provisional=True,
                ),
            ],
        },
    ),
    "15001": (
        "dessau-rosslau",
        {
            "educational_offer.cap": [
                _value(
                    _ESF_PLUS_START,
                    _cap("2000.00", "per_applicant"),
                    _DESSAU_PLUS,
                    provisional=True,
                )
            ],
            "educational_offer.eligible_applicant_kinds": [
                _value(
                    _ESF_PLUS_START,
                    ["school", "public_youth_welfare", "free_youth_welfare"],
                    _DESSAU_PLUS,
                    provisional=True,
                )
            ],
            "educational_offer.required_partner_kinds": [
                _value(
                    _ESF_PLUS_START,
                    ["school", "public_youth_welfare", "free_youth_welfare"],
                    _DESSAU_PLUS,
                    provisional=True,
                )
            ],
        },
    ),
    "15090": (
        "stendal",
        {
            "procedure.voting_body": [
                _value(
                    date(2016, 1, 1),
                    {
                        "name": "Beirat „Schulerfolg sichern“",
                        "kind": "advisory_board",
                        "voting_members": 10,
                    },
                    _STENDAL,
                    provisional=True,
                )
            ],
        },
    ),
    "15081": (
        "altmarkkreis-salzwedel",
        {
            "procedure.voting_body": [
                _value(
                    _ESF_PLUS_START,
                    {
                        "name": "Netzwerkstelle „Schulerfolg“ des Altmarkkreises Salzwedel",
                        "kind": "network_office",
                        "voting_members": None,
                    },
                    _ALTMARK,
                    provisional=True,
                )
            ],
        },
    ),
}


def _in_force(history: Sequence[dict[str, Any]], day: date) -> dict[str, Any] | None:
    """The value of a history in force on ``day``: it has started, has not ended
    (``valid_until``), and the next value has not started yet."""
    found = None
    for index, value in enumerate(history):
        if value["valid_from"] > day:
            break
        following = history[index + 1]["valid_from"] if index + 1 < len(history) else None
        ended = value["valid_until"] is not None and value["valid_until"] < day
        if not ended and (following is None or day < following):
            found = value
    return found


def _read_state_values() -> dict[str, list[dict[str, Any]]]:
    """The state-wide value histories of data/parameters.toml, values as the trace writes them."""
    data = tomllib.loads(PARAMETERS_TOML.read_text(encoding="utf-8"))
    return {
        record["name"]: [
            _value(
                item["valid_from"],
                _trace_value(record["name"], item["value"]),
                _source(item["source"]["reference"], item["source"].get("title")),
                provisional=item.get("provisional", False),
                valid_until=item.get("valid_until"),
            )
            for item in record["values"]
        ]
        for record in data["parameter"]
    }


def _rule_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """What the rules need from one set of parameter values, prepared once."""
    cap = values["educational_offer.cap"]
    deadline = values["educational_offer.submission_deadline"]
    if (
        cap["basis"] != "calendar_year"
        or deadline["days_before_start"] is None
        or values["educational_offer.funding_module"] != "network_office"
    ):
        raise NotImplementedError(
            "the baseline knows caps per calendar year, deadlines relative to the start and "
            "the cycles of the network-office module only"
        )
    applicants = values["educational_offer.eligible_applicant_kinds"]
    partners = values["educational_offer.required_partner_kinds"]
    groups = values["educational_offer.eligible_target_groups"]
    consultation = values["educational_offer.consultation"]
    return {
        "applicants": frozenset(applicants),
        "applicants_text": ",".join(applicants),
        "partners": frozenset(partners),
        "partners_text": ",".join(partners),
        "groups": frozenset(groups),
        "groups_text": ",".join(groups),
        "module": values["educational_offer.funding_module"],
        "cap": Decimal(cap["amount"]),
        "cap_text": cap["amount"],
        "scope": cap["scope"],
        "consultation": consultation["required"],
        "before_start": consultation["deadline"] == "before_start",
        "consultation_deadline": consultation["deadline"],
        "documents": tuple(
            dict.fromkeys(
                (
                    *values["educational_offer.required_documents"],
                    *values["educational_offer.additional_documents"],
                )
            )
        ),
        "days_before_start": timedelta(days=deadline["days_before_start"]),
    }


def _validate_districts(doc: object) -> dict[str, Any]:
    """``_validate`` plus the title (a cap per offer names the offer by it)."""
    app = _validate(doc)
    app["title"] = doc["title"]  # type: ignore[index]  # checked by _validate
    return app


def _district_rules(app: dict[str, Any], p: dict[str, Any]) -> list[dict[str, Any]]:
    """The eight state-wide rules with one district's parameter values ``p``."""
    findings = []
    kind = app["applicant_kind"]
    if kind not in p["applicants"]:
        findings.append(
            _finding(
                "applicant.kind_not_eligible",
                "applicant.eligible_kind",
                applicant=app["applicant_name"],
                kind=kind,
                eligible=p["applicants_text"],
            )
        )
    partner_kinds = set(app["partner_kinds"])
    if kind == "school":
        partner_kinds.discard("school")  # a school's partner is never another school
    else:
        partner_kinds.add("school")
    if partner_kinds.isdisjoint(p["partners"]):
        findings.append(_finding("partner.missing", "partner.required", kinds=p["partners_text"]))
    for group in app["target_groups"]:
        if group not in p["groups"]:
            findings.append(
                _finding(
                    "target_group.not_eligible",
                    "target_group.eligible",
                    group=group,
                    eligible=p["groups_text"],
                )
            )
    start, end = app["start"], app["end"]
    if not any(first <= start and end <= last for first, last in CYCLES):
        findings.append(
            _finding(
                "period.outside_funding_cycle",
                "period.within_funding_cycle",
                start=start.isoformat(),
                end=end.isoformat(),
                module=p["module"],
            )
        )
    scope = p["scope"]
    if scope == "per_school":
        subjects = app["school_names"]
    elif scope == "per_offer":
        subjects = [app["title"]]
    else:
        subjects = [app["applicant_name"]]
    cap = p["cap"]
    per_year = sorted(app["per_year"].items())
    for subject in subjects:
        for year, amount in per_year:
            if amount > cap:
                findings.append(
                    _finding(
                        "cap.exceeded",
                        "cap.amount",
                        subject=subject,
                        period=str(year),
                        amount=str(amount),
                        cap=p["cap_text"],
                        scope=scope,
                        basis="calendar_year",
                    )
                )
    submitted = app["submission"]
    if p["consultation"]:
        consulted = app["consultation"]
        deadline = p["consultation_deadline"]
        if consulted is None:
            findings.append(
                _finding("consultation.missing", "consultation.before_deadline", deadline=deadline)
            )
        elif (consulted >= start) if p["before_start"] else (consulted > submitted):
            findings.append(
                _finding(
                    "consultation.too_late",
                    "consultation.before_deadline",
                    consulted=consulted.isoformat(),
                    deadline=deadline,
                    limit=(start if p["before_start"] else submitted).isoformat(),
                )
            )
    provided = set(app["documents"])
    for document in p["documents"]:
        if document not in provided:
            findings.append(_finding("document.missing", "documents.required", document=document))
    original = start - p["days_before_start"]
    last_day = _roll_forward(original)
    if last_day != original:
        findings.append(
            _finding(
                "deadline.moved",
                "submission.on_time",
                "info",
                original=original.isoformat(),
                moved=last_day.isoformat(),
            )
        )
    if submitted > last_day:
        findings.append(
            _finding(
                "submission.late",
                "submission.on_time",
                submitted=submitted.isoformat(),
                deadline=last_day.isoformat(),
            )
        )
    return findings


class DistrictBaseline:
    """The hand-written checker for documents of several districts (``--districts``).

    Setup (not timed) reads the state-wide values from data/parameters.toml and layers the
    plugin values of :data:`PLUGIN_VALUES` on top, as the library does: a plugin's value where
    it has one in force on the day, else the state-wide value.  The values in force change only
    on a few days, so setup resolves them once per district and period between two such days
    (the parameter trace and the values the rules need); a check looks its period up by
    bisection.
    """

    def __init__(self, version: str, districts: Iterable[str]) -> None:
        state = _read_state_values()
        self.version = version
        self.rules = [
            {"id": rule_id, "layer": "state", "layer_version": version, "replaces": None}
            for rule_id in Baseline.RULE_IDS
        ]
        self.periods: dict[str, tuple[list[date], list[tuple[list[Any], dict[str, Any]] | None]]]
        self.periods = {}
        for key in districts:
            layers = [("state", state)]
            if key in PLUGIN_VALUES:
                entry_point, values = PLUGIN_VALUES[key]
                layers.insert(0, (f"schulerfolg/{entry_point}", values))
            self.periods[key] = self._periods(layers)

    def _periods(
        self, layers: Sequence[tuple[str, Mapping[str, list[dict[str, Any]]]]]
    ) -> tuple[list[date], list[tuple[list[Any], dict[str, Any]] | None]]:
        """The days on which any value read by the rules starts or ends, and for each the trace
        and rule values in force from that day on (``None`` if some parameter has no value)."""
        days = set()
        for _, histories in layers:
            for name in Baseline.READS:
                for value in histories.get(name, ()):
                    days.add(value["valid_from"])
                    if value["valid_until"] is not None:
                        days.add(value["valid_until"] + timedelta(days=1))
        starts = sorted(days)
        entries: list[tuple[list[Any], dict[str, Any]] | None] = []
        for day in starts:
            trace = []
            values = {}
            for name in Baseline.READS:
                for layer, histories in layers:  # noqa: B007 - used after the loop
                    value = _in_force(histories.get(name, ()), day)
                    if value is not None:
                        break
                else:
                    entries.append(None)
                    break
                values[name] = value["value"]
                trace.append(
                    {
                        "name": name,
                        "value": value["value"],
                        "valid_from": value["valid_from"].isoformat(),
                        "valid_until": value["valid_until"].isoformat()
                        if value["valid_until"]
                        else None,
                        "provisional": value["provisional"],
                        "source": value["source"],
                        "layer": layer,
                        "layer_version": self.version,
                    }
                )
            else:
                entries.append((trace, _rule_values(values)))
        return starts, entries

    def check(self, text: str) -> str:
        """Check one document; the decision as one line (like ``to_json(decision,
        indent=None)``)."""
        return json.dumps(self.decide(text), ensure_ascii=False)

    def decide(self, text: str) -> dict[str, Any]:
        """Read, validate and check one document; the decision as a dict."""
        return self.decide_app(_validate_districts(json.loads(text)))

    def decide_app(self, app: dict[str, Any]) -> dict[str, Any]:
        """Check one validated document; the decision as a dict."""
        day = app["submission"]
        if day is None:
            raise InvalidDocumentError("no evaluation day")
        starts, entries = self.periods[app["district"]]
        index = bisect.bisect_right(starts, day) - 1
        entry = entries[index] if index >= 0 else None
        if entry is None:
            raise InvalidDocumentError(f"a parameter has no value in force on {day}")
        trace, values = entry
        findings = _district_rules(app, values)
        return {
            "application_id": app["id"],
            "district": app["district"],
            "evaluated_on": day.isoformat(),
            "outcome": "ineligible"
            if any(f["severity"] == "error" for f in findings)
            else "eligible",
            "findings": findings,
            "parameters": trace,
            "rules": self.rules,
            "library_version": self.version,
        }


def verify_districts(
    texts: Sequence[str], library: Callable[[str], str], baseline: DistrictBaseline
) -> dict[str, Any]:
    """Run both on every document and require byte-identical decisions; stop at the first
    mismatch (or failure of one side) and return it with a diff."""
    outcomes: dict[str, dict[str, int]] = {}
    codes: dict[str, int] = {}
    plugin_traces: dict[str, int] = {}
    for index, text in enumerate(texts):
        results = []
        for check in (library, baseline.check):
            try:
                results.append(check(text))
            except Exception as exc:
                results.append(f"{type(exc).__name__}: {exc}")
        lib, base = results
        if lib != base:
            return {"mismatch": (index, lib, base), "checked": index}
        data = json.loads(lib)
        counts = outcomes.setdefault(data["district"], {})
        counts[data["outcome"]] = counts.get(data["outcome"], 0) + 1
        for code in {finding["code"] for finding in data["findings"]}:
            codes[code] = codes.get(code, 0) + 1
        layers = {use["layer"] for use in data["parameters"]} - {"state"}
        for layer in layers:
            plugin_traces[layer] = plugin_traces.get(layer, 0) + 1
    return {
        "mismatch": None,
        "checked": len(texts),
        "outcomes": dict(sorted(outcomes.items())),
        "codes": dict(sorted(codes.items())),
        "plugin_traces": dict(sorted(plugin_traces.items())),
    }


def _diff(library: str, baseline: str) -> str:
    """A unified diff of two decisions (indented, so that it shows the differing fields)."""

    def lines(text: str) -> list[str]:
        try:
            return json.dumps(json.loads(text), ensure_ascii=False, indent=2).splitlines()
        except ValueError:  # an error message, not a decision
            return [text]

    return "\n".join(
        difflib.unified_diff(
            lines(library), lines(baseline), "library", "baseline", lineterm="", n=2
        )
    )


# --------------------------------------------------------------------------------------------
# Verifying and timing


def _summary(decision_json: str) -> tuple[str, tuple[str, ...]]:
    data = json.loads(decision_json)
    return data["outcome"], tuple(finding["code"] for finding in data["findings"])


def verify(texts: Sequence[str], baseline: Baseline) -> dict[str, Any]:
    """Run both on every document; compare outcome and finding codes (and the whole JSON)."""
    mismatches: list[tuple[int, Any, Any]] = []
    identical = 0
    outcomes: dict[str, int] = {}
    codes: dict[str, int] = {}
    for index, text in enumerate(texts):
        library = library_check(text)
        base = baseline.check(text)
        if library == base and (
            index % 10 or library_check_compact(text) == baseline.check_compact(text)
        ):
            identical += 1
        lib_summary, base_summary = _summary(library), _summary(base)
        if lib_summary != base_summary:
            mismatches.append((index, lib_summary, base_summary))
        outcomes[lib_summary[0]] = outcomes.get(lib_summary[0], 0) + 1
        for code in set(lib_summary[1]):
            codes[code] = codes.get(code, 0) + 1
    return {
        "mismatches": mismatches,
        "identical": identical,
        "outcomes": outcomes,
        "codes": dict(sorted(codes.items())),
    }


def timed_run(check: Callable[[str], str], texts: Sequence[str]) -> tuple[float, float]:
    """(wall-clock seconds, process CPU seconds) for one run over all documents; GC stays on."""
    gc.collect()  # the same starting point for every run of either variant
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        check(text)
    return time.perf_counter() - wall, time.process_time() - cpu


def compare(
    library: Callable[[str], str],
    baseline: Callable[[str], str],
    texts: Sequence[str],
    repeat: int,
) -> dict[str, list[tuple[float, float]]]:
    """Time both ``repeat`` times, interleaved (library, baseline, baseline, library, …), so
    that load from other processes on a shared machine hits both alike."""
    for text in texts[:200]:  # warm-up (converter code generation, holiday caches)
        library(text)
        baseline(text)
    runs: dict[str, list[tuple[float, float]]] = {"library": [], "baseline": []}
    for round_ in range(repeat):
        order = [("library", library), ("baseline", baseline)]
        for name, check in order if round_ % 2 == 0 else reversed(order):
            runs[name].append(timed_run(check, texts))
    return runs


def _staged(
    texts: Sequence[str], stages: Sequence[tuple[str, Callable[[Any], Any]]], repeat: int
) -> dict[str, float]:
    """Best seconds per stage.  Each document goes through all stages before the next one
    starts and every result is dropped as soon as the next stage has it, as in the real
    pipeline: holding all results of one stage for the next would keep thousands of objects
    alive and inflate the garbage collector's work (by 30-50 % for the library)."""
    best = {name: float("inf") for name, _ in stages}
    clock = time.perf_counter
    for _ in range(repeat):
        gc.collect()
        totals = dict.fromkeys(best, 0.0)
        for text in texts:
            item: Any = text
            for name, stage in stages:
                started = clock()
                item = stage(item)
                totals[name] += clock() - started
        for name, total in totals.items():
            best[name] = min(best[name], total)
    return best


def stage_times(texts: Sequence[str], repeat: int) -> dict[str, float]:
    """Best seconds per stage of the library pipeline (from_json, evaluate, to_json)."""
    rulebook = state_rulebook()
    return _staged(
        texts,
        [
            ("from_json", lambda text: from_json(text, Application)),
            ("evaluate", lambda app: evaluate(app, rulebook=rulebook)),
            ("to_json", to_json),
        ],
        repeat,
    )


def baseline_stage_times(texts: Sequence[str], baseline: Baseline, repeat: int) -> dict[str, float]:
    """Best seconds per stage of the baseline (loads+validate, rules, dumps)."""
    return _staged(
        texts,
        [
            ("loads+validate", lambda text: _validate(json.loads(text))),
            ("rules+decision", baseline.decide_app),
            ("dumps", lambda decision: json.dumps(decision, ensure_ascii=False, indent=2)),
        ],
        repeat,
    )


def district_stage_times(
    texts: Sequence[str], rulebooks: Mapping[str, Any], repeat: int
) -> dict[str, float]:
    """Best seconds per stage of the library pipeline of ``--districts``."""
    return _staged(
        texts,
        [
            ("from_json", lambda text: from_json(text, Application)),
            ("evaluate", lambda app: evaluate(app, rulebook=rulebooks[app.district.key])),
            ("to_json", lambda decision: to_json(decision, indent=None)),
        ],
        repeat,
    )


def district_baseline_stage_times(
    texts: Sequence[str], baseline: DistrictBaseline, repeat: int
) -> dict[str, float]:
    """Best seconds per stage of the baseline of ``--districts``."""
    return _staged(
        texts,
        [
            ("loads+validate", lambda text: _validate_districts(json.loads(text))),
            ("rules+decision", baseline.decide_app),
            ("dumps", lambda decision: json.dumps(decision, ensure_ascii=False)),
        ],
        repeat,
    )


def profile(texts: Sequence[str], top: int, check: Callable[[str], str] = library_check) -> str:
    """A cProfile of the library pipeline: the top functions by own time and by total time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        check(text)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _us(seconds: float, count: int) -> str:
    return f"{seconds / count * 1e6:8.1f} µs/doc"


def _print_comparison(runs: dict[str, list[tuple[float, float]]], count: int) -> None:
    """The best run of each pipeline and the ratios library/baseline."""
    best = {
        name: (min(w for w, _ in times), min(c for _, c in times)) for name, times in runs.items()
    }
    for name, times in runs.items():
        wall, cpu = best[name]
        print(
            f"  {name:>8}: wall {_us(wall, count)}, CPU {_us(cpu, count)}  "
            f"(wall per run: {', '.join(f'{w:.2f}' for w, _ in times)} s)"
        )
    for clock, position in (("wall", 0), ("CPU", 1)):
        ratio = best["library"][position] / best["baseline"][position]
        verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
        print(
            f"  ratio library/baseline ({clock}): {ratio:.2f} "
            f"({verdict} the target of ≤ {TARGET_RATIO:g})"
        )


def _print_stages(
    count: int, runs: int, library: dict[str, float], baseline: dict[str, float]
) -> None:
    for title, stages in (("library", library), ("baseline", baseline)):
        total = sum(stages.values())
        print(f"\n{title} stages over {count:,} documents (best of {runs} runs):")
        for stage, seconds in stages.items():
            print(f"  {stage:>14}: {_us(seconds, count)}  ({seconds / total:5.1%})")


def _district_keys(text: str) -> tuple[str, ...]:
    """Read ``--districts``: comma-separated district keys of Sachsen-Anhalt."""
    keys = tuple(dict.fromkeys(key.strip() for key in text.split(",") if key.strip()))
    unknown = [key for key in keys if key not in _DISTRICT_KEYS]
    if unknown or not keys:
        raise argparse.ArgumentTypeError(f"not district keys (15001 … 15091): {unknown}")
    modelled = [key for key in keys if key in NOT_IN_BASELINE]
    if modelled:
        raise argparse.ArgumentTypeError(f"the baseline does not model the plugin of {modelled}")
    return keys


def run_districts(args: argparse.Namespace, count: int) -> int:
    """``--districts``: documents of several districts, with and without plugins, one line out."""
    keys: tuple[str, ...] = args.districts
    started = time.perf_counter()
    texts = generate_documents(count, args.seed, keys)
    assert len(set(texts)) == count, "documents are not distinct"
    size = sum(len(text.encode("utf-8")) for text in texts)
    print(
        f"{count:,} distinct documents (seed {args.seed}, districts {', '.join(keys)} in turn), "
        f"{size / count:.0f} bytes each on average, generated in "
        f"{time.perf_counter() - started:.1f} s"
    )
    rulebooks = library_rulebooks(keys)
    for key in keys:
        overlay = rulebooks[key].overlay
        layer = f"plugin {overlay.layer}" if overlay is not None else "no plugin"
        print(f"  {key}: {layer}")
    library = library_district_check(rulebooks)
    baseline = DistrictBaseline(schulerfolg.__version__, keys)

    started = time.perf_counter()
    report = verify_districts(texts, library, baseline)
    if report["mismatch"] is not None:
        index, lib, base = report["mismatch"]
        print(f"MISMATCH: document #{index} (after {report['checked']:,} byte-identical decisions)")
        print(f"  document: {texts[index]}")
        print(f"  library:  {lib}")
        print(f"  baseline: {base}")
        print(_diff(lib, base))
        return 1
    print(
        f"verified in {time.perf_counter() - started:.1f} s: decision JSON byte-identical for "
        f"all {count:,} documents"
    )
    print(f"  outcomes by district: {report['outcomes']}")
    print(f"  documents with each finding code: {report['codes']}")
    print(f"  decisions tracing values of a plugin: {report['plugin_traces']}")

    print(
        f"\ndecision written as one line (indent=None), best of {args.repeat} interleaved runs "
        f"over {count:,} documents:"
    )
    _print_comparison(compare(library, baseline.check, texts, args.repeat), count)

    if args.per_district:
        print(f"\nper district, best of {args.repeat} interleaved runs each (CPU):")
        for position, key in enumerate(keys):
            subset = texts[position :: len(keys)]
            runs = compare(library, baseline.check, subset, args.repeat)
            lib_cpu = min(c for _, c in runs["library"])
            base_cpu = min(c for _, c in runs["baseline"])
            print(
                f"  {key} ({len(subset):,} documents): library {_us(lib_cpu, len(subset))}, "
                f"baseline {_us(base_cpu, len(subset))}, ratio {lib_cpu / base_cpu:.2f}"
            )

    if args.stages:
        sample = texts[: min(count, 20_000)]
        runs = max(1, min(args.repeat, 3))
        _print_stages(
            len(sample),
            runs,
            district_stage_times(sample, rulebooks, runs),
            district_baseline_stage_times(sample, baseline, runs),
        )

    print(f"\nload average {_load()} at the end (other processes on the machine skew timings)")

    if args.profile:
        sample = texts[: min(count, args.profile_docs)]
        print(f"\ncProfile of the library pipeline over {len(sample):,} documents:")
        print(profile(sample, args.top, library))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 documents, not 100,000")
    parser.add_argument("--docs", type=int, help="number of documents (overrides --quick)")
    parser.add_argument(
        "--repeat", type=int, help="timed runs per variant, the best counts (default 5, 3 for 100k)"
    )
    parser.add_argument(
        "--compact",
        action="store_true",
        help="also time both writing the decision as one line (indent=None)",
    )
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--stages", action="store_true", help="also time the library's stages separately"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also profile the library pipeline with cProfile"
    )
    parser.add_argument("--profile-docs", type=int, default=10_000)
    parser.add_argument("--top", type=int, default=30, help="functions shown per profile table")
    parser.add_argument(
        "--districts",
        nargs="?",
        const=",".join(DISTRICT_MIX),
        type=_district_keys,
        metavar="KEYS",
        help="documents of several districts in turn (default "
        f"{','.join(DISTRICT_MIX)}), each under its district's rulebook with the built-in "
        "plugins, the decision written as one line; every decision must be byte-identical",
    )
    parser.add_argument(
        "--per-district",
        action="store_true",
        help="with --districts: also time the documents of each district separately",
    )
    args = parser.parse_args(argv)
    count = args.docs or (10_000 if args.quick else 100_000)
    if args.repeat is None:
        args.repeat = 5 if count <= 20_000 else 3

    print(
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.machine()}, schulerfolg {schulerfolg.__version__} from "
        f"{Path(schulerfolg.__file__).parent}, GC on"
    )
    print(f"{os.cpu_count()} CPUs, load average {_load()} at the start")
    if args.districts:
        return run_districts(args, count)
    started = time.perf_counter()
    texts = generate_documents(count, args.seed)
    assert len(set(texts)) == count, "documents are not distinct"
    size = sum(len(text.encode("utf-8")) for text in texts)
    print(
        f"{count:,} distinct documents (seed {args.seed}, district {DISTRICT}), "
        f"{size / count:.0f} bytes each on average, generated in "
        f"{time.perf_counter() - started:.1f} s"
    )

    baseline = Baseline(schulerfolg.__version__)
    started = time.perf_counter()
    report = verify(texts, baseline)
    print(f"verified in {time.perf_counter() - started:.1f} s: outcomes {report['outcomes']}")
    print(f"  documents with each finding code: {report['codes']}")
    print(f"  decision JSON byte-identical for {report['identical']:,} of {count:,} documents")
    if report["mismatches"]:
        print(f"MISMATCH in {len(report['mismatches'])} documents (outcome, codes):")
        for index, lib, base in report["mismatches"][:20]:
            print(f"  #{index}: library {lib} != baseline {base}")
            print(f"    {texts[index]}")
        return 1

    variants: list[tuple[str, Callable[[str], str], Callable[[str], str]]] = [
        ("decision written with to_json's default indent=2", library_check, baseline.check),
    ]
    if args.compact:
        variants.append(
            (
                "decision written as one line (indent=None)",
                library_check_compact,
                baseline.check_compact,
            )
        )
    for title, library, base in variants:
        print(f"\n{title}, best of {args.repeat} interleaved runs over {count:,} documents:")
        _print_comparison(compare(library, base, texts, args.repeat), count)

    if args.stages:
        sample = texts[: min(count, 20_000)]
        runs = max(1, min(args.repeat, 3))
        _print_stages(
            len(sample),
            runs,
            stage_times(sample, runs),
            baseline_stage_times(sample, baseline, runs),
        )

    print(f"\nload average {_load()} at the end (other processes on the machine skew timings)")

    if args.profile:
        sample = texts[: min(count, args.profile_docs)]
        print(f"\ncProfile of the library pipeline over {len(sample):,} documents:")
        print(profile(sample, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
