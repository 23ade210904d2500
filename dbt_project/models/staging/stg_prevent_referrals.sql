select
    la_code,
    prev_prevent_referral_id as prevent_referral_id,
    prev_person_id as person_id,
    prev_referral_date as referral_date,
    prev_mash_referral_date as mash_referral_date,
    {{ flag('prev_recorded_on_file') }} as recorded_on_file,
    prev_channel_panel_date as channel_panel_date,
    prev_outcome as outcome,
    source_file,
    source_row
from {{ current_snapshot_rows('ext_prevent_referrals') }}
