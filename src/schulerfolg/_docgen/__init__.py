"""Layer 10, tooling: the generated rules reference (``docs/rules.md``), from the rule records
and the bundled data.  Run as ``python -m schulerfolg._docgen > docs/rules.md``."""
