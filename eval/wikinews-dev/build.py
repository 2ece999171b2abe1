#!/usr/bin/env python3
"""Build the Wikinews development gold file from the hand annotations.

Usage:
    python3 eval/wikinews-dev/build.py [--corpus PATH/wikinews.jsonl]
                                       [--out eval/wikinews-dev.jsonl]
                                       [--scope eval/wikinews-dev/scope.tsv]

Reads every eval/wikinews-dev/ann/NNN.json (NNN: the article's 0-based line
number in wikinews.jsonl; see README.md beside this script for the format),
takes the article texts from the corpus (needed only here: the output carries
the texts), turns each mention's (text, occurrence) into code point offsets and
writes

  - the gold file, one JSON line per annotated article in the scorer's format:
    doc_id, genre, title, n_words, text, source, licence, mentions [start, end,
    text, wiki, wikidata, category, named, form, in_name], unlinked_named;
  - the scope file: for each Wikipedia title, its category (and QID, counts).

Articles without an annotation file are left out, so the set can be built
while it is being annotated. Every problem found (unreadable file, wrong
doc_id, a string that does not occur that often, a title given two categories
or two QIDs, ...) is reported with its file and entry; nothing is written
then, and the exit status is 1.

Texts: English Wikinews, CC BY 2.5, "Wikinews contributors".
"""

import argparse
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CATEGORIES = ("leader", "country", "organisation")
FIELDS = ("text", "occurrence", "wiki", "wikidata", "category", "named", "in_name")
ANN_NAME = re.compile(r"^(\d{3})\.json$")
QID = re.compile(r"^Q[1-9]\d*$")
SOURCE = "English Wikinews, https://en.wikinews.org/wiki/%s"
LICENCE = "CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/), Wikinews contributors"


def wiki_key(title):
    """The title as the scorer compares it: spaces, first letter upper-case."""
    t = " ".join(title.replace("_", " ").split())
    return t[:1].upper() + t[1:]


def nth_occurrence(text, s, n):
    """Code point offset of the n-th (1-based) occurrence of s in text, or None."""
    pos = -1
    for _ in range(n):
        pos = text.find(s, pos + 1)
        if pos < 0:
            return None
    return pos


def read_corpus(path):
    docs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                d = json.loads(line)
                docs.append(d)
            except ValueError as e:
                raise SystemExit("build: %s line %d is not JSON (%s)" % (path, n, e))
    return docs


