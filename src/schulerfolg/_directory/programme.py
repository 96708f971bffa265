"""The bundled programme „Schulerfolg sichern“ and the bundled example application."""

from __future__ import annotations

import functools

from schulerfolg._directory.documents import from_dict, from_json
from schulerfolg._directory.files import data_file, shown_name
from schulerfolg._model.application import Application
from schulerfolg._model.programme import Programme
from schulerfolg._wire.toml_files import read_toml


@functools.cache
def programme() -> Programme:
    """The programme „Schulerfolg sichern“ with its funding cycles and co-financing shares."""
    name = shown_name("programme.toml")
    return from_dict(read_toml(data_file("programme.toml"), source=name), Programme, source=name)


def example_application_text() -> str:
    """The bundled example application document (JSON text)."""
    return data_file("examples/application.json").read_text(encoding="utf-8")


def example_application() -> Application:
    """The bundled example application, read and validated through the converter.

    Its school, sponsor and association are invented for illustration (each name says so:
    „(erfundenes Beispiel)“) and so is the street; the district, dates, amounts and documents
    are chosen to be eligible under Wittenberg's rules.
    """
    name = shown_name("examples/application.json")
    return from_json(example_application_text(), Application, source=name)
