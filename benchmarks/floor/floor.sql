-- The floor: written by benchmarks/make_floor.py from the contract and dbt's compiled SQL.

create schema raw;
create sequence raw._ingest_log_seq;
create table raw._ingest_log (
    log_seq bigint primary key default nextval('raw._ingest_log_seq'), feed varchar, file_name varchar,
    sha256 varchar, delivered_at timestamp, ingested_at timestamp, status varchar, rows_read bigint,
    rows_loaded bigint, rows_quarantined bigint, rows_with_warnings bigint default 0, mapping varchar,
    message varchar);
create table raw._quarantine (feed varchar, source_file varchar, source_line bigint, column_name varchar,
    rule varchar, reason varchar, raw_record json, file_sha256 varchar, ingested_at timestamp);
create table raw._ingest_warnings (feed varchar, source_file varchar, source_line bigint, column_name varchar,
    rule varchar, reason varchar, ingested_at timestamp);
create table raw._pending_months (period varchar primary key, noted_at timestamp);


-- metric_catalog
create temp table _scan as
select *, row_number() over () as _scanned
from read_csv('{inbox}/metric_catalog/*.csv', header = true, auto_detect = false, columns = {'metric_id': 'VARCHAR', 'name': 'VARCHAR', 'steward': 'VARCHAR', 'improvement_notation': 'VARCHAR', 'unit_of_analysis': 'VARCHAR', 'scoring': 'VARCHAR', 'numerator_definition': 'VARCHAR', 'denominator_definition': 'VARCHAR', 'measure_type': 'VARCHAR', 'topic_keywords': 'VARCHAR', 'benchmark_value': 'VARCHAR'},
              delim = ',', quote = '"', escape = '"', filename = '_file');
create temp table _incoming as
select scan.* exclude (_scanned), _scanned - first_scanned + 2 as _source_line
from _scan as scan join (select _file, min(_scanned) as first_scanned from _scan group by _file) using (_file);
create or replace temp table _checked as
        with mapped as (
            select nullif(trim("metric_id"), '') as "metric_id", nullif(trim("name"), '') as "name", nullif(trim("steward"), '') as "steward", nullif(trim("improvement_notation"), '') as "improvement_notation", nullif(trim("unit_of_analysis"), '') as "unit_of_analysis", nullif(trim("scoring"), '') as "scoring", nullif(trim("numerator_definition"), '') as "numerator_definition", nullif(trim("denominator_definition"), '') as "denominator_definition", nullif(trim("measure_type"), '') as "measure_type", nullif(trim("topic_keywords"), '') as "topic_keywords", nullif(trim("benchmark_value"), '') as "benchmark_value", cast(null as json) as _extra, _file, _source_line
            from _incoming
        )
        select case when "metric_id" is not null then "metric_id" else "metric_id" end as "metric_id", case when "name" is not null then "name" else "name" end as "name", case when "steward" is not null then "steward" else "steward" end as "steward", case when (case lower(trim("improvement_notation")) when 'increase' then 'increase' when 'decrease' then 'decrease' end) is not null then (case lower(trim("improvement_notation")) when 'increase' then 'increase' when 'decrease' then 'decrease' end) else "improvement_notation" end as "improvement_notation", case when (case lower(trim("unit_of_analysis")) when 'clinician' then 'clinician' when 'unit' then 'unit' when 'service_line' then 'service_line' end) is not null then (case lower(trim("unit_of_analysis")) when 'clinician' then 'clinician' when 'unit' then 'unit' when 'service_line' then 'service_line' end) else "unit_of_analysis" end as "unit_of_analysis", case when (case lower(trim("scoring")) when 'proportion' then 'proportion' when 'ratio' then 'ratio' when 'rate_per_1000' then 'rate_per_1000' end) is not null then (case lower(trim("scoring")) when 'proportion' then 'proportion' when 'ratio' then 'ratio' when 'rate_per_1000' then 'rate_per_1000' end) else "scoring" end as "scoring", case when "numerator_definition" is not null then "numerator_definition" else "numerator_definition" end as "numerator_definition", case when "denominator_definition" is not null then "denominator_definition" else "denominator_definition" end as "denominator_definition", case when (case lower(trim("measure_type")) when 'process' then 'process' when 'outcome' then 'outcome' when 'structure' then 'structure' end) is not null then (case lower(trim("measure_type")) when 'process' then 'process' when 'outcome' then 'outcome' when 'structure' then 'structure' end) else "measure_type" end as "measure_type", case when "topic_keywords" is not null then "topic_keywords" else "topic_keywords" end as "topic_keywords", case when "benchmark_value" is not null then "benchmark_value" else "benchmark_value" end as "benchmark_value", _extra, _file, _source_line,
               case when ("metric_id" is null) then struct_pack(column_name := 'metric_id', rule := 'metric_id missing', reason := 'metric_id is empty (required)') when ("name" is null) then struct_pack(column_name := 'name', rule := 'name missing', reason := 'name is empty (required)') when ("improvement_notation" is null) then struct_pack(column_name := 'improvement_notation', rule := 'improvement_notation missing', reason := 'improvement_notation is empty (required)') when "improvement_notation" is not null and ((case lower(trim("improvement_notation")) when 'increase' then 'increase' when 'decrease' then 'decrease' end) is null) then struct_pack(column_name := 'improvement_notation', rule := 'improvement_notation unknown code', reason := 'improvement_notation ' || "improvement_notation" || ' is not one of increase, decrease') when ("unit_of_analysis" is null) then struct_pack(column_name := 'unit_of_analysis', rule := 'unit_of_analysis missing', reason := 'unit_of_analysis is empty (required)') when "unit_of_analysis" is not null and ((case lower(trim("unit_of_analysis")) when 'clinician' then 'clinician' when 'unit' then 'unit' when 'service_line' then 'service_line' end) is null) then struct_pack(column_name := 'unit_of_analysis', rule := 'unit_of_analysis unknown code', reason := 'unit_of_analysis ' || "unit_of_analysis" || ' is not one of clinician, unit, service_line') when ("scoring" is null) then struct_pack(column_name := 'scoring', rule := 'scoring missing', reason := 'scoring is empty (required)') when "scoring" is not null and ((case lower(trim("scoring")) when 'proportion' then 'proportion' when 'ratio' then 'ratio' when 'rate_per_1000' then 'rate_per_1000' end) is null) then struct_pack(column_name := 'scoring', rule := 'scoring unknown code', reason := 'scoring ' || "scoring" || ' is not one of proportion, ratio, rate_per_1000') when "measure_type" is not null and ((case lower(trim("measure_type")) when 'process' then 'process' when 'outcome' then 'outcome' when 'structure' then 'structure' end) is null) then struct_pack(column_name := 'measure_type', rule := 'measure_type unknown code', reason := 'measure_type ' || "measure_type" || ' is not one of process, outcome, structure') when "benchmark_value" is not null and (try_cast("benchmark_value" as double) is null or not isfinite(try_cast("benchmark_value" as double))) then struct_pack(column_name := 'benchmark_value', rule := 'benchmark_value not a number', reason := 'benchmark_value ' || "benchmark_value" || ' is not a number') end as _problem,
               null as _warning
        from mapped;
create or replace temp table _duplicates as
        with repeated as (
            select _file, "metric_id" from _checked where _problem is null
            group by _file, "metric_id" having count(*) > 1
        ),
        copies as (
            select _file, "metric_id", _source_line, md5(concat_ws(chr(31), coalesce("metric_id", chr(0)), coalesce("name", chr(0)), coalesce("steward", chr(0)), coalesce("improvement_notation", chr(0)), coalesce("unit_of_analysis", chr(0)), coalesce("scoring", chr(0)), coalesce("numerator_definition", chr(0)), coalesce("denominator_definition", chr(0)), coalesce("measure_type", chr(0)), coalesce("topic_keywords", chr(0)), coalesce("benchmark_value", chr(0)))) as _content
            from _checked semi join repeated using (_file, "metric_id")
            where _problem is null
        ),
        keys as (
            select _file, "metric_id", count(distinct _content) as versions,
                   min(_source_line) as first_line,
                   string_agg(cast(_source_line as varchar), ', ' order by _source_line) as lines
            from copies group by _file, "metric_id"
        )
        select copies._file, copies._source_line,
               case when keys.versions = 1
                   then struct_pack(column_name := 'metric_id', rule := 'duplicate row',
                                    reason := 'exact duplicate of line ' || keys.first_line)
                   else struct_pack(column_name := 'metric_id',
                                    rule := 'key repeated with different values',
                                    reason := 'metric_id (' || coalesce("metric_id", '') || ') appears on lines '
                                              || keys.lines || ' with different values')
               end as _problem
        from copies join keys using (_file, "metric_id")
        where keys.versions > 1 or copies._source_line > keys.first_line;
create table raw.metric_catalog as
select "metric_id", "name", "steward", "improvement_notation", "unit_of_analysis", "scoring", "numerator_definition", "denominator_definition", "measure_type", "topic_keywords", "benchmark_value", _extra, regexp_extract(_file, '[^/]*$') as _source_file, _source_line,
       '' as _file_sha256, now()::timestamp as _ingested_at
from _checked anti join _duplicates using (_file, _source_line)
where _problem is null;
insert into raw._quarantine
select 'metric_catalog', regexp_extract(_file, '[^/]*$'), _source_line, _problem.column_name, _problem.rule,
       _problem.reason, null, '', now()::timestamp
from (select _file, _source_line, _problem from _checked where _problem is not null
      union all select * from _duplicates);
insert into raw._ingest_log (feed, file_name, sha256, ingested_at, status, rows_read, rows_loaded, rows_quarantined)
select 'metric_catalog', regexp_extract(_file, '[^/]*$'), '', now()::timestamp, 'loaded', count(*),
       count(*) filter (where _problem is null), count(*) filter (where _problem is not null)
from _checked group by _file;
drop table _scan; drop table _incoming; drop table _checked; drop table _duplicates;


-- activities
create temp table _scan as
select *, row_number() over () as _scanned
from read_csv('{inbox}/activities/*.csv', header = true, auto_detect = false, columns = {'activity_id': 'VARCHAR', 'title': 'VARCHAR', 'activity_type': 'VARCHAR', 'start_date': 'VARCHAR', 'end_date': 'VARCHAR', 'credit_hours': 'VARCHAR', 'designed_to_change': 'VARCHAR', 'need_ids': 'VARCHAR', 'commercial_support': 'VARCHAR', 'joint_provider': 'VARCHAR', 'qi_project': 'VARCHAR'},
              delim = ',', quote = '"', escape = '"', filename = '_file');
create temp table _incoming as
select scan.* exclude (_scanned), _scanned - first_scanned + 2 as _source_line
from _scan as scan join (select _file, min(_scanned) as first_scanned from _scan group by _file) using (_file);
create or replace temp table _checked as
        with mapped as (
            select nullif(trim("activity_id"), '') as "activity_id", nullif(trim("title"), '') as "title", nullif(trim("activity_type"), '') as "activity_type", nullif(trim("start_date"), '') as "start_date", nullif(trim("end_date"), '') as "end_date", nullif(trim("credit_hours"), '') as "credit_hours", nullif(trim("designed_to_change"), '') as "designed_to_change", nullif(trim("need_ids"), '') as "need_ids", nullif(trim("commercial_support"), '') as "commercial_support", nullif(trim("joint_provider"), '') as "joint_provider", nullif(trim("qi_project"), '') as "qi_project", cast(null as json) as _extra, _file, _source_line
            from _incoming
        )
        select case when "activity_id" is not null then "activity_id" else "activity_id" end as "activity_id", case when "title" is not null then "title" else "title" end as "title", case when (case lower(trim("activity_type")) when 'course' then 'course' when 'rss' then 'rss' when 'internet_live_course' then 'internet_live_course' when 'enduring_material' then 'enduring_material' when 'internet_enduring_material' then 'internet_enduring_material' when 'journal_cme' then 'journal_cme' when 'manuscript_review' then 'manuscript_review' when 'test_item_writing' then 'test_item_writing' when 'committee_learning' then 'committee_learning' when 'performance_improvement' then 'performance_improvement' when 'internet_searching_learning' then 'internet_searching_learning' when 'learning_from_teaching' then 'learning_from_teaching' when 'other' then 'other' end) is not null then (case lower(trim("activity_type")) when 'course' then 'course' when 'rss' then 'rss' when 'internet_live_course' then 'internet_live_course' when 'enduring_material' then 'enduring_material' when 'internet_enduring_material' then 'internet_enduring_material' when 'journal_cme' then 'journal_cme' when 'manuscript_review' then 'manuscript_review' when 'test_item_writing' then 'test_item_writing' when 'committee_learning' then 'committee_learning' when 'performance_improvement' then 'performance_improvement' when 'internet_searching_learning' then 'internet_searching_learning' when 'learning_from_teaching' then 'learning_from_teaching' when 'other' then 'other' end) else "activity_type" end as "activity_type", case when strftime((case when regexp_full_match("start_date", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("start_date", 10) as date) end), '%Y-%m-%d') is not null then strftime((case when regexp_full_match("start_date", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("start_date", 10) as date) end), '%Y-%m-%d') else "start_date" end as "start_date", case when strftime((case when regexp_full_match("end_date", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("end_date", 10) as date) end), '%Y-%m-%d') is not null then strftime((case when regexp_full_match("end_date", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("end_date", 10) as date) end), '%Y-%m-%d') else "end_date" end as "end_date", case when "credit_hours" is not null then "credit_hours" else "credit_hours" end as "credit_hours", case when array_to_string(list_transform(list_filter(string_split("designed_to_change", '|'), lambda item: trim(item) <> ''), lambda item: (case lower(trim(item)) when 'competence' then 'competence' when 'performance' then 'performance' when 'patient_outcomes' then 'patient_outcomes' end)), '|') is not null then array_to_string(list_transform(list_filter(string_split("designed_to_change", '|'), lambda item: trim(item) <> ''), lambda item: (case lower(trim(item)) when 'competence' then 'competence' when 'performance' then 'performance' when 'patient_outcomes' then 'patient_outcomes' end)), '|') else "designed_to_change" end as "designed_to_change", case when "need_ids" is not null then "need_ids" else "need_ids" end as "need_ids", case when (case lower(trim("commercial_support")) when 'y' then 'Y' when 'n' then 'N' end) is not null then (case lower(trim("commercial_support")) when 'y' then 'Y' when 'n' then 'N' end) else "commercial_support" end as "commercial_support", case when "joint_provider" is not null then "joint_provider" else "joint_provider" end as "joint_provider", case when "qi_project" is not null then "qi_project" else "qi_project" end as "qi_project", _extra, _file, _source_line,
               case when ("activity_id" is null) then struct_pack(column_name := 'activity_id', rule := 'activity_id missing', reason := 'activity_id is empty (required)') when ("title" is null) then struct_pack(column_name := 'title', rule := 'title missing', reason := 'title is empty (required)') when ("activity_type" is null) then struct_pack(column_name := 'activity_type', rule := 'activity_type missing', reason := 'activity_type is empty (required)') when "activity_type" is not null and ((case lower(trim("activity_type")) when 'course' then 'course' when 'rss' then 'rss' when 'internet_live_course' then 'internet_live_course' when 'enduring_material' then 'enduring_material' when 'internet_enduring_material' then 'internet_enduring_material' when 'journal_cme' then 'journal_cme' when 'manuscript_review' then 'manuscript_review' when 'test_item_writing' then 'test_item_writing' when 'committee_learning' then 'committee_learning' when 'performance_improvement' then 'performance_improvement' when 'internet_searching_learning' then 'internet_searching_learning' when 'learning_from_teaching' then 'learning_from_teaching' when 'other' then 'other' end) is null) then struct_pack(column_name := 'activity_type', rule := 'activity_type unknown code', reason := 'activity_type ' || "activity_type" || ' is not one of course, rss, internet_live_course, enduring_material, internet_enduring_material, journal_cme, manuscript_review, test_item_writing, committee_learning, performance_improvement, internet_searching_learning, learning_from_teaching, other') when ("start_date" is null) then struct_pack(column_name := 'start_date', rule := 'start_date missing', reason := 'start_date is empty (required)') when "start_date" is not null and ((case when regexp_full_match("start_date", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("start_date", 10) as date) end) is null) then struct_pack(column_name := 'start_date', rule := 'start_date not a date', reason := 'start_date ' || "start_date" || ' is not a real date (expected YYYY-MM-DD)') when "start_date" is not null and ((case when regexp_full_match("start_date", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("start_date", 10) as date) end) > current_date) then struct_pack(column_name := 'start_date', rule := 'start_date in the future', reason := 'start_date ' || "start_date" || ' is in the future') when "end_date" is not null and ((case when regexp_full_match("end_date", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("end_date", 10) as date) end) is null) then struct_pack(column_name := 'end_date', rule := 'end_date not a date', reason := 'end_date ' || "end_date" || ' is not a real date (expected YYYY-MM-DD)') when "end_date" is not null and ((case when regexp_full_match("end_date", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("end_date", 10) as date) end) > current_date) then struct_pack(column_name := 'end_date', rule := 'end_date in the future', reason := 'end_date ' || "end_date" || ' is in the future') when ("credit_hours" is null) then struct_pack(column_name := 'credit_hours', rule := 'credit_hours missing', reason := 'credit_hours is empty (required)') when "credit_hours" is not null and (try_cast("credit_hours" as double) is null or not isfinite(try_cast("credit_hours" as double))) then struct_pack(column_name := 'credit_hours', rule := 'credit_hours not a number', reason := 'credit_hours ' || "credit_hours" || ' is not a number') when "credit_hours" is not null and (not (try_cast("credit_hours" as double) >= 0)) then struct_pack(column_name := 'credit_hours', rule := 'credit_hours out of range', reason := 'credit_hours ' || "credit_hours" || ' is out of range (must be at least 0)') when "designed_to_change" is not null and (not list_bool_and(list_transform(list_filter(string_split("designed_to_change", '|'), lambda item: trim(item) <> ''), lambda item: (case lower(trim(item)) when 'competence' then 'competence' when 'performance' then 'performance' when 'patient_outcomes' then 'patient_outcomes' end) is not null))) then struct_pack(column_name := 'designed_to_change', rule := 'designed_to_change unknown code', reason := 'designed_to_change ' || "designed_to_change" || ' has a code that is not one of competence|performance|patient_outcomes') when "commercial_support" is not null and ((case lower(trim("commercial_support")) when 'y' then 'Y' when 'n' then 'N' end) is null) then struct_pack(column_name := 'commercial_support', rule := 'commercial_support unknown code', reason := 'commercial_support ' || "commercial_support" || ' is not one of Y, N') end as _problem,
               null as _warning
        from mapped;
create or replace temp table _duplicates as
        with repeated as (
            select _file, "activity_id" from _checked where _problem is null
            group by _file, "activity_id" having count(*) > 1
        ),
        copies as (
            select _file, "activity_id", _source_line, md5(concat_ws(chr(31), coalesce("activity_id", chr(0)), coalesce("title", chr(0)), coalesce("activity_type", chr(0)), coalesce("start_date", chr(0)), coalesce("end_date", chr(0)), coalesce("credit_hours", chr(0)), coalesce("designed_to_change", chr(0)), coalesce("need_ids", chr(0)), coalesce("commercial_support", chr(0)), coalesce("joint_provider", chr(0)), coalesce("qi_project", chr(0)))) as _content
            from _checked semi join repeated using (_file, "activity_id")
            where _problem is null
        ),
        keys as (
            select _file, "activity_id", count(distinct _content) as versions,
                   min(_source_line) as first_line,
                   string_agg(cast(_source_line as varchar), ', ' order by _source_line) as lines
            from copies group by _file, "activity_id"
        )
        select copies._file, copies._source_line,
               case when keys.versions = 1
                   then struct_pack(column_name := 'activity_id', rule := 'duplicate row',
                                    reason := 'exact duplicate of line ' || keys.first_line)
                   else struct_pack(column_name := 'activity_id',
                                    rule := 'key repeated with different values',
                                    reason := 'activity_id (' || coalesce("activity_id", '') || ') appears on lines '
                                              || keys.lines || ' with different values')
               end as _problem
        from copies join keys using (_file, "activity_id")
        where keys.versions > 1 or copies._source_line > keys.first_line;
create table raw.activities as
select "activity_id", "title", "activity_type", "start_date", "end_date", "credit_hours", "designed_to_change", "need_ids", "commercial_support", "joint_provider", "qi_project", _extra, regexp_extract(_file, '[^/]*$') as _source_file, _source_line,
       '' as _file_sha256, now()::timestamp as _ingested_at
from _checked anti join _duplicates using (_file, _source_line)
where _problem is null;
insert into raw._quarantine
select 'activities', regexp_extract(_file, '[^/]*$'), _source_line, _problem.column_name, _problem.rule,
       _problem.reason, null, '', now()::timestamp
from (select _file, _source_line, _problem from _checked where _problem is not null
      union all select * from _duplicates);
insert into raw._ingest_log (feed, file_name, sha256, ingested_at, status, rows_read, rows_loaded, rows_quarantined)
select 'activities', regexp_extract(_file, '[^/]*$'), '', now()::timestamp, 'loaded', count(*),
       count(*) filter (where _problem is null), count(*) filter (where _problem is not null)
from _checked group by _file;
drop table _scan; drop table _incoming; drop table _checked; drop table _duplicates;


-- attendance
create temp table _scan as
select *, row_number() over () as _scanned
from read_csv('{inbox}/attendance/*.csv', header = true, auto_detect = false, columns = {'activity_id': 'VARCHAR', 'session_date': 'VARCHAR', 'learner_id': 'VARCHAR', 'npi': 'VARCHAR', 'email': 'VARCHAR', 'first_name': 'VARCHAR', 'last_name': 'VARCHAR', 'profession': 'VARCHAR', 'credits_claimed': 'VARCHAR', 'pre_score': 'VARCHAR', 'post_score': 'VARCHAR', 'satisfaction': 'VARCHAR', 'commitment_to_change': 'VARCHAR'},
              delim = ',', quote = '"', escape = '"', filename = '_file');
create temp table _incoming as
select scan.* exclude (_scanned), _scanned - first_scanned + 2 as _source_line
from _scan as scan join (select _file, min(_scanned) as first_scanned from _scan group by _file) using (_file);
create or replace temp table _checked as
        with mapped as (
            select nullif(trim("activity_id"), '') as "activity_id", nullif(trim("session_date"), '') as "session_date", nullif(trim("learner_id"), '') as "learner_id", nullif(trim("npi"), '') as "npi", nullif(trim("email"), '') as "email", nullif(trim("first_name"), '') as "first_name", nullif(trim("last_name"), '') as "last_name", nullif(trim("profession"), '') as "profession", nullif(trim("credits_claimed"), '') as "credits_claimed", nullif(trim("pre_score"), '') as "pre_score", nullif(trim("post_score"), '') as "post_score", nullif(trim("satisfaction"), '') as "satisfaction", nullif(trim("commitment_to_change"), '') as "commitment_to_change", cast(null as json) as _extra, _file, _source_line
            from _incoming
        )
        select case when "activity_id" is not null then "activity_id" else "activity_id" end as "activity_id", case when strftime((case when regexp_full_match("session_date", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("session_date", 10) as date) end), '%Y-%m-%d') is not null then strftime((case when regexp_full_match("session_date", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("session_date", 10) as date) end), '%Y-%m-%d') else "session_date" end as "session_date", case when "learner_id" is not null then "learner_id" else "learner_id" end as "learner_id", case when "npi" is not null then "npi" else "npi" end as "npi", case when "email" is not null then "email" else "email" end as "email", case when "first_name" is not null then "first_name" else "first_name" end as "first_name", case when "last_name" is not null then "last_name" else "last_name" end as "last_name", case when (case lower(trim("profession")) when 'md' then 'MD' when 'do' then 'DO' when 'np' then 'NP' when 'pa' then 'PA' when 'rn' then 'RN' when 'pharmd' then 'PharmD' when 'other' then 'Other' end) is not null then (case lower(trim("profession")) when 'md' then 'MD' when 'do' then 'DO' when 'np' then 'NP' when 'pa' then 'PA' when 'rn' then 'RN' when 'pharmd' then 'PharmD' when 'other' then 'Other' end) else "profession" end as "profession", case when "credits_claimed" is not null then "credits_claimed" else "credits_claimed" end as "credits_claimed", case when "pre_score" is not null then "pre_score" else "pre_score" end as "pre_score", case when "post_score" is not null then "post_score" else "post_score" end as "post_score", case when cast(cast(try_cast("satisfaction" as double) as bigint) as varchar) is not null then cast(cast(try_cast("satisfaction" as double) as bigint) as varchar) else "satisfaction" end as "satisfaction", case when "commitment_to_change" is not null then "commitment_to_change" else "commitment_to_change" end as "commitment_to_change", _extra, _file, _source_line,
               case when ("activity_id" is null) then struct_pack(column_name := 'activity_id', rule := 'activity_id missing', reason := 'activity_id is empty (required)') when ("session_date" is null) then struct_pack(column_name := 'session_date', rule := 'session_date missing', reason := 'session_date is empty (required)') when "session_date" is not null and ((case when regexp_full_match("session_date", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("session_date", 10) as date) end) is null) then struct_pack(column_name := 'session_date', rule := 'session_date not a date', reason := 'session_date ' || "session_date" || ' is not a real date (expected YYYY-MM-DD)') when "session_date" is not null and ((case when regexp_full_match("session_date", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("session_date", 10) as date) end) > current_date) then struct_pack(column_name := 'session_date', rule := 'session_date in the future', reason := 'session_date ' || "session_date" || ' is in the future') when ("learner_id" is null) then struct_pack(column_name := 'learner_id', rule := 'learner_id missing', reason := 'learner_id is empty (required)') when ("profession" is null) then struct_pack(column_name := 'profession', rule := 'profession missing', reason := 'profession is empty (required)') when "profession" is not null and ((case lower(trim("profession")) when 'md' then 'MD' when 'do' then 'DO' when 'np' then 'NP' when 'pa' then 'PA' when 'rn' then 'RN' when 'pharmd' then 'PharmD' when 'other' then 'Other' end) is null) then struct_pack(column_name := 'profession', rule := 'profession unknown code', reason := 'profession ' || "profession" || ' is not one of MD, DO, NP, PA, RN, PharmD, Other') when "credits_claimed" is not null and (try_cast("credits_claimed" as double) is null or not isfinite(try_cast("credits_claimed" as double))) then struct_pack(column_name := 'credits_claimed', rule := 'credits_claimed not a number', reason := 'credits_claimed ' || "credits_claimed" || ' is not a number') when "credits_claimed" is not null and (not (try_cast("credits_claimed" as double) >= 0)) then struct_pack(column_name := 'credits_claimed', rule := 'credits_claimed out of range', reason := 'credits_claimed ' || "credits_claimed" || ' is out of range (must be at least 0)') when "pre_score" is not null and (try_cast("pre_score" as double) is null or not isfinite(try_cast("pre_score" as double))) then struct_pack(column_name := 'pre_score', rule := 'pre_score not a number', reason := 'pre_score ' || "pre_score" || ' is not a number') when "pre_score" is not null and (not (try_cast("pre_score" as double) >= 0)) then struct_pack(column_name := 'pre_score', rule := 'pre_score out of range', reason := 'pre_score ' || "pre_score" || ' is out of range (must be at least 0)') when "pre_score" is not null and (try_cast("pre_score" as double) > 100) then struct_pack(column_name := 'pre_score', rule := 'pre_score out of range', reason := 'pre_score ' || "pre_score" || ' is out of range (must be at most 100)') when "post_score" is not null and (try_cast("post_score" as double) is null or not isfinite(try_cast("post_score" as double))) then struct_pack(column_name := 'post_score', rule := 'post_score not a number', reason := 'post_score ' || "post_score" || ' is not a number') when "post_score" is not null and (not (try_cast("post_score" as double) >= 0)) then struct_pack(column_name := 'post_score', rule := 'post_score out of range', reason := 'post_score ' || "post_score" || ' is out of range (must be at least 0)') when "post_score" is not null and (try_cast("post_score" as double) > 100) then struct_pack(column_name := 'post_score', rule := 'post_score out of range', reason := 'post_score ' || "post_score" || ' is out of range (must be at most 100)') when "satisfaction" is not null and (try_cast("satisfaction" as double) is null or not isfinite(try_cast("satisfaction" as double))) then struct_pack(column_name := 'satisfaction', rule := 'satisfaction not a number', reason := 'satisfaction ' || "satisfaction" || ' is not a number') when "satisfaction" is not null and (try_cast("satisfaction" as double) <> round(try_cast("satisfaction" as double))) then struct_pack(column_name := 'satisfaction', rule := 'satisfaction not a whole number', reason := 'satisfaction ' || "satisfaction" || ' is not a whole number') when "satisfaction" is not null and (not (try_cast("satisfaction" as double) >= 1)) then struct_pack(column_name := 'satisfaction', rule := 'satisfaction out of range', reason := 'satisfaction ' || "satisfaction" || ' is out of range (must be at least 1)') when "satisfaction" is not null and (try_cast("satisfaction" as double) > 5) then struct_pack(column_name := 'satisfaction', rule := 'satisfaction out of range', reason := 'satisfaction ' || "satisfaction" || ' is out of range (must be at most 5)') end as _problem,
               case when "npi" is not null and (not (case when regexp_full_match("npi", '[12][0-9]{9}') then (10 - (24 + (case when 2 * cast(substr("npi", 1, 1) as integer) > 9 then 2 * cast(substr("npi", 1, 1) as integer) - 9 else 2 * cast(substr("npi", 1, 1) as integer) end) + cast(substr("npi", 2, 1) as integer) + (case when 2 * cast(substr("npi", 3, 1) as integer) > 9 then 2 * cast(substr("npi", 3, 1) as integer) - 9 else 2 * cast(substr("npi", 3, 1) as integer) end) + cast(substr("npi", 4, 1) as integer) + (case when 2 * cast(substr("npi", 5, 1) as integer) > 9 then 2 * cast(substr("npi", 5, 1) as integer) - 9 else 2 * cast(substr("npi", 5, 1) as integer) end) + cast(substr("npi", 6, 1) as integer) + (case when 2 * cast(substr("npi", 7, 1) as integer) > 9 then 2 * cast(substr("npi", 7, 1) as integer) - 9 else 2 * cast(substr("npi", 7, 1) as integer) end) + cast(substr("npi", 8, 1) as integer) + (case when 2 * cast(substr("npi", 9, 1) as integer) > 9 then 2 * cast(substr("npi", 9, 1) as integer) - 9 else 2 * cast(substr("npi", 9, 1) as integer) end)) % 10) % 10 = cast(substr("npi", 10, 1) as integer) else false end)) then struct_pack(column_name := 'npi', rule := 'npi fails the check digit', reason := 'npi ' || "npi" || ' fails the check digit' || ': set aside, identity falls back to email and name') end as _warning
        from mapped;
create or replace temp table _duplicates as
        with repeated as (
            select _file, "activity_id", "session_date", "learner_id" from _checked where _problem is null
            group by _file, "activity_id", "session_date", "learner_id" having count(*) > 1
        ),
        copies as (
            select _file, "activity_id", "session_date", "learner_id", _source_line, md5(concat_ws(chr(31), coalesce("activity_id", chr(0)), coalesce("session_date", chr(0)), coalesce("learner_id", chr(0)), coalesce("npi", chr(0)), coalesce("email", chr(0)), coalesce("first_name", chr(0)), coalesce("last_name", chr(0)), coalesce("profession", chr(0)), coalesce("credits_claimed", chr(0)), coalesce("pre_score", chr(0)), coalesce("post_score", chr(0)), coalesce("satisfaction", chr(0)), coalesce("commitment_to_change", chr(0)))) as _content
            from _checked semi join repeated using (_file, "activity_id", "session_date", "learner_id")
            where _problem is null
        ),
        keys as (
            select _file, "activity_id", "session_date", "learner_id", count(distinct _content) as versions,
                   min(_source_line) as first_line,
                   string_agg(cast(_source_line as varchar), ', ' order by _source_line) as lines
            from copies group by _file, "activity_id", "session_date", "learner_id"
        )
        select copies._file, copies._source_line,
               case when keys.versions = 1
                   then struct_pack(column_name := 'activity_id, session_date, learner_id', rule := 'duplicate row',
                                    reason := 'exact duplicate of line ' || keys.first_line)
                   else struct_pack(column_name := 'activity_id, session_date, learner_id',
                                    rule := 'key repeated with different values',
                                    reason := 'activity_id, session_date, learner_id (' || coalesce("activity_id", '') || ', ' || coalesce("session_date", '') || ', ' || coalesce("learner_id", '') || ') appears on lines '
                                              || keys.lines || ' with different values')
               end as _problem
        from copies join keys using (_file, "activity_id", "session_date", "learner_id")
        where keys.versions > 1 or copies._source_line > keys.first_line;
create table raw.attendance as
select "activity_id", "session_date", "learner_id", "npi", "email", "first_name", "last_name", "profession", "credits_claimed", "pre_score", "post_score", "satisfaction", "commitment_to_change", _extra, regexp_extract(_file, '[^/]*$') as _source_file, _source_line,
       '' as _file_sha256, now()::timestamp as _ingested_at
from _checked anti join _duplicates using (_file, _source_line)
where _problem is null;
insert into raw._quarantine
select 'attendance', regexp_extract(_file, '[^/]*$'), _source_line, _problem.column_name, _problem.rule,
       _problem.reason, null, '', now()::timestamp
from (select _file, _source_line, _problem from _checked where _problem is not null
      union all select * from _duplicates);
insert into raw._ingest_log (feed, file_name, sha256, ingested_at, status, rows_read, rows_loaded, rows_quarantined)
select 'attendance', regexp_extract(_file, '[^/]*$'), '', now()::timestamp, 'loaded', count(*),
       count(*) filter (where _problem is null), count(*) filter (where _problem is not null)
from _checked group by _file;
drop table _scan; drop table _incoming; drop table _checked; drop table _duplicates;


-- needs
create temp table _scan as
select *, row_number() over () as _scanned
from read_csv('{inbox}/needs/*.csv', header = true, auto_detect = false, columns = {'need_id': 'VARCHAR', 'source_type': 'VARCHAR', 'source_name': 'VARCHAR', 'identified_on': 'VARCHAR', 'practice_gap': 'VARCHAR', 'target_service_line': 'VARCHAR', 'target_professions': 'VARCHAR', 'metric_id': 'VARCHAR', 'target_value': 'VARCHAR', 'priority': 'VARCHAR', 'topic_keywords': 'VARCHAR'},
              delim = ',', quote = '"', escape = '"', filename = '_file');
create temp table _incoming as
select scan.* exclude (_scanned), _scanned - first_scanned + 2 as _source_line
from _scan as scan join (select _file, min(_scanned) as first_scanned from _scan group by _file) using (_file);
create or replace temp table _checked as
        with mapped as (
            select nullif(trim("need_id"), '') as "need_id", nullif(trim("source_type"), '') as "source_type", nullif(trim("source_name"), '') as "source_name", nullif(trim("identified_on"), '') as "identified_on", nullif(trim("practice_gap"), '') as "practice_gap", nullif(trim("target_service_line"), '') as "target_service_line", nullif(trim("target_professions"), '') as "target_professions", nullif(trim("metric_id"), '') as "metric_id", nullif(trim("target_value"), '') as "target_value", nullif(trim("priority"), '') as "priority", nullif(trim("topic_keywords"), '') as "topic_keywords", cast(null as json) as _extra, _file, _source_line
            from _incoming
        )
        select case when "need_id" is not null then "need_id" else "need_id" end as "need_id", case when (case lower(trim("source_type")) when 'committee' then 'committee' when 'service_line' then 'service_line' end) is not null then (case lower(trim("source_type")) when 'committee' then 'committee' when 'service_line' then 'service_line' end) else "source_type" end as "source_type", case when "source_name" is not null then "source_name" else "source_name" end as "source_name", case when strftime((case when regexp_full_match("identified_on", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("identified_on", 10) as date) end), '%Y-%m-%d') is not null then strftime((case when regexp_full_match("identified_on", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("identified_on", 10) as date) end), '%Y-%m-%d') else "identified_on" end as "identified_on", case when "practice_gap" is not null then "practice_gap" else "practice_gap" end as "practice_gap", case when "target_service_line" is not null then "target_service_line" else "target_service_line" end as "target_service_line", case when array_to_string(list_transform(list_filter(string_split("target_professions", '|'), lambda item: trim(item) <> ''), lambda item: (case lower(trim(item)) when 'md' then 'MD' when 'do' then 'DO' when 'np' then 'NP' when 'pa' then 'PA' when 'rn' then 'RN' when 'pharmd' then 'PharmD' when 'other' then 'Other' end)), '|') is not null then array_to_string(list_transform(list_filter(string_split("target_professions", '|'), lambda item: trim(item) <> ''), lambda item: (case lower(trim(item)) when 'md' then 'MD' when 'do' then 'DO' when 'np' then 'NP' when 'pa' then 'PA' when 'rn' then 'RN' when 'pharmd' then 'PharmD' when 'other' then 'Other' end)), '|') else "target_professions" end as "target_professions", case when "metric_id" is not null then "metric_id" else "metric_id" end as "metric_id", case when "target_value" is not null then "target_value" else "target_value" end as "target_value", case when (case lower(trim("priority")) when 'high' then 'high' when 'medium' then 'medium' when 'low' then 'low' end) is not null then (case lower(trim("priority")) when 'high' then 'high' when 'medium' then 'medium' when 'low' then 'low' end) else "priority" end as "priority", case when "topic_keywords" is not null then "topic_keywords" else "topic_keywords" end as "topic_keywords", _extra, _file, _source_line,
               case when ("need_id" is null) then struct_pack(column_name := 'need_id', rule := 'need_id missing', reason := 'need_id is empty (required)') when ("source_type" is null) then struct_pack(column_name := 'source_type', rule := 'source_type missing', reason := 'source_type is empty (required)') when "source_type" is not null and ((case lower(trim("source_type")) when 'committee' then 'committee' when 'service_line' then 'service_line' end) is null) then struct_pack(column_name := 'source_type', rule := 'source_type unknown code', reason := 'source_type ' || "source_type" || ' is not one of committee, service_line') when ("source_name" is null) then struct_pack(column_name := 'source_name', rule := 'source_name missing', reason := 'source_name is empty (required)') when ("identified_on" is null) then struct_pack(column_name := 'identified_on', rule := 'identified_on missing', reason := 'identified_on is empty (required)') when "identified_on" is not null and ((case when regexp_full_match("identified_on", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("identified_on", 10) as date) end) is null) then struct_pack(column_name := 'identified_on', rule := 'identified_on not a date', reason := 'identified_on ' || "identified_on" || ' is not a real date (expected YYYY-MM-DD)') when "identified_on" is not null and ((case when regexp_full_match("identified_on", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("identified_on", 10) as date) end) > current_date) then struct_pack(column_name := 'identified_on', rule := 'identified_on in the future', reason := 'identified_on ' || "identified_on" || ' is in the future') when ("target_service_line" is null) then struct_pack(column_name := 'target_service_line', rule := 'target_service_line missing', reason := 'target_service_line is empty (required)') when "target_professions" is not null and (not list_bool_and(list_transform(list_filter(string_split("target_professions", '|'), lambda item: trim(item) <> ''), lambda item: (case lower(trim(item)) when 'md' then 'MD' when 'do' then 'DO' when 'np' then 'NP' when 'pa' then 'PA' when 'rn' then 'RN' when 'pharmd' then 'PharmD' when 'other' then 'Other' end) is not null))) then struct_pack(column_name := 'target_professions', rule := 'target_professions unknown code', reason := 'target_professions ' || "target_professions" || ' has a code that is not one of MD|DO|NP|PA|RN|PharmD|Other') when "target_value" is not null and (try_cast("target_value" as double) is null or not isfinite(try_cast("target_value" as double))) then struct_pack(column_name := 'target_value', rule := 'target_value not a number', reason := 'target_value ' || "target_value" || ' is not a number') when "priority" is not null and ((case lower(trim("priority")) when 'high' then 'high' when 'medium' then 'medium' when 'low' then 'low' end) is null) then struct_pack(column_name := 'priority', rule := 'priority unknown code', reason := 'priority ' || "priority" || ' is not one of high, medium, low') end as _problem,
               null as _warning
        from mapped;
