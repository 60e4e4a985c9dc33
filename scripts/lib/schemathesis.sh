#!/usr/bin/env bash
# Schemathesis: property-based fuzzing of a running Convot server against its own OpenAPI
# document (/api/openapi.json), with every check, every phase (examples, coverage, fuzzing,
# stateful), a fixed seed and a bounded number of examples. Exits non-zero on any failure.
#
#   scripts/lib/schemathesis.sh BASE_URL [PROFILE...]
#   source scripts/lib/schemathesis.sh && run_schemathesis BASE_URL [PROFILE...]
#
# PROFILE is who calls, each a separate run with its own report (default: all four, in this
# order, so the agent run cannot revoke the API key or re-configure the widget app mid-run):
#   widget   the widget_session operations and POST /widget/sessions, as a visitor
#   api_key  every operation whose security allows api_key, as an app's API key
#   agent    every agent_token operation plus the public ones, as an owner (JWT)
#   tenancy  the agent GET operations as the owner, each successful read replayed as the owner
#            of another organization (object_level_authorization); only that check and
#            not_a_server_error, since the agent run already applies the others to these reads
#
# Credentials (defaults: the demo owner printed by `convot seed`):
#   CONVOT_ST_EMAIL, CONVOT_ST_PASSWORD   an owner's login, used once per invocation
#   CONVOT_ST_AGENT_TOKEN                 a JWT instead of the login
#   CONVOT_ST_API_KEY                     an existing `ck_…` key; otherwise one is created with
#                                         every scope on CONVOT_ST_APP_ID and revoked at the end
#   CONVOT_ST_APP_ID                      numeric app id for the key and widget (default: first app)
#   CONVOT_ST_PEER_EMAIL, CONVOT_ST_PEER_PASSWORD   an agent of another organization, for the
#                                         tenancy run (default: the seeded owner@globex.test)
# Tuning: CONVOT_ST_SEED (20261124), CONVOT_ST_MAX_EXAMPLES (200), CONVOT_ST_MAX_STEPS (stateful,
# 20), CONVOT_ST_WORKERS (1: reproducible order), CONVOT_ST_OUT (run folder, default
# data/schemathesis/run-<time>; gitignored), CONVOT_ST_VENV (data/schemathesis-venv),
# CONVOT_ST_SANITIZE (true: tokens and key-like values print as [Filtered]; false to debug).
#
# The run writes, deletes and revokes: point it at a scratch database, never at real data.
# The server should run with CONVOT_WIDGET_RATE_LIMIT=0, or the widget run mostly sees 429s
# (documented, so not failures, but nothing behind the limiter gets exercised).
# `start_schemathesis_server` below starts such a scratch server from a built binary.

CONVOT_ST_VERSION="${CONVOT_ST_VERSION:-4.32.5}"
CONVOT_ST_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

ensure_schemathesis() {
  local venv="${CONVOT_ST_VENV:-$CONVOT_ST_ROOT/data/schemathesis-venv}"
  if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "version $CONVOT_ST_VERSION\$"; then
    echo "==> installing schemathesis $CONVOT_ST_VERSION into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "schemathesis==$CONVOT_ST_VERSION"
  fi
  ST_BIN="$venv/bin/schemathesis"
  ST_PY="$venv/bin/python"
}

# start_schemathesis_server BINARY PORT DIR: a fresh, seeded server on 127.0.0.1:PORT with
# its data in DIR (SQLite unless DATABASE_URL is set), widget rate limit off. Sets ST_SERVER_PID.
start_schemathesis_server() {
  local bin="$1" port="$2" dir="$3"
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "port $port is already in use" >&2
    return 1
  fi
  rm -rf "$dir/data" && mkdir -p "$dir"
  (
    cd "$dir" || exit 1
    export CONVOT_DATA_DIR="$dir/data" CONVOT_ADDR="127.0.0.1:$port" CONVOT_WIDGET_RATE_LIMIT=0 \
      CONVOT_STATIC_DIR="${CONVOT_STATIC_DIR:-$CONVOT_ST_ROOT/frontend/dist}" CONVOT_LOG="${CONVOT_LOG:-warn}"
    "$bin" seed >"$dir/seed.log" 2>&1
  ) || { echo "seeding failed, see $dir/seed.log" >&2; return 1; }
  (
    cd "$dir" || exit 1
    export CONVOT_DATA_DIR="$dir/data" CONVOT_ADDR="127.0.0.1:$port" CONVOT_WIDGET_RATE_LIMIT=0 \
      CONVOT_STATIC_DIR="${CONVOT_STATIC_DIR:-$CONVOT_ST_ROOT/frontend/dist}" CONVOT_LOG="${CONVOT_LOG:-warn}"
    exec "$bin" serve >"$dir/server.log" 2>&1
  ) &
  ST_SERVER_PID=$!
  local i
  for i in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server did not start, see $dir/server.log" >&2
  return 1
}

