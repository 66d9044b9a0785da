# lorabook: two commands do all the set-up on a fresh Debian machine with the Swift toolchain.
#   make report   provisions data, builds in release and runs notebooks/e2e.md into report/e2e.html
#   make test     provisions data and runs the whole test suite
SHELL := /bin/bash
SWIFT ?= swift
LORABOOK := .build/release/lorabook
APT_PACKAGES := libopenblas-dev libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config zlib1g-dev chromium \
  libopenmpi-dev openmpi-bin
PYTHON ?= python3
# Playwright drives Debian's Chromium (executable_path); `playwright install` is never run, no browser is downloaded.
PLAYWRIGHT := playwright==1.65.2
# nbformat validates `lorabook export --ipynb` in the tests (into the same python3 the tests call).
NBFORMAT := nbformat==5.10.4
# The reports the browser checks open: the committed ones, plus one the test renders with the current renderer.
REPORT_PAGES := $(wildcard report/*.html)

.PHONY: deps build data test browser-test fuzz report bench clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@$(PYTHON) -c 'import playwright' 2>/dev/null || $(PYTHON) -m pip install -q '$(PLAYWRIGHT)' \
	  || $(PYTHON) -m pip install -q --break-system-packages '$(PLAYWRIGHT)'
	@$(PYTHON) -c 'import nbformat' 2>/dev/null || $(PYTHON) -m pip install -q '$(NBFORMAT)' \
	  || $(PYTHON) -m pip install -q --break-system-packages '$(NBFORMAT)'

# The CPU the engine is compiled for (Package.swift reads LORABOOK_TARGET_CPU; the engine digest includes it): the
# highest x86-64 level this machine runs, x86-64-v4 (AVX-512) or x86-64-v3 (AVX2, FMA), as glibc's loader lists it
# ("x86-64-v4 (supported, searched)"), else the baseline. Every command below builds under the same value, so
# `make test` then `make report` builds once. `make LORABOOK_TARGET_CPU=` builds the baseline. The engine computes
# the same bits at every level (bench/RESULTS.md); a binary built for a level stops with SIGILL on a machine without
# it, so build on the machine that runs it.
ifeq ($(origin LORABOOK_TARGET_CPU),undefined)
LORABOOK_TARGET_CPU := $(shell /lib64/ld-linux-x86-64.so.2 --help 2>/dev/null | grep -o -m1 'x86-64-v[34] .supported' | cut -c1-9)
endif
export LORABOOK_TARGET_CPU

# One build for every command: the same flags as the tests', so `make test` then `make report` builds once.
build: deps
	$(SWIFT) build -c release --build-tests -Xswiftc -enable-testing

data: build
	$(LORABOOK) data
	$(LORABOOK) meteor-index

# One release build serves both the data step and the tests: release is what `run` uses, and testing it
# catches optimiser-only bugs a debug build would hide.
test: build
	$(LORABOOK) data
	$(LORABOOK) meteor-index
	$(SWIFT) test -c release --skip-build
	for t in $(FUZZ_TARGETS); do .build/release/fuzz-$$t Fuzz/corpus/$$t || exit 1; done
	$(LORABOOK) check notebooks/e2e.md --params notebooks/params/smoke.yaml --exact
	$(LORABOOK) check notebooks/methods.md --params notebooks/params/methods-smoke.yaml --exact
	tests/mpi/check.sh $(LORABOOK)
	$(MAKE) --no-print-directory browser-test

# The reports in a real browser (tests/browser/check_reports.py): a fixture notebook rendered now, and every
# committed page; then `lorabook watch` with a page open on it (tests/browser/check_watch.py). Fails, never skips,
# when Chromium or Playwright is missing (make deps installs both).
browser-test:
	@folder=$$(mktemp -d) && trap 'rm -rf "$$folder"' EXIT && \
	{ $(LORABOOK) run tests/browser/fixture.md --out "$$folder" >"$$folder/run.log" 2>&1 || { cat "$$folder/run.log"; exit 1; }; } && \
	$(PYTHON) tests/browser/check_reports.py "$$folder/fixture.html" $(REPORT_PAGES)
	$(PYTHON) tests/browser/check_watch.py $(LORABOOK)

# Fuzzing, longer than make test's short pass (the property tests' few hundred cases per target and a replay of
# the committed corpus Fuzz/corpus): the property tests with FUZZ_COUNT cases each (new seeds each run; a
# failure prints its seed), then each libFuzzer target for FUZZ_SECONDS, adding the inputs it finds to
# Fuzz/corpus/TARGET (commit them; `fuzz-TARGET -merge=1 NEW OLD` minimises). Crashes are written as crash-*.
FUZZ_TARGETS := cell notebook csv safetensors
FUZZ_COUNT ?= 20000
FUZZ_SECONDS ?= 60
fuzz: deps
	$(SWIFT) build -c release --build-tests -Xswiftc -enable-testing
	LORABOOK_FUZZ_COUNT=$(FUZZ_COUNT) $(SWIFT) test -c release --skip-build --filter FuzzTests
	for t in $(FUZZ_TARGETS); do \
	  $(SWIFT) build -c release --build-path .build-fuzz --product fuzz-$$t -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING \
	    -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld || exit 1; \
	  .build-fuzz/release/fuzz-$$t Fuzz/corpus/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -rss_limit_mb=2048 || exit 1; \
	done

report: data
	$(LORABOOK) run notebooks/e2e.md
	$(PYTHON) tests/browser/check_reports.py --screenshots report/screenshots report/e2e.html

# lorabook's training and decoding benchmarks, then PyTorch's on the same configurations, side by side.
bench: build
	bench/compare --lorabook $(LORABOOK)

clean:
	rm -rf .build
