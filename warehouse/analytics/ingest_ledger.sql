-- Ingest ledger for analysts: one row per run x domain x input file, rows read = loaded + rejected + duplicate + published totals.
-- group: analytics
-- materialize: view
-- column: run_id: Dagster run that read the file.
-- column: domain: Domain the file belongs to (staffing, ceilings, training, reported_figures, missions).
-- column: source_file: Inbox file, relative to the inbox.
-- column: source_format: Format recognised from the file's header.
-- column: file_sha256: SHA-256 of the file's bytes.
-- column: rows_read: Data rows read from the file.
-- column: rows_loaded: Rows loaded into the warehouse.
-- column: rows_rejected: Rows rejected (each with its rule in analytics.rejects).
-- column: rows_duplicate: Rows that repeat another row exactly, merged.
-- column: rows_total: Published total rows, kept for reconciliation, not loaded as data.
-- column: records_loaded: Records loaded after reshaping (a wide row gives several records).
-- column: records_rejected: Records rejected after reshaping.
-- column: records_duplicate: Records merged as exact repeats.
-- column: records_superseded: Records replaced by a later release of the same key from another file.
-- column: blank_lines: Blank lines skipped.
-- column: file_refused: True when the whole file was refused.
-- column: notes: Remarks on the file (sheet read, columns ignored...).
with ledger as (
    select * from audit.ingest_ledger
),
final as (
    select
        run_id,
        domain,
        source_file,
        source_format,
        file_sha256,
        rows_read,
        rows_loaded,
        rows_rejected,
        rows_duplicate,
        rows_total,
        records_loaded,
        records_rejected,
        records_duplicate,
        records_superseded,
        blank_lines,
        file_refused,
        notes
    from ledger
)
select * from final
