"""What quarantined rows mean for the figures, in a leader's words: "3 assessments were left out
of 9 figures because their dates could not be read".

The loader's rule words (docs/extract-format.md, "Row-level faults") are matched to a reason a
leader understands; a table is named by what its rows are; the figures it touches are the
metrics whose catalogue `source_tables` name it. A rule the app does not know is quoted as it
is, so nothing is ever hidden.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

# What one row of each extract table is: (one, many).
TABLE_NOUNS = {
    "ssd_person": ("child", "children"),
    "ssd_disability": ("disability record", "disability records"),
    "ssd_contacts": ("contact", "contacts"),
    "ssd_cin_episodes": ("referral", "referrals"),
    "ssd_cin_assessments": ("assessment", "assessments"),
    "ssd_assessment_factors": ("assessment's factors", "assessments' factors"),
    "ssd_cin_plans": ("child in need plan", "child in need plans"),
    "ssd_cin_visits": ("visit", "visits"),
    "ssd_s47_enquiry": ("section 47 enquiry", "section 47 enquiries"),
    "ssd_initial_cp_conference": ("initial child protection conference", "initial child protection conferences"),
    "ssd_cp_plans": ("child protection plan", "child protection plans"),
    "ssd_cp_visits": ("child protection visit", "child protection visits"),
    "ssd_cp_reviews": ("child protection review", "child protection reviews"),
    "ssd_professionals": ("worker", "workers"),
    "ssd_department": ("team", "teams"),
    "ext_strategy_discussions": ("strategy discussion", "strategy discussions"),
    "ext_case_notes": ("case note", "case notes"),
    "ext_prevent_referrals": ("Prevent referral", "Prevent referrals"),
    "ext_homeless_presentations": ("homeless presentation", "homeless presentations"),
    "ext_direct_payments": ("direct payment", "direct payments"),
    "ext_case_audits": ("practice audit", "practice audits"),
}
# The loader's rule words (a pattern) and why, in words, the rows were left out.
REASONS = (
    (r"^not a valid date", "their dates could not be read"),
    (r"^not a valid flag", "a yes/no answer could not be read"),
    (r"^not a whole number", "a number could not be read"),
    (r"^not a JSON array", "a list of codes could not be read"),
    (r"^required value is empty", "a value that must be there was empty"),
    (r"^not one of the", "they hold a code that is not on its list"),
    (r"^holds a code that is not one of", "they hold a code that is not on its list"),
    (r"^identifier is longer than", "an id was too long to be real"),
    (r"^identifier appears more than once", "the same id appears more than once"),
    (r"^end date is before its start date", "they end before they start"),
    (r"^date is after the extract date", "they are dated after the extract date"),
    (r"^date is before its (.+) started", "they are dated before the {0} they follow started"),
    (r"^child is not in ssd_person", "the child they name is not in the extract, or was held back"),
    (r"^(.+) is not in \w+, or its row there was quarantined", "the {0} they belong to is missing, or was held back"),
)
EVERY_FIGURE_TABLE = "ssd_person"


@dataclass(frozen=True)
class Consequence:
    sentence: str
    figures: tuple[str, ...]  # the titles of the metrics that lost the rows


def reason(rule: str) -> str:
    for pattern, words in REASONS:
        match = re.match(pattern, rule)
        if match:
            return words.format(*match.groups())
    return f"they broke the rule “{rule}”"


def _tables(value: object) -> list[str]:
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v) for v in value]
    return []


def figures_reading(table: str, catalogue_rows: pd.DataFrame) -> list[str]:
    """The titles of the metrics that read the table, in catalogue order."""
    if catalogue_rows.empty or "source_tables" not in catalogue_rows:
        return []
    reads = catalogue_rows["source_tables"].map(lambda tables: table in _tables(tables))
    return catalogue_rows.loc[reads, "title"].tolist()


def _each_reason(rules: pd.DataFrame) -> str:
    """'30 because ..., 20 because ... and 7 because ...' (a row can break several rules)."""
    parts = []
    for row in rules.itertuples():
        parts.append(f"{int(row.quarantined_rows):,} because {reason(row.rule)}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def consequences(counts: pd.DataFrame, catalogue_rows: pd.DataFrame, rows_by_table: dict[str, int] | None = None) -> list[Consequence]:
    """One sentence per table of a load's quarantine (serving_db.quarantine_counts: rows by
    table and rule), most rows first. `rows_by_table`: the rows each table held back (a row
    breaking two rules counts once; the ledger's count), else the largest count of a rule."""
    totals = counts.groupby("table_name")["quarantined_rows"].max().to_dict()
    totals.update({t: n for t, n in (rows_by_table or {}).items() if n and t in totals})
    said = []
    for table in sorted(totals, key=lambda name: (-totals[name], name)):
        rules = counts[counts["table_name"] == table].sort_values("quarantined_rows", ascending=False, kind="stable")
        rows = int(totals[table])
        one, many = TABLE_NOUNS.get(table, (f"row of {table}", f"rows of {table}"))
        noun, verb = (one, "was") if rows == 1 else (many, "were")
        why = (f"because {reason(rules['rule'].iloc[0])}" if len(rules) == 1 else f"({_each_reason(rules)})")
        if table == EVERY_FIGURE_TABLE:
            joined = f" {why}" if why.startswith("(") else f", {why}"
            said.append(Consequence(f"{rows:,} {noun} {verb} left out of every figure, with all their records{joined}.", ()))
            continue
        figures = figures_reading(table, catalogue_rows)
        if figures:
            what = "1 figure" if len(figures) == 1 else f"{len(figures)} figures"
            sentence = f"{rows:,} {noun} {verb} left out of {what} {why}."
        else:
            sentence = f"{rows:,} {noun} {verb} left out {why}; no figure reads them directly."
        said.append(Consequence(sentence, tuple(figures)))
    return said
