"""Shared ingest path: files of one domain -> validated records, rejects, ledger.

Every raw asset calls :func:`ingest_into` with its domain's :class:`DomainSpec`
(a parser per format, a normaliser, a pandera model, the key). Per file (the ledger):
    rows_read = rows_loaded + rows_rejected + rows_duplicate + rows_total
a row (a data record; blank lines are not rows) is rejected when any record
made from it breaks a rule, duplicate when every record made from it repeats or
is superseded by a kept one, total when it is a published total row kept for
reconciliation only.
"""
