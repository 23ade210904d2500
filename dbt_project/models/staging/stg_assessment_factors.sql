select
    la_code,
    cinf_table_id as factors_record_id,
    cinf_assessment_id as assessment_id,
    cinf_assessment_factors_json as factor_codes,
    source_file,
    source_row
from {{ current_snapshot_rows('ssd_assessment_factors') }}
