#!/usr/bin/env bash
# Mention quality against a gold standard.
#
#   scripts/quality.sh [GOLD.jsonl] [-- extra entgraph options]
#
# Builds the release binary, extracts mentions from the gold file (JSON Lines with
# `doc_id` and `text`, as the development gold standard has them), and scores them
# with score.py from the gold file's folder when there is one. Without a scorer it
# leaves the mentions in target/quality/mentions.jsonl for you to score.
set -euo pipefail
cd "$(dirname "$0")/.."

gold=${1:-../shared/eval/gold-dev.jsonl}
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

scorer="$(dirname "$gold")/score.py"
if [ -f "$scorer" ]; then
  python3 "$scorer" "$gold" "$out" --skip-kind demonym ${VERBOSE:+-v}
else
  echo "quality: mentions written to $out; no score.py beside $gold to score them" >&2
fi
