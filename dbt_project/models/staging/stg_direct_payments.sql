select
    la_code,
    dpay_direct_payment_id as direct_payment_id,
    dpay_person_id as person_id,
    dpay_start_date as start_date,
    dpay_end_date as end_date,
    dpay_last_review_date as last_review_date,
    dpay_review_interval_months as review_interval_months,
    source_file,
    source_row
from {{ current_snapshot_rows('ext_direct_payments') }}
