{#- The statutory timescales that are written into more than one model, once. -#}

{#- An assessment is timely when authorised within this many working days of its start
    (metric assessment_within_45wd; the changes that move it, marts.changes_after_the_fact). -#}
{% macro assessment_timescale_working_days() -%}
    {{ return(45) }}
{%- endmacro %}

{#- An initial child protection conference is timely when held within this many working days of
    its enquiry's start (metric icpc_within_15wd; the changes that move it,
    marts.changes_after_the_fact). -#}
{% macro icpc_timescale_working_days() -%}
    {{ return(15) }}
{%- endmacro %}
