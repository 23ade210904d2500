-- One row per presentation of a 16- or 17-year-old as homeless, with the area 11 flags.
with presentations as (
    select
        la_code,
        presentation_id,
        person_id,
        team,
        presentation_date,
        assessment_id,
        outcome,
        outcome_date,
        disability,
        age_band,
        sex,
        ethnicity_group,
        source_file,
        source_row
    from {{ ref('int_homeless_presentations') }}
)

{{ with_metric_flags('presentations', 'presentation_id', [
    'homeless_advised_of_s20',
    'homeless_assessed',
    'homeless_accommodated_s20',
    'homeless_presentations',
]) }}
