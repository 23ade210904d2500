"""How a delivered value of each kind becomes its raw-layer value, as SQL over a whole column.

Each parser is a SQL template over `{text}`: the delivered value with surrounding whitespace
trimmed, NULL when empty. A parser yields NULL for a value it cannot read; the validation rules
quarantine such a row ("not a valid date" ...), or, for a format whose unreadable optional values
are noted (Annex A), note the value, so NULL in raw.* always means "left empty" or "unreadable,
and noted".

Each format has its parsers (`parsers_for`): the SSD extract's (PARSERS, below), and a
workbook format's, written from its description's workbook rules (`_workbook_parsers`): the
cell texts that are empty values, the forms a coded answer comes in, the text forms of dates
and Excel serial numbers. A workbook cell's text face is `workbook_text` of its delivered text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from orchestration.extract_format import SSD, Kind
from orchestration.formats.description import CodeList, FormatDescription, load_format
from orchestration.sql_text import fill, literal, literal_list

# ISO date, ISO date-time as SQL Server writes it (the time is dropped), or UK DD/MM/YYYY. The
# two plain forms are recognised by their shape before parsing, which is cheaper than a
# regular expression (the cast and strptime refuse anything but digits where digits belong).
# The ISO shape is tested on bytes (strlen, LIKE, ascii), cheaper than indexing characters: a
# value of ten bytes is plain ASCII, and one with other characters is no date either way.
_ISO_DATE_TIME = r"\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,7})?"
_DATE = f"""CASE
    WHEN strlen({{text}}) = 10 AND {{text}} LIKE '____-__-__'
        AND ascii({{text}}) BETWEEN 48 AND 57
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
    # When a value is unreadable, over {text} and {column} (the parsed value): by default, a
    # value that parses to nothing. A workbook's yes/no answer "unknown" parses to nothing but
    # is a known answer.
    unreadable_when: str = "{text} IS NOT NULL AND {column} IS NULL"

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

    def invalid_for(self, codes: CodeList | None) -> str:
        """The rule text for an unreadable value of a column with these codes."""
        return self.invalid.replace("<code list>", codes.name if codes else "").replace(
            "<codes>", ", ".join(codes.codes) if codes else ""
        )


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




def parsers_for(format_name: str) -> Mapping[Kind, Parser]:
    """The parsers of a format's values, by kind."""
    if format_name == SSD.name:
        return PARSERS
    if load_format(format_name).workbook is None:
        return _xml_parsers(format_name)
    return _workbook_parsers(format_name)


# An XML format's dates are ISO (xs:date); a time zone, which xs:date allows, is dropped.
_XML_DATE = r"""CASE
    WHEN regexp_full_match({text}, '[0-9]{4}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?')
        THEN TRY_CAST(left({text}, 10) AS DATE)
END"""


@cache
def _xml_parsers(format_name: str) -> Mapping[Kind, Parser]:
    """An XML format's parsers (the CIN census): values as the schema types them, flags in the
    description's spellings, codes matched in any case against their list's spellings."""
    description = load_format(format_name)
    spelt = {
        answer: literal_list(tuple(s.lower() for s in spellings))
        for answer, spellings in description.flag_values.items()
    }
    return {
        **PARSERS,
        Kind.CODE: Parser("VARCHAR", "{answer}", "not one of the <code list> (<codes>)"),
        Kind.DATE: Parser("DATE", _XML_DATE, "not a valid date (expected YYYY-MM-DD)"),
        Kind.FLAG: Parser(
            "BOOLEAN",
            f"CASE WHEN lower({{text}}) IN {spelt['true']} THEN true "
            f"WHEN lower({{text}}) IN {spelt['false']} THEN false END",
            "not a valid flag (expected true or false; 1 and 0 also do)",
        ),
        Kind.CODE_ARRAY: Parser(
            "VARCHAR[]",
            _ARRAY_OF_STRINGS.replace("{element}", "upper(trim(element))"),
            "not a list of codes",
        ),
    }


# A workbook cell's delivered text, trimmed: non-breaking spaces as spaces, surrounding white
# space taken off (RE2's \s is ASCII white space, so the NBSP goes first).
WORKBOOK_TRIM = r"regexp_replace(replace({delivered}, chr(160), ' '), '^\s+|\s+$', '', 'g')"


def workbook_text(format_name: str, trimmed_sql: str) -> str:
    """A workbook cell's text face, over its trimmed text: NULL when nothing is left or it is
    one of the format's empty values (#N/A, NULL, -, ...), compared in any case."""
    empties = literal_list(sorted({v.casefold() for v in load_format(format_name).workbook.empty_values}))
    return f"CASE WHEN {trimmed_sql} = '' OR lower({trimmed_sql}) IN {empties} THEN NULL ELSE {trimmed_sql} END"


# The text a coded answer is compared as (description.normalised, in SQL): case folded,
# repeated white space as one space. The text face is already trimmed.
_ANSWER_TEXT = r"lower(regexp_replace({text}, '\s+', ' ', 'g'))"

# Excel's serial day numbers (1900 date system): day 1 is 1900-01-01, so a serial n is
# 1899-12-30 + n from 1 March 1900 on (Excel counts a 29 February 1900 that never was); up to
# 9999-12-31. A fraction is the time of day, dropped.
_SERIAL = r"[0-9]{1,7}(\.[0-9]+)?"
_LAST_SERIAL = 2958465

