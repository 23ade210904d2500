{#- The statutory timescales that are written into more than one model, once. -#}

{#- An assessment is timely when authorised within this many working days of its start
    (metric assessment_within_45wd; the changes that move it, marts.changes_after_the_fact). -#}
{% macro assessment_timescale_working_days() -%}
    {{ return(45) }}
{%- endmacro %}
