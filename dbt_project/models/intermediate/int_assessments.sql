-- One row per assessment with its working-day facts. working_days_to_authorisation is
-- wd(start, authorisation). Seen visits count when the child was seen on a day v with
-- start <= v <= authorisation (the extract date while the assessment is open). The factors
-- are every code of the assessment's ssd_assessment_factors rows (there may be several rows);
-- records_domestic_abuse: 3A, 3B or 3C among them; records_neglect: 16A. The child's
-- attributes are taken on the authorisation date (NULL age band while open).
with assessments as (
    select
        assessment.*,
        current_snapshot.extract_date
    from {{ ref('stg_assessments') }} as assessment
    inner join {{ ref('stg_current_snapshots') }} as current_snapshot
        on current_snapshot.la_code = assessment.la_code
),

seen_visits as (
    select
        assessment.la_code,
        assessment.assessment_id,
        min({{ working_days_between('assessment.start_date', 'visit.visit_date') }})
            as working_days_to_first_seen,
        count(distinct visit.visit_date) as seen_visit_days
    from assessments as assessment
    inner join {{ ref('stg_cin_visits') }} as visit
        on visit.la_code = assessment.la_code
        and visit.person_id = assessment.person_id
        and visit.child_seen
        and visit.visit_date between assessment.start_date
            and coalesce(assessment.authorised_date, assessment.extract_date)
    group by assessment.la_code, assessment.assessment_id
),

factors as (
    select
        la_code,
        assessment_id,
        list_distinct(flatten(list(factor_codes))) as factor_codes
    from {{ ref('stg_assessment_factors') }}
    group by la_code, assessment_id
),

facts as (
    select
        assessment.la_code,
        assessment.assessment_id,
        assessment.person_id,
        assessment.referral_id,
        assessment.start_date,
        assessment.authorised_date,
        coalesce(assessment.team, 'Not recorded') as team,
        assessment.worker_id,
        assessment.child_seen,
        {{ working_day_number('assessment.start_date') }} as start_working_day_number,
        {{ working_days_between('assessment.start_date', 'assessment.authorised_date') }}
            as working_days_to_authorisation,
        seen_visits.working_days_to_first_seen,
        coalesce(seen_visits.seen_visit_days, 0) as seen_visit_days,
        coalesce(list_has_any(factors.factor_codes, ['3A', '3B', '3C']), false) as records_domestic_abuse,
        coalesce(list_contains(factors.factor_codes, '16A'), false) as records_neglect,
        assessment.source_file,
        assessment.source_location,
        assessment.source_row
    from assessments as assessment
    left join seen_visits
        on seen_visits.la_code = assessment.la_code
        and seen_visits.assessment_id = assessment.assessment_id
    left join factors
        on factors.la_code = assessment.la_code
        and factors.assessment_id = assessment.assessment_id
)

{{ with_child_attributes('facts', 'authorised_date') }}
