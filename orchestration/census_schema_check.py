"""The optional check of a CIN census return against the DfE schema (XSD) of its year.

An authority that has the DfE's schema for a collection year puts it in the schema folder
(CSC_CIN_CENSUS_SCHEMA_DIR), named `cin_census_<year>.xsd` for the year its returns' reference
date ends (`cin_census_2024.xsd` for returns to 31 March 2024), with any schemas it includes
beside it. A return of that year is then validated by xmlschema, streaming (lazy), after the
safe reader has accepted it; each schema error becomes a note on the data quality page beside
the warehouse's own rules (audit.value_notes, table `cin_census`). Schema errors do not cost a
record: the warehouse's rules decide what is quarantined. Without a schema for the year, or
without a schema folder, the warehouse's rules alone apply.

Neither the schema nor the return may reach outside the schema folder or the return's own
folder (xmlschema's `sandbox`), and both are parsed defused: no entity is expanded, nothing is
fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orchestration.census_format import CIN_CENSUS

# At most this many errors are noted per return; the last note says how many more there were.
MAX_NOTED_ERRORS = 500
_ROOT_PREFIX = f"/{CIN_CENSUS.delivery['root']}/"


@dataclass(frozen=True)
class SchemaError:
    element: str  # the element's path, without numbers: Children/Child/CINdetails/CINreferralDate
    value: str | None  # the value that broke it, when the error is about one
    rule: str  # in plain words, naming the schema file


def schema_file(schema_dir: Path | None, reference_year: int) -> Path | None:
    """The schema of returns whose reference date is in the year, when the folder has one."""
    if schema_dir is None:
        return None
    candidate = schema_dir / f"cin_census_{reference_year}.xsd"
    return candidate if candidate.is_file() else None


def schema_errors(return_path: Path, schema_path: Path) -> list[SchemaError]:
    """The return's schema errors (at most MAX_NOTED_ERRORS, then one saying how many more).
    A schema that cannot be read is one error, naming it: the authority's file to put right."""
    import xmlschema  # only here: most refreshes check no return against a schema (0.2 s)

    try:
        schema = xmlschema.XMLSchema(str(schema_path), allow="sandbox", defuse="always")
    except Exception as error:  # xmlschema's many parse and model errors
        return [
            SchemaError(
                "",
                None,
                f"the schema {schema_path.name} could not be read, so the return was not "
                f"checked against it: {_first_line(error)}",
            )
        ]
    resource = xmlschema.XMLResource(
        str(return_path), defuse="always", lazy=True, allow="sandbox"
    )
    errors: list[SchemaError] = []
    more = 0
    for error in schema.iter_errors(resource):
        if len(errors) >= MAX_NOTED_ERRORS:
            more += 1
            continue
        errors.append(
            SchemaError(
                (error.path or "").removeprefix(_ROOT_PREFIX).removeprefix("Children/"),
                error.obj if isinstance(error.obj, str) else None,
                f"does not follow the DfE schema {schema_path.name}: "
                f"{_first_line(error.reason or error.message)}",
            )
        )
    if more:
        errors.append(
            SchemaError("", None, f"and {more} more errors against {schema_path.name}, not listed")
        )
    return errors


def _first_line(error: object) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
