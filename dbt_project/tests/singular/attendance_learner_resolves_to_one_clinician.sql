-- No CME account resolves to two roster clinicians: one learner id, one person.
select learner_id, count(distinct clinician_npi) as clinicians
from {{ ref('int_attendance_resolved') }}
where clinician_npi is not null
group by learner_id
having count(distinct clinician_npi) > 1
