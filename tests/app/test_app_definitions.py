"""Definitions: every catalogue row in plain words, grouped by improvement area, the formulas and
tables behind "How this is worked out", with a search."""

from tests.app.conftest import element_values


def test_every_measure_grouped_by_area_in_words(open_app, serving_database):
    app = open_app(serving_database, "views/definitions.py")
    assert element_values(app, "subheader") == [
        "1. The timeliness and quality of assessments, including assessments of disabled children.",
        "6. Thresholds for holding an initial child protection conference.",
        "11. The approach to 16- and 17-year-old young people who present as homeless.",
        "Context: volumes of work",
    ]
    markdown = element_values(app, "markdown")
    titles = [m for m in markdown if m.startswith("##### ")]
    assert titles == [
        "##### Assessments completed within 45 working days",
        "##### Median working days to complete an assessment",
        "##### Section 47 enquiries leading to an initial conference",
        "##### Homeless 16/17-year-olds advised of their s20 rights",
        "##### Referrals",
    ]
    words = [markdown[markdown.index(title) + 1] for title in titles]
    assert words[0] == ("A percentage: the share of a group of cases meeting a condition. Each case counts in "
                        "the period its date falls in. Higher is better. Target: 85.0%. England: 85.7%.")
    assert words[1].startswith("A median: the middle value of a group of cases.")
    assert "Lower is better. England: 33.0." in words[1]
    assert "Best within the band 25.0% to 38.0%: too high is as wrong as too low." in words[2]
    assert "A volume of work: neither higher nor lower is better in itself." in words[4]
    # No code, formula or table name outside the expander.
    for text in words:
        assert "`" not in text and "wd(" not in text and "ssd_" not in text and "_" not in text
    expanders = app.expander
    assert [e.label for e in expanders] == ["How this is worked out"] * 5
    worked_out = expanders[0].markdown[0].value
    assert "wd(start, authorisation) <= 45" in worked_out
    assert "Made from the extract tables `ssd_cin_assessments`" in worked_out
    assert "Its cases: `assessment_details` (placed in a period by `authorised_date`)" in worked_out


def test_search_narrows_the_list(open_app, serving_database):
    app = open_app(serving_database, "views/definitions.py")
    app.text_input(key="definitions_search").input("homeless").run()
    assert element_values(app, "subheader") == [
        "11. The approach to 16- and 17-year-old young people who present as homeless."
    ]
    assert "1 measure(s) match." in element_values(app, "caption")
