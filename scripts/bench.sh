#!/usr/bin/env bash
# The benchmark: the release server holding the generated dataset (`convot seed --bench`,
# loaded once and kept in BENCH_PG_DIR, default /var/tmp/convot-bench-pg), loaded by wrk from a separate process on loopback, first
# on a private PostgreSQL (durable settings), then on SQLite. Prints one table and writes
# docs/benchmarks.md.
# Usage: scripts/bench.sh [seconds per row, default 10] [dataset scale, default 1]
#        scripts/bench.sh soak [minutes, default 10] [dataset scale, default 1]
#        scripts/bench.sh export [contacts, default 200000]
#        scripts/bench.sh import [rows, default 100000]
#   BENCH_BACKENDS="postgres sqlite" (default both; `citus` adds a coordinator with two workers), BENCH_CONNECTIONS=32, BENCH_PORT=18181,
#   BENCH_HOOK_PORT=18182 (the webhook receiver), BENCH_SENDER_PORT=18183 (the webhook sender
#   process), BENCH_WEBHOOK_DRAIN_SECS=600 (how long a webhook row waits for its deliveries
#   after the load), BENCH_ROWS=webhooks (only the webhook rows, each with the plain ingest it
#   compares with). CARGO_TARGET_DIR is honoured.
# The last two rows of each backend ingest events with three webhook endpoints subscribed to
# event.created, served by scripts/bench/webhook_receiver.py on loopback: events/s against a
# plain ingest run just before (target at least 0.90), then, once the queue has drained, the
# delivery lag (arrival minus the event's created_at) p50/p99 and the time to drain. The
# server under load runs as an API node (CONVOT_WORKERS without `webhooks`); the sender is a
# second process (CONVOT_WORKERS=webhooks), in one row as on nodes of its own (not running on
# these cores during the load), in the other sharing the two cores (see webhook_ingest).
# The export run loads that many contacts (custom data in three keys, a tag each) into the demo
# organization, streams GET /contacts/export.csv once, and reports the time and the server's
# peak RSS (VmHWM) before and after, to show the export runs in constant memory; it writes
# its table at the end of docs/benchmarks.md.
# The soak runs mixed load (sidebar reads, event ingest, identifies) on PostgreSQL minute by
# minute, samples the server's memory, and writes its table into docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh
SOAK=""
EXPORT_CONTACTS=""
IMPORT_ROWS=""
if [ "${1:-}" = export ]; then
  EXPORT_CONTACTS="${2:-200000}"
  set -- 10 1
elif [ "${1:-}" = import ]; then
  IMPORT_ROWS="${2:-100000}"
  set -- 10 1
fi
if [ "${1:-}" = soak ]; then
  SOAK="${2:-10}"
  shift 2 || shift
  set -- 60 "${1:-1}"
  BENCH_BACKENDS=postgres
fi
DURATION="${1:-10}"
SCALE="${2:-1}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
PORT="${BENCH_PORT:-18181}"
HOOK_PORT="${BENCH_HOOK_PORT:-18182}"
SENDER_PORT="${BENCH_SENDER_PORT:-18183}"
ROWS="${BENCH_ROWS:-all}"
WEBHOOK_DRAIN_SECS="${BENCH_WEBHOOK_DRAIN_SECS:-600}"
BACKENDS="${BENCH_BACKENDS:-postgres sqlite}"
# The mixed run's background ingest: connections × (1000 / (delay + service time)) ≈ 500/s.
INGEST_CONNECTIONS=16
INGEST_DELAY_MS=20
# Its cluster lives outside data/: the server keeps its development secrets there and makes the
# directory its owner's alone (0700), where the postgres user could no longer reach a cluster.
export CONVOT_TEST_PG_PORT=54339 CONVOT_TEST_PG_DIR="${BENCH_PG_DIR:-/var/tmp/convot-bench-pg}" PG_DURABLE=1 PG_KEEP=1
# The benchmark's own Citus nodes, apart from a test run's.
export CONVOT_CITUS_PORT=54360 CONVOT_CITUS_DIR=/tmp/convot-bench-citus
source scripts/lib/postgres.sh
source scripts/lib/citus.sh

command -v wrk >/dev/null || apt_install wrk
command -v jq >/dev/null || apt_install jq
command -v sqlite3 >/dev/null || apt_install sqlite3
command -v python3 >/dev/null || apt_install python3
RELEASE_BIN="${CARGO_TARGET_DIR:-./target}/release/convot"
# BENCH_BIN runs another build of the server (the export run only), skipping the release build.
BIN="${BENCH_BIN:-$RELEASE_BIN}"
if [ -z "${BENCH_BIN:-}" ]; then
  echo "==> release build"
  cargo build --release -p api --locked
