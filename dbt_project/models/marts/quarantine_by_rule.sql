-- Rows held back at the door, by feed and rule, over the files now in the inbox (each file's latest
-- delivery): what a data-quality summary reads. Rules only ("npi fails the check digit"), never values.
with latest as (
    select feed, file_name, sha256 from {{ ref('stg_deliveries') }}
),

held_back as (
    select quarantine.feed, quarantine.rule, quarantine.source_file
    from {{ source('raw', '_quarantine') }} as quarantine
    inner join latest
        on latest.feed = quarantine.feed
        and latest.file_name = quarantine.source_file
        and latest.sha256 = quarantine.file_sha256
)

select
    feed,
    rule,
    {{ as_count('count(distinct source_file)') }} as files,
    {{ as_count('count(*)') }} as rows_quarantined
from held_back
group by feed, rule
