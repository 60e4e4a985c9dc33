# Citus for the test suite and the benchmark: a coordinator and two workers, each a private
# PostgreSQL cluster on a loopback port, joined into one Citus cluster. Sourced after
# postgres.sh. When the extension is not installed it is built from the source release
# CONVOT_CITUS_SOURCE (default: ../shared/vendor/citus-13.2.2.tar.gz beside the checkout,
# where this project's machines and CI keep it), with the PostgreSQL 15 patch that sits next
# to it; the build is cached, so a second run builds nothing. Without either, `ensure_citus`
# says why in CITUS_SKIPPED and returns 1, and the caller skips the Citus stage.
#
# Ports: coordinator CONVOT_CITUS_PORT (54350), workers the next two; a third worker
# (`start_citus_worker 3`) is for the rebalance test. Data under CONVOT_CITUS_DIR.

CITUS_PORT="${CONVOT_CITUS_PORT:-54350}"
CITUS_DIR="${CONVOT_CITUS_DIR:-/tmp/convot-citus}"
CITUS_BUILD_CACHE="${CONVOT_CITUS_BUILD_CACHE:-/var/cache/convot-citus}"
CITUS_SKIPPED=""

citus_pg_major() { "$(pg_bin_dir)/postgres" --version | awk '{print $3}' | cut -d. -f1; }
citus_installed() { [ -f "$(pg_bin_dir)/../lib/citus.so" ]; }

citus_default_source() {
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  echo "$root/../shared/vendor/citus-13.2.2.tar.gz"
}

# Installs the extension if it is missing. Returns 1 (with CITUS_SKIPPED set) when there is
# nothing to install it from.
ensure_citus() {
  ensure_postgres_installed
  citus_installed && return 0
  local source="${CONVOT_CITUS_SOURCE:-$(citus_default_source)}"
  if [ ! -f "$source" ]; then
    CITUS_SKIPPED="the citus extension is not installed and there is no source release at $source (set CONVOT_CITUS_SOURCE)"
    return 1
  fi
  local major; major="$(citus_pg_major)"
  echo "==> building Citus from $(basename "$source") for PostgreSQL $major"
  apt_install "postgresql-server-dev-$major" libcurl4-openssl-dev liblz4-dev libzstd-dev libkrb5-dev \
    libssl-dev libselinux1-dev libxslt1-dev libpam0g-dev libreadline-dev patch make gcc
  # Installing the server headers can upgrade the server: read the version again.
  major="$(citus_pg_major)"
  local key; key="$(sha256sum "$source" | cut -c1-16)-pg$("$(pg_bin_dir)/postgres" --version | awk '{print $3}')"
  local build="$CITUS_BUILD_CACHE/$key"
  if [ ! -f "$build/.built" ]; then
    rm -rf "$build" && mkdir -p "$build"
    tar -xzf "$source" -C "$build" --strip-components=1
    local patch_file="${source%.tar.gz}-pg$major.patch"
    if [ -f "$patch_file" ]; then
      # Only where it applies: a PostgreSQL that does not export the function needs no patch.
      if (cd "$build" && patch -p1 --dry-run --forward -s <"$patch_file" >/dev/null 2>&1); then
        (cd "$build" && patch -p1 --forward -s <"$patch_file")
      fi
    fi
    (cd "$build" && ./configure --without-libcurl >"$build/configure.log" 2>&1 \
      && make -j"$(nproc)" >"$build/make.log" 2>&1) \
      || { echo "Citus build failed; see $build/configure.log and $build/make.log" >&2; return 2; }
    touch "$build/.built"
  fi
  (cd "$build" && make install >"$build/install.log" 2>&1) \
    || { echo "Citus install failed; see $build/install.log" >&2; return 2; }
  citus_installed
}

citus_node_port() { echo $((CITUS_PORT + $1)); }