fi
server_pid=""
receiver_pid=""
pg_started=""
stop_server() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
stop_receiver() { [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null; wait "$receiver_pid" 2>/dev/null || true; receiver_pid=""; }
sender_pid=""
stop_sender() { [ -n "$sender_pid" ] && kill "$sender_pid" 2>/dev/null; wait "$sender_pid" 2>/dev/null || true; sender_pid=""; }
citus_started=""
cleanup() { stop_receiver; stop_sender; stop_server; [ -n "$pg_started" ] && stop_private_postgres; [ -n "$citus_started" ] && stop_citus_cluster; true; }
trap cleanup EXIT

name="convot_bench_$(tr -c 'a-z0-9\n' '_' <<<"$SCALE")"
base="http://127.0.0.1:$PORT"
# Webhooks may go to plain http on loopback: the webhook row's receiver.
# The server under load is an API node: every worker but the webhook sender, which the webhook
# row starts as a process of its own.
export CONVOT_ADDR="127.0.0.1:$PORT" CONVOT_WIDGET_RATE_LIMIT=0 CONVOT_LOG=warn CONVOT_DATA_DIR=/tmp/convot-bench-data \
  CONVOT_WEBHOOKS_ALLOW_PRIVATE=1 CONVOT_WORKERS=email,shopify,imports,upkeep

# One SQL query against the current backend's database, values only.
sql() {
  case "$backend" in
    postgres | citus) psql "$DATABASE_URL" -tAc "$1" ;;
    sqlite) sqlite3 "$sqlite_file" "$1" ;;
  esac
}

prepare_database() {
  case "$backend" in
    citus)
      # A coordinator and two workers on these same two cores, durable like the PostgreSQL
      # row, started fresh each run (scripts/lib/citus.sh): the ratio to the PostgreSQL rows is
      # the cost of the coordinator hop.
      ensure_citus || { echo "Citus: $CITUS_SKIPPED" >&2; return 1; }
      stop_citus_cluster
      start_citus_cluster
      citus_started=1
      create_citus_database "$name"
      export DATABASE_URL="$CITUS_DATABASE_URL"
      ;;
    postgres)
      start_private_postgres
      pg_started=1
      # Same host, so the Unix socket, as a same-host deployment would connect: measured ~20%
      # more sidebar throughput than loopback TCP, whose wake-ups dominated the server's CPU.
      export DATABASE_URL="postgres://convot@localhost:$CONVOT_TEST_PG_PORT/$name?host=$CONVOT_TEST_PG_DIR"
      if ! psql "$TEST_POSTGRES_URL" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
        psql "$TEST_POSTGRES_URL" -qc "CREATE DATABASE $name" >/dev/null
      fi
      ;;
    sqlite)
      mkdir -p data/bench-sqlite
      sqlite_file="$PWD/data/bench-sqlite/$name.db"
      export DATABASE_URL="sqlite://$sqlite_file?mode=rwc"
      ;;
  esac
  echo "==> $backend dataset (scale $SCALE; generated once, then reused)"
  "$RELEASE_BIN" seed >/dev/null
  "$RELEASE_BIN" seed --bench "$SCALE"
  sql "ANALYZE" >/dev/null
}

api() { curl -sf -H "Content-Type: application/json" "$@"; }

# Page 1,000 of a contact's timeline at 5 per page, reached through the API's own cursors:
# 49 pages of 100, one of 95, and the cursor that follows event 4,995.
deep_timeline_path() {
  local contact=$1 cursor="" page
  for _ in $(seq 49); do
    page=$(api -H "Authorization: Bearer $token" "$base/api/v1/contacts/$contact/events?limit=100${cursor:+&cursor=$cursor}")
    cursor=$(jq -r '.next_cursor // empty' <<<"$page")
    [ -n "$cursor" ] || return 0
  done
  page=$(api -H "Authorization: Bearer $token" "$base/api/v1/contacts/$contact/events?limit=95&cursor=$cursor")
  cursor=$(jq -r '.next_cursor // empty' <<<"$page")
  [ -n "$cursor" ] && printf '/api/v1/contacts/%s/events?limit=5&cursor=%s ' "$contact" "$cursor"
}

