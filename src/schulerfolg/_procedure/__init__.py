"""Layer 7, the procedure: an application's lifecycle as dated events (:mod:`.lifecycle`), votes
of the districts' bodies (:mod:`.votes`), deadline calendars (:mod:`.calendars`), and the award
ledger — one procedure (:mod:`.ledger`) over one storage protocol (:mod:`.store`) and three
stores (:mod:`.memory`, :mod:`.sqlite`, :mod:`.postgres` with :mod:`.sql`), with budgets and
standings (:mod:`.standing`) and texts for people (:mod:`.ledger_text`).  Settlement (proof of
use, reclaim) comes later.

It sits above the rules (it evaluates applications at approval, inside its write transaction)
and below the plugins layer (which only chooses rulebooks).
"""