create or replace temp table _duplicates as
        with repeated as (
            select _file, "need_id" from _checked where _problem is null
            group by _file, "need_id" having count(*) > 1
        ),
        copies as (
            select _file, "need_id", _source_line, md5(concat_ws(chr(31), coalesce("need_id", chr(0)), coalesce("source_type", chr(0)), coalesce("source_name", chr(0)), coalesce("identified_on", chr(0)), coalesce("practice_gap", chr(0)), coalesce("target_service_line", chr(0)), coalesce("target_professions", chr(0)), coalesce("metric_id", chr(0)), coalesce("target_value", chr(0)), coalesce("priority", chr(0)), coalesce("topic_keywords", chr(0)))) as _content
            from _checked semi join repeated using (_file, "need_id")
            where _problem is null
        ),
        keys as (
            select _file, "need_id", count(distinct _content) as versions,
                   min(_source_line) as first_line,
                   string_agg(cast(_source_line as varchar), ', ' order by _source_line) as lines
            from copies group by _file, "need_id"
        )
        select copies._file, copies._source_line,
               case when keys.versions = 1
                   then struct_pack(column_name := 'need_id', rule := 'duplicate row',
                                    reason := 'exact duplicate of line ' || keys.first_line)
                   else struct_pack(column_name := 'need_id',
                                    rule := 'key repeated with different values',
                                    reason := 'need_id (' || coalesce("need_id", '') || ') appears on lines '
                                              || keys.lines || ' with different values')
               end as _problem
        from copies join keys using (_file, "need_id")
        where keys.versions > 1 or copies._source_line > keys.first_line;
create table raw.needs as
select "need_id", "source_type", "source_name", "identified_on", "practice_gap", "target_service_line", "target_professions", "metric_id", "target_value", "priority", "topic_keywords", _extra, regexp_extract(_file, '[^/]*$') as _source_file, _source_line,
       '' as _file_sha256, now()::timestamp as _ingested_at
from _checked anti join _duplicates using (_file, _source_line)
where _problem is null;
insert into raw._quarantine
select 'needs', regexp_extract(_file, '[^/]*$'), _source_line, _problem.column_name, _problem.rule,
       _problem.reason, null, '', now()::timestamp
from (select _file, _source_line, _problem from _checked where _problem is not null
      union all select * from _duplicates);
insert into raw._ingest_log (feed, file_name, sha256, ingested_at, status, rows_read, rows_loaded, rows_quarantined)
select 'needs', regexp_extract(_file, '[^/]*$'), '', now()::timestamp, 'loaded', count(*),
       count(*) filter (where _problem is null), count(*) filter (where _problem is not null)
from _checked group by _file;
drop table _scan; drop table _incoming; drop table _checked; drop table _duplicates;


-- point_of_care
create table raw.point_of_care as
select cast(null as varchar) as "learner_id", cast(null as varchar) as "npi", cast(null as varchar) as "email", cast(null as varchar) as "first_name", cast(null as varchar) as "last_name", cast(null as varchar) as "profession", cast(null as varchar) as "entry_date", cast(null as varchar) as "question", cast(null as varchar) as "source", cast(null as varchar) as "minutes", cast(null as varchar) as "applied_to_practice", cast(null as varchar) as "credits_claimed", cast(null as json) as _extra, '' as _source_file, cast(0 as bigint) as _source_line,
       '' as _file_sha256, now()::timestamp as _ingested_at
where false;


-- roster
create temp table _scan as
select *, row_number() over () as _scanned
from read_csv('{inbox}/roster/*.csv', header = true, auto_detect = false, columns = {'npi': 'VARCHAR', 'first_name': 'VARCHAR', 'last_name': 'VARCHAR', 'email': 'VARCHAR', 'profession': 'VARCHAR', 'specialty': 'VARCHAR', 'service_line': 'VARCHAR', 'unit': 'VARCHAR', 'active_from': 'VARCHAR', 'active_to': 'VARCHAR'},
              delim = ',', quote = '"', escape = '"', filename = '_file');
create temp table _incoming as
select scan.* exclude (_scanned), _scanned - first_scanned + 2 as _source_line
from _scan as scan join (select _file, min(_scanned) as first_scanned from _scan group by _file) using (_file);
create or replace temp table _checked as
        with mapped as (
            select nullif(trim("npi"), '') as "npi", nullif(trim("first_name"), '') as "first_name", nullif(trim("last_name"), '') as "last_name", nullif(trim("email"), '') as "email", nullif(trim("profession"), '') as "profession", nullif(trim("specialty"), '') as "specialty", nullif(trim("service_line"), '') as "service_line", nullif(trim("unit"), '') as "unit", nullif(trim("active_from"), '') as "active_from", nullif(trim("active_to"), '') as "active_to", cast(null as json) as _extra, _file, _source_line
            from _incoming
        )
        select case when "npi" is not null then "npi" else "npi" end as "npi", case when "first_name" is not null then "first_name" else "first_name" end as "first_name", case when "last_name" is not null then "last_name" else "last_name" end as "last_name", case when "email" is not null then "email" else "email" end as "email", case when (case lower(trim("profession")) when 'md' then 'MD' when 'do' then 'DO' when 'np' then 'NP' when 'pa' then 'PA' when 'rn' then 'RN' when 'pharmd' then 'PharmD' when 'other' then 'Other' end) is not null then (case lower(trim("profession")) when 'md' then 'MD' when 'do' then 'DO' when 'np' then 'NP' when 'pa' then 'PA' when 'rn' then 'RN' when 'pharmd' then 'PharmD' when 'other' then 'Other' end) else "profession" end as "profession", case when "specialty" is not null then "specialty" else "specialty" end as "specialty", case when "service_line" is not null then "service_line" else "service_line" end as "service_line", case when "unit" is not null then "unit" else "unit" end as "unit", case when strftime((case when regexp_full_match("active_from", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("active_from", 10) as date) end), '%Y-%m-%d') is not null then strftime((case when regexp_full_match("active_from", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("active_from", 10) as date) end), '%Y-%m-%d') else "active_from" end as "active_from", case when strftime((case when regexp_full_match("active_to", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("active_to", 10) as date) end), '%Y-%m-%d') is not null then strftime((case when regexp_full_match("active_to", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("active_to", 10) as date) end), '%Y-%m-%d') else "active_to" end as "active_to", _extra, _file, _source_line,
               case when ("npi" is null) then struct_pack(column_name := 'npi', rule := 'npi missing', reason := 'npi is empty (required)') when "npi" is not null and (not (case when regexp_full_match("npi", '[12][0-9]{9}') then (10 - (24 + (case when 2 * cast(substr("npi", 1, 1) as integer) > 9 then 2 * cast(substr("npi", 1, 1) as integer) - 9 else 2 * cast(substr("npi", 1, 1) as integer) end) + cast(substr("npi", 2, 1) as integer) + (case when 2 * cast(substr("npi", 3, 1) as integer) > 9 then 2 * cast(substr("npi", 3, 1) as integer) - 9 else 2 * cast(substr("npi", 3, 1) as integer) end) + cast(substr("npi", 4, 1) as integer) + (case when 2 * cast(substr("npi", 5, 1) as integer) > 9 then 2 * cast(substr("npi", 5, 1) as integer) - 9 else 2 * cast(substr("npi", 5, 1) as integer) end) + cast(substr("npi", 6, 1) as integer) + (case when 2 * cast(substr("npi", 7, 1) as integer) > 9 then 2 * cast(substr("npi", 7, 1) as integer) - 9 else 2 * cast(substr("npi", 7, 1) as integer) end) + cast(substr("npi", 8, 1) as integer) + (case when 2 * cast(substr("npi", 9, 1) as integer) > 9 then 2 * cast(substr("npi", 9, 1) as integer) - 9 else 2 * cast(substr("npi", 9, 1) as integer) end)) % 10) % 10 = cast(substr("npi", 10, 1) as integer) else false end)) then struct_pack(column_name := 'npi', rule := 'npi fails the check digit', reason := 'npi ' || "npi" || ' fails the check digit') when ("profession" is null) then struct_pack(column_name := 'profession', rule := 'profession missing', reason := 'profession is empty (required)') when "profession" is not null and ((case lower(trim("profession")) when 'md' then 'MD' when 'do' then 'DO' when 'np' then 'NP' when 'pa' then 'PA' when 'rn' then 'RN' when 'pharmd' then 'PharmD' when 'other' then 'Other' end) is null) then struct_pack(column_name := 'profession', rule := 'profession unknown code', reason := 'profession ' || "profession" || ' is not one of MD, DO, NP, PA, RN, PharmD, Other') when ("service_line" is null) then struct_pack(column_name := 'service_line', rule := 'service_line missing', reason := 'service_line is empty (required)') when "active_from" is not null and ((case when regexp_full_match("active_from", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("active_from", 10) as date) end) is null) then struct_pack(column_name := 'active_from', rule := 'active_from not a date', reason := 'active_from ' || "active_from" || ' is not a real date (expected YYYY-MM-DD)') when "active_from" is not null and ((case when regexp_full_match("active_from", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("active_from", 10) as date) end) > current_date) then struct_pack(column_name := 'active_from', rule := 'active_from in the future', reason := 'active_from ' || "active_from" || ' is in the future') when "active_to" is not null and ((case when regexp_full_match("active_to", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("active_to", 10) as date) end) is null) then struct_pack(column_name := 'active_to', rule := 'active_to not a date', reason := 'active_to ' || "active_to" || ' is not a real date (expected YYYY-MM-DD)') when "active_to" is not null and ((case when regexp_full_match("active_to", '\d{4}-\d{2}-\d{2}( 00:00:00)?') then try_cast(left("active_to", 10) as date) end) > current_date) then struct_pack(column_name := 'active_to', rule := 'active_to in the future', reason := 'active_to ' || "active_to" || ' is in the future') end as _problem,
               null as _warning
        from mapped;
create or replace temp table _duplicates as
        with repeated as (
            select _file, "npi" from _checked where _problem is null
            group by _file, "npi" having count(*) > 1
        ),
        copies as (
            select _file, "npi", _source_line, md5(concat_ws(chr(31), coalesce("npi", chr(0)), coalesce("first_name", chr(0)), coalesce("last_name", chr(0)), coalesce("email", chr(0)), coalesce("profession", chr(0)), coalesce("specialty", chr(0)), coalesce("service_line", chr(0)), coalesce("unit", chr(0)), coalesce("active_from", chr(0)), coalesce("active_to", chr(0)))) as _content
            from _checked semi join repeated using (_file, "npi")
            where _problem is null
        ),
        keys as (
            select _file, "npi", count(distinct _content) as versions,
                   min(_source_line) as first_line,
                   string_agg(cast(_source_line as varchar), ', ' order by _source_line) as lines
            from copies group by _file, "npi"
        )
        select copies._file, copies._source_line,
               case when keys.versions = 1
                   then struct_pack(column_name := 'npi', rule := 'duplicate row',
                                    reason := 'exact duplicate of line ' || keys.first_line)
                   else struct_pack(column_name := 'npi',
                                    rule := 'key repeated with different values',
                                    reason := 'npi (' || coalesce("npi", '') || ') appears on lines '
                                              || keys.lines || ' with different values')
               end as _problem
        from copies join keys using (_file, "npi")
        where keys.versions > 1 or copies._source_line > keys.first_line;
create table raw.roster as
select "npi", "first_name", "last_name", "email", "profession", "specialty", "service_line", "unit", "active_from", "active_to", _extra, regexp_extract(_file, '[^/]*$') as _source_file, _source_line,
       '' as _file_sha256, now()::timestamp as _ingested_at
from _checked anti join _duplicates using (_file, _source_line)
where _problem is null;
insert into raw._quarantine
select 'roster', regexp_extract(_file, '[^/]*$'), _source_line, _problem.column_name, _problem.rule,
       _problem.reason, null, '', now()::timestamp
from (select _file, _source_line, _problem from _checked where _problem is not null
      union all select * from _duplicates);
insert into raw._ingest_log (feed, file_name, sha256, ingested_at, status, rows_read, rows_loaded, rows_quarantined)
select 'roster', regexp_extract(_file, '[^/]*$'), '', now()::timestamp, 'loaded', count(*),
       count(*) filter (where _problem is null), count(*) filter (where _problem is not null)
from _checked group by _file;
drop table _scan; drop table _incoming; drop table _checked; drop table _duplicates;


-- metric_values
create temp table _scan as
select *, row_number() over () as _scanned
from read_csv('{inbox}/metric_values/*.csv', header = true, auto_detect = false, columns = {'metric_id': 'VARCHAR', 'period': 'VARCHAR', 'entity_type': 'VARCHAR', 'entity_id': 'VARCHAR', 'numerator': 'VARCHAR', 'denominator': 'VARCHAR'},
              delim = ',', quote = '"', escape = '"', filename = '_file');
create temp table _incoming as
select scan.* exclude (_scanned), _scanned - first_scanned + 2 as _source_line
from _scan as scan join (select _file, min(_scanned) as first_scanned from _scan group by _file) using (_file);
create or replace temp table _checked as
        with mapped as (
            select nullif(trim("metric_id"), '') as "metric_id", nullif(trim("period"), '') as "period", nullif(trim("entity_type"), '') as "entity_type", nullif(trim("entity_id"), '') as "entity_id", nullif(trim("numerator"), '') as "numerator", nullif(trim("denominator"), '') as "denominator", cast(null as json) as _extra, _file, _source_line
            from _incoming
        )
        select case when "metric_id" is not null then "metric_id" else "metric_id" end as "metric_id", case when "period" is not null then "period" else "period" end as "period", case when (case lower(trim("entity_type")) when 'clinician' then 'clinician' when 'unit' then 'unit' when 'service_line' then 'service_line' end) is not null then (case lower(trim("entity_type")) when 'clinician' then 'clinician' when 'unit' then 'unit' when 'service_line' then 'service_line' end) else "entity_type" end as "entity_type", case when "entity_id" is not null then "entity_id" else "entity_id" end as "entity_id", case when "numerator" is not null then "numerator" else "numerator" end as "numerator", case when "denominator" is not null then "denominator" else "denominator" end as "denominator", _extra, _file, _source_line,
               case when ("metric_id" is null) then struct_pack(column_name := 'metric_id', rule := 'metric_id missing', reason := 'metric_id is empty (required)') when ("period" is null) then struct_pack(column_name := 'period', rule := 'period missing', reason := 'period is empty (required)') when "period" is not null and (not regexp_full_match("period", '\d{4}-(0[1-9]|1[0-2])')) then struct_pack(column_name := 'period', rule := 'period not a month', reason := 'period ' || "period" || ' is not a month (expected YYYY-MM)') when ("entity_type" is null) then struct_pack(column_name := 'entity_type', rule := 'entity_type missing', reason := 'entity_type is empty (required)') when "entity_type" is not null and ((case lower(trim("entity_type")) when 'clinician' then 'clinician' when 'unit' then 'unit' when 'service_line' then 'service_line' end) is null) then struct_pack(column_name := 'entity_type', rule := 'entity_type unknown code', reason := 'entity_type ' || "entity_type" || ' is not one of clinician, unit, service_line') when ("entity_id" is null) then struct_pack(column_name := 'entity_id', rule := 'entity_id missing', reason := 'entity_id is empty (required)') when ("numerator" is null) then struct_pack(column_name := 'numerator', rule := 'numerator missing', reason := 'numerator is empty (required)') when "numerator" is not null and (try_cast("numerator" as double) is null or not isfinite(try_cast("numerator" as double))) then struct_pack(column_name := 'numerator', rule := 'numerator not a number', reason := 'numerator ' || "numerator" || ' is not a number') when "numerator" is not null and (not (try_cast("numerator" as double) >= 0)) then struct_pack(column_name := 'numerator', rule := 'numerator out of range', reason := 'numerator ' || "numerator" || ' is out of range (must be at least 0)') when ("denominator" is null) then struct_pack(column_name := 'denominator', rule := 'denominator missing', reason := 'denominator is empty (required)') when "denominator" is not null and (try_cast("denominator" as double) is null or not isfinite(try_cast("denominator" as double))) then struct_pack(column_name := 'denominator', rule := 'denominator not a number', reason := 'denominator ' || "denominator" || ' is not a number') when "denominator" is not null and (not (try_cast("denominator" as double) > 0)) then struct_pack(column_name := 'denominator', rule := 'denominator out of range', reason := 'denominator ' || "denominator" || ' is out of range (must be above 0)') when (metric_id in (select metric_id from raw.metric_catalog where lower(trim(scoring)) = 'proportion') and try_cast(numerator as double) > try_cast(denominator as double)) then struct_pack(column_name := 'numerator', rule := 'numerator exceeds denominator of a proportion', reason := 'numerator ' || numerator || ' exceeds denominator ' || denominator || ' of proportion metric ' || metric_id) end as _problem,
               null as _warning
        from mapped;
create or replace temp table _duplicates as
        with repeated as (
            select _file, "metric_id", "period", "entity_type", "entity_id" from _checked where _problem is null
            group by _file, "metric_id", "period", "entity_type", "entity_id" having count(*) > 1
        ),
        copies as (
            select _file, "metric_id", "period", "entity_type", "entity_id", _source_line, md5(concat_ws(chr(31), coalesce("metric_id", chr(0)), coalesce("period", chr(0)), coalesce("entity_type", chr(0)), coalesce("entity_id", chr(0)), coalesce("numerator", chr(0)), coalesce("denominator", chr(0)))) as _content
            from _checked semi join repeated using (_file, "metric_id", "period", "entity_type", "entity_id")
            where _problem is null
        ),
        keys as (
            select _file, "metric_id", "period", "entity_type", "entity_id", count(distinct _content) as versions,
                   min(_source_line) as first_line,
                   string_agg(cast(_source_line as varchar), ', ' order by _source_line) as lines
            from copies group by _file, "metric_id", "period", "entity_type", "entity_id"
        )
        select copies._file, copies._source_line,
               case when keys.versions = 1
                   then struct_pack(column_name := 'metric_id, period, entity_type, entity_id', rule := 'duplicate row',
                                    reason := 'exact duplicate of line ' || keys.first_line)
                   else struct_pack(column_name := 'metric_id, period, entity_type, entity_id',
                                    rule := 'key repeated with different values',
                                    reason := 'metric_id, period, entity_type, entity_id (' || coalesce("metric_id", '') || ', ' || coalesce("period", '') || ', ' || coalesce("entity_type", '') || ', ' || coalesce("entity_id", '') || ') appears on lines '
                                              || keys.lines || ' with different values')
               end as _problem
        from copies join keys using (_file, "metric_id", "period", "entity_type", "entity_id")
        where keys.versions > 1 or copies._source_line > keys.first_line;
create table raw.metric_values as
select "metric_id", "period", "entity_type", "entity_id", "numerator", "denominator", _extra, regexp_extract(_file, '[^/]*$') as _source_file, _source_line,
       '' as _file_sha256, now()::timestamp as _ingested_at
from _checked anti join _duplicates using (_file, _source_line)
where _problem is null;
insert into raw._quarantine
select 'metric_values', regexp_extract(_file, '[^/]*$'), _source_line, _problem.column_name, _problem.rule,
       _problem.reason, null, '', now()::timestamp
from (select _file, _source_line, _problem from _checked where _problem is not null
      union all select * from _duplicates);
insert into raw._ingest_log (feed, file_name, sha256, ingested_at, status, rows_read, rows_loaded, rows_quarantined)
select 'metric_values', regexp_extract(_file, '[^/]*$'), '', now()::timestamp, 'loaded', count(*),
       count(*) filter (where _problem is null), count(*) filter (where _problem is not null)
from _checked group by _file;
drop table _scan; drop table _incoming; drop table _checked; drop table _duplicates;

create schema if not exists "warehouse"."intermediate";
create schema if not exists "warehouse"."marts";
create schema if not exists "warehouse"."reference";
create schema if not exists "warehouse"."restricted";
create schema if not exists "warehouse"."staging";
-- stg_activities
create table "warehouse"."staging"."stg_activities" as
with latest as (
    select *
    from (
        select
            delivered.*,
            row_number() over (
                partition by activity_id
                order by delivered._source_file desc, delivered._source_line desc
            ) as delivery_rank
        from "warehouse"."raw"."activities" as delivered
    ) as ranked
    where delivery_rank = 1
)

select
    activity_id,
    title as activity_title,
    lower(activity_type) as activity_type,
    cast(start_date as date) as start_date,
    cast(end_date as date) as end_date,
    cast(credit_hours as float) as credit_hours,
    lower(designed_to_change) as designed_to_change,
    need_ids,
    case upper(commercial_support) when 'Y' then true when 'N' then false end as has_commercial_support,
    joint_provider,
    nullif(trim(qi_project), '') as qi_project,
    _source_file as source_file,
    _source_line as source_line
from latest
;
-- stg_attendance
create table "warehouse"."staging"."stg_attendance" as
with latest as (
    select *
    from (
        select
            delivered.*,
            row_number() over (
                partition by activity_id, session_date, learner_id
                order by delivered._source_file desc, delivered._source_line desc
            ) as delivery_rank
        from "warehouse"."raw"."attendance" as delivered
    ) as ranked
    where delivery_rank = 1
)

select
    activity_id,
    cast(session_date as date) as session_date,
    learner_id,
    npi as reported_npi,
    email as reported_email,
    first_name as reported_first_name,
    last_name as reported_last_name,
    profession,
    cast(credits_claimed as float) as credits_claimed,
    cast(pre_score as float) as pre_score,
    cast(post_score as float) as post_score,
    cast(satisfaction as integer) as satisfaction,
    commitment_to_change,
    _source_file as source_file,
    _source_line as source_line
from latest
;
-- stg_roster
create table "warehouse"."staging"."stg_roster" as
with latest as (
    select *
    from (
        select
            delivered.*,
            row_number() over (
                partition by npi
                order by delivered._source_file desc, delivered._source_line desc
            ) as delivery_rank
        from "warehouse"."raw"."roster" as delivered
    ) as ranked
    where delivery_rank = 1
)

select
    npi,
    first_name,
    last_name,
    email,
    profession,
    specialty,
    service_line,
    unit,
    cast(active_from as date) as active_from,
    cast(active_to as date) as active_to,
    _source_file as source_file,
    _source_line as source_line
from latest
;
-- int_attendance_resolved
create table "warehouse"."restricted"."int_attendance_resolved" as
-- Each attendance row's learner resolved to a roster clinician, keeping how (macros/identity.sql: NPI,
-- then an unambiguous email, then an unambiguous name and profession; otherwise unmatched).
with attendance as (
    select * from "warehouse"."staging"."stg_attendance"
),

roster_identity as (
    select
        npi,
        lower(trim(email)) as email_key,
        lower(trim(first_name)) as first_name_key,
        lower(trim(last_name)) as last_name_key,
        profession
    from "warehouse"."staging"."stg_roster"
),

clinicians_by_email as (
    select email_key, min(npi) as npi, count(*) as clinicians
    from roster_identity
    where email_key is not null
    group by email_key
),

clinicians_by_name as (
    select first_name_key, last_name_key, profession, min(npi) as npi, count(*) as clinicians
    from roster_identity
    where first_name_key is not null and last_name_key is not null
    group by first_name_key, last_name_key, profession
),

candidates as (
    select
        attendance.*,
        (
    case
        when attendance.reported_npi is null then false
        when length(attendance.reported_npi) <> 10 then false
        when translate(attendance.reported_npi, '0123456789', '') <> '' then false
        when substring(attendance.reported_npi, 1, 1) not in ('1', '2') then false
        else mod(
                10 - mod(
                    24
                    + case when 2 * cast(substring(attendance.reported_npi, 1, 1) as integer) > 9 then 2 * cast(substring(attendance.reported_npi, 1, 1) as integer) - 9 else 2 * cast(substring(attendance.reported_npi, 1, 1) as integer) end
                    + cast(substring(attendance.reported_npi, 2, 1) as integer)
                    + case when 2 * cast(substring(attendance.reported_npi, 3, 1) as integer) > 9 then 2 * cast(substring(attendance.reported_npi, 3, 1) as integer) - 9 else 2 * cast(substring(attendance.reported_npi, 3, 1) as integer) end
                    + cast(substring(attendance.reported_npi, 4, 1) as integer)
                    + case when 2 * cast(substring(attendance.reported_npi, 5, 1) as integer) > 9 then 2 * cast(substring(attendance.reported_npi, 5, 1) as integer) - 9 else 2 * cast(substring(attendance.reported_npi, 5, 1) as integer) end
                    + cast(substring(attendance.reported_npi, 6, 1) as integer)
                    + case when 2 * cast(substring(attendance.reported_npi, 7, 1) as integer) > 9 then 2 * cast(substring(attendance.reported_npi, 7, 1) as integer) - 9 else 2 * cast(substring(attendance.reported_npi, 7, 1) as integer) end
                    + cast(substring(attendance.reported_npi, 8, 1) as integer)
                    + case when 2 * cast(substring(attendance.reported_npi, 9, 1) as integer) > 9 then 2 * cast(substring(attendance.reported_npi, 9, 1) as integer) - 9 else 2 * cast(substring(attendance.reported_npi, 9, 1) as integer) end
                , 10)
            , 10) = cast(substring(attendance.reported_npi, 10, 1) as integer)
    end
) as reported_npi_is_valid,
        by_npi.npi as npi_match,
        case when by_email.clinicians = 1 then by_email.npi end as email_match,
        case when by_name.clinicians = 1 then by_name.npi end as name_match
    from attendance
    left join roster_identity as by_npi
        on by_npi.npi = attendance.reported_npi
        and (
    case
        when attendance.reported_npi is null then false
        when length(attendance.reported_npi) <> 10 then false
        when translate(attendance.reported_npi, '0123456789', '') <> '' then false
        when substring(attendance.reported_npi, 1, 1) not in ('1', '2') then false
        else mod(
                10 - mod(
                    24
                    + case when 2 * cast(substring(attendance.reported_npi, 1, 1) as integer) > 9 then 2 * cast(substring(attendance.reported_npi, 1, 1) as integer) - 9 else 2 * cast(substring(attendance.reported_npi, 1, 1) as integer) end
                    + cast(substring(attendance.reported_npi, 2, 1) as integer)
                    + case when 2 * cast(substring(attendance.reported_npi, 3, 1) as integer) > 9 then 2 * cast(substring(attendance.reported_npi, 3, 1) as integer) - 9 else 2 * cast(substring(attendance.reported_npi, 3, 1) as integer) end
                    + cast(substring(attendance.reported_npi, 4, 1) as integer)
                    + case when 2 * cast(substring(attendance.reported_npi, 5, 1) as integer) > 9 then 2 * cast(substring(attendance.reported_npi, 5, 1) as integer) - 9 else 2 * cast(substring(attendance.reported_npi, 5, 1) as integer) end
                    + cast(substring(attendance.reported_npi, 6, 1) as integer)
                    + case when 2 * cast(substring(attendance.reported_npi, 7, 1) as integer) > 9 then 2 * cast(substring(attendance.reported_npi, 7, 1) as integer) - 9 else 2 * cast(substring(attendance.reported_npi, 7, 1) as integer) end
                    + cast(substring(attendance.reported_npi, 8, 1) as integer)
                    + case when 2 * cast(substring(attendance.reported_npi, 9, 1) as integer) > 9 then 2 * cast(substring(attendance.reported_npi, 9, 1) as integer) - 9 else 2 * cast(substring(attendance.reported_npi, 9, 1) as integer) end
                , 10)
            , 10) = cast(substring(attendance.reported_npi, 10, 1) as integer)
    end
)
    left join clinicians_by_email as by_email
        on by_email.email_key = lower(trim(attendance.reported_email))
    left join clinicians_by_name as by_name
        on by_name.first_name_key = lower(trim(attendance.reported_first_name))
        and by_name.last_name_key = lower(trim(attendance.reported_last_name))
        and by_name.profession = attendance.profession
)

select
    activity_id,
    session_date,
    learner_id,
    profession,
    profession in ('MD', 'DO') as is_physician,
    reported_npi,
    reported_npi_is_valid,
    coalesce(npi_match, email_match, name_match) as clinician_npi,
    case
        when npi_match is not null then 'npi'
        when email_match is not null then 'email'
        when name_match is not null then 'name_profession'
        else 'unmatched'
    end as match_method,
    coalesce(
        'npi:' || coalesce(npi_match, email_match, name_match),
        'cme:' || learner_id
    ) as learner_key,
    credits_claimed,
    pre_score,
    post_score,
    satisfaction,
    commitment_to_change
from candidates
;
-- int_activity_needs
create table "warehouse"."intermediate"."int_activity_needs" as
-- One row per (activity, need) it addresses: the activities feed's need_ids pipe list, exploded.
with activities as (
    select activity_id, need_ids
    from "warehouse"."staging"."stg_activities"
    where need_ids is not null
),

positions as (
    
    select 1 as position union all
    select 2 as position union all
    select 3 as position union all
    select 4 as position union all
    select 5 as position union all
    select 6 as position union all
    select 7 as position union all
    select 8 as position union all
    select 9 as position union all
    select 10 as position union all
    select 11 as position union all
    select 12 as position union all
    select 13 as position union all
    select 14 as position union all
    select 15 as position union all
    select 16 as position union all
    select 17 as position union all
    select 18 as position union all
    select 19 as position union all
    select 20 as position
),

exploded as (
    select
        activities.activity_id,
        trim(
    string_split(activities.need_ids, '|')[ positions.position ]
) as need_id
    from activities
    cross join positions
)

select distinct activity_id, need_id
from exploded
where need_id <> ''
;
-- stg_needs
create table "warehouse"."staging"."stg_needs" as
with latest as (
    select *
    from (
        select
            delivered.*,
            row_number() over (
                partition by need_id
                order by delivered._source_file desc, delivered._source_line desc
            ) as delivery_rank
        from "warehouse"."raw"."needs" as delivered
    ) as ranked
    where delivery_rank = 1
)

select
    need_id,
    lower(source_type) as source_type,
    source_name,
    cast(identified_on as date) as identified_on,
    practice_gap,
    target_service_line,
    target_professions,
    metric_id,
    cast(target_value as float) as target_value,
    lower(priority) as priority,
    topic_keywords,
    _source_file as source_file,
    _source_line as source_line
from latest
;
-- int_need_education
create table "warehouse"."intermediate"."int_need_education" as
-- One row per need: its linked activities and when its education happened (first to last session).
with needs as (
    select * from "warehouse"."staging"."stg_needs"
),

activity_needs as (
    select * from "warehouse"."intermediate"."int_activity_needs"
),

sessions as (
    select activity_id, session_date, count(*) as attendances
    from "warehouse"."staging"."stg_attendance"
    group by activity_id, session_date
),

per_need as (
    select
        activity_needs.need_id,
        count(distinct activity_needs.activity_id) as linked_activities,
        count(distinct sessions.activity_id || '|' || 
    cast(sessions.session_date as TEXT)
) as sessions,
        min(sessions.session_date) as education_start,
        max(sessions.session_date) as education_end
    from activity_needs
    left join sessions on sessions.activity_id = activity_needs.activity_id
    group by activity_needs.need_id
)

select
    needs.need_id,
    needs.metric_id,
    needs.target_service_line,
    needs.target_professions,
    needs.identified_on,
    coalesce(per_need.linked_activities, 0) as linked_activities,
    coalesce(per_need.sessions, 0) as sessions,
    per_need.education_start,
    per_need.education_end
from needs
left join per_need on per_need.need_id = needs.need_id
;
-- stg_metric_catalog
create table "warehouse"."staging"."stg_metric_catalog" as
with latest as (
    select *
    from (
        select
            delivered.*,
            row_number() over (
                partition by metric_id
                order by delivered._source_file desc, delivered._source_line desc
            ) as delivery_rank
        from "warehouse"."raw"."metric_catalog" as delivered
    ) as ranked
    where delivery_rank = 1
)

select
    metric_id,
    name as metric_name,
    steward,
    lower(improvement_notation) as improvement_notation,
    lower(unit_of_analysis) as unit_of_analysis,
    lower(scoring) as scoring,
    numerator_definition,
    denominator_definition,
    coalesce(lower(measure_type), 'process') as measure_type,
    topic_keywords,
    cast(benchmark_value as float) as benchmark_value,
    _source_file as source_file,
    _source_line as source_line
from latest
;
-- stg_metric_values
create table "warehouse"."staging"."stg_metric_values" as
-- Month-partitioned: a run rebuilds only its months (macros/months.sql); the key includes the month, so
-- the latest delivery of a key is found within its month.


with delivered as (
    select * from "warehouse"."raw"."metric_values"
    where 1 = 1
),

latest as (
    select *
    from (
        select
            delivered.*,
            row_number() over (
                partition by metric_id, period, entity_type, entity_id
                order by delivered._source_file desc, delivered._source_line desc
            ) as delivery_rank
        from delivered as delivered
    ) as ranked
    where delivery_rank = 1
)

select
    metric_id,
    period,
    cast(period || '-01' as date) as period_start,
    lower(entity_type) as entity_type,
    entity_id,
    cast(numerator as float) as numerator,
    cast(denominator as float) as denominator,
    _source_file as source_file,
    _source_line as source_line
from latest
;
-- int_qi_need_windows
create table "warehouse"."intermediate"."int_qi_need_windows" as
-- One row per need that links a metric: the metric's grain, direction and unit, and the windows around
-- the need's education (first to last session of any linked activity; the months it ran in belong to
-- no window).
--   difference-in-differences: baseline = the `baseline_months` full months before the first session's
--     month; follow-up = the `followup_months` full months after the last session's month.
--   interrupted time series: every month before the education; follow-up = up to `its_followup_months`
--     after it.
-- A follow-up window is complete when the metric's data reach its last month; no claim is made before.
with education as (
    select * from "warehouse"."intermediate"."int_need_education"
    where metric_id is not null
),

metrics as (
    select * from "warehouse"."staging"."stg_metric_catalog"
),

latest_data as (
    select metric_id, max(period_start) as latest_data_month
    from "warehouse"."staging"."stg_metric_values"
    group by metric_id
),

months as (
    select
        education.*,
        cast(date_trunc('month', education.education_start) as date) as first_session_month,
        cast(date_trunc('month', education.education_end) as date) as last_session_month
    from education
),

