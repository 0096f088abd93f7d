#!/usr/bin/env bash
# The whole test suite: lint, types, then pytest (which includes the evaluation gate).
# PostgreSQL tests start a throwaway server through scripts/pg-test-server.sh
# (installing Debian's postgresql first when it is missing and we are root).
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 PYTHONHASHSEED=0
BIN=.venv/bin
echo "== ruff"; $BIN/ruff check src tests bench scripts && $BIN/ruff format --check src tests bench scripts
echo "== mypy"; $BIN/mypy
echo "== pytest"; $BIN/pytest "$@"
