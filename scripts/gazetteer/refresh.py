#!/usr/bin/env python3
"""Refresh the gazetteer's heads of state and government from Wikidata.

Three steps, the middle one online:

    python3 scripts/gazetteer/refresh.py query > positions.rq
    curl -sG https://query.wikidata.org/sparql --data-urlencode query@positions.rq \
         -H 'Accept: application/sparql-results+json' -o positions.json
    python3 scripts/gazetteer/refresh.py compare positions.json \
         --report changes.txt --overlay refresh.toml

`query` prints a SPARQL query for the terms of every head-of-state and
head-of-government office of the gazetteer's countries (position held, P39, with
its start and end, P580 and P582), with each holder's English label, aliases and
English Wikipedia article. `compare` reads the endpoint's JSON results and writes
a report of every difference from the gazetteer files (new terms, ended terms,
changed or missing QIDs, changed Wikipedia titles, start dates that differ) and an
overlay file with the changes, to load with `entgraph extract -g refresh.toml`.
Review the overlay before using it: Wikidata is edited by anyone.

The gazetteer files are read from the repository's `gazetteers/` folder, or from
`--gazetteer-dir` (a folder written by `entgraph gazetteer export`, with your own
files beside it). Needs Python 3.11 or later (tomllib) and nothing else.
"""

import argparse
import json
import pathlib
import sys
import tomllib
import unicodedata
import urllib.parse

ROLES = {"head-of-state": "P1906", "head-of-government": "P1313"}
# How far apart two start dates may be and still name the same term (sources
# disagree by a day or two: the oath, the appointment, the handover).
SAME_TERM_DAYS = 31
HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parent.parent / "gazetteers"


class Error(Exception):
    """A problem with an input, said so that the user can fix it."""


def load_gazetteer(folder):
    """Every entity of every .toml file under `folder` (cue lexicons aside)."""
    folder = pathlib.Path(folder)
    if not folder.is_dir():
        raise Error(f"{folder}: not a folder of gazetteer files")
    entities = []
    for path in sorted(folder.rglob("*.toml")):
        if "cues" in path.relative_to(folder).parts:
            continue
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise Error(f"{path}: {e}") from None
        for e in doc.get("entity", []):
            entities.append(dict(e, file=str(path)))
    if not entities:
        raise Error(f"{folder}: no [[entity]] tables in its .toml files")
    return entities


def countries(entities):
    """QID -> id of every present-day country with a QID."""
    return {
        e["wikidata"]: e["id"]
        for e in entities
        if e.get("type") == "country" and e.get("wikidata") and e.get("status") != "historical"
    }


def query(entities, since):
    """The SPARQL query for the terms of the heads of state and government."""
    values = " ".join(f"wd:{q}" for q in sorted(countries(entities), key=lambda q: int(q[1:])))
    return f"""# Terms of the heads of state and government of the gazetteer's countries since {since},
# for scripts/gazetteer/refresh.py compare. Run it at https://query.wikidata.org/.
SELECT ?country ?role ?office ?officeLabel ?person ?personLabel ?article ?start ?end
       (GROUP_CONCAT(DISTINCT ?alias; separator="|") AS ?aliases)
WHERE {{
  VALUES ?country {{ {values} }}
  {{ ?country wdt:{ROLES["head-of-state"]} ?office . BIND("head-of-state" AS ?role) }}
  UNION
  {{ ?country wdt:{ROLES["head-of-government"]} ?office . BIND("head-of-government" AS ?role) }}
  ?person p:P39 ?held .
  ?held ps:P39 ?office ; pq:P580 ?start .
  OPTIONAL {{ ?held pq:P582 ?end . }}
  FILTER(?start >= "{since}-01-01T00:00:00Z"^^xsd:dateTime)
  OPTIONAL {{ ?article schema:about ?person ; schema:isPartOf <https://en.wikipedia.org/> . }}
  OPTIONAL {{ ?person skos:altLabel ?alias . FILTER(LANG(?alias) = "en") }}
  SERVICE wikibase:label {{ bd:serviceParam wikibase:language "en". }}
}}
GROUP BY ?country ?role ?office ?officeLabel ?person ?personLabel ?article ?start ?end
ORDER BY ?country ?role ?start
"""


def qid(uri):
    return uri.rsplit("/", 1)[-1]


def article_title(url):
    return urllib.parse.unquote(url.rsplit("/", 1)[-1]).replace("_", " ")


def day(value):
    """`2025-10-21T00:00:00Z` -> `2025-10-21`."""
    return value[:10] if value else None


