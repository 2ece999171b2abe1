#!/usr/bin/env python3
"""Fit the confidence model: the probability that a mention is right.

Usage:
    python3 scripts/confidence/fit.py [--gold GOLD.jsonl ...] [--binary PATH] [--folds K]
                                      [--l2 L ...] [--out MODEL.json] [--dry-run]

Runs `entgraph extract --format mentions --features` on each development gold set (by
default eval/wikinews-dev.jsonl and, when it exists, ../shared/eval/gold-dev.jsonl beside
the repository), labels every mention right or wrong as eval/score.py counts span+link
precision (a mention is right when the one-to-one pairing gives it a gold mention of the
same entity), and fits a logistic regression from the features the binary wrote to that
label, with an L2 penalty (the intercept free).

Cross-validation by document: the documents of all sets are split into K folds (by a hash
of the set and the document id, so the split does not depend on the order of the files);
each fold is graded by a model fitted on the others. When several --l2 values are given,
the one with the smallest held-out log loss is kept. The calibration table printed
(per set and for all) compares, in each tenth of the predicted probability, the mean
prediction on held-out documents with the rate of right mentions; a row with at least 20
mentions whose two differ by more than 0.05 is marked '!'.

The model fitted on all documents is written to --out (default
gazetteers/models/confidence-en.json), which the binary compiles in: rebuild after
fitting. Demonyms are left out (neither gold set annotates them); they are graded by
the same model. A rule, kind or type seen in no gold mention gets the default weight of
its group (`rule:?`: the mean weight of the rules seen, each counted once).

Pure Python 3 standard library. Exit status 2 when a file cannot be read or the binary
fails.
"""

import argparse
import hashlib
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "eval"))
import score  # noqa: E402  (eval/score.py: the scorer's own matching)

DEFAULT_OUT = os.path.join(ROOT, "gazetteers", "models", "confidence-en.json")
GROUPS = ("rule", "kind", "type")
BINS = 10
MIN_ROW = 20
TOLERANCE = 0.05


def default_golds():
    golds = [os.path.join(ROOT, "eval", "wikinews-dev.jsonl")]
    shared = os.path.join(os.path.dirname(ROOT), "shared", "eval", "gold-dev.jsonl")
    if os.path.isfile(shared):
        golds.append(shared)
    return golds


def run_binary(binary, gold, out):
    cmd = [binary, "extract", "--quiet", "--input-format", "jsonl", "--id-field", "doc_id",
           "--format", "mentions", "--features", "-o", out, gold]
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), done.returncode,
                                                    done.stderr.strip()))


def label(gold_path, system_path, scope_path=None):
    """[(doc_id, features, right)] for every scored mention, right as span+link counts it."""
    scope = score.read_scope(scope_path or score.default_scope(gold_path))
    gold_docs = score.read_lines(gold_path, "gold")
    gold_by_id = {d["doc_id"]: d for d in gold_docs}
    qid_of_title = {}
    for doc in gold_docs:
        for m in doc["mentions"]:
            if m.get("wikidata"):
                qid_of_title.setdefault(score.canonical_title(m["wiki"]), m["wikidata"])
    rows = []
    for sysdoc in score.read_lines(system_path, "system"):
        doc = gold_by_id.get(sysdoc.get("doc_id"))
        if doc is None:
            continue
        preds = []
        for m in sysdoc.get("mentions") or []:
            if str(m.get("alias_kind", "")).lower() == "demonym":
                continue
            if score.CATEGORY_OF.get(str(m.get("type", "")).lower()) is None:
                continue
            if "features" not in m:
                raise RuntimeError("%s: mentions without \"features\" (run the binary with "
                                   "--features)" % system_path)
            preds.append({"start": int(m["start"]), "end": int(m["end"]),
                          "title": score.canonical_title(m.get("wikipedia")),
                          "qid": score.canonical_qid(m.get("wikidata")),
                          "features": m["features"]})
        golds = []
        for m in doc["mentions"]:
            title = score.canonical_title(m["wiki"])
            golds.append({"start": m["start"], "end": m["end"], "title": title,
                          "qid": m.get("wikidata") or qid_of_title.get(title),
                          "cat": score.IN_SCOPE.get(scope.get(title, "out")),
                          "named": bool(m.get("named"))})
        recall_set = [g for g in golds if g["named"] and g["cat"] is not None]
        others = [g for g in golds if not (g["named"] and g["cat"] is not None)]

        def same_entity(p, g):
            if p["title"] and p["title"] == g["title"]:
                return True
            return bool(g["qid"]) and (p["qid"] == g["qid"] or (
                p["title"] is not None and qid_of_title.get(p["title"]) == g["qid"]))

        right = set(score.pair_up(preds, recall_set, same_entity))
        rest = [i for i in range(len(preds)) if i not in right]
        for k in score.pair_up([preds[i] for i in rest], others, same_entity):
            right.add(rest[k])
        for i, p in enumerate(preds):
            rows.append((doc["doc_id"], p["features"], i in right))
    return rows


