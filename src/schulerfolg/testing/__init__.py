"""The testing kit for embedders and plugin authors (reserved; the kit is coming work).

Today the Hypothesis strategies live in :mod:`schulerfolg.strategies`.
"""

__all__: list[str] = []
