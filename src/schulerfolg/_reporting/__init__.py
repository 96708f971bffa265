"""Layer 9, reporting (a room kept free for the coming work): reports and plots over the award
ledger and the directory.  It reads the layers below and is read only by the command line and
the façade.  Nothing lives here yet.
"""
