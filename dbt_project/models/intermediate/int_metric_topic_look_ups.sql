-- Point-of-care look-ups on each metric's topic (int_metric_topics, by the same whole-word rule as needs,
-- macros/text.sql), with the clinician's service line and unit: what qi_gaps counts as the question volume
-- on a metric where no need exists yet. One row per look-up x metric. Restricted.
with look_ups as (
    select resolved.*, roster.service_line, roster.unit
    from {{ ref('int_point_of_care_resolved') }} as resolved
    inner join {{ ref('stg_roster') }} as roster on roster.npi = resolved.clinician_npi
)

select distinct
    look_ups.learner_id, look_ups.entry_date, look_ups.question, topics.metric_id, look_ups.clinician_npi,
    look_ups.service_line, look_ups.unit
from look_ups
inner join {{ ref('int_metric_topics') }} as topics
    on {{ mentions_phrase('look_ups.question_words', 'topics.topic_words') }}
