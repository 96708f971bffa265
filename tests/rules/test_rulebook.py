"""The rulebook: resolving dated parameters through the layers, and a base that an overlay
never changes."""

from __future__ import annotations

import io
from datetime import date

import attrs
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations

import schulerfolg
from rule_helpers import (
    CAP,
    EXAMPLE,
    PARAMETERS_START,
    STATE_RULE_IDS,
    TEST_LAYER,
    TEST_SOURCE,
    in_boerde,
    overlay,
    parameter,
    rule,
    snapshot,
    state,
)
from schulerfolg import (
    CostPlanLine,
    DateRange,
    Decision,
    Money,
    NotFoundError,
    ParameterNotInForceError,
    Rulebook,
    from_json,
    to_dict,
    to_json,
)
from schulerfolg._core.i18n import translations
from schulerfolg._core.texts import message_text
from schulerfolg.plugins import (
    PARAMETER_SPECS,
    STATE_CODES,
    Cap,
    CapBasis,
    CapScope,
    SubmissionDeadline,
)


def test_a_valid_overlay_leaves_the_base_unchanged() -> None:
    before = snapshot(state())
    book = state().with_overlay(
        overlay(
            parameters=(
                parameter(
                    CAP,
                    Cap(
                        amount=Money("3000.00"),
                        scope=CapScope.PER_SCHOOL,
                        basis=CapBasis.CALENDAR_YEAR,
                    ),
                ),
            ),
            added_rules=(rule("test.extra"),),
            disabled_rules=("documents.required",),
        )
    )
    assert snapshot(state()) == before
    assert book.layers == (*state().layers, TEST_LAYER)
    assert state().resolve(CAP, date(2025, 1, 1))[0].value.amount == Money("2000.00")
    assert book.resolve(CAP, date(2025, 1, 1))[0].value.amount == Money("3000.00")
    assert "test.extra" in [r.id for r, _ in book.rules]
    assert "test.extra" not in [r.id for r, _ in state().rules]


def test_the_state_wide_base_cannot_be_changed_through_its_mappings() -> None:
    book = schulerfolg.state_rulebook()
    for mapping in (book.parameters, book.specs, book.codes, book.labels):
        with pytest.raises(TypeError):
            mapping["educational_offer.cap"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        PARAMETER_SPECS["x"] = None  # type: ignore[index]


def test_resolve_unknown_or_not_in_force() -> None:
    rulebook = schulerfolg.state_rulebook()
    with pytest.raises(NotFoundError, match=r"educational_offer\.no_such"):
        rulebook.resolve("educational_offer.no_such", date(2025, 1, 1))
    with pytest.raises(ParameterNotInForceError) as caught:
        rulebook.resolve("educational_offer.cap", date(2018, 7, 31))
    assert caught.value.name == "educational_offer.cap"
    assert caught.value.on == date(2018, 7, 31)
    assert str(caught.value) == (
        "parameter 'educational_offer.cap' has no value in force on 2018-07-31"
    )
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, schulerfolg.SchulerfolgError)


# --------------------------------------------------------------------------------------------
# Dated overlay values


RAISED_FROM = date(2026, 1, 1)


def _raised_cap_rulebook() -> Rulebook:
    raised = Cap(amount=Money("3000.00"), scope=CapScope.PER_SCHOOL, basis=CapBasis.CALENDAR_YEAR)
    return state().with_overlay(overlay(parameters=(parameter(CAP, raised, RAISED_FROM),)))


@pytest.mark.parametrize(
    ("on", "layer", "cap", "codes"),
    [
        pytest.param(
            date(2025, 12, 31),
            "state",
            "2000.00",
            ("cap.exceeded",),
            id="day-before-the-overlay-value",
        ),
        pytest.param(RAISED_FROM, "test", "3000.00", (), id="first-day-of-the-overlay-value"),
        pytest.param(date(2027, 6, 1), "test", "3000.00", (), id="later"),
    ],
)
def test_overlay_value_applies_from_its_valid_from(
    on: date, layer: str, cap: str, codes: tuple[str, ...]
) -> None:
    lines = (CostPlanLine(description="Honorar", amount=Money("2500.00"), calendar_year=2026),)
    app = in_boerde(
        attrs.evolve(
            EXAMPLE,
            period=DateRange(start=date(2026, 2, 2), end=date(2026, 6, 30)),
            cost_plan=lines,
            requested_amount=Money("2500.00"),
            consultation_date=date(2025, 12, 1),
            submission_date=date(2025, 12, 15),
        )
    )
    decision = schulerfolg.evaluate(app, rulebook=_raised_cap_rulebook(), on=on)
    assert tuple(f.code for f in decision.findings if f.code.startswith("cap.")) == codes
    use = next(use for use in decision.parameters if use.name == CAP)
    assert use.layer == layer
    assert to_dict(use)["value"]["amount"] == cap
    assert use.value.value.amount == Money(cap)
    if layer == "test":
        assert use.layer_version == "1"
        assert use.value.valid_from == RAISED_FROM
        assert use.value.source == TEST_SOURCE
    else:
        assert use.value.valid_from == PARAMETERS_START
        assert use.value.source == state().resolve(CAP, on)[0].source
    # Parameters the overlay does not touch still come from the state layer.
    assert {u.layer for u in decision.parameters if u.name != CAP} == {"state"}