windows as (
    select
        months.need_id,
        months.metric_id,
        metrics.metric_name,
        metrics.unit_of_analysis,
        metrics.improvement_notation,
        metrics.scoring,
        metrics.measure_type,
        case metrics.scoring when 'rate_per_1000' then 1000.0 else 1.0 end as rate_scale,
        (case metrics.scoring
        when 'proportion' then 'proportion (0-1)'
        when 'rate_per_1000' then 'per 1,000 ' || lower(coalesce(metrics.denominator_definition, 'denominator units'))
        when 'ratio' then 'observed/expected ratio'
        else metrics.scoring
    end) as rate_unit,
        months.target_service_line,
        months.target_professions,
        months.education_start,
        months.education_end,
        months.first_session_month,
        months.last_session_month,
        
        (date_diff('month', months.first_session_month::timestamp, months.last_session_month::timestamp ))
     + 1 as education_months,
        cast(

    (months.first_session_month + cast(-6 as bigint) * interval 1 month) as date) as baseline_start,
    cast(

    (

    (cast(

    (months.first_session_month + cast(-1 as bigint) * interval 1 month) as date) + cast(1 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day) as date) as baseline_end,
    cast(

    (months.last_session_month + cast(1 as bigint) * interval 1 month) as date) as followup_start,
    cast(

    (

    (cast(

    (months.last_session_month + cast(6 as bigint) * interval 1 month) as date) + cast(1 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day) as date) as followup_end,
        cast(

    (

    (cast(

    (months.last_session_month + cast(12 as bigint) * interval 1 month) as date) + cast(1 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day) as date) as its_followup_end,
        latest_data.latest_data_month
    from months
    inner join metrics on metrics.metric_id = months.metric_id
    left join latest_data on latest_data.metric_id = months.metric_id
)

select
    windows.*,
    coalesce(latest_data_month >= cast(date_trunc('month', followup_end) as date), false) as did_followup_complete,
    coalesce(latest_data_month >= cast(date_trunc('month', its_followup_end) as date), false) as its_followup_complete
from windows
;
-- stg_point_of_care
create table "warehouse"."staging"."stg_point_of_care" as
with latest as (
    select *
    from (
        select
            delivered.*,
            row_number() over (
                partition by learner_id, entry_date, question
                order by delivered._source_file desc, delivered._source_line desc
            ) as delivery_rank
        from "warehouse"."raw"."point_of_care" as delivered
    ) as ranked
    where delivery_rank = 1
)

select
    learner_id,
    npi as reported_npi,
    email as reported_email,
    first_name as reported_first_name,
    last_name as reported_last_name,
    profession,
    cast(entry_date as date) as entry_date,
    question,
    source,
    cast(minutes as float) as minutes,
    lower(applied_to_practice) as applied_to_practice,
    cast(credits_claimed as float) as credits_claimed,
    _source_file as source_file,
    _source_line as source_line
from latest
;
-- int_point_of_care_resolved
create table "warehouse"."restricted"."int_point_of_care_resolved" as
-- Each point-of-care look-up's learner resolved to a roster clinician, by the same rule as attendance
-- (macros/identity.sql). An unmatched learner still counts for PARS, keyed by the log's own user id.
-- `question_words`: the question normalized once for the topic matching (macros/text.sql).
with point_of_care as (
    select * from "warehouse"."staging"."stg_point_of_care"
),

roster_identity as (
    select
        npi,
        lower(trim(email)) as email_key,
        lower(trim(first_name)) as first_name_key,
        lower(trim(last_name)) as last_name_key,
        profession
    from "warehouse"."staging"."stg_roster"
),

clinicians_by_email as (
    select email_key, min(npi) as npi, count(*) as clinicians
    from roster_identity
    where email_key is not null
    group by email_key
),

clinicians_by_name as (
    select first_name_key, last_name_key, profession, min(npi) as npi, count(*) as clinicians
    from roster_identity
    where first_name_key is not null and last_name_key is not null
    group by first_name_key, last_name_key, profession
),

candidates as (
    select
        point_of_care.*,
        (
    case
        when point_of_care.reported_npi is null then false
        when length(point_of_care.reported_npi) <> 10 then false
        when translate(point_of_care.reported_npi, '0123456789', '') <> '' then false
        when substring(point_of_care.reported_npi, 1, 1) not in ('1', '2') then false
        else mod(
                10 - mod(
                    24
                    + case when 2 * cast(substring(point_of_care.reported_npi, 1, 1) as integer) > 9 then 2 * cast(substring(point_of_care.reported_npi, 1, 1) as integer) - 9 else 2 * cast(substring(point_of_care.reported_npi, 1, 1) as integer) end
                    + cast(substring(point_of_care.reported_npi, 2, 1) as integer)
                    + case when 2 * cast(substring(point_of_care.reported_npi, 3, 1) as integer) > 9 then 2 * cast(substring(point_of_care.reported_npi, 3, 1) as integer) - 9 else 2 * cast(substring(point_of_care.reported_npi, 3, 1) as integer) end
                    + cast(substring(point_of_care.reported_npi, 4, 1) as integer)
                    + case when 2 * cast(substring(point_of_care.reported_npi, 5, 1) as integer) > 9 then 2 * cast(substring(point_of_care.reported_npi, 5, 1) as integer) - 9 else 2 * cast(substring(point_of_care.reported_npi, 5, 1) as integer) end
                    + cast(substring(point_of_care.reported_npi, 6, 1) as integer)
                    + case when 2 * cast(substring(point_of_care.reported_npi, 7, 1) as integer) > 9 then 2 * cast(substring(point_of_care.reported_npi, 7, 1) as integer) - 9 else 2 * cast(substring(point_of_care.reported_npi, 7, 1) as integer) end
                    + cast(substring(point_of_care.reported_npi, 8, 1) as integer)
                    + case when 2 * cast(substring(point_of_care.reported_npi, 9, 1) as integer) > 9 then 2 * cast(substring(point_of_care.reported_npi, 9, 1) as integer) - 9 else 2 * cast(substring(point_of_care.reported_npi, 9, 1) as integer) end
                , 10)
            , 10) = cast(substring(point_of_care.reported_npi, 10, 1) as integer)
    end
) as reported_npi_is_valid,
        by_npi.npi as npi_match,
        case when by_email.clinicians = 1 then by_email.npi end as email_match,
        case when by_name.clinicians = 1 then by_name.npi end as name_match
    from point_of_care
    left join roster_identity as by_npi
        on by_npi.npi = point_of_care.reported_npi
        and (
    case
        when point_of_care.reported_npi is null then false
        when length(point_of_care.reported_npi) <> 10 then false
        when translate(point_of_care.reported_npi, '0123456789', '') <> '' then false
        when substring(point_of_care.reported_npi, 1, 1) not in ('1', '2') then false
        else mod(
                10 - mod(
                    24
                    + case when 2 * cast(substring(point_of_care.reported_npi, 1, 1) as integer) > 9 then 2 * cast(substring(point_of_care.reported_npi, 1, 1) as integer) - 9 else 2 * cast(substring(point_of_care.reported_npi, 1, 1) as integer) end
                    + cast(substring(point_of_care.reported_npi, 2, 1) as integer)
                    + case when 2 * cast(substring(point_of_care.reported_npi, 3, 1) as integer) > 9 then 2 * cast(substring(point_of_care.reported_npi, 3, 1) as integer) - 9 else 2 * cast(substring(point_of_care.reported_npi, 3, 1) as integer) end
                    + cast(substring(point_of_care.reported_npi, 4, 1) as integer)
                    + case when 2 * cast(substring(point_of_care.reported_npi, 5, 1) as integer) > 9 then 2 * cast(substring(point_of_care.reported_npi, 5, 1) as integer) - 9 else 2 * cast(substring(point_of_care.reported_npi, 5, 1) as integer) end
                    + cast(substring(point_of_care.reported_npi, 6, 1) as integer)
                    + case when 2 * cast(substring(point_of_care.reported_npi, 7, 1) as integer) > 9 then 2 * cast(substring(point_of_care.reported_npi, 7, 1) as integer) - 9 else 2 * cast(substring(point_of_care.reported_npi, 7, 1) as integer) end
                    + cast(substring(point_of_care.reported_npi, 8, 1) as integer)
                    + case when 2 * cast(substring(point_of_care.reported_npi, 9, 1) as integer) > 9 then 2 * cast(substring(point_of_care.reported_npi, 9, 1) as integer) - 9 else 2 * cast(substring(point_of_care.reported_npi, 9, 1) as integer) end
                , 10)
            , 10) = cast(substring(point_of_care.reported_npi, 10, 1) as integer)
    end
)
    left join clinicians_by_email as by_email
        on by_email.email_key = lower(trim(point_of_care.reported_email))
    left join clinicians_by_name as by_name
        on by_name.first_name_key = lower(trim(point_of_care.reported_first_name))
        and by_name.last_name_key = lower(trim(point_of_care.reported_last_name))
        and by_name.profession = point_of_care.profession
)

select
    learner_id,
    entry_date,
    question,
    ' ' || trim(regexp_replace(lower(question), '[^a-z0-9]+', ' ', 'g')) || ' ' as question_words,
    profession,
    profession in ('MD', 'DO') as is_physician,
    reported_npi,
    reported_npi_is_valid,
    coalesce(npi_match, email_match, name_match) as clinician_npi,
    case
        when npi_match is not null then 'npi'
        when email_match is not null then 'email'
        when name_match is not null then 'name_profession'
        else 'unmatched'
    end as match_method,
    coalesce(
        'npi:' || coalesce(npi_match, email_match, name_match),
        'poc:' || learner_id
    ) as learner_key,
    source,
    minutes,
    applied_to_practice,
    applied_to_practice in ('diagnosis', 'treatment') as applied,
    credits_claimed
from candidates
;
-- int_metric_topics
create table "warehouse"."intermediate"."int_metric_topics" as
-- One row per metric x topic phrase of the catalog's topic_keywords, with its normalized words
-- (macros/text.sql): the metric's topics, read once for the needs that point at it (int_need_topics) and
-- for the question volume on metrics no need covers yet (int_metric_topic_look_ups).
with catalog as (
    select metric_id, topic_keywords from "warehouse"."staging"."stg_metric_catalog" where topic_keywords is not null
),

positions as (
    
    select 1 as position union all
    select 2 as position union all
    select 3 as position union all
    select 4 as position union all
    select 5 as position union all
    select 6 as position union all
    select 7 as position union all
    select 8 as position union all
    select 9 as position union all
    select 10 as position union all
    select 11 as position union all
    select 12 as position union all
    select 13 as position union all
    select 14 as position union all
    select 15 as position union all
    select 16 as position union all
    select 17 as position union all
    select 18 as position union all
    select 19 as position union all
    select 20 as position
),

phrases as (
    select catalog.metric_id, trim(
    string_split(catalog.topic_keywords, '|')[ positions.position ]
) as topic
    from catalog cross join positions
)

select distinct metric_id, topic, ' ' || trim(regexp_replace(lower(topic), '[^a-z0-9]+', ' ', 'g')) || ' ' as topic_words
from phrases
where topic <> ''
;
-- int_need_topics
create table "warehouse"."intermediate"."int_need_topics" as
-- One row per need x topic phrase: the need's own topic_keywords and those of the metric it points at
-- (int_metric_topics), each as its normalized words (macros/text.sql), for matching point-of-care questions.
with needs as (
    select need_id, metric_id, topic_keywords from "warehouse"."staging"."stg_needs"
),

positions as (
    
    select 1 as position union all
    select 2 as position union all
    select 3 as position union all
    select 4 as position union all
    select 5 as position union all
    select 6 as position union all
    select 7 as position union all
    select 8 as position union all
    select 9 as position union all
    select 10 as position union all
    select 11 as position union all
    select 12 as position union all
    select 13 as position union all
    select 14 as position union all
    select 15 as position union all
    select 16 as position union all
    select 17 as position union all
    select 18 as position union all
    select 19 as position union all
    select 20 as position
),

phrases as (
    select needs.need_id, trim(
    string_split(needs.topic_keywords, '|')[ positions.position ]
) as topic,
        ' ' || trim(regexp_replace(lower(trim(
    string_split(needs.topic_keywords, '|')[ positions.position ]
)), '[^a-z0-9]+', ' ', 'g')) || ' ' as topic_words,
        'need' as topic_from
    from needs cross join positions
    where needs.topic_keywords is not null
    union all
    select needs.need_id, metric_topics.topic, metric_topics.topic_words, 'metric'
    from needs
    inner join "warehouse"."intermediate"."int_metric_topics" as metric_topics on metric_topics.metric_id = needs.metric_id
)

select need_id, topic, min(topic_words) as topic_words, min(topic_from) as topic_from
from phrases
where topic <> ''
group by need_id, topic
;
-- int_point_of_care_need_matches
create table "warehouse"."restricted"."int_point_of_care_need_matches" as
-- One row per point-of-care look-up x need whose topic it mentions, with the first phrase that matched:
-- kept for audit (which question was read as which need, and why). The rule (macros/text.sql): a topic
-- phrase's words appear, in order and as whole words, in the question, case and punctuation ignored.
with look_ups as (
    select * from "warehouse"."restricted"."int_point_of_care_resolved"
),

topics as (
    select * from "warehouse"."intermediate"."int_need_topics"
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
inner join topics on (look_ups.question_words like '%' || topics.topic_words || '%' and trim(topics.topic_words) <> '')
group by look_ups.learner_id, look_ups.entry_date, look_ups.question, topics.need_id
;
-- int_need_target_audience
create table "warehouse"."restricted"."int_need_target_audience" as
-- One row per need x roster clinician in its target audience: the target service line and
-- professions (an empty list means every profession), on the roster at some point of the
-- need's education period (or, before any education, on the day the need was identified).
with needs as (
    select
        need_id,
        target_service_line,
        target_professions,
        coalesce(education_start, identified_on) as period_start,
        coalesce(education_end, identified_on) as period_end
    from "warehouse"."intermediate"."int_need_education"
),

roster as (
    select * from "warehouse"."staging"."stg_roster"
)

select
    needs.need_id,
    roster.npi as clinician_npi,
    roster.profession,
    roster.unit
from needs
inner join roster
    on roster.service_line = needs.target_service_line
    and (
        needs.target_professions is null
        or ('|' || needs.target_professions || '|' like '%|' || roster.profession || '|%')
    )
    and (roster.active_from is null or roster.active_from <= needs.period_end)
    and (roster.active_to is null or roster.active_to >= needs.period_start)
;
-- int_need_learners
create table "warehouse"."restricted"."int_need_learners" as
-- One row per need x resolved clinician who attended any activity linked to the need,
-- with when they first attended and how many sessions. Clinician-level: restricted data.
with attendance as (
    select * from "warehouse"."restricted"."int_attendance_resolved"
    where clinician_npi is not null
),

activity_needs as (
    select * from "warehouse"."intermediate"."int_activity_needs"
)

select
    activity_needs.need_id,
    attendance.clinician_npi,
    min(attendance.session_date) as first_attended_on,
    count(*) as sessions_attended
from attendance
inner join activity_needs on activity_needs.activity_id = attendance.activity_id
group by activity_needs.need_id, attendance.clinician_npi
;
-- int_point_of_care_exposure
create table "warehouse"."restricted"."int_point_of_care_exposure" as
-- One row per need x clinician of its target audience who looked its topic up and applied what they found
-- (a change in diagnosis or treatment): exposed by point-of-care learning. The exposure event is the first
-- applied look-up; its month anchors the clinician's windows in qi_impact's point-of-care estimate, which
-- leaves out clinicians who also attended one of the need's activities (`attended`: the attendance
-- estimate's exposed). Clinician-level: restricted.
with matches as (
    select * from "warehouse"."restricted"."int_point_of_care_need_matches"
    where applied and clinician_npi is not null
),

audience as (
    select * from "warehouse"."restricted"."int_need_target_audience"
),

learners as (
    select * from "warehouse"."restricted"."int_need_learners"
),

exposure as (
    select
        matches.need_id,
        matches.clinician_npi,
        min(matches.entry_date) as first_applied_on,
        count(*) as applied_look_ups
    from matches
    inner join audience
        on audience.need_id = matches.need_id
        and audience.clinician_npi = matches.clinician_npi
    group by matches.need_id, matches.clinician_npi
)

select
    exposure.need_id,
    exposure.clinician_npi,
    exposure.first_applied_on,
    cast(date_trunc('month', exposure.first_applied_on) as date) as exposure_month,
    exposure.applied_look_ups,
    learners.clinician_npi is not null as attended
from exposure
left join learners
    on learners.need_id = exposure.need_id
    and learners.clinician_npi = exposure.clinician_npi
;
-- int_qi_exposure_windows
create table "warehouse"."intermediate"."int_qi_exposure_windows" as
-- One row per need and exposure that qi_impact estimates: the need's metric facts (int_qi_need_windows)
-- with the exposure's period and windows.
--   attendance: every need that links a metric; the period is its education (first to last session).
--   point_of_care: clinician-metric needs with a clinician exposed by point-of-care learning (an applied
--     look-up, not an attendee); the period runs from the first such look-up to the last, and the windows
--     span the exposed clinicians' own windows - those whose follow-up the data cover, or all of them
--     while none does yet (then the follow-up is not complete and no claim is made).
with windows as (
    select * from "warehouse"."intermediate"."int_qi_need_windows"
),

look_ups as (
    select
        point_of_care.*,
        windows.latest_data_month >= cast(

    (point_of_care.exposure_month + cast(6 as bigint) * interval 1 month) as date)
            as followup_covered
    from "warehouse"."restricted"."int_point_of_care_exposure" as point_of_care
    inner join windows on windows.need_id = point_of_care.need_id
    where windows.unit_of_analysis = 'clinician' and not point_of_care.attended
),

covered as (
    select need_id, max(case when followup_covered then 1 else 0 end) = 1 as any_covered
    from look_ups
    group by need_id
),

point_of_care as (
    select
        look_ups.need_id,
        min(look_ups.first_applied_on) as education_start,
        max(look_ups.first_applied_on) as education_end,
        min(look_ups.exposure_month) as first_session_month,
        max(look_ups.exposure_month) as last_session_month,
        max(case when covered.any_covered then 1 else 0 end) = 1 as did_followup_complete
    from look_ups
    inner join covered on covered.need_id = look_ups.need_id
    where look_ups.followup_covered or not covered.any_covered
    group by look_ups.need_id
)

select windows.*, 'attendance' as exposure
from windows
union all
select
    windows.need_id,
    windows.metric_id,
    windows.metric_name,
    windows.unit_of_analysis,
    windows.improvement_notation,
    windows.scoring,
    windows.measure_type,
    windows.rate_scale,
    windows.rate_unit,
    windows.target_service_line,
    windows.target_professions,
    point_of_care.education_start,
    point_of_care.education_end,
    point_of_care.first_session_month,
    point_of_care.last_session_month,
    
        (date_diff('month', point_of_care.first_session_month::timestamp, point_of_care.last_session_month::timestamp ))
     + 1
        as education_months,
    cast(

    (point_of_care.first_session_month + cast(-6 as bigint) * interval 1 month) as date) as baseline_start,
    cast(

    (

    (cast(

    (point_of_care.first_session_month + cast(-1 as bigint) * interval 1 month) as date) + cast(1 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day) as date) as baseline_end,
    cast(

    (point_of_care.last_session_month + cast(1 as bigint) * interval 1 month) as date) as followup_start,
    cast(

    (

    (cast(

    (point_of_care.last_session_month + cast(6 as bigint) * interval 1 month) as date) + cast(1 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day) as date) as followup_end,
    cast(null as date) as its_followup_end,
    windows.latest_data_month,
    point_of_care.did_followup_complete,
    false as its_followup_complete,
    'point_of_care' as exposure
from point_of_care
inner join windows on windows.need_id = point_of_care.need_id
;
-- int_qi_point_of_care_entities
create table "warehouse"."restricted"."int_qi_point_of_care_entities" as
-- Who is compared in each need's point-of-care estimate (clinician metrics), stacked by look-up month.
--   exposed: target-audience clinicians whose first applied look-up on the need's topic (the exposure event,
--     int_point_of_care_exposure) came in a month whose follow-up window the metric's data already cover,
--     and who attended none of the need's activities (those are the attendance estimate's exposed: a
--     clinician exposed both ways would credit one with the other's effect). Each clinician's windows are
--     set from their own look-up month (macros/windows.sql).
--   comparison: the rest of the target audience, neither attending nor applying a look-up, once per
--     look-up month (cohort) with that cohort's windows and a weight of its share of the exposed - a stacked
--     difference-in-differences: every exposed clinician is compared with everyone else over the same
--     calendar months, and a comparison clinician still counts once in all (the weights sum to 1).
-- Every row's monthly series starts `point_of_care_pre_months` before its look-up month (the checks' pre-period).
-- Clinician-level: restricted.
with windows as (
    select * from "warehouse"."intermediate"."int_qi_need_windows"
    where unit_of_analysis = 'clinician'
),

audience as (
    select * from "warehouse"."restricted"."int_need_target_audience"
),

learners as (
    select * from "warehouse"."restricted"."int_need_learners"
),

point_of_care as (
    select * from "warehouse"."restricted"."int_point_of_care_exposure"
),

exposed as (
    select point_of_care.need_id, point_of_care.clinician_npi, point_of_care.exposure_month
    from point_of_care
    inner join windows on windows.need_id = point_of_care.need_id
    where not point_of_care.attended
        and windows.latest_data_month >= cast(

    (point_of_care.exposure_month + cast(6 as bigint) * interval 1 month) as date)
),

-- The comparison's stacks: one per look-up month, or - past `point_of_care_max_cohorts` distinct months
-- (a long history with look-ups in most months) - one per bin of consecutive look-up months, read at the
-- bin's middle month. The rows grow with clinicians x stacks, so the bins keep a large program bounded; the
-- exposed keep their own months either way.
ranked as (
    select
        need_id,
        exposure_month,
        count(*) as clinicians,
        dense_rank() over (partition by need_id order by exposure_month) - 1 as month_rank,
        count(*) over (partition by need_id) as months
    from exposed
    group by need_id, exposure_month
),

binned as (
    select
        need_id,
        floor(month_rank / ceiling(1.0 * months / 24)) as bin,
        min(exposure_month) as first_month,
        max(exposure_month) as last_month,
        sum(clinicians) as clinicians
    from ranked
    group by need_id, floor(month_rank / ceiling(1.0 * months / 24))
),

cohorts as (
    select
        need_id,
        cast(

    (first_month + cast(floor(
        (date_diff('month', first_month::timestamp, last_month::timestamp ))
     / 2) as bigint) * interval 1 month) as date)
            as exposure_month,
        1.0 * clinicians / sum(clinicians) over (partition by need_id) as weight
    from binned
),

comparison as (
    select audience.need_id, audience.clinician_npi
    from audience
    inner join windows on windows.need_id = audience.need_id
    left join learners
        on learners.need_id = audience.need_id
        and learners.clinician_npi = audience.clinician_npi
    left join point_of_care
        on point_of_care.need_id = audience.need_id
        and point_of_care.clinician_npi = audience.clinician_npi
    where learners.clinician_npi is null and point_of_care.clinician_npi is null
),

stacked as (
    select exposed.need_id, exposed.clinician_npi, true as is_exposed, exposed.exposure_month, 1.0 as weight
    from exposed
    union all
    select comparison.need_id, comparison.clinician_npi, false, cohorts.exposure_month, cohorts.weight
    from comparison
    inner join cohorts on cohorts.need_id = comparison.need_id
)

select
    need_id,
    'point_of_care' as exposure,
    'clinician' as entity_type,
    clinician_npi as entity_id,
    is_exposed,
    exposure_month as exposure_start_month,
    exposure_month as exposure_end_month,
    weight,
    cast(

    (exposure_month + cast(-6 as bigint) * interval 1 month) as date) as baseline_start,
    cast(

    (

    (cast(

    (exposure_month + cast(-1 as bigint) * interval 1 month) as date) + cast(1 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day) as date) as baseline_end,
    cast(

    (exposure_month + cast(1 as bigint) * interval 1 month) as date) as followup_start,
    cast(

    (

    (cast(

    (exposure_month + cast(6 as bigint) * interval 1 month) as date) + cast(1 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day) as date) as followup_end,
    cast(

    (exposure_month + cast(-12 as bigint) * interval 1 month) as date) as series_start,
    cast(

    (

    (cast(

    (exposure_month + cast(6 as bigint) * interval 1 month) as date) + cast(1 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day) as date) as series_end,
    cast(null as integer) as roster_clinicians,
    cast(null as integer) as attending_clinicians
from stacked
;
-- int_qi_entity_exposure
create table "warehouse"."restricted"."int_qi_entity_exposure" as
-- Who is compared for each need and exposure, at the metric's grain, with each entity's windows (one row
-- per entity and exposure month; `weight` is how much the row counts). Clinician-level data: restricted.
-- Attendance (windows from the need's education, int_qi_need_windows):
--   clinician metrics: the need's target audience; exposed = attended a linked activity; comparison = the
--     rest, less the clinicians exposed by point-of-care learning during the windows (from the baseline's
--     first month to the follow-up's last): their change would carry what they learned. One who learned
--     before the baseline carries it in both windows, one after the follow-up in neither; they stay.
--   unit metrics: the target service line's units; exposed = at least `unit_exposure_share`
--     of the unit's roster clinicians attended a linked activity.
--   service-line metrics: the target service line itself (a pre/post series, no comparison).
-- Point-of-care learning (clinician metrics; windows from each clinician's first applied look-up):
--   int_qi_point_of_care_entities.
with windows as (
    select * from "warehouse"."intermediate"."int_qi_need_windows"
),

audience as (
    select * from "warehouse"."restricted"."int_need_target_audience"
),

learners as (
    select * from "warehouse"."restricted"."int_need_learners"
),

roster as (
    select * from "warehouse"."staging"."stg_roster"
),

point_of_care as (
    select * from "warehouse"."restricted"."int_point_of_care_exposure"
),

clinicians as (
    select
        windows.need_id,
        'clinician' as entity_type,
        audience.clinician_npi as entity_id,
        learners.clinician_npi is not null as is_exposed,
        cast(null as integer) as roster_clinicians,
        cast(null as integer) as attending_clinicians
    from windows
    inner join audience on audience.need_id = windows.need_id
    left join learners
        on learners.need_id = audience.need_id
        and learners.clinician_npi = audience.clinician_npi
    left join point_of_care
        on point_of_care.need_id = audience.need_id
        and point_of_care.clinician_npi = audience.clinician_npi
        and point_of_care.exposure_month between windows.baseline_start and windows.followup_end
    where windows.unit_of_analysis = 'clinician'
        and (learners.clinician_npi is not null or point_of_care.clinician_npi is null)
),

unit_attendance as (
    select
        windows.need_id,
        roster.unit,
        count(*) as roster_clinicians,
        sum(case when learners.clinician_npi is not null then 1 else 0 end) as attending_clinicians
    from windows
    inner join roster
        on roster.service_line = windows.target_service_line
        and roster.unit is not null
        and (roster.active_from is null or roster.active_from <= windows.education_end)
        and (roster.active_to is null or roster.active_to >= windows.education_start)
    left join learners
        on learners.need_id = windows.need_id
        and learners.clinician_npi = roster.npi
    where windows.unit_of_analysis = 'unit'
    group by windows.need_id, roster.unit
),

units as (
    select
        need_id,
        'unit' as entity_type,
        unit as entity_id,
        1.0 * attending_clinicians / roster_clinicians >= 0.5 as is_exposed,
        roster_clinicians,
        attending_clinicians
    from unit_attendance
),

service_lines as (
    select
        need_id,
        'service_line' as entity_type,
        target_service_line as entity_id,
        true as is_exposed,
        cast(null as integer) as roster_clinicians,
        cast(null as integer) as attending_clinicians
    from windows
    where unit_of_analysis = 'service_line'
),

attendance as (
    select * from clinicians
    union all
    select * from units
    union all
    select * from service_lines
)

select
    attendance.need_id,
    'attendance' as exposure,
    attendance.entity_type,
    attendance.entity_id,
    attendance.is_exposed,
    windows.first_session_month as exposure_start_month,
    windows.last_session_month as exposure_end_month,
    1.0 as weight,
    windows.baseline_start,
    windows.baseline_end,
    windows.followup_start,
    windows.followup_end,
    cast(null as date) as series_start,
    greatest(windows.followup_end, windows.its_followup_end) as series_end,
    attendance.roster_clinicians,
    attendance.attending_clinicians
from attendance
inner join windows on windows.need_id = attendance.need_id
where windows.first_session_month is not null
union all
select * from "warehouse"."restricted"."int_qi_point_of_care_entities"
;
-- int_qi_need_design
create table "warehouse"."intermediate"."int_qi_need_design" as
-- One row per need and exposure (int_qi_exposure_windows): which design estimates its effect, and the
-- groups it compares.
--   clinician_did            clinician metric: the exposed (attendees, or clinicians exposed by point-of-care
--                            learning) vs the rest of the target audience
--   unit_did                 unit metric: exposed units vs the target service line's other units
--   interrupted_time_series  attendance on a service-line metric, or on a unit or clinician metric whose
--                            whole target group was exposed (no comparison group): the group's own monthly
--                            series. Point-of-care exposure is always compared (clinician_did): its events
--                            are spread over time, with nothing to interrupt.
with windows as (
    select * from "warehouse"."intermediate"."int_qi_exposure_windows"
),

groups as (
    select
        need_id,
        exposure,
        count(distinct case when is_exposed then entity_id end) as exposed_entities,
        count(distinct case when not is_exposed then entity_id end) as comparison_entities
    from "warehouse"."restricted"."int_qi_entity_exposure"
    group by need_id, exposure
)

select
    windows.need_id,
    windows.exposure,
    case
        when windows.exposure = 'point_of_care' then 'clinician_did'
        when windows.unit_of_analysis = 'service_line' then 'interrupted_time_series'
        when coalesce(groups.exposed_entities, 0) > 0 and coalesce(groups.comparison_entities, 0) = 0
            then 'interrupted_time_series'
        when windows.unit_of_analysis = 'unit' then 'unit_did'
        else 'clinician_did'
    end as method,
    cast(coalesce(groups.exposed_entities, 0) as bigint) as exposed_entities,
    cast(coalesce(groups.comparison_entities, 0) as bigint) as comparison_entities
from windows
left join groups on groups.need_id = windows.need_id and groups.exposure = windows.exposure
;
-- int_qi_window_values
create table "warehouse"."restricted"."int_qi_window_values" as
-- Metric values of every compared entity in its baseline and follow-up windows (int_qi_entity_exposure
-- sets them per entity and exposure month), one row per need x exposure x entity x exposure month x month.
-- `weight` is the entity row's (a stacked comparison clinician counts once over all its exposure months).
-- Clinician-level data: restricted.
with entities as (
    select * from "warehouse"."restricted"."int_qi_entity_exposure"
),

windows as (
    select need_id, metric_id from "warehouse"."intermediate"."int_qi_need_windows"
),

metric_values as (
    select * from "warehouse"."staging"."stg_metric_values"
)

select
    entities.need_id,
    entities.exposure,
    entities.entity_type,
    entities.entity_id,
    entities.exposure_start_month,
    entities.is_exposed,
    entities.weight,
    case
        when metric_values.period_start between entities.baseline_start and entities.baseline_end then 'baseline'
        else 'followup'
    end as window_name,
    metric_values.period_start,
    metric_values.numerator,
    metric_values.denominator
from entities
inner join windows on windows.need_id = entities.need_id
inner join metric_values
    on metric_values.metric_id = windows.metric_id
    and metric_values.entity_type = entities.entity_type
    and metric_values.entity_id = entities.entity_id
    and (
        metric_values.period_start between entities.baseline_start and entities.baseline_end
        or metric_values.period_start between entities.followup_start and entities.followup_end
    )
;
-- int_qi_clinician_did
create table "warehouse"."intermediate"."int_qi_clinician_did" as
-- Clinician metrics, per need and exposure: the exposed (attendees, or clinicians exposed by point-of-care
-- learning) against the rest of the target audience (comparison), over the clinicians measured in both
-- windows (the panel). A stacked comparison clinician's windows are pooled over the look-up months at their
-- weights, so each clinician is one row. Two estimates of the exposure's effect:
--   difference-in-differences: the exposed group's change in its pooled rate minus the comparison group's,
--     with a clinician-clustered delta-method variance (each clinician's linearised change in the two pooled
--     rates) and Welch-Satterthwaite degrees of freedom: the clinician, not the patient, is the unit;
--   baseline-adjusted (ANCOVA): each clinician's follow-up rate regressed on their baseline rate and
--     exposure, weighted by their follow-up denominator (a clinician with 3 patients counts less than one
--     with 60, as in the pooled rates), with White's HC1 robust standard error. When the exposed were chosen
--     for poor baseline performance, their follow-up regresses towards the mean and the DiD counts that as
--     effect; ANCOVA does not (it errs the other way when groups differ for good), so the two bracket it -
--     as long as the groups overlap at baseline: the standardised difference of their baseline rates says
--     how far apart they were (the ANCOVA extrapolates across the gap when they do not overlap).
-- Rates are fractions (rate_per_1000: events per day), as in the metric values.
with window_values as (
    select * from "warehouse"."restricted"."int_qi_window_values"
    where entity_type = 'clinician'
),

clinician_windows as (
    select
        need_id,
        exposure,
        entity_id,
        is_exposed,
        sum(case when window_name = 'baseline' then weight * numerator else 0 end) as baseline_numerator,
        sum(case when window_name = 'baseline' then weight * denominator else 0 end) as baseline_denominator,
        sum(case when window_name = 'followup' then weight * numerator else 0 end) as followup_numerator,
        sum(case when window_name = 'followup' then weight * denominator else 0 end) as followup_denominator
    from window_values
    group by need_id, exposure, entity_id, is_exposed
),

panel as (
    select
        clinician_windows.*,
        baseline_numerator / baseline_denominator as baseline_rate,
        followup_numerator / followup_denominator as followup_rate,
        case when is_exposed then 1.0 else 0.0 end as exposed
    from clinician_windows
    where baseline_denominator > 0 and followup_denominator > 0
),

groups as (
    select
        need_id,
        exposure,
        is_exposed,
        count(*) as clinicians,
        sum(baseline_numerator) / sum(baseline_denominator) as baseline_rate,
        sum(followup_numerator) / sum(followup_denominator) as followup_rate,
        avg(baseline_denominator) as mean_baseline_denominator,
        avg(followup_denominator) as mean_followup_denominator,
        sum(baseline_denominator) as baseline_denominator,
        sum(followup_denominator) as followup_denominator,
        sum(baseline_numerator) as baseline_numerator,
        sum(followup_numerator) as followup_numerator,
        avg(baseline_rate) as mean_clinician_baseline_rate,
        var_samp(baseline_rate) as variance_clinician_baseline_rate
    from panel
    group by need_id, exposure, is_exposed
),

change_variance as (
    select
        panel.need_id,
        panel.exposure,
        panel.is_exposed,
        var_samp(
            (panel.followup_numerator - groups.followup_rate * panel.followup_denominator)
                / groups.mean_followup_denominator
            - (panel.baseline_numerator - groups.baseline_rate * panel.baseline_denominator)
                / groups.mean_baseline_denominator
        ) / count(*) as change_variance
    from panel
    inner join groups
        on groups.need_id = panel.need_id and groups.exposure = panel.exposure and groups.is_exposed = panel.is_exposed
    group by panel.need_id, panel.exposure, panel.is_exposed
),

per_need as (
    select
        groups.need_id,
        groups.exposure,
        sum(case when groups.is_exposed then groups.clinicians else 0 end) as exposed_n,
        sum(case when not groups.is_exposed then groups.clinicians else 0 end) as comparison_n,
        max(case when groups.is_exposed then groups.baseline_rate end) as exposed_baseline_rate,
        max(case when groups.is_exposed then groups.followup_rate end) as exposed_followup_rate,
        max(case when not groups.is_exposed then groups.baseline_rate end) as comparison_baseline_rate,
        max(case when not groups.is_exposed then groups.followup_rate end) as comparison_followup_rate,
        max(case when groups.is_exposed then change_variance.change_variance end) as exposed_variance,
        max(case when not groups.is_exposed then change_variance.change_variance end) as comparison_variance,
        -- Standardised difference of the clinicians' baseline rates (exposed minus comparison, in pooled SDs).
        (max(case when groups.is_exposed then groups.mean_clinician_baseline_rate end)
            - max(case when not groups.is_exposed then groups.mean_clinician_baseline_rate end))
        / nullif(sqrt((max(case when groups.is_exposed then groups.variance_clinician_baseline_rate end)
                      + max(case when not groups.is_exposed then groups.variance_clinician_baseline_rate end)) / 2.0), 0)
            as baseline_standardized_difference,
        min(least(groups.baseline_denominator, groups.followup_denominator)) as min_window_denominator,
        min(least(groups.baseline_numerator, groups.followup_numerator)) as min_window_numerator
    from groups
    left join change_variance
        on change_variance.need_id = groups.need_id
        and change_variance.exposure = groups.exposure
        and change_variance.is_exposed = groups.is_exposed
    group by groups.need_id, groups.exposure
),

ancova as (
    with design_0 as (
    select
        need_id, exposure,
        cast(null as integer) as time_index,
        cast(null as TEXT) as cluster_id,
        sqrt(followup_denominator) * (1.0) as x1,
        sqrt(followup_denominator) * (baseline_rate) as x2,
        sqrt(followup_denominator) * (exposed) as x_target,
        sqrt(followup_denominator) * (followup_rate) as y
    from panel
    where (followup_rate) is not null and (exposed) is not null and (followup_denominator) > 0
),

design_0_scaled as (
    select
        design_0.*,
        sum(x1 * x1) over (partition by need_id, exposure) as original_ss1,
        sum(x2 * x2) over (partition by need_id, exposure) as original_ss2,
        sum(x_target * x_target) over (partition by need_id, exposure) as original_ss_target
    from design_0
),

-- Nuisance column 1: normalise it, then project it out of every later column and the response.
design_1_norm as (
    select design_0_scaled.*, sum(x1 * x1) over (partition by need_id, exposure) as ss1
    from design_0_scaled
),

design_1 as (
    select
        need_id, exposure, time_index, cluster_id, original_ss_target,
        rank1,
        original_ss2,
        x2 - sum(x2 * q) over (partition by need_id, exposure) * q as x2,
        x_target - sum(x_target * q) over (partition by need_id, exposure) * q as x_target,
        y - sum(y * q) over (partition by need_id, exposure) * q as y
    from (
        select
            design_1_norm.*,
            case when ss1 > 1e-10 * original_ss1 then x1 / sqrt(ss1) else 0.0 end as q,
            case when ss1 > 1e-10 * original_ss1 then 1 else 0 end as rank1
        from design_1_norm
    ) as normalised
),

-- Nuisance column 2: normalise it, then project it out of every later column and the response.
design_2_norm as (
    select design_1.*, sum(x2 * x2) over (partition by need_id, exposure) as ss2
    from design_1
),

design_2 as (
    select
        need_id, exposure, time_index, cluster_id, original_ss_target, rank1,
        rank2,
        x_target - sum(x_target * q) over (partition by need_id, exposure) * q as x_target,
        y - sum(y * q) over (partition by need_id, exposure) * q as y
    from (
        select
            design_2_norm.*,
            case when ss2 > 1e-10 * original_ss2 then x2 / sqrt(ss2) else 0.0 end as q,
            case when ss2 > 1e-10 * original_ss2 then 1 else 0 end as rank2
        from design_2_norm
    ) as normalised
),

fitted as (
    select
        design_2.*,
        sum(x_target * y) over (partition by need_id, exposure) / nullif(sum(x_target * x_target) over (partition by need_id, exposure), 0) as coefficient,
        sum(x_target * x_target) over (partition by need_id, exposure) as target_ss,
        count(*) over (partition by need_id, exposure) as observations,
        1 + rank1 + rank2 as parameters
    from design_2
),

residuals as (
    select
        fitted.*,
        y - coefficient * x_target as residual,
        x_target * (y - coefficient * x_target) as score
    from fitted
),

per_group as (
    select
        need_id, exposure,
        max(observations) as observations,
        max(parameters) as parameters,
        max(coefficient) as coefficient,
        max(target_ss) as target_ss,
        max(original_ss_target) as original_ss_target,
        sum(residual * residual) as residual_ss,
        sum(score * score) as score_ss,
        cast(0 as integer) as robust_lag
    from residuals
    group by need_id, exposure
),

estimates as (
    select
        per_group.*,
        per_group.target_ss > 1e-10 * per_group.original_ss_target and per_group.observations > per_group.parameters
            as identified,
        per_group.score_ss 
            as long_run_score_ss,
        cast(null as bigint) as clusters,
        cast(null as float) as residual_autocorrelation
    from per_group
)

select
    need_id, exposure,
    observations,
    parameters,
    observations - parameters as degrees_of_freedom,
    case when identified then coefficient end as coefficient,
    case when identified then sqrt(residual_ss / (observations - parameters) / target_ss) end as standard_error_ols,
    case when identified
        then sqrt(greatest(long_run_score_ss, 0.0) * observations / (observations - parameters)) / target_ss
    end as standard_error_robust,
    -- Plain OLS inflated as for AR(1) errors, sqrt((1 + rho) / (1 - rho)): a floor for short series, on which
    -- Newey-West is known to come out too narrow.
    case when identified
        then sqrt(residual_ss / (observations - parameters) / target_ss)
             * sqrt((1.0 + coalesce(residual_autocorrelation, 0.0)) / (1.0 - coalesce(residual_autocorrelation, 0.0)))
    end as standard_error_ar1,
    residual_autocorrelation,
    clusters,
    robust_lag
from estimates
)

select
    per_need.need_id,
    per_need.exposure,
    cast(per_need.exposed_n as bigint) as exposed_n,
    cast(per_need.comparison_n as bigint) as comparison_n,
    per_need.exposed_baseline_rate,
    per_need.exposed_followup_rate,
    per_need.comparison_baseline_rate,
    per_need.comparison_followup_rate,
    (per_need.exposed_followup_rate - per_need.exposed_baseline_rate)
        - (per_need.comparison_followup_rate - per_need.comparison_baseline_rate) as did_effect,
    sqrt(per_need.exposed_variance + per_need.comparison_variance) as did_standard_error,
    -- Welch-Satterthwaite: the effect's variance is the sum of the two groups' independent parts.
    case
        when per_need.exposed_n > 1 and per_need.comparison_n > 1
            and per_need.exposed_variance + per_need.comparison_variance > 0
            then floor(
                (per_need.exposed_variance + per_need.comparison_variance)
                * (per_need.exposed_variance + per_need.comparison_variance)
                / (
                    per_need.exposed_variance * per_need.exposed_variance / (per_need.exposed_n - 1)
                    + per_need.comparison_variance * per_need.comparison_variance / (per_need.comparison_n - 1)
                )
            )
    end as did_degrees_of_freedom,
    ancova.coefficient as ancova_effect,
    ancova.standard_error_robust as ancova_standard_error,
    ancova.degrees_of_freedom as ancova_degrees_of_freedom,
    per_need.baseline_standardized_difference,
    per_need.min_window_denominator,
    per_need.min_window_numerator
from per_need
left join ancova on ancova.need_id = per_need.need_id and ancova.exposure = per_need.exposure
;
-- int_qi_entity_months
create table "warehouse"."restricted"."int_qi_entity_months" as
-- Every compared entity's monthly values, per need, exposure and exposure month, from its first month with
-- data to the end of the longer follow-up window: the rows the monthly-series designs pool
-- (int_qi_group_monthly) and the parallel-trends check of clinician DiD reads one by one. `relative_month`
-- counts months from the exposure's first month (the first session's, or the first applied look-up's;
-- negative before it); `phase` is pre (before the exposure), education (the months it ran in) or post.
-- Clinician-level: restricted.
with windows as (
    select need_id, metric_id from "warehouse"."intermediate"."int_qi_need_windows"
),

-- The panel: entities measured in both difference-in-differences windows, as the estimates use them. A
-- clinician who joins or leaves over the years would otherwise move the group's pooled rate by who they
-- are, and the parallel-trends check would read that change of membership as a change of trend.
panel as (
    select need_id, exposure, entity_type, entity_id, exposure_start_month
    from "warehouse"."restricted"."int_qi_window_values"
    group by need_id, exposure, entity_type, entity_id, exposure_start_month
    having count(distinct window_name) = 2
),

entities as (
    select compared.*
    from "warehouse"."restricted"."int_qi_entity_exposure" as compared
    inner join panel
        on panel.need_id = compared.need_id
        and panel.exposure = compared.exposure
        and panel.entity_type = compared.entity_type
        and panel.entity_id = compared.entity_id
        and panel.exposure_start_month = compared.exposure_start_month
),

metric_values as (
    select * from "warehouse"."staging"."stg_metric_values"
),

entity_months as (
    select
        entities.need_id,
        entities.exposure,
        entities.entity_type,
        entities.entity_id,
        entities.exposure_start_month,
        entities.exposure_end_month,
        entities.is_exposed,
        entities.weight,
        metric_values.period_start,
        metric_values.numerator,
        metric_values.denominator,
        case when metric_values.period_start < entities.exposure_start_month
             then metric_values.denominator end as pre_denominator
    from entities
    inner join windows on windows.need_id = entities.need_id
    inner join metric_values
        on metric_values.metric_id = windows.metric_id
        and metric_values.entity_type = entities.entity_type
        and metric_values.entity_id = entities.entity_id
        and metric_values.period_start <= entities.series_end
        and (entities.series_start is null or metric_values.period_start >= entities.series_start)
        and metric_values.denominator > 0
),

-- Each entity's rate less the whole audience's rate that month (what every member shares: the secular trend,
-- the season, system-wide shocks), then less its own pre-period mean of that difference. A group's mean
-- deviation moves only with what its members do differently from everyone - not with the common trend, and
-- not with who joins or leaves the group when (what the parallel-trends check needs).
month_rates as (
    select need_id, exposure, period_start, sum(weight * numerator) / sum(weight * denominator) as audience_rate
    from entity_months
    group by need_id, exposure, period_start
),

relative as (
    select
        entity_months.*,
        entity_months.numerator / entity_months.denominator - month_rates.audience_rate as relative_rate
    from entity_months
    inner join month_rates
        on month_rates.need_id = entity_months.need_id
        and month_rates.exposure = entity_months.exposure
        and month_rates.period_start = entity_months.period_start
),

deviations as (
    select
        relative.*,
        relative_rate
        - sum(case when pre_denominator is not null then denominator * relative_rate end)
            over (partition by need_id, exposure, entity_id, exposure_start_month)
          / nullif(sum(pre_denominator) over (partition by need_id, exposure, entity_id, exposure_start_month), 0)
            as deviation
    from relative
)

select
    need_id,
    exposure,
    entity_type,
    entity_id,
    exposure_start_month,
    is_exposed,
    weight,
    period_start,
    
        (date_diff('month', exposure_start_month::timestamp, period_start::timestamp ))
     as relative_month,
    case
        when period_start < exposure_start_month then 'pre'
        when period_start <= exposure_end_month then 'education'
        else 'post'
    end as phase,
    
        (date_diff('month', exposure_end_month::timestamp, period_start::timestamp ))
     as months_after_education,
    cast(extract(month from period_start) as integer) as calendar_month,
    numerator,
    denominator,
    deviation
from deviations
;
-- int_qi_group_monthly
create table "warehouse"."restricted"."int_qi_group_monthly" as
-- The monthly series every monthly-series design reads: per need, exposure, group (exposed or comparison)
-- and month relative to the exposure, the pooled numerator and denominator of the group's entities
-- (int_qi_entity_months, each counted at its weight) and their mean deviation, weighted by denominator.
-- With one exposure month (attendance) a relative month is one calendar month; stacked by look-up month
-- (point of care), it pools each clinician's own month. Pooled over a group that may be one clinician:
-- restricted.
with entity_months as (
    select * from "warehouse"."restricted"."int_qi_entity_months"
)

select
    need_id,
    exposure,
    is_exposed,
    relative_month,
    min(period_start) as period_start,
    max(phase) as phase,
    max(months_after_education) as months_after_education,
    max(calendar_month) as calendar_month,
    sum(weight * numerator) as numerator,
    sum(weight * denominator) as denominator,
    sum(case when deviation is not null then weight * denominator * deviation end)
        / nullif(sum(case when deviation is not null then weight * denominator end), 0) as mean_deviation,
    cast(count(distinct entity_id) as bigint) as reporting_entities
from entity_months
group by need_id, exposure, is_exposed, relative_month
;
-- int_qi_unit_did
create table "warehouse"."intermediate"."int_qi_unit_did" as
-- Unit metrics: exposed units against the target service line's other units. The effect is the change in
-- the monthly gap (exposed minus comparison pooled rate) from the baseline window to the follow-up window:
-- the coefficient of `followup` in a least-squares fit of the gap on (1, followup), whose Newey-West
-- interval allows for month-to-month autocorrelation of the gap.
with design as (
    select need_id, exposure from "warehouse"."intermediate"."int_qi_need_design"
    where method = 'unit_did'
),

monthly as (
    select monthly.*
    from "warehouse"."restricted"."int_qi_group_monthly" as monthly
    inner join design on design.need_id = monthly.need_id and design.exposure = monthly.exposure
    where monthly.relative_month between -6 and -1
       or monthly.months_after_education between 1 and 6
),

windowed as (
    select
        monthly.*,
        case when monthly.phase = 'pre' then 'baseline' else 'followup' end as window_name
    from monthly
),

gaps as (
    select
        exposed.need_id,
        exposed.exposure,
        exposed.relative_month,
        case when exposed.window_name = 'followup' then 1.0 else 0.0 end as followup,
        exposed.numerator / exposed.denominator - comparison.numerator / comparison.denominator as gap
    from windowed as exposed
    inner join windowed as comparison
        on comparison.need_id = exposed.need_id
        and comparison.exposure = exposed.exposure
        and comparison.relative_month = exposed.relative_month
        and not comparison.is_exposed
    where exposed.is_exposed
),

fit as (
    with design_0 as (
    select
        need_id, exposure,
        relative_month as time_index,
        cast(null as TEXT) as cluster_id,
        1.0 * (1.0) as x1,
        1.0 * (followup) as x_target,
        1.0 * (gap) as y
    from gaps
    where (gap) is not null and (followup) is not null
),

design_0_scaled as (
    select
        design_0.*,
        sum(x1 * x1) over (partition by need_id, exposure) as original_ss1,
        sum(x_target * x_target) over (partition by need_id, exposure) as original_ss_target
    from design_0
),

-- Nuisance column 1: normalise it, then project it out of every later column and the response.
design_1_norm as (
    select design_0_scaled.*, sum(x1 * x1) over (partition by need_id, exposure) as ss1
    from design_0_scaled
),

design_1 as (
    select
        need_id, exposure, time_index, cluster_id, original_ss_target,
        rank1,
        x_target - sum(x_target * q) over (partition by need_id, exposure) * q as x_target,
        y - sum(y * q) over (partition by need_id, exposure) * q as y
    from (
        select
            design_1_norm.*,
            case when ss1 > 1e-10 * original_ss1 then x1 / sqrt(ss1) else 0.0 end as q,
            case when ss1 > 1e-10 * original_ss1 then 1 else 0 end as rank1
        from design_1_norm
    ) as normalised
),

fitted as (
    select
        design_1.*,
        sum(x_target * y) over (partition by need_id, exposure) / nullif(sum(x_target * x_target) over (partition by need_id, exposure), 0) as coefficient,
        sum(x_target * x_target) over (partition by need_id, exposure) as target_ss,
        count(*) over (partition by need_id, exposure) as observations,
        1 + rank1 as parameters
    from design_1
),

residuals as (
    select
        fitted.*,
        y - coefficient * x_target as residual,
        x_target * (y - coefficient * x_target) as score
    from fitted
),

per_group as (
    select
        need_id, exposure,
        max(observations) as observations,
        max(parameters) as parameters,
        max(coefficient) as coefficient,
        max(target_ss) as target_ss,
        max(original_ss_target) as original_ss_target,
        sum(residual * residual) as residual_ss,
        sum(score * score) as score_ss,
        cast(least(12, floor(4.0 * power(max(observations) / 100.0, 2.0 / 9.0))) as integer)
            as robust_lag
    from residuals
    group by need_id, exposure
),

-- First-order autocorrelation of the residuals, over observations one month apart.
residual_lag_one as (
    select
        earlier.need_id,
        earlier.exposure,
        sum(earlier.residual * later.residual) / count(*) as lag_one_product
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.exposure = earlier.exposure and later.time_index = earlier.time_index + 1
    group by earlier.need_id, earlier.exposure
),

-- Newey-West: weighted products of the scores of observations 1..L months apart.
autocovariance as (
    select
        earlier.need_id,
        earlier.exposure,
        sum((1.0 - (later.time_index - earlier.time_index) / (per_group.robust_lag + 1.0)) * earlier.score * later.score)
            as lagged_score_products
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.exposure = earlier.exposure and later.time_index > earlier.time_index
    inner join per_group
        on per_group.need_id = earlier.need_id and per_group.exposure = earlier.exposure and later.time_index - earlier.time_index <= per_group.robust_lag
    group by earlier.need_id, earlier.exposure
),

estimates as (
    select
        per_group.*,
        per_group.target_ss > 1e-10 * per_group.original_ss_target and per_group.observations > per_group.parameters
            as identified,
        per_group.score_ss + 2.0 * coalesce(autocovariance.lagged_score_products, 0.0)
            as long_run_score_ss,
        cast(null as bigint) as clusters,
        -- The residuals' lag-1 autocorrelation, corrected for its small-sample bias towards zero
        -- (Marriott & Pope 1954: + (1 + 3 rho) / n), kept within [0, 0.9].
        least(0.9, greatest(0.0,
            residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0)
            + (1.0 + 3.0 * residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0))
              / per_group.observations
        )) as residual_autocorrelation
    from per_group
    left join autocovariance
        on autocovariance.need_id = per_group.need_id and autocovariance.exposure = per_group.exposure
    left join residual_lag_one
        on residual_lag_one.need_id = per_group.need_id and residual_lag_one.exposure = per_group.exposure
)

select
    need_id, exposure,
    observations,
    parameters,
    observations - parameters as degrees_of_freedom,
    case when identified then coefficient end as coefficient,
    case when identified then sqrt(residual_ss / (observations - parameters) / target_ss) end as standard_error_ols,
    case when identified
        then sqrt(greatest(long_run_score_ss, 0.0) * observations / (observations - parameters)) / target_ss
    end as standard_error_robust,
    -- Plain OLS inflated as for AR(1) errors, sqrt((1 + rho) / (1 - rho)): a floor for short series, on which
    -- Newey-West is known to come out too narrow.
    case when identified
        then sqrt(residual_ss / (observations - parameters) / target_ss)
             * sqrt((1.0 + coalesce(residual_autocorrelation, 0.0)) / (1.0 - coalesce(residual_autocorrelation, 0.0)))
    end as standard_error_ar1,
    residual_autocorrelation,
    clusters,
    robust_lag
from estimates
),

pooled as (
    select
        need_id,
        exposure,
        max(case when is_exposed and window_name = 'baseline' then numerator / denominator end) as exposed_baseline_rate,
        max(case when is_exposed and window_name = 'followup' then numerator / denominator end) as exposed_followup_rate,
        max(case when not is_exposed and window_name = 'baseline' then numerator / denominator end)
            as comparison_baseline_rate,
        max(case when not is_exposed and window_name = 'followup' then numerator / denominator end)
            as comparison_followup_rate,
        min(denominator) as min_window_denominator,
        min(numerator) as min_window_numerator
    from (
        select need_id, exposure, is_exposed, window_name, sum(numerator) as numerator, sum(denominator) as denominator
        from windowed
        group by need_id, exposure, is_exposed, window_name
    ) as group_windows
    group by need_id, exposure
)

select
    pooled.*,
    fit.coefficient as did_effect,
    greatest(fit.standard_error_robust, fit.standard_error_ols, fit.standard_error_ar1) as did_standard_error,
    fit.degrees_of_freedom as did_degrees_of_freedom,
    fit.robust_lag as newey_west_lag,
    cast(fit.observations as bigint) as gap_months
from pooled
left join fit on fit.need_id = pooled.need_id and fit.exposure = pooled.exposure
;
-- int_qi_series_its
create table "warehouse"."intermediate"."int_qi_series_its" as
-- Interrupted time series: segmented least-squares regression of the exposed group's monthly rate on
--   1, t (months from the first session's month), post (after the education), t_post (months since the
--   first follow-up month, 0 before it) and, for series of `its_seasonal_min_months` or more, one pair of
--   harmonic seasonal terms (sine and cosine of the calendar month).
-- The months the education ran in are left out. The effect is the level change at the first follow-up
-- month: the observed level minus the pre-period trend carried forward. Its interval is Newey-West's, with
-- t quantiles on n - p degrees of freedom, never narrower than plain OLS's, OLS's widened for AR(1)
-- residuals, or the spread of in-time placebo level changes (below). The trend change is estimated
-- too. The design's assumption - the pre-period trend would have gone on - is checked by a placebo: the
-- same model fitted to the pre-period alone with a pretend education at its middle month.
-- Attendance only: point-of-care exposure is a clinician's own event, estimated against a comparison group.
with design as (
    select need_id, exposure from "warehouse"."intermediate"."int_qi_need_design"
    where method = 'interrupted_time_series' and exposure = 'attendance'
),

series as (
    select
        monthly.need_id,
        monthly.relative_month as t,
        monthly.calendar_month,
        monthly.numerator,
        monthly.denominator,
        monthly.numerator / monthly.denominator as rate,
        case when monthly.phase = 'post' then 1.0 else 0.0 end as post,
        case when monthly.phase = 'post' then monthly.months_after_education - 1.0 else 0.0 end as t_post
    from "warehouse"."restricted"."int_qi_group_monthly" as monthly
    inner join design on design.need_id = monthly.need_id and design.exposure = monthly.exposure
    where monthly.is_exposed
        and (
            monthly.phase = 'pre'
            or monthly.phase = 'post' and monthly.months_after_education <= 12
        )
),

seasonal as (
    select
        series.*,
        case when count(*) over (partition by need_id) >= 24
             then sin(2.0 * 3.141592653589793 * calendar_month / 12.0) else 0.0 end as season_sine,
        case when count(*) over (partition by need_id) >= 24
             then cos(2.0 * 3.141592653589793 * calendar_month / 12.0) else 0.0 end as season_cosine
    from series
),

-- The placebo: pre-period months only, a pretend education starting at the middle pre-period month, with
-- the seasonal terms whenever the main fit has them (a season left in would look like a break).
placebo_series as (
    select
        pre.*,
        case when pre.t >= pre.middle_month then 1.0 else 0.0 end as placebo_post,
        case when pre.t >= pre.middle_month then pre.t - pre.middle_month else 0.0 end as placebo_t_post
    from (
        select
            seasonal.*,
            floor((min(t) over (partition by need_id) + max(t) over (partition by need_id) + 1) / 2.0) as middle_month
        from seasonal
        where post = 0
    ) as pre
),

-- In-time placebos: the same model fitted to the pre-period alone with a pretend education at every month
-- that leaves at least `its_placebo_min_months` months either side. Each placebo level change over its own
-- OLS standard error says how much wider than OLS a level change really varies where nothing happened -
-- system-wide shocks that persist for months included, which Newey-West on a few dozen months misses.
-- With at least `its_placebo_min_fits` placebos, the effect's standard error is never smaller than its OLS
-- standard error times their root mean square.
placebo_breaks as (
    select candidates.need_id, candidates.t as break_month
    from (select distinct need_id, t from seasonal where post = 0) as candidates
    inner join (select need_id, min(t) as first_month from seasonal where post = 0 group by need_id) as spans
        on spans.need_id = candidates.need_id
    where candidates.t - spans.first_month >= 6
        and candidates.t <= -6
),

placebo_grid_series as (
    select
        placebo_breaks.break_month,
        seasonal.*,
        case when seasonal.t >= placebo_breaks.break_month then 1.0 else 0.0 end as grid_post,
        case when seasonal.t >= placebo_breaks.break_month then seasonal.t - placebo_breaks.break_month else 0.0 end
            as grid_t_post
    from placebo_breaks
    inner join seasonal
        on seasonal.need_id = placebo_breaks.need_id
        and seasonal.post = 0
        and seasonal.t < placebo_breaks.break_month + 12
),

placebo_grid as (
    with design_0 as (
    select
        need_id, break_month,
        t as time_index,
        cast(null as TEXT) as cluster_id,
        1.0 * (1.0) as x1,
        1.0 * (t) as x2,
        1.0 * (grid_t_post) as x3,
        1.0 * (season_sine) as x4,
        1.0 * (season_cosine) as x5,
        1.0 * (grid_post) as x_target,
        1.0 * (rate) as y
    from placebo_grid_series
    where (rate) is not null and (grid_post) is not null
),

design_0_scaled as (
    select
        design_0.*,
        sum(x1 * x1) over (partition by need_id, break_month) as original_ss1,
        sum(x2 * x2) over (partition by need_id, break_month) as original_ss2,
        sum(x3 * x3) over (partition by need_id, break_month) as original_ss3,
        sum(x4 * x4) over (partition by need_id, break_month) as original_ss4,
        sum(x5 * x5) over (partition by need_id, break_month) as original_ss5,
        sum(x_target * x_target) over (partition by need_id, break_month) as original_ss_target
    from design_0
),

-- Nuisance column 1: normalise it, then project it out of every later column and the response.
design_1_norm as (
    select design_0_scaled.*, sum(x1 * x1) over (partition by need_id, break_month) as ss1
    from design_0_scaled
),

design_1 as (
    select
        need_id, break_month, time_index, cluster_id, original_ss_target,
        rank1,
        original_ss2,
        x2 - sum(x2 * q) over (partition by need_id, break_month) * q as x2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id, break_month) * q as x3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id, break_month) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id, break_month) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id, break_month) * q as x_target,
        y - sum(y * q) over (partition by need_id, break_month) * q as y
    from (
        select
            design_1_norm.*,
            case when ss1 > 1e-10 * original_ss1 then x1 / sqrt(ss1) else 0.0 end as q,
            case when ss1 > 1e-10 * original_ss1 then 1 else 0 end as rank1
        from design_1_norm
    ) as normalised
),

-- Nuisance column 2: normalise it, then project it out of every later column and the response.
design_2_norm as (
    select design_1.*, sum(x2 * x2) over (partition by need_id, break_month) as ss2
    from design_1
),

design_2 as (
    select
        need_id, break_month, time_index, cluster_id, original_ss_target, rank1,
        rank2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id, break_month) * q as x3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id, break_month) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id, break_month) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id, break_month) * q as x_target,
        y - sum(y * q) over (partition by need_id, break_month) * q as y
    from (
        select
            design_2_norm.*,
            case when ss2 > 1e-10 * original_ss2 then x2 / sqrt(ss2) else 0.0 end as q,
            case when ss2 > 1e-10 * original_ss2 then 1 else 0 end as rank2
        from design_2_norm
    ) as normalised
),

-- Nuisance column 3: normalise it, then project it out of every later column and the response.
design_3_norm as (
    select design_2.*, sum(x3 * x3) over (partition by need_id, break_month) as ss3
    from design_2
),

design_3 as (
    select
        need_id, break_month, time_index, cluster_id, original_ss_target, rank1, rank2,
        rank3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id, break_month) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id, break_month) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id, break_month) * q as x_target,
        y - sum(y * q) over (partition by need_id, break_month) * q as y
    from (
        select
            design_3_norm.*,
            case when ss3 > 1e-10 * original_ss3 then x3 / sqrt(ss3) else 0.0 end as q,
            case when ss3 > 1e-10 * original_ss3 then 1 else 0 end as rank3
        from design_3_norm
    ) as normalised
),

-- Nuisance column 4: normalise it, then project it out of every later column and the response.
design_4_norm as (
    select design_3.*, sum(x4 * x4) over (partition by need_id, break_month) as ss4
    from design_3
),

design_4 as (
    select
        need_id, break_month, time_index, cluster_id, original_ss_target, rank1, rank2, rank3,
        rank4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id, break_month) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id, break_month) * q as x_target,
        y - sum(y * q) over (partition by need_id, break_month) * q as y
    from (
        select
            design_4_norm.*,
            case when ss4 > 1e-10 * original_ss4 then x4 / sqrt(ss4) else 0.0 end as q,
            case when ss4 > 1e-10 * original_ss4 then 1 else 0 end as rank4
        from design_4_norm
    ) as normalised
),

-- Nuisance column 5: normalise it, then project it out of every later column and the response.
design_5_norm as (
    select design_4.*, sum(x5 * x5) over (partition by need_id, break_month) as ss5
    from design_4
),

design_5 as (
    select
        need_id, break_month, time_index, cluster_id, original_ss_target, rank1, rank2, rank3, rank4,
        rank5,
        x_target - sum(x_target * q) over (partition by need_id, break_month) * q as x_target,
        y - sum(y * q) over (partition by need_id, break_month) * q as y
    from (
        select
            design_5_norm.*,
            case when ss5 > 1e-10 * original_ss5 then x5 / sqrt(ss5) else 0.0 end as q,
            case when ss5 > 1e-10 * original_ss5 then 1 else 0 end as rank5
        from design_5_norm
    ) as normalised
),

fitted as (
    select
        design_5.*,
        sum(x_target * y) over (partition by need_id, break_month) / nullif(sum(x_target * x_target) over (partition by need_id, break_month), 0) as coefficient,
        sum(x_target * x_target) over (partition by need_id, break_month) as target_ss,
        count(*) over (partition by need_id, break_month) as observations,
        1 + rank1 + rank2 + rank3 + rank4 + rank5 as parameters
    from design_5
),

residuals as (
    select
        fitted.*,
        y - coefficient * x_target as residual,
        x_target * (y - coefficient * x_target) as score
    from fitted
),

per_group as (
    select
        need_id, break_month,
        max(observations) as observations,
        max(parameters) as parameters,
        max(coefficient) as coefficient,
        max(target_ss) as target_ss,
        max(original_ss_target) as original_ss_target,
        sum(residual * residual) as residual_ss,
        sum(score * score) as score_ss,
        cast(least(12, floor(4.0 * power(max(observations) / 100.0, 2.0 / 9.0))) as integer)
            as robust_lag
    from residuals
    group by need_id, break_month
),

-- First-order autocorrelation of the residuals, over observations one month apart.
residual_lag_one as (
    select
        earlier.need_id,
        earlier.break_month,
        sum(earlier.residual * later.residual) / count(*) as lag_one_product
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.break_month = earlier.break_month and later.time_index = earlier.time_index + 1
    group by earlier.need_id, earlier.break_month
),

-- Newey-West: weighted products of the scores of observations 1..L months apart.
autocovariance as (
    select
        earlier.need_id,
        earlier.break_month,
        sum((1.0 - (later.time_index - earlier.time_index) / (per_group.robust_lag + 1.0)) * earlier.score * later.score)
            as lagged_score_products
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.break_month = earlier.break_month and later.time_index > earlier.time_index
    inner join per_group
        on per_group.need_id = earlier.need_id and per_group.break_month = earlier.break_month and later.time_index - earlier.time_index <= per_group.robust_lag
    group by earlier.need_id, earlier.break_month
),

estimates as (
    select
        per_group.*,
        per_group.target_ss > 1e-10 * per_group.original_ss_target and per_group.observations > per_group.parameters
            as identified,
        per_group.score_ss + 2.0 * coalesce(autocovariance.lagged_score_products, 0.0)
            as long_run_score_ss,
        cast(null as bigint) as clusters,
        -- The residuals' lag-1 autocorrelation, corrected for its small-sample bias towards zero
        -- (Marriott & Pope 1954: + (1 + 3 rho) / n), kept within [0, 0.9].
        least(0.9, greatest(0.0,
            residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0)
            + (1.0 + 3.0 * residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0))
              / per_group.observations
        )) as residual_autocorrelation
    from per_group
    left join autocovariance
        on autocovariance.need_id = per_group.need_id and autocovariance.break_month = per_group.break_month
    left join residual_lag_one
        on residual_lag_one.need_id = per_group.need_id and residual_lag_one.break_month = per_group.break_month
)

select
    need_id, break_month,
    observations,
    parameters,
    observations - parameters as degrees_of_freedom,
    case when identified then coefficient end as coefficient,
    case when identified then sqrt(residual_ss / (observations - parameters) / target_ss) end as standard_error_ols,
    case when identified
        then sqrt(greatest(long_run_score_ss, 0.0) * observations / (observations - parameters)) / target_ss
    end as standard_error_robust,
    -- Plain OLS inflated as for AR(1) errors, sqrt((1 + rho) / (1 - rho)): a floor for short series, on which
    -- Newey-West is known to come out too narrow.
    case when identified
        then sqrt(residual_ss / (observations - parameters) / target_ss)
             * sqrt((1.0 + coalesce(residual_autocorrelation, 0.0)) / (1.0 - coalesce(residual_autocorrelation, 0.0)))
    end as standard_error_ar1,
    residual_autocorrelation,
    clusters,
    robust_lag
from estimates
),

