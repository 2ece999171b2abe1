"""Checks a GEXF file against the rules of the GEXF 1.3 schema.

    python check_gexf.py FILE

The published GEXF 1.3 schema cannot be shipped with this repository or fetched
by CI, so this check states its rules for the parts of GEXF that files use: the
elements and their order, the allowed and required attributes, the enumerations
and the lexical forms of typed values (xsd:date, xsd:double, colour channels,
sizes). It also checks what the schema leaves to readers: declared attribute ids,
values that parse as their declared type, unique ids, edges between known nodes,
and counts that match. Prints every problem, and exits 1 if there was one. When
the schema itself is at hand, the tests also validate with `xmllint` (see
tests/readers.rs).
"""

import re
import sys
import xml.etree.ElementTree as ET

GEXF = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"

ATTR_TYPES = {
    "integer", "long", "double", "float", "boolean", "bigdecimal", "biginteger", "byte", "char",
    "short", "liststring", "listboolean", "listinteger", "listlong", "listfloat", "listdouble",
    "listbyte", "listshort", "listbigdecimal", "listbiginteger", "listchar", "string", "anyURI",
}
TIME_ATTRS = {"start", "end", "timestamp"}
INTEGER = re.compile(r"^[+-]?[0-9]+$")
NON_NEGATIVE = re.compile(r"^\+?[0-9]+$")
DOUBLE = re.compile(r"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)$")
DATE = re.compile(r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$")
DATETIME = re.compile(r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
                      r"(Z|[+-][0-9]{2}:[0-9]{2})?$")

problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


def tag(el):
    """The element's name as ns:local, with gexf: and viz: prefixes."""
    ns, _, local = el.tag[1:].partition("}") if el.tag.startswith("{") else ("", "", el.tag)
    return {GEXF: "", VIZ: "viz:"}.get(ns, f"{{{ns}}}") + local


def attrs(el, where, allowed, required=()):
    names = set(el.attrib)
    for name in sorted(names - set(allowed)):
        problem(where, f"attribute {name!r} is not allowed on <{tag(el)}>")
    for name in required:
        if name not in names:
            problem(where, f"<{tag(el)}> needs the attribute {name!r}")


def enum(el, where, name, values):
    v = el.get(name)
    if v is not None and v not in values:
        problem(where, f"{name}={v!r} is not one of {sorted(values)}")


def lexical(where, what, value, pattern):
    if not pattern.match(value):
        problem(where, f"{what} {value!r} is not of its type")


def children(el, where, allowed, once=True):
    seen = set()
    for child in el:
        t = tag(child)
        if t not in allowed:
            problem(where, f"<{t}> is not allowed in <{tag(el)}>")
        elif once and t in seen:
            problem(where, f"<{t}> appears twice in <{tag(el)}>")
        seen.add(t)
    if (el.text or "").strip() and not once:
        problem(where, f"<{tag(el)}> has text")


def time_value(where, name, value, timeformat):
    pattern = {"integer": INTEGER, "double": DOUBLE, "date": DATE, "dateTime": DATETIME}
    lexical(where, name, value, pattern.get(timeformat, DOUBLE))


def check_time(el, where, timeformat):
    for name in TIME_ATTRS & set(el.attrib):
        time_value(where, name, el.get(name), timeformat)
    if "timestamp" in el.attrib and ({"start", "end"} & set(el.attrib)):
        problem(where, "timestamp and start/end are exclusive")


def check_value(where, value, attr_type):
    checks = {
        "integer": INTEGER, "long": INTEGER, "short": INTEGER, "byte": INTEGER,
        "biginteger": INTEGER, "double": DOUBLE, "float": DOUBLE, "bigdecimal": DOUBLE,
    }
    if attr_type in checks:
        lexical(where, "value", value, checks[attr_type])
    elif attr_type == "boolean" and value not in ("true", "false", "1", "0"):
        problem(where, f"value {value!r} is not a boolean")
    elif attr_type == "char" and len(value) != 1:
        problem(where, f"value {value!r} is not one character")


def check_attvalues(el, where, declared, timeformat):
    children(el, where, {"attvalue"}, once=False)
    for av in el:
        attrs(av, where, {"for", "value"} | TIME_ATTRS, ("for", "value"))
        key = av.get("for")
        if key not in declared:
            problem(where, f"attvalue for={key!r} names no declared attribute")
        else:
            check_value(f"{where} attvalue {key}", av.get("value", ""), declared[key])
        check_time(av, where, timeformat)


def check_spells(el, where, timeformat):
    if len(el) == 0:
        problem(where, "<spells> needs at least one <spell>")
    children(el, where, {"spell"}, once=False)
    for s in el:
        attrs(s, where, TIME_ATTRS)
        check_time(s, where, timeformat)
        start, end = s.get("start"), s.get("end")
        if start and end and timeformat == "date" and start > end:
            problem(where, f"spell starts ({start}) after it ends ({end})")


def check_viz(el, where, edge):
    t = tag(el)
    if t == "viz:color":
        attrs(el, where, {"r", "g", "b", "hex", "a"})
        rgb = [el.get(c) for c in "rgb"]
        if all(v is None for v in rgb) == (el.get("hex") is None):
            problem(where, "viz:color needs r, g and b, or hex")
        for c, v in zip("rgb", rgb):
            if v is not None and not (NON_NEGATIVE.match(v) and int(v) <= 255):
                problem(where, f"viz:color {c}={v!r} is not 0..255")
        a = el.get("a")
        if a is not None and not (DOUBLE.match(a) and 0 <= float(a) <= 1):
            problem(where, f"viz:color a={a!r} is not 0..1")
    elif t in ("viz:size", "viz:thickness"):
        attrs(el, where, {"value"}, ("value",))
        v = el.get("value", "")
        if not (DOUBLE.match(v) and float(v) >= 0):
            problem(where, f"{t} value={v!r} is not a float >= 0")
    elif t == "viz:position":
        attrs(el, where, {"x", "y", "z"}, ("x", "y"))
        for c in "xyz":
            if el.get(c) is not None:
                lexical(where, c, el.get(c), DOUBLE)
    elif t == "viz:shape":
        if edge:
            attrs(el, where, {"value"}, ("value",))
            enum(el, where, "value", {"solid", "dotted", "dashed", "double"})
        else:
            attrs(el, where, {"value", "uri"}, ("value",))
            enum(el, where, "value", {"disc", "square", "triangle", "diamond", "image"})


def main():
    path = sys.argv[1]
    root = ET.parse(path).getroot()
    if tag(root) != "gexf":
        problem("root", f"the root element is <{tag(root)}>, not <gexf> in {GEXF}")
        return
    attrs(root, "gexf", {"version", "variant"}, ("version",))
    if root.get("version") != "1.3":
        problem("gexf", f"version={root.get('version')!r}, not '1.3'")
    order = [tag(c) for c in root]
    if order not in (["graph"], ["meta", "graph"]):
        problem("gexf", f"children are {order}, not [meta?, graph]")
    meta = root.find(f"{{{GEXF}}}meta")
    if meta is not None:
        attrs(meta, "meta", {"lastmodifieddate"})
        if meta.get("lastmodifieddate") is not None:
            lexical("meta", "lastmodifieddate", meta.get("lastmodifieddate"), DATE)
        children(meta, "meta", {"creator", "keywords", "description"})
        for c in meta:
            if len(c):
                problem("meta", f"<{tag(c)}> holds elements, not text")
    graph = root.find(f"{{{GEXF}}}graph")
    if graph is None:
        return
    attrs(graph, "graph", {"defaultedgetype", "idtype", "mode", "timeformat", "start", "end",
                           "timestamp", "timerepresentation", "timezone"})
    enum(graph, "graph", "defaultedgetype", {"directed", "undirected", "mutual"})
    enum(graph, "graph", "idtype", {"integer", "string"})
    enum(graph, "graph", "mode", {"static", "dynamic", "slice"})
    enum(graph, "graph", "timeformat", {"integer", "double", "date", "dateTime"})
    enum(graph, "graph", "timerepresentation", {"interval", "timestamp"})
    timeformat = graph.get("timeformat", "double")
    check_time(graph, "graph", timeformat)
    order = [tag(c) for c in graph]
    rest = [t for t in order if t != "attributes"]
    if rest != ["nodes", "edges"] or order[: len(order) - 2] != ["attributes"] * (len(order) - 2):
        problem("graph", f"children are {order}, not [attributes*, nodes, edges]")

    declared = {"node": {}, "edge": {}}
    for a in graph.findall(f"{{{GEXF}}}attributes"):
        attrs(a, "attributes", {"class", "mode"}, ("class",))
        enum(a, "attributes", "class", {"node", "edge"})
        enum(a, "attributes", "mode", {"static", "dynamic"})
        children(a, "attributes", {"attribute"}, once=False)
        for d in a:
            where = f"attribute {d.get('id')!r}"
            attrs(d, where, {"id", "title", "type"}, ("id", "title", "type"))
            enum(d, where, "type", ATTR_TYPES)
            children(d, where, {"default", "options"})
            if d.get("id") in declared.get(a.get("class"), {}):
                problem(where, "declared twice")
            declared.setdefault(a.get("class"), {})[d.get("id")] = d.get("type")
            default = d.find(f"{{{GEXF}}}default")
            if default is not None:
                check_value(f"{where} default", default.text or "", d.get("type"))

    nodes = graph.find(f"{{{GEXF}}}nodes")
    node_ids = set()
    if nodes is not None:
        attrs(nodes, "nodes", {"count"})
        children(nodes, "nodes", {"node"}, once=False)
        for n in nodes:
            where = f"node {n.get('id')!r}"
            attrs(n, where, {"id", "label", "pid", "start", "end", "intervals", "timestamp",
                             "timestamps"}, ("id",))
            check_time(n, where, timeformat)
            if n.get("id") in node_ids:
                problem(where, "duplicate node id")
            node_ids.add(n.get("id"))
            children(n, where, {"attvalues", "spells", "viz:color", "viz:position", "viz:size",
                                "viz:shape", "nodes", "edges", "parents"})
            for c in n:
                if tag(c) == "attvalues":
                    check_attvalues(c, where, declared["node"], timeformat)
                elif tag(c) == "spells":
                    check_spells(c, where, timeformat)
                elif tag(c).startswith("viz:"):
                    check_viz(c, where, edge=False)
        if nodes.get("count") is not None and nodes.get("count") != str(len(nodes)):
            problem("nodes", f"count={nodes.get('count')} but there are {len(nodes)} nodes")

    edges = graph.find(f"{{{GEXF}}}edges")
    edge_ids = set()
    if edges is not None:
        attrs(edges, "edges", {"count"})
        children(edges, "edges", {"edge"}, once=False)
        for e in edges:
            where = f"edge {e.get('id')!r}"
            attrs(e, where, {"id", "type", "label", "source", "target", "weight", "kind", "start",
                             "end", "intervals", "timestamp", "timestamps"}, ("source", "target"))
            enum(e, where, "type", {"directed", "undirected", "mutual"})
            if e.get("weight") is not None:
                lexical(where, "weight", e.get("weight"), DOUBLE)
            if e.get("kind") is not None and e.get("kind") != " ".join(e.get("kind").split()):
                problem(where, f"kind {e.get('kind')!r} is not a token")
            check_time(e, where, timeformat)
            if e.get("id") is not None:
                if e.get("id") in edge_ids:
                    problem(where, "duplicate edge id")
                edge_ids.add(e.get("id"))
            for end in ("source", "target"):
                if e.get(end) not in node_ids:
                    problem(where, f"{end} {e.get(end)!r} is not a node")
            children(e, where, {"attvalues", "spells", "viz:color", "viz:thickness", "viz:shape"})
            for c in e:
                if tag(c) == "attvalues":
                    check_attvalues(c, where, declared["edge"], timeformat)
                elif tag(c) == "spells":
                    check_spells(c, where, timeformat)
                elif tag(c).startswith("viz:"):
                    check_viz(c, where, edge=True)
        if edges.get("count") is not None and edges.get("count") != str(len(edges)):
            problem("edges", f"count={edges.get('count')} but there are {len(edges)} edges")


if __name__ == "__main__":
    main()
    for p in problems:
        print(f"{sys.argv[1]}: {p}", file=sys.stderr)
    sys.exit(1 if problems else 0)
