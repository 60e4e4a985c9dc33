# Installs what the commands need and a fresh Debian machine may lack: Node.js and npm,
# the frontend's npm packages, and (for browser tests) Debian's Chromium.

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_node() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "==> installing Node.js and npm from Debian's packages"
    apt_install nodejs npm
  fi
}

ensure_chromium() {
  if [ -z "${CHROMIUM_PATH:-}" ]; then
    if [ ! -x /usr/bin/chromium ]; then
      echo "==> installing Chromium from Debian's packages"
      apt_install chromium
    fi
    export CHROMIUM_PATH=/usr/bin/chromium
  fi
}

# `npm ci` only when the lock file changed since the last install, so warm runs skip it.
ensure_frontend_packages() {
  ensure_node
  local stamp=frontend/node_modules/.convot-lock-stamp
  if [ ! -f "$stamp" ] || ! cmp -s frontend/package-lock.json "$stamp"; then
    echo "==> npm ci"
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
    cp frontend/package-lock.json "$stamp"
  fi
}

build_frontend() {
  ensure_frontend_packages
  echo "==> building the SPA"
  (cd frontend && npm run --silent build)
}

# `docker compose config` validates the file without an engine; Debian's docker-compose (v1)
# stands in where the client has no compose plugin.
validate_compose_file() {
  local secret="CONVOT_JWT_SECRET=compose-config-check"
  if docker compose version >/dev/null 2>&1; then
    env "$secret" docker compose -f docker-compose.yml config -q
  elif command -v docker >/dev/null 2>&1; then
    command -v docker-compose >/dev/null 2>&1 || apt_install docker-compose
    env "$secret" docker-compose -f docker-compose.yml config -q
  else
    echo "    no docker client on this machine: docker-compose.yml not validated"
  fi
}
