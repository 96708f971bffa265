"""Layer 9, reporting: the directory as text for people and as rows for tables
(``directory_text``); reports and plots over the award ledger will live here too.  It reads the
layers below and is read only by the command line and the façade.
"""
