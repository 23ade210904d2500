"""The bank-holiday seed is exactly what the installed `holidays` package says."""

from dbt_warehouse import DBT_PROJECT, load_dbt_script

SCRIPT = DBT_PROJECT / "scripts" / "bank_holidays.py"


def load_script():
    return load_dbt_script(SCRIPT)


def test_seed_matches_the_holidays_package():
    script = load_script()
    committed = script.SEED_PATH.read_text(encoding="utf-8")
    assert committed == script.bank_holidays_csv(), (
        "dbt_project/seeds/bank_holidays.csv differs from the holidays package: "
        "run `python dbt_project/scripts/bank_holidays.py` and review the change"
    )


def test_seed_holds_substitute_and_one_off_holidays():
    rows = dict(load_script().bank_holiday_rows(2022, 2023))
    assert rows["2022-09-19"] == "State Funeral of Queen Elizabeth II"
    assert rows["2023-05-08"] == "Coronation of Charles III"
    assert rows["2022-12-27"] == "Christmas Day (observed)"
    assert rows["2023-01-02"] == "New Year's Day (observed)"
    # 2022: 1 and 3 Jan, 15 and 18 Apr, 2 May, 2 and 3 Jun, 29 Aug, 19 Sep, 25-27 Dec (12);
    # 2023: 1 and 2 Jan, 7 and 10 Apr, 1, 8 and 29 May, 28 Aug, 25 and 26 Dec (10).
    assert len(rows) == 22
