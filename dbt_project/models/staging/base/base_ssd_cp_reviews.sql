{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_cp_reviews rows as cp reviews: the shape of stg_cp_reviews, with
-- provenance and the history columns (macro history_columns). Reviews follow their plan (the same
-- snapshot's row): a plan's reviews are as its snapshot gives them.
select
    review.la_code,
    review.cppr_cp_review_id as cp_review_id,
    review.cppr_person_id as person_id,
    review.cppr_cp_plan_id as cp_plan_id,
    review.cppr_cp_review_due as due_date,
    review.cppr_cp_review_date as review_date,
    review.cppr_cp_review_meeting_id as meeting_id,
    {{ flag('review.cppr_cp_review_outcome_continue_cp') }} as plan_continues,
    {{ flag('review.cppr_cp_review_quorate') }} as is_quorate,
    review.cppr_cp_review_participation as participation_code,
    {{ history_columns('ssd_cp_reviews', 'cp_reviews', 'review') }}
from {{ snapshot_rows('ssd_cp_reviews') }} as review
{{ history_parent_join('ssd_cp_reviews', 'cp_reviews', 'review') }}
