-- Program level: for each "Achieves Outcomes" criterion, the activities whose claims qualify them against
-- what ACCME requires (docs/domain.md). Program size by activities in the term: S <= 39, M 40-100, L 101-250,
-- XL > 250.
--   Improves Performance: at least 10% of the program's activities (minimum 2) with performance measured and
--     improved, and evidence from S 2 / M 4 / L 6 / XL 8 of them.
--   Improves Healthcare Quality, Improves Patient/Community Health: 2 examples per term, each with QI
--     collaboration and improvement.
with evidence as (
    select * from {{ ref('commendation_evidence') }}
),

activities as (
    select activity_id from {{ ref('stg_activities') }}
    where 1 = 1
    {% if var('commendation_term_start', none) %}
        and start_date >= cast('{{ var("commendation_term_start") }}' as date)
    {% endif %}
    {% if var('commendation_term_end', none) %}
        and start_date <= cast('{{ var("commendation_term_end") }}' as date)
    {% endif %}
),

program as (
    select
        count(*) as program_activities,
        case
            when count(*) <= 39 then 'S'
            when count(*) <= 100 then 'M'
            when count(*) <= 250 then 'L'
            else 'XL'
        end as program_size
    from activities
),

criteria as (
    select 'Improves Performance' as criterion, 1 as criterion_order
    union all
    select 'Improves Healthcare Quality', 2
    union all
    select 'Improves Patient/Community Health', 3
),

qualifying as (
    select
        criterion,
        count(distinct activity_id) as qualifying_activities,
        count(distinct need_id) as evidencing_needs,
        {{ dbt.listagg("distinct need_id", "', '", "order by need_id") }} as evidencing_need_ids
    from evidence
    group by criterion
),

required as (
    select
        criteria.criterion,
        criteria.criterion_order,
        program.program_activities,
        program.program_size,
        case
            when criteria.criterion = 'Improves Performance'
                then greatest(2, cast(ceiling(0.1 * program.program_activities) as {{ dbt.type_int() }}))
            else 2
        end as activities_required,
        case
            when criteria.criterion = 'Improves Performance'
                then case program.program_size when 'S' then 2 when 'M' then 4 when 'L' then 6 else 8 end
            else 2
        end as evidence_examples_required
    from criteria
    cross join program
)

select
    required.criterion,
    {{ as_count('required.program_activities') }} as program_activities,
    required.program_size,
    {{ as_count('coalesce(qualifying.qualifying_activities, 0)') }} as qualifying_activities,
    {{ as_count('required.activities_required') }} as activities_required,
    {{ as_count('required.evidence_examples_required') }} as evidence_examples_required,
    {{ as_count('coalesce(qualifying.evidencing_needs, 0)') }} as evidencing_needs,
    qualifying.evidencing_need_ids,
    coalesce(qualifying.qualifying_activities, 0) >= required.activities_required
        and coalesce(qualifying.qualifying_activities, 0) >= required.evidence_examples_required as meets_requirement
from required
left join qualifying on qualifying.criterion = required.criterion
order by required.criterion_order
