"""Texts for people in their language: a :class:`~schulerfolg.errors.Text` (an English template,
the id of its translations, with its values) rendered in German or English — the template
from the catalog, days and amounts formatted by babel, nested texts rendered alike — and an
error's whole message so rendered (:func:`message_text`)."""

from __future__ import annotations

import errno
from collections.abc import Callable
from datetime import date
from typing import Final

from babel.dates import format_date

from schulerfolg._core.dates import DateRange
from schulerfolg._core.i18n import DEFAULT_LANGUAGE, N_, babel_locale, translations
from schulerfolg._core.money import Money, format_money
from schulerfolg.errors import SchulerfolgError, Text


def day_text(day: date, language: str = DEFAULT_LANGUAGE) -> str:
    """A day for people (``30.06.2025``, ``30 Jun 2025``)."""
    return format_date(day, format="medium", locale=babel_locale(language))


def value_text(value: object, language: str = DEFAULT_LANGUAGE) -> str:
    """One value of a text for people: days and amounts in the reader's format, texts
    rendered, anything else as it prints."""
    if isinstance(value, Text):
        return render_text(value, language)
    if isinstance(value, SchulerfolgError):  # an error set into a message (``as_text``)
        return message_text(value, language)
    if isinstance(value, Money):
        return format_money(value, locale=babel_locale(language))
    if isinstance(value, DateRange):
        return f"{day_text(value.start, language)}–{day_text(value.end, language)}"
    if isinstance(value, date):
        return day_text(value, language)
    return str(value)


def render_text(text: Text, language: str = DEFAULT_LANGUAGE) -> str:
    """``text`` in ``language``: its template translated, its values formatted.

    A template the catalog does not know (a plain English text) stays as it is.
    """
    # An empty template is no message (gettext would answer the catalog's header); a plain
    # text is shown as it is.
    template = text.template
    if template and text.translated:
        template = translations(language).gettext(template)
    return template.format(**{name: value_text(v, language) for name, v in text.values.items()})


def renderer(language: str) -> Callable[[Text], str]:
    """:func:`render_text` for one language (what
    :meth:`~schulerfolg.errors.SchulerfolgError.message_in` takes)."""

    def render(text: Text) -> str:
        return render_text(text, language)

    return render


def message_text(error: SchulerfolgError, language: str = DEFAULT_LANGUAGE) -> str:
    """The message of ``error`` for people in ``language`` (German by default): every text in
    it — the heading, each problem, the reason — translated, days and amounts formatted.

    ``str(error)`` is the same message in English, with days as ISO dates.

    .. versionadded:: 0.2.0
    """
    return error.message_in(renderer(language))


#: What the operating system says when a file cannot be read, for the common cases (its own
#: words are English whatever the locale).
_OS_REASONS: Final = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.EISDIR: N_("is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ELOOP: N_("too many symbolic links"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EIO: N_("input/output error"),
    errno.ENOSPC: N_("no space left on the device"),
    errno.EBADF: N_("the stream is closed"),
}


def os_reason(error: OSError) -> Text:
    """Why a file could not be read or written, as a :class:`Text` (the system's own words
    where the reason is not a common one)."""
    template = _OS_REASONS.get(error.errno) if error.errno is not None else None
    if template is not None:
        return Text(template)
    return Text.plain(error.strerror or str(error))