sample_workload() {
  token=$(api -d '{"email":"owner1@bench.convot.test","password":"convot-demo"}' "$base/api/v1/auth/login" | jq -r .token)
  local apps public_key
  apps=$(api -H "Authorization: Bearer $token" "$base/api/v1/apps")
  app_id=$(jq -r '.items[0].id' <<<"$apps"); public_key=$(jq -r '.items[0].public_key' <<<"$apps")
  # Endpoints an interrupted run left behind would slow every ingest row.
  remove_webhooks "$(api -H "Authorization: Bearer $token" "$base/api/v1/apps/$app_id/webhooks" | jq -r '.items[].id')"
  app_paths=$(jq -r '.items[].id' <<<"$apps" | while read -r id; do printf '/api/v1/apps/%s ' "$id"; done)
  api_key=$(api -H "Authorization: Bearer $token" -d '{"name":"bench","scopes":["events:write","contacts:write"]}' \
    "$base/api/v1/apps/$app_id/api_keys" | jq -r .token)
  # One widget session per simulated browser.
  sessions=$(for _ in $(seq 64); do api -d "{\"app_id\":\"$public_key\"}" "$base/api/v1/widget/sessions" | jq -r .session_token; done | tr '\n' ' ')
  local bench_org="(SELECT id FROM organizations WHERE name = 'Bench 1')" first_contact conversations heavy
  first_contact=$(sql "SELECT MIN(id) FROM contacts WHERE organization_id = $bench_org")
  contact_count=$(sql "SELECT COUNT(*) FROM contacts WHERE organization_id = $bench_org")
  # Sidebars of the newest conversations (normal contacts) and of the heavy contacts' ones.
  conversations=$(api -H "Authorization: Bearer $token" "$base/api/v1/conversations?limit=100" | jq -r '.items[].id')
  heavy=$(api -H "Authorization: Bearer $token" "$base/api/v1/contacts/$first_contact/conversations?limit=20" | jq -r '.items[].id')
  sidebar_paths=$(for id in $conversations $heavy; do printf '/api/v1/conversations/%s/sidebar ' "$id"; done)
  # Earlier runs add contacts through identify, so ids are sampled rather than assumed dense.
  profile_paths=$(sql "SELECT id FROM contacts WHERE organization_id = $bench_org ORDER BY random() LIMIT 200" \
    | while read -r id; do printf '/api/v1/contacts/%s ' "$id"; done)
  timeline_paths=$(for i in $(seq 0 19); do printf '/api/v1/contacts/%s/events?limit=5 ' $((first_contact + i)); done)
  timeline_deep_paths=$(for i in $(seq 0 9); do deep_timeline_path $((first_contact + i)); done)
  search_paths="/api/v1/contacts?q=grace /api/v1/contacts?q=user123 /api/v1/contacts?q=lund%20labs /api/v1/contacts?q=ext-1-42"
  event_path="/api/v1/contacts/$((first_contact + 1000))/events"
  counts=$(sql "SELECT (SELECT COUNT(*) FROM contacts) || ' contacts, ' || (SELECT COUNT(*) FROM contact_events) || ' events, ' || (SELECT COUNT(*) FROM conversations) || ' conversations, ' || (SELECT COUNT(*) FROM messages) || ' messages'")
}

