{#- THE list of metrics: one entry per metric, and one cohort model per entry in
    models/metrics/cohorts/<metric_id>.sql. metric_catalogue publishes these entries,
    metric_key_aggregates expands every listed model, and tests/dbt fails when a cohort model
    and this list disagree. docs/metrics.md explains each definition at length.

    kind: rate | count | median.  timing: event (cohort rows dated in the period) | as_at
    (cohort taken on the period's last day, or the extract date for a period not yet ended).
    source_tables: extract tables the metric needs; an authority without one of them has no
    rows for the metric. The slices are the cohort model's own extra columns. -#}
{% macro metric_catalogue_entries() %}
{% set entries %}
- metric_id: assessment_within_45wd
  title: Assessments completed within 45 working days
  improvement_area: 1
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  england_value: 85.7
  england_source: "DfE, Children in need 2024-25: assessments completed within 45 working days"
  england_year: "2024-25"
  source_tables: [ssd_cin_assessments]
  definition: >-
    Of the assessments authorised in the period, the percentage authorised within 45 working
    days of their start: wd(start, authorisation) <= 45, where wd(a, b) counts the working days
    d with a < d <= b (Monday to Friday, not an England and Wales bank holiday). An assessment
    authorised on the day it started took 0 working days.
- metric_id: assessment_median_wd
  title: Median working days to complete an assessment
  improvement_area: 1
  kind: median
  timing: event
  unit: working days
  higher_is_better: false
  england_value: 33
  england_source: "DfE, Children in need 2024-25: median working days to complete an assessment"
  england_year: "2024-25"
  source_tables: [ssd_cin_assessments]
  definition: >-
    The median of wd(start, authorisation) over the assessments authorised in the period; with
    an even number of assessments, the mean of the two middle values. No value when none were
    authorised.
- metric_id: assessments_open_over_45wd
  title: Assessments open beyond 45 working days
  improvement_area: 1
  kind: count
  timing: as_at
  unit: assessments
  higher_is_better: false
  source_tables: [ssd_cin_assessments]
  definition: >-
    On the period's last day (the extract date for a period not yet ended), the number of
    assessments started on or before the day and not authorised by it (no authorisation date,
    or a later one) that have been open more than 45 working days: wd(start, day) > 45.
- metric_id: cwd_no_assessment_12m
  title: Disabled children open with no assessment in 12 months
  improvement_area: 1
  kind: rate
  timing: as_at
  unit: percent
  higher_is_better: false
  source_tables: [ssd_cin_episodes, ssd_disability, ssd_cin_assessments]
  definition: >-
    Of the disabled children (at least one disability code other than NONE) open on the
    period's last day (the extract date for a period not yet ended), the percentage with no
    assessment authorised in the 12 months before the day: after the day minus one calendar
    year, up to and including the day. Team: the child's team on the day.
- metric_id: cwd_direct_payment_review_overdue
  title: Direct payments for disabled children with an overdue review
  improvement_area: 1
  kind: rate
  timing: as_at
  unit: percent
  higher_is_better: false
  source_tables: [ext_direct_payments]
  definition: >-
    Of the direct payments running on the period's last day (the extract date for a period not
    yet ended; start on or before the day, no end date or one after it), the percentage whose
    review is overdue: the last review date (the start date when never reviewed) plus the
    review interval in months falls before the day. The extract holds only the latest review,
    so past days use it too. Reported for the whole authority only.
- metric_id: assessment_child_seen
  title: Assessments in which the child was seen
  improvement_area: 2
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  source_tables: [ssd_cin_assessments]
  definition: >-
    Of the assessments authorised in the period, the percentage recording that the child was
    seen (cina_assessment_child_seen is Y).
- metric_id: assessment_seen_within_5wd
  title: Assessments where the child was seen within 5 working days
  improvement_area: 2
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  source_tables: [ssd_cin_assessments, ssd_cin_visits]
  definition: >-
    Of the assessments authorised in the period, the percentage with a visit to the child
    recorded as seen on a day v from the start to the authorisation (inclusive) with
    wd(start, v) <= 5.
- metric_id: assessment_seen_once_only
  title: Assessments where the child was seen on one day only
  improvement_area: 2
  kind: rate
  timing: event
  unit: percent
  higher_is_better: false
  source_tables: [ssd_cin_assessments, ssd_cin_visits]
  definition: >-
    Of the assessments authorised in the period, the percentage in which the child was seen on
    exactly one distinct day from the start to the authorisation (inclusive), counting visits
    recorded as seen.
- metric_id: audit_good_or_better
  title: Practice audits graded good or better
  improvement_area: 3
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  source_tables: [ext_case_audits]
  definition: >-
    Of the practice audits dated in the period, the percentage graded OUTSTANDING or GOOD.
    Sliced by the audited area of practice (assessment, plan, child protection, disabled
    children, management oversight, other) and by the audit's own team ('Not recorded' when
    empty) only.
