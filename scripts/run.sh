#!/usr/bin/env bash
# Runs the product: builds the SPA and the server, loads the demo data into SQLite
# (./data/convot.db), and serves API + SPA on one port (CONVOT_ADDR, default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh

build_frontend
echo "==> building the server"
# The same invocation as the test command, so both share one set of compiled dependencies.
cargo build --workspace --all-targets --locked
./target/debug/convot seed
exec ./target/debug/convot serve
