# lorabook: two commands do all the set-up on a fresh Debian machine with the Swift toolchain.
#   make report   provisions data, builds in release and runs notebooks/e2e.md into report/e2e.html
#   make test     provisions data and runs the whole test suite
SHELL := /bin/bash
SWIFT ?= swift
LORABOOK := .build/release/lorabook
APT_PACKAGES := libopenblas-dev libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config zlib1g-dev

.PHONY: deps build data test fuzz report bench clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product lorabook

data: build
	$(LORABOOK) data
	$(LORABOOK) meteor-index

# One release build serves both the data step and the tests: release is what `run` uses, and testing it
# catches optimiser-only bugs a debug build would hide.
test: deps
	$(SWIFT) build -c release --build-tests -Xswiftc -enable-testing
	$(LORABOOK) data
	$(LORABOOK) meteor-index
	$(SWIFT) test -c release --skip-build
	$(LORABOOK) check notebooks/e2e.md --params notebooks/params/smoke.yaml --exact

# The property tests (parsers, readers, tokenizer, interpreter under a budget) with many more cases than
# make test's short pass: FUZZ_COUNT cases per target, new seeds each run (a failure prints its seed).
FUZZ_COUNT ?= 20000
fuzz: deps
	$(SWIFT) build -c release --build-tests -Xswiftc -enable-testing
	LORABOOK_FUZZ_COUNT=$(FUZZ_COUNT) $(SWIFT) test -c release --skip-build --filter FuzzTests

report: data
	$(LORABOOK) run notebooks/e2e.md

# lorabook's training and decoding benchmarks, then PyTorch's on the same configurations, side by side.
bench: build
	bench/compare --lorabook $(LORABOOK)

clean:
	rm -rf .build
