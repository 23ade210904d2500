{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_cin_plans rows as cin plans: the shape of stg_cin_plans, with
-- provenance and the history columns (macro history_columns).
select
    plan.la_code,
    plan.cinp_cin_plan_id as cin_plan_id,
    plan.cinp_referral_id as referral_id,
    plan.cinp_person_id as person_id,
    plan.cinp_cin_plan_start_date as start_date,
    plan.cinp_cin_plan_end_date as end_date,
    plan.cinp_cin_plan_team as team,
    plan.cinp_cin_plan_worker_id as worker_id,
    {{ history_columns('ssd_cin_plans', 'cin_plans', 'plan') }}
from {{ snapshot_rows('ssd_cin_plans') }} as plan
