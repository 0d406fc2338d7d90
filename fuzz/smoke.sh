#!/usr/bin/env bash
# Build the fuzz targets and run each for a few seconds from the committed seed corpus, so
# that they cannot rot. `fuzz/smoke.sh 600 codeowners` is a real run of one target.
#
# Works on the stable toolchain: `-s none` leaves out the sanitizer, the one flag that needs
# nightly (`own` has no unsafe code; libFuzzer's coverage instrumentation works on stable).
# New inputs go to a scratch folder; only crashes are kept, under fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-8}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(load_manifest load_included path_patterns codeowners alert_file)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "--- cargo install cargo-fuzz"
    cargo install cargo-fuzz --locked --version 0.13.2
fi

# The default build: optimised, with debug assertions and overflow checks (an overflow that
# a file can cause is a bug too).
echo "--- cargo fuzz build"
cargo fuzz build -s none

# FUZZ_WORK keeps the grown corpus between runs (for long runs); by default it is thrown away.
if [ -n "${FUZZ_WORK:-}" ]; then
    scratch="$FUZZ_WORK"
    mkdir -p "$scratch"
else
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
fi
for target in "${targets[@]}"; do
    echo "--- fuzz $target for ${seconds}s"
    mkdir -p "$scratch/$target"
    log="$scratch/$target.log"
    status=0
    seeds=("fuzz/corpus/$target")
    if [ -d "tests/fuzz_regressions/$target" ]; then
        seeds+=("tests/fuzz_regressions/$target")
    fi
    options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384)
    case "$target" in
        load_*) options+=(-dict=fuzz/own.dict) ;;
    esac
    cargo fuzz run -s none "$target" "$scratch/$target" "${seeds[@]}" -- \
        "${options[@]}" -print_final_stats=1 >"$log" 2>&1 || status=$?
    grep -E '^stat::number_of_executed_units|^#[0-9]+ +DONE' "$log" || true
    if [ "$status" -ne 0 ]; then
        grep -E -A12 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -n 60 >&2 || true
        echo "fuzz target $target failed; the input is under fuzz/artifacts/$target/" >&2
        exit 1
    fi
done
