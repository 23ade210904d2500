-- One row per referral, NFA ones included. Child attributes are taken on the referral date.
with facts as (
    select
        la_code,
        referral_id,
        person_id,
        referral_date,
        close_date,
        is_nfa,
        coalesce(team, 'Not recorded') as team,
        worker_id,
        source_file,
        source_row
    from {{ ref('stg_referrals') }}
)

{{ with_child_attributes('facts', 'referral_date') }}
