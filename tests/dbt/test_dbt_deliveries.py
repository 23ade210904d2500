"""Stale deliveries (marts.delivery_freshness): each loaded snapshot's newest activity and the
working days from it to its extract date, worked out by hand from the extracts."""


def test_each_snapshot_is_fresh_or_stale_by_its_newest_activity(warehouse):
    rows = warehouse.query(
        "select la_code, cast(extract_date as varchar), cast(newest_activity_date as varchar), newest_activity, "
        "working_days_before_extract, is_stale, is_current from marts.delivery_freshness "
        "where la_code in ('990', '991') order by la_code, extract_date"
    )
    assert rows == [
        # 990's older snapshot: its newest record is a referral of 2021, long before its date;
        # stale, but no longer the one in use.
        ("990", "2023-04-30", "2021-01-01", "referral", rows[0][4], True, False),
        # 990's current snapshot holds a case note dated on its extract date: 0 working days.
        ("990", "2023-05-15", "2023-05-15", "case note", 0, False, True),
        # 991: the newest activity, an assessment authorised on Friday 10 February 2023, is 47
        # working days before Thursday 20 April (Good Friday 7 April and Easter Monday 10 April
        # are bank holidays): more than 10, stale.
        ("991", "2023-04-20", "2023-02-10", "assessment", 47, True, True),
    ]
    assert rows[0][4] > 500
    [(note,)] = warehouse.query("select stale_note from marts.delivery_freshness where la_code = '991'")
    assert note == ("Its newest activity, an assessment dated 10 February 2023, is 47 working days before its "
                    "extract date of 20 April 2023 (more than 10): it may be an old export delivered under a "
                    "new date.")


def test_the_demo_extract_is_fresh(warehouse):
    assert warehouse.query(
        "select is_stale, is_current, stale_after_working_days from marts.delivery_freshness where la_code = '901'"
    ) == [(False, True, 10)]
