#!/usr/bin/env bash
# How the HTML view copes with a large graph: writes a random graph (N nodes, M
# edges, each edge with one evidence sentence; a fixed seed) as entgraph JSON,
# turns it into a page with `entgraph merge -f html`, and opens it in headless
# Chromium with tests/readers/check_html.js, which reports the time from opening
# the page to the drawn layout (ready_ms, and the time of each stage) and the
# nodes and edges drawn.
#
#   scripts/html-benchmark.sh [NODES] [EDGES]      # default 3000 10000
#
# Needs Node.js with playwright-core on NODE_PATH and Chromium (as .ci/run
# installs them); ENTGRAPH_CHROMIUM names a Chromium other than /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

nodes=${1:-3000}
edges=${2:-10000}
dir=target/html-benchmark
mkdir -p "$dir"
cargo build --release --quiet
python3 - "$nodes" "$edges" > "$dir/graph.json" <<'PY'
import json, random, sys
n, m = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(7)
types = ["leader", "country", "organisation"]
nodes = [{"id": f"n{i:05d}", "label": f"Entity {i}", "type": types[i % 3],
          "count": 1 + int(rng.paretovariate(1.2)), "documents": 1, "units": 1}
         for i in range(n)]
pairs = set()
while len(pairs) < m:
    # Preferential: low ids are hubs, as in news graphs.
    a = int(n * rng.random() ** 2)
    b = rng.randrange(n)
    if a != b:
        pairs.add((min(a, b), max(a, b)))
links = []
for a, b in sorted(pairs):
    text = f"Entity {a} met Entity {b}."
    sa, sb = len(f"Entity {a} met "), len(text) - 1
    links.append({"source": nodes[a]["id"], "target": nodes[b]["id"], "kind": "cooccurrence",
                  "weight": 1 + int(rng.paretovariate(1.5)), "documents": 1,
                  "evidence": [{"doc": f"d{a}-{b}", "start": 0, "end": len(text), "text": text,
                                "source": [0, len(f"Entity {a}")], "target": [sa, sb]}]})
json.dump({"directed": False, "multigraph": False,
           "graph": {"scope": "sentence", "documents": m, "units": m},
           "nodes": nodes, "links": links}, sys.stdout)
PY
target/release/entgraph merge "$dir/graph.json" -f html -o "$dir/graph.html"
ls -l "$dir/graph.html"
node tests/readers/check_html.js "$dir/graph.html" |
  python3 -c 'import json, sys
r = json.load(sys.stdin)[0]
print("ready in %s ms (stages: %s); nodes drawn %s of %s, edges %s; errors %s" % (
    r["ready_ms"], r["timings"], r["nodes_drawn"], r["nodes_total"], r["edges_drawn"], r["errors"]))'