- metric_id: re_referral_12m
  title: Re-referrals within 12 months
  improvement_area: 4
  kind: rate
  timing: event
  unit: percent
  higher_is_better: false
  england_value: 22.4
  england_source: "DfE, Children in need 2023-24: re-referrals within 12 months of a previous referral"
  england_year: "2023-24"
  source_tables: [ssd_cin_episodes]
  definition: >-
    Of the referrals dated in the period, the percentage of children with another referral
    dated in the 12 months before it: after its date minus one calendar year and before its
    date (a second referral on the same day is not an earlier one). Referrals that ended in no
    further action count, both in the cohort and as the earlier referral. Team: the referral's
    team.
- metric_id: strategy_multiagency
  title: Strategy discussions with agencies beyond the police
  improvement_area: 5
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  source_tables: [ext_strategy_discussions, ssd_cin_episodes, ssd_cin_assessments]
  definition: >-
    Of the strategy discussions dated in the period, the percentage in which at least one
    agency besides children's services and the police took part (health, education,
    probation, housing or another). Sliced also by case status: 'open' when, on the day before
    the discussion, the child had an open episode with an assessment of that episode
    authorised before the discussion, else 'new' (the response to a new concern). Team: the
    team of the referral the discussion names, else the child's team on the day.
- metric_id: s47_to_icpc
  title: Section 47 enquiries leading to an initial child protection conference
  improvement_area: 6
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  england_value: 31.3
  england_source: "DfE, Characteristics of children in need 2024-25: 72,100 initial child protection conferences to 230,590 section 47 enquiries"
  england_year: "2024-25"
  source_tables: [ssd_s47_enquiry, ssd_initial_cp_conference]
  definition: >-
    Of the section 47 enquiries that ended in the period, the percentage that an initial child
    protection conference points at (any conference row, a transfer in or not, whatever its
    date). Team and worker: who completed the enquiry.
- metric_id: icpc_within_15wd
  title: Initial child protection conferences within 15 working days of the enquiry starting
  improvement_area: 6
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  england_value: 81.4
  england_source: "DfE, Characteristics of children in need 2024-25: initial child protection conferences within 15 working days"
  england_year: "2024-25"
  source_tables: [ssd_s47_enquiry, ssd_initial_cp_conference]
  definition: >-
    Of the initial child protection conferences held in the period that were not transfers in,
    the percentage held within 15 working days of the start of their section 47 enquiry:
    wd(enquiry start, conference date) <= 15. A conference dated before its enquiry started
    counts as within. Team: the conference's team, else the enquiry's completed-by team.
- metric_id: icpc_to_cp_plan
  title: Initial child protection conferences leading to a child protection plan
  improvement_area: 6
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  source_tables: [ssd_initial_cp_conference]
  definition: >-
    Of the initial child protection conferences held in the period that were not transfers in,
    the percentage whose outcome was a child protection plan (icpc_icpc_outcome_cp_flag is Y).
    Team: the conference's team, else the enquiry's completed-by team.
