"""The access settings file: which signed-in people and identity groups have which role.

The file is TOML (`docs/access.example.toml` is a documented example), at `CSC_ACCESS_PATH`
(default `access.toml` at the repository root, which git ignores):

    [identity]
    user_claim = "email"        # the ID-token claim that names the person
    groups_claim = "groups"     # the claim that lists their groups (Entra ID: groups or roles)

    [users."jo.bloggs@council.gov.uk"]
    role = "manager"
    teams = ["Assessment Team 1"]
    authority = "901"           # optional: those teams in this authority only

    [groups."CSC-Auditors"]
    role = "auditor"

How one person's role is decided: their own `[users]` entry, when there is one, decides alone
(so an administrator can narrow one member of a wide group). Otherwise every group of theirs
with an entry counts, and the widest role wins; a manager's teams are those of all their
manager groups. Anyone matched by nothing has no role and sees no data. Email addresses are
matched without regard to case; group names exactly as the provider sends them.

The file is read again whenever it changes, so a change applies at the next page view.
A mistake in it (an unknown role, a manager without teams, a misspelt key) is reported in plain
words and nobody sees data until it is put right: a broken file never means open access.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from app.roles import BREADTH, Role, TeamGrant, Viewer

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
PATH_VARIABLE = "CSC_ACCESS_PATH"
DEFAULT_PATH = REPOSITORY_ROOT / "access.toml"
ENTRY_KEYS = {"role", "teams", "authority"}
IDENTITY_KEYS = {"user_claim", "groups_claim"}


class AccessSettingsError(ValueError):
    """The access settings file cannot be used; the message says what to put right."""


@dataclass(frozen=True)
class Grant:
    role: Role
    teams: frozenset[TeamGrant] = frozenset()


@dataclass(frozen=True)
class AccessSettings:
    users: Mapping[str, Grant] = field(default_factory=dict)  # lower-case email -> grant
    groups: Mapping[str, Grant] = field(default_factory=dict)
    user_claim: str = "email"
    groups_claim: str = "groups"

    def viewer(self, user: str, groups: Iterable[str] = (), name: str | None = None) -> Viewer | None:
        """The viewer this person is, or None when the settings give them no role."""
        user = user.strip().lower()
        if not user:
            return None
        own = self.users.get(user)
        grants = [own] if own is not None else [self.groups[g] for g in groups if g in self.groups]
        if not grants:
            return None
        role = max((g.role for g in grants), key=BREADTH.__getitem__)
        teams = frozenset(t for g in grants if g.role is role for t in g.teams)
        return Viewer(user=user, role=role, teams=teams, name=name)


def settings_path() -> Path:
    configured = os.environ.get(PATH_VARIABLE, "").strip()
    return Path(configured).expanduser().absolute() if configured else DEFAULT_PATH


def load() -> AccessSettings:
    """The settings in force: no file means nobody has a role (AccessSettings())."""
    path = settings_path()
    try:
        status = path.stat()
    except FileNotFoundError:
        return AccessSettings()
    return _parsed(str(path), status.st_ino, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=4)
def _parsed(path: str, inode: int, modified_ns: int, size: int) -> AccessSettings:
    """The file read and checked; the file's identity is in the key so a change is read anew."""
    del inode, modified_ns, size
    try:
        with open(path, "rb") as file:
            document = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise AccessSettingsError(f"The access settings file {path} could not be read: {error}") from error
    return parse(document, path)


def parse(document: Mapping[str, object], source: str = "the access settings") -> AccessSettings:
    unknown = set(document) - {"identity", "users", "groups"}
    if unknown:
        raise AccessSettingsError(
            f"{source}: unknown section(s) {sorted(unknown)}; expected [identity], [users.\"...\"] "
            "and [groups.\"...\"]."
        )
    identity = _table(document.get("identity", {}), f"{source}: [identity]")
    if set(identity) - IDENTITY_KEYS:
        raise AccessSettingsError(
            f"{source}: [identity] has unknown key(s) {sorted(set(identity) - IDENTITY_KEYS)}; "
            f"expected {sorted(IDENTITY_KEYS)}."
        )
    users = {
        email.strip().lower(): _grant(entry, f'{source}: [users."{email}"]')
        for email, entry in _table(document.get("users", {}), f"{source}: [users]").items()
    }
    groups = {
        group: _grant(entry, f'{source}: [groups."{group}"]')
        for group, entry in _table(document.get("groups", {}), f"{source}: [groups]").items()
    }
    return AccessSettings(
        users=users,
        groups=groups,
        user_claim=_text(identity.get("user_claim", "email"), f"{source}: [identity] user_claim"),
        groups_claim=_text(identity.get("groups_claim", "groups"), f"{source}: [identity] groups_claim"),
    )


def _grant(entry: object, where: str) -> Grant:
    entry = _table(entry, where)
    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        raise AccessSettingsError(f"{where} has unknown key(s) {sorted(unknown)}; expected {sorted(ENTRY_KEYS)}.")
    roles = [r.value for r in Role]
    if entry.get("role") not in roles:
        raise AccessSettingsError(f"{where}: role must be one of {roles}, not {entry.get('role')!r}.")
    role = Role(entry["role"])
    teams = entry.get("teams", [])
    authority = entry.get("authority")
    if role is not Role.MANAGER:
        if teams or authority is not None:
            raise AccessSettingsError(
                f"{where}: only a manager has teams or an authority; a {role} sees "
                f"{'no case-level rows' if role is Role.LEADER else 'every team'}."
            )
        return Grant(role)
    if not isinstance(teams, list) or not teams or not all(isinstance(t, str) and t.strip() for t in teams):
        raise AccessSettingsError(f'{where}: a manager needs teams = ["Team name", ...] (the names the work lists show).')
    if isinstance(authority, int) and not isinstance(authority, bool):
        authority = str(authority)  # authority = 901 written without quotes
    if authority is not None:
        authority = _text(authority, f"{where} authority")
    return Grant(role, frozenset(TeamGrant(t.strip(), authority) for t in teams))


def _table(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise AccessSettingsError(f"{where} must be a table of settings, not {value!r}.")
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AccessSettingsError(f"{where} must be a non-empty text, not {value!r}.")
    return value.strip()
