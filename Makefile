# Everything inferena needs is installed by these targets into .venv (Python >= 3.11).
VENV ?= .venv
PY := $(VENV)/bin/python
MODEL ?= SmolLM2-135M

.PHONY: bench test setup clean
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[all]'
	touch $@

bench: setup   ## generate the model and run it on every framework that can run here
	$(VENV)/bin/inferena gen --model $(MODEL)
	$(VENV)/bin/inferena run generated/$(MODEL)

test: setup    ## the test suite (tiny model configs; what CI runs)
	$(PY) -m pytest -q tests

clean:
	rm -rf generated results
