"""Shared ingest path: files of one domain -> validated records, rejects, ledger.

Every domain's raw asset calls :func:`ingest_into`. The domain supplies a parser
per format (file -> canonical text records), a normaliser (text -> typed columns
and reference-data flags), a pandera model and the key that makes a record
unique (:class:`DomainSpec`).

Row accounting, per file and run (the ingest ledger):
    rows_read = rows_loaded + rows_rejected + rows_duplicate + rows_total
where a *row* is a data record of the file (blank lines are not rows), a row is
*rejected* when any record made from it breaks a rule (its valid records still
load), *duplicate* when every record made from it repeats or is superseded by a
record already kept, and *total* when it is a published total row kept for
reconciliation only.

The modules, in the order a file goes through them:
    spec        DomainSpec, InboxFile: what a domain and the inbox hand in
    run         ingest_into: each file read in batches (lib/readers.py), parsed,
                and staged a flush at a time (Stage): normalised, checked
                against the contract in DuckDB (lib/validation.py), counted in
                each file's tally (tally), rejects written (rejects)
    dedup       duplicates, in-file conflicts and superseded records, in DuckDB
    ledger      audit.ingest_ledger: one row per file
    periods     audit.file_months: the months each file content holds
    audit       the audit tables' columns, creation, appends
"""

from pipelines.lib.ingest.audit import LEDGER_SCHEMA, REJECTS_SCHEMA, now_utc
from pipelines.lib.ingest.periods import files_holding
from pipelines.lib.ingest.run import IngestReport, IngestResult, ingest, ingest_into, read_file
from pipelines.lib.ingest.spec import DomainSpec, InboxFile, sha256_of

__all__ = [
    "DomainSpec", "InboxFile", "IngestReport", "IngestResult", "LEDGER_SCHEMA", "REJECTS_SCHEMA",
    "files_holding", "ingest", "ingest_into", "now_utc", "read_file", "sha256_of",
]
