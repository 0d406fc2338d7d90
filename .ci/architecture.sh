#!/usr/bin/env bash
# The structural rules of ARCHITECTURE.md, checked on the source (test modules excluded):
# file size, the direction of dependencies, one evaluation pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."

fail=0
# A file's code before its `#[cfg(test)] mod tests`.
code_of() { awk '/^#\[cfg\(test\)\]/ { getline next_line; if (next_line ~ /^(pub\(crate\) )?mod tests/) exit; print; print next_line; next } { print }' "$1"; }

for file in $(find src -name '*.rs' | sort); do
    lines=$(code_of "$file" | wc -l)
    if [ "$lines" -gt 800 ]; then
        echo "$file: $lines lines of non-test code (at most 800: split it by concern)"; fail=1
    fi
done

# `pattern` (unless it also matches `allowed`) must not occur in the non-test code of the
# files under the paths given.
forbid() {
    local what=$1 pattern=$2 allowed=$3; shift 3
    for file in $(find "$@" -name '*.rs' | sort); do
        if code_of "$file" | grep -nE "$pattern" | grep -vE "$allowed" | sed "s|^|$file:|" | grep .; then
            echo "  ^ $what"; fail=1
        fi
    done
}
forbid "model/ imports nothing of the crate but itself and source" 'crate::[a-z_]+' 'crate::(model|source)\b' src/model
forbid "the YAML layer imports nothing of the crate but source" 'crate::[a-z_]+' 'crate::source\b' src/yaml
forbid "rules/, paths/, alerts/ and render/ do not import load" 'crate::load\b' '^$' src/rules src/paths src/alerts src/render
forbid "only evaluation builds the rules' context" 'Context \{$' '^$' src/rules src/commands src/diff src/fuzzing.rs src/query src/report src/render
exit $fail