def fold_of(set_name, doc_id, k):
    digest = hashlib.sha256(("%s\0%s" % (set_name, doc_id)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % k


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def solve(a, b):
    """x with a x = b (Gaussian elimination with partial pivoting; a is positive definite)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        pivot = m[c][c]
        for r in range(c + 1, n):
            f = m[r][c] / pivot
            if f:
                row, top = m[r], m[c]
                for j in range(c, n + 1):
                    row[j] -= f * top[j]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][j] * x[j] for j in range(r + 1, n))) / m[r][r]
    return x


def fit(samples, dim, l2, iterations=50):
    """Weights (index 0: intercept) of an L2-penalised logistic regression by Newton's
    method. samples: [(sparse [(index, value)], label)], index 0 is the intercept's 1."""
    w = [0.0] * dim
    for _ in range(iterations):
        grad = [0.0] * dim
        hess = [[0.0] * dim for _ in range(dim)]
        for x, y in samples:
            p = sigmoid(sum(w[i] * v for i, v in x))
            r = p - y
            s = p * (1.0 - p)
            for i, v in x:
                grad[i] += r * v
                row = hess[i]
                for j, u in x:
                    row[j] += s * v * u
        for i in range(1, dim):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        hess[0][0] += 1e-9
        step = solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return w


def vectorise(features, index):
    x = [(0, 1.0)]
    for name, value in features.items():
        if value and name in index:
            x.append((index[name], float(value)))
    return x


def predict(w, x):
    return sigmoid(sum(w[i] * v for i, v in x))


def log_loss(pairs):
    eps = 1e-9
    return -sum(math.log(max(eps, p if y else 1 - p)) for p, y in pairs) / max(1, len(pairs))


def calibration(pairs):
    """[(lo, hi, count, mean predicted, observed rate)] per tenth of the probability."""
    rows = []
    for b in range(BINS):
        lo, hi = b / BINS, (b + 1) / BINS
        inside = [(p, y) for p, y in pairs if lo <= p < hi or (b == BINS - 1 and p == 1.0)]
        if inside:
            n = len(inside)
            rows.append((lo, hi, n, sum(p for p, _ in inside) / n,
                         sum(1 for _, y in inside if y) / n))
    return rows


def table(name, pairs):
    lines = ["%s: %d mentions, %.3f right; held-out log loss %.4f, Brier %.4f" % (
        name, len(pairs), sum(1 for _, y in pairs if y) / max(1, len(pairs)), log_loss(pairs),
        sum((p - y) ** 2 for p, y in pairs) / max(1, len(pairs)))]
    lines.append("| predicted | mentions | mean predicted | observed | difference |")
    lines.append("|---|---:|---:|---:|---:|")
    worst = 0.0
    for lo, hi, n, mean, seen in calibration(pairs):
        diff = seen - mean
        mark = ""
        if n >= MIN_ROW:
            worst = max(worst, abs(diff))
            if abs(diff) > TOLERANCE:
                mark = " !"
        lines.append("| %.1f–%.1f | %d | %.3f | %.3f | %+.3f%s |" % (lo, hi, n, mean, seen, diff,
                                                                   mark))
    return lines, worst


def model_json(w, names, l2, folds, sets):
    weights = {}
    for name, i in sorted(names.items()):
        weights[name] = round(w[i], 4) + 0.0
    # The default of each group: the mean weight of its members, each counted once (a
    # rule added later is taken for an average rule, not for the most common one).
    for group in GROUPS:
        members = [n for n in names if n.startswith(group + ":")]
        weights[group + ":?"] = round(
            sum(weights[n] for n in members) / len(members) if members else 0.0, 4) + 0.0
    return {
        "about": "The confidence model: P(mention right) = 1 / (1 + exp(-(intercept + sum of "
                 "weight * feature))). Written by scripts/confidence/fit.py; the README's "
                 "section on confidence says how to fit it again.",
        "fitted_on": sets,
        "folds": folds,
        "l2": l2,
        "intercept": round(w[0], 4),
        "weights": dict(sorted(weights.items())),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", action="append",
                    help="a gold set (JSON Lines, as eval/score.py reads; repeatable; default: "
                         "eval/wikinews-dev.jsonl and ../shared/eval/gold-dev.jsonl if present)")
    ap.add_argument("--binary", help="the entgraph binary (default: build target/release/entgraph)")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    ap.add_argument("--l2", type=float, action="append",
                    help="L2 penalty (repeatable: the best by held-out log loss is kept; "
                         "default 10, the penalty whose held-out calibration is within 0.05 in "
                         "every tenth of at least 20 mentions on the development sets)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="the model file to write")
    ap.add_argument("--dry-run", action="store_true", help="print the table, write nothing")
    args = ap.parse_args()
    if args.folds < 2:
        ap.error("--folds must be at least 2")
    golds = args.gold or default_golds()
    penalties = args.l2 or [10.0]

    binary = args.binary
    if binary is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target", "release", "entgraph")

    data = []      # (set name, doc id, features, right)
    sets = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, gold in enumerate(golds):
            if not os.path.isfile(gold):
                print("fit: no gold file at %s" % gold, file=sys.stderr)
                return 2
            name = os.path.basename(gold)
            out = os.path.join(tmp, "%d.jsonl" % n)
            run_binary(binary, gold, out)
            rows = label(gold, out)
            docs = {d for d, _, _ in rows}
            sets.append({"set": name, "documents": len(docs), "mentions": len(rows),
                         "right": sum(1 for _, _, y in rows if y)})
            data.extend((name, d, f, y) for d, f, y in rows)
    if not data:
        print("fit: no scored mentions in %s" % ", ".join(golds), file=sys.stderr)
        return 2

    counts = {}
    for _, _, f, _ in data:
        for k, v in f.items():
            if v:
                counts[k] = counts.get(k, 0) + 1
    names = {k: i + 1 for i, k in enumerate(sorted(counts))}
    dim = len(names) + 1
    samples = [(s, fold_of(s, d, args.folds), vectorise(f, names), 1.0 if y else 0.0)
               for s, d, f, y in data]

    best = None
    for l2 in penalties:
        held = []   # (set, p, y)
        for k in range(args.folds):
            train = [(x, y) for _, fk, x, y in samples if fk != k]
            w = fit(train, dim, l2)
            held.extend((s, predict(w, x), y) for s, fk, x, y in samples if fk == k)
        loss = log_loss([(p, y) for _, p, y in held])
        print("l2 %g: held-out log loss %.4f" % (l2, loss))
        if best is None or loss < best[0]:
            best = (loss, l2, held)
    _, l2, held = best

    print()
    print("Calibration on held-out folds (%d folds by document, l2 %g):" % (args.folds, l2))
    worst_all = 0.0
    for name in [s["set"] for s in sets] + ["all"]:
        pairs = [(p, y) for s, p, y in held if name in (s, "all")]
        lines, worst = table(name, pairs)
        worst_all = max(worst_all, worst)
        print()
        print("\n".join(lines))
    print()
    print("largest difference in a row of at least %d mentions: %.3f (%s)" % (
        MIN_ROW, worst_all, "within %.2f" % TOLERANCE if worst_all <= TOLERANCE else
        "OUTSIDE %.2f" % TOLERANCE))

    w = fit([(x, y) for _, _, x, y in samples], dim, l2)
    model = model_json(w, names, l2, args.folds, sets)
    if args.dry_run:
        return 0
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote %s (rebuild to use it: cargo build --release)" % args.out)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, RuntimeError, subprocess.CalledProcessError) as e:
        print("fit: %s" % e, file=sys.stderr)
        sys.exit(2)
