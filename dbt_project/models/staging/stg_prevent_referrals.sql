-- The assembled history of prevent referrals (macro assembled_history).
with referral as (
    {{ assembled_history('prevent_referrals', {'ssd': ref('base_ssd_prevent_referrals')}) }}
)

select
    referral.la_code,
    referral.prevent_referral_id,
    referral.person_id,
    referral.referral_date,
    referral.mash_referral_date,
    referral.recorded_on_file,
    referral.channel_panel_date,
    referral.outcome,
    {{ provenance_columns('referral') }}
from referral