placebo_spread as (
    select
        need_id,
        count(*) as placebo_fits,
        sqrt(avg(coefficient * coefficient / (standard_error_ols * standard_error_ols))) as placebo_inflation
    from placebo_grid
    where coefficient is not null and standard_error_ols > 0
    group by need_id
),

level_change as (
    with design_0 as (
    select
        need_id,
        t as time_index,
        cast(null as TEXT) as cluster_id,
        1.0 * (1.0) as x1,
        1.0 * (t) as x2,
        1.0 * (t_post) as x3,
        1.0 * (season_sine) as x4,
        1.0 * (season_cosine) as x5,
        1.0 * (post) as x_target,
        1.0 * (rate) as y
    from seasonal
    where (rate) is not null and (post) is not null
),

design_0_scaled as (
    select
        design_0.*,
        sum(x1 * x1) over (partition by need_id) as original_ss1,
        sum(x2 * x2) over (partition by need_id) as original_ss2,
        sum(x3 * x3) over (partition by need_id) as original_ss3,
        sum(x4 * x4) over (partition by need_id) as original_ss4,
        sum(x5 * x5) over (partition by need_id) as original_ss5,
        sum(x_target * x_target) over (partition by need_id) as original_ss_target
    from design_0
),

-- Nuisance column 1: normalise it, then project it out of every later column and the response.
design_1_norm as (
    select design_0_scaled.*, sum(x1 * x1) over (partition by need_id) as ss1
    from design_0_scaled
),

design_1 as (
    select
        need_id, time_index, cluster_id, original_ss_target,
        rank1,
        original_ss2,
        x2 - sum(x2 * q) over (partition by need_id) * q as x2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id) * q as x3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_1_norm.*,
            case when ss1 > 1e-10 * original_ss1 then x1 / sqrt(ss1) else 0.0 end as q,
            case when ss1 > 1e-10 * original_ss1 then 1 else 0 end as rank1
        from design_1_norm
    ) as normalised
),

-- Nuisance column 2: normalise it, then project it out of every later column and the response.
design_2_norm as (
    select design_1.*, sum(x2 * x2) over (partition by need_id) as ss2
    from design_1
),

design_2 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1,
        rank2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id) * q as x3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_2_norm.*,
            case when ss2 > 1e-10 * original_ss2 then x2 / sqrt(ss2) else 0.0 end as q,
            case when ss2 > 1e-10 * original_ss2 then 1 else 0 end as rank2
        from design_2_norm
    ) as normalised
),

-- Nuisance column 3: normalise it, then project it out of every later column and the response.
design_3_norm as (
    select design_2.*, sum(x3 * x3) over (partition by need_id) as ss3
    from design_2
),

design_3 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1, rank2,
        rank3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_3_norm.*,
            case when ss3 > 1e-10 * original_ss3 then x3 / sqrt(ss3) else 0.0 end as q,
            case when ss3 > 1e-10 * original_ss3 then 1 else 0 end as rank3
        from design_3_norm
    ) as normalised
),

-- Nuisance column 4: normalise it, then project it out of every later column and the response.
design_4_norm as (
    select design_3.*, sum(x4 * x4) over (partition by need_id) as ss4
    from design_3
),

design_4 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1, rank2, rank3,
        rank4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_4_norm.*,
            case when ss4 > 1e-10 * original_ss4 then x4 / sqrt(ss4) else 0.0 end as q,
            case when ss4 > 1e-10 * original_ss4 then 1 else 0 end as rank4
        from design_4_norm
    ) as normalised
),

-- Nuisance column 5: normalise it, then project it out of every later column and the response.
design_5_norm as (
    select design_4.*, sum(x5 * x5) over (partition by need_id) as ss5
    from design_4
),

design_5 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1, rank2, rank3, rank4,
        rank5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_5_norm.*,
            case when ss5 > 1e-10 * original_ss5 then x5 / sqrt(ss5) else 0.0 end as q,
            case when ss5 > 1e-10 * original_ss5 then 1 else 0 end as rank5
        from design_5_norm
    ) as normalised
),

fitted as (
    select
        design_5.*,
        sum(x_target * y) over (partition by need_id) / nullif(sum(x_target * x_target) over (partition by need_id), 0) as coefficient,
        sum(x_target * x_target) over (partition by need_id) as target_ss,
        count(*) over (partition by need_id) as observations,
        1 + rank1 + rank2 + rank3 + rank4 + rank5 as parameters
    from design_5
),

residuals as (
    select
        fitted.*,
        y - coefficient * x_target as residual,
        x_target * (y - coefficient * x_target) as score
    from fitted
),

per_group as (
    select
        need_id,
        max(observations) as observations,
        max(parameters) as parameters,
        max(coefficient) as coefficient,
        max(target_ss) as target_ss,
        max(original_ss_target) as original_ss_target,
        sum(residual * residual) as residual_ss,
        sum(score * score) as score_ss,
        cast(least(12, floor(4.0 * power(max(observations) / 100.0, 2.0 / 9.0))) as integer)
            as robust_lag
    from residuals
    group by need_id
),

-- First-order autocorrelation of the residuals, over observations one month apart.
residual_lag_one as (
    select
        earlier.need_id,
        sum(earlier.residual * later.residual) / count(*) as lag_one_product
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.time_index = earlier.time_index + 1
    group by earlier.need_id
),

-- Newey-West: weighted products of the scores of observations 1..L months apart.
autocovariance as (
    select
        earlier.need_id,
        sum((1.0 - (later.time_index - earlier.time_index) / (per_group.robust_lag + 1.0)) * earlier.score * later.score)
            as lagged_score_products
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.time_index > earlier.time_index
    inner join per_group
        on per_group.need_id = earlier.need_id and later.time_index - earlier.time_index <= per_group.robust_lag
    group by earlier.need_id
),

estimates as (
    select
        per_group.*,
        per_group.target_ss > 1e-10 * per_group.original_ss_target and per_group.observations > per_group.parameters
            as identified,
        per_group.score_ss + 2.0 * coalesce(autocovariance.lagged_score_products, 0.0)
            as long_run_score_ss,
        cast(null as bigint) as clusters,
        -- The residuals' lag-1 autocorrelation, corrected for its small-sample bias towards zero
        -- (Marriott & Pope 1954: + (1 + 3 rho) / n), kept within [0, 0.9].
        least(0.9, greatest(0.0,
            residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0)
            + (1.0 + 3.0 * residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0))
              / per_group.observations
        )) as residual_autocorrelation
    from per_group
    left join autocovariance
        on autocovariance.need_id = per_group.need_id
    left join residual_lag_one
        on residual_lag_one.need_id = per_group.need_id
)

select
    need_id,
    observations,
    parameters,
    observations - parameters as degrees_of_freedom,
    case when identified then coefficient end as coefficient,
    case when identified then sqrt(residual_ss / (observations - parameters) / target_ss) end as standard_error_ols,
    case when identified
        then sqrt(greatest(long_run_score_ss, 0.0) * observations / (observations - parameters)) / target_ss
    end as standard_error_robust,
    -- Plain OLS inflated as for AR(1) errors, sqrt((1 + rho) / (1 - rho)): a floor for short series, on which
    -- Newey-West is known to come out too narrow.
    case when identified
        then sqrt(residual_ss / (observations - parameters) / target_ss)
             * sqrt((1.0 + coalesce(residual_autocorrelation, 0.0)) / (1.0 - coalesce(residual_autocorrelation, 0.0)))
    end as standard_error_ar1,
    residual_autocorrelation,
    clusters,
    robust_lag
from estimates
),

trend_change as (
    with design_0 as (
    select
        need_id,
        t as time_index,
        cast(null as TEXT) as cluster_id,
        1.0 * (1.0) as x1,
        1.0 * (t) as x2,
        1.0 * (post) as x3,
        1.0 * (season_sine) as x4,
        1.0 * (season_cosine) as x5,
        1.0 * (t_post) as x_target,
        1.0 * (rate) as y
    from seasonal
    where (rate) is not null and (t_post) is not null
),

design_0_scaled as (
    select
        design_0.*,
        sum(x1 * x1) over (partition by need_id) as original_ss1,
        sum(x2 * x2) over (partition by need_id) as original_ss2,
        sum(x3 * x3) over (partition by need_id) as original_ss3,
        sum(x4 * x4) over (partition by need_id) as original_ss4,
        sum(x5 * x5) over (partition by need_id) as original_ss5,
        sum(x_target * x_target) over (partition by need_id) as original_ss_target
    from design_0
),

-- Nuisance column 1: normalise it, then project it out of every later column and the response.
design_1_norm as (
    select design_0_scaled.*, sum(x1 * x1) over (partition by need_id) as ss1
    from design_0_scaled
),

design_1 as (
    select
        need_id, time_index, cluster_id, original_ss_target,
        rank1,
        original_ss2,
        x2 - sum(x2 * q) over (partition by need_id) * q as x2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id) * q as x3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_1_norm.*,
            case when ss1 > 1e-10 * original_ss1 then x1 / sqrt(ss1) else 0.0 end as q,
            case when ss1 > 1e-10 * original_ss1 then 1 else 0 end as rank1
        from design_1_norm
    ) as normalised
),

-- Nuisance column 2: normalise it, then project it out of every later column and the response.
design_2_norm as (
    select design_1.*, sum(x2 * x2) over (partition by need_id) as ss2
    from design_1
),

design_2 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1,
        rank2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id) * q as x3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_2_norm.*,
            case when ss2 > 1e-10 * original_ss2 then x2 / sqrt(ss2) else 0.0 end as q,
            case when ss2 > 1e-10 * original_ss2 then 1 else 0 end as rank2
        from design_2_norm
    ) as normalised
),

-- Nuisance column 3: normalise it, then project it out of every later column and the response.
design_3_norm as (
    select design_2.*, sum(x3 * x3) over (partition by need_id) as ss3
    from design_2
),

design_3 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1, rank2,
        rank3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_3_norm.*,
            case when ss3 > 1e-10 * original_ss3 then x3 / sqrt(ss3) else 0.0 end as q,
            case when ss3 > 1e-10 * original_ss3 then 1 else 0 end as rank3
        from design_3_norm
    ) as normalised
),

-- Nuisance column 4: normalise it, then project it out of every later column and the response.
design_4_norm as (
    select design_3.*, sum(x4 * x4) over (partition by need_id) as ss4
    from design_3
),

design_4 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1, rank2, rank3,
        rank4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_4_norm.*,
            case when ss4 > 1e-10 * original_ss4 then x4 / sqrt(ss4) else 0.0 end as q,
            case when ss4 > 1e-10 * original_ss4 then 1 else 0 end as rank4
        from design_4_norm
    ) as normalised
),

-- Nuisance column 5: normalise it, then project it out of every later column and the response.
design_5_norm as (
    select design_4.*, sum(x5 * x5) over (partition by need_id) as ss5
    from design_4
),

design_5 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1, rank2, rank3, rank4,
        rank5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_5_norm.*,
            case when ss5 > 1e-10 * original_ss5 then x5 / sqrt(ss5) else 0.0 end as q,
            case when ss5 > 1e-10 * original_ss5 then 1 else 0 end as rank5
        from design_5_norm
    ) as normalised
),

fitted as (
    select
        design_5.*,
        sum(x_target * y) over (partition by need_id) / nullif(sum(x_target * x_target) over (partition by need_id), 0) as coefficient,
        sum(x_target * x_target) over (partition by need_id) as target_ss,
        count(*) over (partition by need_id) as observations,
        1 + rank1 + rank2 + rank3 + rank4 + rank5 as parameters
    from design_5
),

residuals as (
    select
        fitted.*,
        y - coefficient * x_target as residual,
        x_target * (y - coefficient * x_target) as score
    from fitted
),

per_group as (
    select
        need_id,
        max(observations) as observations,
        max(parameters) as parameters,
        max(coefficient) as coefficient,
        max(target_ss) as target_ss,
        max(original_ss_target) as original_ss_target,
        sum(residual * residual) as residual_ss,
        sum(score * score) as score_ss,
        cast(least(12, floor(4.0 * power(max(observations) / 100.0, 2.0 / 9.0))) as integer)
            as robust_lag
    from residuals
    group by need_id
),

-- First-order autocorrelation of the residuals, over observations one month apart.
residual_lag_one as (
    select
        earlier.need_id,
        sum(earlier.residual * later.residual) / count(*) as lag_one_product
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.time_index = earlier.time_index + 1
    group by earlier.need_id
),

-- Newey-West: weighted products of the scores of observations 1..L months apart.
autocovariance as (
    select
        earlier.need_id,
        sum((1.0 - (later.time_index - earlier.time_index) / (per_group.robust_lag + 1.0)) * earlier.score * later.score)
            as lagged_score_products
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.time_index > earlier.time_index
    inner join per_group
        on per_group.need_id = earlier.need_id and later.time_index - earlier.time_index <= per_group.robust_lag
    group by earlier.need_id
),

estimates as (
    select
        per_group.*,
        per_group.target_ss > 1e-10 * per_group.original_ss_target and per_group.observations > per_group.parameters
            as identified,
        per_group.score_ss + 2.0 * coalesce(autocovariance.lagged_score_products, 0.0)
            as long_run_score_ss,
        cast(null as bigint) as clusters,
        -- The residuals' lag-1 autocorrelation, corrected for its small-sample bias towards zero
        -- (Marriott & Pope 1954: + (1 + 3 rho) / n), kept within [0, 0.9].
        least(0.9, greatest(0.0,
            residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0)
            + (1.0 + 3.0 * residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0))
              / per_group.observations
        )) as residual_autocorrelation
    from per_group
    left join autocovariance
        on autocovariance.need_id = per_group.need_id
    left join residual_lag_one
        on residual_lag_one.need_id = per_group.need_id
)

select
    need_id,
    observations,
    parameters,
    observations - parameters as degrees_of_freedom,
    case when identified then coefficient end as coefficient,
    case when identified then sqrt(residual_ss / (observations - parameters) / target_ss) end as standard_error_ols,
    case when identified
        then sqrt(greatest(long_run_score_ss, 0.0) * observations / (observations - parameters)) / target_ss
    end as standard_error_robust,
    -- Plain OLS inflated as for AR(1) errors, sqrt((1 + rho) / (1 - rho)): a floor for short series, on which
    -- Newey-West is known to come out too narrow.
    case when identified
        then sqrt(residual_ss / (observations - parameters) / target_ss)
             * sqrt((1.0 + coalesce(residual_autocorrelation, 0.0)) / (1.0 - coalesce(residual_autocorrelation, 0.0)))
    end as standard_error_ar1,
    residual_autocorrelation,
    clusters,
    robust_lag
from estimates
),

pre_trend as (
    with design_0 as (
    select
        need_id,
        t as time_index,
        cast(null as TEXT) as cluster_id,
        1.0 * (1.0) as x1,
        1.0 * (post) as x2,
        1.0 * (t_post) as x3,
        1.0 * (season_sine) as x4,
        1.0 * (season_cosine) as x5,
        1.0 * (t) as x_target,
        1.0 * (rate) as y
    from seasonal
    where (rate) is not null and (t) is not null
),

design_0_scaled as (
    select
        design_0.*,
        sum(x1 * x1) over (partition by need_id) as original_ss1,
        sum(x2 * x2) over (partition by need_id) as original_ss2,
        sum(x3 * x3) over (partition by need_id) as original_ss3,
        sum(x4 * x4) over (partition by need_id) as original_ss4,
        sum(x5 * x5) over (partition by need_id) as original_ss5,
        sum(x_target * x_target) over (partition by need_id) as original_ss_target
    from design_0
),

-- Nuisance column 1: normalise it, then project it out of every later column and the response.
design_1_norm as (
    select design_0_scaled.*, sum(x1 * x1) over (partition by need_id) as ss1
    from design_0_scaled
),

design_1 as (
    select
        need_id, time_index, cluster_id, original_ss_target,
        rank1,
        original_ss2,
        x2 - sum(x2 * q) over (partition by need_id) * q as x2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id) * q as x3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_1_norm.*,
            case when ss1 > 1e-10 * original_ss1 then x1 / sqrt(ss1) else 0.0 end as q,
            case when ss1 > 1e-10 * original_ss1 then 1 else 0 end as rank1
        from design_1_norm
    ) as normalised
),

