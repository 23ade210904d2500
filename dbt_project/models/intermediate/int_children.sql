-- What the slices need to know about a child that does not change with the date.
-- Disabled: at least one disability code other than NONE.
with disabilities as (
    select
        la_code,
        person_id,
        bool_or(disability_code <> 'NONE') as is_disabled
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
    case when disabilities.is_disabled then 'Disabled' else 'Not disabled' end as disability
from {{ ref('stg_children') }} as child
left join disabilities
    on disabilities.la_code = child.la_code
    and disabilities.person_id = child.person_id