# Stops the server start_schemathesis_server started (a graceful stop can wait for open streams).
stop_schemathesis_server() {
  if [ -n "${ST_SERVER_PID:-}" ]; then
    kill "$ST_SERVER_PID" 2>/dev/null && wait "$ST_SERVER_PID" 2>/dev/null
    ST_SERVER_PID=
  fi
  return 0
}

# _st_json FILTER: reads JSON on stdin, prints a Python expression over it (`d`).
_st_json() { "$ST_PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# _st_login BASE EMAIL PASSWORD: prints a JWT; waits out a login throttle (429) up to 3 minutes,
# which a previous run's fuzzing of POST /auth/login with the spec's example email can cause.
_st_login() {
  local base="$1" body status wait_for=0 tries=0 from=()
  # From a loopback address of its own: the fuzzing sends wrong logins from 127.0.0.1, and past
  # 50 of them the throttle refuses every email from that address for 15 minutes.
  case "$base" in http://127.0.0.1:*) from=(--interface 127.0.0.2) ;; esac
  body=$("$ST_PY" -c 'import json,sys; print(json.dumps({"email": sys.argv[1], "password": sys.argv[2]}))' "$2" "$3")
  while :; do
    status=$(curl -s "${from[@]}" -o "$ST_TMP/login.json" -D "$ST_TMP/login.headers" -w '%{http_code}' \
      -H 'Content-Type: application/json' -d "$body" "$base/api/v1/auth/login")
    if [ "$status" = 200 ]; then _st_json 'd["token"]' <"$ST_TMP/login.json"; return 0; fi
    if [ "$status" = 429 ] && [ "$tries" -lt 6 ]; then
      wait_for=$(awk 'tolower($1) == "retry-after:" {print $2 + 0}' "$ST_TMP/login.headers")
      wait_for=${wait_for:-30}; [ "$wait_for" -gt 60 ] && wait_for=60
      echo "    login throttled (429), waiting ${wait_for}s" >&2
      sleep "$wait_for"; tries=$((tries + 1)); continue
    fi
    echo "login as $2 failed with $status: $(cat "$ST_TMP/login.json")" >&2
    return 1
  done
}

# _st_get BASE TOKEN PATH: GET with a bearer token, body on stdout, fails on non-2xx.
_st_get() { curl -sf -H "Authorization: Bearer $2" "$1$3"; }

# _st_profile_ops PROFILE: the operationIds a profile covers, read from the served document.
_st_profile_ops() {
  "$ST_PY" - "$1" "$ST_TMP/openapi.json" <<'PY'
import json, sys
profile, path = sys.argv[1], sys.argv[2]
doc = json.load(open(path))
for route, item in doc["paths"].items():
    for method, op in item.items():
        if method not in ("get", "put", "post", "patch", "delete") or "operationId" not in op:
            continue
        schemes = {name for req in op.get("security") or [] for name in req}
        widget = route.startswith("/api/v1/widget/")
        wanted = {
            "agent": "agent_token" in schemes or (not schemes and not widget),
            "api_key": "api_key" in schemes,
            "widget": "widget_session" in schemes or widget,
            "tenancy": "agent_token" in schemes and method == "get",
        }[profile]
        if wanted:
            print(op["operationId"])
PY
}

# _st_write_config PROFILE FILE: the schemathesis.toml of one profile. Tokens stay in the
# environment (${…}); ids of the seeded data feed dictionaries so about half the generated
# path ids hit real rows instead of 404s.
_st_write_config() {
  local profile="$1" file="$2"
  {
    cat <<EOF
# Generated by scripts/lib/schemathesis.sh for the '$profile' run.
seed = $ST_SEED
workers = ${CONVOT_ST_WORKERS:-1}
continue-on-failure = true
request-timeout = 10

[cache]
enabled = false

[generation]
max-examples = ${CONVOT_ST_MAX_EXAMPLES:-200}
database = "none"

[phases.stateful]
max-steps = ${CONVOT_ST_MAX_STEPS:-20}

[auth]
auto-signup = false
EOF
    case "$profile" in
      agent) printf '\n[auth.openapi.agent_token]\nbearer = "${CONVOT_ST_AGENT_TOKEN}"\n' ;;
      tenancy) printf '\n[auth.wfc]\npath = "%s"\nuser = "owner"\npeers = ["owner", "peer"]\n' "$ST_TMP/peers.json" ;;
      api_key) printf '\n[auth.openapi.api_key]\nbearer = "${CONVOT_ST_API_KEY}"\n' ;;
      widget) printf '\n[auth.openapi.widget_session]\nbearer = "${CONVOT_ST_WIDGET_TOKEN}"\n' ;;
    esac
    cat <<EOF