def test_decision_with_overlay_values_round_trips() -> None:
    deadline = SubmissionDeadline(
        closing_dates=(date(2025, 3, 31), date(2025, 5, 31)),
        recurrence="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15;COUNT=10",
    )
    book = state().with_overlay(
        overlay(parameters=(parameter("educational_offer.submission_deadline", deadline),))
    )
    decision = schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)
    use = next(u for u in decision.parameters if u.name == "educational_offer.submission_deadline")
    assert use.layer == "test"
    assert use.value.value == deadline
    assert to_dict(use)["value"]["closing_dates"] == ["2025-03-31", "2025-05-31"]
    text = to_json(decision)
    assert from_json(text, Decision) == decision
    assert to_json(schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)) == text


def test_an_unknown_parameter_suggests_the_closest_names() -> None:
    with pytest.raises(schulerfolg.NotFoundError, match=r"did you mean 'educational_offer\.cap'"):
        schulerfolg.state_rulebook().resolve("educational_offer.capp", date(2025, 1, 1))


# --------------------------------------------------------------------------------------------
# Applying an overlay: what it disables, looking rules and labels up, what is shared


@pytest.mark.parametrize("disabled", STATE_RULE_IDS)
def test_disabling_a_rule_removes_that_rule_only(disabled: str) -> None:
    book = state().with_overlay(overlay(disabled_rules=(disabled,), added_rules=(rule("test.x"),)))
    assert [r.id for r, _ in book.rules] == [
        *(rule_id for rule_id in STATE_RULE_IDS if rule_id != disabled),
        "test.x",
    ]
    # The rules after the disabled one still decide.
    app = in_boerde(attrs.evolve(EXAMPLE, documents=()))
    codes = schulerfolg.evaluate(app, rulebook=book).codes()
    assert ("document.missing" in codes) is (disabled != "documents.required")


def test_an_unknown_rule_is_not_found() -> None:
    with pytest.raises(NotFoundError) as caught:
        state().rule("no.such.rule")
    assert str(caught.value) == "no rule 'no.such.rule'"
    assert message_text(caught.value, "de") == "keine Regel 'no.such.rule'"


def test_an_unknown_parameter_is_named_in_the_error() -> None:
    with pytest.raises(NotFoundError) as caught:
        state().resolve("zzz", date(2025, 1, 1))
    assert str(caught.value) == "unknown parameter 'zzz'"
    with pytest.raises(NotFoundError) as caught:
        state().resolve("educational_offer.capp", date(2025, 1, 1))
    assert str(caught.value) == (
        "unknown parameter 'educational_offer.capp' (did you mean 'educational_offer.cap'?)"
    )


def test_a_label_is_the_english_label_translated_or_else_the_key() -> None:
    book = state()
    assert book.label("school_supervision", "en") == "school supervision"
    assert book.label("school_supervision", "de") == translations("de").gettext(
        "school supervision"
    )
    assert book.label("no_such_key", "en") == "no_such_key"
    assert book.label("no_such_key", "de") == "no_such_key"


def test_trace_entries_and_rule_lists_are_made_once_per_rulebook() -> None:
    # A rulebook is shared by many decisions: each decision reads the same entries.
    book = state().with_overlay(overlay(added_rules=(rule("test.x"),)))
    day = date(2025, 7, 1)
    assert book.use(CAP, day) is book.use(CAP, day)
    assert book.day_table(day)[CAP] is book.use(CAP, day)
    assert book.rule_uses() is book.rule_uses()
    first = schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book, on=day)
    second = schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book, on=day)
    assert first.rules is second.rules
    assert all(a is b for a, b in zip(first.parameters, second.parameters, strict=True))


def _compiled(language: str, messages: dict[str, str]) -> Translations:
    catalog = Catalog(locale=language)
    for message_id, translated in messages.items():
        catalog.add(message_id, translated)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled)


def test_an_overlays_catalogs_are_merged_per_language() -> None:
    template = "The document „{document}“ is missing."
    catalogs = {
        "de": _compiled("de", {template: "Es fehlt: {document}."}),
        "en": _compiled("en", {template: "Missing: {document}."}),
    }
    book = state().with_overlay(attrs.evolve(overlay(), catalogs=catalogs))
    finding = STATE_CODES["document.missing"].finding(document="cost_plan")
    for _ in range(2):  # merged once, then read back: each language keeps its own
        assert book.message(finding, "de").startswith("Es fehlt: ")
        assert book.message(finding, "en").startswith("Missing: ")
    assert book.translations("de") is book.translations("de")
    assert state().message(finding, "en").startswith("The document „")
