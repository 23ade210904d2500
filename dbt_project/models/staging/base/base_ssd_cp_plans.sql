{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_cp_plans rows as cp plans: the shape of stg_cp_plans, with
-- provenance and the history columns (macro history_columns).
select
    plan.la_code,
    plan.cppl_cp_plan_id as cp_plan_id,
    plan.cppl_referral_id as referral_id,
    plan.cppl_icpc_id as icpc_id,
    plan.cppl_person_id as person_id,
    plan.cppl_cp_plan_start_date as start_date,
    plan.cppl_cp_plan_end_date as end_date,
    {{ flag('plan.cppl_cp_plan_ola') }} as is_other_authority,
    plan.cppl_cp_plan_initial_category as initial_category,
    plan.cppl_cp_plan_latest_category as latest_category,
    {{ history_columns('ssd_cp_plans', 'cp_plans', 'plan') }}
from {{ snapshot_rows('ssd_cp_plans') }} as plan
