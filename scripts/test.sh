#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests on SQLite, on a private PostgreSQL and (when
# Citus can be had: scripts/lib/citus.sh) on a Citus coordinator with two workers,
# the SPA's API-type check, typecheck and component tests, and browser tests in Chromium
# against the real server, and Schemathesis against the served OpenAPI document on each
# database (Citus too, when it ran). Installs what is missing; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh
source scripts/lib/postgres.sh
source scripts/lib/citus.sh
# Never let a failing stop change the run's own exit status (set -e applies in the trap).
trap 'stop_private_postgres || true; stop_citus_cluster || true' EXIT
started=$(date +%s)

ensure_frontend_packages
ensure_chromium
# Before any server starts: building Citus installs PostgreSQL's server headers, which can
# upgrade the server packages.
citus_stage="skipped"
if ensure_citus; then
  # Tests make a database each: a few shards per table keep that quick.
  CONVOT_CITUS_SHARD_COUNT=4 start_citus_cluster
  CONVOT_CITUS_SHARD_COUNT=4 start_citus_spare_worker
  export TEST_CITUS_URL="$CITUS_COORDINATOR_URL" TEST_CITUS_WORKER_PORTS="$CITUS_WORKER_PORTS" \
    TEST_CITUS_SPARE_PORT="$CITUS_SPARE_PORT"
  citus_stage="ran"
elif [ -n "$CITUS_SKIPPED" ]; then
  echo "==> Citus: skipped: $CITUS_SKIPPED"
else
  echo "Citus could not be built or installed (see above)" >&2
  exit 1
fi
start_private_postgres

echo "==> Rust: formatting and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

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

echo "==> API fuzzing: Schemathesis against the served spec, on SQLite, PostgreSQL and Citus"
source scripts/lib/schemathesis.sh
fuzz_runs=0
fuzz() {
  local backend=$1 dir="$log_dir/fuzz-$1"
  case "$backend" in
    postgres)
      psql "$TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS convot_fuzz" -c "CREATE DATABASE convot_fuzz" >/dev/null
      export DATABASE_URL="${TEST_POSTGRES_URL%/*}/convot_fuzz"
      ;;
    citus)
      create_citus_database convot_fuzz
      export DATABASE_URL="$CITUS_DATABASE_URL"
      ;;
    *) unset DATABASE_URL ;;
  esac
  start_schemathesis_server "$PWD/target/debug/convot" 18555 "$dir"
  CONVOT_ST_OUT="$dir/report" run_schemathesis http://127.0.0.1:18555 || { stop_schemathesis_server; return 1; }
  stop_schemathesis_server
  unset DATABASE_URL CONVOT_ST_AGENT_TOKEN CONVOT_ST_API_KEY CONVOT_ST_WIDGET_TOKEN
  fuzz_runs=$((fuzz_runs + 4))
}
command -v python3 >/dev/null || apt_install python3
python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
fuzz sqlite
fuzz postgres
if [ "$citus_stage" = ran ]; then fuzz citus; fi

echo "==> docker-compose.yml"
validate_compose_file
# One closing line for the whole run, summed over every runner's own summary.
passed=$(( $(grep -h '^test result:' "$log_dir/cargo.log" | awk '{s += $4} END {print s + 0}') \
  + $(sed 's/\x1b\[[0-9;]*m//g' "$log_dir/unit.log" "$log_dir/e2e.log" | awk '$1 == "Tests" {s += $2} END {print s + 0}') \
  + fuzz_runs ))
echo "==> all tests passed in $(( $(date +%s) - started )) s (Citus tests: $citus_stage)"
echo "tests: $passed passed, 0 failed"
