select
    la_code,
    cppr_cp_review_id as cp_review_id,
    cppr_person_id as person_id,
    cppr_cp_plan_id as cp_plan_id,
    cppr_cp_review_due as due_date,
    cppr_cp_review_date as review_date,
    cppr_cp_review_meeting_id as meeting_id,
    {{ flag('cppr_cp_review_outcome_continue_cp') }} as plan_continues,
    {{ flag('cppr_cp_review_quorate') }} as is_quorate,
    cppr_cp_review_participation as participation_code,
    source_file,
    source_row
from {{ current_snapshot_rows('ssd_cp_reviews') }}
