#!/usr/bin/env python3
"""Score predicted mentions of leaders, countries and organisations against a gold set.

Usage:
    python3 eval/score.py GOLD.jsonl SYSTEM.jsonl [--scope SCOPE.tsv] [--skip-kind demonym]
                          [--lenient] [--flat] [--genre G] [-v] [--max-list N] [--json OUT.json]

GOLD.jsonl, one document per line: {"doc_id", "text", "genre"?, "mentions": [{"start", "end",
"text", "wiki", "wikidata", "named", "in_name", "form"?}], "unlinked_named"?: [{"start", "end",
"text"}]}. Offsets are Unicode code point offsets into "text", end exclusive.

SCOPE.tsv gives each Wikipedia title of the gold its category (columns: title, category, ...;
lines starting with '#' are comments). Only leader (or leader-historical), country and
organisation are scored; a gold title missing from it is out of scope. By default the scope
file is GOLD/scope.tsv (the folder named like the gold file without .jsonl) when there is
one, else scope.tsv beside the gold file.

SYSTEM.jsonl, one document per line (what `entgraph extract --format mentions` writes):
{"doc_id", "mentions": [{"start", "end", "type" (or "category"): leader | country |
organisation, "wikipedia" (or "wiki"), "wikidata", "label", "alias_kind"}]}. Predictions of
another type are not scored; documents missing from SYSTEM have no predictions.

What is counted
  Recall set: the gold mentions that are named and whose title is in scope (--flat: and that
  do not lie inside a larger name, `in_name`).
  span+category: a prediction is right when it overlaps a recall-set mention of its category.
  span+link: a prediction is right when it overlaps a gold mention (named or not, any
  category) of the same entity: the same title (compared without '_', percent-encoding or a
  lower-case first letter), or the same QID (the prediction's own, or the one the gold gives
  its title).
  Pairing is one to one and greedy: predictions first take recall-set mentions (exact spans
  first, then the largest overlap, then the smallest offset difference); a prediction left
  over that overlaps only mentions already taken is a false positive (a duplicate). Then, for
  span+link, left-over predictions on gold mentions outside the recall set with the same
  entity are right (they count for precision, not for recall). For span+category, left-over
  predictions on a role phrase of their category ('the president') are false positives
  unless --lenient, and under --flat predictions on names inside names count neither way.
  P = right predictions / scored predictions, R = paired recall-set mentions / recall set,
  both micro-averaged over the three categories for the "all" row.

--skip-kind K drops predictions whose alias_kind is K (e.g. demonym: neither gold set
annotates demonyms as mentions). -v lists false positives (those that touch no gold mention
at all first), then misses. The last line printed is 'F1 span+category: X'. Bad input lines
are reported on stderr and skipped; the exit status is 2 only when a file cannot be read.
"""

import argparse
import collections
import json
import os
import sys
import urllib.parse

SCORED = ("leader", "country", "organisation")
CATEGORY_OF = {
    "leader": "leader",
    "leader-historical": "leader",
    "country": "country",
    "organisation": "organisation",
    "organization": "organisation",
}
# scope.tsv categories that are scored, and the category each stands for
IN_SCOPE = {"leader": "leader", "leader-historical": "leader", "country": "country",
            "organisation": "organisation"}
WIKI_PREFIXES = (
    "https://en.wikipedia.org/wiki/",
    "http://en.wikipedia.org/wiki/",
    "en.wikipedia.org/wiki/",
    "enwiki:",
)
MODES = (("category", "span+category"), ("link", "span+link"))


def canonical_title(title):
    """A Wikipedia title as compared: no URL prefix, decoded, spaces, first letter upper."""
    if title is None:
        return None
    title = str(title).strip()
    for prefix in WIKI_PREFIXES:
        if title.startswith(prefix):
            title = title[len(prefix):]
            break
    title = " ".join(urllib.parse.unquote(title).replace("_", " ").split())
    return title[0].upper() + title[1:] if title else None


def canonical_qid(qid):
    """'Q42', from 'q42' or an entity URL; None for anything else."""
    if qid is None:
        return None
    qid = str(qid).strip().rstrip("/").split("/")[-1].upper()
    return qid if len(qid) > 1 and qid[0] == "Q" and qid[1:].isdigit() else None


