"""The bundled programme and its funding cycles, read through the public API, plus the errors
a corrupted copy of its data file gives."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest

import schulerfolg
from schulerfolg._wire.toml_files import read_toml

_CYCLE_IDS = {"esf-2015", "esf-2018", "esf-plus-2022", "esf-plus-2024", "esf-plus-2025-extra"}


def test_programme_has_the_five_cycles() -> None:
    programme = schulerfolg.programme()

    assert {c.id for c in programme.cycles} == _CYCLE_IDS
    # The first round of the 2014–2020 period: from August 2015 (stated), to 31.07.2018
    # (inferred, so the cycle is provisional).
    first = programme.cycle("esf-2015")
    assert first.period == schulerfolg.DateRange(start=date(2015, 8, 1), end=date(2018, 7, 31))
    assert first.provisional
    assert first.note is not None
    assert "31.07.2018" in first.note
    assert programme.cycle("esf-plus-2022").period == schulerfolg.DateRange(
        start=date(2022, 8, 1), end=date(2024, 7, 31)
    )
    assert programme.cycle("esf-plus-2024").period == schulerfolg.DateRange(
        start=date(2024, 8, 1), end=date(2028, 7, 31)
    )
    assert programme.cycle("esf-plus-2025-extra").start == date(2025, 1, 1)


@pytest.mark.parametrize("cycle_id", sorted(_CYCLE_IDS))
def test_shares_sum_to_one_per_module(cycle_id: str) -> None:
    cycle = schulerfolg.programme().cycle(cycle_id)

    assert cycle.co_financing
    for share in cycle.co_financing:
        assert share.module in cycle.modules
        assert share.eu_share + share.state_share + share.municipal_share == Decimal(1)


@pytest.mark.parametrize(
    ("cycle_id", "provisional"),
    [
        ("esf-2015", True),
        ("esf-2018", False),
        ("esf-plus-2022", False),
        ("esf-plus-2024", False),
        ("esf-plus-2025-extra", False),
    ],
)
def test_a_cycle_s_own_flag_says_whether_its_days_are_inferred(
    cycle_id: str, provisional: bool
) -> None:
    assert schulerfolg.programme().cycle(cycle_id).provisional is provisional


def test_extra_cycle_shares_are_sixty_eu_forty_municipal() -> None:
    share = (
        schulerfolg.programme()
        .cycle("esf-plus-2025-extra")
        .co_financing_for(schulerfolg.Module.SCHOOL_SOCIAL_WORK)
    )

    assert share is not None
    assert (share.eu_share, share.state_share, share.municipal_share) == (
        Decimal("0.6"),
        Decimal(0),
        Decimal("0.4"),
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 3, 1), {"esf-plus-2024", "esf-plus-2025-extra"}),
        (date(2022, 7, 31), {"esf-2018"}),
        (date(2018, 7, 31), {"esf-2015"}),
        (date(2015, 7, 31), set()),
        (date(2022, 8, 1), {"esf-plus-2022"}),
        (date(2024, 12, 31), {"esf-plus-2024"}),
        (date(2028, 8, 1), set()),
    ],
)
def test_cycles_on_a_day(day: date, expected: set[str]) -> None:
    assert {c.id for c in schulerfolg.programme().cycles_on(day)} == expected


def test_unknown_cycle_raises_not_found_listing_the_known_ones() -> None:
    with pytest.raises(schulerfolg.NotFoundError, match="esf-plus-2030") as caught:
        schulerfolg.programme().cycle("esf-plus-2030")

    assert "esf-plus-2025-extra" in str(caught.value)


# --------------------------------------------------------------------------------------------
# A corrupted copy of the data file


def _data_text(name: str) -> str:
    return (files("schulerfolg") / "data" / name).read_text(encoding="utf-8")


def _copy(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_corrupted_programme_shares_name_the_file_and_key_path(tmp_path: Path) -> None:
    original = _data_text("programme.toml")
    cycles = tomllib.loads(original)["cycles"]
    index = next(i for i, c in enumerate(cycles) if c["id"] == "esf-plus-2024")
    text = original.replace('state_share = "0.3"', 'state_share = "0.35"', 1)
    assert text != original
    path = _copy(tmp_path, "programme.toml", text)

    with pytest.raises(schulerfolg.DocumentError) as caught:
        schulerfolg.from_dict(read_toml(path), schulerfolg.Programme, source=str(path))

    (problem,) = caught.value.problems
    assert problem.path == f"$.cycles[{index}].co_financing[0].municipal_share"
    assert "1.05" in problem.message
    assert str(path) in str(caught.value)


def test_a_float_share_is_refused_rather_than_rounded(tmp_path: Path) -> None:
    original = _data_text("programme.toml")
    cycles = tomllib.loads(original)["cycles"]
    index = next(i for i, c in enumerate(cycles) if c["id"] == "esf-2015")
    text = original.replace('eu_share = "0.8"', "eu_share = 0.8", 1)
    assert text != original
    path = _copy(tmp_path, "programme.toml", text)

    with pytest.raises(schulerfolg.DocumentError) as caught:
        schulerfolg.from_dict(read_toml(path), schulerfolg.Programme, source=str(path))

    (problem,) = caught.value.problems
    assert problem.path == f"$.cycles[{index}].co_financing[0].eu_share"
    assert problem.code == "type"
    assert "floats are refused" in problem.message
