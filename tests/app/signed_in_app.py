"""AppTest signed in as a given person: how the tests (and the benchmarks) run the app.

Streamlit's own testing signs a person in: `AppTest.user` holds the ID token's claims and
`AppTest.secrets` an `[auth]` section, as a real sign-in would. Nothing of it exists outside a
test process, so this is no way into a deployed app.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

# Who the tests sign in as: tests/app/access.toml gives each a role.
LEADER = "leader@test.example"
MANAGER = "manager@test.example"  # Team A of LA 901
ENGINEER = "engineer@test.example"
AUDITOR = "auditor@test.example"  # an auditor through the group "CSC auditors"
NOBODY = "nobody@test.example"  # signed in, but given no role
GROUPS = {AUDITOR: ["CSC auditors"], "team-b@test.example": ["Team B managers"]}
ACCESS_SETTINGS = Path(__file__).resolve().parent / "access.toml"
# Sign-in "configured" for AppTest; the values are never used, AppTest signs in through
# AppTest.user.
TEST_AUTH_SECRETS = {"auth": {
    "redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "not-a-real-secret",
    "client_id": "test", "client_secret": "test",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}}


def signed_in(app: AppTest, user: str | None) -> AppTest:
    """The app as `user` signed in through the identity provider (None: not signed in)."""
    app.secrets.update(TEST_AUTH_SECRETS)
    app.user = ({"is_logged_in": False} if user is None else
                {"is_logged_in": True, "email": user, "groups": GROUPS.get(user, [])})
    return app


def settings_environment(access_log: Path) -> dict[str, str]:
    """The environment that gives the people above their roles, with an access log of its own."""
    return {"CSC_ACCESS_PATH": str(ACCESS_SETTINGS), "CSC_ACCESS_LOG_PATH": str(access_log)}
