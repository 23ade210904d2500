{#- Plain words for the improvement tracker's status reasons. -#}

{#- A number as people write it: whole numbers without decimals, others to one decimal. -#}
{% macro tracker_number_text(value) -%}
    case
        when {{ value }} = round({{ value }}) then printf('%d', cast({{ value }} as bigint))
        else printf('%.1f', {{ value }})
    end
{%- endmacro %}

{#- A metric's value in its unit: '72.4%', '34.5 working days', and a count as the number. -#}
{% macro tracker_value_text(value, unit) -%}
    case {{ unit }}
        when 'percent' then printf('%.1f%%', {{ value }})
        when 'working days' then {{ tracker_number_text(value) }} || ' working days'
        else {{ tracker_number_text(value) }}
    end
{%- endmacro %}

{#- A difference between two values of a metric: '3.6 points' for percentages, else as a value. -#}
{% macro tracker_gap_text(gap, unit) -%}
    case
        when {{ unit }} = 'percent' then printf('%.1f points', {{ gap }})
        else {{ tracker_value_text(gap, unit) }}
    end
{%- endmacro %}

{#- 'October 2026', or 'the 3 months to October 2026'. -#}
{% macro tracker_window_text(month_start, window_months) -%}
    case
        when {{ window_months }} = 1 then strftime({{ month_start }}, '%B %Y')
        else printf('the %d months to %s', {{ window_months }}, strftime({{ month_start }}, '%B %Y'))
    end
{%- endmacro %}
