"""What the app's server does once per process, before it serves anyone.

Imported by `python -m app.server` before Streamlit starts (and by app/main.py, so that a
plain `streamlit run app/main.py` does it at its first run instead):

- every module of the app is imported, so that no page pays a library's import on its first
  visit (Altair's, for the charts, is about 0.2 s);
- everything then alive (Streamlit, pandas, Altair, DuckDB: about 140,000 objects the
  garbage collector tracks) is moved out of the collector's sight with `gc.freeze()`. They
  live as long as the process, yet each full collection would walk them all: at national
  scale that was a pause of 60–100 ms in about one page visit in thirty (a revisit's whole
  time is 10–70 ms), against 7–14 ms frozen. Garbage among them would never be collected:
  they are modules and the server's own objects, kept until the process ends anyway.
"""

import gc
import importlib
import pkgutil

import app

# Not part of the app's server: the demo's identity provider is a program of its own, and
# the entry page and the launcher are scripts.
NOT_IMPORTED = {"demo_sign_in", "main", "server"}

for module in pkgutil.iter_modules(app.__path__):
    if module.name not in NOT_IMPORTED:
        importlib.import_module(f"{app.__name__}.{module.name}")

# Collected first, so that no garbage is frozen with the objects that stay.
gc.collect()
gc.freeze()
