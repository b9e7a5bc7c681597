#!/bin/sh
# Classify every call of the fuzz (tests/fuzz_classify.py): rerun after a call that had to be
# ended by faulthandler, until the run finishes. Usage:
#   FUZZ_CLASSIFY_OUT=outcomes.jsonl ICA_MODEL_FUZZ_EXAMPLES=200 tests/fuzz_classify.sh SEED [pytest args]
seed=$1; shift
PY=${PY:-.venv/bin/python}
rm -f "${FUZZ_CLASSIFY_OUT:=fuzz-outcomes.jsonl}" "$FUZZ_CLASSIFY_OUT.state"
export FUZZ_CLASSIFY_OUT PYTHONPATH="${PYTHONPATH:+$PYTHONPATH:}$(pwd)/tests"
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    $PY -m pytest tests/unit/test_fuzz.py tests/unit/test_fuzz_api.py -p no:cacheprovider -p fuzz_classify -q \
        --hypothesis-seed="$seed" "$@"
    grep -q '"finished": true' "$FUZZ_CLASSIFY_OUT.state" && exit 0
    echo "attempt $attempt ended inside a call: rerunning (that call counts as a hang)"
done
exit 1
