#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests on SQLite and on a private PostgreSQL,
# the SPA's API-type check, typecheck and component tests, and browser tests in Chromium
# against the real server. Installs what is missing; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh
source scripts/lib/postgres.sh
trap stop_private_postgres EXIT
started=$(date +%s)

ensure_frontend_packages
ensure_chromium
start_private_postgres

echo "==> Rust: formatting"
cargo fmt --all -- --check

echo "==> Rust: one debug build for the binary and the tests"
cargo build --workspace --all-targets --locked

echo "==> Rust: unit tests and the integration suite (SQLite and PostgreSQL)"
log_dir=$(mktemp -d)
cargo test --workspace --locked 2>&1 | tee "$log_dir/cargo.log"

echo "==> SPA: generated API types are current, typecheck, component tests, build"
(cd frontend && npm run --silent check:api && npm run --silent typecheck && npm run --silent lint \
  && npm run --silent test 2>&1 | tee "$log_dir/unit.log" && npm run --silent build)

echo "==> SPA: browser tests (Chromium) against the real server"
(cd frontend && CONVOT_BIN="$PWD/../target/debug/convot" npm run --silent test:e2e 2>&1 | tee "$log_dir/e2e.log")

echo "==> docker-compose.yml"
validate_compose_file
# One closing line for the whole run, summed over every runner's own summary.
passed=$(( $(grep -h '^test result:' "$log_dir/cargo.log" | awk '{s += $4} END {print s + 0}') \
  + $(sed 's/\x1b\[[0-9;]*m//g' "$log_dir/unit.log" "$log_dir/e2e.log" | awk '$1 == "Tests" {s += $2} END {print s + 0}') ))
echo "==> all tests passed in $(( $(date +%s) - started )) s"
echo "tests: $passed passed, 0 failed"