[dictionaries]
app_ids = { values = [$ST_APP_IDS] }
app_keys = { values = [$ST_APP_KEYS] }
contact_ids = { values = [$ST_CONTACT_IDS] }
conversation_ids = { values = [$ST_CONVERSATION_IDS] }
tag_ids = { values = [$ST_TAG_IDS] }

# GET /stream never ends: read the first event (the greeting), then stop.
[[operations]]
include-operation-id = "stream"
max-stream-events = 1

[[operations]]
include-path-regex = '^/api/v1/conversations/\{id\}'
parameters = { "path.id" = { dictionary = "conversation_ids", probability = 0.5 } }

[[operations]]
include-path-regex = '^/api/v1/contacts/\{id\}'
parameters = { "path.id" = { dictionary = "contact_ids", probability = 0.5 } }

[[operations]]
include-path-regex = '/tags/\{tag_id\}\$'
parameters = { "path.tag_id" = { dictionary = "tag_ids", probability = 0.5 } }

[[operations]]
include-path-regex = '^/api/v1/tags/\{id\}\$'
parameters = { "path.id" = { dictionary = "tag_ids", probability = 0.5 } }

[[operations]]
include-path-regex = '^/api/v1/apps/\{id\}'
parameters = { "path.id" = { dictionary = "app_ids", probability = 0.5 } }

[[operations]]
include-path-regex = '/custom_data/\{app_id\}\$'
parameters = { "path.app_id" = { dictionary = "app_ids", probability = 0.5 } }

[[operations]]
include-operation-id = "list_conversations"
parameters = { "query.app_id" = { dictionary = "app_ids", probability = 0.5 } }

[[operations]]
include-operation-id = "create_session"
parameters = { "body.app_id" = { dictionary = "app_keys", probability = 0.5 } }
EOF
  } >"$file"
}

# run_schemathesis BASE_URL [PROFILE...]
run_schemathesis() {
  local base="${1:?usage: run_schemathesis BASE_URL [widget|api_key|agent ...]}"; shift
  base="${base%/}"
  local profiles=("$@")
  [ ${#profiles[@]} -eq 0 ] && profiles=(widget api_key agent tenancy)
  ensure_schemathesis || return 1
  ST_SEED="${CONVOT_ST_SEED:-20261124}"
  local out="${CONVOT_ST_OUT:-$CONVOT_ST_ROOT/data/schemathesis/run-$(date +%Y%m%dT%H%M%S)}"
  mkdir -p "$out" && out="$(cd "$out" && pwd)"
  ST_TMP="$out/tmp"; mkdir -p "$ST_TMP"; chmod 700 "$ST_TMP"
  curl -sf "$base/api/openapi.json" -o "$ST_TMP/openapi.json" || { echo "no OpenAPI document at $base/api/openapi.json" >&2; return 1; }

  echo "==> credentials and seeded ids from $base"
  if [ -z "${CONVOT_ST_AGENT_TOKEN:-}" ]; then
    CONVOT_ST_AGENT_TOKEN=$(_st_login "$base" "${CONVOT_ST_EMAIL:-demo@convot.test}" "${CONVOT_ST_PASSWORD:-convot-demo}") || return 1
  fi
  export CONVOT_ST_AGENT_TOKEN
  local agent="$CONVOT_ST_AGENT_TOKEN"
  _st_get "$base" "$agent" "/api/v1/apps?limit=100" >"$ST_TMP/apps.json" || { echo "GET /apps failed" >&2; return 1; }
  local app_id="${CONVOT_ST_APP_ID:-$(_st_json 'd["items"][0]["id"]' <"$ST_TMP/apps.json")}"
  local app_key; app_key=$(_st_json "[a['public_key'] for a in d['items'] if a['id'] == $app_id][0]" <"$ST_TMP/apps.json")
  ST_APP_IDS=$(_st_json '",".join(str(a["id"]) for a in d["items"])' <"$ST_TMP/apps.json")
  ST_APP_KEYS=$(_st_json '",".join(chr(34) + a["public_key"] + chr(34) for a in d["items"])' <"$ST_TMP/apps.json")
  ST_CONTACT_IDS=$(_st_get "$base" "$agent" "/api/v1/contacts?limit=20" | _st_json '",".join(str(c["id"]) for c in d["items"]) or "1"')
  ST_CONVERSATION_IDS=$(_st_get "$base" "$agent" "/api/v1/conversations?limit=20" | _st_json '",".join(chr(34) + c["id"] + chr(34) for c in d["items"]) or chr(34) + "x" + chr(34)')
  ST_TAG_IDS=$(_st_get "$base" "$agent" "/api/v1/tags?limit=50" | _st_json '",".join(str(t["id"]) for t in d["items"]) or "1"')

  local created_key_id=""
  local status=0 profile
  for profile in "${profiles[@]}"; do
    case "$profile" in
      widget)
        CONVOT_ST_WIDGET_TOKEN=$(curl -sf -H 'Content-Type: application/json' -d "{\"app_id\":\"$app_key\"}" \
          "$base/api/v1/widget/sessions" | _st_json 'd["session_token"]') || { echo "widget session failed" >&2; return 1; }
        export CONVOT_ST_WIDGET_TOKEN ;;
      api_key)
        # Created just before its run (the agent run may revoke keys), revoked after all runs.
        if [ -z "${CONVOT_ST_API_KEY:-}" ]; then
          curl -sf -H "Authorization: Bearer $agent" -H 'Content-Type: application/json' \
            -d '{"name":"schemathesis","scopes":["contacts:read","contacts:write","events:write","conversations:read","conversations:write"]}' \
            "$base/api/v1/apps/$app_id/api_keys" >"$ST_TMP/api_key.json" || { echo "creating an API key failed" >&2; return 1; }
          CONVOT_ST_API_KEY=$(_st_json 'd["token"]' <"$ST_TMP/api_key.json")
          created_key_id=$(_st_json 'd["id"]' <"$ST_TMP/api_key.json")
        fi
        export CONVOT_ST_API_KEY ;;
      agent) ;;
      tenancy)
        local peer
        peer=$(_st_login "$base" "${CONVOT_ST_PEER_EMAIL:-owner@globex.test}" "${CONVOT_ST_PEER_PASSWORD:-convot-demo}") || return 1
        # A Web Fuzzing Commons auth file: the owner sends every request, the peer replays reads.
        "$ST_PY" - "$agent" "$peer" >"$ST_TMP/peers.json" <<'PY'
