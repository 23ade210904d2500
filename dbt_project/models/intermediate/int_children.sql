-- What the slices need to know about a child that does not change with the date.
-- Disabled: at least one disability code other than NONE (and, from an Annex A workbook, other
-- than NOT_KNOWN). *Reading* for Annex A's "not known" answers (NOBT, REFU, Unknown): treated as
-- not disabled by the metrics (is_disabled false), and counted as `Not known` in the disability
-- slice when every answer the child's record holds is not known; a known "no" beside them makes
-- the child not disabled, a "yes" or a code disabled. A child with no disability record is not
-- disabled, as for SSD extracts.
with disabilities as (
    select
        la_code,
        person_id,
        bool_or(disability_code not in ('NONE', 'NOT_KNOWN')) as is_disabled,
        bool_and(disability_code = 'NOT_KNOWN') as is_not_known
    from {{ ref('stg_disabilities') }}
    group by la_code, person_id
)

select
    child.la_code,
    child.person_id,
    coalesce(child.sex, 'Not recorded') as sex,
    case
        when child.ethnicity_code in ('CHNE', 'OOTH') then 'Other'
        when child.ethnicity_code like 'W%' then 'White'
        when child.ethnicity_code like 'M%' then 'Mixed'
        when child.ethnicity_code like 'A%' then 'Asian'
        when child.ethnicity_code like 'B%' then 'Black'
        else 'Not known'
    end as ethnicity_group,
    coalesce(disabilities.is_disabled, false) as is_disabled,
    case
        when disabilities.is_disabled then 'Disabled'
        when disabilities.is_not_known then 'Not known'
        else 'Not disabled'
    end as disability
from {{ ref('stg_children') }} as child
left join disabilities
    on disabilities.la_code = child.la_code
    and disabilities.person_id = child.person_id
