# Two commands do everything: `make demo` and `make test`. The rest are the steps they use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
INSTALLED := $(VENV)/.installed

# Absolute paths: dbt and Dagster run from other folders and must land on the same files.
export CSC_LANDING_DIR ?= $(CURDIR)/data/landing
export CSC_ARCHIVE_DIR ?= $(CURDIR)/data/archive
export CSC_WAREHOUSE_PATH ?= $(CURDIR)/data/warehouse.duckdb
export CSC_SERVING_PATH ?= $(CURDIR)/data/serving.duckdb
export DAGSTER_HOME ?= $(CURDIR)/.dagster

DAGSTER_PORT ?= 3000
APP_PORT ?= 8501
# Both UIs listen on this machine only. To serve others, put the authority's reverse proxy in
# front (docs/access.md); setting an address here opens the port itself to the network.
DAGSTER_HOST ?= 127.0.0.1
APP_ADDRESS ?= 127.0.0.1
# The demo's synthetic authority: one metropolitan-borough-sized council whose practice improves.
DEMO_ARGS ?= --authorities 1 --seed 42 --profile improving

# The browser tests drive Debian's Chromium through Playwright (never a browser Playwright
# downloads). `make test` installs the package when CHROMIUM is missing: apt-get, through sudo
# unless run as root.
CHROMIUM ?= /usr/bin/chromium
SUDO ?= $(if $(filter 0,$(shell id -u)),,sudo)
APT_GET ?= apt-get

.PHONY: help venv data refresh dagster app demo test chromium docs screenshots bench clean

help:
	@echo "make demo   generate synthetic extracts, run the refresh, start the Dagster UI and the app"
	@echo "make test   run every test"
	@echo "make data | refresh [FORCE=1] | dagster | app | docs | screenshots | bench | clean"

$(INSTALLED): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(INSTALLED)

# Dagster's run logs and storage are its owner's only.
$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml
	@mkdir -p -m 700 $(DAGSTER_HOME)
	cp orchestration/dagster.yaml $@

# Writes the demo landing area once; `make clean` starts again.
data: $(INSTALLED)
	@if [ -d "$(CSC_LANDING_DIR)" ] && [ -n "$$(ls -A "$(CSC_LANDING_DIR)" 2>/dev/null)" ]; then \
		echo "Landing area $(CSC_LANDING_DIR) already holds extracts; 'make clean' to regenerate."; \
	else \
		$(BIN)/python -m seeds.generate --out "$(CSC_LANDING_DIR)" $(DEMO_ARGS); \
	fi

# A refresh when there is something to do (orchestration/refresh_command.py): the terminal shows
# each step's progress. FORCE=1 rebuilds the metrics and republishes even when no snapshot
# changed (after editing targets or models). ACCEPT=<la>/<date> (several: comma-separated)
# accepts deliveries held for review, recorded with ACCEPTED_BY (default: your user name).
refresh: $(INSTALLED) $(DAGSTER_HOME)/dagster.yaml
	@$(BIN)/python -m orchestration.refresh_command $(if $(FORCE),--force) \
		$(if $(ACCEPT),--accept "$(ACCEPT)") $(if $(ACCEPTED_BY),--accepted-by "$(ACCEPTED_BY)")

dagster: $(INSTALLED) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -m orchestration.definitions -h $(DAGSTER_HOST) -p $(DAGSTER_PORT)

# Streamlit's other settings (this machine only, headless, no usage statistics) are in
# .streamlit/config.toml, which it reads from the repository root. app.server is `streamlit run
# app/main.py` with the process prepared before anyone is served (app/startup.py).
app: $(INSTALLED)
	$(BIN)/python -m app.server --server.address $(APP_ADDRESS) --server.port $(APP_PORT)

# The demo signs people in through a local identity provider with one demo person per role
# (app/demo_sign_in.py); its secrets and access settings are made afresh in data/demo/.
DEMO_SIGN_IN_PORT ?= 9400
DEMO_SIGN_IN_DIR := $(CURDIR)/data/demo

# The Dagster UI, the app and the demo's identity provider side by side
# (orchestration/local_servers.py): their addresses once all answer, their logs in data/logs/,
# a failure of any reported; Ctrl-C stops them all.
demo: export CSC_ACCESS_PATH = $(DEMO_SIGN_IN_DIR)/access.toml
demo: data refresh $(DAGSTER_HOME)/dagster.yaml
	@$(BIN)/python -m app.demo_sign_in settings --folder "$(DEMO_SIGN_IN_DIR)" \
		--app-url http://127.0.0.1:$(APP_PORT) --provider-port $(DEMO_SIGN_IN_PORT)
	@$(BIN)/python -m orchestration.local_servers --dagster-port $(DAGSTER_PORT) --app-port $(APP_PORT) \
		--sign-in-port $(DEMO_SIGN_IN_PORT) --sign-in-dir "$(DEMO_SIGN_IN_DIR)"

# Two workers; tests/conftest.py groups the tests (a file, or the files sharing a warehouse
# fixture, run on one worker) and hands out the heaviest groups first, in its order. The
# slowest tests are listed at the end, so that a run shows where its time went.
test: $(INSTALLED) chromium
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=20

# Quiet when the browser is there; apt-get's output is shown only if the install fails.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "$(CHROMIUM) is missing: installing Debian's chromium package for the browser tests."; \
		log=$$(mktemp); \
		if { $(SUDO) $(APT_GET) update -qq && \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq chromium; \
		} </dev/null >"$$log" 2>&1; then \
			rm -f "$$log"; \
		else \
			tail -n 30 "$$log"; echo "Installing chromium failed; apt-get's output is in $$log."; exit 1; \
		fi; \
	fi

docs: $(INSTALLED)
	@mkdir -p "$(dir $(CSC_WAREHOUSE_PATH))"
	cd dbt_project && $(BIN)/dbt docs generate --profiles-dir . && echo "dbt docs site: dbt_project/target/index.html (serve with: cd dbt_project && $(BIN)/dbt docs serve --profiles-dir .)"

# docs/app.md's pictures, from the demo's serving database (make data refresh first).
screenshots: $(INSTALLED) chromium
	$(BIN)/python -m tests.app.screenshots --serving "$(CSC_SERVING_PATH)" --out docs/screenshots

bench: $(INSTALLED)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf data .dagster dbt_project/target dbt_project/logs tests/artifacts
