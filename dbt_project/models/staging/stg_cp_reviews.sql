-- The assembled history of cp reviews (macro assembled_history).
with review as (
    {{ assembled_history('cp_reviews', {
        'ssd': ref('base_ssd_cp_reviews'),
        'cin_census': ref('base_cin_census_cp_reviews'),
    }) }}
)

select
    review.la_code,
    review.cp_review_id,
    review.person_id,
    review.cp_plan_id,
    review.due_date,
    review.review_date,
    review.meeting_id,
    review.plan_continues,
    review.is_quorate,
    review.participation_code,
    {{ provenance_columns('review') }}
from review
