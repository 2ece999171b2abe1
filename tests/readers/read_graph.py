"""Reads a graph written by entgraph with a real reader and prints what it read.

    python read_graph.py FORMAT PATH

FORMAT is json, graphml or gexf (read by networkx) or csv (PATH is the directory
of nodes.csv and edges.csv, read by Python's csv module). The output is one JSON
object in a form shared by every format, which the Rust tests compare with what
was written:

    {"multigraph": bool, "graph": {...metadata...},
     "nodes": [[id, {"label", "type", "count", ...}], ...],          # by id
     "edges": [[a, b, kind, {"weight": float, "documents", ...}], ...]}  # a <= b, sorted

An edge's "evidence" is the text of its first supporting unit, and "relations" the
counts by kind; GEXF adds "gexf_nodes" and "gexf_edges" with the colours, sizes
and spells it read. Any inconsistency inside a file is reported on stderr, with
exit status 1.
"""

import csv
import json
import os
import sys
import xml.etree.ElementTree as ET

NODE_FIELDS = ["label", "type", "wikidata", "wikipedia", "count", "confidence_sum", "documents",
               "units", "first_seen", "last_seen"]
EDGE_FIELDS = ["weight", "confidence_sum", "documents", "association", "first_seen", "last_seen"]


def fail(message):
    print(f"read_graph: {message}", file=sys.stderr)
    sys.exit(1)


def relations_from_columns(data, where):
    """Counts by kind from relation_<kind> columns; checks the "relations" list."""
    counts = {k[len("relation_"):]: int(v) for k, v in data.items()
              if k.startswith("relation_") and v not in ("", None) and int(v) != 0}
    listed = data.get("relations") or ""
    if listed != "|".join(sorted(counts)):
        fail(f"{where}: relations {listed!r} does not list the kinds counted, {sorted(counts)}")
    return counts


def canonical_node(data):
    out = {k: data[k] for k in NODE_FIELDS if data.get(k) not in (None, "")}
    if "confidence_sum" in out:
        out["confidence_sum"] = float(out["confidence_sum"])
    return out


def canonical_edge(a, b, data, relations, evidence):
    out = {k: data[k] for k in EDGE_FIELDS if data.get(k) not in (None, "")}
    out["weight"] = float(out["weight"])
    if "confidence_sum" in out:
        out["confidence_sum"] = float(out["confidence_sum"])
    if "association" in out:
        out["association"] = float(out["association"])
    out["relations"] = relations
    if evidence:
        out["evidence"] = evidence
    return [min(a, b), max(a, b), data["kind"], out]


def from_networkx(g, flat_relations):
    import networkx as nx  # noqa: F401 (imported by the caller)

    nodes = [[n, canonical_node(d)] for n, d in g.nodes(data=True)]
    edges = []
    for a, b, d in g.edges(data=True):
        where = f"edge {a} -- {b}"
        if flat_relations:
            relations, evidence = relations_from_columns(d, where), d.get("evidence")
        else:
            relations = d.get("relations", {})
            evidence = d["evidence"][0]["text"] if d.get("evidence") else None
        edges.append(canonical_edge(a, b, d, relations, evidence))
    return {"multigraph": g.is_multigraph(), "nodes": sorted(nodes), "edges": sorted(edges)}


def read_json(path):
    import networkx as nx

    data = json.load(open(path, encoding="utf-8"))
    # The edges are under "links" (read by D3, and by networkx with
    # edges="links"), or under "edges" (networkx 3.6's default), or under both,
    # which must then give the same graph.
    keys = [k for k in ("links", "edges") if k in data]
    if not keys:
        fail("no \"links\" and no \"edges\"")
    graphs = [nx.node_link_graph(data, edges=k) for k in keys]
    g = graphs[0]
    out = from_networkx(g, flat_relations=False)
    if any(from_networkx(h, flat_relations=False) != out for h in graphs[1:]):
        fail("the graph under \"links\" differs from the graph under \"edges\"")
    out["graph"] = g.graph
    return out


def read_graphml(path):
    import networkx as nx

    g = nx.read_graphml(path)
    out = from_networkx(g, flat_relations=True)
    out["graph"] = {k: v for k, v in g.graph.items() if k not in ("node_default", "edge_default")}
    return out


def read_gexf(path):
    import networkx as nx

    g = nx.read_gexf(path)
    out = from_networkx(g, flat_relations=True)
    # networkx does not read <meta>: read it here.
    ns = {"g": "http://gexf.net/1.3"}
    root = ET.parse(path).getroot()
    out["graph"] = json.loads(root.find("g:meta/g:description", ns).text)
    out["creator"] = root.find("g:meta/g:creator", ns).text
    out["mode"] = g.graph.get("mode")
    out["gexf_nodes"] = {
        n: {"color": [d["viz"]["color"][c] for c in "rgb"], "size": d["viz"]["size"],
            "spells": [list(s) for s in d.get("spells", [])]}
        for n, d in g.nodes(data=True)
    }
    out["gexf_edges"] = sorted(
        [min(a, b), max(a, b), d["kind"], d["id"], [list(s) for s in d.get("spells", [])]]
        for a, b, d in g.edges(data=True)
    )
    return out


def read_csv(directory):
    def rows(name):
        with open(os.path.join(directory, name), newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            return reader.fieldnames, list(reader)

    node_columns, node_rows = rows("nodes.csv")
    edge_columns, edge_rows = rows("edges.csv")
    nodes = []
    for r in node_rows:
        d = dict(r, label=r["Label"])
        for k in ("count", "documents", "units"):
            d[k] = int(d[k])
        nodes.append([r["Id"], canonical_node(d)])
    edges, ids = [], set()
    for r in edge_rows:
        if r["Type"] != "Undirected":
            fail(f"edge {r['Id']}: Type is {r['Type']!r}")
        ids.add(r["Id"])
        d = dict(r, weight=r["Weight"], documents=int(r["documents"]))
        relations = relations_from_columns(d, f"edge {r['Id']}")
        edges.append(canonical_edge(r["Source"], r["Target"], d, relations, r["evidence"]))
    if len(ids) != len(edge_rows):
        fail("edge ids are not unique")
    return {"node_columns": node_columns, "edge_columns": edge_columns,
            "nodes": sorted(nodes), "edges": sorted(edges)}


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    readers = {"json": read_json, "graphml": read_graphml, "gexf": read_gexf, "csv": read_csv}
    json.dump(readers[fmt](path), sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main()
