# The two commands of the README's Quick start, and their helpers.
#   make certify [PROFILE=fixtures/profiles/<name>.yaml]   run the acceptance suite, render the report
#   make test                                               every test, in-process, live and parallel
#   make selftest                                           prove the suite catches faulty connectors
#   make mutants [MUTANTS_ARGS=...]                         mutation score of the suite (a benchmark, not in `make test`)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
RESULTS := reports/allure-results
REPORT := reports/allure-report/index.html
PYTEST_ARGS ?=

.PHONY: certify test selftest mutants report serve clean

$(VENV_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# A verdict or report left from an earlier run is removed first: what it prints is this run's or nothing.
certify: $(VENV_STAMP) $(NODE_STAMP)
	@rm -rf $(RESULTS) reports/certification.json
	@set +e; $(PY) -m pytest features/ $(if $(PROFILE),--profile $(PROFILE)) $(PYTEST_ARGS); status=$$?; echo; \
	  if compgen -G "$(RESULTS)/*-result.json" >/dev/null; then \
	    npx --no-install allure generate $(RESULTS) >/dev/null || { echo "Allure failed to render the report"; exit 1; }; \
	    echo "Report:  $(abspath $(REPORT))"; \
	  else echo "Report:  none (no scenario ran)"; fi; \
	  echo "Verdict: $$($(PY) -c 'import json; print(json.load(open("reports/certification.json"))["verdict"], "($(abspath reports/certification.json))")' 2>/dev/null || echo 'none (no scenario ran)')"; \
	  if [ $$status -eq 0 ]; then echo "Outcome: PASSED"; else echo "Outcome: FAILED (pytest exit code $$status)"; fi; \
	  exit $$status

# Every test: the lint and the type check; the simulators' own tests and the features, in parallel (tenants
# isolate them); the features serially in-process, live, and through the reference connector's
# HTTP API (the seam's second implementation); then the self-test that proves the suite catches
# faulty connectors.
test: $(VENV_STAMP)
	$(PY) -m ruff check --no-cache
	$(PY) -m mypy
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)
	$(PY) -m pytest features/ $(PYTEST_ARGS)
	$(PY) -m pytest features/ --transport live $(PYTEST_ARGS)
	$(PY) -m pytest features/ --connector tests.http_connector:create_connector $(PYTEST_ARGS)
	$(PY) -m harness.selftest

docs/steps.md: $(VENV_STAMP) $(wildcard steps/*.py features/*.feature)
	$(PY) -m harness.stepdocs > $@

selftest: $(VENV_STAMP)
	$(PY) -m harness.selftest $(PYTEST_ARGS)

# Mutation testing: break the reference connector in hundreds of small ways, in memory, and count
# how many breakages the feature suite refuses (bench/README.md). Exit 1 below the 95% target.
# e.g. make mutants MUTANTS_ARGS="--file reference.py --function ReferenceConnector._call"
MUTANTS_ARGS ?=
mutants: $(VENV_STAMP)
	$(PY) -m bench.mutants $(MUTANTS_ARGS)

report: $(NODE_STAMP)
	npx --no-install allure generate $(RESULTS)

serve: $(VENV_STAMP)
	$(PY) -m simulators serve --host 127.0.0.1 --port 8765

clean:
	rm -rf $(VENV) node_modules reports/allure-results reports/allure-report reports/history.jsonl
