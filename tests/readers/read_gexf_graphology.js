// Reads a GEXF file with graphology-gexf, the reader of Gephi Lite, and prints
// what it read, in the form of read_graph.py:
//
//     node read_gexf_graphology.js FILE

const fs = require("fs");
const { MultiGraph } = require("graphology");
const gexf = require("graphology-gexf");

const graph = gexf.parse(MultiGraph, fs.readFileSync(process.argv[2], "utf8"));

const NODE_FIELDS = ["label", "type", "wikidata", "wikipedia", "count", "confidence_sum",
  "documents", "units", "first_seen", "last_seen"];
const EDGE_FIELDS = ["weight", "confidence_sum", "documents", "association", "first_seen",
  "last_seen"];

function pick(data, fields) {
  const out = {};
  for (const f of fields) {
    if (data[f] !== undefined && data[f] !== null && data[f] !== "") out[f] = data[f];
  }
  return out;
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

const problems = [];
const nodes = graph.mapNodes((id, a) => [id, pick(a, NODE_FIELDS)]);
nodes.sort((x, y) => compare(x[0], y[0]));

const pairs = new Set();
let multigraph = false;
const edges = graph.mapEdges((id, a, source, target) => {
  const out = pick(a, EDGE_FIELDS);
  out.relations = {};
  for (const [k, v] of Object.entries(a)) {
    if (k.startsWith("relation_") && v !== 0) out.relations[k.slice("relation_".length)] = v;
  }
  const listed = a.relations || "";
  if (listed !== Object.keys(out.relations).sort().join("|")) {
    problems.push(`edge ${id}: relations ${listed} do not match the counts`);
  }
  if (a.evidence) out.evidence = a.evidence;
  const [x, y] = [source, target].sort(compare);
  const pair = JSON.stringify([x, y]);
  if (pairs.has(pair)) multigraph = true;
  pairs.add(pair);
  return [x, y, a.kind, out];
});
edges.sort((p, q) => compare(p[0], q[0]) || compare(p[1], q[1]) || compare(p[2], q[2]));

if (problems.length) {
  process.stderr.write(problems.join("\n") + "\n");
  process.exit(1);
}
process.stdout.write(JSON.stringify({ multigraph, graph: graph.getAttributes(), nodes, edges }));
