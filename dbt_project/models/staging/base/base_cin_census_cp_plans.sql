{{ config(materialized='ephemeral') }}
-- Every loaded CIN census return's ChildProtectionPlans elements as cp plans: the shape of
-- stg_cp_plans, with provenance and the history columns (macro history_columns). A plan's id is
-- made from its child and start date, its referral's from the child and the episode's referral
-- date. A return does not say which conference a plan began on, so a plan points at none
-- (icpc_id NULL; conversion is judged from the conference's side, base_cin_census_icpcs). A
-- return's plans are its own authority's.
select
    plan.la_code,
    {{ record_id_from_key('plan.child_id', 'plan.cp_plan_start_date') }} as cp_plan_id,
    {{ record_id_from_key('plan.child_id', 'plan.referral_date') }} as referral_id,
    cast(null as varchar) as icpc_id,
    plan.child_id as person_id,
    plan.cp_plan_start_date as start_date,
    plan.cp_plan_end_date as end_date,
    false as is_other_authority,
    plan.initial_category,
    plan.latest_category,
    {{ history_columns('cin_census_cp_plans', 'cp_plans', 'plan') }}
from {{ snapshot_rows('cin_census_cp_plans') }} as plan
