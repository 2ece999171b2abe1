#!/usr/bin/env bash
# Every test a clone can run, in one command: the Rust crate's (`cargo test`, and
# the library's unit tests without default features), then
# the Python package's: the wheel is built (maturin, release), installed into a
# virtual environment and tested with pytest, examples included.
#
#   scripts/test.sh
#
# The crate in python/ is built in target/ beside the root crate (sharing its
# dependencies). Needs the Rust toolchain and Python 3.9+ with venv; maturin, pytest, networkx and
# pandas are installed from PyPI into the environment (target/py-venv, or
# $ENTGRAPH_VENV), with $ENTGRAPH_PY_EXTRAS too (CI adds pyspark and dask, whose
# example tests are skipped otherwise). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test
# The library alone, as a crate that embeds it builds it: without the CLI's
# dependencies (the `cli` feature) and without rayon.
cargo test --no-default-features --lib

venv=${ENTGRAPH_VENV:-target/py-venv}
case $venv in /*) ;; *) venv="$PWD/$venv" ;; esac
if [ ! -x "$venv/bin/python" ]; then
  echo "test: creating a Python environment in $venv"
  "${PYTHON:-python3}" -m venv "$venv"
fi
# shellcheck disable=SC2086  # the extras are a list of names
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  maturin pytest networkx pandas ${ENTGRAPH_PY_EXTRAS:-}

echo "test: building the Python package"
rm -rf target/wheels
CARGO_TARGET_DIR="$PWD/target" "$venv/bin/maturin" build --quiet --release -i "$venv/bin/python" -m python/Cargo.toml -o target/wheels
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall \
  --no-deps target/wheels/entgraph-*.whl

# The CLI that `cargo test` built, for the tests that compare with it.
export ENTGRAPH_BIN="$PWD/target/debug/entgraph"
# From another folder, so that the installed package is the one imported.
(cd python/tests && "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@" .)
