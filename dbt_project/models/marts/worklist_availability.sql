-- Which work lists each authority can have, and why not, as published: the app says "not
-- available" and why (unavailable_reason) where a list would be, rather than "no cases".
-- Decided in metrics.availability_of_worklists.
select
    la_code,
    worklist,
    available,
    unavailable_reason
from {{ ref('availability_of_worklists') }}
