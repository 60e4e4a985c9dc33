#!/usr/bin/env bash
# Ingestion benchmark: the release server on a private PostgreSQL (durable settings), loaded
# by wrk from a separate process on loopback. Prints one table and writes docs/benchmarks.md.
# Usage: scripts/bench.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh
DURATION="${1:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
PORT="${BENCH_PORT:-18181}"
export CONVOT_TEST_PG_PORT=54339 CONVOT_TEST_PG_DIR=/tmp/convot-bench-pg PG_DURABLE=1
source scripts/lib/postgres.sh

command -v wrk >/dev/null || apt_install wrk
command -v jq >/dev/null || apt_install jq
echo "==> release build"
cargo build --release -p api --locked
start_private_postgres
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; stop_private_postgres; }
trap cleanup EXIT

psql "$TEST_POSTGRES_URL" -qc "CREATE DATABASE convot_bench" >/dev/null
export DATABASE_URL="postgres://convot@127.0.0.1:$CONVOT_TEST_PG_PORT/convot_bench"
export CONVOT_ADDR="127.0.0.1:$PORT" CONVOT_WIDGET_RATE_LIMIT=0 CONVOT_LOG=warn CONVOT_DATA_DIR=/tmp/convot-bench-data
./target/release/convot seed >/dev/null
./target/release/convot serve >/tmp/convot-bench-server.log 2>&1 &
server_pid=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 50); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.1; done

api() { curl -sf -H "Content-Type: application/json" "$@"; }
token=$(api -d '{"email":"demo@convot.test","password":"convot-demo"}' "$base/api/v1/auth/login" | jq -r .token)
app=$(api -H "Authorization: Bearer $token" "$base/api/v1/apps" | jq -c '.items[0]')
app_id=$(jq -r .id <<<"$app"); public_key=$(jq -r .public_key <<<"$app")
api_key=$(api -H "Authorization: Bearer $token" -d '{"name":"bench","scopes":["events:write","contacts:write"]}' \
  "$base/api/v1/apps/$app_id/api_keys" | jq -r .token)
contact_id=$(api -H "Authorization: Bearer $token" "$base/api/v1/contacts?limit=1&q=olivia" | jq -r '.items[0].id')
session=$(api -d "{\"app_id\":\"$public_key\"}" "$base/api/v1/widget/sessions" | jq -r .session_token)

rows=()
# run NAME METHOD PATH TOKEN BODY
run() {
  local name=$1 path=$2 token=$3 body=$4 out
  if [ "$path" = "GET /api/health" ]; then
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$base/api/health")
  else
    out=$(BENCH_PATH="$path" BENCH_TOKEN="$token" BENCH_BODY="$body" \
      wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s scripts/bench/post.lua "$base")
  fi
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out"); errors=${errors:-0}
  rows+=("$name|$rps|$p50|$p99|$errors")
  echo "    $name: $rps req/s, p50 $p50, p99 $p99, non-2xx $errors"
}

echo "==> load: wrk, 2 threads, $CONNECTIONS connections, ${DURATION}s each, PostgreSQL $(psql "$TEST_POSTGRES_URL" -tAc 'show server_version')"
run "trivial: GET /api/health" "GET /api/health" "" ""
run "identify, new contact each call" "/api/v1/widget/identify" "$session" '{"email":"bench-%%N%%@example.com","name":"Bench %%N%%"}'
run "identify, existing contact" "/api/v1/widget/identify" "$session" '{"email":"olivia@northwind-outfitters.com"}'
run "events ingest (API key)" "/api/v1/contacts/$contact_id/events" "$api_key" '{"name":"bench_event","properties":{"n":"%%N%%"}}'

trivial_rps=$(cut -d'|' -f2 <<<"${rows[0]}")
{
  echo "# Benchmarks"
  echo
  echo "Produced by \`scripts/bench.sh $DURATION\` on $(date -u +%Y-%m-%d): release build, PostgreSQL"
  echo "$(psql "$TEST_POSTGRES_URL" -tAc 'show server_version') with durable defaults, wrk (2 threads, $CONNECTIONS connections,"
  echo "${DURATION} s per row) from a separate process on loopback, $(nproc) cores shared by all three."
  echo
  echo "| workload | requests/s | p50 | p99 | non-2xx | vs trivial |"
  echo "|---|---:|---:|---:|---:|---:|"
  for row in "${rows[@]}"; do
    IFS='|' read -r name rps p50 p99 errors <<<"$row"
    ratio=$(awk -v a="$rps" -v b="$trivial_rps" 'BEGIN { printf "%.3f", a / b }')
    echo "| $name | $rps | $p50 | $p99 | $errors | $ratio |"
  done
} > docs/benchmarks.md
echo
cat docs/benchmarks.md
