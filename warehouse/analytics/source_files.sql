-- Where each input file of this release came from, to cite it: one row per inbox file the last run accepted (audit.inbox_files; a recognised file the pipeline does not load has the domain not_ingested), with its registry entry (data/sources.toml) and download record (audit.source_provenance) when unpol fetch placed those bytes; a file put in the inbox by hand has its name and sha256 only, and cite_as falls back to its name.
-- group: analytics
-- materialize: view
-- column: source_file: Inbox file, relative to the inbox (source_file in analytics.ingest_ledger, analytics.rejects and the facts).
-- column: domain: Domain the file was recognised as (staffing, police_ceilings, missions, ...); not_ingested for a format recognised but not loaded (Geo-PKO's TCCMap).
-- column: file_sha256: SHA-256 of the bytes the run loaded.
-- column: size_bytes: Size of the file in bytes.
-- column: fetched: True when unpol fetch placed these bytes (its download record has this sha256); false for a file put in the inbox by hand or changed since.
-- column: dataset: Dataset of data/sources.toml the file belongs to; null when not fetched.
-- column: title: What the dataset is; null when not fetched.
-- column: publisher: Who published the data; null when not fetched.
-- column: licence: Terms of reuse, as the publisher states them (or that none are stated); null when not fetched.
-- column: citation: How to cite the data, from the registry; null when not fetched.
-- column: url: The publisher's URL in the registry (a pinned file's names its commit; repo: for a file of this repository); null when not fetched.
-- column: landing_page: The publisher's page for the dataset; null when not fetched.
-- column: live: True for a publisher's current, unpinned file; false for a file pinned to a version; null when not fetched.
-- column: registry_sha256: SHA-256 the registry pins (null for a live or repository file, or when not fetched).
-- column: retrieved_at: When the bytes were downloaded (UTC); null when not fetched.
-- column: retrieved_from: URL actually read (a mirror when UNPOL_FETCH_BASE_URL was set); null when not fetched.
-- column: etag: The server's ETag header, when it sent one.
-- column: last_modified: The server's Last-Modified header, when it sent one.
-- column: cite_as: The file's citation in one line: citation, URL, retrieval date (UTC) and the first 12 characters of the sha256 for a fetched file; the file name for one put in the inbox by hand.
select
    inbox_files.relpath as source_file,
    inbox_files.domain,
    inbox_files.sha256 as file_sha256,
    inbox_files.size_bytes,
    source_provenance.relpath is not null as fetched,
    source_provenance.dataset,
    source_provenance.title,
    source_provenance.publisher,
    source_provenance.licence,
    source_provenance.citation,
    source_provenance.registry_url as url,
    source_provenance.landing_page,
    source_provenance.live,
    source_provenance.registry_sha256,
    source_provenance.retrieved_at,
    source_provenance.url as retrieved_from,
    source_provenance.etag,
    source_provenance.last_modified,
    case
        when source_provenance.relpath is null then inbox_files.relpath
        else source_provenance.citation || '. ' || source_provenance.registry_url
            || ', retrieved ' || strftime(timezone('UTC', source_provenance.retrieved_at), '%Y-%m-%d')
            || ', sha256 ' || left(inbox_files.sha256, 12)
    end as cite_as
from audit.inbox_files
left join audit.source_provenance
    on source_provenance.relpath = inbox_files.relpath
    and source_provenance.sha256 = inbox_files.sha256
    and source_provenance.in_inbox
where inbox_files.status = 'accepted'
order by source_file
