"""The access settings file: people and groups to roles, combined as documented, mistakes refused."""

import shutil
import tomllib
from pathlib import Path

import pytest

from app import access_settings
from app.access_settings import AccessSettingsError, parse
from app.roles import Role, TeamGrant, Viewer
from tests.app.conftest import ACCESS_SETTINGS

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "access.example.toml"


def settings(text: str):
    return parse(tomllib.loads(text))


def test_a_person_named_in_the_file_gets_their_entry_whatever_their_groups():
    chosen = settings('''
        [users."jo@council.example"]
        role = "leader"
        [groups."CSC auditors"]
        role = "auditor"
    ''')
    # Matched without regard to case; the person's own entry narrows their wide group.
    assert chosen.viewer("Jo@Council.Example", ["CSC auditors"]) == Viewer("jo@council.example", Role.LEADER)
    assert chosen.viewer("sam@council.example", ["CSC auditors"]) == Viewer("sam@council.example", Role.AUDITOR)


def test_groups_combine_to_the_widest_role_and_a_managers_teams_are_every_group_s():
    chosen = settings('''
        [groups.leaders]
        role = "leader"
        [groups.assessment-managers]
        role = "manager"
        teams = ["Assessment Team 1"]
        authority = 901
        [groups.cp-managers]
        role = "manager"
        teams = ["Child Protection Team 2"]
    ''')
    viewer = chosen.viewer("ali@council.example", ["leaders", "assessment-managers", "cp-managers", "other"])
    assert viewer.role is Role.MANAGER
    assert viewer.teams == {TeamGrant("Assessment Team 1", "901"), TeamGrant("Child Protection Team 2")}
    assert viewer.teams_in("901") == {"Assessment Team 1", "Child Protection Team 2"}
    assert viewer.teams_in("902") == {"Child Protection Team 2"}
    assert chosen.viewer("ali@council.example", ["leaders"]).role is Role.LEADER


def test_nobody_has_a_role_unless_the_file_gives_them_one(monkeypatch, tmp_path):
    chosen = settings('[groups.auditors]\nrole = "auditor"')
    assert chosen.viewer("stranger@council.example", ["everyone"]) is None
    assert chosen.viewer("", ["auditors"]) is None
    monkeypatch.setenv("CSC_ACCESS_PATH", str(tmp_path / "absent.toml"))
    assert access_settings.load().viewer("stranger@council.example", ["auditors"]) is None


@pytest.mark.parametrize(("text", "message"), [
    ('[users."a@b"]\nrole = "admin"', r"role must be one of \['leader', 'manager', 'auditor', 'data engineer'\], not 'admin'"),
    ('[users."a@b"]\nrole = "manager"', r"a manager needs teams"),
    ('[users."a@b"]\nrole = "leader"\nteams = ["Team A"]', r"only a manager has teams .* a leader sees no case-level rows"),
    ('[users."a@b"]\nrole = "manager"\nteam = ["Team A"]', r"unknown key\(s\) \['team'\]"),
    ('[people."a@b"]\nrole = "leader"', r"unknown section\(s\) \['people'\]"),
    ('[identity]\ngroup_claim = "roles"', r"\[identity\] has unknown key\(s\) \['group_claim'\]"),
])
def test_a_mistake_is_refused_in_plain_words(text, message):
    with pytest.raises(AccessSettingsError, match=message):
        settings(text)


def test_a_change_to_the_file_applies_at_once(monkeypatch, tmp_path):
    path = tmp_path / "access.toml"
    monkeypatch.setenv("CSC_ACCESS_PATH", str(path))
    path.write_text('[users."a@b.example"]\nrole = "leader"\n')
    assert access_settings.load().viewer("a@b.example").role is Role.LEADER
    path.write_text('[users."a@b.example"]\nrole = "auditor"   # now an auditor\n')
    assert access_settings.load().viewer("a@b.example").role is Role.AUDITOR
    path.write_text("[users\n")
    with pytest.raises(AccessSettingsError, match="could not be read"):
        access_settings.load()


def test_the_documented_example_and_the_test_settings_are_valid(monkeypatch, tmp_path):
    for source in (EXAMPLE, ACCESS_SETTINGS):
        copy = tmp_path / source.name
        shutil.copyfile(source, copy)
        monkeypatch.setenv("CSC_ACCESS_PATH", str(copy))
        assert access_settings.load().users
