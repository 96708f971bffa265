"""The command-line sessions of the documentation run and print what the pages say they print.

Each page's ``console`` blocks run in order, in one fresh folder (a later block may use a file
an earlier one wrote), under ``bash`` with the installed ``schulerfolg``.  A line starting with
``$ `` is a command; the lines after it, up to the next command, are what it prints (its
standard output and error together).  ``…`` stands for anything: on a line of its own for any
number of lines, inside a line for any text.  A block preceded by ``<!-- console: skip -->`` is
not run here (docs/plugins.md installs plugins: its sessions run in ``test_plugin_guide.py``, in
an environment of their own; those that show a broken plugin are shown, not run).

The files the pages use without making them (``application.json``, ``broken.json``, …) are
written first, from :func:`cli_files`.  Warnings about the test suite's own broken plugins
(installed for the plugin tests) are not part of any page and are left out of what is compared.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import schulerfolg
from doc_sessions import matches, page_files, run_session, sessions
from schulerfolg import to_json

DOCS = Path(__file__).resolve().parents[2] / "docs"


def cli_files(folder: Path) -> None:
    """The files docs/cli.md uses without making them."""
    example = json.loads(to_json(_boerde()))

    def write(name: str, data: object) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2)
        path.write_text(text, encoding="utf-8")

    write("antraege/a.json", example)
    write("antraege/b.json", {**example, "documents": ["cost_plan"]})
    write("antraege/c.json", {**example, "id": 1})
    # Five findings at once (the page's ineligible application).
    lines = example["cost_plan"]
    write(
        "application.json",
        {
            **example,
            "cooperation_partners": [],
            "cost_plan": [{**lines[0], "amount": "1900.00"}, *lines[1:]],
            "requested_amount": "2500.00",
            "consultation_date": None,
            "submission_date": "2025-09-02",
            "documents": ["cost_plan", "concept"],
        },
    )
    write("not-submitted.json", {**example, "submission_date": None})
    # The ledger the page shows.
    write(
        "ledger.json",
        [
            {
                "application_id": "BK-2025-003",
                "district_key": "15083",
                "applicant_key": "sekundarschule „am beispielpark“ (erfundenes beispiel)",
                "school_keys": ["sekundarschule „am beispielpark“ (erfundenes beispiel)"],
                "call": None,
                "period": {"start": "2025-02-03", "end": "2025-05-30"},
                "cost_plan": [
                    {
                        "description": "Honorar",
                        "amount": "600.00",
                        "calendar_year": 2025,
                        "incurred_on": None,
                    }
                ],
                "awarded_on": "2025-01-20",
            }
        ],
    )
    # Five problems at once.
    broken = {key: value for key, value in example.items() if key != "title"}
    broken["applicant"] = {**example["applicant"], "kinds": ["school"]}
    broken["target_groups"] = ["pupils", "grandparents"]
    broken["period"] = {"start": "01.09.2025", "end": "2025-12-19"}
    broken["cost_plan"] = [{**example["cost_plan"][0], "amount": 1200.0}, *example["cost_plan"][1:]]
    write("broken.json", broken)
    notice = schulerfolg.GrantNotice(
        issuer="Landesverwaltungsamt Sachsen-Anhalt",
        recipient=schulerfolg.Sponsor(
            name=_boerde().applicant.name, kind=schulerfolg.SponsorKind.SCHOOL_AUTHORITY
        ),
        project=_boerde().title,
        period=_boerde().period,
        amounts=(
            schulerfolg.FundingAmount(
                source=schulerfolg.FundingSource.EU, amount=schulerfolg.Money("1800.00")
            ),
        ),
    )
    write("bescheid.json", to_json(notice))


def _boerde() -> schulerfolg.Application:
    app = schulerfolg.example_application()
    where = schulerfolg.district("15083")
    return attrs.evolve(
        app,
        district=where,
        schools=tuple(attrs.evolve(school, district=where) for school in app.schools),
    )


#: The pages whose sessions run, with the files each needs first.
PAGES: dict[str, Callable[[Path], None]] = {
    "cli.md": cli_files,
    "index.md": lambda folder: None,
    "directory.md": lambda folder: _write_page_files(folder, DOCS / "directory.md"),
}


def _write_page_files(folder: Path, page: Path) -> None:
    """The files a page shows in ``<!-- file: PATH -->`` blocks, written where it uses them."""
    for name, text in page_files(page).items():
        (folder / name).write_text(text, encoding="utf-8")


def _cases() -> list[tuple[str, int]]:
    return [(page, index) for page in PAGES for index in range(len(sessions(DOCS / page)))]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One folder per page, its files written once (its sessions run in order)."""
    made = {}
    for page, prepare in PAGES.items():
        folder = tmp_path_factory.mktemp(page.replace(".", "-"))
        prepare(folder)
        made[page] = folder
    return made


@pytest.mark.skipif(shutil.which("bash") is None, reason="the sessions are bash sessions")
@pytest.mark.parametrize(("page", "index"), _cases(), ids=lambda value: str(value))
def test_the_session_prints_what_the_page_says(
    page: str, index: int, folders: dict[str, Path]
) -> None:
    commands = sessions(DOCS / page)[index]
    outputs = run_session(commands, folders[page])
    for command, output in zip(commands, outputs, strict=True):
        assert matches(command.expected, output), (
            f"docs/{page}:{command.line}: $ {command.command}\n"
            f"--- the page says:\n{command.expected}--- it prints:\n{output}"
        )


def test_the_matcher_stands_for_anything_only_where_the_page_says_so() -> None:
    assert matches("a\n…\nz\n", "a\nb\nc\nz\n")
    assert matches("total: …\n", "total: 3 documents\n")
    assert not matches("a\nz\n", "a\nb\nz\n")
    assert not matches("total: 3\n", "total: 4\n")
    assert matches("", "")
    assert not matches("", "something\n")
