#!/usr/bin/env bash
# Throughput of the Python package against the command-line tool, on one corpus.
#
#   scripts/python-throughput.sh SOURCE [SIZE_MB]
#
# SOURCE is a folder of .txt/.md articles or a JSON Lines file with a "text" field;
# its articles are repeated (with fresh ids) to about SIZE_MB megabytes (default 50)
# of JSON Lines in target/bench/. Both builds are release builds; the package is
# installed into target/py-venv (or $ENTGRAPH_VENV). Each side runs as a whole
# process, start-up included, from the JSON Lines file to a JSON graph file:
#
#   entgraph extract -q CORPUS -o cli.json
#   python: Extractor(Gazetteer.bundled()).graph(json.loads(line) for line in f).write(py.json)
#   python: the same over a list of the articles loaded before the clock starts
#
# and the two graphs must be the same bytes. Reports the best of 3 interleaved runs
# of each, in MB/s of the articles' text.
set -euo pipefail
cd "$(dirname "$0")/.."

source=${1:?usage: scripts/python-throughput.sh SOURCE [SIZE_MB]}
size=${2:-50}
out=target/bench
mkdir -p "$out"
venv=${ENTGRAPH_VENV:-target/py-venv}
case $venv in /*) ;; *) venv="$PWD/$venv" ;; esac

cargo build --release --quiet
bin=./target/release/entgraph
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check maturin
CARGO_TARGET_DIR="$PWD/target" "$venv/bin/maturin" build --quiet --release -i "$venv/bin/python" -m python/Cargo.toml -o "$out/wheels"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall \
  --no-deps "$out"/wheels/entgraph-*.whl

corpus="$out/corpus-${size}MB.jsonl"
python3 benches/make-corpus.py "$source" "$size" "$corpus"
bytes=$(cat "$corpus.bytes")

# From the file (json.loads in Python, holding the GIL, beside the extracting
# threads), or from a list already in memory (as in a notebook: only the work after
# the load is timed, from the gazetteer to the written graph).
cat > "$out/python-graph.py" <<'PY'
import json, sys, time
import entgraph
if sys.argv[3] == "list":
    with open(sys.argv[1], encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
t0 = time.time()
x = entgraph.Extractor(entgraph.Gazetteer.bundled())
if sys.argv[3] == "file":
    with open(sys.argv[1], encoding="utf-8") as f:
        graph = x.graph(json.loads(line) for line in f if line.strip())
else:
    graph = x.graph(docs)
graph.write(sys.argv[2])
if sys.argv[3] == "list":
    print(time.time() - t0)
PY

# Interleaved, best of 3 each: the machine's other work only ever slows a run down.
timed() { local t0; t0=$(date +%s.%N); "$@"; python3 -c "import time; print(time.time() - $t0)"; }
cli="" py="" list=""
for _ in 1 2 3; do
  cli="$cli $(timed "$bin" extract -q "$corpus" -o "$out/cli.json")"
  py="$py $(timed "$venv/bin/python" "$out/python-graph.py" "$corpus" "$out/py.json" file)"
  list="$list $("$venv/bin/python" "$out/python-graph.py" "$corpus" "$out/py-list.json" list)"
done
min() { python3 -c "print(min(map(float, '$1'.split())))"; }
cli=$(min "$cli") py=$(min "$py") list=$(min "$list")
cmp "$out/cli.json" "$out/py.json" && cmp "$out/cli.json" "$out/py-list.json" &&
  echo "the three graphs are the same bytes"
python3 - "$bytes" "$cli" "$py" "$list" <<'PY'
import sys
size, cli, py, lst = (float(a) for a in sys.argv[1:])
print(f"{size / 1e6:.1f} MB of text")
print("| run | seconds | MB/s | ratio to the CLI |\n|---|---|---|---|")
print(f"| entgraph extract (CLI), the file | {cli:.2f} | {size / 1e6 / cli:.1f} | 1 |")
print(f"| Python, the file (json.loads in Python) | {py:.2f} | {size / 1e6 / py:.1f} | {cli / py:.3f} |")
print(f"| Python, a list in memory | {lst:.2f} | {size / 1e6 / lst:.1f} | {cli / lst:.3f} |")
PY
