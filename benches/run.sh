#!/usr/bin/env bash
# The benchmark harness: benches/run.sh [--quick] [--peers] [--release] [--runs N] [--only NAME] ...
# Installs hyperfine and GNU time when missing, builds the binaries, then runs benches/bench.rs,
# which generates the data under target/bench-data/ and prints the table (see benches/README.md).
# Full runs use a release build; --quick (tiny sizes, for CI) uses the debug build that
# `cargo test` already made, unless --release is given.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]}" >&2
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

profile=release
args=()
for arg in "$@"; do
    case "$arg" in
        --quick) profile=${profile_set:-debug}; args+=("$arg") ;;
        --release) profile=release; profile_set=release ;;
        *) args+=("$arg") ;;
    esac
done
flags=(--locked --quiet --bin own --example generate --example floor --example bench)
if [ "$profile" = release ]; then
    cargo build --release "${flags[@]}"
else
    cargo build "${flags[@]}"
fi
exec "target/$profile/examples/bench" "${args[@]}"
