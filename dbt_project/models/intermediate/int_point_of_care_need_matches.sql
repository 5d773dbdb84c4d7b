-- One row per point-of-care look-up x need whose topic it mentions, with the first phrase that matched:
-- kept for audit (which question was read as which need, and why). The rule (macros/text.sql): a topic
-- phrase's words appear, in order and as whole words, in the question, case and punctuation ignored.
with look_ups as (
    select * from {{ ref('int_point_of_care_resolved') }}
),

topics as (
    select * from {{ ref('int_need_topics') }}
)

select
    look_ups.learner_id,
    look_ups.entry_date,
    look_ups.question,
    topics.need_id,
    min(topics.topic) as matched_topic,
    count(*) as topics_matched,
    max(look_ups.clinician_npi) as clinician_npi,
    max(look_ups.learner_key) as learner_key,
    max(case when look_ups.applied then 1 else 0 end) = 1 as applied
from look_ups
inner join topics on {{ mentions_phrase('look_ups.question_words', 'topics.topic_words') }}
group by look_ups.learner_id, look_ups.entry_date, look_ups.question, topics.need_id
