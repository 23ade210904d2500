{#- The metric catalogue. Each metric is one cohort model, models/metrics/cohorts/<metric_id>.sql,
    with one YAML beside it (<metric_id>.yml) holding its definition (the model's description),
    its catalogue entry (the model's config.meta) and its unit tests. The entry's keys are in
    metric_meta_keys(); docs/metrics.md explains each one.

    dbt knows a model's refs before any graph exists (at parse time `graph` is empty), so the
    metrics' ids are also listed here, in catalogue order: the order the app and the docs show
    them in. The build stops with a plain message when this list and the cohort models differ,
    or when an entry lacks a key or holds a value it cannot take. -#}
{% macro metric_ids() %}
{{ return([
    'assessment_within_45wd', 'assessment_median_wd', 'assessments_open_over_45wd',
    'cwd_no_assessment_12m', 'cwd_direct_payment_review_overdue',
    'assessment_child_seen', 'assessment_seen_within_5wd', 'assessment_seen_once_only',
    'audit_good_or_better',
    're_referral_12m',
    'strategy_multiagency',
    's47_to_icpc', 'icpc_within_15wd', 'icpc_to_cp_plan',
    'oversight_within_20wd', 'chronology_updated_3m', 'cp_visit_within_10wd',
    'assessment_domestic_abuse_factor',
    'assessment_neglect_factor', 'repeat_referrals_without_neglect',
    'prevent_sent_to_mash', 'prevent_recorded_on_file',
    'homeless_advised_of_s20', 'homeless_assessed', 'homeless_accommodated_s20', 'homeless_presentations',
    'referrals', 'assessments_completed', 's47_enquiries', 'icpcs', 'children_open', 'children_on_cp_plan',
]) }}
{% endmacro %}

{#- The keys of a metric's config.meta: required or not, and the values a key can take (none:
    any). judgement: how the improvement tracker judges it: higher_is_better | lower_is_better
    | within_band (against the band of seed metric_targets around its reference) | none (a
    volume, never judged). judged_slice: the slice the tracker judges instead of the whole
    authority, {dimension, value, label}, the label in plain words ("audits of plans").
    timing: event (cohort rows dated in the period) | as_at (the cohort on the period's last
    day, or the extract date for a period not yet ended). kinds: the kinds of delivery that can
    give the metric, each with the raw tables it needs from that kind ({ssd: [ssd_cp_plans,
    ssd_cp_visits], annex_a: [annex_a_list_7]}); a period whose history comes from a snapshot of
    another kind, or from one without those tables, has no value (metrics.metric_period_availability
    says why). source_columns: the columns of those tables a delivery may leave out, as
    <table>.<column>, whose absence would change the figures rather than only their slices (the
    date that completes or closes a record, a date or answer that decides whether a row counts):
    a period resting on a snapshot that left one out, where an earlier snapshot of its kind
    delivered it, has no value either (absent is not empty; macro delivery_requirements checks
    the names against the formats). The entry also gets source_tables (every kind's tables, in order) and
    history_families (the dated record families those tables feed, whose history starts
    metric_period_history reads). look_back_months: how
    far before a day the definition looks ("in the 12 months before"). warm_up_months: how
    long the authority's history must have run before the metric's cohort on a day is whole,
    when the cohort holds work that hangs off a referral episode (an assessment, an enquiry, a
    conference, a child open or on a plan): work begun in an episode opened before the history
    starts is missing until then (docs/metrics.md, "How far back a number can be trusted").
    cases: where the metric's cohort is published case by case, {table, placed_by}: the marts
    detail table with one row per cohort member (its flag column is named after the metric:
    macro with_metric_flags) and the column that places a row in a period (the as-at day for
    as-at metrics), so the app can open the cases behind any number. -#}
{% macro metric_meta_keys() %}
{{ return({
    'title': {'required': true},
    'improvement_area': {'required': true, 'values': range(0, 12) | list},
    'kind': {'required': true, 'values': ['rate', 'count', 'median']},
    'timing': {'required': true, 'values': ['event', 'as_at']},
    'unit': {'required': true},
    'judgement': {'required': true, 'values': ['higher_is_better', 'lower_is_better', 'within_band', 'none']},
    'judged_slice': {'required': false},
    'england': {'required': false},
    'look_back_months': {'required': false, 'months': true},
    'warm_up_months': {'required': false, 'months': true},
    'kinds': {'required': true},
    'source_columns': {'required': false},
    'cases': {'required': true},
    'definition': {'required': true},
}) }}
{% endmacro %}

{#- Records, at parse time, that the calling model reads every cohort model: a model that
    calls ref() for each catalogue entry must call this first. -#}
{% macro depend_on_metric_cohorts() %}
    {%- if not execute -%}
        {%- for metric_id in metric_ids() -%}
            {%- do ref(metric_id) -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}

{#- One entry per metric, in catalogue order: metric_id, description, every key of its meta
    (missing optional keys as none), england_value/england_source/england_year from `england`,
    judged_dimension/judged_dimension_value/judged_slice_label from `judged_slice`, and
    higher_is_better (true, false, or none when the metric is not judged one way). Empty at
    parse time. -#}
{% macro metric_catalogue_entries() %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set nodes = {} -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and 'metric' in node.tags -%}
        {%- do nodes.update({node.name: node}) -%}
    {%- endfor -%}
    {%- set listed = metric_ids() -%}
    {%- set problems = [] -%}
    {%- for name in nodes if name not in listed -%}
        {%- do problems.append("cohort model " ~ name ~ " is not listed in macro metric_ids() (macros/metric_catalogue.sql)") -%}
    {%- endfor -%}
    {%- for metric_id in listed if metric_id not in nodes -%}
        {%- do problems.append(metric_id ~ " is listed in macro metric_ids() but has no cohort model models/metrics/cohorts/" ~ metric_id ~ ".sql") -%}
    {%- endfor -%}
    {%- set entries = [] -%}
    {%- for metric_id in listed if metric_id in nodes -%}
        {%- set node = nodes[metric_id] -%}
        {%- set meta = node.config.get('meta', {}) -%}
        {%- set entry = {'metric_id': metric_id, 'description': node.description} -%}
        {%- for key, rule in metric_meta_keys().items() -%}
            {%- set value = meta.get(key) -%}
            {%- if rule.required and (value is none or value == '' or value == []) -%}
                {%- do problems.append(metric_id ~ ": config.meta has no " ~ key ~ " (models/metrics/cohorts/" ~ metric_id ~ ".yml)") -%}
            {%- elif value is not none and rule.get('values') is not none and value not in rule['values'] -%}
                {%- do problems.append(metric_id ~ ": config.meta " ~ key ~ " is " ~ value ~ "; it can be " ~ rule['values'] | join(', ')) -%}
            {%- elif value is not none and rule.get('months') and not (value is integer and value > 0) -%}
                {%- do problems.append(metric_id ~ ": config.meta " ~ key ~ " is " ~ value ~ "; it must be a whole number of months") -%}
            {%- endif -%}
            {%- do entry.update({key: value}) -%}
        {%- endfor -%}
        {%- for key in meta if key not in metric_meta_keys() and key != 'keyed_by_authority' -%}
            {%- do problems.append(metric_id ~ ": config.meta has a key " ~ key ~ " the catalogue does not know (see macro metric_meta_keys)") -%}
        {%- endfor -%}
        {%- do entry.update(delivery_requirements(metric_id, entry.kinds, entry.source_columns, problems)) -%}
        {%- set england = entry.england or {} -%}
        {%- if england and not (england.get('value') is not none and england.get('source') and england.get('year')) -%}
            {%- do problems.append(metric_id ~ ": config.meta england needs value, source and year") -%}
        {%- endif -%}
        {%- set cases = entry.cases or {} -%}
        {%- if cases and not (cases.get('table') and cases.get('placed_by')) -%}
            {%- do problems.append(metric_id ~ ": config.meta cases needs table and placed_by") -%}
        {%- elif cases and entry.timing == 'as_at' and cases.get('placed_by') != 'as_at_date' -%}
            {%- do problems.append(metric_id ~ ": an as-at metric's cases are placed by as_at_date, not " ~ cases.get('placed_by')) -%}
        {%- endif -%}
        {%- set judged_slice = entry.judged_slice or {} -%}
        {%- if judged_slice and not (judged_slice.get('dimension') and judged_slice.get('value') and judged_slice.get('label')) -%}
            {%- do problems.append(metric_id ~ ": config.meta judged_slice needs dimension, value and label") -%}
        {%- endif -%}
        {%- if not node.description -%}
            {%- do problems.append(metric_id ~ ": the model has no description (its definition)") -%}
        {%- endif -%}
        {%- do entry.update({
            'england_value': england.get('value'),
            'england_source': england.get('source'),
            'england_year': england.get('year'),
            'judged_dimension': judged_slice.get('dimension'),
            'judged_dimension_value': judged_slice.get('value'),
            'judged_slice_label': judged_slice.get('label'),
            'cases_table': cases.get('table'),
            'cases_placed_by': cases.get('placed_by'),
            'higher_is_better': {'higher_is_better': true, 'lower_is_better': false}.get(entry.judgement),
        }) -%}
        {%- do entries.append(entry) -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error("The metric catalogue is not consistent:\n- " ~ problems | join("\n- ")) }}
    {%- endif -%}
    {{ return(entries) }}
{% endmacro %}