rows=()
record() {
  local name=$1 out=$2 rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out"); errors=${errors:-0}
  rows+=("$backend|$name|$rps|$p50|$p99|$errors")
  echo "    $name: $rps req/s, p50 $p50, p99 $p99, non-2xx $errors"
}
load() { wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@"; }
get() { record "$1" "$(BENCH_PATHS="$2" BENCH_TOKEN="$token" load -s scripts/bench/get.lua "$base")"; }
post() { record "$1" "$(BENCH_PATH="$2" BENCH_TOKEN="$3" BENCH_BODY="$4" BENCH_RANGE="$contact_count" load -s scripts/bench/post.lua "$base")"; }

# Sidebar reads at full concurrency while a paced writer ingests events beside them.
mixed() {
  local ingest_log=/tmp/convot-bench-ingest.txt writes
  BENCH_PATH="$event_path" BENCH_TOKEN="$api_key" BENCH_BODY='{"name":"mixed_event","properties":{"n":"%%N%%"}}' \
    BENCH_DELAY_MS="$INGEST_DELAY_MS" wrk -t1 -c"$INGEST_CONNECTIONS" -d"$((DURATION + 1))s" \
    -s scripts/bench/paced_post.lua "$base" >"$ingest_log" &
  local writer=$!
  sleep 0.5
  local out
  out=$(BENCH_PATHS="$sidebar_paths" BENCH_TOKEN="$token" load -s scripts/bench/get.lua "$base")
  wait "$writer"
  writes=$(awk '/Requests\/sec/ {printf "%d", $2}' "$ingest_log")
  record "sidebar during ingest ($writes events/s beside it)" "$out"
}

# Deletes the bench app's webhook endpoints given by id (and their delivery logs with them).
remove_webhooks() {
  local id
  for id in $1; do
    curl -sf -X DELETE -H "Authorization: Bearer $token" "$base/api/v1/apps/$app_id/webhooks/$id" >/dev/null
  done
}

receiver_stats() { curl -sf "http://127.0.0.1:$HOOK_PORT/stats"; }

# The events ingest row again, with three endpoints of the app subscribed to event.created
# (scripts/bench/webhook_receiver.py on loopback answers each at once). Its events/s against a
# plain ingest run just before it (same table sizes); then it waits until every delivery the
# load enqueued has arrived (or none is pending), for at most WEBHOOK_DRAIN_SECS, and takes the
# lag of each delivery: arrival minus the event's created_at. The sender is a process of its
# own (CONVOT_WORKERS=webhooks), placed as $1 says:
#   apart   as on sender nodes of its own: not running on these cores during the load (the
#           ingest pays only the enqueue), started when the load ends (the lag is then the
#           backlog and its drain);
#   shared  running during the load on the same two cores as the server, the database, the
#           receiver and wrk.
# Run last, and the endpoints are deleted after, so no other row sends.
webhook_ingest() {
  local placement=$1 stats_file="/tmp/convot-bench-webhooks-$backend-$1.json" ids="" id n out
  python3 scripts/bench/webhook_receiver.py --port "$HOOK_PORT" --out "$stats_file" \
    2>"/tmp/convot-bench-receiver-$backend.log" &
  receiver_pid=$!
  for _ in $(seq 50); do receiver_stats >/dev/null && break; sleep 0.1; done
  [ "$placement" = shared ] && start_sender
  # The baseline is taken again right before, on the same table sizes: the plain row ran
  # several rows earlier, and the mixed run has grown the events table since. A warm-up run
  # first, so neither run pays for a cold cache or a just-started sender.
  local plain_out
  BENCH_PATH="$event_path" BENCH_TOKEN="$api_key" BENCH_BODY='{"name":"bench_event","properties":{"n":"%%N%%"}}' \
    BENCH_RANGE="$contact_count" wrk -t2 -c"$CONNECTIONS" -d3s -s scripts/bench/post.lua "$base" >/dev/null
  plain_out=$(BENCH_PATH="$event_path" BENCH_TOKEN="$api_key" BENCH_BODY='{"name":"bench_event","properties":{"n":"%%N%%"}}' \
    BENCH_RANGE="$contact_count" load -s scripts/bench/post.lua "$base")
  for n in 1 2 3; do
    id=$(api -H "Authorization: Bearer $token" \
      -d "{\"url\":\"http://127.0.0.1:$HOOK_PORT/hook$n\",\"topics\":[\"event.created\"],\"enabled\":true,\"description\":\"bench\"}" \
      "$base/api/v1/apps/$app_id/webhooks" | jq -r .id)
    ids="$ids${ids:+,}$id"
  done
  local mine="endpoint_id IN ($ids)"
  out=$(BENCH_PATH="$event_path" BENCH_TOKEN="$api_key" BENCH_BODY='{"name":"bench_event","properties":{"n":"%%N%%"}}' \
    BENCH_RANGE="$contact_count" load -s scripts/bench/post.lua "$base")
  local ended got_at_end total pending got=0 waited drained=yes
  ended=$(date +%s.%N)
  got_at_end=$(receiver_stats | jq .count)
  [ "$placement" = apart ] && start_sender
  while :; do
    total=$(sql "SELECT COUNT(*) FROM webhook_deliveries WHERE $mine")
    pending=$(sql "SELECT COUNT(*) FROM webhook_deliveries WHERE $mine AND status = 'pending'")
    got=$(receiver_stats | jq .count)
    [ "$pending" = 0 ] && [ "$got" -ge "$total" ] && break
    waited=$(awk -v a="$ended" -v b="$(date +%s.%N)" 'BEGIN { printf "%d", b - a }')
    if [ "$waited" -ge "$WEBHOOK_DRAIN_SECS" ]; then drained=""; break; fi
    sleep 0.2
  done
  waited=$(awk -v a="$ended" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  local failed events stats
  failed=$(sql "SELECT COUNT(*) FROM webhook_deliveries WHERE $mine AND status = 'failed'")
  stats=$(receiver_stats)
  remove_webhooks "${ids//,/ }"
  stop_receiver
  stop_sender
  events=$((total / 3))
  local base_rps rps ratio verdict
  base_rps=$(awk '/Requests\/sec/ {print $2}' <<<"$plain_out")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.2f", a / b }')
  verdict=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.90 ? "met" : "missed") }')
  local p50 p99 lag_max distinct dupes during drain_rate
  read -r got p50 p99 lag_max distinct dupes <<<"$(jq -r '"\(.count) \(.p50_ms) \(.p99_ms) \(.max_ms) \(.distinct_ids) \(.duplicates)"' <<<"$stats")"
  during=$(awk -v n="$got_at_end" -v d="$DURATION" 'BEGIN { printf "%d", n / d }')
  drain_rate=$(awk -v n="$((got - got_at_end))" -v t="$waited" 'BEGIN { printf "%d", (t > 0) ? n / t : 0 }')
  local drain_note="drained in ${waited} s"
  [ -n "$drained" ] || drain_note="NOT drained after ${waited} s: $pending pending"
  local where="sender on its own nodes"
  [ "$placement" = shared ] && where="sender on these cores"
  record "events ingest, 3 webhook endpoints, $where ($ratio of the plain ingest just before, ≥ 0.90 $verdict; lag p50 $(fmt_ms "$p50"), p99 $(fmt_ms "$p99"); $drain_note)" "$out"
  echo "    webhooks ($placement): $events events → $total deliveries ($failed failed), $got received by 3 endpoints ($distinct distinct webhook-id, $dupes repeats);"
  echo "    $got_at_end arrived during the ${DURATION} s load ($during/s), the rest at $drain_rate/s while draining; lag max $(fmt_ms "$lag_max")"
  echo "    ingest $rps events/s against $base_rps/s without webhooks just before: $ratio ($verdict, target ≥ 0.90)"
  webhook_notes+=("$backend, $where: $events events, $total deliveries ($failed failed), $got received ($distinct distinct webhook-id, $dupes repeats); $during deliveries/s during the load, $drain_rate/s while draining; lag max $(fmt_ms "$lag_max")")
}

