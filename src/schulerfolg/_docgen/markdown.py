"""Markdown helpers for the generated reference pages."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from schulerfolg._core.provenance import Source


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell (no line breaks, pipes escaped)."""
    return " ".join(text.split()).replace("|", "\\|")


def code(text: str) -> str:
    """An inline code span that survives any backticks in ``text``."""
    fence = "`"
    while fence in text:
        fence += "`"
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def link_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def source(source: Source) -> str:
    """A source as a Markdown link where its reference is a URL, else as title and citation."""
    reference = source.reference.strip()
    if reference.startswith(("https://", "http://")):
        title = source.title or reference
        return f"[{link_text(title)}](<{reference}>)"
    if source.title:
        return f"{source.title} ({reference})"
    return reference


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines.extend("| " + " | ".join(cell(value) for value in row) + " |" for row in rows)
    return lines


def json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
