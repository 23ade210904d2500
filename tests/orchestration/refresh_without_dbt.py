"""The code location without the metrics layer, for tests that run the refresh command line
(`dagster job execute -f tests/orchestration/refresh_without_dbt.py -j refresh`) where dbt is
not what they test: the serving database then holds what the warehouse's marts schema holds."""

from orchestration.code_location import build_definitions

defs = build_definitions(dbt_project_dir=None)
