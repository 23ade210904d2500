"""An authority's teams and practitioners (``ssd_department``, ``ssd_professionals``).

The number of assessment, family support and child protection teams grows with the
authority's referral volume; each team has one manager and a handful of social workers.
Every team and worker also carries a fixed *tendency* (a standard score) that the practice
profile scales: in a struggling authority the teams' and workers' thresholds for holding a
conference, and the teams' assessment pace, drift far apart; in a typical one they barely
differ.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SERVICES = (
    ("S01", "Assessment and Intervention Service"),
    ("S02", "Safeguarding and Family Support Service"),
    ("S03", "Disabled Children's Service"),
)
JOB_TITLES = (
    "Team Manager", "Social Worker", "Senior Social Worker", "Advanced Practitioner",
    "Family Support Worker",
)


@dataclass(frozen=True)
class Workforce:
    team_ids: tuple[str, ...]
    team_names: tuple[str, ...]
    team_service: np.ndarray  # index into SERVICES per team
    assessment_teams: np.ndarray
    disability_team: int
    family_support_teams: np.ndarray
    child_protection_teams: np.ndarray
    front_door_team: int
    team_tendency: np.ndarray  # standard score per team
    worker_team: np.ndarray  # team per worker (worker id = position)
    worker_title: np.ndarray  # index into JOB_TITLES
    worker_tendency: np.ndarray
    manager_of_team: np.ndarray
    first_worker_of_team: np.ndarray  # practitioners of a team are contiguous, after its manager
    workers_in_team: np.ndarray  # practitioners per team, managers not counted

    def pick_worker(self, rng: np.random.Generator, teams: np.ndarray) -> np.ndarray:
        """A practitioner (never the manager) of each given team, uniformly."""
        teams = np.asarray(teams, dtype=np.int64)
        draw = np.floor(rng.random(teams.shape) * self.workers_in_team[teams]).astype(np.int64)
        return self.first_worker_of_team[teams] + draw

    def team_labels(self, with_department: bool) -> tuple[str, ...]:
        """What team columns hold: the team id when ``ssd_department`` is sent, else its name."""
        return self.team_ids if with_department else self.team_names


def build_workforce(rng: np.random.Generator, referrals_per_year: int) -> Workforce:
    assessment = int(np.clip(round(referrals_per_year / 900), 2, 8))
    family_support = int(np.clip(round(referrals_per_year / 1200), 1, 6))
    child_protection = int(np.clip(round(referrals_per_year / 1750), 1, 4))
    names: list[str] = []
    service: list[int] = []
    practitioners: list[int] = []

    def add(name: str, service_index: int, size: int) -> int:
        names.append(name)
        service.append(service_index)
        practitioners.append(size)
        return len(names) - 1

    assessment_teams = [add(f"Assessment Team {i + 1}", 0, 6) for i in range(assessment)]
    front_door = add("Multi-Agency Safeguarding Hub", 0, 4)
    disability = add("Children with Disabilities Team", 2, 6)
    family_support_teams = [add(f"Family Support Team {i + 1}", 1, 5) for i in range(family_support)]
    protection_teams = [add(f"Child Protection Team {i + 1}", 1, 5) for i in range(child_protection)]

    team_count = len(names)
    sizes = np.array(practitioners, dtype=np.int64)
    # Each team: its manager first, then its practitioners.
    manager_of_team = np.concatenate([[0], np.cumsum(sizes + 1)[:-1]])
    first_worker = manager_of_team + 1
    worker_team = np.repeat(np.arange(team_count), sizes + 1)
    is_manager = np.zeros(len(worker_team), dtype=bool)
    is_manager[manager_of_team] = True
    titles = rng.choice(np.arange(1, len(JOB_TITLES)), size=len(worker_team), p=[0.55, 0.25, 0.1, 0.1])
    titles[is_manager] = 0
    # Assessment teams' tendencies are spread evenly so that every authority's teams differ.
    tendency = rng.normal(0.0, 0.3, team_count)
    tendency[assessment_teams] = rng.permutation(np.linspace(-1.0, 1.0, assessment))
    return Workforce(
        team_ids=tuple(f"T{i + 1:02d}" for i in range(team_count)),
        team_names=tuple(names),
        team_service=np.array(service, dtype=np.int64),
        assessment_teams=np.array(assessment_teams, dtype=np.int64),
        disability_team=disability,
        family_support_teams=np.array(family_support_teams, dtype=np.int64),
        child_protection_teams=np.array(protection_teams, dtype=np.int64),
        front_door_team=front_door,
        team_tendency=tendency,
        worker_team=worker_team,
        worker_title=titles,
        worker_tendency=rng.normal(0.0, 1.0, len(worker_team)),
        manager_of_team=manager_of_team,
        first_worker_of_team=first_worker,
        workers_in_team=sizes,
    )
