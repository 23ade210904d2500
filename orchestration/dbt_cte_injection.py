"""dbt's injection of ephemeral models as CTEs, without parsing the whole statement.

A model that reads an ephemeral model (the base models are ephemeral) has that model's SQL
put in front of its own as a CTE: after the model's `with`, or in a `with` of its own. dbt finds
where with `sqlparse`, parsing and grouping the model's entire statement, which is some 8% of
dbt's Python in a build (a profile of a one-authority build: issue 18, BENCHMARKS.md); only the
statement's first words decide it.

`inject_ctes_into_sql` gives what dbt's own gives, character for character, wherever the answer
is plain from the text: the statement starts (after blanks and comments) with `with`, or has no
word `with` outside its comments, strings and quoted names. Anything else is left to dbt's own.
csc-dbt puts it in dbt's place (dbt_child); `dbt` run by hand keeps dbt's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

# Blanks and comments before the first word, as sqlparse's lexer reads them.
_LEADING = re.compile(r"(?:\s+|--[^\r\n]*(?:\r\n|\r|\n|$)|/\*.*?\*/)*", re.DOTALL)
_BLANKS = re.compile(r"\s*")
_WITH = re.compile(r"with\b", re.IGNORECASE)
_RECURSIVE = re.compile(r"\s+recursive\b", re.IGNORECASE)
# What may hold the word `with` without being the keyword: comments, strings, quoted names
# (read as sqlparse reads them where the text has no backslash, its other escape).
_NOT_KEYWORDS = re.compile(
    r"(?:--|# )[^\r\n]*|/\*.*?\*/|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", re.DOTALL
)
_ANY_WITH = re.compile(r"\bwith\b", re.IGNORECASE)


def faster_injection(dbt_injection: Callable[[str, Sequence[Any]], str]):
    """dbt's `inject_ctes_into_sql`, answered from the statement's first words where they
    decide it, by `dbt_injection` (dbt's own) elsewhere."""

    def inject_ctes_into_sql(sql: str, ctes: Sequence[Any]) -> str:
        if not ctes:
            return sql
        start = _LEADING.match(sql).end()
        if _WITH.match(sql, start):
            # dbt's: the CTEs and a comma go before the first token after `with` (or after
            # `with recursive`) that is not blank.
            end = start + len("with")
            recursive = _RECURSIVE.match(sql, end)
            if recursive:
                end = recursive.end()
            at = _BLANKS.match(sql, end).end()
            return sql[:at] + ", ".join(cte.sql for cte in ctes) + ", " + sql[at:]
        plain = start < len(sql) and "\\" not in sql
        if plain and not _ANY_WITH.search(_NOT_KEYWORDS.sub(" ", sql)):
            # dbt's: `with` and the CTEs go before the first token that is not blank.
            at = _BLANKS.match(sql).end()
            return sql[:at] + "with" + ", ".join(cte.sql for cte in ctes) + " " + sql[at:]
        return dbt_injection(sql, ctes)

    inject_ctes_into_sql.__wrapped__ = dbt_injection
    return inject_ctes_into_sql


def install() -> None:
    """Put the faster injection in dbt's place, in this process."""
    import dbt.compilation

    current = dbt.compilation.inject_ctes_into_sql
    if not hasattr(current, "__wrapped__"):  # not installed already
        dbt.compilation.inject_ctes_into_sql = faster_injection(current)
