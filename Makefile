# The two commands of the README's Quick start, and their helpers.
#   make certify [PROFILE=fixtures/profiles/<name>.yaml]   run the acceptance suite, render the report
#   make test                                               every test, in-process, live and parallel
#   make selftest [PROFILE=...]                             prove the suite catches faulty connectors (on a profile's activation)
#   make selftest-profiles                                  the self-test on every shipped profile (CI)
#   make mutants [MUTANTS_ARGS=...]                         mutation score of the suite (a benchmark, not in `make test`)
#   make parity [PARITY_ARGS=...]                           every scenario on each storefront it has no row for (a benchmark)
#   make fuzz                                               every write of the scenarios sent again wrong: no simulator crashes (CI)
#   make package-check                                      the built wheel, installed fresh, certifies (CI)
#   make certify-node-example                               the Node.js example connector certifies (CI)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := harness/report/node_modules/.installed
PYTEST_ARGS ?=

# Compiled bytecode is cached in the venv (.venv/pycache), even where the environment turns the
# cache off (PYTHONDONTWRITEBYTECODE, as some CI images set): `make test` starts about a hundred Python
# processes, and without the cache each compiles the project's modules again and pytest rewrites the
# assertions of every conftest and test module again (about 0.3 s of a 1.5 s start).
export PYTHONPYCACHEPREFIX := $(abspath $(VENV))/pycache
unexport PYTHONDONTWRITEBYTECODE

.PHONY: certify test selftest selftest-profiles mutants parity fuzz report serve clean package-check certify-node-example

$(VENV_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# The report's Node project (Allure 3, pinned by its lock): harness/report/, shipped in the package too.
$(NODE_STAMP): harness/report/package.json harness/report/package-lock.json
	cd harness/report && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The run's own results only (never an earlier run's), the verdict, the single-file report: harness/certify.py.
certify: $(VENV_STAMP) $(NODE_STAMP)
	@$(PY) -m harness.certify $(if $(PROFILE),--profile $(PROFILE)) $(PYTEST_ARGS)

# Every test: the lint and the type check, and the tests in parallel (tests/, three workers). Among
# the tests, every scenario with the reference connector three times, each a certification as `make
# certify` makes it: in-process and live (--transport live: the harness's and the connector's calls
# through a loopback server the run starts), tests/core/test_every_scenario.py; and against `python -m
# simulators serve` behind its admin token through its connector API (--connector-url, the reference
# connector over HTTP, every answer held to the OpenAPI document), tests/core/test_admin_token.py.
# Then the self-test that proves the suite catches faulty connectors (each stopped at the first
# scenario that catches it: `make selftest` runs them all); the reference connector's run it judges
# is the tests' in-process certification, whose verdict they copy to $(MAKE_TEST)/suite.json.
# Two jobs at a time (make -j2): the tests, and the lint beside them; each job's output is printed
# whole when it ends. Three workers on a 2-core machine, one more than its cores: the served run's
# pytest and its `serve` process wait on each other's answers, and with two workers a fifth of the
# cores sat idle while it ran (bench/README.md, fourteenth pass). More cores: TEST_WORKERS=<cores + 1>.
MAKE_TEST := reports/.make-test
TEST_WORKERS ?= 3
TEST_JOBS := test-suite test-lint
.PHONY: $(TEST_JOBS)

test: $(VENV_STAMP) $(NODE_STAMP)
	@rm -rf $(MAKE_TEST)
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(TEST_JOBS)
	$(PY) -m harness.selftest --first $(if $(PYTEST_ARGS),,--reference-report $(MAKE_TEST)/suite.json)

test-suite:
	REFUNDSIM_VERDICT_FOR_THE_SELFTEST=$(MAKE_TEST)/suite.json $(PY) -m pytest -n $(TEST_WORKERS) tests/ --alluredir=$(MAKE_TEST)/tests $(PYTEST_ARGS)

test-lint:
	$(PY) -m ruff check --no-cache
	$(PY) -m mypy

docs/steps.md: $(VENV_STAMP) $(wildcard steps/*.py features/*.feature)
	$(PY) -m harness.stepdocs > $@

selftest: $(VENV_STAMP)
	$(PY) -m harness.selftest $(if $(PROFILE),--profile $(PROFILE)) $(PYTEST_ARGS)

# The self-test on every shipped profile (CI): on each activation the reference connector passes
# every scenario that applies, and each fault that can show there is caught (--first).
SHIPPED_PROFILES := $(sort $(wildcard fixtures/profiles/*.yaml))
selftest-profiles: $(VENV_STAMP)
	@set -e; for profile in $(SHIPPED_PROFILES); do $(PY) -m harness.selftest --first --profile $$profile; done

# Mutation testing: break the reference connector in hundreds of small ways, in memory, and count
# how many breakages the feature suite refuses (bench/README.md). Exit 1 below the 95% target.
# e.g. make mutants MUTANTS_ARGS="--file reference.py --function ReferenceConnector._call"
MUTANTS_ARGS ?=
mutants: $(VENV_STAMP)
	$(PY) -m bench.mutants $(MUTANTS_ARGS)

# Each Scenario Outline (and plain scenario of one storefront) run once with each storefront of its
# direction it lacks: which copies pass, candidate rows, and why the others fail (bench/parity.py).
parity: $(VENV_STAMP)
	$(PY) -m bench.parity $(PARITY_ARGS)

# Every JSON write and query the scenarios make, sent again with each field wrong (tests/fuzz.py):
# exit 1 when a simulator crashes ("Unexpected simulator error"); the scenarios' own failures are
# expected (the wrong requests change their worlds) and not shown. Its results and verdict go to a
# scratch folder, never reports/.
FUZZ_DIR := reports/.fuzz
fuzz: $(VENV_STAMP)
	@rm -rf $(FUZZ_DIR)
	set -o pipefail; $(PY) -m pytest features/ -p tests.fuzz -q --tb=no --no-header -p no:cacheprovider --alluredir=$(FUZZ_DIR)/allure-results --certification-report=$(FUZZ_DIR)/certification.json $(PYTEST_ARGS) | tail -n 200

report: $(VENV_STAMP) $(NODE_STAMP)
	@$(PY) -m harness.certify --render-only

# The package as a new user meets it: build the wheel, install it in a fresh environment outside the
# repository, certify the reference connector from an empty folder (tests/package_check.py).
package-check: $(VENV_STAMP)
	$(PY) -m tests.package_check --python $(PYTHON)

# The Node.js example connector (examples/node-connector), certified for shopify-from-netsuite through
# --connector-url, as its README says: the simulators and the connector on free ports, then certify.
certify-node-example: $(VENV_STAMP) $(NODE_STAMP)
	cd examples/node-connector && node --test test/
	$(PY) -m tests.node_example_check $(PYTEST_ARGS)

serve: $(VENV_STAMP)
	$(PY) -m simulators serve --host 127.0.0.1 --port 8765

clean:
	rm -rf $(VENV) harness/report/node_modules reports/allure-results reports/allure-report reports/history reports/certification.json
