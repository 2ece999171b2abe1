"""The Spark and Dask examples, run on a small corpus: their merged graph must be
the graph of one run over the whole corpus.

PySpark runs in local mode (it needs a Java runtime); both are skipped when not
installed, unless ENTGRAPH_REQUIRE_READERS=1 (as in CI).
"""

import json
import os
import shutil
import sys

import pytest

import entgraph
from test_entgraph import ARTICLES, REQUIRE, ROOT, cli_binary, need

sys.path.insert(0, str(ROOT / "examples"))

# More articles than partitions, each with an id.
CORPUS = [dict(a, id=f"{a['id']}-{i}") for i in range(5) for a in ARTICLES]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in CORPUS), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def whole():
    return entgraph.Extractor(entgraph.Gazetteer.bundled()).graph(CORPUS).to_dict()


def same_graph(graph, whole):
    got = graph.to_dict()
    assert got["nodes"] == whole["nodes"]
    assert got["links"] == whole["links"]
    assert got["graph"]["documents"] == whole["graph"]["documents"]


@pytest.fixture(scope="module")
def spark():
    need("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if REQUIRE:
            pytest.fail("PySpark needs a Java runtime (Debian: default-jre-headless)")
        pytest.skip("no Java runtime for PySpark")
    # The workers run this Python and find the examples.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "examples"), os.environ.get("PYTHONPATH", "")]
    )
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("entgraph-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_map_partitions_then_merge(spark, corpus, whole):
    import spark_graph

    graph = spark_graph.corpus_graph(spark.sparkContext, str(corpus), partitions=3)
    same_graph(graph, whole)


def test_spark_pipe_with_the_cli(spark, corpus, whole):
    import spark_graph

    graph = spark_graph.pipe_graphs(
        spark.sparkContext, str(corpus), entgraph_cli=cli_binary(), partitions=3
    )
    same_graph(graph, whole)


def test_dask_reduction(corpus, whole):
    need("dask")
    import dask.bag as db

    import dask_graph

    bag = db.read_text(str(corpus)).repartition(3).map(json.loads)
    assert bag.npartitions > 1
    same_graph(dask_graph.corpus_graph(bag).compute(), whole)
