"""Loading CIN census returns: every element, old and new element names, unknown elements,
duplicates and records under a quarantined one, a return for another authority, hostile and
broken XML (rejected, the authority keeping its earlier figures), the optional schema check.

One landing area, loaded once for the module; each scenario is an authority of its own.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from orchestration.landing_load import load_landing_area
from orchestration.settings import WarehousePaths
from tests.orchestration.census_returns import (
    assessment,
    census_return,
    child,
    cin_plan,
    cp_plan,
    deliver_return,
    episode,
    section_47,
)
from tests.orchestration.snapshot_fixtures import make_paths, query

D = dt.date.fromisoformat

NEW_STYLE = census_return("901", "2024-03-31", [
    child(
        "C1",
        episode(
            "2023-06-01",
            assessment("2023-06-02", "2023-07-20", ("3A", "16A")),
            cin_plan("2023-07-21", "2024-01-10"),
            section_47("2023-06-05", icpc="2023-06-20", target="2023-06-26"),
            cp_plan("2023-06-20", "2024-02-01", "NEG", "EMO", ("2023-09-01", "2024-01-05"), "1"),
            closure="2024-02-10", closure_reason="RC1", source="5A", need="N2",
        ),
        disabilities=("AUT", "LD"),
        ethnicity="APKN",
    ),
    child("C2", episode("2024-03-20", nfa="true", icpc="2024-03-28"), sex="<Sex>1</Sex>"),
])

# A return as older systems wrote it: GenderCurrent, factors directly in the assessment, a
# namespace prefix, and a block this warehouse does not know.
OLD_STYLE = census_return("902", "2022-03-31", [
    child(
        "K1",
        episode(
            "2021-09-01",
            assessment("2021-09-02", "2021-10-01", ("2B", "3C"), wrapped=False),
            "<PreProceedings><PreProceedingsStartDate>2021-11-01</PreProceedingsStartDate>"
            "<Outcome>Issued</Outcome></PreProceedings>",
        ),
        sex="<GenderCurrent>9</GenderCurrent>",
    ),
]).replace("<Message>", '<Message xmlns="http://www.dfe.gov.uk/CIN">')

FAULTY_RECORDS = census_return("903", "2024-03-31", [
    # Two episodes of one child with the same referral date: both, and what is under them.
    child("D1", episode("2023-05-01", assessment("2023-05-02")), episode("2023-05-01")),
    # An episode without its referral date: quarantined, and its assessment with it.
    child("D2", episode(None, assessment("2023-08-01", "2023-08-20"))),
    # A child without an id: every record under it goes too.
    child(None, episode("2023-09-01")),
    # An assessment authorised before it started; a date after the extract date.
    child("D4", episode("2023-10-01", assessment("2023-10-05", "2023-10-01")), episode("2024-06-01")),
    # A code that is none of its list's: the child, and what is under it.
    child("D5", episode("2023-11-01"), ethnicity="XXXX"),
])

BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE Message [\n <!ENTITY lol "lol">\n'
    ' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    ' <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">\n]>\n'
    "<Message><Header>&lol2;</Header></Message>\n"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE Message [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>\n'
    "<Message><Header>&secret;</Header></Message>\n"
)

# A schema of the collection year to March 2021 that wants a referral date of every episode, typed.
SCHEMA = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
 <xs:element name="Message"><xs:complexType><xs:sequence>
  <xs:element name="Header" type="xs:anyType"/>
  <xs:element name="Children"><xs:complexType><xs:sequence>
   <xs:element name="Child" maxOccurs="unbounded"><xs:complexType><xs:sequence>
    <xs:element name="ChildIdentifiers" type="xs:anyType"/>
    <xs:element name="ChildCharacteristics" type="xs:anyType" minOccurs="0"/>
    <xs:element name="CINdetails" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:sequence>
     <xs:element name="CINreferralDate" type="xs:date"/>
     <xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence></xs:complexType></xs:element>
   </xs:sequence></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
 </xs:sequence></xs:complexType></xs:element>
</xs:schema>
"""
SCHEMA_CHECKED = census_return("908", "2021-03-31", [
    child("S1", episode("2020-13-01")),  # no such month
    child("S2", episode("2020-06-01")),
])

