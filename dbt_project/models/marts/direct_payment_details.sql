-- Direct payments running on each as-at day with their review due date: the cohort behind
-- cwd_direct_payment_review_overdue.
with payments as (
    select
        la_code,
        as_at_date,
        direct_payment_id,
        person_id,
        start_date,
        last_review_date,
        review_due_date
    from {{ ref('int_direct_payments_on_days') }}
)

{{ with_metric_flags('payments', 'direct_payment_id', ['cwd_direct_payment_review_overdue'], 'as_at_date') }}
