-- Rejected input for analysts: one row per broken rule (run, file, row, column, rule, value, message); rejected rows are kept here, never dropped silently.
-- group: analytics
-- materialize: view
-- column: run_id: Dagster run that rejected the row.
-- column: domain: Domain of the file (or inbox for a refused file).
-- column: source_file: Inbox file, relative to the inbox.
-- column: source_row: Row number in source_file (1 = first data row); null for a file-level rejection.
-- column: column_name: Column whose value broke the rule; null for a row- or file-level rule.
-- column: rule: Name of the broken rule (a pandera check named in docs/data_dictionary.md, or a file rule).
-- column: value: The offending value as read.
-- column: message: What is wrong, in words.
with rejects as (
    select * from audit.rejects
),
final as (
    select
        run_id,
        domain,
        source_file,
        source_row,
        column_name,
        rule,
        value,
        message
    from rejects
)
select * from final
