-- Where each authority's history starts: the first day its metrics can rest on (docs/metrics.md,
-- "How far back a number can be trusted"). For SSD extracts, whose coverage the files do not
-- state, it is the earliest referral the authority's history holds. An authority with no
-- referral has no periods, so no row is needed.
select
    la_code,
    min(referral_date) as history_start,
    'earliest referral' as history_start_basis
from {{ ref('stg_referrals') }}
group by la_code