# The webhook sender as a process of its own, as on sender nodes (CONVOT_WORKERS=webhooks).
start_sender() {
  CONVOT_WORKERS=webhooks CONVOT_ADDR="127.0.0.1:$SENDER_PORT" "$RELEASE_BIN" serve \
    >"/tmp/convot-bench-sender-$backend.log" 2>&1 &
  sender_pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$SENDER_PORT/api/health" >/dev/null && break; sleep 0.1; done
}

# Milliseconds as wrk prints them: 850.0ms, 12.34s.
fmt_ms() { awk -v v="$1" 'BEGIN { if (v == "null" || v == "") print "n/a"; else if (v >= 10000) printf "%.1fs", v / 1000; else if (v >= 1000) printf "%.2fs", v / 1000; else printf "%.1fms", v }'; }

run_backend() {
  prepare_database
  "$RELEASE_BIN" serve >"/tmp/convot-bench-server-$backend.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.1; done
  sample_workload
  echo "==> $backend load: wrk, 2 threads, $CONNECTIONS connections, ${DURATION}s per row ($counts)"
  if [ "$ROWS" = all ]; then
    record "trivial: GET /api/health" "$(load "$base/api/health")"
    get "single primary-key read: GET /apps/{id} (auth + one row)" "$app_paths"
    get "sidebar (one request, all sections)" "$sidebar_paths"
    get "contact profile: GET /contacts/{id}" "$profile_paths"
    get "event timeline, page 1 (5 per page)" "$timeline_paths"
    get "event timeline, page 1,000 (5 per page)" "$timeline_deep_paths"
    get "contact search" "$search_paths"
    post "identify, new contact each call" "/api/v1/widget/identify" "$sessions" '{"email":"bench-%%N%%@example.com","name":"Bench %%N%%"}'
    post "identify, existing contact (random, re-attaches the session)" "/api/v1/widget/identify" "$sessions" '{"email":"user%%R%%@org1.bench.test"}'
    post "identify, returning visitor (each session its own person)" "/api/v1/widget/identify" "$sessions" '{"email":"user%%T%%@org1.bench.test","name":"User %%T%%"}'
    post "events ingest (API key)" "$event_path" "$api_key" '{"name":"bench_event","properties":{"n":"%%N%%"}}'
    mixed
  fi
  webhook_ingest apart
  webhook_ingest shared
  summaries+=("$backend: $counts")
  stop_server
}

# Minute after minute of mixed load; RSS of the server after each. Targets: memory growth
# under 10% from the first minute to the last, last-minute p99 within 1.2x of the first.
soak() {
  backend=postgres
  prepare_database
  "$RELEASE_BIN" serve >/tmp/convot-soak-server.log 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.1; done
  sample_workload
  local soak_rows=() minute out p99 rss writes identifies
  for minute in $(seq "$SOAK"); do
    BENCH_PATH="$event_path" BENCH_TOKEN="$api_key" BENCH_BODY='{"name":"soak_event","properties":{"n":"%%N%%"}}' \
      BENCH_DELAY_MS="$INGEST_DELAY_MS" wrk -t1 -c"$INGEST_CONNECTIONS" -d60s -s scripts/bench/paced_post.lua "$base" >/tmp/convot-soak-ingest.txt &
    local writer=$!
    BENCH_PATH=/api/v1/widget/identify BENCH_TOKEN="$sessions" BENCH_BODY='{"email":"user%%R%%@org1.bench.test"}' BENCH_RANGE="$contact_count" \
      wrk -t1 -c4 -d60s -s scripts/bench/post.lua "$base" >/tmp/convot-soak-identify.txt &
    local identifier=$!
    out=$(BENCH_PATHS="$sidebar_paths $profile_paths" BENCH_TOKEN="$token" wrk -t2 -c16 -d60s --latency -s scripts/bench/get.lua "$base")
    wait "$writer" "$identifier"
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
    writes=$(awk '/Requests\/sec/ {printf "%d", $2}' /tmp/convot-soak-ingest.txt)
    identifies=$(awk '/Requests\/sec/ {printf "%d", $2}' /tmp/convot-soak-identify.txt)
    errors=$(cat <(echo "$out") /tmp/convot-soak-ingest.txt /tmp/convot-soak-identify.txt | awk '/Non-2xx/ {s += $5} END {print s + 0}')
    soak_rows+=("| $minute | $(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out") | $p99 | $writes | $identifies | $errors | $((rss / 1024)) |")
    echo "    minute $minute: reads p99 $p99, RSS $((rss / 1024)) MiB, errors $errors"
    [ "$minute" = 1 ] && { first_p99=$p99; first_rss=$rss; }
    last_p99=$p99; last_rss=$rss
  done
  # wrk prints p99 with a unit (us, ms, s); compare in milliseconds.
  to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000; print n }'; }
  local verdict
  verdict=$(awk -v r0="$first_rss" -v r1="$last_rss" -v p0="$(to_ms "$first_p99")" -v p1="$(to_ms "$last_p99")" \
    'BEGIN { printf "Memory growth from the first minute to the last: %.1f%% (target under 10%%); last-minute p99 %.2fx the first (target within 1.2x).", (r1 - r0) * 100 / r0, p1 / p0 }')
  stop_server
  {
    sed '/^## Soak run/,$d' docs/reliability.md
    echo "## Soak run"
    echo
    echo "\`scripts/bench.sh soak $SOAK $SCALE\` on $(date -u +%Y-%m-%d): release build on PostgreSQL (durable) with the"
    echo "generated dataset; each minute 16 connections read sidebars and profiles while $INGEST_CONNECTIONS paced"
    echo "connections post events and 4 identify existing contacts; RSS of the server after each minute."
    echo
    echo "| minute | reads/s | read p99 | events/s | identifies/s | non-2xx | server RSS (MiB) |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${soak_rows[@]}"
    echo
    echo "$verdict"
  } > docs/reliability.md.new
  mv docs/reliability.md.new docs/reliability.md
  echo
  sed -n '/^## Soak run/,$p' docs/reliability.md
}

