"""Entry page of the app: `streamlit run app/main.py`.

Sets up the pages, draws the authority selector, then runs the chosen page. A serving database
that cannot answer is reported in plain words on the page instead of a traceback.
"""

import streamlit as st

from app import authority_choice
from app.serving_db import ServingDatabaseError

st.set_page_config(
    page_title="Children's social care: focused visit improvement",
    # An emoji is drawn by the browser; a Material icon here would be fetched from Google.
    page_icon="📊",
    layout="wide",
)

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("views/explorer.py", title="Metric explorer", icon=":material/query_stats:", url_path="explorer"),
    st.Page("views/compare.py", title="Teams and workers", icon=":material/groups:", url_path="compare"),
    st.Page("views/worklists.py", title="Work lists", icon=":material/checklist:", url_path="worklists"),
    st.Page("views/data_quality.py", title="Data quality", icon=":material/fact_check:", url_path="data-quality"),
    st.Page("views/definitions.py", title="Definitions", icon=":material/menu_book:", url_path="definitions"),
]

page = st.navigation(PAGES)
try:
    authority_choice.render_sidebar()
    page.run()
except ServingDatabaseError as error:
    st.error(str(error))
