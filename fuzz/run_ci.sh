#!/bin/sh
# Run each fuzz target for FUZZ_SECONDS (default 30); fail on the first crash.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
SECONDS_EACH="${FUZZ_SECONDS:-30}"
"$PYTHON" -c "import atheris" 2>/dev/null || "$PYTHON" -m pip install --quiet "atheris>=2.3"
OUT="$(mktemp -d)"
export FIXER_NO_CACHE=1
for target in fuzz_fix fuzz_glossary; do
    echo "== $target (${SECONDS_EACH}s)"
    (cd "$OUT" && "$PYTHON" "$OLDPWD/fuzz/$target.py" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -print_final_stats=1)
done
