{{ config(materialized='ephemeral') }}
-- Every loaded CIN census return's CPPreviewDate elements as cp reviews: the shape of
-- stg_cp_reviews, with provenance and the history columns (macro history_columns; a review
-- follows its plan, by the plan's natural key and dates). A review's id is its plan's and its
-- date's (`<plan id>/<YYYY-MM-DD>`). A return records when a review was held, not when it was
-- due (due_date: the review's own date), nor its outcome, quorum or participation.
select
    review.la_code,
    {{ record_id_from_key('review.child_id', 'review.cp_plan_start_date') }} || '/' || strftime(review.review_date, '%Y-%m-%d') as cp_review_id,
    review.child_id as person_id,
    {{ record_id_from_key('review.child_id', 'review.cp_plan_start_date') }} as cp_plan_id,
    review.review_date as due_date,
    review.review_date,
    cast(null as varchar) as meeting_id,
    cast(null as boolean) as plan_continues,
    cast(null as boolean) as is_quorate,
    cast(null as varchar) as participation_code,
    {{ history_columns('cin_census_cp_reviews', 'cp_reviews', 'review') }}
from {{ snapshot_rows('cin_census_cp_reviews') }} as review
