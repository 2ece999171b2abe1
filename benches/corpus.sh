#!/usr/bin/env bash
# Whole-process benchmark: entgraph against a bare Aho-Corasick scan over the same
# aliases, on one corpus, in one run.
#
#   benches/corpus.sh SOURCE [SIZE_MB] [--peers]
#
# SOURCE is a folder of .txt/.md articles or a JSON Lines file with a "text" field;
# its articles are repeated (with fresh ids) to about SIZE_MB megabytes of text
# (default 50) in target/bench/. Every figure is the best of 5 runs (the machine's
# other work only ever slows a run down). The script reports, as a Markdown table:
#
# - the baseline: `cargo bench --bench scan` over `entgraph gazetteer aliases`
#   (leftmost-longest, ASCII case-insensitive, matches filtered to word boundaries),
#   and the same scan anchored at word starts;
# - `entgraph extract` end to end (JSON output, sentence scope) at 1 and 2 threads,
#   and at 1 thread with the whole process pinned to one core (taskset):
#   MB/s of text, the ratio to the baseline, the cores kept busy (CPU time over
#   wall time) and peak memory (/usr/bin/time -v);
# - start-up: the median of 21 runs on an empty input.
#
# With --peers it also times, in a Python environment it creates under
# target/bench/, flashtext and pyahocorasick over the same aliases, and spaCy's
# PhraseMatcher on the first 5 MB (the peers a user might pick instead).
set -euo pipefail
cd "$(dirname "$0")/.."

source=${1:?usage: benches/corpus.sh SOURCE [SIZE_MB] [--peers]}
size=${2:-50}
peers=no
for a in "$@"; do [ "$a" = --peers ] && peers=yes; done
out=target/bench
mkdir -p "$out"

cargo build --release --quiet
bin=./target/release/entgraph
corpus="$out/corpus-${size}MB.jsonl"
aliases="$out/aliases.tsv"
$bin gazetteer aliases > "$aliases"

# The corpus: the source's articles repeated, with fresh ids.
python3 benches/make-corpus.py "$source" "$size" "$corpus"
bytes=$(cat "$corpus.bytes")
mb=$(python3 -c "print(f'{$bytes / 1e6:.1f}')")

repeat=5
scan() { cargo bench --quiet --bench scan -- "$aliases" "$corpus" --repeat "$repeat" "$@" | grep -o '[0-9.]* MB/s' | cut -d' ' -f1; }
base=$(scan)
base_starts=$(scan --word-starts)

