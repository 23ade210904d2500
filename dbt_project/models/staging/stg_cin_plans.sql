-- The assembled history of cin plans (macro assembled_history).
with plan as (
    {{ assembled_history('cin_plans', {
        'ssd': ref('base_ssd_cin_plans'),
        'cin_census': ref('base_cin_census_cin_plans'),
    }) }}
)

select
    plan.la_code,
    plan.cin_plan_id,
    plan.referral_id,
    plan.person_id,
    plan.start_date,
    plan.end_date,
    {{ team_name('team', 'plan') }} as team,
    plan.worker_id,
    {{ provenance_columns('plan') }}
from plan