# A generated CSV of $IMPORT_ROWS contacts (tags, three custom-data keys of the demo app
# "Product Reviews") imported into the demo organization of an otherwise empty database by a
# freshly started server, twice: the second import of the same file must change nothing. Wall
# time from upload to `done`, and the server's peak RSS (VmHWM) after each.
import_bench() {
  local csv=/tmp/convot-bench-import.csv db_name=convot_import_bench
  awk -v n="$IMPORT_ROWS" 'BEGIN {
    print "email,external_id,name,company,city,country,tags,app:Product Reviews:plan,app:Product Reviews:seats,app:Product Reviews:beta"
    split("free,basic,pro,enterprise", plans, ",")
    for (i = 1; i <= n; i++)
      printf "import%d@bench.test,imp-%d,Person %d,Company %d,City %d,DE,\"bench-import,tier-%d\",%s,%d,%s\n",
        i, i, i, i % 997, i % 101, i % 5, plans[i % 4 + 1], i % 50, (i % 2 ? "true" : "false")
  }' > "$csv"
  case "$backend" in
    postgres)
      start_private_postgres
      pg_started=1
      psql "$TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $db_name" >/dev/null
      psql "$TEST_POSTGRES_URL" -qc "CREATE DATABASE $db_name" >/dev/null
      export DATABASE_URL="postgres://convot@localhost:$CONVOT_TEST_PG_PORT/$db_name?host=$CONVOT_TEST_PG_DIR"
      ;;
    sqlite)
      mkdir -p data/bench-sqlite
      rm -f "data/bench-sqlite/$db_name.db"*
      export DATABASE_URL="sqlite://$PWD/data/bench-sqlite/$db_name.db?mode=rwc"
      ;;
  esac
  "$RELEASE_BIN" seed >/dev/null
  "$RELEASE_BIN" serve >"/tmp/convot-bench-import-$backend.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.1; done
  token=$(api -d '{"email":"demo@convot.test","password":"convot-demo"}' "$base/api/v1/auth/login" | jq -r .token)
  local run started id status body elapsed hwm size
  size=$(du -m "$csv" | cut -f1)
  for run in first "second (same file)"; do
    started=$(date +%s.%N)
    id=$(curl -sf -H "Authorization: Bearer $token" -H "Content-Type: text/csv" --data-binary "@$csv" \
      "$base/api/v1/contacts/imports?file_name=bench.csv" | jq -r .id)
    while :; do
      body=$(api -H "Authorization: Bearer $token" "$base/api/v1/contacts/imports/$id")
      status=$(jq -r .status <<<"$body")
      [ "$status" = done ] || [ "$status" = failed ] && break
      sleep 0.2
    done
    elapsed=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    hwm=$(awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$server_pid/status")
    local counts
    counts=$(jq -r '"\(.created_count) created, \(.updated_count) updated, \(.unchanged_count) unchanged, \(.failed_count) failed"' <<<"$body")
    import_rows+=("| $backend | $run | $IMPORT_ROWS ($size MiB) | $status | $elapsed | $(awk -v n="$IMPORT_ROWS" -v t="$elapsed" 'BEGIN { printf "%d", n / t }') | $counts | $hwm |")
    echo "    import, $run: $status in ${elapsed}s, $counts, server peak RSS ${hwm} MiB"
  done
  stop_server
}

