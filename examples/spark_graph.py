"""The entity graph of a corpus on Spark, with the Python package.

Each partition of a JSON Lines corpus (one article a line: `text`, and `id`,
`date`, `title`, `url` when there are) builds its own graph with
`entgraph.Extractor.graph`; the graphs are merged with `entgraph.merge` (in a
tree, on the executors) into the graph one run over the whole corpus gives.

    python examples/spark_graph.py articles.jsonl graph.json     # local mode
    spark-submit examples/spark_graph.py 's3a://bucket/news/*.jsonl' graph.json

Every executor needs the package: `pip install entgraph` (or the wheel that
`maturin build --release` makes in python/) on the cluster's image, or ship a
virtual environment with `--archives`; `--py-files` does not do, as the package
has a native module.

Give every article an `id`: ids are how a graph lists its documents, and
articles without one are numbered by their place in their partition, which
repeats from one partition to the next.

Without the Python package, `rdd.pipe` runs the command-line tool on each
partition instead: see `pipe_graphs` below and its caveats.
"""

import json
import sys

import entgraph

# One extractor per Python worker (Spark reuses its workers from task to task):
# building one compiles the matcher, about a second.
_EXTRACTOR = None


def extractor(settings):
    global _EXTRACTOR
    if _EXTRACTOR is None:
        # Spark runs one task per core already: one thread each.
        _EXTRACTOR = entgraph.Extractor(entgraph.Gazetteer.bundled(), threads=1, **settings)
    return _EXTRACTOR


def partition_graph(lines, settings):
    """The graph of one partition's JSON lines (a generator, as mapPartitions wants)."""
    docs = (json.loads(line) for line in lines if line.strip())
    yield extractor(settings).graph(docs)


def corpus_graph(sc, path, settings=None, partitions=None):
    """The merged graph of the JSON Lines at `path` (an `entgraph.Graph`)."""
    settings = settings or {}
    lines = sc.textFile(path, minPartitions=partitions)
    graphs = lines.mapPartitions(lambda part: partition_graph(part, settings))
    # Graphs travel between processes as compact JSON (they pickle).
    return graphs.treeReduce(lambda a, b: entgraph.merge([a, b]))


def pipe_graphs(sc, path, entgraph_cli="entgraph", partitions=None):
    """The same with the command-line tool on each partition (`rdd.pipe`).

    Caveats:
    - `-q`: no progress bar or summary on standard error (it would go to the
      executor logs), and `--threads 1`: Spark already runs a task per core.
    - One run per partition, each writing one graph to standard output: the
      lines of a partition must reach the tool together and in order, so pipe
      the partitions as they are (no repartition between `pipe` and `glom`).
    - Exit codes: `pipe` fails the task when the tool exits non-zero. The tool
      exits 3 when it skipped a bad document (a broken JSON line) but wrote its
      graph; `--max-skipped N` turns up to N skipped documents into 0, so that one
      bad line does not fail the job, and more than N into 1.
    - Documents need ids: lines without one are named `-:LINE`, counted from 1
      in every partition, so two partitions would share ids.
    """
    command = [entgraph_cli, "extract", "-q", "--threads", "1", "--input-format", "jsonl"]
    command += ["--max-skipped", "100", "-"]
    lines = sc.textFile(path, minPartitions=partitions)
    texts = lines.pipe(" ".join(command)).glom().map("\n".join)
    graphs = texts.map(lambda text: entgraph.Graph.from_json(text, "partition"))
    return graphs.treeReduce(lambda a, b: entgraph.merge([a, b]))


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: spark_graph.py ARTICLES.jsonl GRAPH.json", file=sys.stderr)
        return 2
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("entgraph").getOrCreate()
    try:
        graph = corpus_graph(spark.sparkContext, argv[1])
        graph.write(argv[2])
        print(f"{graph!r} written to {argv[2]}")
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
