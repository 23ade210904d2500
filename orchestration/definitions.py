"""The Dagster code location: `dagster dev -m orchestration.definitions`.

Lineage: landing/<table> (csv files) -> raw/<table> and audit/* (load_snapshots) -> dbt models
(staging, intermediate, metrics, marts) -> serving_database -> streamlit_app. Settings come
from the environment (orchestration.settings); see orchestration.code_location.
"""

from orchestration.code_location import build_definitions

defs = build_definitions()
