"""Layer 6, the rules: findings and their codes, rules, layers, the rulebook and its overlays,
evaluation with its trace, messages, the cap arithmetic and the deadline records, and the award
ledger as the rules read it.  The state-wide rules live in :mod:`schulerfolg._rules.state`."""
