"""Scenario files (like OpenFisca's YAML tests, in JSON): the pytest plugin collects every
``*.schulerfolg.json`` file as tests (a name no other project's data files carry).  A file
holds one scenario or a list of them::

    [
      {
        "name": "the example is eligible in Stendal",
        "example": true,
        "district": "stendal",
        "on": "2025-06-30",
        "expect": {"outcome": "eligible", "codes": []}
      },
      {
        "name": "over the cap in Börde",
        "application_file": "over-the-cap.json",
        "on": "2025-09-02",
        "expect": {"outcome": "ineligible", "codes": ["cap.exceeded"]}
      }
    ]

Each scenario names its application — inline (``application``), a file beside the scenario
(``application_file``), or the bundled example (``example: true``) —, optionally the district
to move it to, the evaluation day ``on``, and what to expect: the ``outcome`` and, if given,
exactly the set of finding ``codes``.  The district's rules are those of the installed plugins
(as the command line uses them).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import pytest

#: The suffix of a scenario file.
SUFFIX: Final = ".schulerfolg.json"
_KEYS: Final = {"name", "application", "application_file", "example", "district", "on", "expect"}
_EXPECT: Final = {"outcome", "codes"}


class ScenarioError(Exception):
    """A scenario whose decision is not the one expected, or a scenario file that is wrong."""


class ScenarioFile(pytest.File):
    """A ``*.schulerfolg.json`` file: one test per scenario."""

    def collect(self) -> Iterator[ScenarioItem]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ScenarioError(f"{self.path}: not a scenario file: {exc}") from None
        scenarios = data if isinstance(data, list) else [data]
        for index, scenario in enumerate(scenarios, start=1):
            if not isinstance(scenario, dict):
                raise ScenarioError(f"{self.path}: scenario {index} is not an object")
            name = str(scenario.get("name") or f"scenario {index}")
            yield ScenarioItem.from_parent(self, name=name, scenario=scenario)


class ScenarioItem(pytest.Item):
    """One scenario: evaluate its application on its day, compare with what it expects."""

    def __init__(self, *, scenario: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        # The library is imported when a scenario runs (see the pytest plugin's docstring).
        import attrs

        import schulerfolg  # when a scenario runs
        from schulerfolg.plugins import default_registry  # when a scenario runs

        scenario = self.scenario
        unknown = sorted(set(scenario) - _KEYS)
        if unknown:
            raise ScenarioError(f"unknown keys {unknown}; a scenario has {sorted(_KEYS)}")
        expect = scenario.get("expect")
        if "on" not in scenario or not isinstance(expect, dict):
            raise ScenarioError("a scenario needs the day 'on' and what to 'expect' (an object)")
        if sorted(set(expect) - _EXPECT) or "outcome" not in expect:
            raise ScenarioError(f"'expect' has the keys {sorted(_EXPECT)}, 'outcome' at least")
        codes = expect.get("codes")
        if codes is not None and not (
            isinstance(codes, list) and all(isinstance(code, str) for code in codes)
        ):
            raise ScenarioError("'codes' is a list of finding codes")
        try:
            application = self._application(schulerfolg)
            if "district" in scenario:
                where = schulerfolg.district(str(scenario["district"]))
                application = attrs.evolve(
                    application,
                    district=where,
                    schools=tuple(attrs.evolve(s, district=where) for s in application.schools),
                )
            on = schulerfolg.parse_date(str(scenario["on"]))
            book = default_registry().rulebook(application.district)
            decision = schulerfolg.evaluate(application, rulebook=book, on=on)
        except (schulerfolg.SchulerfolgError, OSError) as exc:
            raise ScenarioError(str(exc)) from None
        problems = []
        if decision.outcome.value != expect["outcome"]:
            problems.append(f"outcome {decision.outcome.value!r}, expected {expect['outcome']!r}")
        found = sorted({finding.code for finding in decision.findings})
        if codes is not None and found != sorted(set(codes)):
            problems.append(f"codes {found}, expected {sorted(set(codes))}")
        if problems:
            raise ScenarioError("; ".join(problems))

    def _application(self, schulerfolg: Any) -> Any:
        scenario = self.scenario
        given = [key for key in ("application", "application_file", "example") if key in scenario]
        if len(given) != 1:
            raise ScenarioError(
                "name the application once: 'application', 'application_file' or 'example'"
            )
        if "example" in scenario:
            return schulerfolg.example_application()
        if "application" in scenario:
            return schulerfolg.from_dict(scenario["application"], schulerfolg.Application)
        path = Path(self.path).parent / str(scenario["application_file"])
        return schulerfolg.from_json(path.read_bytes(), schulerfolg.Application, source=str(path))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        """A failed scenario: what was decided against what was expected."""
        if excinfo.errisinstance(ScenarioError):
            return f"scenario {self.name!r} in {self.path.name}: {excinfo.value}"
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"
