"""The entity graph of a corpus with Dask: a graph per partition, then one merge.

    python examples/dask_graph.py 'news/*.jsonl' graph.json

JSON Lines in (one article a line: `text`, and `id`, `date`, `title`, `url` when
there are), one `entgraph.Graph` out, the same as one run over the whole corpus.

With the default (threaded) scheduler the partitions share one extractor: its
`graph` releases the GIL, and its thread pool takes work from every partition,
so all cores are busy. On a `dask.distributed` cluster each worker process
builds its own extractor (once, about a second) and graphs travel between
processes pickled (as compact JSON); give every article an `id` there too.
"""

import json
import sys
import threading

import entgraph

_EXTRACTOR = None
_LOCK = threading.Lock()


def extractor():
    """One extractor per process, built on first use."""
    global _EXTRACTOR
    with _LOCK:
        if _EXTRACTOR is None:
            _EXTRACTOR = entgraph.Extractor(entgraph.Gazetteer.bundled())
        return _EXTRACTOR


def corpus_graph(bag):
    """The merged graph of a Dask bag of article dicts."""
    return bag.reduction(
        lambda docs: extractor().graph(docs),
        lambda graphs: entgraph.merge(list(graphs)),
        split_every=8,
    )


def main(argv):
    if len(argv) != 3:
        print("usage: dask_graph.py 'ARTICLES*.jsonl' GRAPH.json", file=sys.stderr)
        return 2
    import dask.bag as db

    bag = db.read_text(argv[1]).map(json.loads)
    graph = corpus_graph(bag).compute()
    graph.write(argv[2])
    print(f"{graph!r} written to {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