-- Nuisance column 2: normalise it, then project it out of every later column and the response.
design_2_norm as (
    select design_1.*, sum(x2 * x2) over (partition by need_id) as ss2
    from design_1
),

design_2 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1,
        rank2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id) * q as x3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_2_norm.*,
            case when ss2 > 1e-10 * original_ss2 then x2 / sqrt(ss2) else 0.0 end as q,
            case when ss2 > 1e-10 * original_ss2 then 1 else 0 end as rank2
        from design_2_norm
    ) as normalised
),

-- Nuisance column 3: normalise it, then project it out of every later column and the response.
design_3_norm as (
    select design_2.*, sum(x3 * x3) over (partition by need_id) as ss3
    from design_2
),

design_3 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1, rank2,
        rank3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_3_norm.*,
            case when ss3 > 1e-10 * original_ss3 then x3 / sqrt(ss3) else 0.0 end as q,
            case when ss3 > 1e-10 * original_ss3 then 1 else 0 end as rank3
        from design_3_norm
    ) as normalised
),

-- Nuisance column 4: normalise it, then project it out of every later column and the response.
design_4_norm as (
    select design_3.*, sum(x4 * x4) over (partition by need_id) as ss4
    from design_3
),

design_4 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1, rank2, rank3,
        rank4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_4_norm.*,
            case when ss4 > 1e-10 * original_ss4 then x4 / sqrt(ss4) else 0.0 end as q,
            case when ss4 > 1e-10 * original_ss4 then 1 else 0 end as rank4
        from design_4_norm
    ) as normalised
),

-- Nuisance column 5: normalise it, then project it out of every later column and the response.
design_5_norm as (
    select design_4.*, sum(x5 * x5) over (partition by need_id) as ss5
    from design_4
),

design_5 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1, rank2, rank3, rank4,
        rank5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_5_norm.*,
            case when ss5 > 1e-10 * original_ss5 then x5 / sqrt(ss5) else 0.0 end as q,
            case when ss5 > 1e-10 * original_ss5 then 1 else 0 end as rank5
        from design_5_norm
    ) as normalised
),

fitted as (
    select
        design_5.*,
        sum(x_target * y) over (partition by need_id) / nullif(sum(x_target * x_target) over (partition by need_id), 0) as coefficient,
        sum(x_target * x_target) over (partition by need_id) as target_ss,
        count(*) over (partition by need_id) as observations,
        1 + rank1 + rank2 + rank3 + rank4 + rank5 as parameters
    from design_5
),

residuals as (
    select
        fitted.*,
        y - coefficient * x_target as residual,
        x_target * (y - coefficient * x_target) as score
    from fitted
),

per_group as (
    select
        need_id,
        max(observations) as observations,
        max(parameters) as parameters,
        max(coefficient) as coefficient,
        max(target_ss) as target_ss,
        max(original_ss_target) as original_ss_target,
        sum(residual * residual) as residual_ss,
        sum(score * score) as score_ss,
        cast(least(12, floor(4.0 * power(max(observations) / 100.0, 2.0 / 9.0))) as integer)
            as robust_lag
    from residuals
    group by need_id
),

-- First-order autocorrelation of the residuals, over observations one month apart.
residual_lag_one as (
    select
        earlier.need_id,
        sum(earlier.residual * later.residual) / count(*) as lag_one_product
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.time_index = earlier.time_index + 1
    group by earlier.need_id
),

-- Newey-West: weighted products of the scores of observations 1..L months apart.
autocovariance as (
    select
        earlier.need_id,
        sum((1.0 - (later.time_index - earlier.time_index) / (per_group.robust_lag + 1.0)) * earlier.score * later.score)
            as lagged_score_products
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.time_index > earlier.time_index
    inner join per_group
        on per_group.need_id = earlier.need_id and later.time_index - earlier.time_index <= per_group.robust_lag
    group by earlier.need_id
),

estimates as (
    select
        per_group.*,
        per_group.target_ss > 1e-10 * per_group.original_ss_target and per_group.observations > per_group.parameters
            as identified,
        per_group.score_ss + 2.0 * coalesce(autocovariance.lagged_score_products, 0.0)
            as long_run_score_ss,
        cast(null as bigint) as clusters,
        -- The residuals' lag-1 autocorrelation, corrected for its small-sample bias towards zero
        -- (Marriott & Pope 1954: + (1 + 3 rho) / n), kept within [0, 0.9].
        least(0.9, greatest(0.0,
            residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0)
            + (1.0 + 3.0 * residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0))
              / per_group.observations
        )) as residual_autocorrelation
    from per_group
    left join autocovariance
        on autocovariance.need_id = per_group.need_id
    left join residual_lag_one
        on residual_lag_one.need_id = per_group.need_id
)

select
    need_id,
    observations,
    parameters,
    observations - parameters as degrees_of_freedom,
    case when identified then coefficient end as coefficient,
    case when identified then sqrt(residual_ss / (observations - parameters) / target_ss) end as standard_error_ols,
    case when identified
        then sqrt(greatest(long_run_score_ss, 0.0) * observations / (observations - parameters)) / target_ss
    end as standard_error_robust,
    -- Plain OLS inflated as for AR(1) errors, sqrt((1 + rho) / (1 - rho)): a floor for short series, on which
    -- Newey-West is known to come out too narrow.
    case when identified
        then sqrt(residual_ss / (observations - parameters) / target_ss)
             * sqrt((1.0 + coalesce(residual_autocorrelation, 0.0)) / (1.0 - coalesce(residual_autocorrelation, 0.0)))
    end as standard_error_ar1,
    residual_autocorrelation,
    clusters,
    robust_lag
from estimates
),

placebo as (
    with design_0 as (
    select
        need_id,
        t as time_index,
        cast(null as TEXT) as cluster_id,
        1.0 * (1.0) as x1,
        1.0 * (t) as x2,
        1.0 * (placebo_t_post) as x3,
        1.0 * (season_sine) as x4,
        1.0 * (season_cosine) as x5,
        1.0 * (placebo_post) as x_target,
        1.0 * (rate) as y
    from placebo_series
    where (rate) is not null and (placebo_post) is not null
),

design_0_scaled as (
    select
        design_0.*,
        sum(x1 * x1) over (partition by need_id) as original_ss1,
        sum(x2 * x2) over (partition by need_id) as original_ss2,
        sum(x3 * x3) over (partition by need_id) as original_ss3,
        sum(x4 * x4) over (partition by need_id) as original_ss4,
        sum(x5 * x5) over (partition by need_id) as original_ss5,
        sum(x_target * x_target) over (partition by need_id) as original_ss_target
    from design_0
),

-- Nuisance column 1: normalise it, then project it out of every later column and the response.
design_1_norm as (
    select design_0_scaled.*, sum(x1 * x1) over (partition by need_id) as ss1
    from design_0_scaled
),

design_1 as (
    select
        need_id, time_index, cluster_id, original_ss_target,
        rank1,
        original_ss2,
        x2 - sum(x2 * q) over (partition by need_id) * q as x2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id) * q as x3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_1_norm.*,
            case when ss1 > 1e-10 * original_ss1 then x1 / sqrt(ss1) else 0.0 end as q,
            case when ss1 > 1e-10 * original_ss1 then 1 else 0 end as rank1
        from design_1_norm
    ) as normalised
),

-- Nuisance column 2: normalise it, then project it out of every later column and the response.
design_2_norm as (
    select design_1.*, sum(x2 * x2) over (partition by need_id) as ss2
    from design_1
),

design_2 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1,
        rank2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id) * q as x3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_2_norm.*,
            case when ss2 > 1e-10 * original_ss2 then x2 / sqrt(ss2) else 0.0 end as q,
            case when ss2 > 1e-10 * original_ss2 then 1 else 0 end as rank2
        from design_2_norm
    ) as normalised
),

-- Nuisance column 3: normalise it, then project it out of every later column and the response.
design_3_norm as (
    select design_2.*, sum(x3 * x3) over (partition by need_id) as ss3
    from design_2
),

design_3 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1, rank2,
        rank3,
        original_ss4,
        x4 - sum(x4 * q) over (partition by need_id) * q as x4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_3_norm.*,
            case when ss3 > 1e-10 * original_ss3 then x3 / sqrt(ss3) else 0.0 end as q,
            case when ss3 > 1e-10 * original_ss3 then 1 else 0 end as rank3
        from design_3_norm
    ) as normalised
),

-- Nuisance column 4: normalise it, then project it out of every later column and the response.
design_4_norm as (
    select design_3.*, sum(x4 * x4) over (partition by need_id) as ss4
    from design_3
),

design_4 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1, rank2, rank3,
        rank4,
        original_ss5,
        x5 - sum(x5 * q) over (partition by need_id) * q as x5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_4_norm.*,
            case when ss4 > 1e-10 * original_ss4 then x4 / sqrt(ss4) else 0.0 end as q,
            case when ss4 > 1e-10 * original_ss4 then 1 else 0 end as rank4
        from design_4_norm
    ) as normalised
),

-- Nuisance column 5: normalise it, then project it out of every later column and the response.
design_5_norm as (
    select design_4.*, sum(x5 * x5) over (partition by need_id) as ss5
    from design_4
),

design_5 as (
    select
        need_id, time_index, cluster_id, original_ss_target, rank1, rank2, rank3, rank4,
        rank5,
        x_target - sum(x_target * q) over (partition by need_id) * q as x_target,
        y - sum(y * q) over (partition by need_id) * q as y
    from (
        select
            design_5_norm.*,
            case when ss5 > 1e-10 * original_ss5 then x5 / sqrt(ss5) else 0.0 end as q,
            case when ss5 > 1e-10 * original_ss5 then 1 else 0 end as rank5
        from design_5_norm
    ) as normalised
),

fitted as (
    select
        design_5.*,
        sum(x_target * y) over (partition by need_id) / nullif(sum(x_target * x_target) over (partition by need_id), 0) as coefficient,
        sum(x_target * x_target) over (partition by need_id) as target_ss,
        count(*) over (partition by need_id) as observations,
        1 + rank1 + rank2 + rank3 + rank4 + rank5 as parameters
    from design_5
),

residuals as (
    select
        fitted.*,
        y - coefficient * x_target as residual,
        x_target * (y - coefficient * x_target) as score
    from fitted
),

per_group as (
    select
        need_id,
        max(observations) as observations,
        max(parameters) as parameters,
        max(coefficient) as coefficient,
        max(target_ss) as target_ss,
        max(original_ss_target) as original_ss_target,
        sum(residual * residual) as residual_ss,
        sum(score * score) as score_ss,
        cast(least(12, floor(4.0 * power(max(observations) / 100.0, 2.0 / 9.0))) as integer)
            as robust_lag
    from residuals
    group by need_id
),

-- First-order autocorrelation of the residuals, over observations one month apart.
residual_lag_one as (
    select
        earlier.need_id,
        sum(earlier.residual * later.residual) / count(*) as lag_one_product
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.time_index = earlier.time_index + 1
    group by earlier.need_id
),

-- Newey-West: weighted products of the scores of observations 1..L months apart.
autocovariance as (
    select
        earlier.need_id,
        sum((1.0 - (later.time_index - earlier.time_index) / (per_group.robust_lag + 1.0)) * earlier.score * later.score)
            as lagged_score_products
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.time_index > earlier.time_index
    inner join per_group
        on per_group.need_id = earlier.need_id and later.time_index - earlier.time_index <= per_group.robust_lag
    group by earlier.need_id
),

estimates as (
    select
        per_group.*,
        per_group.target_ss > 1e-10 * per_group.original_ss_target and per_group.observations > per_group.parameters
            as identified,
        per_group.score_ss + 2.0 * coalesce(autocovariance.lagged_score_products, 0.0)
            as long_run_score_ss,
        cast(null as bigint) as clusters,
        -- The residuals' lag-1 autocorrelation, corrected for its small-sample bias towards zero
        -- (Marriott & Pope 1954: + (1 + 3 rho) / n), kept within [0, 0.9].
        least(0.9, greatest(0.0,
            residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0)
            + (1.0 + 3.0 * residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0))
              / per_group.observations
        )) as residual_autocorrelation
    from per_group
    left join autocovariance
        on autocovariance.need_id = per_group.need_id
    left join residual_lag_one
        on residual_lag_one.need_id = per_group.need_id
)

select
    need_id,
    observations,
    parameters,
    observations - parameters as degrees_of_freedom,
    case when identified then coefficient end as coefficient,
    case when identified then sqrt(residual_ss / (observations - parameters) / target_ss) end as standard_error_ols,
    case when identified
        then sqrt(greatest(long_run_score_ss, 0.0) * observations / (observations - parameters)) / target_ss
    end as standard_error_robust,
    -- Plain OLS inflated as for AR(1) errors, sqrt((1 + rho) / (1 - rho)): a floor for short series, on which
    -- Newey-West is known to come out too narrow.
    case when identified
        then sqrt(residual_ss / (observations - parameters) / target_ss)
             * sqrt((1.0 + coalesce(residual_autocorrelation, 0.0)) / (1.0 - coalesce(residual_autocorrelation, 0.0)))
    end as standard_error_ar1,
    residual_autocorrelation,
    clusters,
    robust_lag
from estimates
),

summary as (
    select
        need_id,
        sum(case when post = 0 then 1 else 0 end) as pre_months,
        sum(case when post = 1 then 1 else 0 end) as post_months,
        sum(case when post = 0 then numerator end) / sum(case when post = 0 then denominator end) as baseline_rate,
        sum(case when post = 1 then numerator end) / sum(case when post = 1 then denominator end) as followup_rate,
        least(
            coalesce(sum(case when post = 0 then denominator end), 0),
            coalesce(sum(case when post = 1 then denominator end), 0)
        ) as min_window_denominator,
        least(
            coalesce(sum(case when post = 0 then numerator end), 0),
            coalesce(sum(case when post = 1 then numerator end), 0)
        ) as min_window_numerator,
        max(season_sine * season_sine + season_cosine * season_cosine) > 0 as seasonal
    from seasonal
    group by need_id
)

select
    summary.need_id,
    'attendance' as exposure,
    cast(summary.pre_months as bigint) as pre_months,
    cast(summary.post_months as bigint) as post_months,
    summary.baseline_rate,
    summary.followup_rate,
    summary.min_window_denominator,
    summary.min_window_numerator,
    summary.seasonal,
    level_change.coefficient as its_effect,
    greatest(
        level_change.standard_error_robust, level_change.standard_error_ols, level_change.standard_error_ar1,
        case when placebo_spread.placebo_fits >= 3
             then level_change.standard_error_ols * placebo_spread.placebo_inflation end
    ) as its_standard_error,
    cast(coalesce(placebo_spread.placebo_fits, 0) as bigint) as placebo_fits,
    placebo_spread.placebo_inflation,
    level_change.degrees_of_freedom as its_degrees_of_freedom,
    level_change.robust_lag as newey_west_lag,
    trend_change.coefficient as trend_change,
    greatest(trend_change.standard_error_robust, trend_change.standard_error_ols, trend_change.standard_error_ar1) as trend_change_standard_error,
    pre_trend.coefficient as pre_trend,
    placebo.coefficient as placebo_effect,
    greatest(placebo.standard_error_robust, placebo.standard_error_ols, placebo.standard_error_ar1) as placebo_standard_error,
    placebo.degrees_of_freedom as placebo_degrees_of_freedom
from summary
left join level_change on level_change.need_id = summary.need_id
left join trend_change on trend_change.need_id = summary.need_id
left join pre_trend on pre_trend.need_id = summary.need_id
left join placebo on placebo.need_id = summary.need_id
left join placebo_spread on placebo_spread.need_id = summary.need_id
;
-- int_qi_estimates
create table "warehouse"."intermediate"."int_qi_estimates" as
-- One row per need that links a metric and exposure (attendance; point-of-care learning): its design's
-- estimate of the exposure's effect (in the metric's
-- units: a proportion's fraction, events per 1,000, a ratio), standard error, degrees of freedom and
-- two-sided p-value, and whether the data suffice for a claim, with the reason in words when they do not.
-- The design's checks are in int_qi_design_checks; qi_impact turns both into claims.
with windows as (
    select * from "warehouse"."intermediate"."int_qi_exposure_windows"
),

design as (
    select * from "warehouse"."intermediate"."int_qi_need_design"
),

clinician as (
    select * from "warehouse"."intermediate"."int_qi_clinician_did"
),

unit as (
    select * from "warehouse"."intermediate"."int_qi_unit_did"
),

its as (
    select * from "warehouse"."intermediate"."int_qi_series_its"
),

-- Months with data in each difference-in-differences window, per group.
did_coverage as (
    select need_id, exposure, min(months) as min_window_months, count(*) as group_windows
    from (
        select
            need_id,
            exposure,
            is_exposed,
            case when phase = 'pre' then 'baseline' else 'followup' end as window_name,
            count(*) as months
        from "warehouse"."restricted"."int_qi_group_monthly"
        where relative_month between -6 and -1
           or months_after_education between 1 and 6
        group by need_id, exposure, is_exposed, case when phase = 'pre' then 'baseline' else 'followup' end
    ) as group_windows
    group by need_id, exposure
),

combined as (
    select
        windows.*,
        design.method,
        case design.method
            when 'clinician_did' then clinician.exposed_n
            when 'unit_did' then design.exposed_entities
            when 'interrupted_time_series' then
                case when windows.unit_of_analysis <> 'service_line' then design.exposed_entities end
        end as exposed_n,
        case design.method
            when 'clinician_did' then clinician.comparison_n
            when 'unit_did' then design.comparison_entities
        end as comparison_n,
        case design.method
            when 'clinician_did' then clinician.exposed_baseline_rate
            when 'unit_did' then unit.exposed_baseline_rate
            else its.baseline_rate
        end as exposed_baseline_rate,
        case design.method
            when 'clinician_did' then clinician.exposed_followup_rate
            when 'unit_did' then unit.exposed_followup_rate
            else its.followup_rate
        end as exposed_followup_rate,
        coalesce(clinician.comparison_baseline_rate, unit.comparison_baseline_rate) as comparison_baseline_rate,
        coalesce(clinician.comparison_followup_rate, unit.comparison_followup_rate) as comparison_followup_rate,
        case design.method
            when 'clinician_did' then clinician.did_effect
            when 'unit_did' then unit.did_effect
            else its.its_effect
        end as effect,
        case design.method
            when 'clinician_did' then clinician.did_standard_error
            when 'unit_did' then unit.did_standard_error
            else its.its_standard_error
        end as standard_error,
        case design.method
            when 'clinician_did' then clinician.did_degrees_of_freedom
            when 'unit_did' then unit.did_degrees_of_freedom
            else its.its_degrees_of_freedom
        end as degrees_of_freedom,
        coalesce(unit.newey_west_lag, its.newey_west_lag) as newey_west_lag,
        clinician.ancova_effect,
        clinician.ancova_standard_error,
        clinician.ancova_degrees_of_freedom,
        clinician.baseline_standardized_difference,
        its.pre_months as its_pre_months,
        its.post_months as its_post_months,
        its.seasonal as its_seasonal,
        case design.method
            when 'clinician_did' then clinician.min_window_denominator
            when 'unit_did' then unit.min_window_denominator
            else its.min_window_denominator
        end as min_window_denominator,
        case design.method
            when 'clinician_did' then clinician.min_window_numerator
            when 'unit_did' then unit.min_window_numerator
            else its.min_window_numerator
        end as min_window_numerator,
        did_coverage.min_window_months as did_min_window_months,
        coalesce(did_coverage.group_windows, 0) as did_group_windows,
        case when design.method = 'interrupted_time_series' then windows.its_followup_complete
             else windows.did_followup_complete end as followup_complete
    from windows
    inner join design on design.need_id = windows.need_id and design.exposure = windows.exposure
    left join clinician
        on clinician.need_id = windows.need_id and clinician.exposure = windows.exposure
        and design.method = 'clinician_did'
    left join unit on unit.need_id = windows.need_id and unit.exposure = windows.exposure
    left join its on its.need_id = windows.need_id and its.exposure = windows.exposure
    left join did_coverage
        on did_coverage.need_id = windows.need_id and did_coverage.exposure = windows.exposure
        and design.method <> 'interrupted_time_series'
),

assessed as (
    select
        combined.*,
        (case
        when effect / nullif(standard_error, 0) is null then null
        when degrees_of_freedom is null then 2.0 * (exp(-0.5 * (abs(effect / nullif(standard_error, 0))) * (abs(effect / nullif(standard_error, 0)))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (abs(effect / nullif(standard_error, 0)))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (abs(effect / nullif(standard_error, 0)))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (abs(effect / nullif(standard_error, 0)))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (abs(effect / nullif(standard_error, 0)))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (abs(effect / nullif(standard_error, 0))))) * 1.330274429)))))
        when degrees_of_freedom < 1 then null
        when degrees_of_freedom < 2 then 1.0 - 2.0 / 3.141592653589793 * atan(abs(effect / nullif(standard_error, 0)))
        when degrees_of_freedom < 3 then 1.0 - abs(effect / nullif(standard_error, 0)) / sqrt(abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) + 2.0)
        else least(1.0, 2.0 * (exp(-0.5 * (((((((-0.4 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 3.3) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 24.0) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 85.5) / (0.8 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 100.0 + (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5))) + (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 3.0) / (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom)))))) * (((((((-0.4 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 3.3) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 24.0) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 85.5) / (0.8 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 100.0 + (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5))) + (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 3.0) / (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))))))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 3.3) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 24.0) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 85.5) / (0.8 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 100.0 + (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5))) + (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 3.0) / (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))))))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 3.3) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 24.0) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 85.5) / (0.8 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 100.0 + (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5))) + (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 3.0) / (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))))))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 3.3) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 24.0) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 85.5) / (0.8 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 100.0 + (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5))) + (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 3.0) / (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))))))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 3.3) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 24.0) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 85.5) / (0.8 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 100.0 + (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5))) + (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 3.0) / (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))))))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 3.3) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 24.0) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) - 85.5) / (0.8 * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) * (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 100.0 + (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5))) + (((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom))) + 3.0) / (48.0 * ((degrees_of_freedom) - 0.5) * ((degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((degrees_of_freedom) - 0.5) * ln(1.0 + abs(effect / nullif(standard_error, 0)) * abs(effect / nullif(standard_error, 0)) / (degrees_of_freedom)))))))) * 1.330274429))))))
    end) as effect_p_value,
        (case
        when ancova_effect / nullif(ancova_standard_error, 0) is null then null
        when ancova_degrees_of_freedom is null then 2.0 * (exp(-0.5 * (abs(ancova_effect / nullif(ancova_standard_error, 0))) * (abs(ancova_effect / nullif(ancova_standard_error, 0)))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (abs(ancova_effect / nullif(ancova_standard_error, 0)))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (abs(ancova_effect / nullif(ancova_standard_error, 0)))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (abs(ancova_effect / nullif(ancova_standard_error, 0)))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (abs(ancova_effect / nullif(ancova_standard_error, 0)))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (abs(ancova_effect / nullif(ancova_standard_error, 0))))) * 1.330274429)))))
        when ancova_degrees_of_freedom < 1 then null
        when ancova_degrees_of_freedom < 2 then 1.0 - 2.0 / 3.141592653589793 * atan(abs(ancova_effect / nullif(ancova_standard_error, 0)))
        when ancova_degrees_of_freedom < 3 then 1.0 - abs(ancova_effect / nullif(ancova_standard_error, 0)) / sqrt(abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) + 2.0)
        else least(1.0, 2.0 * (exp(-0.5 * (((((((-0.4 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 3.3) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 24.0) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5))) + (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom)))))) * (((((((-0.4 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 3.3) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 24.0) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5))) + (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))))))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 3.3) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 24.0) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5))) + (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))))))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 3.3) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 24.0) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5))) + (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))))))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 3.3) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 24.0) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5))) + (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))))))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 3.3) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 24.0) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5))) + (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))))))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 3.3) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 24.0) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) * (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5))) + (((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((ancova_degrees_of_freedom) - 0.5) * ((ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(ancova_effect / nullif(ancova_standard_error, 0)) * abs(ancova_effect / nullif(ancova_standard_error, 0)) / (ancova_degrees_of_freedom)))))))) * 1.330274429))))))
    end)
            as ancova_p_value,
        case
            when education_start is null then 'no education sessions yet'
            when method <> 'interrupted_time_series' and coalesce(exposed_n, 0) = 0
                then 'no exposed group measured in both windows'
            when method <> 'interrupted_time_series' and coalesce(comparison_n, 0) = 0
                then 'no comparison group measured in both windows'
            when method = 'interrupted_time_series' and coalesce(its_pre_months, 0) < 12
                then 'fewer than 12 months of data before the education (' || 
    cast(coalesce(its_pre_months, 0) as TEXT)
 || ')'
            when not followup_complete
                then 'the follow-up window is not complete yet (data through ' || 
    cast(latest_data_month as TEXT)
 || ')'
            when method = 'interrupted_time_series' and coalesce(its_post_months, 0) < 6
                then 'fewer than 6 months of data after the education'
            when method <> 'interrupted_time_series' and did_group_windows < 4 then 'a window has no metric data'
            when method <> 'interrupted_time_series' and did_min_window_months < 3
                then 'a window has fewer than 3 months of data'
            when min_window_denominator < 11
                then 'a window denominator is below 11'
            when scoring = 'rate_per_1000' and min_window_numerator < 10
                then 'a window has fewer than 10 events: too rare to compare'
            when standard_error is null or degrees_of_freedom is null or degrees_of_freedom < 1
                then 'too few clinicians or months to estimate an interval'
        end as reason_insufficient,
        coalesce(min_window_denominator between 1 and 11 - 1, false)
        or (
            unit_of_analysis = 'clinician'
            and (coalesce(exposed_n between 1 and 11 - 1, false) or coalesce(comparison_n between 1 and 11 - 1, false))
        ) as suppressed
    from combined
)

select
    assessed.*,
    reason_insufficient is null as sufficient_data,
    -- Clinician difference-in-differences claims rest on both estimates: the larger p-value is the claim's.
    case when method = 'clinician_did' then greatest(effect_p_value, ancova_p_value) else effect_p_value end
        as p_value
from assessed
;
-- int_qi_parallel_trends
create table "warehouse"."intermediate"."int_qi_parallel_trends" as
-- The assumption of difference-in-differences: before the education, the exposed and comparison groups
-- were on parallel paths. Checked on the monthly gap between the groups' mean deviations (each member's
-- rate less its own pre-period rate, weighted by denominator: members joining or leaving do not move it),
-- over every month before the education:
--   slope difference: the gap's least-squares slope per month (the exposed group's pre-period trend minus
--     the comparison group's), with a Newey-West interval - for clinician DiD, estimated from the clinicians'
--     own months with a clinician-clustered interval instead (below);
--   trend-adjusted effect: the gap's level change from the pre-period to the follow-up window once the
--     pre-period's difference in trends is carried forward (the same fit over pre-period and follow-up
--     months, with a follow-up indicator). If the groups were drifting apart anyway, this is what is left
--     for the education;
--   pre-exposure dip (point of care only): below.
with design as (
    select need_id, exposure from "warehouse"."intermediate"."int_qi_need_design"
    where method in ('clinician_did', 'unit_did')
),

monthly as (
    select monthly.*
    from "warehouse"."restricted"."int_qi_group_monthly" as monthly
    inner join design on design.need_id = monthly.need_id and design.exposure = monthly.exposure
    where monthly.phase = 'pre'
       or monthly.months_after_education between 1 and 6
),

gaps as (
    select
        exposed.need_id,
        exposed.exposure,
        exposed.relative_month,
        case when exposed.phase = 'post' then 1.0 else 0.0 end as followup,
        exposed.mean_deviation - comparison.mean_deviation as gap
    from monthly as exposed
    inner join monthly as comparison
        on comparison.need_id = exposed.need_id
        and comparison.exposure = exposed.exposure
        and comparison.relative_month = exposed.relative_month
        and not comparison.is_exposed
    where exposed.is_exposed
        and exposed.mean_deviation is not null
        and comparison.mean_deviation is not null
),

pre_gaps as (
    select * from gaps where followup = 0
),

gap_slope as (
    with design_0 as (
    select
        need_id, exposure,
        relative_month as time_index,
        cast(null as TEXT) as cluster_id,
        1.0 * (1.0) as x1,
        1.0 * (relative_month) as x_target,
        1.0 * (gap) as y
    from pre_gaps
    where (gap) is not null and (relative_month) is not null
),

design_0_scaled as (
    select
        design_0.*,
        sum(x1 * x1) over (partition by need_id, exposure) as original_ss1,
        sum(x_target * x_target) over (partition by need_id, exposure) as original_ss_target
    from design_0
),

-- Nuisance column 1: normalise it, then project it out of every later column and the response.
design_1_norm as (
    select design_0_scaled.*, sum(x1 * x1) over (partition by need_id, exposure) as ss1
    from design_0_scaled
),

design_1 as (
    select
        need_id, exposure, time_index, cluster_id, original_ss_target,
        rank1,
        x_target - sum(x_target * q) over (partition by need_id, exposure) * q as x_target,
        y - sum(y * q) over (partition by need_id, exposure) * q as y
    from (
        select
            design_1_norm.*,
            case when ss1 > 1e-10 * original_ss1 then x1 / sqrt(ss1) else 0.0 end as q,
            case when ss1 > 1e-10 * original_ss1 then 1 else 0 end as rank1
        from design_1_norm
    ) as normalised
),

fitted as (
    select
        design_1.*,
        sum(x_target * y) over (partition by need_id, exposure) / nullif(sum(x_target * x_target) over (partition by need_id, exposure), 0) as coefficient,
        sum(x_target * x_target) over (partition by need_id, exposure) as target_ss,
        count(*) over (partition by need_id, exposure) as observations,
        1 + rank1 as parameters
    from design_1
),

residuals as (
    select
        fitted.*,
        y - coefficient * x_target as residual,
        x_target * (y - coefficient * x_target) as score
    from fitted
),

per_group as (
    select
        need_id, exposure,
        max(observations) as observations,
        max(parameters) as parameters,
        max(coefficient) as coefficient,
        max(target_ss) as target_ss,
        max(original_ss_target) as original_ss_target,
        sum(residual * residual) as residual_ss,
        sum(score * score) as score_ss,
        cast(least(12, floor(4.0 * power(max(observations) / 100.0, 2.0 / 9.0))) as integer)
            as robust_lag
    from residuals
    group by need_id, exposure
),

-- First-order autocorrelation of the residuals, over observations one month apart.
residual_lag_one as (
    select
        earlier.need_id,
        earlier.exposure,
        sum(earlier.residual * later.residual) / count(*) as lag_one_product
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.exposure = earlier.exposure and later.time_index = earlier.time_index + 1
    group by earlier.need_id, earlier.exposure
),

-- Newey-West: weighted products of the scores of observations 1..L months apart.
autocovariance as (
    select
        earlier.need_id,
        earlier.exposure,
        sum((1.0 - (later.time_index - earlier.time_index) / (per_group.robust_lag + 1.0)) * earlier.score * later.score)
            as lagged_score_products
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.exposure = earlier.exposure and later.time_index > earlier.time_index
    inner join per_group
        on per_group.need_id = earlier.need_id and per_group.exposure = earlier.exposure and later.time_index - earlier.time_index <= per_group.robust_lag
    group by earlier.need_id, earlier.exposure
),

estimates as (
    select
        per_group.*,
        per_group.target_ss > 1e-10 * per_group.original_ss_target and per_group.observations > per_group.parameters
            as identified,
        per_group.score_ss + 2.0 * coalesce(autocovariance.lagged_score_products, 0.0)
            as long_run_score_ss,
        cast(null as bigint) as clusters,
        -- The residuals' lag-1 autocorrelation, corrected for its small-sample bias towards zero
        -- (Marriott & Pope 1954: + (1 + 3 rho) / n), kept within [0, 0.9].
        least(0.9, greatest(0.0,
            residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0)
            + (1.0 + 3.0 * residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0))
              / per_group.observations
        )) as residual_autocorrelation
    from per_group
    left join autocovariance
        on autocovariance.need_id = per_group.need_id and autocovariance.exposure = per_group.exposure
    left join residual_lag_one
        on residual_lag_one.need_id = per_group.need_id and residual_lag_one.exposure = per_group.exposure
)

select
    need_id, exposure,
    observations,
    parameters,
    observations - parameters as degrees_of_freedom,
    case when identified then coefficient end as coefficient,
    case when identified then sqrt(residual_ss / (observations - parameters) / target_ss) end as standard_error_ols,
    case when identified
        then sqrt(greatest(long_run_score_ss, 0.0) * observations / (observations - parameters)) / target_ss
    end as standard_error_robust,
    -- Plain OLS inflated as for AR(1) errors, sqrt((1 + rho) / (1 - rho)): a floor for short series, on which
    -- Newey-West is known to come out too narrow.
    case when identified
        then sqrt(residual_ss / (observations - parameters) / target_ss)
             * sqrt((1.0 + coalesce(residual_autocorrelation, 0.0)) / (1.0 - coalesce(residual_autocorrelation, 0.0)))
    end as standard_error_ar1,
    residual_autocorrelation,
    clusters,
    robust_lag
from estimates
),

-- Clinician DiD: the same slope difference from the clinicians' own monthly deviations, weighted by their
-- denominators, with the clinician as the cluster - each clinician's months may drift together however they
-- like (a clinician's habits persist), which a monthly series of a few dozen points cannot tell apart.
clinician_pre_months as (
    select
        entity_months.need_id,
        entity_months.exposure,
        entity_months.entity_id,
        entity_months.relative_month,
        entity_months.weight * entity_months.denominator as denominator,
        entity_months.deviation,
        case when entity_months.is_exposed then 1.0 else 0.0 end as exposed,
        case when entity_months.is_exposed then entity_months.relative_month else 0.0 end as exposed_month
    from "warehouse"."restricted"."int_qi_entity_months" as entity_months
    inner join design on design.need_id = entity_months.need_id and design.exposure = entity_months.exposure
    where entity_months.entity_type = 'clinician'
        and entity_months.phase = 'pre'
        and entity_months.deviation is not null
),

clinician_slope as (
    with design_0 as (
    select
        need_id, exposure,
        cast(null as integer) as time_index,
        entity_id as cluster_id,
        sqrt(denominator) * (1.0) as x1,
        sqrt(denominator) * (relative_month) as x2,
        sqrt(denominator) * (exposed) as x3,
        sqrt(denominator) * (exposed_month) as x_target,
        sqrt(denominator) * (deviation) as y
    from clinician_pre_months
    where (deviation) is not null and (exposed_month) is not null and (denominator) > 0
),

design_0_scaled as (
    select
        design_0.*,
        sum(x1 * x1) over (partition by need_id, exposure) as original_ss1,
        sum(x2 * x2) over (partition by need_id, exposure) as original_ss2,
        sum(x3 * x3) over (partition by need_id, exposure) as original_ss3,
        sum(x_target * x_target) over (partition by need_id, exposure) as original_ss_target
    from design_0
),

-- Nuisance column 1: normalise it, then project it out of every later column and the response.
design_1_norm as (
    select design_0_scaled.*, sum(x1 * x1) over (partition by need_id, exposure) as ss1
    from design_0_scaled
),

design_1 as (
    select
        need_id, exposure, time_index, cluster_id, original_ss_target,
        rank1,
        original_ss2,
        x2 - sum(x2 * q) over (partition by need_id, exposure) * q as x2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id, exposure) * q as x3,
        x_target - sum(x_target * q) over (partition by need_id, exposure) * q as x_target,
        y - sum(y * q) over (partition by need_id, exposure) * q as y
    from (
        select
            design_1_norm.*,
            case when ss1 > 1e-10 * original_ss1 then x1 / sqrt(ss1) else 0.0 end as q,
            case when ss1 > 1e-10 * original_ss1 then 1 else 0 end as rank1
        from design_1_norm
    ) as normalised
),

-- Nuisance column 2: normalise it, then project it out of every later column and the response.
design_2_norm as (
    select design_1.*, sum(x2 * x2) over (partition by need_id, exposure) as ss2
    from design_1
),

design_2 as (
    select
        need_id, exposure, time_index, cluster_id, original_ss_target, rank1,
        rank2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id, exposure) * q as x3,
        x_target - sum(x_target * q) over (partition by need_id, exposure) * q as x_target,
        y - sum(y * q) over (partition by need_id, exposure) * q as y
    from (
        select
            design_2_norm.*,
            case when ss2 > 1e-10 * original_ss2 then x2 / sqrt(ss2) else 0.0 end as q,
            case when ss2 > 1e-10 * original_ss2 then 1 else 0 end as rank2
        from design_2_norm
    ) as normalised
),

-- Nuisance column 3: normalise it, then project it out of every later column and the response.
design_3_norm as (
    select design_2.*, sum(x3 * x3) over (partition by need_id, exposure) as ss3
    from design_2
),

design_3 as (
    select
        need_id, exposure, time_index, cluster_id, original_ss_target, rank1, rank2,
        rank3,
        x_target - sum(x_target * q) over (partition by need_id, exposure) * q as x_target,
        y - sum(y * q) over (partition by need_id, exposure) * q as y
    from (
        select
            design_3_norm.*,
            case when ss3 > 1e-10 * original_ss3 then x3 / sqrt(ss3) else 0.0 end as q,
            case when ss3 > 1e-10 * original_ss3 then 1 else 0 end as rank3
        from design_3_norm
    ) as normalised
),

fitted as (
    select
        design_3.*,
        sum(x_target * y) over (partition by need_id, exposure) / nullif(sum(x_target * x_target) over (partition by need_id, exposure), 0) as coefficient,
        sum(x_target * x_target) over (partition by need_id, exposure) as target_ss,
        count(*) over (partition by need_id, exposure) as observations,
        1 + rank1 + rank2 + rank3 as parameters
    from design_3
),

residuals as (
    select
        fitted.*,
        y - coefficient * x_target as residual,
        x_target * (y - coefficient * x_target) as score
    from fitted
),

per_group as (
    select
        need_id, exposure,
        max(observations) as observations,
        max(parameters) as parameters,
        max(coefficient) as coefficient,
        max(target_ss) as target_ss,
        max(original_ss_target) as original_ss_target,
        sum(residual * residual) as residual_ss,
        sum(score * score) as score_ss,
        cast(0 as integer) as robust_lag
    from residuals
    group by need_id, exposure
),

-- Cluster-robust: each cluster's scores summed first, so any correlation within a cluster is allowed.
clustered as (
    select need_id, exposure, sum(score) as cluster_score
    from residuals
    group by need_id, exposure, cluster_id
),

cluster_totals as (
    select need_id, exposure, sum(cluster_score * cluster_score) as cluster_score_ss, count(*) as clusters
    from clustered
    group by need_id, exposure
),

