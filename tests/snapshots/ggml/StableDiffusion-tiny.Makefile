# test
# Builds against the prebuilt ggml of the PyPI package libggml-python==0.20.2.post1 (pip install 'inferena[ggml]'),
# or against another ggml install: make GGML=<prefix> (`inferena run` passes the one that
# inferena's `make ggml-native` builds for this CPU).
PYTHON ?= python3
GGML := $(shell $(PYTHON) -c 'import libggml, os; print(os.path.dirname(libggml.__file__))')
CFLAGS ?= -O2 -march=native -std=gnu11 -Wall -Wno-unused-variable
SOURCES = main.c model.c train.c ops.c harness.c

main: $(SOURCES) model.h ops.h harness.h
	$(CC) $(CFLAGS) -I$(GGML)/include -o $@ $(SOURCES) -L$(GGML)/lib64 -lggml -lggml-base -lggml-cpu -lm -Wl,-rpath,$(GGML)/lib64
