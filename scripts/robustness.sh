#!/usr/bin/env bash
# The big inputs of docs/robustness.md, too big for `cargo test`: generates them
# in target/robustness/ and runs the release binary on each, with its time and
# peak memory (/usr/bin/time -v).
#
#   scripts/robustness.sh [MB]      # MB: size of the long lines (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."

mb=${1:-200}
bytes=$((mb * 1000 * 1000))
dir=target/robustness
mkdir -p "$dir"
cargo build --release --quiet
bin=target/release/entgraph
[ -x /usr/bin/time ] || { echo "robustness: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

# `yes | head` ends `yes` with SIGPIPE: not a failure here.
set +o pipefail
# One line, no line breaks: the example article, its sentences kept.
line=$dir/line-${mb}mb.txt
[ -s "$line" ] || yes "$(tr '\n' ' ' < examples/article.txt)" | tr -d '\n' | head -c "$bytes" > "$line"
# One line and one sentence: names and words without a single full stop.
nobreak=$dir/nobreak-${mb}mb.txt
[ -s "$nobreak" ] || yes "China met Russia and Brazil with India while Xi Jinping told Putin about the United Nations and NATO" |
  tr '\n' ' ' | head -c "$bytes" > "$nobreak"
# One word: letters, no space.
word=$dir/word-${mb}mb.txt
[ -s "$word" ] || { printf 'China '; yes x | tr -d '\n' | head -c "$bytes"; printf ' Russia'; } > "$word"
# 100,000 aliases: 50,000 entities with a name and an abbreviation each.
gaz=$dir/aliases-100k.tsv
[ -s "$gaz" ] || awk 'BEGIN {
  for (i = 0; i < 50000; i++) {
    printf "Company %d Holdings\tCompany %d\tcompany\tc%d\n", i, i, i
    printf "CH%d\tCompany %d\tcompany\tc%d\n", i, i, i
  } }' > "$gaz"
set -o pipefail
text=$dir/mentions-of-100k.txt
awk 'BEGIN { for (i = 0; i < 50000; i += 97) printf "Company %d Holdings met CH%d. ", i, i + 1 }' > "$text"

# Runs a command and prints: name, seconds, peak memory (MB), exit status, output size.
run() {
  local name=$1 out=$dir/$1.out log=$dir/$1.time
  shift
  set +e
  /usr/bin/time -v "$@" > "$out" 2> "$log"
  local status=$?
  set -e
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")
  printf '%-22s %8.1f s %7s MB   exit %s   output %s bytes\n' "$name" "$secs" "$rss" "$status" "$(stat -c %s "$out")"
  grep -v -E '^\s|^Command being timed' "$log" | grep -i -E 'entgraph:|panicked' | head -3 | sed 's/^/    /' || true
}

echo "robustness: ${mb} MB lines, 100,000 aliases ($(nproc) cores)"
run line "$bin" extract --quiet "$line"
run nobreak "$bin" extract --quiet "$nobreak"
run word "$bin" extract --quiet -f mentions "$word"
run gazetteer-check "$bin" gazetteer check "$gaz"
run gazetteer-extract "$bin" extract --quiet --no-default-gazetteers -g "$gaz" "$text"
