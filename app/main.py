"""Entry page of the app: `python -m app.server` (app/server.py), or `streamlit run app/main.py`.

Signs the viewer in (app.sign_in) before anything is read, offers the pages their role opens,
draws the choice of the figures' publication (the latest, or one kept: app.publication_choice)
and the authority selector, then runs the chosen page, under a note naming the publication when
it is not the latest. A serving database that cannot answer,
rows the role does not include, or an access log that cannot be written are reported in plain
words on the page instead of a traceback.
"""

import streamlit as st

from app import startup  # noqa: F401  (once per process: the imports, the gc freeze)
from app import authority_choice, publication_choice, sign_in
from app.access_log import AccessLogError
from app.case_rows import CaseRowsRefused
from app.serving_db import ServingDatabaseError

st.set_page_config(
    page_title=sign_in.APP_TITLE,
    # An emoji is drawn by the browser; a Material icon here would be fetched from Google.
    page_icon="📊",
    layout="wide",
)

viewer = sign_in.require_viewer()

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("views/explorer.py", title="Metric explorer", icon=":material/query_stats:", url_path="explorer"),
    st.Page("views/compare.py", title="Teams and workers", icon=":material/groups:", url_path="compare"),
    *([st.Page("views/worklists.py", title="Work lists", icon=":material/checklist:", url_path="worklists")]
      if viewer.sees_case_rows else []),
    st.Page("views/data_quality.py", title="Data quality", icon=":material/fact_check:", url_path="data-quality"),
    st.Page("views/changes.py", title="Changes after the fact", icon=":material/history:", url_path="changes"),
    st.Page("views/definitions.py", title="Definitions", icon=":material/menu_book:", url_path="definitions"),
    *([st.Page("views/access_log.py", title="Access log", icon=":material/policy:", url_path="access-log")]
      if viewer.sees_access_log else []),
]

page = st.navigation(PAGES)
sign_in.render_sidebar(viewer)
try:
    # Which publication every page reads: the latest, or one kept that the viewer chose.
    publication_choice.apply()
    publication_choice.render_sidebar()
    authority_choice.render_sidebar()
    publication_choice.render_notice()
    page.run()
except (ServingDatabaseError, CaseRowsRefused, AccessLogError) as error:
    st.error(str(error))
