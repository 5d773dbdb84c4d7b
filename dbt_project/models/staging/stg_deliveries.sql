-- One row per file now in the inbox, per feed: its latest entry in the ingest ledger (what was loaded,
-- quarantined, refused or found to duplicate another file). A file taken out of the inbox is withdrawn
-- and no longer here. Read by data_quality and by the publication log's list of inputs.
with ledger as (
    select
        log.*,
        row_number() over (partition by feed, file_name order by log_seq desc) as recency
    from {{ source('raw', '_ingest_log') }} as log
)

select
    feed,
    file_name,
    sha256,
    status,
    mapping,
    delivered_at,
    ingested_at,
    {{ as_count('rows_read') }} as rows_read,
    {{ as_count('rows_loaded') }} as rows_loaded,
    {{ as_count('rows_quarantined') }} as rows_quarantined,
    {{ as_count('rows_with_warnings') }} as rows_with_warnings,
    message
from ledger
where recency = 1 and status <> 'withdrawn'
