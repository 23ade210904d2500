select
    plan.la_code,
    plan.cinp_cin_plan_id as cin_plan_id,
    plan.cinp_referral_id as referral_id,
    plan.cinp_person_id as person_id,
    plan.cinp_cin_plan_start_date as start_date,
    plan.cinp_cin_plan_end_date as end_date,
    {{ team_name('cinp_cin_plan_team', 'plan') }} as team,
    plan.cinp_cin_plan_worker_id as worker_id,
    plan.source_file,
    plan.source_row
from {{ current_snapshot_rows('ssd_cin_plans') }} as plan
