#!/usr/bin/env bash
# The order-free property of docs/robustness.md at a size too big for `cargo test`:
# random corpora of up to DOCS documents, split into random shards in random
# orders, merged in random orders, must give the graph of one run in every scope.
#
#   scripts/order-free.sh [CASES] [DOCS]      # default 2000 cases of up to 60 documents
set -euo pipefail
cd "$(dirname "$0")/.."

export ORDER_FREE_CASES=${1:-2000}
export ORDER_FREE_DOCS=${2:-60}
cargo test --release --test integration order_free -- --nocapture
