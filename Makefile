# Everything inferena needs is installed by these targets into .venv (Python >= 3.11).
VENV ?= .venv
PY := $(VENV)/bin/python
MODEL ?= SmolLM2-135M

.PHONY: bench test setup vulkan clean
setup: $(VENV)/.installed vulkan

# Meganeura's programs run on Vulkan; without a GPU, Mesa's lavapipe runs them on the CPU
# (Debian/Ubuntu: mesa-vulkan-drivers, libvulkan1). Skipped when lavapipe is there already;
# elsewhere (no apt, not root) it says so and Meganeura's rows are SKIPPED naming this target.
vulkan:
	@if ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mesa-vulkan-drivers libvulkan1; } \
			|| echo "make vulkan: apt-get failed; Meganeura's rows will be SKIPPED"; \
	else echo "make vulkan: install mesa-vulkan-drivers and libvulkan1 (lavapipe) for Meganeura"; fi

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
	$(PY) -m pytest -q --durations=20 tests

clean:
	rm -rf generated results
