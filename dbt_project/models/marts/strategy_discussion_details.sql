-- One row per strategy discussion, with the agencies that took part and its case status: the
-- cohort behind strategy_multiagency.
with discussions as (
    select
        la_code,
        strategy_discussion_id,
        person_id,
        referral_id,
        s47_enquiry_id,
        team,
        discussion_date,
        agencies,
        case_status,
        disability,
        age_band,
        sex,
        ethnicity_group,
        source_file,
        source_row
    from {{ ref('int_strategy_discussions') }}
)

{{ with_metric_flags('discussions', 'strategy_discussion_id', ['strategy_multiagency']) }}
