"""csc-dbt's injection of ephemeral models gives the SQL dbt's own gives, to the character, and
answers the project's models without dbt's whole-statement parse."""

from __future__ import annotations

import re

import dbt.compilation
import pytest
from dbt.contracts.graph.nodes import InjectedCTE

from orchestration import dbt_cte_injection
from orchestration.dbt_assets import DBT_PROJECT_DIR

# dbt's own, even were the faster one installed in this process.
DBT_OWN = getattr(dbt.compilation.inject_ctes_into_sql, "__wrapped__", None) or (
    dbt.compilation.inject_ctes_into_sql
)
CTES = [
    InjectedCTE(id="model.csc.base_a", sql=" __dbt__cte__base_a as (\nselect 1 as x\n)"),
    InjectedCTE(id="model.csc.base_b", sql=" __dbt__cte__base_b as (\nselect 2 as y\n)"),
]
STATEMENTS = {
    "with first": "with a as (select * from __dbt__cte__base_a)\nselect * from a",
    "WITH in capitals, blank lines after it": "WITH\n\n  a as (select 1)\nselect * from a",
    "comments before with": (
        "\n-- a comment: children with a plan\n/* a block\n with words */\n"
        "with a as (select 1) select * from a"
    ),
    "with recursive": "with recursive t(n) as (select 1 union all select n + 1 from t) select 1",
    "with, a comment, recursive": "with /* c */ recursive t as (select 1) select 1",
    "with and nothing after it": "with",
    "select first": "\n\n  select x from __dbt__cte__base_a",
    "select, with only in comments, strings, quoted names": (
        "select 'with' as w, \"with\" as q -- with\nfrom t /* with */"
    ),
    "a comment first, then select": "-- the cohort\nselect 1",
    "with later, outside a comment": "select * from unnest([1, 2]) with ordinality",
    # sqlparse reads \' as a quote inside the string: `with` here is outside every string.
    "a backslash": "select 'it\\'s' with ''",
}


@pytest.fixture
def fast_and_called():
    called: list[str] = []

    def dbt_own(sql, ctes):
        called.append(sql)
        return DBT_OWN(sql, ctes)

    return dbt_cte_injection.faster_injection(dbt_own), called


@pytest.mark.parametrize("sql", STATEMENTS.values(), ids=STATEMENTS.keys())
def test_the_sql_is_dbts_own(fast_and_called, sql):
    fast, _ = fast_and_called
    assert fast(sql, CTES) == DBT_OWN(sql, CTES)


def test_where_the_first_words_decide_it_dbts_parse_is_not_asked(fast_and_called):
    fast, called = fast_and_called
    for sql in STATEMENTS.values():
        fast(sql, CTES)
    left_to_dbt = {name for name, sql in STATEMENTS.items() if sql in called}
    assert left_to_dbt == {"with later, outside a comment", "a backslash"}


def test_no_ctes_leaves_the_sql_as_it_is(fast_and_called):
    fast, called = fast_and_called
    assert fast("select 1", []) == "select 1"
    assert called == []


def without_jinja(text: str) -> str:
    """The text, its Jinja left out (an expression may hold another: a hook's, in a string)."""
    kept, depth = [], 0
    for part in re.split(r"(\{\{|\}\}|\{%.*?%\}|\{#.*?#\})", text, flags=re.DOTALL):
        if part in ("{{", "}}"):
            depth += 1 if part == "{{" else -1
        elif depth == 0 and not part.startswith(("{%", "{#")):
            kept.append(part)
    return "".join(kept)


def without_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def test_every_model_of_the_project_is_injected_as_dbt_would(fast_and_called):
    # Each model's own SQL, its Jinja left out: the shapes the project's statements take (a
    # model that is one macro call leaves its comments only).
    fast, called = fast_and_called
    models = sorted((DBT_PROJECT_DIR / "models").rglob("*.sql"))
    statements = {model.name: without_jinja(model.read_text()) for model in models}
    statements = {name: sql for name, sql in statements.items() if without_comments(sql).strip()}
    assert len(statements) > 100
    for name, sql in statements.items():
        assert fast(sql, CTES) == DBT_OWN(sql, CTES), name
    assert called == []  # none needed dbt's parse


def test_installed_once_in_dbts_place(monkeypatch):
    monkeypatch.setattr(dbt.compilation, "inject_ctes_into_sql", DBT_OWN)
    dbt_cte_injection.install()
    installed = dbt.compilation.inject_ctes_into_sql
    dbt_cte_injection.install()
    assert dbt.compilation.inject_ctes_into_sql is installed is not DBT_OWN
    assert installed("select 1", CTES) == DBT_OWN("select 1", CTES)
