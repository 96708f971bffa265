"""Standard output and error whose encoding cannot say everything the command prints.

The command prints German (``ö``, ``ß``, ``„…“``, ``–``, ``€``).  Where the locale's encoding is
not UTF-8 (``LANG=C`` on old systems, ``PYTHONIOENCODING=latin-1``, a Windows code page):

- **files and pipes get UTF-8**, whatever the locale: the JSON, CSV and iCalendar formats are
  UTF-8, and a tool reading them must get every character;
- **a terminal and standard error get the best the encoding can show**: a character it lacks is
  written in plain letters (``ö`` as ``oe``, ``ß`` as ``ss``, ``„`` as ``"``, ``€`` as ``EUR``,
  accents dropped), and anything else as ``?`` — readable, never an error.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import sys
import unicodedata
from typing import Any, Final, TextIO

from schulerfolg._core.i18n import N_
from schulerfolg.errors import SchulerfolgError, Text

#: The name of the codec error handler that writes a character in plain letters.
PLAIN_LETTERS: Final = "schulerfolg.plain-letters"

#: Characters whose plain spelling is not their decomposition without accents.
_SPELLED: Final = {
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS",
    "„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "«": '"', "»": '"',
    "–": "-", "—": "-", "‑": "-", "…": "...", "€": "EUR", "•": "*", "→": "->", "×": "x",
    "\u00a0": " ", "\u202f": " ",
}  # fmt: skip


def _plain(character: str) -> str:
    spelled = _SPELLED.get(character)
    if spelled is not None:
        return spelled
    base = "".join(
        c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c)
    )
    return base if base and base.isascii() else "?"


def _plain_letters(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_plain(character) for character in text), error.end


codecs.register_error(PLAIN_LETTERS, _plain_letters)


def _is_utf8(stream: TextIO) -> bool:
    encoding = getattr(stream, "encoding", None) or ""
    return codecs.lookup(encoding).name == "utf-8" if encoding else False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


def fit_standard_streams(stdout: TextIO, stderr: TextIO) -> None:
    """Make the process's standard output and error able to take every text the command
    writes (see the module docstring); streams that are not :class:`io.TextIOWrapper` (a test's
    ``StringIO``) are left alone."""
    if isinstance(stdout, io.TextIOWrapper) and not _is_utf8(stdout):
        if _is_terminal(stdout):
            stdout.reconfigure(errors=PLAIN_LETTERS)
        else:
            stdout.reconfigure(encoding="utf-8", errors="strict")
    if isinstance(stderr, io.TextIOWrapper) and not _is_utf8(stderr):
        stderr.reconfigure(errors=PLAIN_LETTERS)


class OutputError(SchulerfolgError):
    """Standard output cannot be written (closed, a full disk, a device error)."""


class GuardedOutput:
    """Standard output whose write errors are :class:`OutputError` — said as such, exit code 2
    — rather than an internal error.  A reader that went away (``BrokenPipeError``, as in
    ``schulerfolg check … | head -1``) is not an error: the rest of the output is dropped and
    the command ends with its own exit code (an ineligible application still exits 1)."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream
        #: Whether the reader went away: nothing more is written.
        self.gone = False

    def _failed(self, exc: OSError | None) -> OutputError:
        from schulerfolg._core.texts import os_reason  # only when something went wrong

        reason = os_reason(exc) if exc is not None else Text(N_("closed"))
        return OutputError(
            Text(N_("cannot write to standard output: {reason}"), {"reason": reason})
        )

    def write(self, text: str) -> int:
        """Write ``text``; :class:`OutputError` if the stream refuses."""
        if self._stream is None:
            raise self._failed(None)
        if self.gone:
            return len(text)
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self.gone = True
            return len(text)
        except OSError as exc:
            raise self._failed(exc) from None

    def flush(self) -> None:
        """Flush; :class:`OutputError` if the stream refuses."""
        if self._stream is None or self.gone:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            self.gone = True
        except OSError as exc:
            raise self._failed(exc) from None

    def __getattr__(self, name: str) -> Any:
        # isatty, encoding, … of the stream itself.
        return getattr(self._stream, name)


class QuietErrors:
    """Standard error that never fails the command: a message that cannot be written (the
    reader went away, a full disk) is dropped, so the exit code stays the command's own."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` if the stream takes it."""
        try:
            return self._stream.write(text)
        except (OSError, ValueError):  # ValueError: written after the stream was closed
            return len(text)

    def flush(self) -> None:
        """Flush if the stream lets us."""
        with contextlib.suppress(OSError, ValueError):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def silence_gone_stdout() -> None:
    """After the reader of the process's stdout went away: point stdout at the null device, so
    that Python's own flush at exit does not complain about the broken pipe."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass  # no real stdout: nothing would complain
