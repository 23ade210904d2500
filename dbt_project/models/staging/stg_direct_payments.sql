-- The assembled history of direct payments (macro assembled_history).
with payment as (
    {{ assembled_history('direct_payments', {'ssd': ref('base_ssd_direct_payments')}) }}
)

select
    payment.la_code,
    payment.direct_payment_id,
    payment.person_id,
    payment.start_date,
    payment.end_date,
    payment.last_review_date,
    payment.review_interval_months,
    {{ provenance_columns('payment') }}
from payment