EARLIER = census_return("905", "2023-03-31", [child("E1", episode("2022-06-01"))])


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    root = tmp_path_factory.mktemp("census")
    paths = make_paths(root)
    schemas = root / "schemas"
    schemas.mkdir()
    (schemas / "cin_census_2021.xsd").write_text(SCHEMA, encoding="utf-8")
    paths = WarehousePaths(**{**vars(paths), "census_schema_dir": schemas})
    landing = paths.landing_dir
    deliver_return(landing, "901", "2024-05-02", NEW_STYLE)
    deliver_return(landing, "902", "2022-05-02", OLD_STYLE)
    deliver_return(landing, "903", "2024-05-02", FAULTY_RECORDS)
    deliver_return(landing, "904", "2024-05-02", NEW_STYLE)  # authority 901's return
    for la in ("905", "906", "907"):
        deliver_return(landing, la, "2023-05-02", EARLIER.replace("<LEA>905<", f"<LEA>{la}<"))
    deliver_return(landing, "905", "2024-05-02", BOMB)
    deliver_return(landing, "906", "2024-05-02", EXTERNAL_ENTITY)
    deliver_return(landing, "907", "2024-05-02", NEW_STYLE.replace("<LEA>901<", "<LEA>907<")[:900])
    deliver_return(landing, "908", "2021-05-02", SCHEMA_CHECKED)
    report = load_landing_area(paths, log=lambda message: None)
    return paths, report


def _rows(paths, sql, parameters=None):
    return query(paths.warehouse_path, sql, parameters)


def _attempt(report, label):
    return next(a for a in report.attempts if a.label == label)


def test_every_element_of_a_new_style_return(loaded):
    paths, report = loaded
    assert _attempt(report, "901/2024-05-02").status == "loaded"
    where = "WHERE la_code = '901' ORDER BY source_element"
    assert _rows(paths, f"SELECT * EXCLUDE (la_code, snapshot_date, source_file) FROM raw.cin_census_returns {where}") == [
        ("Header", 3, "CIN", 2024, D("2024-03-31"), "L", "901", "CaseSys", "5.1", "7", "2024-05-02T09:30:00", None),
    ]
    assert _rows(paths, f"SELECT source_element, child_id, upn, date_of_birth, sex, ethnicity FROM raw.cin_census_children {where}") == [
        ("Child[1]", "C1", "A123456789012", D("2016-02-03"), "F", "APKN"),
        ("Child[2]", "C2", "A123456789012", D("2016-02-03"), "M", "WBRI"),
    ]
    assert _rows(paths, f"SELECT source_element, child_id, disability FROM raw.cin_census_disabilities {where}") == [
        ("Child[1]/ChildCharacteristics/Disabilities/Disability[1]", "C1", "AUT"),
        ("Child[1]/ChildCharacteristics/Disabilities/Disability[2]", "C1", "LD"),
        ("Child[2]/ChildCharacteristics/Disabilities/Disability[1]", "C2", "NONE"),
    ]
    assert _rows(paths, f"SELECT source_element, child_id, referral_date, referral_source, primary_need, cin_closure_date, closure_reason, icpc_date, referral_nfa FROM raw.cin_census_referrals {where}") == [
        ("Child[1]/CINdetails[1]", "C1", D("2023-06-01"), "5A", "N2", D("2024-02-10"), "RC1", None, False),
        ("Child[2]/CINdetails[1]", "C2", D("2024-03-20"), "1A", "N1", None, None, D("2024-03-28"), True),
    ]
    assert _rows(paths, f"SELECT source_element, child_id, referral_date, assessment_start_date, assessment_authorised_date, factors FROM raw.cin_census_assessments {where}") == [
        ("Child[1]/CINdetails[1]/Assessments[1]", "C1", D("2023-06-01"), D("2023-06-02"), D("2023-07-20"), ["3A", "16A"]),
    ]
    assert _rows(paths, f"SELECT child_id, cin_plan_start_date, cin_plan_end_date FROM raw.cin_census_cin_plans {where}") == [
        ("C1", D("2023-07-21"), D("2024-01-10")),
    ]
    assert _rows(paths, f"SELECT child_id, s47_start_date, icpc_target_date, icpc_date, icpc_not_required FROM raw.cin_census_s47_enquiries {where}") == [
        ("C1", D("2023-06-05"), D("2023-06-26"), D("2023-06-20"), False),
    ]
    assert _rows(paths, f"SELECT child_id, cp_plan_start_date, cp_plan_end_date, initial_category, latest_category, previous_cp_plans FROM raw.cin_census_cp_plans {where}") == [
        ("C1", D("2023-06-20"), D("2024-02-01"), "NEG", "EMO", 1),
    ]
    assert _rows(paths, f"SELECT source_element, child_id, cp_plan_start_date, review_date FROM raw.cin_census_cp_reviews {where}") == [
        ("Child[1]/CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[1]", "C1", D("2023-06-20"), D("2023-09-01")),
        ("Child[1]/CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[2]", "C1", D("2023-06-20"), D("2024-01-05")),
    ]


