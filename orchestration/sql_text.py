"""Building SQL text safely: quoting literals and names, and filling templates.

Templates use `{name}` placeholders, filled by plain replacement rather than `str.format`, so
that SQL and regular expressions keep their own braces (`\\d{4}`) untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def literal(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def identifier(name: str) -> str:
    """A quoted SQL identifier, safe for any column name a file may bring."""
    return '"' + name.replace('"', '""') + '"'


def literal_list(values: Iterable[str]) -> str:
    """A parenthesised list of string literals, for `IN (...)`."""
    return "(" + ", ".join(literal(value) for value in values) + ")"


def fill(template: str, **values: str) -> str:
    """The template with each `{name}` replaced by its value; a placeholder left over is a bug."""
    missing = sorted(set(_PLACEHOLDER.findall(template)) - {"{" + name + "}" for name in values})
    if missing:
        raise ValueError(f"SQL template has unfilled placeholders {missing}: {template}")
    text = template
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text
