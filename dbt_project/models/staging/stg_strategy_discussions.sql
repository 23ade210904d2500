-- The assembled history of strategy discussions (macro assembled_history).
with discussion as (
    {{ assembled_history('strategy_discussions', {'ssd': ref('base_ssd_strategy_discussions')}) }}
)

select
    discussion.la_code,
    discussion.strategy_discussion_id,
    discussion.person_id,
    discussion.referral_id,
    discussion.s47_enquiry_id,
    discussion.discussion_date,
    discussion.agencies,
    discussion.outcome,
    {{ provenance_columns('discussion') }}
from discussion
