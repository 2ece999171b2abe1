#!/usr/bin/env bash
# Mention quality against a gold standard.
#
#   scripts/quality.sh [GOLD.jsonl] [-- extra entgraph options]
#
# Builds the release binary, extracts mentions from the gold file (JSON Lines with
# `doc_id` and `text`) and scores them with eval/score.py, demonyms left out as both
# gold sets leave them out. Without an argument it scores the Wikinews development set
# kept in the repository (eval/wikinews-dev.jsonl, scope in eval/wikinews-dev/scope.tsv);
# for another gold file the scope file is GOLD/scope.tsv (the folder named like the file)
# or scope.tsv beside it, e.g. for the GUM set: scripts/quality.sh ../shared/eval/gold-dev.jsonl
# VERBOSE=1 lists false positives and misses; the mentions stay in target/quality/.
set -euo pipefail
cd "$(dirname "$0")/.."

gold=${1:-eval/wikinews-dev.jsonl}
shift || true
[ "${1:-}" = "--" ] && shift
if [ ! -f "$gold" ]; then
  echo "quality: no gold file at $gold (give its path as the first argument)" >&2
  exit 2
fi

cargo build --release --quiet
mkdir -p target/quality
out=target/quality/mentions.jsonl
./target/release/entgraph extract --quiet --input-format jsonl --id-field doc_id \
  --format mentions -o "$out" "$@" "$gold"

python3 eval/score.py "$gold" "$out" --skip-kind demonym ${VERBOSE:+-v}
