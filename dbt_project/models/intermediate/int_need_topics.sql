-- One row per need x topic phrase: the need's own topic_keywords and those of the metric it points at
-- (int_metric_topics), each as its normalized words (macros/text.sql), for matching point-of-care questions.
with needs as (
    select need_id, metric_id, topic_keywords from {{ ref('stg_needs') }}
),

positions as (
    {{ list_positions(20) }}
),

phrases as (
    select needs.need_id, {{ pipe_list_item('needs.topic_keywords', 'positions.position') }} as topic,
        {{ normalized_words(pipe_list_item('needs.topic_keywords', 'positions.position')) }} as topic_words,
        'need' as topic_from
    from needs cross join positions
    where needs.topic_keywords is not null
    union all
    select needs.need_id, metric_topics.topic, metric_topics.topic_words, 'metric'
    from needs
    inner join {{ ref('int_metric_topics') }} as metric_topics on metric_topics.metric_id = needs.metric_id
)

select need_id, topic, min(topic_words) as topic_words, min(topic_from) as topic_from
from phrases
where topic <> ''
group by need_id, topic