# How each strptime directive of a text date form is shaped, to pick the form before parsing.
_DIRECTIVE_SHAPES = {
    "%d": "[0-9]{1,2}", "%m": "[0-9]{1,2}", "%Y": "[0-9]{4}", "%y": "[0-9]{2}",
    "%H": "[0-9]{1,2}", "%M": "[0-9]{2}", "%S": "[0-9]{2}",
}


def _shape(text_format: str) -> str:
    """A regular expression a text in the strptime form must fully match."""
    parts = re.split(r"(%[a-zA-Z])", text_format)
    return "".join(
        _DIRECTIVE_SHAPES[p] if p in _DIRECTIVE_SHAPES else re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", p)
        for p in parts
    )


def _answer(codes: CodeList, forms: tuple[re.Pattern[str], ...]) -> str:
    """SQL over {text}: the code a coded answer means in the first form that gives one of the
    list's spellings (WorkbookRules.answer), else NULL."""
    spellings = ", ".join(f"{literal(s)}: {literal(c)}" for s, c in codes.code_of_spelling.items())
    lookups = []
    for form in forms:
        group = form.groupindex["answer"]
        pattern = form.pattern.replace("(?P<answer>", "(")
        lookups.append(
            f"(MAP {{{spellings}}})[trim(regexp_extract({_ANSWER_TEXT}, {literal(pattern)}, {group}))]"
        )
    return f"coalesce({', '.join(lookups)})"


@cache
def _workbook_parsers(format_name: str) -> Mapping[Kind, Parser]:
    description: FormatDescription = load_format(format_name)
    rules = description.workbook
    dates = "\n".join(
        f"    WHEN regexp_full_match({{text}}, {literal(_shape(f))}) "
        f"THEN CAST(try_strptime({{text}}, {literal(f)}) AS DATE)"
        for f in rules.date_text_formats
    )
    serials = (
        f"\n    WHEN regexp_full_match({{text}}, '{_SERIAL}') "
        f"AND TRY_CAST({{text}} AS DOUBLE) BETWEEN 1 AND {_LAST_SERIAL} "
        "THEN DATE '1899-12-30' + CAST(floor(CAST({text} AS DOUBLE)) AS INTEGER)"
        if rules.date_serials
        else ""
    )
    flag = _answer(description.flag_answers, rules.answer_forms)
    return {
        # 9212044.0 (an id written as a number) is 9212044.
        Kind.IDENTIFIER: Parser("VARCHAR", r"regexp_replace({text}, '^([0-9]+)\.0+$', '\1')"),
        Kind.TEXT: Parser("VARCHAR", "{text}"),
        # The code list is the column's: the parser is made per column (workbook_code_parser).
        Kind.CODE: Parser(
            "VARCHAR",
            "{answer}",
            "not one of the <code list> (<codes>), in any of the forms a workbook writes them",
        ),
        Kind.DATE: Parser(
            "DATE",
            f"CASE\n{dates}{serials}\nEND",
            "not a date (expected a date cell, or text as DD/MM/YYYY, D/M/YY or YYYY-MM-DD, or an "
            "Excel serial number)",
        ),
        Kind.FLAG: Parser(
            "BOOLEAN",
            f"CASE {flag} WHEN 'true' THEN true WHEN 'false' THEN false END",
            "not a yes/no answer (expected Yes or No: Y/N, 1/0, True/False and a) Yes also do)",
            unreadable_when=(
                f"{{text}} IS NOT NULL AND {{column}} IS NULL AND coalesce({flag}, '') <> 'unknown'"
            ),
        ),
        Kind.INTEGER: Parser(
            "INTEGER",
            r"CASE WHEN regexp_full_match({text}, '[+-]?[0-9]{1,9}(\.0+)?') "
            r"THEN CAST(split_part({text}, '.', 1) AS INTEGER) END",
            "not a whole number",
        ),
    }


def column_parser(format_name: str, column) -> Parser:
    """The parser of a column of the format (an extract_format.Column): a workbook's code
    column reads its own code list's answers."""
    if format_name != SSD.name and column.kind is Kind.CODE:
        if load_format(format_name).workbook is None:
            return _xml_code_parser(format_name, column.codes.key)
        return _code_parser(format_name, column.codes.key)
    return parsers_for(format_name)[column.kind]


@cache
def _code_parser(format_name: str, codes_key: str) -> Parser:
    description = load_format(format_name)
    base = _workbook_parsers(format_name)[Kind.CODE]
    answer = _answer(description.code_lists[codes_key], description.workbook.answer_forms)
    return Parser(base.sql_type, base.template.replace("{answer}", answer), base.invalid)


@cache
def _xml_code_parser(format_name: str, codes_key: str) -> Parser:
    """An XML format's code column: the code its text spells, in any case (`1` is sex M)."""
    codes = load_format(format_name).code_lists[codes_key]
    spellings = ", ".join(f"{literal(s)}: {literal(c)}" for s, c in codes.code_of_spelling.items())
    base = _xml_parsers(format_name)[Kind.CODE]
    return Parser(
        base.sql_type,
        base.template.replace("{answer}", f"(MAP {{{spellings}}})[lower({{text}})]"),
        base.invalid,
    )