def test_the_ledger_counts_every_record_per_family(loaded):
    paths, _ = loaded
    assert _rows(paths, "SELECT table_name, sheet_name, rows_read, rows_loaded, rows_quarantined, status "
                 "FROM audit.load_ledger WHERE la_code = '901' ORDER BY table_name") == [
        ("cin_census_assessments", None, 1, 1, 0, "loaded"),
        ("cin_census_children", None, 2, 2, 0, "loaded"),
        ("cin_census_cin_plans", None, 1, 1, 0, "loaded"),
        ("cin_census_cp_plans", None, 1, 1, 0, "loaded"),
        ("cin_census_cp_reviews", None, 2, 2, 0, "loaded"),
        ("cin_census_disabilities", None, 3, 3, 0, "loaded"),
        ("cin_census_referrals", None, 2, 2, 0, "loaded"),
        ("cin_census_returns", None, 1, 1, 0, "loaded"),
        ("cin_census_s47_enquiries", None, 1, 1, 0, "loaded"),
    ]
    assert _rows(paths, "SELECT kind FROM audit.snapshot_loads WHERE la_code = '901'") == [("cin_census",)]
    archived = paths.archive_dir / "901" / "2024-05-02" / "cin_census.xml"
    assert archived.read_bytes() == NEW_STYLE.encode("utf-8")


def test_an_old_style_return_with_an_unknown_block(loaded):
    paths, report = loaded
    attempt = _attempt(report, "902/2022-05-02")
    assert attempt.status == "loaded"
    assert attempt.notes == (
        "elements this warehouse does not know, kept in the records' extra_columns: "
        "Children/Child/CINdetails/PreProceedings"
    )
    assert _rows(paths, "SELECT child_id, sex FROM raw.cin_census_children WHERE la_code = '902'") == [("K1", "U")]
    assert _rows(paths, "SELECT factors FROM raw.cin_census_assessments WHERE la_code = '902'") == [(["2B", "3C"],)]
    assert _rows(paths, "SELECT extra_columns FROM raw.cin_census_referrals WHERE la_code = '902'") == [
        ({"PreProceedings/PreProceedingsStartDate": "2021-11-01", "PreProceedings/Outcome": "Issued"},),
    ]


def test_duplicates_and_records_under_a_quarantined_one(loaded):
    paths, report = loaded
    assert _attempt(report, "903/2024-05-02").status == "loaded"
    rows = _rows(paths, "SELECT table_name, source_element, source_row, record_id, column_name, value, rule "
                 "FROM audit.quarantine WHERE la_code = '903' ORDER BY table_name, source_element, rule")
    in_episode = (
        "the CINdetails element it is part of is not in cin_census_referrals, or its row there "
        "was quarantined"
    )
    in_child = (
        "the Child element it is part of is not in cin_census_children, or its row there was "
        "quarantined"
    )
    duplicate = (
        "the same child_id, referral_date as another record of the return (a duplicate): every "
        "copy is quarantined"
    )
    assert rows == [
        ("cin_census_assessments", "Child[1]/CINdetails[1]/Assessments[1]", 13, "D1", "parent_element", "Child[1]/CINdetails[1]", in_episode),
        ("cin_census_assessments", "Child[2]/CINdetails[1]/Assessments[1]", 24, "D2", "parent_element", "Child[2]/CINdetails[1]", in_episode),
        ("cin_census_assessments", "Child[4]/CINdetails[1]/Assessments[1]", 39, "D4", "assessment_authorised_date", "2023-10-01",
         "end date is before its start date (assessment_start_date)"),
        ("cin_census_children", "Child[3]", 27, None, "child_id", None, "required value is empty"),
        ("cin_census_children", "Child[5]", 45, "D5", "ethnicity", "XXXX",
         "not one of the CIN census ethnicity codes (WBRI, WIRI, WIRT, WOTH, WROM, MWBC, MWBA, MWAS, "
         "MOTH, AIND, APKN, ABAN, AOTH, BCRB, BAFR, BOTH, CHNE, OOTH, REFU, NOBT)"),
        ("cin_census_disabilities", "Child[3]/ChildCharacteristics/Disabilities/Disability[1]", 29, None, "parent_element", "Child[3]", in_child),
        ("cin_census_disabilities", "Child[5]/ChildCharacteristics/Disabilities/Disability[1]", 47, "D5", "parent_element", "Child[5]", in_child),
        ("cin_census_referrals", "Child[1]/CINdetails[1]", 11, "D1", "child_id", "D1", duplicate),
        ("cin_census_referrals", "Child[1]/CINdetails[2]", 15, "D1", "child_id", "D1", duplicate),
        ("cin_census_referrals", "Child[2]/CINdetails[1]", 22, "D2", "referral_date", None, "required value is empty"),
        ("cin_census_referrals", "Child[3]/CINdetails[1]", 30, None, "parent_element", "Child[3]", in_child),
        ("cin_census_referrals", "Child[4]/CINdetails[2]", 41, "D4", "referral_date", "2024-06-01",
         "date is after the extract date (2024-05-02)"),
        ("cin_census_referrals", "Child[5]/CINdetails[1]", 48, "D5", "parent_element", "Child[5]", in_child),
    ]
    record = _rows(paths, "SELECT record FROM audit.quarantine WHERE la_code = '903' AND "
                   "source_element = 'Child[2]/CINdetails[1]'")
    assert json.loads(record[0][0])["referral_source"] == "1A"
    assert _rows(paths, "SELECT table_name, rows_read, rows_loaded, rows_quarantined FROM audit.load_ledger "
                 "WHERE la_code = '903' AND rows_read > 0 ORDER BY table_name") == [
        ("cin_census_assessments", 3, 0, 3),
        ("cin_census_children", 5, 3, 2),
        ("cin_census_disabilities", 5, 3, 2),
        ("cin_census_referrals", 7, 1, 6),
        ("cin_census_returns", 1, 1, 0),
    ]


