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
    reading     the file as one table or as blocks (large CSV), read ahead
    chunk       parse one file's chunk; normalise, check and count a chunk
                (one file's block or a batch of files) in each file's tally
    tally       FileTally: what reading one file counted
    batch       small files parsed one by one, staged together (one chunk)
    staging     a producer thread feeds chunks to one DuckDB insert per large
                file or per batch of small files
    pending     rejects and rejected rows held (spilled to Parquet) until the file is staged
    (checks)    each chunk against the contract, in the process's in-memory DuckDB
                (lib/validation.py: the rules compiled once per file layout)
    rejects     audit.rejects rows: refused files, ragged lines, rule failures
    dedup       duplicates, in-file conflicts and superseded records, in DuckDB
    ledger      audit.ingest_ledger: one row per file
    periods     audit.file_months: the months each file content holds
    audit       the audit tables' columns, creation, appends
    run         ingest_into: all of the above for one domain
"""

from pipelines.lib.ingest.audit import LEDGER_SCHEMA, REJECTS_SCHEMA, now_utc
from pipelines.lib.ingest.periods import files_holding
from pipelines.lib.ingest.reading import read_file
from pipelines.lib.ingest.run import IngestReport, IngestResult, ingest, ingest_into
from pipelines.lib.ingest.spec import DomainSpec, InboxFile, sha256_of

__all__ = [
    "DomainSpec", "InboxFile", "IngestReport", "IngestResult", "LEDGER_SCHEMA", "REJECTS_SCHEMA",
    "files_holding", "ingest", "ingest_into", "now_utc", "read_file", "sha256_of",
]
