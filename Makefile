# Warmdesk: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go

.PHONY: run test test-deps wasm build fuzz bench bench-browser eval

## run: build the widget and the studio, and start the server on http://localhost:8080 (ADDR=host:port for another)
ADDR ?= localhost:8080
run: wasm
	$(GO) run ./cmd/warmdesk serve -addr $(ADDR)

## test: install what the tests need (headless Chromium), then run every test
test: test-deps wasm
	$(GO) vet ./...
	$(GO) test -count=1 ./...

## test-deps: install the tools the tests need on a fresh machine
test-deps:
	./scripts/test-deps.sh

## wasm: build the browser parts (web/app.wasm for the widget, web/studio.wasm for the studio)
wasm:
	./scripts/build-wasm.sh

## build: the warmdesk binary
build:
	$(GO) build -o warmdesk ./cmd/warmdesk

## fuzz: run every fuzz target for FUZZTIME each (default 30s)
fuzz:
	./scripts/fuzz.sh $(or $(FUZZTIME),30s)

## bench: native benchmarks of the core
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./suggestions/...

## bench-browser: the widget measured in headless Chromium (table, and docs/bench-browser.json)
bench-browser:
	./scripts/bench-browser.sh $(BENCHFLAGS)

## eval: the accuracy table in docs/performance.md, from the public data sets in DATA=dir
eval:
	./scripts/eval.sh
