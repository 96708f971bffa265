"""Layer 7, the procedure: an application's lifecycle as dated events (:mod:`.lifecycle`), votes
of the districts' bodies (:mod:`.votes`), deadline calendars (:mod:`.calendars`); and the room
for the coming work — the persistent award ledger (SQLite, PostgreSQL) and, later, settlement.

It sits above the rules (it evaluates applications at approval and re-runs the cap arithmetic
of :mod:`schulerfolg._rules.caps` inside its write transaction) and below the plugins layer
(which only chooses rulebooks).
"""
