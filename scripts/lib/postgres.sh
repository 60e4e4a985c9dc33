# Starts a private, throw-away PostgreSQL cluster for the test suite and exports
# TEST_POSTGRES_URL. Sourced by scripts/test.sh; installs PostgreSQL from Debian if missing.
# The cluster lives in its own folder on its own port, so the system cluster is never touched.

PG_PORT="${CONVOT_TEST_PG_PORT:-54329}"
PG_DIR="${CONVOT_TEST_PG_DIR:-/tmp/convot-test-pg}"

pg_bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

ensure_postgres_installed() {
  if [ -z "$(pg_bin_dir)" ]; then
    echo "==> installing PostgreSQL from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

# PG_KEEP=1 (the benchmark) keeps the cluster and its data between runs.
stop_private_postgres() {
  local bin; bin="$(pg_bin_dir)"
  if [ -n "$bin" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  fi
  [ -n "${PG_KEEP:-}" ] || rm -rf "$PG_DIR"
}

# initdb refuses to run as root: the cluster belongs to the `postgres` user when we are root.
as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_private_postgres() {
  ensure_postgres_installed
  local bin; bin="$(pg_bin_dir)"
  stop_private_postgres
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    mkdir -p "$PG_DIR"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$PG_DIR"
    as_postgres "$bin/initdb" -D "$PG_DIR/data" -U convot --auth=trust -E UTF8 >/dev/null
  fi
  # Tests trade durability for speed; a benchmark (PG_DURABLE=1) keeps PostgreSQL's defaults.
  local options="-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=400"
  if [ -z "${PG_DURABLE:-}" ]; then
    options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  as_postgres "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 -o "$options" start >/dev/null
  export TEST_POSTGRES_URL="postgres://convot@127.0.0.1:$PG_PORT/postgres"
  echo "==> PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $PG_PORT (private, in $PG_DIR)"
}
