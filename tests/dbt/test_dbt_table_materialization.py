"""The project's `table` materialization (macros/table_materialization.sql): dbt builds a model
with it, under its own name, over whatever relation has that name, and a build that fails
leaves the table as it was."""

import shutil

import duckdb
from dbt_warehouse import copy_of_dbt_project, run_dbt

CATALOGUE = "marts.metric_catalogue"


def relation_and_rows(path) -> tuple[str, list[tuple]]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        [(table_type,)] = connection.execute(
            "select table_type from information_schema.tables "
            "where table_schema = 'marts' and table_name = 'metric_catalogue'"
        ).fetchall()
        return table_type, connection.execute(f"select * from {CATALOGUE} order by all").fetchall()
    finally:
        connection.close()


def test_a_mart_replaces_a_view_of_its_name_and_a_broken_contract_keeps_the_table(tmp_path, warehouse):
    # A copy of the built warehouse, under the same file name: dbt names the database after it.
    copy = tmp_path / warehouse.path.name
    shutil.copyfile(warehouse.path, copy)
    project = copy_of_dbt_project(tmp_path)
    _, built = relation_and_rows(copy)
    connection = duckdb.connect(str(copy))
    connection.execute(f"alter table {CATALOGUE} rename to catalogue_as_built")
    connection.execute(f"create view {CATALOGUE} as select * from marts.catalogue_as_built")
    connection.close()

    rebuilt = run_dbt(["run", "--select", "metric_catalogue"], copy, tmp_path, project, parse_of=warehouse.target_dir)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:]
    assert relation_and_rows(copy) == ("BASE TABLE", built)
    # Built under its own name: dbt-duckdb's materialization would build <name>__dbt_tmp.
    run_sql = tmp_path / "target" / "run" / "csc_metrics" / "models" / "marts" / "metric_catalogue.sql"
    statements = " ".join(run_sql.read_text(encoding="utf-8").split())
    assert f'create table "{copy.stem}"."marts"."metric_catalogue" (' in statements

    # The query's column no longer matches the contract's type: the build fails before it
    # commits, and the rollback restores the table it had dropped.
    marts_yml = project / "models" / "marts" / "marts.yml"
    given = "      - name: improvement_area\n        data_type: integer\n"
    text = marts_yml.read_text(encoding="utf-8")
    assert given in text
    marts_yml.write_text(text.replace(given, given.replace("integer", "varchar")), encoding="utf-8")
    broken = run_dbt(["run", "--select", "metric_catalogue"], copy, tmp_path, project)
    assert broken.returncode != 0
    assert "This model has an enforced contract that failed" in broken.stdout
    assert relation_and_rows(copy) == ("BASE TABLE", built)
