#!/usr/bin/env bash
# The benchmark: the release server on a private PostgreSQL (durable settings) holding the
# generated dataset (`convot seed --bench`, loaded once and kept in data/bench-pg), loaded by
# wrk from a separate process on loopback. Prints one table and writes docs/benchmarks.md.
# Usage: scripts/bench.sh [seconds per row, default 10] [dataset scale, default 1]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh
DURATION="${1:-10}"
SCALE="${2:-1}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
PORT="${BENCH_PORT:-18181}"
export CONVOT_TEST_PG_PORT=54339 CONVOT_TEST_PG_DIR="$PWD/data/bench-pg" PG_DURABLE=1 PG_KEEP=1
source scripts/lib/postgres.sh

command -v wrk >/dev/null || apt_install wrk
command -v jq >/dev/null || apt_install jq
echo "==> release build"
cargo build --release -p api --locked
start_private_postgres
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; stop_private_postgres; }
trap cleanup EXIT

db="convot_bench_$(tr -c 'a-z0-9\n' '_' <<<"$SCALE")"
export DATABASE_URL="postgres://convot@127.0.0.1:$CONVOT_TEST_PG_PORT/$db"
if ! psql "$TEST_POSTGRES_URL" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
  psql "$TEST_POSTGRES_URL" -qc "CREATE DATABASE $db" >/dev/null
fi
export CONVOT_ADDR="127.0.0.1:$PORT" CONVOT_WIDGET_RATE_LIMIT=0 CONVOT_LOG=warn CONVOT_DATA_DIR=/tmp/convot-bench-data
echo "==> dataset (scale $SCALE; generated once, then reused)"
./target/release/convot seed >/dev/null
./target/release/convot seed --bench "$SCALE"
psql "$DATABASE_URL" -qc "ANALYZE" >/dev/null
./target/release/convot serve >/tmp/convot-bench-server.log 2>&1 &
server_pid=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.1; done

api() { curl -sf -H "Content-Type: application/json" "$@"; }
token=$(api -d '{"email":"owner1@bench.convot.test","password":"convot-demo"}' "$base/api/v1/auth/login" | jq -r .token)
app=$(api -H "Authorization: Bearer $token" "$base/api/v1/apps" | jq -c '.items[0]')
app_id=$(jq -r .id <<<"$app"); public_key=$(jq -r .public_key <<<"$app")
api_key=$(api -H "Authorization: Bearer $token" -d '{"name":"bench","scopes":["events:write","contacts:write"]}' \
  "$base/api/v1/apps/$app_id/api_keys" | jq -r .token)
# One widget session per simulated browser.
sessions=$(for _ in $(seq 64); do api -d "{\"app_id\":\"$public_key\"}" "$base/api/v1/widget/sessions" | jq -r .session_token; done | tr '\n' ' ')
# Paths sampled across the dataset: newest conversations (normal contacts) and the heavy
# contacts' conversations, and contacts spread over the id range.
conversations=$(api -H "Authorization: Bearer $token" "$base/api/v1/conversations?limit=100" | jq -r '.items[].id')
first_contact=$(psql "$DATABASE_URL" -tAc "SELECT MIN(c.id) FROM contacts c JOIN organizations o ON o.id = c.organization_id WHERE o.name = 'Bench 1'")
contact_count=$(psql "$DATABASE_URL" -tAc "SELECT COUNT(*) FROM contacts c JOIN organizations o ON o.id = c.organization_id WHERE o.name = 'Bench 1'")
heavy=$(psql "$DATABASE_URL" -tAc "SELECT id FROM conversations WHERE contact_id = $first_contact ORDER BY last_activity_at DESC LIMIT 20")
sidebar_paths=$(for id in $conversations $heavy; do printf '/api/v1/conversations/%s/sidebar ' "$id"; done)
# Earlier runs add contacts through identify, so ids are sampled rather than assumed dense.
bench_org="(SELECT id FROM organizations WHERE name = 'Bench 1')"
contact_paths=$(psql "$DATABASE_URL" -tAc "SELECT id FROM contacts WHERE organization_id = $bench_org ORDER BY random() LIMIT 200" \
  | while read -r id; do printf '/api/v1/contacts/%s ' "$id"; done)
