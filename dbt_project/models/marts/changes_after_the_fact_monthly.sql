-- How many changes after the fact (marts.changes_after_the_fact) touch each month's reported
-- figures, per authority, team and finding: the month being the one the record counted in
-- before the change.
select
    la_code,
    period_start,
    coalesce(team, 'No team recorded') as team,
    finding,
    count(*) as changes
from {{ ref('changes_after_the_fact') }}
group by all
order by la_code, period_start, team, finding
