-- Presentations of 16- and 17-year-olds as homeless with no record that the young person was
-- advised of their section 20 rights, newest first (every presentation of the history: the
-- app shows those of the last 3 months unless asked for all). age_band: on the presentation date.
select
    presentation.la_code,
    current_snapshot.extract_date as as_at_date,
    presentation.person_id,
    presentation.team,
    presentation.presentation_id,
    presentation.presentation_date,
    presentation.outcome,
    presentation.assessment_id,
    presentation.age_band
from {{ ref('int_homeless_presentations') }} as presentation
inner join {{ ref('stg_current_snapshots') }} as current_snapshot
    on current_snapshot.la_code = presentation.la_code
where not presentation.advised_of_s20_rights
    and {{ worklist_is_available('worklist_homeless_without_s20_advice', 'presentation.la_code') }}
order by la_code, presentation_date desc, presentation_id
