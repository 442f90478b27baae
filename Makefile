GO ?= go
BIN ?= ./minutes

.PHONY: build test race vet fmt-check eval bench fuzz demo clean

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

eval: build
	@if [ -f ../shared/eval/score.py ]; then \
		python3 ../shared/eval/score.py --bin $(BIN) --min 0.98; \
	else echo "eval: ../shared/eval not present, skipped"; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Short fuzzing of every parser (FUZZTIME per target).
FUZZTIME ?= 20s
fuzz:
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzReadText$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./ingest/pdf -run '^$$' -fuzz '^FuzzReadPDF$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./ingest/docx -run '^$$' -fuzz '^FuzzReadDOCX$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./ingest/rtf -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./extract -run '^$$' -fuzz '^FuzzExtract$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s

# The main job on the bundled example minutes, embedded index, no server.
demo: build
	$(BIN) import --index ./.demo-index testdata
	$(BIN) decisions --index ./.demo-index socionomprogram
	$(BIN) attendance --index ./.demo-index --per year

clean:
	rm -rf $(BIN) ./.demo-index
