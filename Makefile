# Everything inferena needs is installed by these targets into .venv (Python >= 3.11).
VENV ?= .venv
PY := $(VENV)/bin/python
MODEL ?= SmolLM2-135M

.PHONY: bench test setup clean
setup: $(VENV)/.installed

# Dependencies from the lock (exact versions, the ones the tests ran with), then the project
# itself in editable mode (-qq: setuptools' informational note on editable installs).
$(VENV)/.installed: pyproject.toml requirements-lock.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q pip==26.3
	$(PY) -m pip install -q -r requirements-lock.txt
	$(PY) -m pip install -qq --no-deps -e .
	touch $@

bench: setup   ## generate the model and run it on every framework that can run here
	$(VENV)/bin/inferena gen --model $(MODEL)
	$(VENV)/bin/inferena run generated/$(MODEL)

test: setup    ## the test suite (tiny model configs; what CI runs)
	$(PY) -m pytest -q tests

clean:
	rm -rf generated results
