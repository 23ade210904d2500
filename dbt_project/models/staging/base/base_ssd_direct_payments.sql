{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ext_direct_payments rows as direct payments: the shape of
-- stg_direct_payments, with provenance and the history columns (macro history_columns).
select
    payment.la_code,
    payment.dpay_direct_payment_id as direct_payment_id,
    payment.dpay_person_id as person_id,
    payment.dpay_start_date as start_date,
    payment.dpay_end_date as end_date,
    payment.dpay_last_review_date as last_review_date,
    payment.dpay_review_interval_months as review_interval_months,
    {{ history_columns('ext_direct_payments', 'direct_payments', 'payment') }}
from {{ snapshot_rows('ext_direct_payments') }} as payment
