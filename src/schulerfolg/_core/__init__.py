"""Layer 1, the core: exact money, dates and periods, working days, recurrences, provenance and
translations.  Imports nothing of the library but :mod:`schulerfolg.errors`."""
