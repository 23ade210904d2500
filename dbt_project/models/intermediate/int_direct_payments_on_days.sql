-- Direct payments running on each as-at day (start on or before it, no end or an end after
-- it). The review is due the interval after the last review, or after the start when never
-- reviewed; review_overdue when that due date is before the day. The extract holds only the
-- latest review, so for past days a review made after the day is still the one used.
with running as (
    select
        as_at_day.la_code,
        as_at_day.as_at_date,
        payment.direct_payment_id,
        payment.person_id,
        payment.start_date,
        payment.last_review_date,
        cast(
            coalesce(payment.last_review_date, payment.start_date)
            + to_months(payment.review_interval_months) as date
        ) as review_due_date
    from {{ ref('int_as_at_days') }} as as_at_day
    inner join {{ ref('stg_direct_payments') }} as payment
        on payment.la_code = as_at_day.la_code
        and payment.start_date <= as_at_day.as_at_date
        and (payment.end_date is null or payment.end_date > as_at_day.as_at_date)
)

select
    *,
    coalesce(review_due_date < as_at_date, false) as review_overdue
from running
