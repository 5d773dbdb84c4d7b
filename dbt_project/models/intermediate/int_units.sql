-- One row per unit on the roster with the service line it belongs to: the service line most of its
-- roster clinicians belong to (ties go to the alphabetically first), since the feeds carry no unit list.
with unit_lines as (
    select unit, service_line, count(*) as clinicians
    from {{ ref('stg_roster') }}
    where unit is not null
    group by unit, service_line
),

ranked as (
    select
        unit_lines.*,
        row_number() over (partition by unit order by clinicians desc, service_line) as line_rank,
        sum(clinicians) over (partition by unit) as roster_clinicians
    from unit_lines
)

select unit, service_line, roster_clinicians
from ranked
where line_rank = 1
