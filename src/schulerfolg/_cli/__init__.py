"""Layer 10, the command line (``schulerfolg``): the parser and commands (:mod:`.main`), the
text for people (:mod:`.text`) and the exit codes (:mod:`.exits`)."""