estimates as (
    select
        per_group.*,
        per_group.target_ss > 1e-10 * per_group.original_ss_target and per_group.observations > per_group.parameters
            as identified,
        -- Stata's CR1 small-sample factor G/(G-1) (n-1)/(n-p), with n/(n-p) applied below.
        cluster_totals.cluster_score_ss * cluster_totals.clusters / nullif(cluster_totals.clusters - 1.0, 0)
            * (per_group.observations - 1.0) / per_group.observations as long_run_score_ss,
        cluster_totals.clusters,
        cast(null as float) as residual_autocorrelation
    from per_group
    left join cluster_totals
        on cluster_totals.need_id = per_group.need_id and cluster_totals.exposure = per_group.exposure
)

select
    need_id, exposure,
    observations,
    parameters,
    observations - parameters as degrees_of_freedom,
    case when identified then coefficient end as coefficient,
    case when identified then sqrt(residual_ss / (observations - parameters) / target_ss) end as standard_error_ols,
    case when identified
        then sqrt(greatest(long_run_score_ss, 0.0) * observations / (observations - parameters)) / target_ss
    end as standard_error_robust,
    -- Plain OLS inflated as for AR(1) errors, sqrt((1 + rho) / (1 - rho)): a floor for short series, on which
    -- Newey-West is known to come out too narrow.
    case when identified
        then sqrt(residual_ss / (observations - parameters) / target_ss)
             * sqrt((1.0 + coalesce(residual_autocorrelation, 0.0)) / (1.0 - coalesce(residual_autocorrelation, 0.0)))
    end as standard_error_ar1,
    residual_autocorrelation,
    clusters,
    robust_lag
from estimates
),

slope_difference as (
    select
        gap_slope.need_id,
        gap_slope.exposure,
        gap_slope.observations,
        coalesce(clinician_slope.coefficient, gap_slope.coefficient) as coefficient,
        case when clinician_slope.need_id is not null then clinician_slope.standard_error_robust
             else greatest(gap_slope.standard_error_robust, gap_slope.standard_error_ols, gap_slope.standard_error_ar1)
        end as standard_error,
        case when clinician_slope.need_id is not null then clinician_slope.clusters - 1
             else gap_slope.degrees_of_freedom
        end as degrees_of_freedom
    from gap_slope
    left join clinician_slope
        on clinician_slope.need_id = gap_slope.need_id and clinician_slope.exposure = gap_slope.exposure
),

-- Point of care: a look-up is often triggered by a difficult case, so the exposed may have been off their
-- usual level just before it (a dip that would recover on its own and read as an effect). The dip: how much
-- further the exposed clinicians' deviations moved than the comparison's in the last `pre_exposure_dip_months`
-- pre-period months, from the clinicians' own months with a clinician-clustered interval.
dip_months as (
    select
        clinician_pre_months.*,
        case when relative_month >= -2 then 1.0 else 0.0 end as late,
        case when relative_month >= -2 then exposed else 0.0 end as exposed_late
    from clinician_pre_months
    where exposure = 'point_of_care'
),

dip as (
    with design_0 as (
    select
        need_id, exposure,
        cast(null as integer) as time_index,
        entity_id as cluster_id,
        sqrt(denominator) * (1.0) as x1,
        sqrt(denominator) * (exposed) as x2,
        sqrt(denominator) * (late) as x3,
        sqrt(denominator) * (exposed_late) as x_target,
        sqrt(denominator) * (deviation) as y
    from dip_months
    where (deviation) is not null and (exposed_late) is not null and (denominator) > 0
),

design_0_scaled as (
    select
        design_0.*,
        sum(x1 * x1) over (partition by need_id, exposure) as original_ss1,
        sum(x2 * x2) over (partition by need_id, exposure) as original_ss2,
        sum(x3 * x3) over (partition by need_id, exposure) as original_ss3,
        sum(x_target * x_target) over (partition by need_id, exposure) as original_ss_target
    from design_0
),

-- Nuisance column 1: normalise it, then project it out of every later column and the response.
design_1_norm as (
    select design_0_scaled.*, sum(x1 * x1) over (partition by need_id, exposure) as ss1
    from design_0_scaled
),

design_1 as (
    select
        need_id, exposure, time_index, cluster_id, original_ss_target,
        rank1,
        original_ss2,
        x2 - sum(x2 * q) over (partition by need_id, exposure) * q as x2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id, exposure) * q as x3,
        x_target - sum(x_target * q) over (partition by need_id, exposure) * q as x_target,
        y - sum(y * q) over (partition by need_id, exposure) * q as y
    from (
        select
            design_1_norm.*,
            case when ss1 > 1e-10 * original_ss1 then x1 / sqrt(ss1) else 0.0 end as q,
            case when ss1 > 1e-10 * original_ss1 then 1 else 0 end as rank1
        from design_1_norm
    ) as normalised
),

-- Nuisance column 2: normalise it, then project it out of every later column and the response.
design_2_norm as (
    select design_1.*, sum(x2 * x2) over (partition by need_id, exposure) as ss2
    from design_1
),

design_2 as (
    select
        need_id, exposure, time_index, cluster_id, original_ss_target, rank1,
        rank2,
        original_ss3,
        x3 - sum(x3 * q) over (partition by need_id, exposure) * q as x3,
        x_target - sum(x_target * q) over (partition by need_id, exposure) * q as x_target,
        y - sum(y * q) over (partition by need_id, exposure) * q as y
    from (
        select
            design_2_norm.*,
            case when ss2 > 1e-10 * original_ss2 then x2 / sqrt(ss2) else 0.0 end as q,
            case when ss2 > 1e-10 * original_ss2 then 1 else 0 end as rank2
        from design_2_norm
    ) as normalised
),

-- Nuisance column 3: normalise it, then project it out of every later column and the response.
design_3_norm as (
    select design_2.*, sum(x3 * x3) over (partition by need_id, exposure) as ss3
    from design_2
),

design_3 as (
    select
        need_id, exposure, time_index, cluster_id, original_ss_target, rank1, rank2,
        rank3,
        x_target - sum(x_target * q) over (partition by need_id, exposure) * q as x_target,
        y - sum(y * q) over (partition by need_id, exposure) * q as y
    from (
        select
            design_3_norm.*,
            case when ss3 > 1e-10 * original_ss3 then x3 / sqrt(ss3) else 0.0 end as q,
            case when ss3 > 1e-10 * original_ss3 then 1 else 0 end as rank3
        from design_3_norm
    ) as normalised
),

fitted as (
    select
        design_3.*,
        sum(x_target * y) over (partition by need_id, exposure) / nullif(sum(x_target * x_target) over (partition by need_id, exposure), 0) as coefficient,
        sum(x_target * x_target) over (partition by need_id, exposure) as target_ss,
        count(*) over (partition by need_id, exposure) as observations,
        1 + rank1 + rank2 + rank3 as parameters
    from design_3
),

residuals as (
    select
        fitted.*,
        y - coefficient * x_target as residual,
        x_target * (y - coefficient * x_target) as score
    from fitted
),

per_group as (
    select
        need_id, exposure,
        max(observations) as observations,
        max(parameters) as parameters,
        max(coefficient) as coefficient,
        max(target_ss) as target_ss,
        max(original_ss_target) as original_ss_target,
        sum(residual * residual) as residual_ss,
        sum(score * score) as score_ss,
        cast(0 as integer) as robust_lag
    from residuals
    group by need_id, exposure
),

-- Cluster-robust: each cluster's scores summed first, so any correlation within a cluster is allowed.
clustered as (
    select need_id, exposure, sum(score) as cluster_score
    from residuals
    group by need_id, exposure, cluster_id
),

cluster_totals as (
    select need_id, exposure, sum(cluster_score * cluster_score) as cluster_score_ss, count(*) as clusters
    from clustered
    group by need_id, exposure
),

estimates as (
    select
        per_group.*,
        per_group.target_ss > 1e-10 * per_group.original_ss_target and per_group.observations > per_group.parameters
            as identified,
        -- Stata's CR1 small-sample factor G/(G-1) (n-1)/(n-p), with n/(n-p) applied below.
        cluster_totals.cluster_score_ss * cluster_totals.clusters / nullif(cluster_totals.clusters - 1.0, 0)
            * (per_group.observations - 1.0) / per_group.observations as long_run_score_ss,
        cluster_totals.clusters,
        cast(null as float) as residual_autocorrelation
    from per_group
    left join cluster_totals
        on cluster_totals.need_id = per_group.need_id and cluster_totals.exposure = per_group.exposure
)

select
    need_id, exposure,
    observations,
    parameters,
    observations - parameters as degrees_of_freedom,
    case when identified then coefficient end as coefficient,
    case when identified then sqrt(residual_ss / (observations - parameters) / target_ss) end as standard_error_ols,
    case when identified
        then sqrt(greatest(long_run_score_ss, 0.0) * observations / (observations - parameters)) / target_ss
    end as standard_error_robust,
    -- Plain OLS inflated as for AR(1) errors, sqrt((1 + rho) / (1 - rho)): a floor for short series, on which
    -- Newey-West is known to come out too narrow.
    case when identified
        then sqrt(residual_ss / (observations - parameters) / target_ss)
             * sqrt((1.0 + coalesce(residual_autocorrelation, 0.0)) / (1.0 - coalesce(residual_autocorrelation, 0.0)))
    end as standard_error_ar1,
    residual_autocorrelation,
    clusters,
    robust_lag
from estimates
),

trend_adjusted as (
    with design_0 as (
    select
        need_id, exposure,
        relative_month as time_index,
        cast(null as TEXT) as cluster_id,
        1.0 * (1.0) as x1,
        1.0 * (relative_month) as x2,
        1.0 * (followup) as x_target,
        1.0 * (gap) as y
    from gaps
    where (gap) is not null and (followup) is not null
),

design_0_scaled as (
    select
        design_0.*,
        sum(x1 * x1) over (partition by need_id, exposure) as original_ss1,
        sum(x2 * x2) over (partition by need_id, exposure) as original_ss2,
        sum(x_target * x_target) over (partition by need_id, exposure) as original_ss_target
    from design_0
),

-- Nuisance column 1: normalise it, then project it out of every later column and the response.
design_1_norm as (
    select design_0_scaled.*, sum(x1 * x1) over (partition by need_id, exposure) as ss1
    from design_0_scaled
),

design_1 as (
    select
        need_id, exposure, time_index, cluster_id, original_ss_target,
        rank1,
        original_ss2,
        x2 - sum(x2 * q) over (partition by need_id, exposure) * q as x2,
        x_target - sum(x_target * q) over (partition by need_id, exposure) * q as x_target,
        y - sum(y * q) over (partition by need_id, exposure) * q as y
    from (
        select
            design_1_norm.*,
            case when ss1 > 1e-10 * original_ss1 then x1 / sqrt(ss1) else 0.0 end as q,
            case when ss1 > 1e-10 * original_ss1 then 1 else 0 end as rank1
        from design_1_norm
    ) as normalised
),

-- Nuisance column 2: normalise it, then project it out of every later column and the response.
design_2_norm as (
    select design_1.*, sum(x2 * x2) over (partition by need_id, exposure) as ss2
    from design_1
),

design_2 as (
    select
        need_id, exposure, time_index, cluster_id, original_ss_target, rank1,
        rank2,
        x_target - sum(x_target * q) over (partition by need_id, exposure) * q as x_target,
        y - sum(y * q) over (partition by need_id, exposure) * q as y
    from (
        select
            design_2_norm.*,
            case when ss2 > 1e-10 * original_ss2 then x2 / sqrt(ss2) else 0.0 end as q,
            case when ss2 > 1e-10 * original_ss2 then 1 else 0 end as rank2
        from design_2_norm
    ) as normalised
),

fitted as (
    select
        design_2.*,
        sum(x_target * y) over (partition by need_id, exposure) / nullif(sum(x_target * x_target) over (partition by need_id, exposure), 0) as coefficient,
        sum(x_target * x_target) over (partition by need_id, exposure) as target_ss,
        count(*) over (partition by need_id, exposure) as observations,
        1 + rank1 + rank2 as parameters
    from design_2
),

residuals as (
    select
        fitted.*,
        y - coefficient * x_target as residual,
        x_target * (y - coefficient * x_target) as score
    from fitted
),

per_group as (
    select
        need_id, exposure,
        max(observations) as observations,
        max(parameters) as parameters,
        max(coefficient) as coefficient,
        max(target_ss) as target_ss,
        max(original_ss_target) as original_ss_target,
        sum(residual * residual) as residual_ss,
        sum(score * score) as score_ss,
        cast(least(12, floor(4.0 * power(max(observations) / 100.0, 2.0 / 9.0))) as integer)
            as robust_lag
    from residuals
    group by need_id, exposure
),

-- First-order autocorrelation of the residuals, over observations one month apart.
residual_lag_one as (
    select
        earlier.need_id,
        earlier.exposure,
        sum(earlier.residual * later.residual) / count(*) as lag_one_product
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.exposure = earlier.exposure and later.time_index = earlier.time_index + 1
    group by earlier.need_id, earlier.exposure
),

-- Newey-West: weighted products of the scores of observations 1..L months apart.
autocovariance as (
    select
        earlier.need_id,
        earlier.exposure,
        sum((1.0 - (later.time_index - earlier.time_index) / (per_group.robust_lag + 1.0)) * earlier.score * later.score)
            as lagged_score_products
    from residuals as earlier
    inner join residuals as later
        on later.need_id = earlier.need_id and later.exposure = earlier.exposure and later.time_index > earlier.time_index
    inner join per_group
        on per_group.need_id = earlier.need_id and per_group.exposure = earlier.exposure and later.time_index - earlier.time_index <= per_group.robust_lag
    group by earlier.need_id, earlier.exposure
),

estimates as (
    select
        per_group.*,
        per_group.target_ss > 1e-10 * per_group.original_ss_target and per_group.observations > per_group.parameters
            as identified,
        per_group.score_ss + 2.0 * coalesce(autocovariance.lagged_score_products, 0.0)
            as long_run_score_ss,
        cast(null as bigint) as clusters,
        -- The residuals' lag-1 autocorrelation, corrected for its small-sample bias towards zero
        -- (Marriott & Pope 1954: + (1 + 3 rho) / n), kept within [0, 0.9].
        least(0.9, greatest(0.0,
            residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0)
            + (1.0 + 3.0 * residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0))
              / per_group.observations
        )) as residual_autocorrelation
    from per_group
    left join autocovariance
        on autocovariance.need_id = per_group.need_id and autocovariance.exposure = per_group.exposure
    left join residual_lag_one
        on residual_lag_one.need_id = per_group.need_id and residual_lag_one.exposure = per_group.exposure
)

select
    need_id, exposure,
    observations,
    parameters,
    observations - parameters as degrees_of_freedom,
    case when identified then coefficient end as coefficient,
    case when identified then sqrt(residual_ss / (observations - parameters) / target_ss) end as standard_error_ols,
    case when identified
        then sqrt(greatest(long_run_score_ss, 0.0) * observations / (observations - parameters)) / target_ss
    end as standard_error_robust,
    -- Plain OLS inflated as for AR(1) errors, sqrt((1 + rho) / (1 - rho)): a floor for short series, on which
    -- Newey-West is known to come out too narrow.
    case when identified
        then sqrt(residual_ss / (observations - parameters) / target_ss)
             * sqrt((1.0 + coalesce(residual_autocorrelation, 0.0)) / (1.0 - coalesce(residual_autocorrelation, 0.0)))
    end as standard_error_ar1,
    residual_autocorrelation,
    clusters,
    robust_lag
from estimates
)

select
    slope_difference.need_id,
    slope_difference.exposure,
    cast(slope_difference.observations as bigint) as pretrend_months,
    slope_difference.coefficient as slope_difference,
    slope_difference.standard_error as slope_difference_standard_error,
    slope_difference.degrees_of_freedom as slope_difference_degrees_of_freedom,
    trend_adjusted.coefficient as trend_adjusted_effect,
    greatest(trend_adjusted.standard_error_robust, trend_adjusted.standard_error_ols, trend_adjusted.standard_error_ar1)
        as trend_adjusted_standard_error,
    trend_adjusted.degrees_of_freedom as trend_adjusted_degrees_of_freedom,
    dip.coefficient as pre_exposure_dip,
    dip.standard_error_robust as pre_exposure_dip_standard_error,
    dip.clusters - 1 as pre_exposure_dip_degrees_of_freedom
from slope_difference
left join trend_adjusted
    on trend_adjusted.need_id = slope_difference.need_id and trend_adjusted.exposure = slope_difference.exposure
left join dip on dip.need_id = slope_difference.need_id and dip.exposure = slope_difference.exposure
;
create table "warehouse"."reference"."t_critical_values" as select * from read_csv('/work/main/dbt_project/seeds/t_critical_values.csv', header = true);
-- int_qi_design_checks
create table "warehouse"."intermediate"."int_qi_design_checks" as
-- Each design's assumption, checked, per need and exposure; a claim needs every applicable check to pass.
--   parallel_trends (clinician and unit DiD): the exposed and comparison groups' pre-period trends do not
--     differ - the slope difference's interval at `design_check_level` includes zero - over at least
--     `pretrend_min_months` months before the education.
--   trend_adjusted (clinician and unit DiD): carrying the pre-period's difference in trends forward does
--     not change the verdict: the trend-adjusted effect agrees with the DiD in sign and significance, or at
--     least keeps its sign and half its size (then only the wider interval cost it its significance).
--   baseline_adjusted (clinician DiD): the ANCOVA estimate agrees with the DiD in sign and significance -
--     regression to the mean moves the DiD, not the ANCOVA - and the groups overlap at baseline: their
--     clinicians' baseline rates are at most `max_baseline_standardized_difference` standard deviations
--     apart (further apart, the ANCOVA only extrapolates a line across the gap).
--   placebo (interrupted time series): the model fitted to the pre-period alone finds no break at a
--     pretend education in its middle month.
--   pre_exposure_dip (point-of-care exposure): a look-up triggered by a run of difficult cases is followed
--     by a recovery that reads as an effect. Fails when, in the last `pre_exposure_dip_months` before their
--     look-ups, the exposed were worse than their usual level beyond the comparison clinicians (interval at
--     `design_check_level` on the worse side) and the effect no longer shows improvement once that dip is
--     taken out: the dip's months are pre_exposure_dip_months of the baseline's baseline_months, so it
--     moved the baseline, and the effect, by dip x that share.
-- design_check: passed / failed / not computed; design_warning: the first failing check, in words.
with estimates as (
    select * from "warehouse"."intermediate"."int_qi_estimates"
),

trends as (
    select * from "warehouse"."intermediate"."int_qi_parallel_trends"
),

its as (
    select need_id, exposure, placebo_effect, placebo_standard_error, placebo_degrees_of_freedom
    from "warehouse"."intermediate"."int_qi_series_its"
),

checked as (
    select
        estimates.need_id,
        estimates.exposure,
        estimates.rate_scale as warning_scale,
        estimates.education_start is not null as has_education,
        trends.pretrend_months,
        trends.slope_difference,
        trends.slope_difference_standard_error,
        trends.slope_difference_degrees_of_freedom,
        trends.trend_adjusted_effect,
        trends.trend_adjusted_standard_error,
        trends.trend_adjusted_degrees_of_freedom,
        trends.pre_exposure_dip,
        estimates.ancova_effect as checked_ancova_effect,
        its.placebo_effect,
        case
            when estimates.method = 'interrupted_time_series' then null
            when coalesce(trends.pretrend_months, 0) < 6
                or trends.slope_difference_standard_error is null then 'not computed'
            when coalesce((case
        when (trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0) is null then null
        when trends.slope_difference_degrees_of_freedom is null then 2.0 * (exp(-0.5 * (abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0))) * (abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0))))) * 1.330274429)))))
        when trends.slope_difference_degrees_of_freedom < 1 then null
        when trends.slope_difference_degrees_of_freedom < 2 then 1.0 - 2.0 / 3.141592653589793 * atan(abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)))
        when trends.slope_difference_degrees_of_freedom < 3 then 1.0 - abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / sqrt(abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) + 2.0)
        else least(1.0, 2.0 * (exp(-0.5 * (((((((-0.4 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 3.3) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 24.0) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5))) + (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom)))))) * (((((((-0.4 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 3.3) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 24.0) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5))) + (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))))))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 3.3) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 24.0) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5))) + (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))))))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 3.3) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 24.0) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5))) + (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))))))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 3.3) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 24.0) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5))) + (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))))))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 3.3) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 24.0) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5))) + (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))))))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 3.3) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 24.0) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) * (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5))) + (((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.slope_difference_degrees_of_freedom) - 0.5) * ((trends.slope_difference_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.slope_difference_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) * abs((trends.slope_difference) / nullif(trends.slope_difference_standard_error, 0)) / (trends.slope_difference_degrees_of_freedom)))))))) * 1.330274429))))))
    end)
             < 1.0 - 0.95, false) then 'failed'
            else 'passed'
        end as parallel_trends,
        case
            when estimates.method = 'interrupted_time_series' then null
            when trends.trend_adjusted_standard_error is null then 'not computed'
            when (coalesce((case
        when trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0) is null then null
        when trends.trend_adjusted_degrees_of_freedom is null then 2.0 * (exp(-0.5 * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0))) * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0))))) * 1.330274429)))))
        when trends.trend_adjusted_degrees_of_freedom < 1 then null
        when trends.trend_adjusted_degrees_of_freedom < 2 then 1.0 - 2.0 / 3.141592653589793 * atan(abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)))
        when trends.trend_adjusted_degrees_of_freedom < 3 then 1.0 - abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / sqrt(abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) + 2.0)
        else least(1.0, 2.0 * (exp(-0.5 * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom)))))) * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))))))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))))))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))))))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))))))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))))))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom)))))))) * 1.330274429))))))
    end) < 0.05, false) = coalesce((case
        when estimates.effect / nullif(estimates.standard_error, 0) is null then null
        when estimates.degrees_of_freedom is null then 2.0 * (exp(-0.5 * (abs(estimates.effect / nullif(estimates.standard_error, 0))) * (abs(estimates.effect / nullif(estimates.standard_error, 0)))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (abs(estimates.effect / nullif(estimates.standard_error, 0)))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.effect / nullif(estimates.standard_error, 0)))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.effect / nullif(estimates.standard_error, 0)))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.effect / nullif(estimates.standard_error, 0)))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.effect / nullif(estimates.standard_error, 0))))) * 1.330274429)))))
        when estimates.degrees_of_freedom < 1 then null
        when estimates.degrees_of_freedom < 2 then 1.0 - 2.0 / 3.141592653589793 * atan(abs(estimates.effect / nullif(estimates.standard_error, 0)))
        when estimates.degrees_of_freedom < 3 then 1.0 - abs(estimates.effect / nullif(estimates.standard_error, 0)) / sqrt(abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) + 2.0)
        else least(1.0, 2.0 * (exp(-0.5 * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom)))))) * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))))))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))))))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))))))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))))))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))))))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom)))))))) * 1.330274429))))))
    end) < 0.05, false)
     and (not coalesce((case
        when trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0) is null then null
        when trends.trend_adjusted_degrees_of_freedom is null then 2.0 * (exp(-0.5 * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0))) * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0))))) * 1.330274429)))))
        when trends.trend_adjusted_degrees_of_freedom < 1 then null
        when trends.trend_adjusted_degrees_of_freedom < 2 then 1.0 - 2.0 / 3.141592653589793 * atan(abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)))
        when trends.trend_adjusted_degrees_of_freedom < 3 then 1.0 - abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / sqrt(abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) + 2.0)
        else least(1.0, 2.0 * (exp(-0.5 * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom)))))) * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))))))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))))))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))))))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))))))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))))))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 3.3) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 24.0) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) * (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5))) + (((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ((trends.trend_adjusted_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.trend_adjusted_degrees_of_freedom) - 0.5) * ln(1.0 + abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) * abs(trends.trend_adjusted_effect / nullif(trends.trend_adjusted_standard_error, 0)) / (trends.trend_adjusted_degrees_of_freedom)))))))) * 1.330274429))))))
    end) < 0.05, false) or sign(trends.trend_adjusted_effect) = sign(estimates.effect)))
                then 'passed'
            -- Significance lost to the wider interval alone: the carried-forward trend explains less than half.
            when sign(trends.trend_adjusted_effect) = sign(estimates.effect)
                and abs(trends.trend_adjusted_effect) >= 0.5 * abs(estimates.effect) then 'passed'
            else 'failed'
        end as trend_adjusted,
        estimates.baseline_standardized_difference,
        case
            when estimates.method <> 'clinician_did' then null
            when estimates.ancova_standard_error is null or estimates.baseline_standardized_difference is null
                then 'not computed'
            when abs(estimates.baseline_standardized_difference) > 1.0
                then 'failed'
            when (coalesce((case
        when estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0) is null then null
        when estimates.ancova_degrees_of_freedom is null then 2.0 * (exp(-0.5 * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0))) * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0))))) * 1.330274429)))))
        when estimates.ancova_degrees_of_freedom < 1 then null
        when estimates.ancova_degrees_of_freedom < 2 then 1.0 - 2.0 / 3.141592653589793 * atan(abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)))
        when estimates.ancova_degrees_of_freedom < 3 then 1.0 - abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / sqrt(abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) + 2.0)
        else least(1.0, 2.0 * (exp(-0.5 * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom)))))) * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))))))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))))))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))))))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))))))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))))))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom)))))))) * 1.330274429))))))
    end) < 0.05, false) = coalesce((case
        when estimates.effect / nullif(estimates.standard_error, 0) is null then null
        when estimates.degrees_of_freedom is null then 2.0 * (exp(-0.5 * (abs(estimates.effect / nullif(estimates.standard_error, 0))) * (abs(estimates.effect / nullif(estimates.standard_error, 0)))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (abs(estimates.effect / nullif(estimates.standard_error, 0)))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.effect / nullif(estimates.standard_error, 0)))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.effect / nullif(estimates.standard_error, 0)))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.effect / nullif(estimates.standard_error, 0)))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.effect / nullif(estimates.standard_error, 0))))) * 1.330274429)))))
        when estimates.degrees_of_freedom < 1 then null
        when estimates.degrees_of_freedom < 2 then 1.0 - 2.0 / 3.141592653589793 * atan(abs(estimates.effect / nullif(estimates.standard_error, 0)))
        when estimates.degrees_of_freedom < 3 then 1.0 - abs(estimates.effect / nullif(estimates.standard_error, 0)) / sqrt(abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) + 2.0)
        else least(1.0, 2.0 * (exp(-0.5 * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom)))))) * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))))))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))))))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))))))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))))))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))))))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 3.3) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 24.0) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) * (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5))) + (((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.degrees_of_freedom) - 0.5) * ((estimates.degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.effect / nullif(estimates.standard_error, 0)) * abs(estimates.effect / nullif(estimates.standard_error, 0)) / (estimates.degrees_of_freedom)))))))) * 1.330274429))))))
    end) < 0.05, false)
     and (not coalesce((case
        when estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0) is null then null
        when estimates.ancova_degrees_of_freedom is null then 2.0 * (exp(-0.5 * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0))) * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0))))) * 1.330274429)))))
        when estimates.ancova_degrees_of_freedom < 1 then null
        when estimates.ancova_degrees_of_freedom < 2 then 1.0 - 2.0 / 3.141592653589793 * atan(abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)))
        when estimates.ancova_degrees_of_freedom < 3 then 1.0 - abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / sqrt(abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) + 2.0)
        else least(1.0, 2.0 * (exp(-0.5 * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom)))))) * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))))))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))))))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))))))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))))))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))))))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 3.3) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 24.0) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) - 85.5) / (0.8 * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) * (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 100.0 + (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5))) + (((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom))) + 3.0) / (48.0 * ((estimates.ancova_degrees_of_freedom) - 0.5) * ((estimates.ancova_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((estimates.ancova_degrees_of_freedom) - 0.5) * ln(1.0 + abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) * abs(estimates.ancova_effect / nullif(estimates.ancova_standard_error, 0)) / (estimates.ancova_degrees_of_freedom)))))))) * 1.330274429))))))
    end) < 0.05, false) or sign(estimates.ancova_effect) = sign(estimates.effect)))
                then 'passed'
            else 'failed'
        end as baseline_adjusted,
        estimates.effect + trends.pre_exposure_dip * 0.3333333333333333
            as dip_adjusted_effect,
        case
            when estimates.exposure <> 'point_of_care' then null
            when trends.pre_exposure_dip_standard_error is null then 'not computed'
            when coalesce((case
        when (trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0) is null then null
        when trends.pre_exposure_dip_degrees_of_freedom is null then 2.0 * (exp(-0.5 * (abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0))) * (abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0))))) * 1.330274429)))))
        when trends.pre_exposure_dip_degrees_of_freedom < 1 then null
        when trends.pre_exposure_dip_degrees_of_freedom < 2 then 1.0 - 2.0 / 3.141592653589793 * atan(abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)))
        when trends.pre_exposure_dip_degrees_of_freedom < 3 then 1.0 - abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / sqrt(abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) + 2.0)
        else least(1.0, 2.0 * (exp(-0.5 * (((((((-0.4 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 3.3) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 24.0) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5))) + (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom)))))) * (((((((-0.4 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 3.3) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 24.0) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5))) + (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))))))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 3.3) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 24.0) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5))) + (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))))))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 3.3) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 24.0) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5))) + (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))))))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 3.3) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 24.0) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5))) + (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))))))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 3.3) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 24.0) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5))) + (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))))))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 3.3) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 24.0) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) - 85.5) / (0.8 * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) * (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 100.0 + (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5))) + (((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom))) + 3.0) / (48.0 * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ((trends.pre_exposure_dip_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((trends.pre_exposure_dip_degrees_of_freedom) - 0.5) * ln(1.0 + abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) * abs((trends.pre_exposure_dip) / nullif(trends.pre_exposure_dip_standard_error, 0)) / (trends.pre_exposure_dip_degrees_of_freedom)))))))) * 1.330274429))))))
    end)
             < 1.0 - 0.95, false)
                and trends.pre_exposure_dip * case estimates.improvement_notation when 'increase' then 1 else -1 end < 0
                and not coalesce(case estimates.improvement_notation
        when 'increase' then estimates.effect + trends.pre_exposure_dip * 0.3333333333333333 - coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(estimates.degrees_of_freedom)),
        1.959964
    ) * estimates.standard_error > 0
        when 'decrease' then estimates.effect + trends.pre_exposure_dip * 0.3333333333333333 + coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(estimates.degrees_of_freedom)),
        1.959964
    ) * estimates.standard_error < 0
    end, false)
                then 'failed'
            else 'passed'
        end as pre_exposure_dip_check,
        case
            when estimates.method <> 'interrupted_time_series' then null
            when its.placebo_standard_error is null then 'not computed'
            when coalesce((case
        when (its.placebo_effect) / nullif(its.placebo_standard_error, 0) is null then null
        when its.placebo_degrees_of_freedom is null then 2.0 * (exp(-0.5 * (abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0))) * (abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0))))) * 1.330274429)))))
        when its.placebo_degrees_of_freedom < 1 then null
        when its.placebo_degrees_of_freedom < 2 then 1.0 - 2.0 / 3.141592653589793 * atan(abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)))
        when its.placebo_degrees_of_freedom < 3 then 1.0 - abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / sqrt(abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) + 2.0)
        else least(1.0, 2.0 * (exp(-0.5 * (((((((-0.4 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 3.3) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 24.0) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 85.5) / (0.8 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 100.0 + (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5))) + (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 3.0) / (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom)))))) * (((((((-0.4 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 3.3) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 24.0) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 85.5) / (0.8 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 100.0 + (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5))) + (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 3.0) / (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))))))) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 3.3) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 24.0) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 85.5) / (0.8 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 100.0 + (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5))) + (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 3.0) / (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))))))))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 3.3) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 24.0) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 85.5) / (0.8 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 100.0 + (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5))) + (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 3.0) / (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))))))))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 3.3) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 24.0) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 85.5) / (0.8 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 100.0 + (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5))) + (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 3.0) / (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))))))))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 3.3) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 24.0) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 85.5) / (0.8 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 100.0 + (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5))) + (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 3.0) / (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))))))))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * (((((((-0.4 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 3.3) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 24.0) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) - 85.5) / (0.8 * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) * (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 100.0 + (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5))) + (((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom))) + 3.0) / (48.0 * ((its.placebo_degrees_of_freedom) - 0.5) * ((its.placebo_degrees_of_freedom) - 0.5)) + 1.0) * sqrt((((its.placebo_degrees_of_freedom) - 0.5) * ln(1.0 + abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) * abs((its.placebo_effect) / nullif(its.placebo_standard_error, 0)) / (its.placebo_degrees_of_freedom)))))))) * 1.330274429))))))
    end)
             < 1.0 - 0.95, false)
                then 'failed'
            else 'passed'
        end as placebo
    from estimates
    left join trends on trends.need_id = estimates.need_id and trends.exposure = estimates.exposure
    left join its on its.need_id = estimates.need_id and its.exposure = estimates.exposure
)

select
    checked.*,
    case
        when not checked.has_education then 'not computed'
        when 'failed' in (coalesce(parallel_trends, ''), coalesce(trend_adjusted, ''), coalesce(baseline_adjusted, ''),
                          coalesce(placebo, ''), coalesce(pre_exposure_dip_check, '')) then 'failed'
        when 'not computed' in (coalesce(parallel_trends, ''), coalesce(trend_adjusted, ''),
                                coalesce(baseline_adjusted, ''), coalesce(placebo, ''),
                                coalesce(pre_exposure_dip_check, '')) then 'not computed'
        else 'passed'
    end as design_check,
    case
        when not checked.has_education then null
        when pre_exposure_dip_check = 'failed' then 'in the 2 months before their look-ups the exposed clinicians were ' || 
    cast((case
        when warning_scale * abs(pre_exposure_dip) is null or warning_scale * abs(pre_exposure_dip) = 0 then warning_scale * abs(pre_exposure_dip)
        else round(warning_scale * abs(pre_exposure_dip),
                   cast(2 - 1 - floor(log10(abs(warning_scale * abs(pre_exposure_dip)))) as integer))
    end) as TEXT)
 || case when pre_exposure_dip < 0 then ' lower' else ' higher' end || ' than their usual level, beyond the comparison group; without that dip the effect is ' || 
    cast((case
        when warning_scale * dip_adjusted_effect is null or warning_scale * dip_adjusted_effect = 0 then warning_scale * dip_adjusted_effect
        else round(warning_scale * dip_adjusted_effect,
                   cast(2 - 1 - floor(log10(abs(warning_scale * dip_adjusted_effect))) as integer))
    end) as TEXT)
 || ': a look-up triggered by difficult cases is followed by a recovery that reads as an effect'
        when pre_exposure_dip_check = 'not computed' then 'the months before the look-ups could not be checked for a dip'
        when parallel_trends = 'failed' then 'parallel trends fail: before the education the exposed group''s trend differed from the comparison group''s by ' || 
    cast((case
        when warning_scale * slope_difference is null or warning_scale * slope_difference = 0 then warning_scale * slope_difference
        else round(warning_scale * slope_difference,
                   cast(2 - 1 - floor(log10(abs(warning_scale * slope_difference))) as integer))
    end) as TEXT)
 || ' a month over ' || 
    cast(pretrend_months as TEXT)
 || ' months'
        when parallel_trends = 'not computed' then 'parallel trends not checked: ' || 
    cast(coalesce(pretrend_months, 0) as TEXT)
 || ' months before the education, at least 6 needed'
        when baseline_adjusted = 'failed'
            and abs(baseline_standardized_difference) > 1.0
            then 'the exposed and comparison clinicians were ' || 
    cast((case
        when abs(baseline_standardized_difference) is null or abs(baseline_standardized_difference) = 0 then abs(baseline_standardized_difference)
        else round(abs(baseline_standardized_difference),
                   cast(2 - 1 - floor(log10(abs(abs(baseline_standardized_difference)))) as integer))
    end) as TEXT)
 || ' standard deviations apart at baseline (more than 1.0): the education went to clinicians chosen by performance, and regression to the mean cannot be told from effect'
        when baseline_adjusted <> 'passed' then 'the baseline-adjusted (ANCOVA) estimate, ' || coalesce(
    cast((case
        when warning_scale * checked_ancova_effect is null or warning_scale * checked_ancova_effect = 0 then warning_scale * checked_ancova_effect
        else round(warning_scale * checked_ancova_effect,
                   cast(2 - 1 - floor(log10(abs(warning_scale * checked_ancova_effect))) as integer))
    end) as TEXT)
, 'not computed') || ', disagrees with the difference-in-differences: regression to the mean may explain the change'
        when trend_adjusted <> 'passed' then 'with the pre-period difference in trends carried forward the effect is ' || coalesce(
    cast((case
        when warning_scale * trend_adjusted_effect is null or warning_scale * trend_adjusted_effect = 0 then warning_scale * trend_adjusted_effect
        else round(warning_scale * trend_adjusted_effect,
                   cast(2 - 1 - floor(log10(abs(warning_scale * trend_adjusted_effect))) as integer))
    end) as TEXT)
, 'not computed') || ', which disagrees with the difference-in-differences: the groups may have been drifting apart anyway'
        when placebo <> 'passed' then 'the pre-period alone shows a break of ' || coalesce(
    cast((case
        when warning_scale * placebo_effect is null or warning_scale * placebo_effect = 0 then warning_scale * placebo_effect
        else round(warning_scale * placebo_effect,
                   cast(2 - 1 - floor(log10(abs(warning_scale * placebo_effect))) as integer))
    end) as TEXT)
, 'unknown size') || ' at a pretend education in its middle: its trend is not stable enough to carry forward'
    end as design_warning
from checked
;
-- qi_impact
create table "warehouse"."marts"."qi_impact" as
-- Did the metric a need points at move because of the education? One row per need that links a metric and
-- exposure - activity attendance, and, reported apart and never merged with it, point-of-care learning (an
-- applied look-up on the need's topic): its design's effect with a 95% interval, the design's checks, a
-- Benjamini-Hochberg q-value over the run's family of estimates, and the claim.
--   improved = the follow-up window is complete and the data suffice, the cells are not small, the interval
--   lies on the metric's better side of zero, q <= `fdr_level`, and every design check passed.
-- The family: every sufficient, unsuppressed estimate in this table, whatever its design or exposure.
-- Rates and effects are in the metric's unit (`rate_unit`), rounded to `published_significant_digits`
-- significant digits after the claim is decided on the unrounded values.
with estimates as (
    select * from "warehouse"."intermediate"."int_qi_estimates"
),

checks as (
    select * from "warehouse"."intermediate"."int_qi_design_checks"
),

its as (
    select need_id, exposure, trend_change from "warehouse"."intermediate"."int_qi_series_its"
),

scaled as (
    select
        estimates.*,
        checks.pretrend_months,
        checks.parallel_trends,
        checks.trend_adjusted,
        checks.baseline_adjusted,
        checks.placebo,
        checks.pre_exposure_dip_check,
        checks.design_check,
        checks.design_warning,
        rate_scale * exposed_baseline_rate as scaled_exposed_baseline_rate,
        rate_scale * exposed_followup_rate as scaled_exposed_followup_rate,
        rate_scale * comparison_baseline_rate as scaled_comparison_baseline_rate,
        rate_scale * comparison_followup_rate as scaled_comparison_followup_rate,
        rate_scale * (exposed_baseline_rate - comparison_baseline_rate) as scaled_baseline_gap,
        rate_scale * effect as scaled_effect,
        rate_scale * standard_error as scaled_effect_standard_error,
        rate_scale * effect - coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(degrees_of_freedom)),
        1.959964
    ) * rate_scale * standard_error as scaled_effect_ci_low,
    rate_scale * effect + coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(degrees_of_freedom)),
        1.959964
    ) * rate_scale * standard_error as scaled_effect_ci_high,
        rate_scale * ancova_effect as scaled_ancova_effect,
        rate_scale * ancova_effect - coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(ancova_degrees_of_freedom)),
        1.959964
    ) * rate_scale * ancova_standard_error as scaled_ancova_ci_low,
    rate_scale * ancova_effect + coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(ancova_degrees_of_freedom)),
        1.959964
    ) * rate_scale * ancova_standard_error as scaled_ancova_ci_high,
        rate_scale * checks.slope_difference as scaled_pretrend_slope_difference,
        rate_scale * checks.slope_difference - coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(checks.slope_difference_degrees_of_freedom)),
        1.959964
    ) * rate_scale * checks.slope_difference_standard_error as scaled_pretrend_ci_low,
    rate_scale * checks.slope_difference + coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(checks.slope_difference_degrees_of_freedom)),
        1.959964
    ) * rate_scale * checks.slope_difference_standard_error as scaled_pretrend_ci_high,
        rate_scale * checks.trend_adjusted_effect as scaled_trend_adjusted_effect,
        rate_scale * checks.trend_adjusted_effect - coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(checks.trend_adjusted_degrees_of_freedom)),
        1.959964
    ) * rate_scale * checks.trend_adjusted_standard_error as scaled_trend_adjusted_ci_low,
    rate_scale * checks.trend_adjusted_effect + coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(checks.trend_adjusted_degrees_of_freedom)),
        1.959964
    ) * rate_scale * checks.trend_adjusted_standard_error as scaled_trend_adjusted_ci_high,
        rate_scale * its.trend_change as scaled_its_trend_change,
        rate_scale * checks.placebo_effect as scaled_placebo_effect,
        coalesce(case improvement_notation
        when 'increase' then effect - coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(degrees_of_freedom)),
        1.959964
    ) * standard_error > 0
        when 'decrease' then effect + coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(degrees_of_freedom)),
        1.959964
    ) * standard_error < 0
    end, false)
            as interval_shows_improvement
    from estimates
    inner join checks on checks.need_id = estimates.need_id and checks.exposure = estimates.exposure
    left join its on its.need_id = estimates.need_id and its.exposure = estimates.exposure
),