- metric_id: oversight_within_20wd
  title: Children with management oversight in the last 20 working days
  improvement_area: 7
  kind: rate
  timing: as_at
  unit: percent
  higher_is_better: true
  source_tables: [ext_case_notes, ssd_cin_episodes]
  definition: >-
    Of the children open on the period's last day (the extract date for a period not yet
    ended), the percentage with a management oversight or supervision case note dated on or
    before the day and no more than 20 working days before it (a note on the day itself
    counts). Sliced by team (the child's team on the day), disability and age band only.
- metric_id: chronology_updated_3m
  title: Children whose chronology was updated in the last 3 months
  improvement_area: 7
  kind: rate
  timing: as_at
  unit: percent
  higher_is_better: true
  source_tables: [ext_case_notes, ssd_cin_episodes]
  definition: >-
    Of the children open on the period's last day (the extract date for a period not yet
    ended), the percentage with a chronology update case note dated in the 3 months before
    the day: after the day minus 3 calendar months, up to and including the day. Sliced by
    team (the child's team on the day) only.
- metric_id: cp_visit_within_10wd
  title: Children on a child protection plan seen in the last 10 working days
  improvement_area: 7
  kind: rate
  timing: as_at
  unit: percent
  higher_is_better: true
  source_tables: [ssd_cp_plans, ssd_cp_visits]
  definition: >-
    Of the children on a child protection plan on the period's last day (the extract date for
    a period not yet ended) whose plan started more than 10 working days before it, the
    percentage seen on a child protection visit dated on or before the day and no more than
    10 working days before it. A child with two plans running is one child, in the cohort when
    either plan has run more than 10 working days. Team: the child's team on the day.
