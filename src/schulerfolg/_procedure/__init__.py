"""Layer 7, the procedure: votes of the districts' bodies (:mod:`.votes`); and the room for the
coming work — an application's lifecycle as dated events, deadline calendars, the persistent
award ledger (SQLite, PostgreSQL) and, later, settlement.

It sits above the rules (it evaluates applications at approval and re-runs the cap arithmetic
of :mod:`schulerfolg._rules.caps` inside its write transaction) and below the plugins layer
(which only chooses rulebooks).
"""