timeline_paths=$(for i in $(seq 0 19); do printf '/api/v1/contacts/%s/events?limit=5 ' $((first_contact + i)); done)
# Page 1,000 of each heavy contact's timeline at 5 per page: the cursor is the keyset of the
# 4,995th newest event, encoded as the API encodes it.
timeline_deep_paths=$(for i in $(seq 0 19); do
  key=$(psql "$DATABASE_URL" -tAc "SELECT json_build_array(to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), id) FROM contact_events WHERE contact_id = $((first_contact + i)) ORDER BY occurred_at DESC, id DESC OFFSET 4994 LIMIT 1")
  [ -n "$key" ] && printf '/api/v1/contacts/%s/events?limit=5&cursor=%s ' $((first_contact + i)) "$(printf '%s' "$key" | tr -d ' ' | base64 -w0 | tr '+/' '-_' | tr -d '=')"
done)
search_paths="/api/v1/contacts?q=grace /api/v1/contacts?q=user123 /api/v1/contacts?q=lund%20labs /api/v1/contacts?q=ext-1-42"
event_contact=$((first_contact + 1000))

rows=()
record() {
  local name=$1 out=$2 rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out"); errors=${errors:-0}
  rows+=("$name|$rps|$p50|$p99|$errors")
  echo "    $name: $rps req/s, p50 $p50, p99 $p99, non-2xx $errors"
}
load() { wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@"; }
get() { record "$1" "$(BENCH_PATHS="$2" BENCH_TOKEN="$token" load -s scripts/bench/get.lua "$base")"; }
post() { record "$1" "$(BENCH_PATH="$2" BENCH_TOKEN="$3" BENCH_BODY="$4" BENCH_RANGE="$contact_count" load -s scripts/bench/post.lua "$base")"; }

echo "==> load: wrk, 2 threads, $CONNECTIONS connections, ${DURATION}s per row"
record "trivial: GET /api/health" "$(load "$base/api/health")"
get "one contact by id (auth + primary-key read)" "$contact_paths"
get "sidebar (one request, all sections)" "$sidebar_paths"
get "event timeline, page 1 (5 per page)" "$timeline_paths"
get "event timeline, page 1,000 (5 per page)" "$timeline_deep_paths"
get "contact search" "$search_paths"
post "identify, new contact each call" "/api/v1/widget/identify" "$sessions" '{"email":"bench-%%N%%@example.com","name":"Bench %%N%%"}'
post "identify, existing contact (random)" "/api/v1/widget/identify" "$sessions" '{"email":"user%%R%%@org1.bench.test"}'
post "events ingest (API key)" "/api/v1/contacts/$event_contact/events" "$api_key" '{"name":"bench_event","properties":{"n":"%%N%%"}}'

trivial_rps=$(cut -d'|' -f2 <<<"${rows[0]}")
pk_rps=$(cut -d'|' -f2 <<<"${rows[1]}")
counts=$(psql "$DATABASE_URL" -tAc "SELECT (SELECT COUNT(*) FROM contacts) || ' contacts, ' || (SELECT COUNT(*) FROM contact_events) || ' events, ' || (SELECT COUNT(*) FROM conversations) || ' conversations, ' || (SELECT COUNT(*) FROM messages) || ' messages'")
{
  echo "# Benchmarks"
  echo
  echo "Produced by \`scripts/bench.sh $DURATION $SCALE\` on $(date -u +%Y-%m-%d): release build; PostgreSQL"
  echo "$(psql "$TEST_POSTGRES_URL" -tAc 'show server_version' | cut -d' ' -f1) with durable defaults holding $counts"
  echo "(five organizations; the largest is the one measured); wrk with 2 threads and $CONNECTIONS connections,"
  echo "${DURATION} s per row, from a separate process on loopback; $(nproc) cores shared by server, database and load."
  echo
  echo "| workload | requests/s | p50 | p99 | non-2xx | vs trivial | vs primary-key read |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for row in "${rows[@]}"; do
    IFS='|' read -r name rps p50 p99 errors <<<"$row"
    ratio=$(awk -v a="$rps" -v b="$trivial_rps" 'BEGIN { printf "%.3f", a / b }')
    pk_ratio=$(awk -v a="$rps" -v b="$pk_rps" 'BEGIN { printf "%.2f", a / b }')
    echo "| $name | $rps | $p50 | $p99 | $errors | $ratio | $pk_ratio |"
  done
} > docs/benchmarks.md
echo
cat docs/benchmarks.md
