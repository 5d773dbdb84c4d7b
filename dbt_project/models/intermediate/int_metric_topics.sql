-- One row per metric x topic phrase of the catalog's topic_keywords, with its normalized words
-- (macros/text.sql): the metric's topics, read once for the needs that point at it (int_need_topics) and
-- for the question volume on metrics no need covers yet (int_metric_topic_look_ups).
with catalog as (
    select metric_id, topic_keywords from {{ ref('stg_metric_catalog') }} where topic_keywords is not null
),

positions as (
    {{ list_positions(20) }}
),

phrases as (
    select catalog.metric_id, {{ pipe_list_item('catalog.topic_keywords', 'positions.position') }} as topic
    from catalog cross join positions
)

select distinct metric_id, topic, {{ normalized_words('topic') }} as topic_words
from phrases
where topic <> ''
