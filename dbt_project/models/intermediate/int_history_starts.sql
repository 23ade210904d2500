-- Where each authority's history starts: the first day its metrics can rest on (docs/metrics.md,
-- "How far back a number can be trusted"). Every metric's periods hang from the authority's
-- referrals (int_periods), so this is the start of its referrals' history
-- (int_family_history_starts, which gives every family's): for SSD extracts, whose coverage the
-- files do not state, the authority's declared coverage start, else the earliest referral the
-- history holds; for Annex A workbooks, the first day the oldest one still in play covers. An
-- authority with no referral has no periods, so no row is needed.
select
    la_code,
    history_start,
    basis as history_start_basis
from {{ ref('int_family_history_starts') }}
where family = 'referrals'
    and history_start is not null