once() {  # name threads [cpu list to pin to] -> "seconds peak_kb cpu_seconds"
  local name=$1 threads=$2 pin=(); [ -n "${3:-}" ] && pin=(taskset -c "$3")
  /usr/bin/time -v "${pin[@]}" "$bin" extract --quiet --input-format jsonl --threads "$threads" \
    -o "$out/graph-$name.json" "$corpus" 2> "$out/time-$name.txt"
  local secs kb cpu
  secs=$(grep 'Elapsed (wall clock)' "$out/time-$name.txt" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  kb=$(grep 'Maximum resident' "$out/time-$name.txt" | awk '{print $NF}')
  cpu=$(grep -E '(User|System) time' "$out/time-$name.txt" | awk '{s += $NF} END {print s}')
  echo "$secs $kb $cpu"
}
run() {  # the fastest of $repeat runs
  for _ in $(seq "$repeat"); do once "$@"; done | sort -n | head -1
}
# --threads sets the extraction workers; reading and adding to the graph run on
# threads of their own beside them. The pinned run holds the whole process to one core.
read -r s1 kb1 c1 < <(run 1 1)
read -r s2 kb2 c2 < <(run 2 2)
read -r sp kbp cp < <(run pinned 1 0)
for n in 2 pinned; do
  cmp -s "$out/graph-1.json" "$out/graph-$n.json" || { echo "corpus: outputs differ between runs 1 and $n" >&2; exit 1; }
done

# Start-up: wall time of a run on an empty input, in seconds, median of 21.
startup=$(python3 - "$bin" <<'EOF'
import statistics, subprocess, sys, time
runs = []
for _ in range(21):
    t = time.perf_counter()
    subprocess.run([sys.argv[1], "extract", "--quiet"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
    runs.append(time.perf_counter() - t)
print(statistics.median(runs))
EOF
)

python3 - "$bytes" "$base" "$base_starts" "$s1" "$kb1" "$c1" "$s2" "$kb2" "$c2" "$sp" "$kbp" "$cp" "$startup" "$mb" <<'EOF'
import os, sys
b, base, starts, s1, kb1, c1, s2, kb2, c2, sp, kbp, cp, startup, mb = sys.argv[1:]
b = float(b); base = float(base); starts = float(starts)
rate = lambda s: b / 1e6 / float(s)
r1, r2, rp = rate(s1), rate(s2), rate(sp)
cores = lambda c, s: f"{float(c) / float(s):.2f}"
print(f"\n{mb} MB of text (repeated articles), 1 process, this machine ({os.cpu_count()} cores):\n")
print("| run | MB/s | ratio | cores busy | peak memory |")
print("|---|---|---|---|---|")
print(f"| baseline: bare Aho-Corasick scan, matches filtered to word boundaries | {base:.1f} | 1.00 | 1 | |")
print(f"| baseline, anchored at word starts | {starts:.1f} | {starts / base:.2f} | 1 | |")
print(f"| entgraph extract, 1 thread | {r1:.1f} | {r1 / base:.2f} | {cores(c1, s1)} | {int(kb1) / 1024:.0f} MB |")
print(f"| entgraph extract, 1 thread, whole process pinned to one core | {rp:.1f} | {rp / base:.2f} | {cores(cp, sp)} | {int(kbp) / 1024:.0f} MB |")
print(f"| entgraph extract, 2 threads | {r2:.1f} | {r2 / base:.2f} ({r2 / r1:.2f}x 1 thread) | {cores(c2, s2)} | {int(kb2) / 1024:.0f} MB |")
print(f"| start-up (load gazetteers, build the matcher, empty input; median of 21) | | {float(startup) * 1000:.0f} ms | | |")
EOF

if [ "$peers" = yes ]; then
  venv="$out/venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check flashtext pyahocorasick spacy
  "$venv/bin/python" - "$aliases" "$corpus" <<'EOF'
import json, sys, time
aliases = [l.split("\t")[0] for l in open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]]
texts = [json.loads(l)["text"] for l in open(sys.argv[2], encoding="utf-8")]
mb = sum(len(t.encode()) for t in texts) / 1e6
def timed(name, fn, texts, mb):
    t = time.perf_counter(); n = sum(fn(x) for x in texts); s = time.perf_counter() - t
    print(f"| {name} | {mb / s:.1f} | ({n} matches) |")
from flashtext import KeywordProcessor
kp = KeywordProcessor(case_sensitive=False)
for a in aliases: kp.add_keyword(a)
timed("flashtext", lambda t: len(kp.extract_keywords(t)), texts, mb)
import ahocorasick
A = ahocorasick.Automaton()
for i, a in enumerate(aliases): A.add_word(a.lower(), i)
A.make_automaton()
def aho(t):
    low = t.lower(); n = 0
    for end, i in A.iter_long(low):
        s = end - len(aliases[i]) + 1
        if (s == 0 or not low[s - 1].isalnum()) and (end + 1 == len(low) or not low[end + 1].isalnum()): n += 1
    return n
timed("pyahocorasick (iter_long, word boundaries)", aho, texts, mb)
import spacy
from spacy.matcher import PhraseMatcher
nlp = spacy.blank("en"); pm = PhraseMatcher(nlp.vocab, attr="LOWER")
pm.add("A", list(nlp.tokenizer.pipe(aliases)))
sub, size = [], 0
for t in texts:
    if size > 5e6: break
    sub.append(t); size += len(t.encode())
timed("spaCy PhraseMatcher (blank English, first 5 MB)", lambda t: len(pm(nlp.make_doc(t))), sub, size / 1e6)
EOF
fi
