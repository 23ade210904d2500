{{ config(materialized='ephemeral') }}
-- Every loaded CIN census return's CINPlanDates elements as cin plans: the shape of
-- stg_cin_plans, with provenance and the history columns (macro history_columns). A plan's id is
-- made from its child and start date; no team or worker.
select
    plan.la_code,
    {{ record_id_from_key('plan.child_id', 'plan.cin_plan_start_date') }} as cin_plan_id,
    {{ record_id_from_key('plan.child_id', 'plan.referral_date') }} as referral_id,
    plan.child_id as person_id,
    plan.cin_plan_start_date as start_date,
    plan.cin_plan_end_date as end_date,
    cast(null as varchar) as team,
    cast(null as varchar) as worker_id,
    {{ history_columns('cin_census_cin_plans', 'cin_plans', 'plan') }}
from {{ snapshot_rows('cin_census_cin_plans') }} as plan
