"""The server's preparation (app/startup.py): the pages' libraries imported and everything then
alive frozen out of the garbage collector's sight, before anyone is served."""

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]

PREPARED = """
import gc, sys
before = "altair" in sys.modules, gc.get_freeze_count()
import app.startup
print(before, "altair" in sys.modules, "app.chart_display" in sys.modules,
      "app.demo_sign_in" in sys.modules, gc.get_freeze_count() > 100_000)
"""


def test_startup_imports_the_pages_libraries_and_freezes_what_is_alive():
    # A process of its own: this one has imported and collected in its own ways.
    printed = subprocess.run([sys.executable, "-c", PREPARED], cwd=REPOSITORY,
                             capture_output=True, text=True, check=True).stdout.split()
    # Nothing imported or frozen before; Altair and the chart module after; the demo's
    # identity provider (a program of its own) left out; Streamlit, pandas and Altair frozen.
    assert printed == ["(False,", "0)", "True", "True", "False", "True"]
