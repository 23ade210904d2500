"""The app's server: `python -m app.server [options of streamlit run]`, from the repository root.

The same as `streamlit run app/main.py [options]`, except that the process is prepared
(app/startup.py: the app's imports, the garbage collector's freeze) before Streamlit serves
anyone, so the first visitor does not wait for it.
"""

import logging
import sys
from pathlib import Path

from streamlit.web import cli

ENTRY_PAGE = Path(__file__).with_name("main.py")
# Each cached function checks its settings as it is defined, and warns, before the server has
# started, that there is no server to cache in: its cache is made at its first call, in the
# server's, so the warning is not true of the app.
CACHE_CHECK_LOGGER = logging.getLogger("streamlit.runtime.caching.cache_data_api")

if __name__ == "__main__":
    level = CACHE_CHECK_LOGGER.level
    CACHE_CHECK_LOGGER.setLevel(logging.ERROR)
    from app import startup  # noqa: F401  (prepares the process: see its docstring)

    CACHE_CHECK_LOGGER.setLevel(level)
    sys.argv = ["streamlit", "run", str(ENTRY_PAGE), *sys.argv[1:]]
    sys.exit(cli.main())
