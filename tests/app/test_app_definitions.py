"""Definitions: every catalogue row, grouped by improvement area, with a search."""

from tests.app.conftest import element_values


def test_every_measure_grouped_by_area(open_app, serving_database):
    app = open_app(serving_database, "views/definitions.py")
    assert element_values(app, "subheader") == [
        "1. The timeliness and quality of assessments, including assessments of disabled children.",
        "6. Thresholds for holding an initial child protection conference.",
        "11. The approach to 16- and 17-year-old young people who present as homeless.",
        "Context: volumes of work",
    ]
    entries = [m for m in element_values(app, "markdown") if m.startswith("##### ")]
    assert [entry.splitlines()[0] for entry in entries] == [
        "##### Assessments completed within 45 working days",
        "##### Median working days to complete an assessment",
        "##### Section 47 enquiries leading to an initial conference",
        "##### Homeless 16/17-year-olds advised of their s20 rights",
        "##### Referrals",
    ]
    assert entries[0].splitlines()[1:4] == [
        "`assessment_within_45wd` · Rate: the share of a cohort meeting a condition · unit: % · Higher is better",
        "",
        "**Target:** 85.0% · **England:** 85.7% · **England source:** England 2024-25 (DfE Children in need)",
    ]
    assert entries[1].splitlines()[3] == "**Target:** none set · **England:** 33.0 · **England source:** England 2024-25 (DfE Children in need)"
    assert entries[2].splitlines()[1].endswith("Neither higher nor lower is better in itself")


def test_search_narrows_the_list(open_app, serving_database):
    app = open_app(serving_database, "views/definitions.py")
    app.text_input(key="definitions_search").input("homeless").run()
    assert element_values(app, "subheader") == [
        "11. The approach to 16- and 17-year-old young people who present as homeless."
    ]
    assert "1 measure(s) match." in element_values(app, "caption")
