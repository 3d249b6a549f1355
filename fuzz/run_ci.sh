#!/bin/sh
# Run each fuzz target for FUZZ_SECONDS (default 30) from FUZZ_SEED (default 1); fail on the first crash.
# Without an installable atheris, run the same targets as a plain random-input loop.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
SECONDS_EACH="${FUZZ_SECONDS:-30}"
FUZZ_SEED="${FUZZ_SEED:-1}"  # one seed, so that a run fails only for a change of the code; 0: a new seed each run
"$PYTHON" -c "import atheris" 2>/dev/null || "$PYTHON" -m pip install --quiet "atheris>=2.3" || true
OUT="$(mktemp -d)"
export FIXER_NO_CACHE=1
for target in fuzz_fix fuzz_glossary; do
    echo "== $target (${SECONDS_EACH}s)"
    if "$PYTHON" -c "import atheris" 2>/dev/null; then
        (cd "$OUT" && "$PYTHON" "$OLDPWD/fuzz/$target.py" -seed="$FUZZ_SEED" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -print_final_stats=1)
    else
        echo "atheris is not available: plain random-input loop instead"
        "$PYTHON" "fuzz/$target.py" --no-atheris --iterations 3000 --seed "$FUZZ_SEED"
    fi
done
