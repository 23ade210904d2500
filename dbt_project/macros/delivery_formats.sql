{#- Written by `python -m orchestration.formats.dbt_sources` from orchestration/formats/*.yaml
    (the one description of each delivery format): do not edit by hand. What the history
    macros (snapshot_history.sql) need to know of each kind of delivery and raw table. -#}
{% macro delivery_formats() -%}
{%- set described -%}
kinds:
  ssd:
    title: SSD extract
    window: {all_time: true}
    location_column: null
  annex_a:
    title: Annex A workbook
    window: {months_setting: annex_a_window_months, default_months: 6}
    location_column: source_sheet
  cin_census:
    title: CIN census return
    window: {collection_year: true}
    location_column: source_element
tables:
  ssd_person:
    kind: ssd
    feeds:
    - family: children
      natural_key: [pers_person_id]
  ssd_disability:
    kind: ssd
    feeds:
    - family: disabilities
      natural_key: [disa_person_id]
  ssd_contacts:
    kind: ssd
    feeds:
    - family: contacts
      natural_key: [cont_person_id, cont_contact_date]
      window_date: cont_contact_date
  ssd_cin_episodes:
    kind: ssd
    feeds:
    - family: referrals
      natural_key: [cine_person_id, cine_referral_date]
      window_date: cine_referral_date
    - family: cin_episodes
      natural_key: [cine_person_id, cine_referral_date]
      runs_until: cine_close_date
  ssd_cin_assessments:
    kind: ssd
    feeds:
    - family: assessments
      natural_key: [cina_person_id, cina_assessment_start_date]
      window_date: cina_assessment_start_date
  ssd_assessment_factors:
    kind: ssd
    feeds:
    - family: assessment_factors
      follows: {family: assessments, column: cinf_assessment_id}
  ssd_cin_plans:
    kind: ssd
    feeds:
    - family: cin_plans
      natural_key: [cinp_person_id, cinp_cin_plan_start_date]
      runs_until: cinp_cin_plan_end_date
  ssd_cin_visits:
    kind: ssd
    feeds:
    - family: cin_visits
      natural_key: [cinv_person_id, cinv_cin_visit_date]
      window_date: cinv_cin_visit_date
  ssd_s47_enquiry:
    kind: ssd
    feeds:
    - family: s47_enquiries
      natural_key: [s47e_person_id, s47e_s47_start_date]
      window_date: s47e_s47_start_date
  ssd_initial_cp_conference:
    kind: ssd
    feeds:
    - family: icpcs
      natural_key: [icpc_person_id, icpc_icpc_date]
      window_date: icpc_icpc_date
  ssd_cp_plans:
    kind: ssd
    feeds:
    - family: cp_plans
      natural_key: [cppl_person_id, cppl_cp_plan_start_date]
      runs_until: cppl_cp_plan_end_date
  ssd_cp_visits:
    kind: ssd
    feeds:
    - family: cp_visits
      natural_key: [cppv_person_id, cppv_cp_visit_date]
      window_date: cppv_cp_visit_date
  ssd_cp_reviews:
    kind: ssd
    feeds:
    - family: cp_reviews
      follows: {family: cp_plans, column: cppr_cp_plan_id}
  ssd_professionals:
    kind: ssd
    feeds:
    - family: professionals
      natural_key: [prof_professional_id]
  ssd_department:
    kind: ssd
    feeds:
    - family: departments
      natural_key: [dept_team_id]
  ext_strategy_discussions:
    kind: ssd
    feeds:
    - family: strategy_discussions
      natural_key: [strd_person_id, strd_discussion_date]
      window_date: strd_discussion_date
  ext_case_notes:
    kind: ssd
    feeds:
    - family: case_notes
      natural_key: [note_person_id, note_note_date]
      window_date: note_note_date
  ext_prevent_referrals:
    kind: ssd
    feeds:
    - family: prevent_referrals
      natural_key: [prev_person_id, prev_referral_date]
      window_date: prev_referral_date
  ext_homeless_presentations:
    kind: ssd
    feeds:
    - family: homeless_presentations
      natural_key: [hpre_person_id, hpre_presentation_date]
      window_date: hpre_presentation_date
  ext_direct_payments:
    kind: ssd
    feeds:
    - family: direct_payments
      natural_key: [dpay_person_id, dpay_start_date]
      runs_until: dpay_end_date
  ext_case_audits:
    kind: ssd
    feeds:
    - family: case_audits
      natural_key: [audi_person_id, audi_audit_date]
      window_date: audi_audit_date
  annex_a_list_1:
    kind: annex_a
    feeds:
    - family: contacts
      natural_key: [child_id, contact_date]
      window_date: contact_date
    - family: children
      natural_key: [child_id]
    - family: disabilities
      natural_key: [child_id]
      when: disability
  annex_a_list_2:
    kind: annex_a
    feeds:
    - family: early_help_assessments
      natural_key: [child_id, early_help_start_date]
      window_date: early_help_start_date
    - family: children
      natural_key: [child_id]
    - family: disabilities
      natural_key: [child_id]
      when: disability
  annex_a_list_3:
    kind: annex_a
    feeds:
    - family: referrals
      natural_key: [child_id, referral_date]
      window_date: referral_date
    - family: children
      natural_key: [child_id]
    - family: disabilities
      natural_key: [child_id]
      when: disability
  annex_a_list_4:
    kind: annex_a
    feeds:
    - family: assessments
      natural_key: [child_id, assessment_start_date]
      window_date: assessment_start_date
    - family: children
      natural_key: [child_id]
    - family: disabilities
      natural_key: [child_id]
      when: disability
  annex_a_list_5:
    kind: annex_a
    feeds:
    - family: s47_enquiries
      natural_key: [child_id, s47_start_date]
      window_date: s47_start_date
    - family: icpcs
      natural_key: [child_id, icpc_date]
      window_date: icpc_date
      when: icpc_date
    - family: children
      natural_key: [child_id]
    - family: disabilities
      natural_key: [child_id]
      when: disability
  annex_a_list_6:
    kind: annex_a
    feeds:
    - family: cin_episodes
      natural_key: [child_id, cin_start_date]
      runs_until: cin_closure_date
    - family: children
      natural_key: [child_id]
    - family: disabilities
      natural_key: [child_id]
      when: disability
  annex_a_list_7:
    kind: annex_a
    feeds:
    - family: cp_plans
      natural_key: [child_id, cp_plan_start_date]
      runs_until: cp_plan_end_date
    - family: children
      natural_key: [child_id]
    - family: disabilities
      natural_key: [child_id]
      when: disability
  annex_a_list_8:
    kind: annex_a
    feeds:
    - family: looked_after_periods
      natural_key: [child_id, looked_after_start_date]
      runs_until: looked_after_end_date
    - family: children
      natural_key: [child_id]
    - family: disabilities
      natural_key: [child_id]
      when: disability
  annex_a_list_9:
    kind: annex_a
    feeds:
    - family: care_leavers
      natural_key: [child_id]
    - family: children
      natural_key: [child_id]
    - family: disabilities
      natural_key: [child_id]
      when: disability
  annex_a_list_10:
    kind: annex_a
    feeds:
    - family: adoption_decisions
      natural_key: [child_id, adoption_decision_date]
      window_date: adoption_decision_date
    - family: children
      natural_key: [child_id]
    - family: disabilities
      natural_key: [child_id]
      when: disability
  annex_a_list_11:
    kind: annex_a
    feeds:
    - family: adopter_enquiries
      natural_key: [adopter_id, enquiry_date]
      window_date: enquiry_date
{%- endset -%}
{{ return(fromyaml(described)) }}
{%- endmacro %}
