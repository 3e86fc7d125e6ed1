# Two commands do all setup on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
WHEEL_CACHE ?= $(HOME)/.cache/it-outsourcing-assistant/wheels-portable
# A portable CPU build: llama.cpp's native build crashes in AMX kernels on some Xeons (seen here).
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_BF16=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
LLAMA_VERSION := $(shell sed -n 's/^llama_cpp_python==//Ip' constraints.txt)
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False
export HF_HUB_OFFLINE := 1

.PHONY: run test install install-test ingest serve eval bench browser-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# torch first and pinned: an unpinned resolve pulls a multi-GB CUDA build.
$(VENV)/.installed: $(PY) pyproject.toml constraints.txt
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -c constraints.txt -e .
	$(VENV)/bin/assistant prepare
	touch $@

# llama-cpp-python compiles for minutes; keep the built wheel outside the clone so CI reuses it.
$(VENV)/.installed-test: $(VENV)/.installed
	mkdir -p $(WHEEL_CACHE)
	ls $(WHEEL_CACHE)/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1 || \
		CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) wheel -q --no-cache-dir --no-deps -w $(WHEEL_CACHE) llama_cpp_python==$(LLAMA_VERSION)
	$(PIP) install -q -c constraints.txt --no-index --find-links $(WHEEL_CACHE) --no-deps llama_cpp_python==$(LLAMA_VERSION)
	$(PIP) install -q -c constraints.txt -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test browser-deps

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

ingest: install
	$(VENV)/bin/assistant ingest --quiet

run: ingest
	$(VENV)/bin/assistant serve

test: install-test
	$(VENV)/bin/python -m pytest -q

eval: install
	$(VENV)/bin/assistant eval

bench: install
	$(VENV)/bin/python bench/retrieval.py

clean:
	rm -rf $(VENV) var
