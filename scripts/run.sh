#!/usr/bin/env bash
# Runs the product: builds the SPA and the server, loads the demo data into SQLite
# (./data/convot.db), and serves API + SPA on one port (CONVOT_ADDR, default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh

build_frontend
echo "==> building the server"
cargo build -p api --locked
./target/debug/convot seed
exec ./target/debug/convot serve
