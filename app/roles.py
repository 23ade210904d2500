"""Who may see what: the four roles and what each one sees, written once.

- `leader`: every aggregate page (overview, explorer, teams and workers, data quality counts,
  definitions); never a case-level row.
- `manager`: the aggregates, and the case-level rows (work lists, the cases behind a number) of
  their own teams only. Quarantined records carry no team, so they are not a manager's.
- `auditor`: everything, read-only, the quarantined records and the access log included.
- `data engineer`: everything. The app has no action that changes data, so in the app an
  engineer sees what an auditor sees; the difference is outside it (the Dagster UI, the files).

A `Viewer` is a signed-in person with their role: app.access_settings makes one from the
identity provider's claims, and every function that returns case-level rows takes one
(app.case_rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    LEADER = "leader"
    MANAGER = "manager"
    AUDITOR = "auditor"
    DATA_ENGINEER = "data engineer"


# How much a role sees, for combining the roles of several identity groups: the widest wins.
BREADTH = {Role.LEADER: 0, Role.MANAGER: 1, Role.AUDITOR: 2, Role.DATA_ENGINEER: 3}
ROLE_WORDS = {
    Role.LEADER: "Leader: every aggregate figure, no case-level rows",
    Role.MANAGER: "Manager: the aggregates, and the cases of your own teams",
    Role.AUDITOR: "Auditor: everything, read-only, with the access log",
    Role.DATA_ENGINEER: "Data engineer: everything",
}


@dataclass(frozen=True)
class TeamGrant:
    """One team a manager answers for; `la_code` None means that team name in any authority."""

    team: str
    la_code: str | None = None


@dataclass(frozen=True)
class Viewer:
    user: str  # the identity the provider vouched for (an email address, lower case)
    role: Role
    teams: frozenset[TeamGrant] = field(default_factory=frozenset)
    name: str | None = None

    @property
    def sees_case_rows(self) -> bool:
        return self.role is not Role.LEADER

    @property
    def sees_every_case(self) -> bool:
        """Every case-level row, whatever its team, quarantined records included."""
        return self.role in (Role.AUDITOR, Role.DATA_ENGINEER)

    @property
    def sees_access_log(self) -> bool:
        return self.role in (Role.AUDITOR, Role.DATA_ENGINEER)

    def teams_in(self, la_code: str) -> frozenset[str]:
        """The teams whose case rows a manager sees in an authority (none for other roles:
        a leader sees no team's rows, an auditor or engineer is not limited to teams)."""
        if self.role is not Role.MANAGER:
            return frozenset()
        return frozenset(g.team for g in self.teams if g.la_code in (None, la_code))

    def label(self) -> str:
        return f"{self.name or self.user} ({self.role})"
