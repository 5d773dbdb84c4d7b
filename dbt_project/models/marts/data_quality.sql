-- What arrived and what was held back, per feed and file currently in the inbox: rows read, loaded
-- and quarantined, and the commonest reasons. Reasons are rules ("npi fails the check digit"), never
-- the offending values, so nothing here identifies a person.
with latest as (
    select * from {{ ref('stg_deliveries') }}
),

reasons as (
    select feed, source_file, rule, count(*) as rows_held_back
    from {{ source('raw', '_quarantine') }}
    group by feed, source_file, rule
),

ranked_reasons as (
    select
        reasons.*,
        row_number() over (partition by feed, source_file order by rows_held_back desc, rule) as reason_rank
    from reasons
),

top_reasons as (
    select
        feed,
        source_file,
        {{ dbt.listagg(
            dbt.concat(["rule", "' ('", "cast(rows_held_back as " ~ dbt.type_string() ~ ")", "')'"]),
            "'; '",
            "order by reason_rank"
        ) }} as top_quarantine_reasons
    from ranked_reasons
    where reason_rank <= 3
    group by feed, source_file
)

select
    latest.feed,
    latest.file_name,
    latest.status,
    latest.mapping,
    latest.delivered_at,
    latest.ingested_at,
    latest.rows_read,
    latest.rows_loaded,
    latest.rows_quarantined,
    latest.rows_with_warnings,
    1.0 * latest.rows_quarantined / nullif(latest.rows_read, 0) as quarantined_share,
    top_reasons.top_quarantine_reasons,
    case when latest.status in ('failed', 'duplicate') then latest.message end as file_problem
from latest
left join top_reasons
    on top_reasons.feed = latest.feed
    and top_reasons.source_file = latest.file_name