def check_mention(m, where, errors):
    """Field checks of one annotation entry; returns True when it can be placed."""
    if not isinstance(m, dict):
        errors.append("%s: not a JSON object" % where)
        return False
    ok = True
    missing = [k for k in FIELDS if k not in m]
    if missing:
        errors.append("%s: missing field(s) %s" % (where, ", ".join(missing)))
        return False
    extra = sorted(set(m) - set(FIELDS))
    if extra:
        errors.append("%s: unknown field(s) %s" % (where, ", ".join(extra)))
        ok = False
    if not isinstance(m["text"], str) or not m["text"].strip():
        errors.append("%s: text must be a non-empty string" % where)
        ok = False
    if not isinstance(m["occurrence"], int) or isinstance(m["occurrence"], bool) \
            or m["occurrence"] < 1:
        errors.append("%s: occurrence must be an integer >= 1" % where)
        ok = False
    if not isinstance(m["wiki"], str) or not m["wiki"].strip():
        errors.append("%s: wiki must be a Wikipedia title" % where)
        ok = False
    if m["wikidata"] is not None and not (isinstance(m["wikidata"], str)
                                          and QID.match(m["wikidata"])):
        errors.append("%s: wikidata must be a QID (Q123) or null" % where)
        ok = False
    if m["category"] not in CATEGORIES:
        errors.append("%s: category must be one of %s" % (where, ", ".join(CATEGORIES)))
        ok = False
    for k in ("named", "in_name"):
        if not isinstance(m[k], bool):
            errors.append("%s: %s must be true or false" % (where, k))
            ok = False
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(REPO, "..", "shared", "corpus",
                                                     "wikinews.jsonl"),
                    help="wikinews.jsonl (default: ../shared/corpus/ beside the repository)")
    ap.add_argument("--ann", default=os.path.join(HERE, "ann"), help="annotation folder")
    ap.add_argument("--out", default=os.path.join(REPO, "eval", "wikinews-dev.jsonl"))
    ap.add_argument("--scope", default=os.path.join(HERE, "scope.tsv"))
    args = ap.parse_args()

    if not os.path.isfile(args.corpus):
        raise SystemExit("build: no corpus at %s (give its path with --corpus)" % args.corpus)
    corpus = read_corpus(args.corpus)

    errors = []
    out_docs = []
    # title -> {"cat": Counter, "qid": Counter, "where": first place, "n", "named"}
    titles = {}
    for name in sorted(os.listdir(args.ann)):
        mt = ANN_NAME.match(name)
        if not mt:
            if name.endswith(".json"):
                errors.append("%s: file name must be NNN.json (line number)" % name)
            continue
        path = os.path.join(args.ann, name)
        rel = os.path.join("ann", name)
        line = int(mt.group(1))
        try:
            with open(path, encoding="utf-8") as f:
                ann = json.load(f)
        except ValueError as e:
            errors.append("%s: not valid JSON (%s)" % (rel, e))
            continue
        if line >= len(corpus):
            errors.append("%s: the corpus has only %d lines" % (rel, len(corpus)))
            continue
        src = corpus[line]
        text = src["text"]
        if not isinstance(ann, dict) or ann.get("doc_id") != src["id"]:
            errors.append("%s: doc_id must be %r (line %d of the corpus)" % (
                rel, src["id"], line))
            continue
        if not isinstance(ann.get("mentions"), list):
            errors.append("%s: mentions must be a list" % rel)
            continue
        mentions = []
        seen = {}
        for k, m in enumerate(ann["mentions"], 1):
            where = "%s mention %d" % (rel, k)
            if not check_mention(m, where, errors):
                continue
            where = "%s mention %d (%r, occurrence %d)" % (rel, k, m["text"], m["occurrence"])
            start = nth_occurrence(text, m["text"], m["occurrence"])
            if start is None:
                errors.append("%s: the text has only %d occurrence(s) of this string" % (
                    where, text.count(m["text"])))
                continue
            end = start + len(m["text"])
            key = (start, end, wiki_key(m["wiki"]))
            if key in seen:
                errors.append("%s: same span and title as mention %d" % (where, seen[key]))
                continue
            seen[key] = k
            t = titles.setdefault(key[2], {"cat": collections.Counter(),
                                           "qid": collections.Counter(),
                                           "where": where, "n": 0, "named": 0})
            t["cat"][m["category"]] += 1
            t["qid"][m["wikidata"]] += 1
            t["n"] += 1
            t["named"] += m["named"]
            mentions.append({
                "start": start, "end": end, "text": m["text"],
                "wiki": key[2].replace(" ", "_"), "wikidata": m["wikidata"],
                "category": m["category"], "named": m["named"],
                "form": "proper" if m["named"] else (
                    "title" if m["category"] == "leader" else "nominal"),
                "in_name": m["in_name"]})
        mentions.sort(key=lambda m: (m["start"], -m["end"], m["wiki"]))
        out_docs.append((line, {
            "doc_id": src["id"], "genre": "news", "title": src.get("title", ""),
            "date": src.get("date", ""), "n_words": len(text.split()), "text": text,
            "source": SOURCE % src["id"], "licence": LICENCE,
            "mentions": mentions, "unlinked_named": []}))

    for title, t in sorted(titles.items()):
        if len(t["cat"]) > 1:
            errors.append("title %r has several categories (%s), e.g. at %s" % (
                title, ", ".join(sorted(t["cat"])), t["where"]))
        if len(t["qid"]) > 1:
            errors.append("title %r has several QIDs (%s), e.g. at %s" % (
                title, ", ".join(sorted(str(q) for q in t["qid"])), t["where"]))
    if errors:
        for e in errors:
            print("build: " + e, file=sys.stderr)
        print("build: %d problem(s); nothing written" % len(errors), file=sys.stderr)
        return 1

    out_docs.sort(key=lambda x: x[0])
    with open(args.out, "w", encoding="utf-8") as f:
        for _, d in out_docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(args.scope, "w", encoding="utf-8") as f:
        f.write("# Scope of every Wikipedia title in the Wikinews development gold (written by\n"
                "# build.py from ann/; texts: English Wikinews, CC BY 2.5, Wikinews contributors).\n"
                "# Columns: wiki (title, underscores), category (leader | country | organisation),\n"
                "# wikidata, mentions (all annotated mentions), named (named mentions).\n")
        f.write("wiki\tcategory\twikidata\tmentions\tnamed\n")
        for title, t in sorted(titles.items()):
            f.write("%s\t%s\t%s\t%d\t%d\n" % (
                title.replace(" ", "_"), next(iter(t["cat"])),
                next(iter(t["qid"])) or "", t["n"], t["named"]))
    per_cat = collections.Counter()
    for _, d in out_docs:
        for m in d["mentions"]:
            per_cat[(m["category"], m["named"])] += 1
    print("build: %d articles, %d mentions (%s) -> %s, %s" % (
        len(out_docs), sum(per_cat.values()),
        ", ".join("%s %d named + %d role" % (c, per_cat[(c, True)], per_cat[(c, False)])
                  for c in CATEGORIES),
        os.path.relpath(args.out), os.path.relpath(args.scope)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