import json, sys
print(json.dumps({"schemaVersion": "1", "auth": [
    {"name": name, "fixedHeaders": [{"name": "Authorization", "value": "Bearer " + token}]}
    for name, token in (("owner", sys.argv[1]), ("peer", sys.argv[2]))]}))
PY
        ;;
      *) echo "unknown profile $profile (widget, api_key, agent, tenancy)" >&2; return 1 ;;
    esac
    local checks=all exclude=()
    [ "$profile" = tenancy ] && checks=object_level_authorization,not_a_server_error
    # positive_data_acceptance demands that every schema-valid input be accepted; the server's
    # validation is stricter than JSON Schema can state (opaque cursors, IANA time zones,
    # http(s) URLs, "email or external_id", a tag's scope), and those refusals are documented
    # 422s. Every other check stays on, negative_data_rejection included.
    [ "$checks" = all ] && exclude=(--exclude-checks "${CONVOT_ST_EXCLUDE_CHECKS:-positive_data_acceptance}")
    local config="$out/$profile.toml" include=() op
    _st_write_config "$profile" "$config"
    while read -r op; do include+=(--include-operation-id "$op"); done < <(_st_profile_ops "$profile")
    echo "==> schemathesis: $profile ($(( ${#include[@]} / 2 )) operations), report in $out/$profile"
    local started=$SECONDS
    # Run from the run folder: schemathesis keeps state (.hypothesis, .schemathesis) in the cwd.
    (
      cd "$out" && "$ST_BIN" --config-file "$config" run "$base/api/openapi.json" \
        --checks "$checks" "${exclude[@]}" --phases examples,coverage,fuzzing,stateful \
        "${include[@]}" \
        --report junit,ndjson --report-dir "$out/$profile" --no-color \
        --output-sanitize "${CONVOT_ST_SANITIZE:-true}"
    ) 2>&1 | tee "$out/$profile.log"
    local rc=${PIPESTATUS[0]}
    echo "==> $profile: exit $rc in $((SECONDS - started)) s"
    local throttled
    throttled=$(cat "$out/$profile"/ndjson-*.ndjson 2>/dev/null | grep -o '"status_code":429' | wc -l)
    if [ "$throttled" -gt 20 ]; then
      echo "    note: $throttled responses were 429; run the server with CONVOT_WIDGET_RATE_LIMIT=0" >&2
    fi
    [ "$rc" -ne 0 ] && status=1
  done

  if [ -n "$created_key_id" ]; then
    curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $agent" "$base/api/v1/apps/$app_id/api_keys/$created_key_id"
  fi
  echo "==> schemathesis: $([ $status -eq 0 ] && echo 'no failures' || echo 'FAILURES found'); logs and reports in $out"
  return $status
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  run_schemathesis "$@"
fi
