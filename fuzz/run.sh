#!/usr/bin/env bash
# Seeds the corpora (when empty) and runs each fuzz target in turn, one job each.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Builds on stable Rust with RUSTC_BOOTSTRAP=1 (libFuzzer needs nightly flags).
# Crashes land in fuzz/artifacts/TARGET/; a run's log in fuzz/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-1800}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(gazetteer_toml gazetteer_table extract)
export RUSTC_BOOTSTRAP=1
root=$PWD
target_dir=target/fuzz

seed() {
  local dir=fuzz/corpus/$1
  [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return
  mkdir -p "$dir"
  case $1 in
    gazetteer_toml)
      cp tests/data/gazetteers/*.toml gazetteers/cues/relations.toml "$dir"/
      # The first entities of each bundled file: every field in use, small files.
      for f in gazetteers/*.toml gazetteers/leaders/*.toml; do
        awk '/^\[\[entity\]\]/{n++} n<=3' "$f" > "$dir/$(basename "$f")"
      done ;;
    gazetteer_table)
      # The first byte picks the format: 0 TSV, 1 CSV, 2 spaCy JSON Lines.
      { printf '\0'; cat tests/data/gazetteers/companies.tsv; } > "$dir/companies.tsv"
      { printf '\1'; printf 'alias,label,type,id\n"Acme, Inc.",Acme,company,acme\nGlobex,Globex,company\n'; } > "$dir/companies.csv"
      { printf '\2'; printf '{"label": "ORG", "pattern": "Acme Corp", "id": "acme"}\n{"label": "GPE", "pattern": [{"LOWER": "paris"}]}\n'; } > "$dir/patterns.jsonl" ;;
    extract)
      # The first byte picks the options (see fuzz/src/lib.rs).
      local i=0
      for f in examples/article.txt tests/data/articles/*.txt; do
        { printf "\\$(printf %03o $((i * 37 % 256)))"; cat "$f"; } > "$dir/$(basename "$f")"
        i=$((i + 1))
      done ;;
  esac
}

# Build every target first, then run the binaries: the runs then test the same
# code even when the sources change while they go on.
cargo fuzz build --target-dir "$target_dir"
bin=$root/$target_dir/x86_64-unknown-linux-gnu/release
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
  seed "$t"
  mkdir -p "fuzz/artifacts/$t"
  echo "fuzz: $t for ${secs}s"
  # With -jobs, libFuzzer writes the job's log (fuzz-0.log) where it runs: in
  # fuzz/logs. -max_len keeps single inputs small enough for many runs a second.
  (cd fuzz/logs && nice -n 10 "$bin/$t" -artifact_prefix="../artifacts/$t/" -jobs=1 -workers=1 \
    -max_total_time="$secs" -max_len=8192 -timeout=20 -rss_limit_mb=4096 \
    -print_final_stats=1 "../corpus/$t" > "$t.log" 2>&1) ||
    echo "fuzz: $t stopped (see fuzz/logs/$t.job.log)"
  mv fuzz/logs/fuzz-0.log "fuzz/logs/$t.job.log" 2>/dev/null || true
  grep -hE "stat::number_of_executed_units|stat::average_exec_per_sec" "fuzz/logs/$t.job.log" || true
done
