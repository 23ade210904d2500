-- One row per presentation of a 16- or 17-year-old as homeless. assessed: the presentation
-- names an assessment of the same child. team: the named assessment's team, else the
-- child's team on the presentation date, else 'Not recorded'. outcome: 'undecided' while
-- empty. Child attributes are taken on the presentation date.
with presentations as (
    select
        presentation.la_code,
        presentation.presentation_id,
        presentation.person_id,
        presentation.presentation_date,
        presentation.advised_of_s20_rights,
        presentation.assessment_id,
        coalesce(assessment.person_id = presentation.person_id, false) as assessed,
        coalesce(presentation.outcome, 'undecided') as outcome,
        presentation.outcome_date,
        assessment.team as assessment_team,
        presentation.source_file,
        presentation.source_row
    from {{ ref('stg_homeless_presentations') }} as presentation
    left join {{ ref('stg_assessments') }} as assessment
        on assessment.la_code = presentation.la_code
        and assessment.assessment_id = presentation.assessment_id
),

facts as (
    {{ with_child_team_on_day('presentations', 'presentation_date', own_team='assessment_team') }}
)

{{ with_child_attributes('facts', 'presentation_date') }}
