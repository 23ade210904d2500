select
    la_code,
    cppl_cp_plan_id as cp_plan_id,
    cppl_referral_id as referral_id,
    cppl_icpc_id as icpc_id,
    cppl_person_id as person_id,
    cppl_cp_plan_start_date as start_date,
    cppl_cp_plan_end_date as end_date,
    {{ flag('cppl_cp_plan_ola') }} as is_other_authority,
    cppl_cp_plan_initial_category as initial_category,
    cppl_cp_plan_latest_category as latest_category,
    source_file,
    source_row
from {{ current_snapshot_rows('ssd_cp_plans') }}