def read_results(path):
    """The rows of the endpoint's JSON results."""
    try:
        data = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
        bindings = data["results"]["bindings"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise Error(f"{path}: not SPARQL JSON results ({e}); save the endpoint's answer with "
                    "Accept: application/sparql-results+json") from None
    rows = []
    for i, b in enumerate(bindings, 1):
        v = {k: x.get("value") for k, x in b.items()}
        missing = [k for k in ("country", "role", "person", "start") if not v.get(k)]
        if missing:
            raise Error(f"{path}: result {i} has no {', '.join(missing)}")
        if v["role"] not in ROLES:
            raise Error(f"{path}: result {i}: unknown role {v['role']!r}")
        rows.append({
            "country": qid(v["country"]),
            "role": v["role"],
            "office": v.get("officeLabel"),
            "person": qid(v["person"]),
            "label": v.get("personLabel") or qid(v["person"]),
            "article": article_title(v["article"]) if v.get("article") else None,
            "aliases": [a for a in (v.get("aliases") or "").split("|") if a],
            "start": day(v["start"]),
            "end": day(v.get("end")),
        })
    return rows


def days_apart(a, b):
    from datetime import date
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:  # dates known to the year or month only
        return 0 if a[:len(b)] == b[:len(a)] else 10**6


def overlaps(s1, e1, s2, e2):
    return s1 < (e2 or "9999") and s2 < (e1 or "9999")


def slug(name):
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    out = "".join(c if c.isalnum() else "-" for c in folded)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-") or "leader"


def compare(entities, rows, since):
    """The report lines, and the overlay's [[entity]] and [[patch]] tables."""
    country_ids = countries(entities)
    leaders = [e for e in entities if e.get("type") == "leader"]
    by_qid = {e["wikidata"]: e for e in leaders if e.get("wikidata")}
    by_title = {e["wikipedia"]: e for e in leaders if e.get("wikipedia")}
    by_label = {}
    for e in leaders:
        by_label.setdefault(e.get("label"), []).append(e)
    ids = {e["id"] for e in entities}

    def terms(of, role):
        """Bundled terms `(entity, office)` of a role in a country."""
        return [(e, o) for e in leaders for o in e.get("offices", [])
                if o.get("of") == of and o.get("role") == role]

    report, new_people, patches = [], {}, {}

    def patch(entity):
        return patches.setdefault(entity["id"], {"id": entity["id"]})

    rows = sorted((r for r in rows if r["country"] in country_ids),
                  key=lambda r: (country_ids[r["country"]], r["role"], r["start"], r["person"]))
    # People first: which bundled entity each Wikidata person is.
    person_of = {}
    for r in rows:
        if r["person"] in person_of:
            continue
        e = by_qid.get(r["person"]) or (r["article"] and by_title.get(r["article"]))
        if not e and len(by_label.get(r["label"], [])) == 1:
            e = by_label[r["label"]][0]
        person_of[r["person"]] = e
        if not e:
            continue
        if e.get("wikidata") != r["person"]:
            was = e.get("wikidata")
            what = f"changed QID: `{e['id']}` {was} -> {r['person']}" if was else \
                f"missing QID: `{e['id']}` is {r['person']}"
            report.append(what)
            patch(e)["wikidata"] = r["person"]
        if r["article"] and e.get("wikipedia") != r["article"]:
            report.append(f"changed Wikipedia title: `{e['id']}` {e.get('wikipedia')!r} -> "
                          f"{r['article']!r}")
            patch(e)["wikipedia"] = r["article"]

    ended = []  # (entity, title, of, end) of terms that Wikidata ends
    new_terms = []  # (row, title, of, entity or None)
    for r in rows:
        of = country_ids[r["country"]]
        bundled = terms(of, r["role"])
        # The title the gazetteer gives this role in this country (the latest).
        title = max(bundled, key=lambda t: t[1]["start"])[1]["title"] if bundled else \
            (r["office"] or "").split(" of ")[0] or r["role"]
        e = person_of[r["person"]]
        mine = [o for (p, o) in bundled if e is not None and p is e]
        same = [o for o in mine if days_apart(o["start"], r["start"]) <= SAME_TERM_DAYS]
        if same:
            o = same[0]
            if r["end"] and not o.get("end"):
                ended.append((e, o["title"], of, r["end"]))
            elif r["end"] and o.get("end") and days_apart(o["end"], r["end"]) > SAME_TERM_DAYS:
                report.append(f"end differs: {o['title']} of {of}: `{e['id']}` ends {o['end']} "
                              f"here, {r['end']} in Wikidata (left as it is)")
            continue
        clash = [o for o in mine if overlaps(o["start"], o.get("end"), r["start"], r["end"])]
        if clash:
            report.append(f"start differs: {clash[0]['title']} of {of}: `{e['id']}` from "
                          f"{clash[0]['start']} here, {r['start']} in Wikidata (left as it is)")
            continue
        if r["start"] < f"{since}":
            continue
        new_terms.append((r, title, of, e))

    overlay_ends = {}
    for e, title, of, end in ended:
        overlay_ends[(e["id"], title, of)] = (e, end)
    for r, title, of, e in new_terms:
        # The bundled holder serving when the new term starts, if any, is replaced.
        serving = [(p, o) for (p, o) in terms(of, r["role"])
                   if not o.get("acting") and o["start"] < r["start"]
                   and (not o.get("end") or o["end"] > r["start"]) and p is not e]
        replaces = None
        if len(serving) == 1:
            p, o = serving[0]
            end = overlay_ends.get((p["id"], o["title"], of))
            if end is None or end[1] == r["start"]:
                replaces = p["id"]
                overlay_ends.pop((p["id"], o["title"], of), None)
                report.append(f"ended term: {o['title']} of {of}: `{p['id']}` on {r['start']}, "
                              f"replaced by {r['label']}")
        term = {"title": title, "of": of, "role": r["role"], "start": r["start"]}
        if r["end"]:
            term["end"] = r["end"]
        if replaces:
            term["replaces"] = replaces
        if e is not None:
            patch(e).setdefault("offices", []).append(term)
            who = f"`{e['id']}`"
        else:
            person = new_people.get(r["person"])
            if person is None:
                pid = slug(r["label"])
                while pid in ids:
                    pid += "-2"
                ids.add(pid)
                names = [r["label"]] + [a for a in r["aliases"]
                                        if len(a.split()) > 1 and a != r["label"]]
                person = {"id": pid, "type": "leader", "label": r["label"],
                          "wikidata": r["person"], "wikipedia": r["article"],
                          "names": names, "surnames": [r["label"].split()[-1]], "offices": []}
                new_people[r["person"]] = person
            person["offices"].append(term)
            who = f"{r['label']} ({r['person']}), a new leader `{person['id']}`"
        until = f" to {r['end']}" if r["end"] else ""
        report.append(f"new term: {title} of {of}: {who} from {r['start']}{until}")
    for (pid, title, of), (e, end) in overlay_ends.items():
        patch(e).setdefault("end_offices", []).append({"title": title, "of": of, "end": end})
        report.append(f"ended term: {title} of {of}: `{pid}` on {end}")
    return report, list(new_people.values()), [patches[k] for k in patches]


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    if len(v) and isinstance(v[0], dict):
        return "[\n" + "".join(f"  {toml_value(x)},\n" for x in v) + "]"
    return "[" + ", ".join(toml_value(x) for x in v) + "]"


def overlay(people, patches, source):
    out = [f"# Changes from the Wikidata query results in {source}, written by",
           "# scripts/gazetteer/refresh.py compare. Review them, then load the file with",
           "# entgraph extract -g <this file> (gazetteers/README.md, \"Overlays\").", ""]
    for table, items in (("entity", people), ("patch", patches)):
        for item in items:
            out.append(f"[[{table}]]")
            out.extend(f"{k} = {toml_value(v)}" for k, v in item.items() if v is not None)
            out.append("")
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gazetteer-dir", default=DEFAULT_DIR,
                    help="folder of gazetteer .toml files (default: the repository's gazetteers/)")
    ap.add_argument("--since", type=int, default=2000,
                    help="only terms that start in or after this year (default: 2000)")
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("query", help="print the SPARQL query")
    c = sub.add_parser("compare", help="compare query results with the gazetteer")
    c.add_argument("results", help="the endpoint's JSON results")
    c.add_argument("--report", default="-", help="where to write the report (default: stdout)")
    c.add_argument("--overlay", help="where to write the overlay file")
    args = ap.parse_args(argv)
    try:
        entities = load_gazetteer(args.gazetteer_dir)
        if args.command == "query":
            sys.stdout.write(query(entities, args.since))
            return 0
        rows = read_results(args.results)
        report, people, patches = compare(entities, rows, args.since)
        n = len({r["country"] for r in rows})
        text = f"{len(rows)} Wikidata terms of {n} countries; {len(report)} differences\n"
        text += "".join(f"{line}\n" for line in report)
        if args.report == "-":
            sys.stdout.write(text)
        else:
            pathlib.Path(args.report).write_text(text, encoding="utf-8")
        if args.overlay:
            source = pathlib.Path(args.results).name
            pathlib.Path(args.overlay).write_text(overlay(people, patches, source),
                                                  encoding="utf-8")
        return 0
    except Error as e:
        print(f"refresh: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
