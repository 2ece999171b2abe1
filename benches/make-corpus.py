"""Builds a benchmark corpus: a source's articles repeated, with fresh ids.

    python3 benches/make-corpus.py SOURCE SIZE_MB TARGET

SOURCE is a folder of .txt/.md articles or a JSON Lines file with a "text" field.
Writes TARGET as JSON Lines ({"id": "doc-N", "text": ...}) holding about SIZE_MB
megabytes of text, and TARGET.bytes with the exact number of text bytes (the figure
throughput is measured against). Used by benches/corpus.sh and
scripts/python-throughput.sh, so both time the same corpus.
"""

import json
import os
import sys

source, size, target = sys.argv[1], float(sys.argv[2]), sys.argv[3]
texts = []
if os.path.isdir(source):
    for root, _, files in sorted(os.walk(source)):
        for f in sorted(files):
            if f.endswith((".txt", ".md")):
                with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                    texts.append(fh.read())
else:
    with open(source, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                texts.append(json.loads(line)["text"])
if not texts:
    sys.exit(f"no articles in {source}")
total, n = 0, 0
with open(target, "w", encoding="utf-8") as f:
    while total < size * 1e6:
        for t in texts:
            f.write(json.dumps({"id": f"doc-{n}", "text": t}, ensure_ascii=False) + "\n")
            total += len(t.encode("utf-8"))
            n += 1
with open(target + ".bytes", "w") as f:
    f.write(str(total))
print(
    f"corpus: {n} documents, {total / 1e6:.1f} MB of text ({len(texts)} distinct articles, repeated)",
    file=sys.stderr,
)
