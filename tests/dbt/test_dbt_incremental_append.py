"""A some-authorities build appends each model's rows straight from its query
(dbt_project/macros/incremental_append.sql): a model whose columns are no longer its table's
fails the build (on_schema_change: fail), and its table keeps the rows it had."""

import shutil

import duckdb
from dbt_warehouse import copy_of_dbt_project, run_dbt

MODEL = "stg_departments"
# (its line as built, the line edited): a column added, a column's type changed
EDITS = (
    ("    department.team_name,\n", "    department.team_name,\n    1 as extra_column,\n"),
    ("    department.team_id,\n", "    cast(department.team_id as blob) as team_id,\n"),
)


def rows_of_901(database) -> list[tuple]:
    connection = duckdb.connect(str(database), read_only=True)
    try:
        return connection.execute(
            f"select * from staging.{MODEL} where la_code = '901' order by all").fetchall()
    finally:
        connection.close()


def test_a_model_whose_columns_changed_fails_and_its_table_keeps_its_rows(tmp_path, warehouse):
    database = tmp_path / "warehouse.duckdb"  # the session's warehouse stays as built
    shutil.copyfile(warehouse.path, database)
    project = copy_of_dbt_project(tmp_path)
    sql = project / "models" / "staging" / f"{MODEL}.sql"
    text = sql.read_text(encoding="utf-8")
    for built, edited in EDITS:
        assert built in text
        text = text.replace(built, edited)
    sql.write_text(text, encoding="utf-8")
    before = rows_of_901(database)
    assert before

    result = run_dbt(
        ["run", "--select", MODEL, "--vars", '{"rebuild_authorities": ["901"]}'],
        database, tmp_path, project,
    )
    assert result.returncode != 0
    assert (f'"staging"."{MODEL}": the model\'s columns are no longer the table\'s '
            "(on_schema_change: fail; build it in full to change them): "
            "extra_column - -> INTEGER, team_id VARCHAR -> BLOB") in result.stdout, (
        result.stdout[-4000:])
    assert rows_of_901(database) == before  # the pre-hook's delete was rolled back
