"""Sign-in for the demo: a local identity provider with one demo person per role.

`make demo` runs two steps of this module:

    python -m app.demo_sign_in settings --folder data/demo --app-url http://localhost:8501 \
        --provider-port 9400
    python -m app.demo_sign_in provider --port 9400

The first writes, into the folder (git-ignored, created owner-only):

- `secrets.toml`: Streamlit's `[auth]` section pointing at the local provider, with a cookie
  secret and a client id and secret made afresh (the app is started with
  `--secrets.files <folder>/secrets.toml`, so no secret is ever in the repository);
- `access.toml`: the demo people's roles (the app reads it through CSC_ACCESS_PATH).

The second runs `oidc-provider-mock` on 127.0.0.1 with the demo people, each a button on its
sign-in page. Its pages ask for a stylesheet from a CDN; a Content-Security-Policy header keeps
the browser from sending that request, so signing in sends nothing off the machine either. It
is for trying the app, never for a deployment: it signs in whoever is chosen. A real
deployment points `[auth]` at the authority's own provider (README: "Sign-in and roles").
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROVIDER_HOST = "127.0.0.1"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    groups: tuple[str, ...] = ()
    role: str | None = None  # given to the person themselves; None: only through their groups
    teams: tuple[str, ...] = field(default=())

    def claims(self) -> dict[str, object]:
        """The ID token's claims the provider issues for this person."""
        return {"email": self.email, "name": self.name, "groups": list(self.groups)}


# The synthetic authority's teams are named by seeds/workforce.py ("Assessment Team 1", ...).
DEMO_PEOPLE = (
    DemoPerson("leader@demo.example", "Dana Leader (director)", role="leader"),
    DemoPerson("manager@demo.example", "Morgan Manager (Assessment Team 1)", role="manager",
               teams=("Assessment Team 1",)),
    DemoPerson("auditor@demo.example", "Ari Auditor (through the group csc-auditors)", groups=("csc-auditors",)),
    DemoPerson("engineer@demo.example", "Eli Engineer (through the group csc-data-team)", groups=("csc-data-team",)),
    DemoPerson("visitor@demo.example", "Vic Visitor (no role: sees 'ask your administrator')"),
)
DEMO_GROUPS = {"csc-auditors": "auditor", "csc-data-team": "data engineer"}


# The provider's own pages only: no stylesheet or script from elsewhere.
PROVIDER_CONTENT_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"


def provider_command(port: int) -> list[str]:
    """The command that runs the local provider with the demo people on 127.0.0.1:`port`."""
    return [sys.executable, "-m", "app.demo_sign_in", "provider", "--port", str(port)]


def run_provider(port: int, people: Sequence[DemoPerson] = DEMO_PEOPLE) -> None:
    """Serve the provider on 127.0.0.1 until stopped."""
    import oidc_provider_mock
    import uvicorn

    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http, on this machine only
    provider = oidc_provider_mock.app(
        user_claims=[oidc_provider_mock.User(sub=p.email, claims=p.claims()) for p in people]
    )

    @provider.after_request
    def nothing_from_elsewhere(response):
        response.headers["Content-Security-Policy"] = PROVIDER_CONTENT_POLICY
        return response

    uvicorn.run(provider, interface="wsgi", host=PROVIDER_HOST, port=port, log_level="warning")


def secrets_text(app_url: str, provider_port: int) -> str:
    """Streamlit's [auth] section for the local provider, with secrets made now."""
    values = {
        "redirect_uri": f"{app_url.rstrip('/')}/oauth2callback",
        "cookie_secret": secrets.token_urlsafe(32),
        "client_id": f"csc-warehouse-demo-{secrets.token_hex(4)}",
        "client_secret": secrets.token_urlsafe(24),
        "server_metadata_url": f"http://{PROVIDER_HOST}:{provider_port}/.well-known/openid-configuration",
    }
    lines = ["# Made by `python -m app.demo_sign_in settings` for the demo: never commit it.", "[auth]"]
    return "\n".join([*lines, *(f"{key} = {json.dumps(value)}" for key, value in values.items())]) + "\n"


def access_text(people: Sequence[DemoPerson] = DEMO_PEOPLE, groups: dict[str, str] = DEMO_GROUPS) -> str:
    """The demo's access settings (see docs/access.example.toml)."""
    lines = ["# The demo people's roles, made by `python -m app.demo_sign_in settings`.", ""]
    for person in people:
        if person.role is None:
            continue
        lines += [f"[users.{json.dumps(person.email)}]", f"role = {json.dumps(person.role)}"]
        if person.teams:
            lines.append(f"teams = {json.dumps(list(person.teams))}")
        lines.append("")
    for group, role in groups.items():
        lines += [f"[groups.{json.dumps(group)}]", f"role = {json.dumps(role)}", ""]
    return "\n".join(lines)


def write_settings(folder: Path, app_url: str, provider_port: int) -> tuple[Path, Path]:
    """Write secrets.toml and access.toml into `folder` (owner-only); their paths."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    written = []
    for name, text in (("secrets.toml", secrets_text(app_url, provider_port)), ("access.toml", access_text())):
        path = folder / name
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(path, 0o600)
        written.append(path)
    return written[0], written[1]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m app.demo_sign_in", description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    settings = steps.add_parser("settings", help="write the demo's secrets.toml and access.toml")
    settings.add_argument("--folder", type=Path, required=True)
    settings.add_argument("--app-url", required=True, help="the address people open the app at")
    settings.add_argument("--provider-port", type=int, required=True)
    provider = steps.add_parser("provider", help="run the local identity provider (127.0.0.1)")
    provider.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args(argv)
    if arguments.step == "settings":
        secrets_path, access_path = write_settings(arguments.folder.absolute(), arguments.app_url, arguments.provider_port)
        print(f"Demo sign-in: {secrets_path} and {access_path}")
    else:
        run_provider(arguments.port)


if __name__ == "__main__":
    main()