def read_scope(path):
    scope = {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            if raw.startswith("#"):
                continue
            cols = raw.rstrip("\n").split("\t")
            if len(cols) < 2 or not cols[0] or cols[0] == "wiki":
                continue
            scope[canonical_title(cols[0])] = cols[1]
    return scope


def read_lines(path, what):
    docs = []
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                docs.append(json.loads(raw))
            except ValueError as e:
                print("warning: %s line %d is not JSON (%s); skipped" % (what, number, e),
                      file=sys.stderr)
    return docs


def overlap(a, b):
    """Number of shared code points of two spans (<= 0: none)."""
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def pair_up(preds, golds, compatible):
    """One-to-one greedy pairing {pred index: gold index} of overlapping compatible spans.

    Candidate pairs are taken in order: exact spans first, then larger overlaps, then the
    smaller sum of offset differences, then input order."""
    ranked = sorted(
        (p["start"] != g["start"] or p["end"] != g["end"], -overlap(p, g),
         abs(p["start"] - g["start"]) + abs(p["end"] - g["end"]), i, j)
        for i, p in enumerate(preds)
        for j, g in enumerate(golds)
        if overlap(p, g) > 0 and compatible(p, g))
    pairs, taken = {}, set()
    for *_, i, j in ranked:
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


class Tally:
    """Counts per mode and category: right predictions, scored predictions,
    found gold mentions, gold mentions."""

    def __init__(self):
        self.counts = {mode: {c: [0, 0, 0, 0] for c in SCORED} for mode, _ in MODES}

    def gold(self, mode, cat, n=1):
        self.counts[mode][cat][3] += n

    def found(self, mode, cat):
        self.counts[mode][cat][2] += 1

    def predicted(self, mode, cat, right):
        self.counts[mode][cat][1] += 1
        self.counts[mode][cat][0] += bool(right)

    def row(self, mode, cat=None):
        if cat is not None:
            return list(self.counts[mode][cat])
        return [sum(self.counts[mode][c][k] for c in SCORED) for k in range(4)]


def ratios(right, npred, found, ngold):
    precision = right / npred if npred else 0.0
    recall = found / ngold if ngold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def snippet(text, start, end, width=40):
    flat = lambda s: s.replace("\n", " ")
    return "...%s[[%s]]%s..." % (flat(text[max(0, start - width):start]),
                                 flat(text[start:end]), flat(text[end:end + width]))


def default_scope(gold_path):
    stem = gold_path[:-len(".jsonl")] if gold_path.endswith(".jsonl") else gold_path
    named_after = os.path.join(stem, "scope.tsv")
    if os.path.isfile(named_after):
        return named_after
    return os.path.join(os.path.dirname(os.path.abspath(gold_path)), "scope.tsv")


def load_predictions(system_docs, gold_by_id, skip_kinds, genre_filter):
    """{doc_id: [prediction]} for gold documents, and what was left out."""
    preds = collections.defaultdict(list)
    other_types = collections.Counter()
    bad = 0
    unknown = set()
    for doc in system_docs:
        doc_id = doc.get("doc_id")
        if doc_id not in gold_by_id:
            if not genre_filter:
                unknown.add(doc_id)
            continue
        length = len(gold_by_id[doc_id]["text"])
        for m in doc.get("mentions") or []:
            try:
                start, end = int(m["start"]), int(m["end"])
            except (KeyError, TypeError, ValueError):
                bad += 1
                continue
            if not 0 <= start < end <= length:
                bad += 1
                continue
            if skip_kinds and str(m.get("alias_kind", "")).lower() in skip_kinds:
                continue
            given = m.get("category", m.get("type", ""))
            cat = CATEGORY_OF.get(str(given).lower())
            if cat is None:
                other_types[str(given)] += 1
                continue
            preds[doc_id].append({
                "start": start, "end": end, "category": cat,
                "title": canonical_title(m.get("wiki", m.get("wikipedia"))),
                "qid": canonical_qid(m.get("wikidata")), "label": m.get("label")})
    return preds, other_types, bad, unknown


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("system")
    ap.add_argument("--scope", help="title -> category file (default: see above)")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="list false positives and misses")
    ap.add_argument("--max-list", type=int, default=200,
                    help="at most this many items per list with -v (default 200)")
    ap.add_argument("--lenient", action="store_true",
                    help="span+category: a prediction on a role phrase of its category is right")
    ap.add_argument("--flat", action="store_true",
                    help="names inside larger names leave the recall set and predictions on "
                         "them count neither way")
    ap.add_argument("--genre", action="append",
                    help="score only gold documents of this genre (repeatable)")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    ap.add_argument("--skip-kind", action="append", default=[],
                    help="drop predictions with this alias_kind (repeatable), e.g. demonym")
    args = ap.parse_args()

    scope = read_scope(args.scope or default_scope(args.gold))
    gold_docs = read_lines(args.gold, "gold")
    system_docs = read_lines(args.system, "system")
    if args.genre:
        gold_docs = [d for d in gold_docs if d.get("genre") in args.genre]
    gold_by_id = {d["doc_id"]: d for d in gold_docs}

    # The QID the gold gives each title (first seen), so that a prediction naming another
    # title of the same item (America / United States) still links.
    qid_of_title = {}
    for doc in gold_docs:
        for m in doc["mentions"]:
            if m.get("wikidata"):
                qid_of_title.setdefault(canonical_title(m["wiki"]), m["wikidata"])

    preds_by_doc, other_types, bad, unknown = load_predictions(
        system_docs, gold_by_id, args.skip_kind, args.genre)
    if unknown:
        print("warning: %d system documents not in gold (ignored), e.g. %s" % (
            len(unknown), sorted(map(str, unknown))[:3]), file=sys.stderr)
    if bad:
        print("warning: %d predictions with missing or out-of-range offsets skipped" % bad,
              file=sys.stderr)
    system_ids = {d.get("doc_id") for d in system_docs}
    n_system = sum(1 for d in system_docs if d.get("doc_id") in gold_by_id)
    n_without = sum(1 for doc_id in gold_by_id if doc_id not in system_ids)

    tally = Tally()
    pure_fps = []                                   # (doc, pred, text)
    wrong = {mode: [] for mode, _ in MODES}         # (doc, pred, text, golds, unlinked)
    missed = {mode: [] for mode, _ in MODES}        # (doc, gold, text)
    duplicates = {mode: 0 for mode, _ in MODES}
    role_phrase_fps = 0
    not_counted = 0
    recall_inside = [0, 0]                          # span+category: found, total
    recall_outside = [0, 0]

    for doc_id, doc in gold_by_id.items():
        text = doc["text"]
        golds = []
        for m in doc["mentions"]:
            title = canonical_title(m["wiki"])
            scope_cat = scope.get(title, "out")
            golds.append({
                "start": m["start"], "end": m["end"], "text": m["text"], "title": title,
                "qid": m.get("wikidata") or qid_of_title.get(title),
                "cat": IN_SCOPE.get(scope_cat),
                "named": bool(m.get("named")), "in_name": bool(m.get("in_name")),
                "form": m.get("form")})

        def counts_for_recall(g):
            return g["named"] and g["cat"] is not None and not (args.flat and g["in_name"])

        recall_set = [g for g in golds if counts_for_recall(g)]
        others = [g for g in golds if not counts_for_recall(g)]
        unlinked = doc.get("unlinked_named") or []
        preds = preds_by_doc.get(doc_id, [])

        def same_category(p, g):
            return g["cat"] == p["category"]

        def same_entity(p, g):
            if p["title"] and p["title"] == g["title"]:
                return True
            return bool(g["qid"]) and (p["qid"] == g["qid"] or (
                p["title"] is not None and qid_of_title.get(p["title"]) == g["qid"]))

        for mode, _ in MODES:
            compatible = same_category if mode == "category" else same_entity
            for g in recall_set:
                tally.gold(mode, g["cat"])
            pairs = pair_up(preds, recall_set, compatible)
            for i, j in pairs.items():
                tally.predicted(mode, preds[i]["category"], True)
                tally.found(mode, recall_set[j]["cat"])
            found = set(pairs.values())
            for j, g in enumerate(recall_set):
                if mode == "category":
                    bucket = recall_inside if g["in_name"] else recall_outside
                    bucket[1] += 1
                    bucket[0] += j in found
                if j not in found:
                    missed[mode].append((doc_id, g, text))

            rest = [i for i in range(len(preds)) if i not in pairs]
            rest_preds = [preds[i] for i in rest]
            settled = set()     # positions in rest_preds decided by the second pairing
            if mode == "link":
                for k in pair_up(rest_preds, others, same_entity):
                    tally.predicted(mode, rest_preds[k]["category"], True)
                    settled.add(k)
            else:
                in_scope_others = [g for g in others if g["cat"] is not None]
                for k, j in pair_up(rest_preds, in_scope_others, same_category).items():
                    if in_scope_others[j]["named"]:
                        not_counted += 1        # a name inside a name, under --flat
                        settled.add(k)
                        continue
                    role_phrase_fps += 1
                    if args.lenient:
                        tally.predicted(mode, rest_preds[k]["category"], True)
                        settled.add(k)
            for k, p in enumerate(rest_preds):
                if k in settled:
                    continue
                tally.predicted(mode, p["category"], False)
                touched = [g for g in golds if overlap(p, g) > 0]
                touched_unlinked = [u for u in unlinked if overlap(p, u) > 0]
                if not touched and not touched_unlinked:
                    if mode == "category":
                        pure_fps.append((doc_id, p, text))
                    continue
                if any(compatible(p, g) and (mode == "link" or counts_for_recall(g))
                       for g in touched):
                    duplicates[mode] += 1
                wrong[mode].append((doc_id, p, text, touched, touched_unlinked))

    # ---- report
    header = "%-14s %6s %6s %6s %6s  %6s %6s %6s" % (
        "category", "gold", "pred", "tp(g)", "tp(p)", "P", "R", "F1")

    def line(name, row):
        right, npred, found, ngold = row
        return "%-14s %6d %6d %6d %6d  %6.3f %6.3f %6.3f" % (
            (name, ngold, npred, found, right) + ratios(*row))

    print("gold %s: %d docs; system %s: %d docs (%d gold docs without a line)" % (
        os.path.basename(args.gold), len(gold_by_id), os.path.basename(args.system),
        n_system, n_without))
    if other_types:
        print("predictions with other categories (not scored): %s" % ", ".join(
            "%s %d" % kv for kv in other_types.most_common()))
    figures = {}
    for mode, name in MODES:
        print()
        print(name + (" (lenient)" if mode == "category" and args.lenient else "")
              + (" (flat)" if args.flat else ""))
        print(header)
        figures[mode] = {}
        for cat in SCORED:
            row = tally.row(mode, cat)
            print(line(cat, row))
            figures[mode][cat] = dict(zip(("tp_pred", "pred", "tp_gold", "gold"), row))
        total = tally.row(mode)
        print(line("all (micro)", total))
        p, r, f = ratios(*total)
        figures[mode]["all"] = dict(zip(("tp_pred", "pred", "tp_gold", "gold"), total))
        figures[mode]["all"].update(precision=p, recall=r, f1=f)
        if duplicates[mode]:
            print("  (%d false positives overlap an already-paired correct gold mention)" %
                  duplicates[mode])
    print()
    print("pure false positives (overlap no gold entity mention at all): %d" % len(pure_fps))
    print("false positives on non-named gold mentions of the same category "
          "('the President', 'the country', 'it'): %d%s" % (
              role_phrase_fps, " (counted correct: --lenient)" if args.lenient else
              " (counted wrong; --lenient counts them correct)"))
    if args.flat:
        print("--flat: gold mentions inside a larger name left out of the recall set; "
              "%d predictions on them were not counted" % not_counted)
    else:
        print("span+category recall on gold mentions inside a larger name ('Canada' in "
              "'Fan Expo Canada'): %d/%d; elsewhere: %d/%d (--flat leaves the former out)" % (
                  tuple(recall_inside) + tuple(recall_outside)))
    figures["pure_false_positives"] = len(pure_fps)
    figures["nonnamed_same_category"] = role_phrase_fps

    if args.verbose:
        limit = args.max_list

        def gold_label(g):
            return "%s:%s%s" % (g["title"], g["cat"] or scope.get(g["title"], "out"),
                                "" if g["named"] else "/" + str(g["form"]))

        print("\n== pure false positives (%d)" % len(pure_fps))
        for doc_id, p, text in pure_fps[:limit]:
            print("%s\t%s\t%s\t%s" % (doc_id, p["category"], p["title"] or p["label"] or "",
                                      snippet(text, p["start"], p["end"])))
        print("\n== other false positives, span+category (%d): predicted | overlapped gold" %
              len(wrong["category"]))
        for doc_id, p, text, touched, touched_unlinked in wrong["category"][:limit]:
            label = "; ".join(gold_label(g) for g in touched)
            if touched_unlinked:
                label += "; " + "; ".join("unlinked:%s" % u["text"] for u in touched_unlinked)
            print("%s\t%s\t%s\t%s" % (doc_id, p["category"],
                                      snippet(text, p["start"], p["end"]), label))
        print("\n== misses, span+category (%d)" % len(missed["category"]))
        for doc_id, g, text in missed["category"][:limit]:
            print("%s\t%s\t%s\t%s" % (doc_id, g["cat"], g["title"],
                                      snippet(text, g["start"], g["end"])))
        if any(p["title"] or p["qid"] for ps in preds_by_doc.values() for p in ps):
            print("\n== false positives, span+link (%d)" % len(wrong["link"]))
            for doc_id, p, text, touched, _ in wrong["link"][:limit]:
                print("%s\tpred=%s\t%s\tgold=%s" % (
                    doc_id, p["title"] or p["qid"], snippet(text, p["start"], p["end"]),
                    "; ".join(g["title"] for g in touched) or "-"))
            print("\n== misses, span+link (%d)" % len(missed["link"]))
            for doc_id, g, text in missed["link"][:limit]:
                print("%s\t%s\t%s\t%s" % (doc_id, g["cat"], g["title"],
                                          snippet(text, g["start"], g["end"])))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(figures, f, indent=1)
    print()
    print("F1 span+category: %.4f" % figures["category"]["all"]["f1"])
    return 0


if __name__ == "__main__":
    try:
        status = main()
    except BrokenPipeError:
        status = 0
    except OSError as e:
        print("error: %s" % e, file=sys.stderr)
        status = 2
    sys.exit(status)
