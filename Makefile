GO ?= go
BIN ?= ./minutes

.PHONY: build test race vet fmt-check eval bench fuzz demo clean test-es lucene-check bench-e2e

build:
	$(GO) build -o $(BIN) ./cmd/minutes

# The test command of the README and CI: formatting, vet, the race-enabled
# test suite and the extraction score on ../shared/eval when it is present.
test: fmt-check vet race eval

fmt-check:
	@out=$$(gofmt -l . 2>&1); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

race:
	$(GO) test -race -count=1 ./...

# The extraction score on both evaluation sets beside the repository, each with
# a floor at what the rules reached: the example minutes in every format, and
# the real minutes of other bodies (../shared/eval/real). Skipped when absent.
EVAL ?= ../shared/eval
EVAL_MIN ?= 1.0
EVAL_REAL_MIN ?= 1.0
eval: build
	@if [ -f $(EVAL)/score.py ]; then \
		out=$$(python3 $(EVAL)/score.py --bin $(BIN) --min $(EVAL_MIN)); rc=$$?; \
		echo "examples: $$(echo "$$out" | tail -1)"; [ $$rc -eq 0 ] || exit $$rc; \
	else echo "eval: $(EVAL) not present, skipped"; fi
	@if [ -f $(EVAL)/score.py ] && [ -d $(EVAL)/real/truth ]; then \
		out=$$(python3 $(EVAL)/score.py --bin $(BIN) --truth $(EVAL)/real/truth --docs $(EVAL)/real/docs \
			--min $(EVAL_REAL_MIN)); rc=$$?; \
		echo "$$out" | tail -2 | sed 's/^/real: /'; [ $$rc -eq 0 ] || exit $$rc; \
	else echo "eval: $(EVAL)/real not present, skipped"; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The end-to-end figures of BENCHMARKS.md on generated corpora (slow; not
# part of make test): import, re-import and queries at each size.
BENCH_SIZES ?= 1000,10000
BENCH_OUT ?= /tmp/minutes-bench
bench-e2e: build
	$(GO) run ./cmd/internal/benchtool e2e -n $(BENCH_SIZES) -out $(BENCH_OUT) -bin $(BIN)

# The Lucene analysis check alone (index/es/lucene_test.go; part of race and
# so of test): needs java, javac and liblucene8-java.
lucene-check:
	MINUTES_REQUIRE_LUCENE=1 $(GO) test -count=1 -run TestLuceneAnalysis -v ./index/es

# The contract suite against real Elasticsearch/OpenSearch servers, e.g. those
# of docker-compose.yml (manual: CI has no server). A URL that does not answer
# is skipped; none answering is an error.
ES_URLS ?= http://localhost:9200 http://localhost:9201 http://localhost:9202
test-es:
	@ran=0; for u in $(ES_URLS); do \
		if curl -fsS -o /dev/null "$$u"; then \
			echo "== contract suite on $$u"; \
			MINUTES_ES_URL=$$u $(GO) test -count=1 -run Contract ./index/es || exit 1; ran=1; \
		else echo "== $$u: no server, skipped"; fi; \
	done; \
	if [ $$ran = 0 ]; then echo "test-es: no server answered (docker compose --profile es7 up -d)"; exit 1; fi

# Short fuzzing of every parser (FUZZTIME per target).
FUZZTIME ?= 20s
fuzz:
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzReadText$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./ingest/pdf -run '^$$' -fuzz '^FuzzReadPDF$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./ingest/docx -run '^$$' -fuzz '^FuzzReadDOCX$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./ingest/rtf -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./ingest/odt -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./ingest/doc -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./extract -run '^$$' -fuzz '^FuzzExtract$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s

# The main job on the bundled example minutes, embedded index, no server.
demo: build
	$(BIN) import --index ./.demo-index testdata/minutes
	$(BIN) decisions --index ./.demo-index socionomprogram
	$(BIN) attendance --index ./.demo-index --per year

clean:
	rm -rf $(BIN) ./.demo-index