import_rows=()
if [ -n "$IMPORT_ROWS" ]; then
  for backend in $BACKENDS; do
    echo "==> $backend: importing $IMPORT_ROWS CSV rows"
    import_bench
  done
  {
    sed '/^## Contact CSV import/,/^## /{/^## Contact CSV import/d;/^## /!d}' docs/benchmarks.md
  } > docs/benchmarks.md.new
  {
    echo
    echo "## Contact CSV import"
    echo
    echo "\`scripts/bench.sh import $IMPORT_ROWS\` on $(date -u +%Y-%m-%d): release build, a freshly started server, a generated"
    echo "CSV (email, external_id, name, company, city, country, two tags, three custom-data keys of one app)"
    echo "uploaded as \`text/csv\` and polled until \`done\`; then the same file again, which must change nothing."
    echo "Peak RSS is the server's VmHWM after the run. $(nproc) cores shared by server and database."
    echo
    echo "| database | run | rows | status | seconds | rows/s | outcome | server peak RSS (MiB) |"
    echo "|---|---|---:|---|---:|---:|---|---:|"
    printf '%s\n' "${import_rows[@]}"
    echo
  } >> docs/benchmarks.md.new
  mv docs/benchmarks.md.new docs/benchmarks.md
  sed -n '/^## Contact CSV import/,$p' docs/benchmarks.md
  exit 0
fi

if [ -n "$SOAK" ]; then
  soak
  exit 0
fi

# `count` contacts in the demo organization, each with three custom-data keys in one app and
# one of two tags, written by set-based SQL (the API's one-row writers would take an hour).
load_export_contacts() {
  local count=$1 org="(SELECT id FROM organizations WHERE name = 'Acme Apps')" json="" series now
  local app="(SELECT id FROM apps WHERE name = 'Product Reviews')"
  case "$backend" in
    postgres) json="::jsonb"; series="generate_series(1, $count) AS s(i)"; now="now()" ;;
    sqlite) series="(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count) SELECT i FROM n) s"
      now="strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" ;;
  esac
  local bulk="FROM contacts c WHERE c.email LIKE 'export%@bench-export.test'"
  sql "INSERT INTO contacts (organization_id, email, external_id, name, company, country, created_at, updated_at)
       SELECT $org, 'export' || s.i || '@bench-export.test', 'exp-' || s.i, 'Export Contact ' || s.i,
              'Company ' || (s.i % 1000), 'DE', $now, $now FROM $series" >/dev/null
  sql "INSERT INTO app_contacts (organization_id, contact_id, app_id, first_seen_at, last_seen_at)
       SELECT c.organization_id, c.id, $app, c.created_at, c.created_at $bulk" >/dev/null
  for pair in "plan|'\"pro\"'" "seats|CAST(c.id % 50 AS TEXT)" "beta|'true'"; do
    sql "INSERT INTO custom_attributes (organization_id, contact_id, app_id, key, value, source, updated_at)
         SELECT c.organization_id, c.id, $app, '${pair%%|*}', (${pair#*|})$json, 'api', c.created_at $bulk" >/dev/null
  done
  sql "INSERT INTO contact_tags (organization_id, contact_id, tag_id, created_at)
       SELECT c.organization_id, c.id, (SELECT MIN(id) FROM tags WHERE organization_id = c.organization_id), c.created_at $bulk" >/dev/null
  sql "ANALYZE" >/dev/null
}

peak_rss_mib() { awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$server_pid/status"; }

export_run() {
  local export_rows=()
  for backend in $BACKENDS; do
    name="convot_export_$EXPORT_CONTACTS"
    case "$backend" in
      postgres)
        start_private_postgres; pg_started=1
        export DATABASE_URL="postgres://convot@localhost:$CONVOT_TEST_PG_PORT/$name?host=$CONVOT_TEST_PG_DIR"
        psql "$TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $name" >/dev/null
        psql "$TEST_POSTGRES_URL" -qc "CREATE DATABASE $name" >/dev/null ;;
      sqlite)
        mkdir -p data/bench-sqlite; sqlite_file="$PWD/data/bench-sqlite/$name.db"; rm -f "$sqlite_file"*
        export DATABASE_URL="sqlite://$sqlite_file?mode=rwc" ;;
    esac
    "$BIN" migrate >/dev/null
    "$BIN" seed >/dev/null
    echo "==> $backend: loading $EXPORT_CONTACTS contacts for the export"
    load_export_contacts "$EXPORT_CONTACTS"
    "$BIN" serve >"/tmp/convot-export-server-$backend.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.1; done
    token=$(api -d '{"email":"demo@convot.test","password":"convot-demo"}' "$base/api/v1/auth/login" | jq -r .token)
    # A small export first, so the baseline includes whatever one export allocates once.
    curl -sf -H "Authorization: Bearer $token" "$base/api/v1/contacts/export.csv?q=export1@" -o /dev/null
    local before after result rows
    before=$(peak_rss_mib)
    result=$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/contacts/export.csv?provenance=true" \
      -o /tmp/convot-export.csv -w '%{time_total} %{size_download}')
    after=$(peak_rss_mib)
    rows=$(($(wc -l </tmp/convot-export.csv) - 1))
    read -r seconds bytes <<<"$result"
    export_rows+=("| $backend | $rows | $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') | $seconds | $(awk -v r="$rows" -v s="$seconds" 'BEGIN { printf "%d", r / s }') | $before | $after |")
    echo "    $backend: $rows rows, $bytes bytes in $seconds s; peak RSS $before MiB before, $after MiB after"
    stop_server
    [ "$backend" = postgres ] && { stop_private_postgres; pg_started=""; }
  done
  {
    sed '/^## Contact export/,$d' docs/benchmarks.md
    echo "## Contact export"
    echo
    echo "\`scripts/bench.sh export $EXPORT_CONTACTS\` on $(date -u +%Y-%m-%d): $(basename "$(dirname "$BIN")") build; $EXPORT_CONTACTS contacts (three"
    echo "custom-data keys and a tag each) beside the demo data, exported once as"
    echo "\`GET /contacts/export.csv?provenance=true\` with curl. Peak RSS is the server's VmHWM after a"
    echo "one-row export (before) and after the full one: the difference is what the export itself held."
    echo
    echo "| database | rows | MiB | seconds | rows/s | peak RSS before (MiB) | peak RSS after (MiB) |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${export_rows[@]}"
  } > docs/benchmarks.md.new
  mv docs/benchmarks.md.new docs/benchmarks.md
  sed -n '/^## Contact export/,$p' docs/benchmarks.md
}