- metric_id: assessment_domestic_abuse_factor
  title: Assessments recording domestic abuse
  improvement_area: 8
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  source_tables: [ssd_cin_assessments, ssd_assessment_factors]
  definition: >-
    Of the assessments authorised in the period, the percentage whose factors include
    domestic abuse (CIN census codes 3A, 3B or 3C, in any of the assessment's factor rows).
    An assessment with no factors recorded does not.
- metric_id: assessment_neglect_factor
  title: Assessments recording neglect
  improvement_area: 9
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  source_tables: [ssd_cin_assessments, ssd_assessment_factors]
  definition: >-
    Of the assessments authorised in the period, the percentage whose factors include neglect
    (CIN census code 16A, in any of the assessment's factor rows).
- metric_id: repeat_referrals_without_neglect
  title: Children referred 3 or more times in 24 months with no neglect recorded
  improvement_area: 9
  kind: rate
  timing: as_at
  unit: percent
  higher_is_better: false
  source_tables: [ssd_cin_episodes, ssd_cin_assessments, ssd_assessment_factors]
  definition: >-
    Of the children with 3 or more referrals (no further action ones included) dated in the
    24 months before the period's last day (the extract date for a period not yet ended):
    after the day minus 24 calendar months, up to and including the day, the percentage none
    of whose assessments authorised in those 24 months records neglect (16A). Team: the
    child's team on the day.
- metric_id: prevent_sent_to_mash
  title: Prevent referrals sent to the MASH
  improvement_area: 10
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  source_tables: [ext_prevent_referrals]
  definition: >-
    Of the Prevent referrals of children vulnerable to radicalisation dated in the period, the
    percentage with a date of referral to the multi-agency safeguarding hub (MASH) recorded.
    Sliced by age band (on the Prevent referral date) only.
- metric_id: prevent_recorded_on_file
  title: Prevent referrals recorded on the child's file
  improvement_area: 10
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  source_tables: [ext_prevent_referrals]
  definition: >-
    Of the Prevent referrals of children vulnerable to radicalisation dated in the period, the
    percentage recorded on the child's file (prev_recorded_on_file is Y). Sliced by age band
    (on the Prevent referral date) only.
- metric_id: homeless_advised_of_s20
  title: Homeless 16/17-year-olds advised of their section 20 rights
  improvement_area: 11
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  source_tables: [ext_homeless_presentations]
  definition: >-
    Of the presentations of 16- and 17-year-olds as homeless dated in the period, the
    percentage where the young person was told of the right to become looked after and given
    independent advice. Sliced by sex and ethnicity group only.
- metric_id: homeless_assessed
  title: Homeless 16/17-year-olds assessed
  improvement_area: 11
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  source_tables: [ext_homeless_presentations, ssd_cin_assessments]
  definition: >-
    Of the presentations as homeless dated in the period, the percentage naming an assessment
    of the same child. Team: that assessment's team, else the child's team on the presentation
    date, else 'Not recorded'.
- metric_id: homeless_accommodated_s20
  title: Homeless 16/17-year-olds accommodated under section 20
  improvement_area: 11
  kind: rate
  timing: event
  unit: percent
  higher_is_better: true
  source_tables: [ext_homeless_presentations]
  definition: >-
    Of the presentations as homeless dated in the period, the percentage whose outcome is
    S20_LOOKED_AFTER (an undecided outcome counts as not accommodated).
- metric_id: homeless_presentations
  title: Homeless 16/17-year-olds presenting
  improvement_area: 11
  kind: count
  timing: event
  unit: presentations
  higher_is_better:
  source_tables: [ext_homeless_presentations]
  definition: >-
    The number of presentations of 16- and 17-year-olds as homeless dated in the period.
    Sliced by outcome only ('undecided' while the outcome is empty).
- metric_id: referrals
  title: Referrals
  improvement_area: 0
  kind: count
  timing: event
  unit: referrals
  higher_is_better:
  source_tables: [ssd_cin_episodes]
  definition: >-
    The number of referrals dated in the period, including those that ended in no further
    action. Team: the referral's team.
- metric_id: assessments_completed
  title: Assessments completed
  improvement_area: 0
  kind: count
  timing: event
  unit: assessments
  higher_is_better:
  source_tables: [ssd_cin_assessments]
  definition: >-
    The number of assessments authorised in the period. Team: the assessment's team.
- metric_id: s47_enquiries
  title: Section 47 enquiries started
  improvement_area: 0
  kind: count
  timing: event
  unit: enquiries
  higher_is_better:
  source_tables: [ssd_s47_enquiry]
  definition: >-
    The number of section 47 enquiries started in the period. Team: the enquiry's completed-by
    team.
- metric_id: icpcs
  title: Initial child protection conferences
  improvement_area: 0
  kind: count
  timing: event
  unit: conferences
  higher_is_better:
  source_tables: [ssd_initial_cp_conference]
  definition: >-
    The number of initial child protection conferences held in the period, transfers in
    included. Team: the conference's team, else its enquiry's completed-by team.
- metric_id: children_open
  title: Children open to children's social care
  improvement_area: 0
  kind: count
  timing: as_at
  unit: children
  higher_is_better:
  source_tables: [ssd_cin_episodes]
  definition: >-
    The number of children with an open episode on the period's last day (the extract date for
    a period not yet ended): referral on or before the day, not NFA, no close date or one after
    the day. Team: the team of the child's most recent open episode.
- metric_id: children_on_cp_plan
  title: Children on a child protection plan
  improvement_area: 0
  kind: count
  timing: as_at
  unit: children
  higher_is_better:
  source_tables: [ssd_cp_plans]
  definition: >-
    The number of children on a child protection plan on the period's last day (the extract
    date for a period not yet ended): plan started on or before the day, no end date or one
    after it; a child with two plans running counts once. Team: the child's team on the day.
{% endset %}
{{ return(fromyaml(entries)) }}
{% endmacro %}