-- Benjamini-Hochberg: q = min over ranks j >= i of p(j) * m / j, capped at 1.
family as (
    select
        need_id,
        exposure,
        p_value,
        row_number() over (order by p_value, need_id, exposure) as p_rank,
        count(*) over () as family_size
    from scaled
    where sufficient_data and not suppressed and p_value is not null
),

q_values as (
    select
        need_id,
        exposure,
        least(1.0, min(p_value * family_size / p_rank) over (
            order by p_rank desc rows between unbounded preceding and current row
        )) as q_value
    from family
),

claimed as (
    select
        scaled.*,
        q_values.q_value,
        coalesce(
            scaled.sufficient_data
            and not scaled.suppressed
            and scaled.interval_shows_improvement
            and q_values.q_value <= 0.05
            and scaled.design_check = 'passed',
            false
        ) as improved
    from scaled
    left join q_values on q_values.need_id = scaled.need_id and q_values.exposure = scaled.exposure
)

select
    need_id,
    exposure,
    metric_id,
    metric_name,
    unit_of_analysis,
    measure_type,
    improvement_notation,
    rate_unit,
    method,
    case method
        when 'clinician_did' then case when exposure = 'point_of_care' then 'stacked by each clinician''s first applied look-up month; ' else '' end || 'clinician-clustered delta method, Welch t 95% interval; ANCOVA with HC1 robust errors'
        when 'unit_did' then 'least squares on the monthly exposed-minus-comparison gap, Newey-West lag ' || 
    cast(newey_west_lag as TEXT)
 || ' (never narrower than OLS), t 95% interval'
        else 'segmented least squares on the monthly rate' || case when its_seasonal then ' with seasonal terms' else '' end || ', Newey-West lag ' || 
    cast(newey_west_lag as TEXT)
 || ' (never narrower than OLS), t 95% interval'
    end as interval_method,
    target_service_line,
    education_start,
    education_end,
    case when method = 'interrupted_time_series'
         then cast(

    (first_session_month + cast(-its_pre_months as bigint) * interval 1 month) as date) else baseline_start end as baseline_start,
    baseline_end,
    followup_start,
    case when method = 'interrupted_time_series' then its_followup_end else followup_end end as followup_end,
    followup_complete,
    case when suppressed then null else exposed_n end as exposed_n,
    case when suppressed then null else comparison_n end as comparison_n,
    case when suppressed then null else (case
        when scaled_exposed_baseline_rate is null or scaled_exposed_baseline_rate = 0 then scaled_exposed_baseline_rate
        else round(scaled_exposed_baseline_rate,
                   cast(4 - 1 - floor(log10(abs(scaled_exposed_baseline_rate))) as integer))
    end) end as exposed_baseline_rate,
    case when suppressed then null else (case
        when scaled_exposed_followup_rate is null or scaled_exposed_followup_rate = 0 then scaled_exposed_followup_rate
        else round(scaled_exposed_followup_rate,
                   cast(4 - 1 - floor(log10(abs(scaled_exposed_followup_rate))) as integer))
    end) end as exposed_followup_rate,
    case when suppressed then null else (case
        when scaled_comparison_baseline_rate is null or scaled_comparison_baseline_rate = 0 then scaled_comparison_baseline_rate
        else round(scaled_comparison_baseline_rate,
                   cast(4 - 1 - floor(log10(abs(scaled_comparison_baseline_rate))) as integer))
    end) end as comparison_baseline_rate,
    case when suppressed then null else (case
        when scaled_comparison_followup_rate is null or scaled_comparison_followup_rate = 0 then scaled_comparison_followup_rate
        else round(scaled_comparison_followup_rate,
                   cast(4 - 1 - floor(log10(abs(scaled_comparison_followup_rate))) as integer))
    end) end as comparison_followup_rate,
    case when suppressed then null else (case
        when scaled_baseline_gap is null or scaled_baseline_gap = 0 then scaled_baseline_gap
        else round(scaled_baseline_gap,
                   cast(4 - 1 - floor(log10(abs(scaled_baseline_gap))) as integer))
    end) end as baseline_gap,
    case when suppressed then null else (case
        when scaled_effect is null or scaled_effect = 0 then scaled_effect
        else round(scaled_effect,
                   cast(4 - 1 - floor(log10(abs(scaled_effect))) as integer))
    end) end as effect,
    case when suppressed then null else (case
        when scaled_effect_standard_error is null or scaled_effect_standard_error = 0 then scaled_effect_standard_error
        else round(scaled_effect_standard_error,
                   cast(4 - 1 - floor(log10(abs(scaled_effect_standard_error))) as integer))
    end) end as effect_standard_error,
    case when suppressed then null else (case
        when scaled_effect_ci_low is null or scaled_effect_ci_low = 0 then scaled_effect_ci_low
        else round(scaled_effect_ci_low,
                   cast(4 - 1 - floor(log10(abs(scaled_effect_ci_low))) as integer))
    end) end as effect_ci_low,
    case when suppressed then null else (case
        when scaled_effect_ci_high is null or scaled_effect_ci_high = 0 then scaled_effect_ci_high
        else round(scaled_effect_ci_high,
                   cast(4 - 1 - floor(log10(abs(scaled_effect_ci_high))) as integer))
    end) end as effect_ci_high,
    case when suppressed then null else (case
        when scaled_ancova_effect is null or scaled_ancova_effect = 0 then scaled_ancova_effect
        else round(scaled_ancova_effect,
                   cast(4 - 1 - floor(log10(abs(scaled_ancova_effect))) as integer))
    end) end as ancova_effect,
    case when suppressed then null else (case
        when scaled_ancova_ci_low is null or scaled_ancova_ci_low = 0 then scaled_ancova_ci_low
        else round(scaled_ancova_ci_low,
                   cast(4 - 1 - floor(log10(abs(scaled_ancova_ci_low))) as integer))
    end) end as ancova_ci_low,
    case when suppressed then null else (case
        when scaled_ancova_ci_high is null or scaled_ancova_ci_high = 0 then scaled_ancova_ci_high
        else round(scaled_ancova_ci_high,
                   cast(4 - 1 - floor(log10(abs(scaled_ancova_ci_high))) as integer))
    end) end as ancova_ci_high,
    case when suppressed then null else (case
        when scaled_pretrend_slope_difference is null or scaled_pretrend_slope_difference = 0 then scaled_pretrend_slope_difference
        else round(scaled_pretrend_slope_difference,
                   cast(4 - 1 - floor(log10(abs(scaled_pretrend_slope_difference))) as integer))
    end) end as pretrend_slope_difference,
    case when suppressed then null else (case
        when scaled_pretrend_ci_low is null or scaled_pretrend_ci_low = 0 then scaled_pretrend_ci_low
        else round(scaled_pretrend_ci_low,
                   cast(4 - 1 - floor(log10(abs(scaled_pretrend_ci_low))) as integer))
    end) end as pretrend_ci_low,
    case when suppressed then null else (case
        when scaled_pretrend_ci_high is null or scaled_pretrend_ci_high = 0 then scaled_pretrend_ci_high
        else round(scaled_pretrend_ci_high,
                   cast(4 - 1 - floor(log10(abs(scaled_pretrend_ci_high))) as integer))
    end) end as pretrend_ci_high,
    case when suppressed then null else (case
        when scaled_trend_adjusted_effect is null or scaled_trend_adjusted_effect = 0 then scaled_trend_adjusted_effect
        else round(scaled_trend_adjusted_effect,
                   cast(4 - 1 - floor(log10(abs(scaled_trend_adjusted_effect))) as integer))
    end) end as trend_adjusted_effect,
    case when suppressed then null else (case
        when scaled_trend_adjusted_ci_low is null or scaled_trend_adjusted_ci_low = 0 then scaled_trend_adjusted_ci_low
        else round(scaled_trend_adjusted_ci_low,
                   cast(4 - 1 - floor(log10(abs(scaled_trend_adjusted_ci_low))) as integer))
    end) end as trend_adjusted_ci_low,
    case when suppressed then null else (case
        when scaled_trend_adjusted_ci_high is null or scaled_trend_adjusted_ci_high = 0 then scaled_trend_adjusted_ci_high
        else round(scaled_trend_adjusted_ci_high,
                   cast(4 - 1 - floor(log10(abs(scaled_trend_adjusted_ci_high))) as integer))
    end) end as trend_adjusted_ci_high,
    case when suppressed then null else (case
        when scaled_its_trend_change is null or scaled_its_trend_change = 0 then scaled_its_trend_change
        else round(scaled_its_trend_change,
                   cast(4 - 1 - floor(log10(abs(scaled_its_trend_change))) as integer))
    end) end as its_trend_change,
    case when suppressed then null else (case
        when scaled_placebo_effect is null or scaled_placebo_effect = 0 then scaled_placebo_effect
        else round(scaled_placebo_effect,
                   cast(4 - 1 - floor(log10(abs(scaled_placebo_effect))) as integer))
    end) end as placebo_effect,
    case when suppressed then null else (case
        when baseline_standardized_difference is null or baseline_standardized_difference = 0 then baseline_standardized_difference
        else round(baseline_standardized_difference,
                   cast(4 - 1 - floor(log10(abs(baseline_standardized_difference))) as integer))
    end) end
        as baseline_standardized_difference,
    case when suppressed then null else (case
        when p_value is null or p_value = 0 then p_value
        else round(p_value,
                   cast(4 - 1 - floor(log10(abs(p_value))) as integer))
    end) end as p_value,
    case when suppressed then null else (case
        when q_value is null or q_value = 0 then q_value
        else round(q_value,
                   cast(4 - 1 - floor(log10(abs(q_value))) as integer))
    end) end as q_value,
    cast(pretrend_months as bigint) as pretrend_months,
    parallel_trends,
    trend_adjusted,
    baseline_adjusted,
    placebo,
    pre_exposure_dip_check as pre_exposure_dip,
    design_check,
    design_warning,
    improved,
    case
        when education_start is null then 'not yet addressed'
        when not followup_complete then 'measuring'
        when suppressed or not sufficient_data then 'insufficient data'
        when improved then 'improved'
        when interval_shows_improvement then 'inconclusive'
        else 'not improved'
    end as claim,
    case
        when education_start is null or not followup_complete or not sufficient_data then reason_insufficient
        when suppressed then 'a window denominator or clinician group is 1-10: not published'
        when improved then 'the 95% interval excludes zero on the better side, the q-value is within the 0.05 false discovery level and every design check passed'
        when interval_shows_improvement and design_check <> 'passed' then design_warning
        when interval_shows_improvement then 'the q-value, ' || 
    cast((case
        when q_value is null or q_value = 0 then q_value
        else round(q_value,
                   cast(2 - 1 - floor(log10(abs(q_value))) as integer))
    end) as TEXT)
 || ', is above the false discovery level 0.05: too likely a chance finding among the program''s estimates'
        else 'the 95% interval includes zero or lies on the worse side'
    end as claim_reason,
    sufficient_data,
    reason_insufficient,
    suppressed
from claimed
;
-- activity_outcomes
create table "warehouse"."marts"."activity_outcomes" as
-- Per activity, its evidence at each of Moore's outcome levels: 1 participation, 2 satisfaction,
-- 3 knowledge (paired pre/post tests), 4 competence (commitment to change, self-report), and 5 performance
-- and 6 patient health from qi_impact of the needs the activity serves (process metrics evidence
-- performance, outcome metrics patient health). A need's effect belongs to its education as a whole, so
-- every activity serving the need shares it. `highest_level_evidenced` is the highest level with
-- objective evidence of improvement: 6 or 5 when a served need's metric improved (interval excluding
-- zero), 3 when the knowledge change's interval is above zero, else 1 when anyone took part.
-- Self-reported commitment (4) and satisfaction (2) are reported but never count as objective evidence.
with activities as (
    select * from "warehouse"."staging"."stg_activities"
),

attendance as (
    select * from "warehouse"."restricted"."int_attendance_resolved"
),

participation as (
    select
        activity_id,
        count(distinct session_date) as sessions,
        count(*) as attendances,
        count(distinct learner_key) as unique_learners,
        count(distinct case when is_physician then learner_key end) as physician_learners,
        count(distinct case when not is_physician then learner_key end) as other_learners,
        sum(credits_claimed) as credits_claimed,
        count(satisfaction) as satisfaction_responses,
        avg(1.0 * satisfaction) as mean_satisfaction,
        sum(case when pre_score is not null and post_score is not null then 1 else 0 end) as paired_pre_post_n,
        avg(case when post_score is not null then pre_score end) as mean_pre_score,
        avg(case when pre_score is not null then post_score end) as mean_post_score,
        avg(post_score - pre_score) as mean_knowledge_change,
        stddev_samp(post_score - pre_score) as sd_knowledge_change,
        sum(case when trim(coalesce(commitment_to_change, '')) <> '' then 1 else 0 end) as commitments_to_change
    from attendance
    group by activity_id
),

served_impact as (
    select
        activity_needs.activity_id,
        sum(case when impact.measure_type = 'process' and impact.sufficient_data then 1 else 0 end)
            as performance_needs_measured,
        sum(case when impact.measure_type = 'process' and impact.improved then 1 else 0 end)
            as performance_needs_improved,
        sum(case when impact.measure_type = 'outcome' and impact.sufficient_data then 1 else 0 end)
            as patient_health_needs_measured,
        sum(case when impact.measure_type = 'outcome' and impact.improved then 1 else 0 end)
            as patient_health_needs_improved
    from "warehouse"."intermediate"."int_activity_needs" as activity_needs
    inner join "warehouse"."marts"."qi_impact" as impact
        on impact.need_id = activity_needs.need_id and impact.exposure = 'attendance'
    group by activity_needs.activity_id
),

knowledge as (
    select
        activity_id,
        mean_knowledge_change - coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(paired_pre_post_n - 1)),
        1.959964
    ) * sd_knowledge_change / sqrt(paired_pre_post_n) as knowledge_ci_low,
    mean_knowledge_change + coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from "warehouse"."reference"."t_critical_values") as t_table
         where t_table.table_df = floor(paired_pre_post_n - 1)),
        1.959964
    ) * sd_knowledge_change / sqrt(paired_pre_post_n) as knowledge_ci_high
    from participation
)

select
    activities.activity_id,
    activities.activity_title,
    activities.activity_type,
    activities.need_ids,
    activities.start_date,
    activities.end_date,
    activities.credit_hours,
    cast(coalesce(participation.sessions, 0) as bigint) as sessions,
    cast(coalesce(participation.attendances, 0) as bigint) as attendances,
    cast(coalesce(participation.unique_learners, 0) as bigint) as unique_learners,
    cast(coalesce(participation.physician_learners, 0) as bigint) as physician_learners,
    cast(coalesce(participation.other_learners, 0) as bigint) as other_learners,
    coalesce(participation.credits_claimed, 0) as credits_claimed,
    cast(coalesce(participation.satisfaction_responses, 0) as bigint) as satisfaction_responses,
    (case
        when participation.mean_satisfaction is null or participation.mean_satisfaction = 0 then participation.mean_satisfaction
        else round(participation.mean_satisfaction,
                   cast(4 - 1 - floor(log10(abs(participation.mean_satisfaction))) as integer))
    end) as mean_satisfaction,
    cast(coalesce(participation.paired_pre_post_n, 0) as bigint) as paired_pre_post_n,
    (case
        when participation.mean_pre_score is null or participation.mean_pre_score = 0 then participation.mean_pre_score
        else round(participation.mean_pre_score,
                   cast(4 - 1 - floor(log10(abs(participation.mean_pre_score))) as integer))
    end) as mean_pre_score,
    (case
        when participation.mean_post_score is null or participation.mean_post_score = 0 then participation.mean_post_score
        else round(participation.mean_post_score,
                   cast(4 - 1 - floor(log10(abs(participation.mean_post_score))) as integer))
    end) as mean_post_score,
    (case
        when participation.mean_knowledge_change is null or participation.mean_knowledge_change = 0 then participation.mean_knowledge_change
        else round(participation.mean_knowledge_change,
                   cast(4 - 1 - floor(log10(abs(participation.mean_knowledge_change))) as integer))
    end) as mean_knowledge_change,
    -- Paired t interval; past the t table's last row the normal quantile is within 0.02 of t.
    (case
        when knowledge.knowledge_ci_low is null or knowledge.knowledge_ci_low = 0 then knowledge.knowledge_ci_low
        else round(knowledge.knowledge_ci_low,
                   cast(4 - 1 - floor(log10(abs(knowledge.knowledge_ci_low))) as integer))
    end) as knowledge_change_ci_low,
    (case
        when knowledge.knowledge_ci_high is null or knowledge.knowledge_ci_high = 0 then knowledge.knowledge_ci_high
        else round(knowledge.knowledge_ci_high,
                   cast(4 - 1 - floor(log10(abs(knowledge.knowledge_ci_high))) as integer))
    end) as knowledge_change_ci_high,
    cast(coalesce(participation.commitments_to_change, 0) as bigint) as commitments_to_change,
    (case
        when 1.0 * participation.commitments_to_change / nullif(participation.attendances, 0) is null or 1.0 * participation.commitments_to_change / nullif(participation.attendances, 0) = 0 then 1.0 * participation.commitments_to_change / nullif(participation.attendances, 0)
        else round(1.0 * participation.commitments_to_change / nullif(participation.attendances, 0),
                   cast(4 - 1 - floor(log10(abs(1.0 * participation.commitments_to_change / nullif(participation.attendances, 0)))) as integer))
    end)
        as commitment_to_change_rate,
    cast(coalesce(served_impact.performance_needs_measured, 0) as bigint) as performance_needs_measured,
    coalesce(served_impact.performance_needs_improved, 0) > 0 as performance_improved,
    cast(coalesce(served_impact.patient_health_needs_measured, 0) as bigint) as patient_health_needs_measured,
    coalesce(served_impact.patient_health_needs_improved, 0) > 0 as patient_health_improved,
    case
        when coalesce(served_impact.patient_health_needs_improved, 0) > 0 then 6
        when coalesce(served_impact.performance_needs_improved, 0) > 0 then 5
        when knowledge.knowledge_ci_low > 0 then 3
        when coalesce(participation.unique_learners, 0) > 0 then 1
    end as highest_level_evidenced
from activities
left join participation on participation.activity_id = activities.activity_id
left join knowledge on knowledge.activity_id = activities.activity_id
left join served_impact on served_impact.activity_id = activities.activity_id
;
-- commendation_evidence
create table "warehouse"."marts"."commendation_evidence" as
-- The evidence behind ACCME's Accreditation with Commendation "Achieves Outcomes" criteria: one row per
-- criterion, activity and need whose claimed improvement (qi_impact.improved) qualifies the activity.
--   Improves Performance: the learners' performance was measured objectively and improved - a process
--     metric of a need the activity serves (Moore level 5).
--   Improves Healthcare Quality: the activity is part of a hospital QI project (activities.qi_project:
--     collaboration in quality improvement) and system-level quality improved - a unit or service-line
--     metric of a need it serves.
--   Improves Patient/Community Health: the activity is part of a QI project and patients' outcomes
--     improved - an outcome metric of a need it serves (Moore level 6).
-- A need's effect belongs to its education as a whole: every activity serving the need shares it. Only
-- claims count: an interval excluding zero, the q-value within the false discovery level, every design check
-- passed. Activities in the term: dbt vars commendation_term_start / commendation_term_end (default: all).
with activities as (
    select * from "warehouse"."staging"."stg_activities"
    where 1 = 1
    
    
),

claims as (
    select * from "warehouse"."marts"."qi_impact"
    where improved and exposure = 'attendance'  -- point-of-care learning is no activity's education
),

served as (
    select
        activities.activity_id,
        activities.activity_title,
        activities.activity_type,
        activities.start_date,
        activities.qi_project,
        claims.*
    from activities
    inner join "warehouse"."intermediate"."int_activity_needs" as activity_needs on activity_needs.activity_id = activities.activity_id
    inner join claims on claims.need_id = activity_needs.need_id
),

qualifying as (
    select 'Improves Performance' as criterion, served.* from served
    where measure_type = 'process'
    union all
    select 'Improves Healthcare Quality' as criterion, served.* from served
    where qi_project is not null and unit_of_analysis in ('unit', 'service_line')
    union all
    select 'Improves Patient/Community Health' as criterion, served.* from served
    where qi_project is not null and measure_type = 'outcome'
)

select
    criterion,
    activity_id,
    activity_title,
    activity_type,
    start_date,
    qi_project,
    need_id,
    metric_id,
    metric_name,
    measure_type,
    unit_of_analysis,
    method,
    rate_unit,
    improvement_notation,
    effect,
    effect_ci_low,
    effect_ci_high,
    q_value
from qualifying
;
-- commendation_program_summary
create table "warehouse"."marts"."commendation_program_summary" as
-- Program level: for each "Achieves Outcomes" criterion, the activities whose claims qualify them against
-- what ACCME requires (docs/domain.md). Program size by activities in the term: S <= 39, M 40-100, L 101-250,
-- XL > 250.
--   Improves Performance: at least 10% of the program's activities (minimum 2) with performance measured and
--     improved, and evidence from S 2 / M 4 / L 6 / XL 8 of them.
--   Improves Healthcare Quality, Improves Patient/Community Health: 2 examples per term, each with QI
--     collaboration and improvement.
with evidence as (
    select * from "warehouse"."marts"."commendation_evidence"
),