# Node 0 is the coordinator, 1.. the workers.
start_citus_node() {
  local n=$1 bin; bin="$(pg_bin_dir)"
  local dir="$CITUS_DIR/node$n" port; port="$(citus_node_port "$n")"
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$dir" "$CITUS_DIR"
  as_postgres "$bin/initdb" -D "$dir/data" -U convot --auth=trust -E UTF8 >/dev/null
  # No TLS between the nodes: CREATE EXTENSION citus would otherwise make a self-signed X.509
  # v1 certificate, which rustls refuses to parse.
  # Every test database's Citus maintenance daemon keeps connections to the other nodes.
  local options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=1500"
  options="$options -c shared_preload_libraries=citus -c citus.node_conninfo=sslmode=disable -c ssl=off"
  # Shard moves copy by logical replication; each database's Citus maintenance daemon is a
  # background worker, and the tests make many databases.
  options="$options -c wal_level=logical -c max_worker_processes=256 -c citus.shard_count=${CONVOT_CITUS_SHARD_COUNT:-32}"
  if [ -z "${PG_DURABLE:-}" ]; then
    options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o "$options" start >/dev/null
  psql "postgres://convot@127.0.0.1:$port/postgres?sslmode=disable" -qAtc "CREATE EXTENSION IF NOT EXISTS citus" >/dev/null
}

# Adds worker n to the cluster's `postgres` database (tests add it to their own databases).
start_citus_worker() {
  start_citus_node "$1"
  psql "$CITUS_COORDINATOR_URL" -qAtc "SELECT citus_add_node('127.0.0.1', $(citus_node_port "$1"))" >/dev/null
}

# A worker that is running but in no database's cluster yet (the rebalance test adds it).
start_citus_spare_worker() {
  start_citus_node 3
  export CITUS_SPARE_PORT="$(citus_node_port 3)"
}

# Exports CITUS_COORDINATOR_URL (sslmode=disable: see above) and CITUS_WORKER_PORTS.
start_citus_cluster() {
  start_citus_node 0
  export CITUS_COORDINATOR_URL="postgres://convot@127.0.0.1:$(citus_node_port 0)/postgres?sslmode=disable"
  psql "$CITUS_COORDINATOR_URL" -qAtc "SELECT citus_set_coordinator_host('127.0.0.1', $(citus_node_port 0))" >/dev/null
  start_citus_worker 1
  start_citus_worker 2
  export CITUS_WORKER_PORTS="$(citus_node_port 1),$(citus_node_port 2)"
  echo "==> Citus $(psql "$CITUS_COORDINATOR_URL" -qAtc "SELECT extversion FROM pg_extension WHERE extname = 'citus'"): coordinator on port $(citus_node_port 0), workers on $CITUS_WORKER_PORTS"
}

# create_citus_database NAME: the database on every node with the extension, the workers
# joined to it on the coordinator (Citus keeps its node list per database); exports
# CITUS_DATABASE_URL, ready for `convot migrate` to distribute the tables.
create_citus_database() {
  local name=$1 port
  # Citus says on every CREATE DATABASE that it does not propagate it: known, and done here.
  local PGOPTIONS="-c client_min_messages=warning"; export PGOPTIONS
  export CITUS_DATABASE_URL="${CITUS_COORDINATOR_URL%/*}/$name?sslmode=disable"
  psql "$CITUS_COORDINATOR_URL" -qc "CREATE DATABASE $name" >/dev/null
  for port in ${CITUS_WORKER_PORTS//,/ }; do
    psql "postgres://convot@127.0.0.1:$port/postgres?sslmode=disable" -qc "CREATE DATABASE $name" >/dev/null
    psql "postgres://convot@127.0.0.1:$port/$name?sslmode=disable" -qc "CREATE EXTENSION citus" >/dev/null
  done
  psql "$CITUS_DATABASE_URL" -q -c "CREATE EXTENSION citus" \
    -c "SELECT citus_set_coordinator_host('127.0.0.1', $(citus_node_port 0))" >/dev/null
  for port in ${CITUS_WORKER_PORTS//,/ }; do
    psql "$CITUS_DATABASE_URL" -qc "SELECT citus_add_node('127.0.0.1', $port)" >/dev/null
  done
}

stop_citus_cluster() {
  local bin n; bin="$(pg_bin_dir)"
  [ -n "$bin" ] || return 0
  for n in 0 1 2 3; do
    if [ -f "$CITUS_DIR/node$n/data/postmaster.pid" ]; then
      as_postgres "$bin/pg_ctl" -D "$CITUS_DIR/node$n/data" -m fast stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$CITUS_DIR"
}
