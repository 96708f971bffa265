"""Standard output and error whose encoding is not UTF-8 (:mod:`schulerfolg._cli.streams`):
files and pipes get UTF-8, a terminal and stderr plain letters; a stream that cannot be written
is the command's own error.  (Regression of #11: a non-UTF-8 stdout ended in exit 4.)"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from helpers import run
from schulerfolg._cli.streams import GuardedOutput, OutputError, fit_standard_streams


class _Terminal(io.TextIOWrapper):
    """A text stream over bytes that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _stream(encoding: str, *, terminal: bool = False) -> io.TextIOWrapper:
    cls = _Terminal if terminal else io.TextIOWrapper
    return cls(io.BytesIO(), encoding=encoding)


def _written(stream: io.TextIOWrapper) -> bytes:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue()


TEXT = "Gebietskörperschaft: Dessau-Roßlau – „förderfähig“ 2.000,00 €"


def test_a_pipe_in_a_legacy_encoding_gets_utf8() -> None:
    stdout, stderr = _stream("ascii"), _stream("utf-8")
    fit_standard_streams(stdout, stderr)
    stdout.write(TEXT)
    assert _written(stdout).decode("utf-8") == TEXT


@pytest.mark.parametrize(
    ("encoding", "shown"),
    [
        ("ascii", 'Gebietskoerperschaft: Dessau-Rosslau - "foerderfaehig" 2.000,00 EUR'),
        ("latin-1", 'Gebietskörperschaft: Dessau-Roßlau - "förderfähig" 2.000,00 EUR'),
    ],
)
def test_a_terminal_and_stderr_get_plain_letters(encoding: str, shown: str) -> None:
    stdout, stderr = _stream(encoding, terminal=True), _stream(encoding)
    fit_standard_streams(stdout, stderr)
    stdout.write(TEXT)
    stderr.write(TEXT)
    assert _written(stdout).decode(encoding) == shown
    assert _written(stderr).decode(encoding) == shown


def test_what_has_no_plain_spelling_is_a_question_mark() -> None:
    stdout = _stream("ascii", terminal=True)
    fit_standard_streams(stdout, _stream("utf-8"))
    stdout.write("Übersicht ✓ 漢 é")
    assert _written(stdout) == b"Uebersicht ? ? e"


def test_utf8_streams_and_other_streams_are_left_alone() -> None:
    stdout, stderr = _stream("utf-8"), io.StringIO()
    fit_standard_streams(stdout, stderr)  # type: ignore[arg-type]
    stdout.write(TEXT)
    assert _written(stdout).decode("utf-8") == TEXT
    assert stdout.errors == "strict"


class _Full(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def test_a_stream_that_refuses_is_an_output_error_and_a_gone_reader_is_not() -> None:
    with pytest.raises(
        OutputError, match="cannot write to standard output: no space left on the device"
    ):
        GuardedOutput(_Full()).write("x")
    with pytest.raises(OutputError, match="cannot write to standard output: closed"):
        GuardedOutput(None).write("x")

    class _Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    # The reader went away: the rest is dropped quietly, the command goes on to its exit code.
    gone = GuardedOutput(_Gone())
    assert gone.write("x") == 1
    assert gone.gone
    gone.write("more")
    gone.flush()


def test_the_command_says_so_and_exits_2_in_both_languages() -> None:
    for language, said in (
        ("de", "schulerfolg: kann nicht auf die Standardausgabe schreiben: kein Platz mehr"),
        ("en", "schulerfolg: cannot write to standard output: no space left on the device"),
    ):
        err = io.StringIO()
        from schulerfolg._cli.main import main

        code = main(["districts", "--lang", language], stdout=_Full(), stderr=err)
        assert code == 2
        assert err.getvalue().startswith(said)
    assert run("districts").code == 0


class _Closed(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError


def test_a_stderr_that_cannot_be_written_never_changes_the_exit_code(tmp_path: Path) -> None:
    # Regression (review of #11): a warning to a gone stderr turned exit 1 into 0, and a full
    # one turned exit 2 into an escaping exception.
    from schulerfolg._cli.main import main

    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    for stderr in (_Closed(), _Full()):
        assert main(["check", str(broken)], stdout=io.StringIO(), stderr=stderr) == 2
