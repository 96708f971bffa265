"""``schulerfolg ledger …`` for people and tools: a clerk's session in the Altmarkkreis (the
network office decides alone) on an SQLite ledger, refusals with their exit code and JSON, and
``check --ledger`` reading a ledger database."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import attrs
import pytest

import schulerfolg
from helpers import run, write_application
from schulerfolg import ApplicationHistory, ApplicationState, from_json, to_json

ALTMARK = "altmarkkreis-salzwedel"


def altmark_application(**changes: object) -> schulerfolg.Application:
    app = schulerfolg.example_application()
    where = schulerfolg.district(ALTMARK)
    return attrs.evolve(
        app,
        district=where,
        schools=tuple(attrs.evolve(school, district=where) for school in app.schools),
        **changes,
    )


def grant_file(tmp_path: Path, app: schulerfolg.Application) -> str:
    notice = schulerfolg.GrantNotice(
        issuer="Landesverwaltungsamt Sachsen-Anhalt",
        recipient=schulerfolg.Sponsor(
            name=app.applicant.name, kind=schulerfolg.SponsorKind.SCHOOL_AUTHORITY
        ),
        project=app.title,
        period=app.period,
        amounts=(
            schulerfolg.FundingAmount(
                source=schulerfolg.FundingSource.EU, amount=app.requested_amount
            ),
        ),
    )
    path = tmp_path / f"grant-{app.id}.json"
    path.write_text(to_json(notice), encoding="utf-8")
    return str(path)


BY = ("--by", "Frau Beispiel")


@pytest.fixture
def ledger(tmp_path: Path) -> str:
    path = str(tmp_path / "altmark.sqlite")
    result = run("ledger", "create", path)
    assert result.code == 0, result.err
    assert result.out == f"{path}\n"
    return path


def approved(ledger: str, tmp_path: Path, app: schulerfolg.Application) -> None:
    application = write_application(tmp_path, app)
    steps = [
        ("consult", app.id, "--district", ALTMARK, "--on", "2025-06-10"),
        ("submit", application, "--on", "2025-06-30"),
        ("approve", app.id, "--grant-notice", grant_file(tmp_path, app), "--on", "2025-07-10"),
    ]
    for step in steps:
        result = run("ledger", step[0], ledger, *step[1:], *BY)
        assert result.code == 0, result.err


def test_a_clerks_session_from_consultation_to_approval(ledger: str, tmp_path: Path) -> None:
    app = altmark_application()
    approved(ledger, tmp_path, app)
    text = run("ledger", "history", ledger, app.id)
    assert text.code == 0
    assert text.out.splitlines()[0] == "Antrag WB-2025-017: bewilligt"
    assert "Zuwendungsbescheid von Landesverwaltungsamt Sachsen-Anhalt: 1.800,00\xa0€" in text.out
    english = run("ledger", "history", ledger, app.id, "--lang", "en")
    assert english.out.splitlines()[0] == "Application WB-2025-017: approved"
    document = run("ledger", "history", ledger, app.id, "--format", "json")
    history = from_json(document.out, ApplicationHistory)
    assert history.state is ApplicationState.APPROVED
    standing = run("ledger", "standing", ledger, "--district", ALTMARK, "--year", "2025")
    assert standing.code == 0, standing.err
    assert standing.out.splitlines()[1:] == [
        "Budget: keines hinterlegt (keine Budgetprüfung); bewilligt 1.800,00\xa0€",
        "Förderobergrenze 2.000,00\xa0€ je Schule und Kalenderjahr:",
        # The school by its name as the application writes it (its key is case-folded).
        "  Sekundarschule „Am Beispielpark“ (erfundenes Beispiel), 2025: bewilligt 1.800,00\xa0€,"
        " verfügbar 200,00\xa0€",
    ]


def test_the_standing_as_json(ledger: str, tmp_path: Path) -> None:
    approved(ledger, tmp_path, altmark_application())
    result = run(
        "ledger", "standing", ledger, "--district", "15081", "--year", "2025", "--format", "json"
    )
    document = json.loads(result.out)
    assert document["budget"]["budget"] is None
    assert document["budget"]["awarded"] == "1800.00"
    (subject,) = document["subjects"]
    assert (subject["period"], subject["awarded"], subject["remaining"]) == (
        "2025",
        "1800.00",
        "200.00",
    )


def test_an_approval_over_the_cap_is_refused_with_exit_1_and_json(
    ledger: str, tmp_path: Path
) -> None:
    approved(ledger, tmp_path, altmark_application())
    second = altmark_application(id="WB-2025-018")
    run("ledger", "consult", ledger, second.id, "--district", ALTMARK, "--on", "2025-06-10", *BY)
    submitted = run(
        "ledger", "submit", ledger, write_application(tmp_path, second), "--on", "2025-06-30", *BY
    )
    assert submitted.code == 0, submitted.err
    result = run(
        "ledger", "approve", ledger, second.id, "--grant-notice", grant_file(tmp_path, second),
        "--on", "2025-07-11", "--format", "json", *BY,
    )  # fmt: skip
    assert result.code == 1
    german = (
        "schulerfolg: abgelehnt: „bewilligt“ im Stand „geprüft“ fehlt:\n"
        "  - ein Prüfergebnis „förderfähig“ bei der Bewilligung "
        "(abgelehnt wegen: cap.exceeded_with_earlier_awards)\n"
    )
    assert result.err.endswith(german)
    assert json.loads(result.out) == {
        "refused": {
            "state": "checked",
            "event": "approved",
            "missing": [
                "an eligible decision of the rules at approval (refused: "
                "cap.exceeded_with_earlier_awards)"
            ],
            "message": german.removeprefix("schulerfolg: ").rstrip("\n"),
        }
    }
    history = run("ledger", "history", ledger, second.id, "--format", "json")
    assert from_json(history.out, ApplicationHistory).state is ApplicationState.SUBMITTED


def test_a_submission_without_the_consultation_is_refused(ledger: str, tmp_path: Path) -> None:
    app = altmark_application()
    result = run("ledger", "submit", ledger, write_application(tmp_path, app), "--on",
                 "2025-06-30", *BY)  # fmt: skip
    assert result.code == 1
    assert result.err.endswith(
        "abgelehnt: „Antrag eingereicht“ im Stand „Entwurf“ fehlt:\n"
        "  - ein Beratungsgespräch bei der Netzwerkstelle vor der Antragstellung\n"
    )
    english = run("ledger", "submit", ledger, write_application(tmp_path, app), "--on",
                  "2025-06-30", "--lang", "en", *BY)  # fmt: skip
    assert english.code == 1
    assert english.err.endswith(
        "refused: 'application submitted' in state 'draft' lacks:\n"
        "  - a consultation at the network office before the submission\n"
    )
    # Nothing was recorded: the ledger holds no application of that id (exit 2, never an
    # empty history that reads like a draft the ledger knows).
    history = run("ledger", "history", ledger, app.id)
    assert history.code == 2
    assert history.err.endswith("enthält keinen Antrag 'WB-2025-017'\n")


def test_check_reads_a_ledger_database(ledger: str, tmp_path: Path) -> None:
    approved(ledger, tmp_path, altmark_application())
    other = write_application(tmp_path, altmark_application(id="WB-2025-019"))
    result = run("check", other, "--ledger", ledger, "--format", "json")
    assert result.code == 1
    codes = [finding["code"] for finding in json.loads(result.out)["findings"]]
    assert "cap.exceeded_with_earlier_awards" in codes


def test_a_file_that_is_not_a_ledger_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + bytes(200))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for argv in (("ledger", "create", str(path)), ("ledger", "history", str(path), "X-1")):
        result = run(*argv, "--lang", "en")
        assert result.code == 2
        assert result.err.startswith(f"schulerfolg: award ledger {path}: ")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_missing_ledger_is_not_created_by_other_commands(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite"
    result = run("ledger", "history", str(path), "X-1", "--lang", "en")
    assert result.code == 2
    assert "no such file; create a ledger first" in result.err
    assert not path.exists()


def test_a_reduction_frees_money(ledger: str, tmp_path: Path) -> None:
    approved(ledger, tmp_path, altmark_application())  # 1,200 + 250 + 350 = 1,800 EUR
    cost_plan = [schulerfolg.to_dict(item) for item in altmark_application().cost_plan]
    lowered = [{**cost_plan[0], "amount": "400.00"}, *cost_plan[1:]]  # 1,000 EUR in all
    plan = tmp_path / "gekuerzt.json"
    plan.write_text(json.dumps(lowered), encoding="utf-8")
    result = run("ledger", "reduce", ledger, "WB-2025-017", "--cost-plan", str(plan),
                 "--on", "2025-08-01", "--note", "Teilverzicht", *BY)  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        "01.08.2025  Bewilligung gekürzt — jetzt 1.000,00\xa0€  "
        "[Frau Beispiel (Netzwerkstelle)] — Teilverzicht"
    )
    standing = run("ledger", "standing", ledger, "--district", ALTMARK, "--year", "2025",
                   "--format", "json")  # fmt: skip
    (subject,) = json.loads(standing.out)["subjects"]
    assert (subject["awarded"], subject["remaining"]) == ("1000.00", "1000.00")
    raised = tmp_path / "erhoeht.json"
    raised.write_text(json.dumps([{**cost_plan[0], "amount": "1300.00"}, *cost_plan[1:]]))
    refused = run("ledger", "reduce", ledger, "WB-2025-017", "--cost-plan", str(raised),
                  "--on", "2025-08-02", *BY)  # fmt: skip
    assert refused.code == 1
    assert "Zeile 1 wie bewilligt" in refused.err


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "schulerfolg: ungültige Angaben (erfassende Person): name: darf nicht leer sein\n"),
        ("en", "schulerfolg: invalid person recording the event: name: must not be empty\n"),
    ],
)
def test_a_blank_name_of_who_records_is_refused_in_the_readers_words(
    ledger: str, language: str, message: str
) -> None:
    # The object is named for people (never by its Python class), and nothing is written.
    argv = ("ledger", "consult", ledger, "A-1", "--district", ALTMARK, "--on", "2025-06-10")
    result = run(*argv, "--by", " ", "--lang", language)
    assert result.code == 2
    assert result.err.endswith(message)  # (after the warnings of the test suite's plugins)
    history = run("ledger", "history", ledger, "A-1", "--lang", "en")
    assert history.code == 2
