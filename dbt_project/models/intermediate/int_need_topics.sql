-- One row per need x topic phrase: the need's own topic_keywords and those of the metric it points at,
-- each as its normalized words (macros/text.sql), for matching point-of-care questions.
with needs as (
    select needs.need_id, needs.topic_keywords as need_keywords, catalog.topic_keywords as metric_keywords
    from {{ ref('stg_needs') }} as needs
    left join {{ ref('stg_metric_catalog') }} as catalog on catalog.metric_id = needs.metric_id
),

positions as (
    {{ list_positions(20) }}
),

phrases as (
    select needs.need_id, {{ pipe_list_item('needs.need_keywords', 'positions.position') }} as topic, 'need' as topic_from
    from needs cross join positions
    where needs.need_keywords is not null
    union all
    select needs.need_id, {{ pipe_list_item('needs.metric_keywords', 'positions.position') }}, 'metric'
    from needs cross join positions
    where needs.metric_keywords is not null
)

select need_id, topic, {{ normalized_words('topic') }} as topic_words, min(topic_from) as topic_from
from phrases
where topic <> ''
group by need_id, topic
