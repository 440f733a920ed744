# Everything inferena needs is installed by these targets into .venv (Python >= 3.11).
VENV ?= .venv
PY := $(VENV)/bin/python
MODEL ?= SmolLM2-135M

.PHONY: bench test setup vulkan ggml-native clean
setup: $(VENV)/.installed vulkan ggml-native

# ggml built from the source of the same libggml-python release (PyPI sdist) for this CPU:
# -march=native, llamafile's sgemm, OpenMP, as llama.cpp builds it; `inferena run` links the
# GGML programs against it (--cpu-build portable: the prebuilt AVX2 wheel). Without cmake
# it says so and the GGML rows use the wheel, naming this target. GGML_CUDA=ON (where nvcc is)
# adds ggml's CUDA backend, which `inferena run --device cuda` runs the GGML programs on;
# GGML_SDIST=<file> builds from a downloaded sdist (a machine without the registry).
GGML_CUDA ?= OFF
comma := ,
GGML_SDIST ?=
GGML_VERSION = $(shell sed -n 's/^libggml-python==//p' requirements-lock.txt)
GGML_NATIVE = $(VENV)/ggml-native
ggml-native: $(GGML_NATIVE)/.built
$(GGML_NATIVE)/.built: requirements-lock.txt | $(VENV)/.installed
	@src=$(VENV)/ggml-src; rm -rf $$src $(GGML_NATIVE); mkdir -p $$src; \
	if ! command -v cmake >/dev/null; then echo "make ggml-native: cmake not found; GGML rows use the prebuilt wheel"; \
	elif ( set -e; \
		if [ -n "$(GGML_SDIST)" ]; then cp $(GGML_SDIST) $$src; else \
			$(PY) -m pip download -q --no-deps --no-binary :all: -d $$src libggml-python==$(GGML_VERSION); fi; \
		tar xzf $$src/libggml_python-*.tar.gz -C $$src --strip-components=1; \
		cmake -S $$src/ggml -B $$src/build -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
			-DGGML_NATIVE=ON -DGGML_LLAMAFILE=ON -DGGML_OPENMP=ON -DGGML_BUILD_TESTS=OFF \
			-DGGML_CUDA=$(GGML_CUDA) -DGGML_CUDA_NCCL=OFF -DCMAKE_CUDA_ARCHITECTURES=native \
			-DGGML_BUILD_EXAMPLES=OFF -DCMAKE_INSTALL_LIBDIR=lib64; \
		cmake --build $$src/build -j$$(nproc); \
		cmake --install $$src/build --prefix $(abspath $(GGML_NATIVE)); \
		echo "ggml built here: -march=native, llamafile sgemm, OpenMP$(if $(filter ON,$(GGML_CUDA)),$(comma) CUDA)" \
			>$(GGML_NATIVE)/BUILD ) >$$src.log 2>&1; \
	then rm -rf $$src $$src.log; touch $@; \
	else echo "make ggml-native: the build failed (see $$src.log); GGML rows use the prebuilt wheel"; \
		rm -rf $(GGML_NATIVE); fi

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
