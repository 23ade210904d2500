"""The demo's sign-in settings: fresh secrets, owner-only, and one demo person per role."""

import stat
import tomllib

from app import access_settings
from app.demo_sign_in import DEMO_PEOPLE, write_settings
from app.roles import Role


def test_the_settings_give_each_demo_person_their_role(tmp_path, monkeypatch):
    secrets_path, access_path = write_settings(tmp_path / "demo", "http://127.0.0.1:8501", 9400)
    auth = tomllib.loads(secrets_path.read_text())["auth"]
    assert auth["redirect_uri"] == "http://127.0.0.1:8501/oauth2callback"
    assert auth["server_metadata_url"] == "http://127.0.0.1:9400/.well-known/openid-configuration"
    assert len(auth["cookie_secret"]) >= 32 and auth["client_secret"]

    monkeypatch.setenv("CSC_ACCESS_PATH", str(access_path))
    settings = access_settings.load()
    viewers = {p.email: settings.viewer(p.email, p.groups) for p in DEMO_PEOPLE}
    assert {email: (v.role, v.teams_in("901")) if v else None for email, v in viewers.items()} == {
        "leader@demo.example": (Role.LEADER, frozenset()),
        "manager@demo.example": (Role.MANAGER, frozenset({"Assessment Team 1"})),
        "auditor@demo.example": (Role.AUDITOR, frozenset()),
        "engineer@demo.example": (Role.DATA_ENGINEER, frozenset()),
        "visitor@demo.example": None,
    }


def test_secrets_are_made_afresh_and_kept_from_everyone_else(tmp_path):
    first = write_settings(tmp_path / "demo", "http://127.0.0.1:8501", 9400)[0].read_text()
    second, access = write_settings(tmp_path / "demo", "http://127.0.0.1:8501", 9400)
    assert tomllib.loads(first)["auth"]["cookie_secret"] != tomllib.loads(second.read_text())["auth"]["cookie_secret"]
    modes = {path.name: oct(stat.S_IMODE(path.stat().st_mode)) for path in (tmp_path / "demo", second, access)}
    assert modes == {"demo": "0o700", "secrets.toml": "0o600", "access.toml": "0o600"}

