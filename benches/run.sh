#!/usr/bin/env bash
# The benchmark harness: `benches/run.sh [--quick] [--peers] [--runs N] [--peer-runs N] [--only NAME]`.
# Installs hyperfine and GNU time when missing, builds the release binaries, then runs
# benches/bench.rs, which generates the data under target/bench-data/ and prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]}" >&2
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cargo build --release --locked --quiet --bin own --example generate --example floor --example bench
exec target/release/examples/bench "$@"
