"""Sign-in: who is looking, through the authority's own identity provider, and their role.

Streamlit's OpenID Connect login does the signing in (`st.login`, configured by the `[auth]`
section of its secrets file: Entra ID, Google, Okta or any OIDC provider); the project stores
no password. The ID token's claims name the person and their groups; app.access_settings
turns them into a role. Until all of that holds, the app shows no data at all:

- no `[auth]` section: "sign-in is not set up" (a deployment without sign-in is closed, never
  open);
- not signed in: a sign-in button;
- the access settings file is broken: what is wrong with it;
- signed in but given no role: "ask your administrator".

There is no switch that lets anyone in without the identity provider. Tests of the pages run
as a given person the way Streamlit's own testing does (`AppTest.user` with an `[auth]`
section in `AppTest.secrets`), which only exists inside a test process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from app import access_log, access_settings
from app.access_log import AccessLogError
from app.access_settings import AccessSettingsError
from app.roles import ROLE_WORDS, Viewer

APP_TITLE = "Children's social care: focused visit improvement"
_SIGN_INS_RECORDED: set[tuple[str, str]] = set()
_SIGN_INS_LOCK = threading.Lock()
ASK_YOUR_ADMINISTRATOR = (
    "This app has no access for you yet. Ask your administrator: they decide who may see what."
)


def sign_in_configured() -> bool:
    """Whether the secrets hold an `[auth]` section (Streamlit checks the rest of it)."""
    try:
        return "auth" in st.secrets
    except StreamlitSecretNotFoundError:
        return False


def require_viewer() -> Viewer:
    """The signed-in viewer with their role; otherwise draw why not, and stop the page."""
    if not sign_in_configured():
        _closed(
            "Sign-in is not set up, so this app shows no data. It shows children's case data "
            "only to people signed in through the authority's identity provider: an "
            "administrator configures it (see \"Sign-in and roles\" in the README)."
        )
    if st.user.get("is_logged_in") is not True:
        st.title(APP_TITLE)
        st.write("Sign in with your council account to see the figures and the work lists.")
        if st.button("Sign in", type="primary", key="sign_in"):
            st.login()
        st.stop()
    try:
        settings = access_settings.load()
    except AccessSettingsError as error:
        _closed(f"The access settings cannot be used, so no one sees data until they are put right. {error}",
                signed_in=True)
    user = _claim_text(st.user.get(settings.user_claim))
    viewer = settings.viewer(user, _claim_list(st.user.get(settings.groups_claim)),
                             name=_claim_text(st.user.get("name")) or None)
    try:
        if viewer is None:
            access_log.record(user, None, "refused", once_per_session=True)
            _closed(ASK_YOUR_ADMINISTRATOR + (f" You are signed in as {user}." if user else
                    f" Your sign-in did not say who you are (no {settings.user_claim!r} claim)."),
                    signed_in=True)
        _record_sign_in(viewer, st.user.get("iat"))
    except AccessLogError as error:
        _closed(str(error), signed_in=True)
    return viewer


def _record_sign_in(viewer: Viewer, issued_at: object) -> None:
    """One record for each sign-in: a sign-in is an ID token, known by when it was issued, so
    reloading the page or opening another tab is not a new one (without that claim, one a
    browser session)."""
    if issued_at is None:
        access_log.record(viewer.user, str(viewer.role), "sign in", once_per_session=True)
        return
    key = (viewer.user, str(issued_at))
    with _SIGN_INS_LOCK:
        if key in _SIGN_INS_RECORDED:
            return
        access_log.record(viewer.user, str(viewer.role), "sign in")
        _SIGN_INS_RECORDED.add(key)


def render_sidebar(viewer: Viewer) -> None:
    st.sidebar.caption(f"Signed in as **{viewer.name or viewer.user}**  \n{ROLE_WORDS[viewer.role]}")
    if st.sidebar.button("Sign out", key="sign_out"):
        st.logout()


def _closed(message: str, signed_in: bool = False) -> None:
    """A page with nothing on it but why, and (when signed in) a way to sign out."""
    st.title(APP_TITLE)
    st.info(message)
    if signed_in and st.button("Sign out", key="sign_out"):
        st.logout()
    st.stop()


def _claim_text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _claim_list(value: object) -> list[str]:
    """A groups claim: a list of names (some providers send one name as a string)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, (bytes, dict)):
        return [str(item) for item in value]
    return []
