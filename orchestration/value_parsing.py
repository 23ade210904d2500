"""How a delivered value of each kind becomes its raw-layer value, as SQL over a whole column.

Each parser is a SQL template over `{text}`: the delivered value with surrounding whitespace
trimmed, NULL when empty. A parser yields NULL for a value it cannot read; the validation rules
quarantine such a row ("not a valid date" ...), so NULL in raw.* always means "left empty".
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.extract_format import SSD, Kind
from orchestration.sql_text import fill, literal_list

# ISO date, ISO date-time as SQL Server writes it (the time is dropped), or UK DD/MM/YYYY. The
# two plain forms are recognised by their shape before parsing, which is cheaper than a
# regular expression (the cast and strptime refuse anything but digits where digits belong).
_ISO_DATE_TIME = r"\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,7})?"
_DATE = f"""CASE
    WHEN length({{text}}) = 10 AND {{text}}[5] = '-' AND {{text}}[8] = '-'
        AND {{text}}[1] BETWEEN '0' AND '9'
        THEN TRY_CAST({{text}} AS DATE)
    WHEN length({{text}}) = 10 AND {{text}}[3] = '/' AND {{text}}[6] = '/'
        THEN CAST(try_strptime({{text}}, '%d/%m/%Y') AS DATE)
    WHEN regexp_full_match({{text}}, '{_ISO_DATE_TIME}')
        THEN CAST(try_strptime(left({{text}}, 10), '%Y-%m-%d') AS DATE)
END"""



def _spelt(answer: str) -> str:
    """The format's spellings of a flag answer, lower-cased, as a SQL list."""
    return literal_list(tuple(spelling.lower() for spelling in SSD.flag_values[answer]))


_FLAG = f"""CASE
    WHEN lower({{text}}) IN {_spelt("true")} THEN true
    WHEN lower({{text}}) IN {_spelt("false")} THEN false
END"""

_INTEGER = r"CASE WHEN regexp_full_match({text}, '[+-]?\d{1,9}') THEN CAST({text} AS INTEGER) END"

# A JSON array whose every element is a string; anything else (an object, numbers, nulls,
# nested arrays, broken JSON) reads as NULL and is quarantined.
_ARRAY_OF_STRINGS = """CASE
    WHEN json_valid({text}) AND json_type({text}) = 'ARRAY'
        AND coalesce(list_bool_and(list_transform(json_type({text}, '$[*]'),
                                                  lambda element_type: element_type = 'VARCHAR')),
                     true)
    THEN list_transform(json_extract_string({text}, '$[*]'), lambda element: {element})
END"""


@dataclass(frozen=True)
class Parser:
    sql_type: str
    template: str
    invalid: str = ""  # the rule text for a value this parser cannot read

    @property
    def is_identity(self) -> bool:
        """Whether the parsed value is simply the trimmed text."""
        return self.template == "{text}"

    @property
    def can_fail(self) -> bool:
        """Whether a non-empty value can be unreadable (and so quarantined)."""
        return bool(self.invalid)

    def sql(self, text_sql: str) -> str:
        return fill(self.template, text=text_sql)


PARSERS: dict[Kind, Parser] = {
    # Identifiers, text and codes are read as they come (codes upper-cased); the code lists
    # are checked by their own rule.
    Kind.IDENTIFIER: Parser("VARCHAR", "{text}"),
    Kind.TEXT: Parser("VARCHAR", "{text}"),
    Kind.CODE: Parser("VARCHAR", "upper({text})"),
    Kind.DATE: Parser(
        "DATE",
        _DATE,
        "not a valid date (expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or DD/MM/YYYY)",
    ),
    Kind.FLAG: Parser(
        "BOOLEAN", _FLAG, "not a valid flag (expected Y or N; Yes/No, 1/0 and true/false also do)"
    ),
    Kind.INTEGER: Parser("INTEGER", _INTEGER, "not a whole number"),
    Kind.TEXT_ARRAY: Parser(
        "VARCHAR[]",
        _ARRAY_OF_STRINGS.replace("{element}", "trim(element)"),
        'not a JSON array of strings (expected e.g. ["A","B"])',
    ),
    Kind.CODE_ARRAY: Parser(
        "VARCHAR[]",
        _ARRAY_OF_STRINGS.replace("{element}", "upper(trim(element))"),
        'not a JSON array of codes (expected e.g. ["3A","16A"])',
    ),
}

