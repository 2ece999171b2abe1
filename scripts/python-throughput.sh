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
#
# and the two graphs must be the same bytes. Reports the best of 3 runs of each
# (the machine's other work only ever slows a run down), in MB/s of JSON Lines.
set -euo pipefail
cd "$(dirname "$0")/.."

source=${1:?usage: scripts/python-throughput.sh SOURCE [SIZE_MB]}
size=${2:-50}
out=target/bench
mkdir -p "$out"
venv=${ENTGRAPH_VENV:-target/py-venv}

cargo build --release --quiet
bin=./target/release/entgraph
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check maturin
"$venv/bin/maturin" build --quiet --release -m python/Cargo.toml -o "$out/wheels"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall \
  --no-deps "$out"/wheels/entgraph-*.whl

corpus="$out/corpus-${size}MB.jsonl"
python3 - "$source" "$size" "$corpus" <<'PY'
import json, os, sys
source, size, target = sys.argv[1], float(sys.argv[2]), sys.argv[3]
texts = []
if os.path.isdir(source):
    for root, _, files in sorted(os.walk(source)):
        for f in sorted(files):
            if f.endswith((".txt", ".md")):
                texts.append(open(os.path.join(root, f), encoding="utf-8", errors="replace").read())
else:
    for line in open(source, encoding="utf-8"):
        if line.strip():
            texts.append(json.loads(line)["text"])
if not texts:
    sys.exit(f"no articles in {source}")
total, n = 0, 0
with open(target, "w", encoding="utf-8") as f:
    while total < size * 1e6:
        for t in texts:
            f.write(json.dumps({"id": f"doc-{n}", "text": t}, ensure_ascii=False) + "\n")
            total += len(t.encode())
            n += 1
PY
bytes=$(stat -c %s "$corpus")

cat > "$out/python-graph.py" <<'PY'
import json, sys
import entgraph
x = entgraph.Extractor(entgraph.Gazetteer.bundled())
with open(sys.argv[1], encoding="utf-8") as f:
    graph = x.graph(json.loads(line) for line in f if line.strip())
graph.write(sys.argv[2])
PY

best() { # best wall time of 3 runs of a command, in seconds
  local best=""
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N)
    "$@"
    t1=$(date +%s.%N)
    best=$(python3 -c "t=$t1-$t0; b='$best'; print(min(t, float(b)) if b else t)")
  done
  echo "$best"
}

cli=$(best "$bin" extract -q "$corpus" -o "$out/cli.json")
py=$(best "$venv/bin/python" "$out/python-graph.py" "$corpus" "$out/py.json")
cmp "$out/cli.json" "$out/py.json" && echo "the two graphs are the same bytes"
python3 - "$bytes" "$cli" "$py" <<'PY'
import sys
size, cli, py = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"| run | seconds | MB/s |\n|---|---|---|")
print(f"| entgraph extract (CLI) | {cli:.2f} | {size / 1e6 / cli:.1f} |")
print(f"| Python Extractor.graph | {py:.2f} | {size / 1e6 / py:.1f} |")
print(f"Python / CLI throughput: {cli / py:.3f}")
PY