activities as (
    select activity_id from "warehouse"."staging"."stg_activities"
    where 1 = 1
    
    
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
        
    string_agg(
        distinct need_id,
        ', '
        order by need_id
        ) as evidencing_need_ids
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
                then greatest(2, cast(ceiling(0.1 * program.program_activities) as integer))
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
    cast(required.program_activities as bigint) as program_activities,
    required.program_size,
    cast(coalesce(qualifying.qualifying_activities, 0) as bigint) as qualifying_activities,
    cast(required.activities_required as bigint) as activities_required,
    cast(required.evidence_examples_required as bigint) as evidence_examples_required,
    cast(coalesce(qualifying.evidencing_needs, 0) as bigint) as evidencing_needs,
    qualifying.evidencing_need_ids,
    coalesce(qualifying.qualifying_activities, 0) >= required.activities_required
        and coalesce(qualifying.qualifying_activities, 0) >= required.evidence_examples_required as meets_requirement
from required
left join qualifying on qualifying.criterion = required.criterion
order by required.criterion_order
;
-- stg_deliveries
create table "warehouse"."staging"."stg_deliveries" as
-- One row per file now in the inbox, per feed: its latest entry in the ingest ledger (what was loaded,
-- quarantined, refused or found to duplicate another file). A file taken out of the inbox is withdrawn
-- and no longer here. Read by data_quality and by the publication log's list of inputs.
with ledger as (
    select
        log.*,
        row_number() over (partition by feed, file_name order by log_seq desc) as recency
    from "warehouse"."raw"."_ingest_log" as log
)

select
    feed,
    file_name,
    sha256,
    status,
    mapping,
    delivered_at,
    ingested_at,
    cast(rows_read as bigint) as rows_read,
    cast(rows_loaded as bigint) as rows_loaded,
    cast(rows_quarantined as bigint) as rows_quarantined,
    cast(rows_with_warnings as bigint) as rows_with_warnings,
    message
from ledger
where recency = 1 and status <> 'withdrawn'
;
-- data_quality
create table "warehouse"."marts"."data_quality" as
-- What arrived and what was held back, per feed and file currently in the inbox: rows read, loaded
-- and quarantined, and the commonest reasons. Reasons are rules ("npi fails the check digit"), never
-- the offending values, so nothing here identifies a person.
with latest as (
    select * from "warehouse"."staging"."stg_deliveries"
),

reasons as (
    select feed, source_file, rule, count(*) as rows_held_back
    from "warehouse"."raw"."_quarantine"
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
        
    string_agg(
        rule || ' (' || cast(rows_held_back as TEXT) || ')',
        '; '
        order by reason_rank
        ) as top_quarantine_reasons
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
;
-- int_units
create table "warehouse"."intermediate"."int_units" as
-- One row per unit on the roster with the service line it belongs to: the service line most of its
-- roster clinicians belong to (ties go to the alphabetically first), since the feeds carry no unit list.
with unit_lines as (
    select unit, service_line, count(*) as clinicians
    from "warehouse"."staging"."stg_roster"
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
;
-- int_metric_monthly_by_entity
create table "warehouse"."intermediate"."int_metric_monthly_by_entity" as
-- Metric values per month at the grain a Quality Council reads them: clinician-level values rolled up
-- to the clinician's service line (never published per clinician), unit values per unit, service-line
-- values as they come. Also every unit and service-line value rolled up to its service line, so a
-- need's target service line has one series whatever the metric's grain (entity_type 'service_line').
-- Incremental by month, with the months of the run's partition window (macros/months.sql). Not a Dagster
-- partition itself: it reads the roster, which is not partitioned, and a roster change marks every month.


with metric_values as (
    select * from "warehouse"."staging"."stg_metric_values"
    where 1 = 1
),

catalog as (
    select metric_id, unit_of_analysis from "warehouse"."staging"."stg_metric_catalog"
),

roster as (
    select npi, service_line from "warehouse"."staging"."stg_roster"
),

units as (
    select * from "warehouse"."intermediate"."int_units"
),

located as (
    select
        metric_values.metric_id,
        metric_values.period_start,
        metric_values.entity_type,
        metric_values.entity_id,
        case metric_values.entity_type
            when 'clinician' then roster.service_line
            when 'unit' then units.service_line
            else metric_values.entity_id
        end as service_line,
        metric_values.numerator,
        metric_values.denominator
    from metric_values
    inner join catalog
        on catalog.metric_id = metric_values.metric_id
        and catalog.unit_of_analysis = metric_values.entity_type
    left join roster
        on metric_values.entity_type = 'clinician' and roster.npi = metric_values.entity_id
    left join units
        on metric_values.entity_type = 'unit' and units.unit = metric_values.entity_id
),

per_unit as (
    select metric_id, period_start, 'unit' as entity_type, entity_id, service_line,
           sum(numerator) as numerator, sum(denominator) as denominator, count(*) as reporting_entities
    from located
    where entity_type = 'unit'
    group by metric_id, period_start, entity_id, service_line
),

per_service_line as (
    select metric_id, period_start, 'service_line' as entity_type, service_line as entity_id, service_line,
           sum(numerator) as numerator, sum(denominator) as denominator, count(*) as reporting_entities
    from located
    where service_line is not null
    group by metric_id, period_start, service_line
)

select * from per_unit
union all
select * from per_service_line
;
-- int_metric_education_sessions
create table "warehouse"."intermediate"."int_metric_education_sessions" as
-- Education sessions per metric, service line and month: sessions of activities linked to needs that
-- point at the metric and target the service line. What a run chart annotates.
with needs as (
    select need_id, metric_id, target_service_line
    from "warehouse"."staging"."stg_needs"
    where metric_id is not null
),

activity_needs as (
    select * from "warehouse"."intermediate"."int_activity_needs"
),

sessions as (
    select distinct activity_id, session_date
    from "warehouse"."staging"."stg_attendance"
)

select
    needs.metric_id,
    needs.target_service_line as service_line,
    cast(date_trunc('month', sessions.session_date) as date) as period_start,
    count(distinct sessions.activity_id || '|' || 
    cast(sessions.session_date as TEXT)
)
        as education_sessions,
    min(sessions.session_date) as first_session_date
from needs
inner join activity_needs on activity_needs.need_id = needs.need_id
inner join sessions on sessions.activity_id = activity_needs.activity_id
group by needs.metric_id, needs.target_service_line, cast(date_trunc('month', sessions.session_date) as date)
;
-- int_run_chart_points
create table "warehouse"."intermediate"."int_run_chart_points" as
-- A run chart's points: one row per metric x reporting entity x month, with the centre line. Reporting
-- entities: clinician metrics rolled up to the service line (never per clinician), unit metrics per unit,
-- service-line metrics as they are. Centre line = the median of the baseline months (those before the first
-- education session for the metric in the entity's service line; all months when there has been none).
-- `side` is where the point lies against it (1 above, -1 below, 0 on it, suppressed or without a median):
-- what the run-chart rules in metric_run_chart read. Months whose denominator is 1-10 are suppressed.
with catalog as (
    select * from "warehouse"."staging"."stg_metric_catalog"
),

monthly as (
    select monthly.*, catalog.metric_name, catalog.unit_of_analysis, catalog.improvement_notation,
           catalog.scoring,
           case catalog.scoring when 'rate_per_1000' then 1000.0 else 1.0 end as rate_scale,
           (case catalog.scoring
        when 'proportion' then 'proportion (0-1)'
        when 'rate_per_1000' then 'per 1,000 ' || lower(coalesce(catalog.denominator_definition, 'denominator units'))
        when 'ratio' then 'observed/expected ratio'
        else catalog.scoring
    end) as rate_unit
    from "warehouse"."intermediate"."int_metric_monthly_by_entity" as monthly
    inner join catalog on catalog.metric_id = monthly.metric_id
    where (catalog.unit_of_analysis = 'unit' and monthly.entity_type = 'unit')
       or (catalog.unit_of_analysis in ('clinician', 'service_line') and monthly.entity_type = 'service_line')
),

education as (
    select * from "warehouse"."intermediate"."int_metric_education_sessions"
),

first_education as (
    select metric_id, service_line, min(period_start) as first_education_month
    from education
    group by metric_id, service_line
),

points as (
    select
        monthly.*,
        monthly.rate_scale * monthly.numerator / monthly.denominator as rate,
        coalesce(monthly.denominator between 1 and 11 - 1, false) as suppressed,
        first_education.first_education_month is null
            or monthly.period_start < first_education.first_education_month as is_baseline,
        coalesce(education.education_sessions, 0) as education_sessions
    from monthly
    left join first_education
        on first_education.metric_id = monthly.metric_id
        and first_education.service_line = monthly.service_line
    left join education
        on education.metric_id = monthly.metric_id
        and education.service_line = monthly.service_line
        and education.period_start = monthly.period_start
),

baselines as (
    select
        metric_id, entity_type, entity_id,
        count(*) as baseline_points,
        percentile_cont(0.5) within group (order by rate) as baseline_median
    from points
    where is_baseline and not suppressed
    group by metric_id, entity_type, entity_id
),

charted as (
    select
        points.metric_id,
        points.metric_name,
        points.entity_type,
        points.entity_id,
        points.service_line,
        points.period_start,
        points.numerator,
        points.denominator,
        points.rate,
        points.rate_unit,
        points.scoring,
        points.rate_scale,
        points.improvement_notation,
        points.is_baseline,
        points.education_sessions,
        points.suppressed,
        baselines.baseline_points,
        baselines.baseline_median,
        -- A centre line at the measure's floor (0: a rare event's typical month has none) or ceiling (a
        -- proportion of 1) leaves no room on one side: every useful point falls on the other, and run rules
        -- would read that as a signal. They are not judged there (a g- or t-chart suits rare events).
        coalesce(baselines.baseline_median > 0
                 and not (points.scoring = 'proportion' and baselines.baseline_median >= 1), false) as rules_apply,
        case
            when points.suppressed then 0
            when points.rate > baselines.baseline_median then 1
            when points.rate < baselines.baseline_median then -1
            else 0
        end as side
    from points
    left join baselines
        on baselines.metric_id = points.metric_id
        and baselines.entity_type = points.entity_type
        and baselines.entity_id = points.entity_id
)

select * from charted
;
create table "warehouse"."reference"."anhoej_limits" as select * from read_csv('/work/main/dbt_project/seeds/anhoej_limits.csv', header = true);
-- int_control_limits
create table "warehouse"."intermediate"."int_control_limits" as
-- Control limits for a run chart whose baseline is long and stable enough: one row per metric x reporting entity
-- x month of such a chart (int_run_chart_points), with the limits for that month's denominator.
--   Stable: at least var control_chart_min_baseline_points charted baseline months (not suppressed), the centre
--     line off the measure's floor and ceiling, and no non-random variation within the baseline by the Anhoej
--     rules (longest run, crossings: the same limits as metric_run_chart, over the baseline points alone).
--   Chart by scoring: a proportion takes a p-chart (sigma_i = sqrt(p(1 - p) / n_i)); a rate per 1,000 and an
--     observed/expected ratio take a u-chart (sigma_i = sqrt(u / n_i), n_i the denominator units or the expected
--     count). Centre p or u = the baseline's pooled numerator / denominator; limits are frozen from the baseline
--     and extended over the follow-up.
--   Over-dispersion: Pearson's dispersion statistic, the sum of the baseline points' squared z-scores
--     z_i = (y_i - centre) / sigma_i, against the 95th percentile of chi-square with (k - 1) degrees of freedom.
--     Over-dispersed (large denominators make the binomial/Poisson limits too tight: every month looks special)
--     switches to Laney's p' or u': sigma_i times sigma_z, sigma_z = the mean moving range of the z_i / 1.128.
with points as (
    select * from "warehouse"."intermediate"."int_run_chart_points"
),

baseline as (
    select * from points
    where is_baseline and not suppressed and denominator > 0 and numerator is not null
),

baseline_runs as (
    select metric_id, entity_type, entity_id, max(run_length) as longest_run, count(*) - 1 as crossings,
           sum(run_length) as useful_points
    from (select metric_id, entity_type, entity_id, side, island, count(*) as run_length, max(period_start) as run_end
    from (select
        metric_id, entity_type, entity_id, period_start, side,
        row_number() over (partition by metric_id, entity_type, entity_id order by period_start)
        - row_number() over (partition by metric_id, entity_type, entity_id, side order by period_start) as island
    from points
    where side <> 0 and is_baseline and rules_apply) as sided
    group by metric_id, entity_type, entity_id, side, island) as runs
    group by metric_id, entity_type, entity_id
),

centres as (
    select
        metric_id, entity_type, entity_id,
        max(scoring) as scoring,
        count(*) as baseline_points,
        1.0 * sum(numerator) / sum(denominator) as centre
    from baseline
    group by metric_id, entity_type, entity_id
),

scored as (
    select
        baseline.metric_id, baseline.entity_type, baseline.entity_id, baseline.period_start,
        (1.0 * baseline.numerator / baseline.denominator - centres.centre)
            / sqrt(case when centres.scoring = 'proportion' then centres.centre * (1 - centres.centre)
                        else centres.centre end / baseline.denominator) as z
    from baseline
    inner join centres
        on centres.metric_id = baseline.metric_id
        and centres.entity_type = baseline.entity_type
        and centres.entity_id = baseline.entity_id
    where centres.centre > 0 and not (centres.scoring = 'proportion' and centres.centre >= 1)
),

dispersion as (
    select
        metric_id, entity_type, entity_id,
        sum(z * z) as dispersion_chi_square,
        avg(moving_range) / 1.128 as sigma_z
    from (
        select scored.*,
               abs(z - lag(z) over (partition by metric_id, entity_type, entity_id order by period_start))
                   as moving_range
        from scored
    ) as ranged
    group by metric_id, entity_type, entity_id
),

charts as (
    select
        centres.*,
        dispersion.sigma_z,
        dispersion.dispersion_chi_square,
        dispersion.dispersion_chi_square > ((centres.baseline_points - 1) * power(1 - 2.0 / (9 * (centres.baseline_points - 1))
        + 1.644854 * sqrt(2.0 / (9 * (centres.baseline_points - 1))), 3)) as over_dispersed
    from centres
    inner join dispersion
        on dispersion.metric_id = centres.metric_id
        and dispersion.entity_type = centres.entity_type
        and dispersion.entity_id = centres.entity_id
    inner join baseline_runs
        on baseline_runs.metric_id = centres.metric_id
        and baseline_runs.entity_type = centres.entity_type
        and baseline_runs.entity_id = centres.entity_id
    inner join "warehouse"."reference"."anhoej_limits" as limits on limits.useful_points = baseline_runs.useful_points
    where centres.baseline_points >= 20
        and baseline_runs.longest_run <= limits.longest_run_max
        and baseline_runs.crossings >= limits.crossings_min
),

limited as (
    select
        points.metric_id, points.entity_type, points.entity_id, points.period_start,
        case when charts.scoring = 'proportion' then 'p' else 'u' end
            || case when charts.over_dispersed then '_prime' else '' end as control_chart,
        charts.sigma_z,
        charts.over_dispersed,
        points.rate_scale * charts.centre as control_centre,
        points.rate_scale * 3
            * sqrt(case when charts.scoring = 'proportion' then charts.centre * (1 - charts.centre)
                        else charts.centre end / points.denominator)
            * case when charts.over_dispersed then charts.sigma_z else 1 end as three_sigma,
        points.rate_scale as rate_scale,
        charts.scoring
    from points
    inner join charts
        on charts.metric_id = points.metric_id
        and charts.entity_type = points.entity_type
        and charts.entity_id = points.entity_id
    where not points.suppressed and points.denominator > 0
)

select
    metric_id, entity_type, entity_id, period_start, control_chart, sigma_z, over_dispersed, control_centre,
    greatest(control_centre - three_sigma, 0) as control_lower,
    case when scoring = 'proportion' then least(control_centre + three_sigma, rate_scale)
         else control_centre + three_sigma end as control_upper
from limited
;
-- int_metric_topic_look_ups
create table "warehouse"."restricted"."int_metric_topic_look_ups" as
-- Point-of-care look-ups on each metric's topic (int_metric_topics, by the same whole-word rule as needs,
-- macros/text.sql), with the clinician's service line and unit: what qi_gaps counts as the question volume
-- on a metric where no need exists yet. One row per look-up x metric. Restricted.
with look_ups as (
    select resolved.*, roster.service_line, roster.unit
    from "warehouse"."restricted"."int_point_of_care_resolved" as resolved
    inner join "warehouse"."staging"."stg_roster" as roster on roster.npi = resolved.clinician_npi
)

select distinct
    look_ups.learner_id, look_ups.entry_date, look_ups.question, topics.metric_id, look_ups.clinician_npi,
    look_ups.service_line, look_ups.unit
from look_ups
inner join "warehouse"."intermediate"."int_metric_topics" as topics
    on (look_ups.question_words like '%' || topics.topic_words || '%' and trim(topics.topic_words) <> '')
;
create table "warehouse"."reference"."pars_activity_types" as select * from read_csv('/work/main/dbt_project/seeds/pars_activity_types.csv', header = true);
-- int_pars_participation
create table "warehouse"."restricted"."int_pars_participation" as
-- Every participation PARS counts, one row per learner per session or look-up, with the PARS activity it
-- counts toward (pars_group) and its reporting year: attendance at activities, and point-of-care look-ups,
-- which ACCME credits as internet searching and learning and which roll, with the ISL activities'
-- attendance, into the one ISL activity of their year. Learners are the identity-resolved learner_key, so
-- a clinician who attended an ISL activity and logged look-ups counts once. `learning_hours` is what the
-- participation took: the activity's credit hours for attendance, the logged minutes for a look-up;
-- `applied_to_practice` what a look-up's learner reports it changed (learned, diagnosis, treatment, none).
with attendance as (
    select * from "warehouse"."restricted"."int_attendance_resolved"
),

activities as (
    select activities.activity_id, activities.credit_hours, types.learner_count_rule
    from "warehouse"."staging"."stg_activities" as activities
    inner join "warehouse"."reference"."pars_activity_types" as types on types.activity_type = activities.activity_type
),

point_of_care as (
    select * from "warehouse"."restricted"."int_point_of_care_resolved"
)

select
    case when activities.learner_count_rule = 'people_rolled_up' then 'ISL' else attendance.activity_id end
        as pars_group,
    cast(extract(year from attendance.session_date) as integer) as reporting_year,
    'attendance' as participation_source,
    attendance.activity_id || '|' || 
    cast(attendance.session_date as TEXT)

        as session_key,
    attendance.session_date as participation_date,
    attendance.learner_key,
    attendance.is_physician,
    activities.credit_hours as learning_hours,
    cast(null as TEXT) as applied_to_practice
from attendance
inner join activities on activities.activity_id = attendance.activity_id

union all

select
    'ISL' as pars_group,
    cast(extract(year from point_of_care.entry_date) as integer) as reporting_year,
    'point_of_care' as participation_source,
    'poc|' || point_of_care.learner_id || '|' || 
    cast(point_of_care.entry_date as TEXT)
 || '|' || point_of_care.question as session_key,
    point_of_care.entry_date as participation_date,
    point_of_care.learner_key,
    point_of_care.is_physician,
    coalesce(point_of_care.minutes, 0) / 60.0 as learning_hours,
    point_of_care.applied_to_practice
from point_of_care
;
-- int_pars_yearly_counts
create table "warehouse"."intermediate"."int_pars_yearly_counts" as
-- Per PARS activity (pars_group: an activity, or 'ISL' for the year's internet searching and learning) and
-- reporting year, what PARS counts (pars_activity_report): sessions, learners by PARS's counting rule for the
-- activity's type, hours per learner, look-ups, and for ISL the learners' self-reported Moore 4 and 5.
with participation as (
    select * from "warehouse"."restricted"."int_pars_participation"
),

typed as (
    select
        case when types.learner_count_rule = 'people_rolled_up' then 'ISL' else activities.activity_id end
            as pars_group,
        types.learner_count_rule
    from "warehouse"."staging"."stg_activities" as activities
    inner join "warehouse"."reference"."pars_activity_types" as types on types.activity_type = activities.activity_type
),

rules as (
    select pars_group, max(learner_count_rule) as learner_count_rule from typed group by pars_group
    union all
    -- Point-of-care look-ups make an ISL activity even where no ISL activity is in the activities feed.
    select 'ISL', 'people_rolled_up'
    where not exists (select 1 from typed where pars_group = 'ISL')
),

counts as (
    select
        participation.pars_group,
        participation.reporting_year,
        count(distinct participation.session_key) as sessions,
        min(participation.participation_date) as first_session_date,
        max(participation.participation_date) as last_session_date,
        case when max(rules.learner_count_rule) = 'sessions_attended'
             then sum(case when participation.is_physician then 1 else 0 end)
             else count(distinct case when participation.is_physician then participation.learner_key end)
        end as physician_learners,
        case when max(rules.learner_count_rule) = 'sessions_attended'
             then sum(case when not participation.is_physician then 1 else 0 end)
             else count(distinct case when not participation.is_physician then participation.learner_key end)
        end as other_learners,
        sum(participation.learning_hours) / count(distinct participation.learner_key) as hours_per_learner,
        count(case when participation.participation_source = 'point_of_care' then 1 end) as point_of_care_look_ups,
        -- Moore 4 and 5 as the learners report them (internet searching and learning only): what they learned,
        -- and what they changed for the patient at hand.
        case when participation.pars_group = 'ISL' then count(distinct case
            when participation.applied_to_practice in ('learned', 'diagnosis', 'treatment') then participation.learner_key
        end) end as self_reported_competence_learners,
        case when participation.pars_group = 'ISL' then count(distinct case
            when participation.applied_to_practice in ('diagnosis', 'treatment') then participation.learner_key
        end) end as self_reported_performance_learners
    from participation
    inner join rules on rules.pars_group = participation.pars_group
    group by participation.pars_group, participation.reporting_year
)

select * from counts
;
-- int_qi_gap_signals
create table "warehouse"."intermediate"."int_qi_gap_signals" as
-- Deterioration found in the QI data itself: one row per metric x reporting entity (int_run_chart_points:
-- service lines, and units for unit metrics), judged against the median of the entity's first
-- var gap_reference_months charted months (its reference period), in the metric's worse direction.
-- Adverse signal: the run of points on the worse side that includes the latest charted month is longer than
-- the run-chart rule allows - Anhoej: longer than round(log2(n)) + 3 for the chart's n useful points; IHI: 6
-- or more (var run_chart_rules, as metric_run_chart). An old deterioration that has since recovered is not
-- a gap now. No signal is judged on a reference median at the measure's floor or a proportion's ceiling.
with charted as (
    select
        *,
        row_number() over (partition by metric_id, entity_type, entity_id order by period_start) as charted_month
    from "warehouse"."intermediate"."int_run_chart_points"
    where not suppressed and rate is not null
),

reference as (
    select metric_id, entity_type, entity_id, percentile_cont(0.5) within group (order by rate) as reference_median, count(*) as reference_points
    from charted
    where charted_month <= 12
    group by metric_id, entity_type, entity_id
),

sided as (
    select
        charted.metric_id, charted.entity_type, charted.entity_id, charted.period_start, charted.charted_month,
        -- 1 on the worse side of the reference median, -1 on the better side, 0 on it.
        case
            when charted.rate = reference.reference_median then 0
            when (charted.rate > reference.reference_median) = (charted.improvement_notation = 'decrease') then 1
            else -1
        end as side
    from charted
    inner join reference
        on reference.metric_id = charted.metric_id
        and reference.entity_type = charted.entity_type
        and reference.entity_id = charted.entity_id
    where reference.reference_points >= 12
        and reference.reference_median > 0
        and not (charted.scoring = 'proportion' and reference.reference_median >= 1)
),

runs as (
    select metric_id, entity_type, entity_id, side, island, count(*) as run_length, max(period_start) as run_end
    from (select
        metric_id, entity_type, entity_id, period_start, side,
        row_number() over (partition by metric_id, entity_type, entity_id order by period_start)
        - row_number() over (partition by metric_id, entity_type, entity_id, side order by period_start) as island
    from sided
    where side <> 0 and true) as islands
    group by metric_id, entity_type, entity_id, side, island
),

charts as (
    select
        metric_id, entity_type, entity_id,
        sum(run_length) as useful_points,
        max(run_end) as latest_useful_month
    from runs
    group by metric_id, entity_type, entity_id
),

current_runs as (
    select charts.*, runs.side as current_side, runs.run_length as current_run
    from charts
    inner join runs
        on runs.metric_id = charts.metric_id
        and runs.entity_type = charts.entity_type
        and runs.entity_id = charts.entity_id
        and runs.run_end = charts.latest_useful_month
)

select
    reference.metric_id,
    reference.entity_type,
    reference.entity_id,
    reference.reference_median,
    reference.reference_points,
    current_runs.useful_points,
    case when current_runs.current_side = 1 then current_runs.current_run else 0 end as current_worse_run,
    limits.longest_run_max + 1 as worse_run_limit,
    coalesce(current_runs.current_side = 1
             and current_runs.current_run >= limits.longest_run_max + 1,
             false) as adverse_signal
from reference
left join current_runs
    on current_runs.metric_id = reference.metric_id
    and current_runs.entity_type = reference.entity_type
    and current_runs.entity_id = reference.entity_id
left join "warehouse"."reference"."anhoej_limits" as limits on limits.useful_points = current_runs.useful_points
;
-- metric_run_chart
create table "warehouse"."marts"."metric_run_chart" as
-- The data behind the run chart a Quality Council reads: one row per metric x reporting entity x month, with
-- its centre line (int_run_chart_points) and every run-chart rule, all of them here. Which rules flag a point
-- (`signal`) and a chart (`runs_signal`) is the var run_chart_rules:
--   anhoej (default; Anhoej & Olesen 2014, as R qicharts2 computes them): over the chart's useful points (not
--     suppressed, not on the centre line), an unusually long run - the longest run on one side is longer than
--     round(log2(n)) + 3 - or too few crossings of the centre line - fewer than the 5th percentile of
--     Binomial(n - 1, 0.5). The limits by n are the seed anhoej_limits.
--   ihi: a shift is 6+ consecutive points on one side of the median; a trend is 5+ consecutive points all
--     rising or all falling (a point equal to the one before is skipped).
-- Points on the centre line are skipped by every rule: they neither break nor extend a run. Both rule sets'
-- findings keep their own columns. Suppressed months take no part in any rule, and no rule is judged on a
-- chart whose centre line sits at the measure's floor or ceiling (rules_apply, int_run_chart_points).
with charted as (
    select * from "warehouse"."intermediate"."int_run_chart_points"
),

-- Runs: consecutive useful points on the same side of the centre line (gaps and islands).
sided as (
    select
        metric_id, entity_type, entity_id, period_start, side,
        row_number() over (partition by metric_id, entity_type, entity_id order by period_start)
        - row_number() over (partition by metric_id, entity_type, entity_id, side order by period_start) as island
    from charted
    where side <> 0 and rules_apply
),

runs as (
    select metric_id, entity_type, entity_id, side, island, count(*) as run_length, max(period_start) as run_end
    from sided
    group by metric_id, entity_type, entity_id, side, island
),

run_points as (
    select sided.metric_id, sided.entity_type, sided.entity_id, sided.period_start, runs.run_length
    from sided
    inner join runs
        on runs.metric_id = sided.metric_id
        and runs.entity_type = sided.entity_type
        and runs.entity_id = sided.entity_id
        and runs.side = sided.side
        and runs.island = sided.island
),

-- Anhoej: n useful points, the longest run and the crossings (runs - 1), against the limits for n.
anhoej as (
    select
        chart.metric_id, chart.entity_type, chart.entity_id, chart.useful_points, chart.longest_run,
        chart.crossings, limits.longest_run_max, limits.crossings_min
    from (
        select metric_id, entity_type, entity_id, sum(run_length) as useful_points,
               max(run_length) as longest_run, count(*) - 1 as crossings
        from runs
        group by metric_id, entity_type, entity_id
    ) as chart
    inner join "warehouse"."reference"."anhoej_limits" as limits on limits.useful_points = chart.useful_points
),

-- IHI trend: steps between successive distinct values, grouped into runs of the same direction.
distinct_values as (
    select metric_id, entity_type, entity_id, period_start, rate
    from (
        select
            metric_id, entity_type, entity_id, period_start, rate,
            lag(rate) over (partition by metric_id, entity_type, entity_id order by period_start) as previous_rate
        from charted
        where not suppressed and rate is not null and rules_apply
    ) as valued
    where previous_rate is null or rate <> previous_rate
),

steps as (
    select
        metric_id, entity_type, entity_id, period_start,
        lag(period_start) over (partition by metric_id, entity_type, entity_id order by period_start) as step_from,
        case
            when rate > lag(rate) over (partition by metric_id, entity_type, entity_id order by period_start) then 1
            else -1
        end as direction,
        row_number() over (partition by metric_id, entity_type, entity_id order by period_start) as step_number
    from distinct_values
),

trend_runs as (
    select metric_id, entity_type, entity_id, min(step_from) as trend_start, max(period_start) as trend_end
    from (
        select
            steps.*,
            step_number
            - row_number() over (partition by metric_id, entity_type, entity_id, direction order by period_start)
                as run
        from steps
        where step_from is not null
    ) as step_runs
    group by metric_id, entity_type, entity_id, direction, run
    having count(*) >= 4  -- 4 steps in one direction join 5 points
),

pointed as (
    select
        charted.*,
        coalesce(run_points.run_length >= 6, false) as shift_signal,
        not charted.suppressed and exists (
            select 1 from trend_runs
            where trend_runs.metric_id = charted.metric_id
                and trend_runs.entity_type = charted.entity_type
                and trend_runs.entity_id = charted.entity_id
                and charted.period_start between trend_runs.trend_start and trend_runs.trend_end
        ) as trend_signal,
        coalesce(run_points.run_length > anhoej.longest_run_max, false) as long_run_signal,
        coalesce(anhoej.crossings < anhoej.crossings_min, false) as few_crossings_signal,
        anhoej.useful_points, anhoej.longest_run, anhoej.longest_run_max, anhoej.crossings, anhoej.crossings_min
    from charted
    left join run_points
        on run_points.metric_id = charted.metric_id
        and run_points.entity_type = charted.entity_type
        and run_points.entity_id = charted.entity_id
        and run_points.period_start = charted.period_start
    left join anhoej
        on anhoej.metric_id = charted.metric_id
        and anhoej.entity_type = charted.entity_type
        and anhoej.entity_id = charted.entity_id
),

signalled as (
    select
        pointed.*,
        long_run_signal as signal
    from pointed
)

select
    signalled.metric_id,
    metric_name,
    signalled.entity_type,
    signalled.entity_id,
    service_line,
    signalled.period_start,
    case when suppressed then null else numerator end as numerator,
    case when suppressed then null else denominator end as denominator,
    case when suppressed then null else (case
        when rate is null or rate = 0 then rate
        else round(rate,
                   cast(4 - 1 - floor(log10(abs(rate))) as integer))
    end) end as rate,
    rate_unit,
    improvement_notation,
    is_baseline,
    cast(coalesce(baseline_points, 0) as bigint) as baseline_points,
    (case
        when baseline_median is null or baseline_median = 0 then baseline_median
        else round(baseline_median,
                   cast(4 - 1 - floor(log10(abs(baseline_median))) as integer))
    end) as baseline_median,
    'anhoej' as run_chart_rules,
    rules_apply,
    signal,
    max(case when long_run_signal or few_crossings_signal then 1 else 0 end)
        over (partition by signalled.metric_id, signalled.entity_type, signalled.entity_id) = 1 as runs_signal,
    cast(coalesce(useful_points, 0) as bigint) as useful_points,
    cast(longest_run as bigint) as longest_run,
    cast(longest_run_max as bigint) as longest_run_max,
    cast(crossings as bigint) as crossings,
    cast(crossings_min as bigint) as crossings_min,
    long_run_signal,
    few_crossings_signal,
    shift_signal,
    trend_signal,
    cast(education_sessions as bigint) as education_sessions,
    signalled.suppressed,
    limits.control_chart,
    (case
        when limits.control_centre is null or limits.control_centre = 0 then limits.control_centre
        else round(limits.control_centre,
                   cast(4 - 1 - floor(log10(abs(limits.control_centre))) as integer))
    end) as control_centre,
    (case
        when limits.control_lower is null or limits.control_lower = 0 then limits.control_lower
        else round(limits.control_lower,
                   cast(4 - 1 - floor(log10(abs(limits.control_lower))) as integer))
    end) as control_lower,
    (case
        when limits.control_upper is null or limits.control_upper = 0 then limits.control_upper
        else round(limits.control_upper,
                   cast(4 - 1 - floor(log10(abs(limits.control_upper))) as integer))
    end) as control_upper,
    coalesce(not signalled.suppressed
             and (signalled.rate > limits.control_upper or signalled.rate < limits.control_lower), false)
        as outside_limits,
    limits.over_dispersed,
    (case
        when limits.sigma_z is null or limits.sigma_z = 0 then limits.sigma_z
        else round(limits.sigma_z,
                   cast(4 - 1 - floor(log10(abs(limits.sigma_z))) as integer))
    end) as sigma_z
from signalled
left join "warehouse"."intermediate"."int_control_limits" as limits
    on limits.metric_id = signalled.metric_id
    and limits.entity_type = signalled.entity_type
    and limits.entity_id = signalled.entity_id
    and limits.period_start = signalled.period_start
;
-- need_coverage
create table "warehouse"."marts"."need_coverage" as
-- Per need: was it addressed, whom did the education reach, and where does its metric stand.
with needs as (
    select * from "warehouse"."staging"."stg_needs"
),

education as (
    select * from "warehouse"."intermediate"."int_need_education"
),

audience as (
    select need_id, count(*) as target_audience_size
    from "warehouse"."restricted"."int_need_target_audience"
    group by need_id
),

learners as (
    select * from "warehouse"."restricted"."int_need_learners"
),

reach as (
    select
        learners.need_id,
        count(*) as learners_reached,
        sum(case when in_audience.clinician_npi is not null then 1 else 0 end) as target_audience_reached
    from learners
    left join "warehouse"."restricted"."int_need_target_audience" as in_audience
        on in_audience.need_id = learners.need_id
        and in_audience.clinician_npi = learners.clinician_npi
    group by learners.need_id
),

impact as (
    select * from "warehouse"."marts"."qi_impact"
    where exposure = 'attendance'
),

-- Learning that started in practice, beside the committee's education: who applied a look-up on the topic.
point_of_care as (
    select
        point_of_care.need_id,
        count(*) as clinicians,
        max(impact.claim) as claim
    from "warehouse"."restricted"."int_point_of_care_exposure" as point_of_care
    left join "warehouse"."marts"."qi_impact" as impact
        on impact.need_id = point_of_care.need_id and impact.exposure = 'point_of_care'
    group by point_of_care.need_id
),

windows as (
    select * from "warehouse"."intermediate"."int_qi_need_windows"
),

-- The metric in the target service line, whatever the metric's grain (see int_metric_monthly_by_entity).
service_line_series as (
    select
        series.*,
        case catalog.scoring when 'rate_per_1000' then 1000.0 else 1.0 end as rate_scale
    from "warehouse"."intermediate"."int_metric_monthly_by_entity" as series
    inner join "warehouse"."staging"."stg_metric_catalog" as catalog on catalog.metric_id = series.metric_id
    where series.entity_type = 'service_line'
),

metric_levels as (
    select
        needs.need_id,
        max(series.rate_scale) as rate_scale,
        sum(case when series.period_start between windows.baseline_start and windows.baseline_end
                 then series.numerator end) as baseline_numerator,
        sum(case when series.period_start between windows.baseline_start and windows.baseline_end
                 then series.denominator end) as baseline_denominator,
        max(series.period_start) as latest_period_start
    from needs
    inner join service_line_series as series
        on series.metric_id = needs.metric_id
        and series.entity_id = needs.target_service_line
    left join windows on windows.need_id = needs.need_id
    group by needs.need_id
),

latest_values as (
    select
        metric_levels.need_id,
        metric_levels.latest_period_start,
        series.numerator as latest_numerator,
        series.denominator as latest_denominator
    from metric_levels
    inner join needs on needs.need_id = metric_levels.need_id
    inner join service_line_series as series
        on series.metric_id = needs.metric_id
        and series.entity_id = needs.target_service_line
        and series.period_start = metric_levels.latest_period_start
)

select
    needs.need_id,
    needs.source_type,
    needs.source_name,
    needs.identified_on,
    needs.practice_gap,
    needs.priority,
    needs.target_service_line,
    needs.target_professions,
    needs.metric_id,
    needs.target_value,
    education.linked_activities,
    education.sessions,
    education.education_start,
    education.education_end,
    cast(coalesce(audience.target_audience_size, 0) as bigint) as target_audience_size,
    cast(coalesce(reach.learners_reached, 0) as bigint) as learners_reached,
    cast(coalesce(reach.target_audience_reached, 0) as bigint) as target_audience_reached,
    (case
        when 1.0 * coalesce(reach.target_audience_reached, 0) / nullif(audience.target_audience_size, 0) is null or 1.0 * coalesce(reach.target_audience_reached, 0) / nullif(audience.target_audience_size, 0) = 0 then 1.0 * coalesce(reach.target_audience_reached, 0) / nullif(audience.target_audience_size, 0)
        else round(1.0 * coalesce(reach.target_audience_reached, 0) / nullif(audience.target_audience_size, 0),
                   cast(4 - 1 - floor(log10(abs(1.0 * coalesce(reach.target_audience_reached, 0) / nullif(audience.target_audience_size, 0)))) as integer))
    end)
        as reach_share,
    -- The metric for the whole target service line: pooled over the baseline window, and its latest month.
    -- A denominator of 1-10 shows no value (suppression).
    case when metric_levels.baseline_denominator > 0 and not coalesce(metric_levels.baseline_denominator between 1 and 11 - 1, false)
         then (case
        when metric_levels.rate_scale * metric_levels.baseline_numerator / metric_levels.baseline_denominator is null or metric_levels.rate_scale * metric_levels.baseline_numerator / metric_levels.baseline_denominator = 0 then metric_levels.rate_scale * metric_levels.baseline_numerator / metric_levels.baseline_denominator
        else round(metric_levels.rate_scale * metric_levels.baseline_numerator / metric_levels.baseline_denominator,
                   cast(4 - 1 - floor(log10(abs(metric_levels.rate_scale * metric_levels.baseline_numerator / metric_levels.baseline_denominator))) as integer))
    end)
    end as metric_baseline_value,
    latest_values.latest_period_start as metric_latest_period,
    case when latest_values.latest_denominator > 0 and not coalesce(latest_values.latest_denominator between 1 and 11 - 1, false)
         then (case
        when metric_levels.rate_scale * latest_values.latest_numerator / latest_values.latest_denominator is null or metric_levels.rate_scale * latest_values.latest_numerator / latest_values.latest_denominator = 0 then metric_levels.rate_scale * latest_values.latest_numerator / latest_values.latest_denominator
        else round(metric_levels.rate_scale * latest_values.latest_numerator / latest_values.latest_denominator,
                   cast(4 - 1 - floor(log10(abs(metric_levels.rate_scale * latest_values.latest_numerator / latest_values.latest_denominator))) as integer))
    end)
    end as metric_latest_value,
    (case catalog.scoring
        when 'proportion' then 'proportion (0-1)'
        when 'rate_per_1000' then 'per 1,000 ' || lower(coalesce(catalog.denominator_definition, 'denominator units'))
        when 'ratio' then 'observed/expected ratio'
        else catalog.scoring
    end) as metric_rate_unit,
    catalog.improvement_notation as metric_improvement_notation,
    case
        when education.sessions = 0 then 'not yet addressed'
        when needs.metric_id is null then 'addressed, no metric'
        when impact.need_id is null then 'measuring'
        else impact.claim
    end as status,
    case
        when education.sessions = 0 or needs.metric_id is null then null
        when impact.need_id is null then 'the metric is not in the catalog yet'
        else impact.claim_reason
    end as status_reason,
    cast(coalesce(point_of_care.clinicians, 0) as bigint) as point_of_care_clinicians,
    point_of_care.claim as point_of_care_status
from needs
inner join education on education.need_id = needs.need_id
left join audience on audience.need_id = needs.need_id
left join reach on reach.need_id = needs.need_id
left join impact on impact.need_id = needs.need_id
left join point_of_care on point_of_care.need_id = needs.need_id
left join metric_levels on metric_levels.need_id = needs.need_id
left join latest_values on latest_values.need_id = needs.need_id
left join "warehouse"."staging"."stg_metric_catalog" as catalog on catalog.metric_id = needs.metric_id
;
-- need_demand
create table "warehouse"."marts"."need_demand" as
-- Practice-triggered demand for each need, by month: how many clinicians of its target audience looked up
-- its topic at the point of care, and how many of them say it changed a diagnosis or a treatment. A signal
-- beside the committee's word (int_point_of_care_need_matches has each matched question for audit).
with matches as (
    select * from "warehouse"."restricted"."int_point_of_care_need_matches"
),

audience as (
    select * from "warehouse"."restricted"."int_need_target_audience"
),

audience_sizes as (
    select need_id, count(distinct clinician_npi) as target_audience_size
    from audience
    group by need_id
),

asked as (
    select
        matches.need_id,
        date_trunc('month', matches.entry_date) as period_start,
        matches.clinician_npi,
        matches.applied
    from matches
    inner join audience
        on audience.need_id = matches.need_id
        and audience.clinician_npi = matches.clinician_npi
)

select
    asked.need_id,
    cast(asked.period_start as date) as period_start,
    cast(count(distinct asked.clinician_npi) as bigint) as clinicians_asking,
    cast(count(distinct case when asked.applied then asked.clinician_npi end) as bigint) as clinicians_applying,
    cast(count(*) as bigint) as look_ups,
    cast(audience_sizes.target_audience_size as bigint) as target_audience_size
from asked
inner join audience_sizes on audience_sizes.need_id = asked.need_id
group by asked.need_id, asked.period_start, audience_sizes.target_audience_size
;
-- pars_activity_report
create table "warehouse"."marts"."pars_activity_report" as
-- Ready to key into ACCME's PARS: one row per activity per reporting year, except internet searching and
-- learning, which PARS wants as one activity a year: ISL activities' attendance and point-of-care look-ups
-- (int_pars_participation) roll into one 'ISL-<year>' row counting distinct learners, each once across both
-- sources, with hours = the estimated time per learner (their hours, summed, over the learners). Learner
-- counts follow PARS's rules (seed pars_activity_types): a regularly scheduled series counts each learner
-- once per session attended (20 physicians x 52 sessions = 1,040), an internet enduring material counts that
-- year's completers in every year it is active (never cumulatively), a course and the rest count people.
-- Physicians (MD, DO) and other learners are counted separately. Counts are exact: participation is not
-- patient data, and accreditation needs it.
with activities as (
    select * from "warehouse"."staging"."stg_activities"
),

types as (
    select * from "warehouse"."reference"."pars_activity_types"
),

outcomes as (
    select * from "warehouse"."marts"."activity_outcomes"
),

participation as (
    select * from "warehouse"."restricted"."int_pars_participation"
),

typed as (
    select
        activities.*,
        types.pars_activity_type,
        types.learner_count_rule,
        -- Rolled-up activities share one description; each reporting year becomes 'ISL-<year>'.
        case when types.learner_count_rule = 'people_rolled_up' then 'ISL' else activities.activity_id end
            as pars_group
    from activities
    inner join types on types.activity_type = activities.activity_type
),

yearly as (
    select * from "warehouse"."intermediate"."int_pars_yearly_counts"
),

-- Everything PARS reports about the activity itself; for the rolled-up row, over its activities.
described as (
    select
        typed.pars_group,
        max(typed.pars_activity_type) as pars_activity_type,
        max(typed.activity_type) as activity_type,
        max(typed.learner_count_rule) as learner_count_rule,
        case when count(*) > 1 then 'Internet searching and learning (all)' else max(typed.activity_title) end
            as activity_title,
        count(*) as activities_rolled_up,
        min(typed.start_date) as start_date,
        max(coalesce(typed.end_date, typed.start_date)) as end_date,
        -- One activity's designated hours; for the rolled-up row, the credit of one search-and-learn cycle.
        max(typed.credit_hours) as hours_of_instruction,
        max(case when ('|' || typed.designed_to_change || '|' like '%|' || 'competence' || '|%') then 1 else 0 end) = 1
            as designed_to_change_competence,
        max(case when ('|' || typed.designed_to_change || '|' like '%|' || 'performance' || '|%') then 1 else 0 end) = 1
            as designed_to_change_performance,
        max(case when ('|' || typed.designed_to_change || '|' like '%|' || 'patient_outcomes' || '|%') then 1 else 0 end) = 1
            as designed_to_change_patient_outcomes,
        max(case when outcomes.paired_pre_post_n > 0 or outcomes.commitments_to_change > 0 then 1 else 0 end) = 1
            as change_evaluated_competence,
        max(case when outcomes.performance_needs_measured > 0 then 1 else 0 end) = 1 as change_evaluated_performance,
        max(case when outcomes.patient_health_needs_measured > 0 then 1 else 0 end) = 1
            as change_evaluated_patient_outcomes,
        max(case when typed.has_commercial_support then 1 else 0 end) = 1 as has_commercial_support,
        max(typed.joint_provider) as joint_provider
    from typed
    left join outcomes on outcomes.activity_id = typed.activity_id
    group by typed.pars_group

    union all

    -- Point-of-care learning alone: designed to change competence and performance (a question from a patient,
    -- answered and applied); the change evaluated is the learners' own report (self-report: Moore 4 and 5,
    -- in the yearly counts).
    select
        'ISL', 'Internet Searching and Learning', 'internet_searching_learning', 'people_rolled_up',
        'Internet searching and learning (point of care)', 0, min(participation_date), max(participation_date),
        null, true, true, false, false, false, false, false, null
    from participation
    where participation.pars_group = 'ISL' and not exists (select 1 from typed where pars_group = 'ISL')
    having count(*) > 0
),

reporting_years as (
    select pars_group, reporting_year from yearly
    union
    -- An activity nobody attended yet is still reported, in the year it starts, with zero learners.
    select pars_group, cast(extract(year from start_date) as integer)
    from described
    where pars_group not in (select pars_group from yearly)
)

select
    reporting_years.reporting_year,
    case when described.learner_count_rule = 'people_rolled_up'
         then 'ISL-' || 
    cast(reporting_years.reporting_year as TEXT)

         else reporting_years.pars_group
    end as pars_activity_id,
    described.activity_title,
    described.activity_type,
    described.pars_activity_type,
    cast(described.activities_rolled_up as bigint) as activities_rolled_up,
    case when described.learner_count_rule = 'people_rolled_up' then yearly.first_session_date
         else described.start_date end as start_date,
    case when described.learner_count_rule = 'people_rolled_up' then yearly.last_session_date
         else described.end_date end as end_date,
    yearly.first_session_date,
    yearly.last_session_date,
    cast(coalesce(yearly.sessions, 0) as bigint) as sessions,
    -- Internet searching and learning: the estimated time per learner; every other activity: its hours.
    cast(case when described.learner_count_rule = 'people_rolled_up' and yearly.hours_per_learner is not null
              then round(yearly.hours_per_learner * 4) / 4
              else described.hours_of_instruction end as float) as hours_of_instruction,
    described.learner_count_rule,
    cast(coalesce(yearly.physician_learners, 0) as bigint) as physician_learners,
    cast(coalesce(yearly.other_learners, 0) as bigint) as other_learners,
    cast(coalesce(yearly.point_of_care_look_ups, 0) as bigint) as point_of_care_look_ups,
    described.designed_to_change_competence,
    described.designed_to_change_performance,
    described.designed_to_change_patient_outcomes,
    -- PARS asks whether change was evaluated, however measured: the learners' own reports count there (and
    -- are marked), never in activity_outcomes.highest_level_evidenced or the commendation evidence.
    described.change_evaluated_competence or coalesce(yearly.self_reported_competence_learners, 0) > 0
        as change_evaluated_competence,
    described.change_evaluated_performance or coalesce(yearly.self_reported_performance_learners, 0) > 0
        as change_evaluated_performance,
    described.change_evaluated_patient_outcomes,
    case
        when described.change_evaluated_patient_outcomes then 'patient outcomes (Moore 6)'
        when described.change_evaluated_performance then 'performance (Moore 5)'
        when coalesce(yearly.self_reported_performance_learners, 0) > 0 then 'performance (Moore 5, self-report)'
        when described.change_evaluated_competence then 'competence (Moore 3-4)'
        when coalesce(yearly.self_reported_competence_learners, 0) > 0 then 'competence (Moore 4, self-report)'
        else 'not evaluated'
    end as change_evaluated_at,
    cast(yearly.self_reported_competence_learners as bigint) as self_reported_competence_learners,
    cast(yearly.self_reported_performance_learners as bigint) as self_reported_performance_learners,
    case when described.joint_provider is null then 'direct' else 'joint' end as providership,
    described.joint_provider,
    described.has_commercial_support,
    -- An internet enduring material may be active at most 3 years; a fourth reporting year needs review.
    described.learner_count_rule = 'year_completers'
        and reporting_years.reporting_year - cast(extract(year from described.start_date) as integer) >= 3
        as beyond_enduring_term
from reporting_years
inner join described on described.pars_group = reporting_years.pars_group
left join yearly
    on yearly.pars_group = reporting_years.pars_group
    and yearly.reporting_year = reporting_years.reporting_year
;
-- qi_gaps
create table "warehouse"."marts"."qi_gaps" as
-- Needs assessment from the QI data: one row per metric x reporting entity (service line; unit for unit
-- metrics) with its current rate, the target or benchmark, any adverse run-chart signal against its first
-- months (int_qi_gap_signals), whether a need already points at it, the audience and the point-of-care
-- question volume on its topic. A deterioration no need addresses is a proposed need, ranked for a
-- committee. A need addresses its metric in its target service line (and that service line's units);
-- the same metric elsewhere can still be proposed.
with points as (
    select *,
        row_number() over (partition by metric_id, entity_type, entity_id order by period_start desc) as recency
    from "warehouse"."intermediate"."int_run_chart_points"
    where not suppressed and rate is not null
),

latest as (
    select
        metric_id, entity_type, entity_id,
        max(metric_name) as metric_name, max(service_line) as service_line, max(rate_unit) as rate_unit,
        max(improvement_notation) as improvement_notation, max(period_start) as latest_period,
        max(rate_scale) * sum(numerator) / sum(denominator) as current_rate, sum(denominator) as current_denominator
    from points
    where recency <= 3
    group by metric_id, entity_type, entity_id
),

needs as (
    select * from "warehouse"."staging"."stg_needs" where metric_id is not null
),

addressed as (
    select latest.metric_id, latest.entity_type, latest.entity_id,
           
    string_agg(
        needs.need_id,
        ', '
        order by needs.need_id
        ) as addressed_by,
           max(needs.target_value) as need_target
    from latest
    inner join needs on needs.metric_id = latest.metric_id and needs.target_service_line = latest.service_line
    group by latest.metric_id, latest.entity_type, latest.entity_id
),

roster as (
    select * from "warehouse"."staging"."stg_roster"
),

audience as (
    select latest.metric_id, latest.entity_type, latest.entity_id, count(distinct roster.npi) as audience_size
    from latest
    inner join roster
        on roster.service_line = latest.service_line
        and (latest.entity_type <> 'unit' or roster.unit = latest.entity_id)
        and (roster.active_to is null or roster.active_to >= latest.latest_period)
    group by latest.metric_id, latest.entity_type, latest.entity_id
),

questions as (
    select latest.metric_id, latest.entity_type, latest.entity_id, count(*) as point_of_care_look_ups
    from latest
    inner join "warehouse"."restricted"."int_metric_topic_look_ups" as look_ups
        on look_ups.metric_id = latest.metric_id
        and look_ups.service_line = latest.service_line
        and (latest.entity_type <> 'unit' or look_ups.unit = latest.entity_id)
        and look_ups.entry_date > 

    (latest.latest_period + cast(-12 as bigint) * interval 1 month)
    group by latest.metric_id, latest.entity_type, latest.entity_id
),

gaps as (
    select
        latest.*,
        catalog.benchmark_value,
        addressed.need_target,
        addressed.addressed_by,
        signals.reference_median,
        coalesce(signals.adverse_signal, false) as adverse_signal,
        coalesce(signals.current_worse_run, 0) as current_worse_run,
        signals.worse_run_limit,
        coalesce(audience.audience_size, 0) as audience_size,
        coalesce(questions.point_of_care_look_ups, 0) as point_of_care_look_ups,
        coalesce(latest.current_denominator between 1 and 11 - 1, false) as suppressed
    from latest
    inner join "warehouse"."staging"."stg_metric_catalog" as catalog on catalog.metric_id = latest.metric_id
    left join "warehouse"."intermediate"."int_qi_gap_signals" as signals
        on signals.metric_id = latest.metric_id and signals.entity_type = latest.entity_type
        and signals.entity_id = latest.entity_id
    left join addressed
        on addressed.metric_id = latest.metric_id and addressed.entity_type = latest.entity_type
        and addressed.entity_id = latest.entity_id
    left join audience
        on audience.metric_id = latest.metric_id and audience.entity_type = latest.entity_type
        and audience.entity_id = latest.entity_id
    left join questions
        on questions.metric_id = latest.metric_id and questions.entity_type = latest.entity_type
        and questions.entity_id = latest.entity_id
),

proposed as (
    select gaps.*, adverse_signal and addressed_by is null and not suppressed as is_proposed
    from gaps
)

select
    metric_id, metric_name, entity_type, entity_id, service_line, latest_period,
    case when suppressed then null else (case
        when current_rate is null or current_rate = 0 then current_rate
        else round(current_rate,
                   cast(4 - 1 - floor(log10(abs(current_rate))) as integer))
    end) end as current_rate,
    rate_unit, improvement_notation,
    (case
        when coalesce(benchmark_value, need_target) * 1.0e0 is null or coalesce(benchmark_value, need_target) * 1.0e0 = 0 then coalesce(benchmark_value, need_target) * 1.0e0
        else round(coalesce(benchmark_value, need_target) * 1.0e0,
                   cast(4 - 1 - floor(log10(abs(coalesce(benchmark_value, need_target) * 1.0e0))) as integer))
    end) as target_value,
    case when benchmark_value is not null then 'catalog benchmark' when need_target is not null then 'need target' end
        as target_source,
    (case
        when reference_median is null or reference_median = 0 then reference_median
        else round(reference_median,
                   cast(4 - 1 - floor(log10(abs(reference_median))) as integer))
    end) as reference_median,
    adverse_signal,
    cast(current_worse_run as bigint) as current_worse_run,
    cast(worse_run_limit as bigint) as worse_run_limit,
    addressed_by is not null as addressed,
    addressed_by as addressed_by_need_ids,
    cast(audience_size as bigint) as audience_size,
    cast(point_of_care_look_ups as bigint) as point_of_care_look_ups,
    suppressed,
    is_proposed as proposed,
    case when adverse_signal then 'the last ' || 
    cast(current_worse_run as TEXT)
 || ' charted months are worse than the median of the first ' || '12' || ' (the run-chart rule allows ' || 
    cast(worse_run_limit - 1 as TEXT)
 || ')' end as evidence,
    case when is_proposed then cast(row_number() over (partition by is_proposed order by current_worse_run - worse_run_limit desc, audience_size desc, point_of_care_look_ups desc, metric_id, entity_id) as bigint) end as proposal_rank
from proposed
;
-- quarantine_by_rule
create table "warehouse"."marts"."quarantine_by_rule" as
-- Rows held back at the door, by feed and rule, over the files now in the inbox (each file's latest
-- delivery): what a data-quality summary reads. Rules only ("npi fails the check digit"), never values.
with latest as (
    select feed, file_name, sha256 from "warehouse"."staging"."stg_deliveries"
),

held_back as (
    select quarantine.feed, quarantine.rule, quarantine.source_file
    from "warehouse"."raw"."_quarantine" as quarantine
    inner join latest
        on latest.feed = quarantine.feed
        and latest.file_name = quarantine.source_file
        and latest.sha256 = quarantine.file_sha256
)

select
    feed,
    rule,
    cast(count(distinct source_file) as bigint) as files,
    cast(count(*) as bigint) as rows_quarantined
from held_back
group by feed, rule
;
