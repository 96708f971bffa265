"""Rendering finding messages and labels per locale: amounts, dates and labels formatted with
babel and translated through the catalogs, for every finding code of the state-wide rules."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from babel.support import NullTranslations

import schulerfolg
from schulerfolg import Finding, Severity, state_rulebook
from schulerfolg._core.i18n import LANGUAGES, translations
from schulerfolg._rules.findings import ArgKind, FindingCode
from schulerfolg._rules.messages import LABELS, format_arg, render
from schulerfolg.plugins import STATE_CODES

NBSP = "\xa0"


#: A sample canonical value per argument kind, as rules store them in findings.
SAMPLES: Mapping[ArgKind, str] = {
    ArgKind.TEXT: "Sekundarschule „Am Lerchenberg“",
    ArgKind.MONEY: "2000.00",
    ArgKind.DATE: "2025-06-30",
    ArgKind.LONG_DATE: "2025-10-31",
    ArgKind.LABEL: "school",
    ArgKind.LABELS: "school,pupils,teachers",
    ArgKind.NUMBER: "3",
}


def sample_params(message: FindingCode) -> dict[str, str]:
    return {name: SAMPLES[kind] for name, kind in message.args.items()}


def test_there_is_a_sample_for_every_argument_kind() -> None:
    assert set(SAMPLES) == set(ArgKind)


@pytest.mark.parametrize("language", ["de", "en", "de_DE", "en_GB"])
@pytest.mark.parametrize("code", sorted(STATE_CODES))
def test_every_core_message_renders(code: str, language: str) -> None:
    message = STATE_CODES[code]
    finding = Finding(code=code, severity=Severity.ERROR, params=sample_params(message))
    text = state_rulebook().message(finding, language)
    assert text
    assert "{" not in text
    assert "}" not in text
    if ArgKind.TEXT in message.args.values():
        assert SAMPLES[ArgKind.TEXT] in text


@pytest.mark.parametrize("code", sorted(STATE_CODES))
def test_german_and_english_messages_differ(code: str) -> None:
    message = STATE_CODES[code]
    finding = Finding(code=code, severity=Severity.ERROR, params=sample_params(message))
    rulebook = state_rulebook()
    german = rulebook.message(finding, "de")
    english = rulebook.message(finding, "en")
    assert german != english
    assert english == message.template.format(
        **{
            name: format_arg(kind, SAMPLES[kind], language="en", translations=NullTranslations())
            for name, kind in message.args.items()
        }
    )


@pytest.mark.parametrize("code", sorted(STATE_CODES))
def test_render_directly_with_the_core_translations(code: str) -> None:
    message = STATE_CODES[code]
    for language in LANGUAGES:
        text = render(
            message.template,
            message.args,
            sample_params(message),
            language=language,
            translations=translations(language),
        )
        assert "{" not in text


def test_money_in_german_messages() -> None:
    finding = Finding.make(
        "cap.exceeded",
        subject="Sekundarschule Wolmirstedt",
        period="2025",
        amount=schulerfolg.Money("2500.00"),
        cap=schulerfolg.Money("2000.00"),
        scope="per_school",
        basis="calendar_year",
    )
    text = state_rulebook().message(finding, "de")
    assert f"2.500,00{NBSP}€" in text
    assert f"2.000,00{NBSP}€" in text
    assert "je Schule" in text
    assert "2000.00" not in text


def test_money_in_english_messages() -> None:
    finding = Finding.make(
        "cap.exceeded",
        subject="Sekundarschule Wolmirstedt",
        period="2025",
        amount=schulerfolg.Money("2500.00"),
        cap=schulerfolg.Money("2000.00"),
        scope="per_school",
        basis="calendar_year",
    )
    text = state_rulebook().message(finding, "en")
    assert "€2,500.00" in text
    assert "€2,000.00" in text
    assert "per school" in text


def test_dates_in_messages_per_locale() -> None:
    from datetime import date

    finding = Finding.make(
        "submission.late", submitted=date(2025, 7, 1), deadline=date(2025, 6, 30)
    )
    assert finding.params == {"submitted": "2025-07-01", "deadline": "2025-06-30"}
    german = state_rulebook().message(finding, "de")
    english = state_rulebook().message(finding, "en")
    assert "30.06.2025" in german
    assert "01.07.2025" in german
    assert "30 Jun 2025" in english
    assert "2025-06-30" not in german + english


def test_long_dates_in_messages_per_locale() -> None:
    finding = Finding(
        code="deadline.moved",
        severity=Severity.INFO,
        params={"original": "2025-10-31", "moved": "2025-11-03"},
    )
    german = state_rulebook().message(finding, "de")
    english = state_rulebook().message(finding, "en")
    assert "Freitag, 31. Oktober 2025" in german
    assert "Montag, 3. November 2025" in german
    assert "Friday, 31 October 2025" in english


def test_labels_are_translated_inside_messages() -> None:
    finding = Finding(
        code="document.missing", severity=Severity.ERROR, params={"document": "cost_plan"}
    )
    german = state_rulebook().message(finding, "de")
    english = state_rulebook().message(finding, "en")
    assert translations("de").gettext(LABELS["cost_plan"]) in german
    assert "cost and financing plan" in english


def test_label_lists_are_translated_item_by_item() -> None:
    text = format_arg(
        ArgKind.LABELS, "pupils,teachers", language="de", translations=translations("de")
    )
    german = translations("de")
    assert text == f"{german.gettext('pupils')}, {german.gettext('teachers')}"


def test_unknown_labels_and_codes_fall_back_to_the_key() -> None:
    assert (
        format_arg(ArgKind.LABEL, "no_such_label", language="de", translations=translations("de"))
        == "no_such_label"
    )
    finding = Finding(code="no.such.code", severity=Severity.WARNING)
    assert state_rulebook().message(finding, "de") == "no.such.code"


@pytest.mark.parametrize("key", ["eligible", "ineligible", "error", "warning", "info"])
def test_outcome_and_severity_labels(key: str) -> None:
    rulebook = state_rulebook()
    assert rulebook.label(key, "en") == LABELS[key]
    assert rulebook.label(key, "de") == translations("de").gettext(LABELS[key])
    assert rulebook.label(key, "de") != LABELS[key]