REJECTIONS = {
    "904/2024-05-02": (
        "cin_census.xml is the return of authority 901 (Header/Source/LEA), but it was "
        "delivered in the folder of authority 904: deliver each authority's return in its own folder"
    ),
    "905/2024-05-02": (
        "cin_census.xml declares an entity (lol) in a document type: XML that can expand to "
        "billions of characters (a \"billion laughs\" bomb) is made this way, so it is refused "
        "without expanding it; a census return declares no entities"
    ),
    "906/2024-05-02": (
        "cin_census.xml declares an external entity (secret, to file:///etc/passwd): hostile XML "
        "(it would make a reader fetch or disclose another file), refused without reading it; a "
        "census return declares no entities"
    ),
}


@pytest.mark.parametrize("label", sorted(REJECTIONS))
def test_hostile_and_misdirected_returns_are_rejected_whole(loaded, label):
    paths, report = loaded
    attempt = _attempt(report, label)
    assert (attempt.status, attempt.message) == ("rejected", REJECTIONS[label])
    la, day = label.split("/")
    assert _rows(paths, "SELECT table_name, status, message FROM audit.load_ledger "
                 "WHERE la_code = ? AND snapshot_date = ?", [la, day]) == [
        ("cin_census", "rejected", REJECTIONS[label]),
    ]
    assert _rows(paths, "SELECT count(*) FROM raw.cin_census_children WHERE la_code = ? "
                 "AND snapshot_date = ?", [la, day]) == [(0,)]


def test_a_return_cut_short_is_rejected_and_earlier_figures_are_kept(loaded):
    paths, report = loaded
    attempt = _attempt(report, "907/2024-05-02")
    assert attempt.status == "rejected"
    assert attempt.message.startswith("cin_census.xml is not well-formed XML (line 12, column ")
    assert attempt.message.endswith(
        "was it cut short or edited by hand? Deliver the return again as the case system wrote it"
    )
    # Every refused authority keeps its earlier return.
    assert _rows(paths, "SELECT la_code, snapshot_date, child_id FROM raw.cin_census_children "
                 "WHERE la_code IN ('905', '906', '907') ORDER BY la_code") == [
        ("905", D("2023-05-02"), "E1"), ("906", D("2023-05-02"), "E1"), ("907", D("2023-05-02"), "E1"),
    ]


def test_schema_errors_are_noted_beside_the_rules(loaded):
    paths, report = loaded
    attempt = _attempt(report, "908/2021-05-02")
    assert attempt.status == "loaded"
    assert attempt.notes == "checked against the DfE schema cin_census_2021.xsd: 1 errors noted"
    assert _rows(paths, "SELECT table_name, source_element, value, rule FROM audit.value_notes "
                 "WHERE la_code = '908' AND table_name = 'cin_census'") == [
        ("cin_census", "Child[1]/CINdetails/CINreferralDate", "2020-13-01",
         "does not follow the DfE schema cin_census_2021.xsd: month must be in 1..12"),
    ]
    # The warehouse's own rule quarantines the same value.
    assert _rows(paths, "SELECT source_element, rule FROM audit.quarantine WHERE la_code = '908' "
                 "AND table_name = 'cin_census_referrals'") == [
        ("Child[1]/CINdetails[1]", "not a valid date (expected YYYY-MM-DD)"),
    ]
    # Other years' returns have no schema in the folder: the rules alone.
    assert _attempt(report, "901/2024-05-02").notes is None
