select
    la_code,
    strd_strategy_discussion_id as strategy_discussion_id,
    strd_person_id as person_id,
    strd_referral_id as referral_id,
    strd_s47_enquiry_id as s47_enquiry_id,
    strd_discussion_date as discussion_date,
    strd_agencies_json as agencies,
    strd_outcome as outcome,
    source_file,
    source_row
from {{ current_snapshot_rows('ext_strategy_discussions') }}