if [ -n "$EXPORT_CONTACTS" ]; then
  export_run
  exit 0
fi

summaries=()
webhook_notes=()
for backend in $BACKENDS; do run_backend; done

{
  echo "# Benchmarks"
  echo
  echo "Produced by \`scripts/bench.sh $DURATION $SCALE\` on $(date -u +%Y-%m-%d): release build; wrk with 2 threads and"
  echo "$CONNECTIONS connections, ${DURATION} s per row, from a separate process on loopback; $(nproc) cores shared by"
  echo "server, database and load. PostgreSQL $(psql "${TEST_POSTGRES_URL:-${CITUS_COORDINATOR_URL:-}}" -tAc 'show server_version' 2>/dev/null | cut -d' ' -f1) runs with durable"
  echo "defaults (fsync, synchronous commit), reached over its Unix socket; SQLite in WAL mode. Five"
  echo "organizations; the largest is the"
  echo "one measured. Datasets:"
  for summary in "${summaries[@]}"; do echo "- $summary"; done
  echo
  echo "The mixed run reads sidebars at full concurrency while $INGEST_CONNECTIONS more connections post"
  echo "events, each pausing ${INGEST_DELAY_MS} ms between requests (the achieved write rate is in the row)."
  echo
  echo "The webhook rows, last of each database, are the events ingest again with three endpoints of"
  echo "the app subscribed to \`event.created\`, a loopback receiver (\`scripts/bench/webhook_receiver.py\`)"
  echo "answering each at once. The server under load is an API node (\`CONVOT_WORKERS\` without"
  echo "\`webhooks\`); the sender is a process of its own (\`CONVOT_WORKERS=webhooks\`): in the first row as"
  echo "on nodes of its own (not running on these cores during the load, started when it ends), in the"
  echo "second sharing the two cores. Each carries its rate against a plain ingest run just before it"
  echo "(target at least 0.90) and the delivery lag, arrival minus the event's \`created_at\`, over every"
  echo "delivery of the load once the queue has drained (waited for up to ${WEBHOOK_DRAIN_SECS} s after the load):"
  for note in "${webhook_notes[@]}"; do echo "- $note"; done
  echo
  echo "| database | workload | requests/s | p50 | p99 | non-2xx | vs primary-key read |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for row in "${rows[@]}"; do
    IFS='|' read -r db name rps p50 p99 errors <<<"$row"
    pk_rps=$(for r in "${rows[@]}"; do IFS='|' read -r d n v _ <<<"$r"; [ "$d" = "$db" ] && [[ "$n" == single* ]] && echo "$v"; done; true)
    pk_ratio=$(awk -v a="$rps" -v b="$pk_rps" 'BEGIN { printf "%.2f", a / b }')
    echo "| $db | $name | $rps | $p50 | $p99 | $errors | $pk_ratio |"
  done
} > docs/benchmarks.md.new
# Keep the hand-written analysis below the table (everything from "## " on).
if [ -f docs/benchmarks.md ] && grep -q '^## ' docs/benchmarks.md; then
  { echo; sed -n '/^## /,$p' docs/benchmarks.md; } >> docs/benchmarks.md.new
fi
mv docs/benchmarks.md.new docs/benchmarks.md
echo
cat docs/benchmarks.md
