// Loads a Cytoscape.js file written by entgraph into Cytoscape.js (headless) and
// prints what it holds, in the form of read_graph.py:
//
//     node read_cytoscape.js FILE
//
// Cytoscape.js reports elements it cannot add (a duplicate id, an edge to a
// missing node) on the console and goes on; any such report fails the read.

const fs = require("fs");
const cytoscape = require("cytoscape");

const complaints = [];
for (const level of ["error", "warn"]) {
  console[level] = (...args) => complaints.push(args.join(" "));
}

const file = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const cy = cytoscape({ headless: true, elements: file.elements, data: file.data });

const NODE_FIELDS = ["label", "type", "wikidata", "wikipedia", "count", "confidence_sum",
  "documents", "units", "first_seen", "last_seen"];
const EDGE_FIELDS = ["weight", "confidence_sum", "documents", "association", "first_seen",
  "last_seen"];

function pick(data, fields) {
  const out = {};
  for (const f of fields) {
    if (data[f] !== undefined && data[f] !== null) out[f] = data[f];
  }
  return out;
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

const nodes = cy.nodes().map((n) => {
  const d = n.data();
  if (d.name !== d.label) complaints.push(`node ${d.id}: name differs from label`);
  return [d.id, pick(d, NODE_FIELDS)];
});
nodes.sort((x, y) => compare(x[0], y[0]));

const edges = cy.edges().map((e) => {
  const d = e.data();
  const out = pick(d, EDGE_FIELDS);
  out.relations = d.relations || {};
  if (d.evidence && d.evidence.length) out.evidence = d.evidence[0].text;
  const [a, b] = [d.source, d.target].sort(compare);
  return [a, b, d.kind, out, d.id];
});
edges.sort((x, y) => compare(x[0], y[0]) || compare(x[1], y[1]) || compare(x[2], y[2]));

if (complaints.length) {
  process.stderr.write(complaints.join("\n") + "\n");
  process.exit(1);
}
process.stdout.write(JSON.stringify({
  multigraph: file.multigraph,
  graph: cy.data(),
  nodes,
  edges: edges.map((e) => e.slice(0, 4)),
  edge_ids: edges.map((e) => e[4]),
}));
