-- The assembled history of cp plans (macro assembled_history).
with plan as (
    {{ assembled_history('cp_plans', {
        'ssd': ref('base_ssd_cp_plans'),
        'annex_a': ref('base_annex_a_cp_plans'),
        'cin_census': ref('base_cin_census_cp_plans'),
    }) }}
)

select
    plan.la_code,
    plan.cp_plan_id,
    plan.referral_id,
    plan.icpc_id,
    plan.person_id,
    plan.start_date,
    plan.end_date,
    plan.is_other_authority,
    plan.initial_category,
    plan.latest_category,
    {{ provenance_columns('plan') }}
from plan
