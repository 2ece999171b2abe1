"""Tests of the Python package: documents in, mentions and graphs out."""

import json
import os
import pickle
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import entgraph

ROOT = Path(__file__).resolve().parents[2]

# Optional readers are skipped when missing, unless CI asks for every one.
REQUIRE = os.environ.get("ENTGRAPH_REQUIRE_READERS") == "1"


def need(module):
    if REQUIRE:
        return __import__(module)
    return pytest.importorskip(module)


ARTICLES = [
    {
        "id": "a1",
        "date": "2024-05-16",
        "title": "Xi and Putin meet",
        "text": "Chinese President Xi Jinping met Vladimir Putin in Beijing on Thursday. "
        "Xi and Putin discussed the United Nations and NATO.",
    },
    {
        "id": "a2",
        "date": "2024-06-02",
        "text": "The French president met Olaf Scholz in Berlin. Scholz spoke about the "
        "European Union.",
    },
    {
        "id": "a3",
        "date": "2023-11-20",
        "url": "https://example.org/a3",
        "text": "Joe Biden and Xi Jinping met near San Francisco. Biden said the United "
        "States and China must manage competition.",
    },
    {"id": "a4", "text": "Nothing to see here: a story about gardening."},
]


@pytest.fixture(scope="module")
def gazetteer():
    return entgraph.Gazetteer.bundled()


@pytest.fixture(scope="module")
def x(gazetteer):
    return entgraph.Extractor(gazetteer)


def test_the_readme_one_liner_gives_the_two_leaders():
    need("networkx")
    nodes = entgraph.Extractor(entgraph.Gazetteer.bundled()).graph(
        ["Xi Jinping met Vladimir Putin."]
    ).to_networkx().nodes
    assert set(nodes) == {"xi-jinping", "vladimir-putin"}


def test_mentions_have_python_string_offsets(x):
    text = "Über den Gipfel in 北京: Xi Jinping traf Emmanuel Macron 🙂 und die NATO."
    ms = x.mentions(text)
    assert [m.entity for m in ms] == ["xi-jinping", "emmanuel-macron", "nato"]
    for m in ms:
        assert text[m.start : m.end] == m.text
        assert text.encode()[m.byte_start : m.byte_end].decode() == m.text
        assert text.encode("utf-16-le")[2 * m.utf16_start : 2 * m.utf16_end].decode(
            "utf-16-le"
        ) == m.text
    xi = ms[0]
    assert (xi.type, xi.wikidata, xi.wikipedia, xi.label) == (
        "leader",
        "Q15031",
        "Xi Jinping",
        "Xi Jinping",
    )
    assert xi.byte_start > xi.start  # the text before it is not ASCII
    assert 0 < xi.confidence <= 1 and xi.rule and xi.alias_kind == "name"
    assert "xi-jinping" in repr(xi)


def test_the_date_decides_who_a_role_phrase_names(gazetteer):
    text = "The French president arrived in Rome."
    x = entgraph.Extractor(gazetteer)
    assert [m.entity for m in x.mentions(text, date="2010-03-01")][-1] == "nicolas-sarkozy"
    assert [m.entity for m in x.mentions(text, date="2020-03-01")][-1] == "emmanuel-macron"
    import datetime

    assert [m.entity for m in x.mentions(text, date=datetime.date(2010, 3, 1))][-1] == (
        "nicolas-sarkozy"
    )
    # The extractor's date is the default.
    dated = entgraph.Extractor(gazetteer, date="2010-03-01")
    assert [m.entity for m in dated.mentions(text)][-1] == "nicolas-sarkozy"


def test_the_home_country_names_the_holder_of_a_bare_role_phrase(gazetteer):
    text = "The prime minister spoke in the morning."
    home = entgraph.Extractor(gazetteer, country="GB", date="2019-03-01")
    assert [m.entity for m in home.mentions(text)] == ["theresa-may"]
    assert entgraph.Extractor(gazetteer, date="2019-03-01").mentions(text) == []
    with pytest.raises(ValueError, match="not a country"):
        entgraph.Extractor(gazetteer, country="XX")


def test_teams_metonyms_and_min_confidence_are_the_cli_settings(gazetteer, tmp_path):
    text = "Brazil beat Germany 7-1 in the semi-final. The Kremlin said Beijing agreed."
    doc = {"id": "a", "text": text}
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    flags = ["--teams", "keep", "--metonyms", "--min-confidence", "0.5"]
    out = subprocess.run(
        [cli_binary(), "extract", "-q", *flags, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    x = entgraph.Extractor(gazetteer, teams=True, metonyms=True, min_confidence=0.5)
    graph = x.graph([doc])
    assert json.loads(graph.to_json()) == json.loads(out)
    ids = {n["id"] for n in graph.nodes}
    assert {"team:brazil", "team:germany", "russia", "china"} <= ids, ids
    with pytest.raises(ValueError, match="not a probability"):
        entgraph.Extractor(gazetteer, min_confidence=2.0)


def test_mentions_match_the_cli_mentions_output(x, tmp_path):
    cli = cli_binary()
    text = ARTICLES[0]["text"]
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    out = subprocess.run(
        [cli, "extract", "-q", "-f", "mentions", "--date", "2024-05-16", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    expected = json.loads(out)["mentions"]
    assert [m.to_dict() for m in x.mentions(text, date="2024-05-16")] == expected


def test_graph_from_dicts_keeps_ids_dates_and_fields(x):
    g = x.graph(ARTICLES)
    assert g.documents == 4
    G = g.to_dict()
    xi = next(n for n in G["nodes"] if n["id"] == "xi-jinping")
    assert xi["doc_ids"] == ["a1", "a3"]
    assert (xi["first_seen"], xi["last_seen"]) == ("2023-11-20", "2024-05-16")
    docs = {d["id"]: d for d in G["documents"]}
    assert docs["a1"]["title"] == "Xi and Putin meet"
    assert docs["a3"]["url"] == "https://example.org/a3"
    edge = next(
        e for e in G["links"] if {e["source"], e["target"]} == {"xi-jinping", "vladimir-putin"}
    )
    assert edge["weight"] == 2
    # The dated role phrase: the French president in June 2024.
    assert "emmanuel-macron" in {n["id"] for n in G["nodes"]}


def test_strings_are_documents_numbered_from_zero(x):
    g = x.graph(["Xi Jinping met Vladimir Putin.", "Vladimir Putin flew home."])
    putin = next(n for n in g.nodes if n["id"] == "vladimir-putin")
    assert putin["doc_ids"] == ["0", "1"]
    # One string is one document, not a list of characters.
    assert x.graph("Xi Jinping met Vladimir Putin.").documents == 1
    # (id, text) and (id, text, date) tuples.
    g = x.graph([("first", "Xi Jinping met Vladimir Putin.", "2024-05-16")])
    assert g.to_dict()["documents"] == [{"id": "first", "date": "2024-05-16"}]


def test_the_graph_is_the_same_for_any_number_of_threads(gazetteer):
    docs = ARTICLES * 40
    one = entgraph.Extractor(gazetteer, threads=1).graph(docs).to_json()
    four = entgraph.Extractor(gazetteer, threads=4).graph(docs).to_json()
    assert one == four


def test_the_graph_is_the_cli_graph(x, tmp_path):
    cli = cli_binary()
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    out = subprocess.run(
        [cli, "extract", "-q", str(path)], check=True, capture_output=True, text=True
    ).stdout
    assert x.graph(ARTICLES).to_json() + "\n" == out or x.graph(ARTICLES).to_json() == out


def test_settings_reach_the_graph(gazetteer):
    g = entgraph.Extractor(gazetteer, scope="document", evidence=1, demonyms=False).graph(ARTICLES)
    meta = g.meta
    assert (meta["scope"], meta["evidence_limit"], meta["demonyms"]) == ("document", 1, False)
    assert meta["gazetteer"] == gazetteer.fingerprint
    assert all(len(e["evidence"]) <= 1 for e in g.edges)


def test_pandas_series_and_frames_give_the_same_graph(x):
    pd = need("pandas")
    frame = pd.DataFrame(ARTICLES)
    from_dicts = x.graph(ARTICLES).to_json()
    assert x.graph(frame).to_json() == from_dicts
    # A Series: ids from its index.
    series = pd.Series([a["text"] for a in ARTICLES], index=[a["id"] for a in ARTICLES])
    g = x.graph(series).to_dict()
    assert {d["id"] for d in g["documents"]} == {"a1", "a2", "a3"}
    # Timestamps as dates; a missing date is no date.
    frame["date"] = pd.to_datetime(frame["date"])
    assert x.graph(frame).to_json() == from_dicts


def test_networkx_graph_has_the_attributes(x):
    nx = need("networkx")
    G = x.graph(ARTICLES).to_networkx()
    assert isinstance(G, nx.Graph) and not G.is_multigraph()
    assert G.nodes["xi-jinping"]["wikidata"] == "Q15031"
    assert G.edges["xi-jinping", "vladimir-putin"]["weight"] == 2
    assert G.graph["documents"] == 4
    assert {d["id"] for d in G.graph["document_info"]} == {"a1", "a2", "a3"}


def test_knowledge_gives_a_multigraph_keyed_by_kind(gazetteer):
    need("networkx")
    g = entgraph.Extractor(gazetteer, knowledge=True).graph(ARTICLES)
    G = g.to_networkx()
    assert G.is_multigraph()
    kinds = {k for _, _, k in G.edges(keys=True)}
    assert "cooccurrence" in kinds and len(kinds) > 1


def test_frames(x):
    pd = need("pandas")
    g = x.graph(ARTICLES)
    nodes = g.nodes_frame()
    assert nodes.index.name == "id"
    assert nodes.loc["xi-jinping", "count"] >= 3
    assert nodes.loc["china", "type"] == "country"
    edges = g.edges_frame()
    assert list(edges.columns[:3]) == ["source", "target", "kind"]
    assert edges["weight"].is_monotonic_decreasing
    assert isinstance(edges, pd.DataFrame) and len(edges) == g.number_of_edges()
    empty = x.graph(["Nothing here."])
    assert len(empty.nodes_frame()) == 0 and len(empty.edges_frame()) == 0


def test_write_every_format(x, tmp_path):
    g = x.graph(ARTICLES)
    for name, start in [
        ("g.json", "{"),
        ("g.dot", "graph"),
        ("g.gexf", "<?xml"),
        ("g.graphml", "<?xml"),
        ("g.html", "<!DOCTYPE html>"),
    ]:
        g.write(tmp_path / name)
        assert (tmp_path / name).read_text(encoding="utf-8").lstrip().startswith(start), name
    g.write(tmp_path / "cy.json", format="cytoscape")
    assert "elements" in json.loads((tmp_path / "cy.json").read_text())
    g.write(tmp_path / "tables", format="csv")
    assert (tmp_path / "tables" / "nodes.csv").read_text().startswith("Id,Label,")
    assert (tmp_path / "tables" / "edges.csv").exists()
    assert entgraph.Graph.read(tmp_path / "g.json").to_json() == g.to_json()
    with pytest.raises(entgraph.InputError, match="cannot tell the format"):
        g.write(tmp_path / "g.bin")
    with pytest.raises(entgraph.InputError, match="is not a graph format"):
        g.write(tmp_path / "g.bin", format="png")
    nx = need("networkx")
    G = nx.read_graphml(tmp_path / "g.graphml")
    assert "xi-jinping" in G


def test_merge_of_parts_is_the_graph_of_the_whole(x):
    whole = x.graph(ARTICLES)
    parts = [x.graph(ARTICLES[:2]), x.graph(ARTICLES[2:])]
    merged = entgraph.merge(parts)
    assert merged.to_dict()["nodes"] == whole.to_dict()["nodes"]
    assert merged.to_dict()["links"] == whole.to_dict()["links"]
    assert merged.documents == whole.documents


def test_merge_refuses_different_settings_naming_the_setting(gazetteer, x):
    other = entgraph.Extractor(gazetteer, scope="document")
    with pytest.raises(entgraph.InputError) as e:
        entgraph.merge([x.graph(ARTICLES[:2]), other.graph(ARTICLES[2:])])
    assert "cannot merge graphs[0] and graphs[1]: their scope differs" in str(e.value)
    with pytest.raises(entgraph.InputError, match="it was pruned"):
        entgraph.merge([x.graph(ARTICLES).prune(min_weight=2), x.graph(ARTICLES)])
    with pytest.raises(entgraph.InputError, match="at least one graph"):
        entgraph.merge([])


def test_merge_refuses_graphs_that_share_a_document(x):
    first = x.graph(ARTICLES[:2])
    with pytest.raises(entgraph.InputError) as e:
        entgraph.merge([first, x.graph(ARTICLES[2:]), x.graph(ARTICLES[1:3])])
    # The CLI's message, naming the graph that held the document first.
    assert str(e.value) == (
        'cannot merge graphs[0] and graphs[2]: both hold the document "a2" and 1 more, which '
        "would be counted twice; give each document to one input only (is one of them the same "
        "file, or an earlier merge of the other?)"
    )
    # An earlier merge of the other holds its documents too.
    with pytest.raises(entgraph.InputError, match="both hold the document"):
        entgraph.merge([entgraph.merge([first, x.graph(ARTICLES[2:])]), first])
    # Bare strings are numbered from 0 in each call: their graphs share ids.
    with pytest.raises(entgraph.InputError, match='both hold the document "0"'):
        entgraph.merge([x.graph(["Xi met Putin."]), x.graph(["Biden met Xi."])])


def test_merge_with_background_edges_needs_the_gazetteer(gazetteer):
    x = entgraph.Extractor(gazetteer, knowledge=True)
    whole = x.graph(ARTICLES)
    parts = [x.graph(ARTICLES[:2]), x.graph(ARTICLES[2:])]
    with pytest.raises(entgraph.InputError, match="pass the gazetteer"):
        entgraph.merge(parts)
    merged = entgraph.merge(parts, gazetteer=gazetteer)
    assert merged.to_dict()["links"] == whole.to_dict()["links"]


def test_graphs_pickle(x):
    g = x.graph(ARTICLES)
    back = pickle.loads(pickle.dumps(g))
    assert back.to_json() == g.to_json()
    assert entgraph.merge([back, x.graph(["Xi met Putin."])]).documents == 5


def test_prune(x):
    g = x.graph(ARTICLES)
    pruned = g.prune(min_weight=2)
    assert all(e["weight"] >= 2 for e in pruned.edges)
    assert pruned.number_of_edges() < g.number_of_edges()
    only = g.prune(types=["country"])
    assert {n["type"] for n in only.nodes} == {"country"}


def test_bad_documents_are_skipped_with_a_warning(x):
    docs = [
        {"id": "ok", "text": "Xi Jinping met Vladimir Putin."},
        {"id": "no-text", "body": "Xi Jinping"},
        {"id": "bad-date", "text": "Xi Jinping", "date": "2024-02-30"},
        {"id": "number", "text": 42},
        3.5,
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = x.graph(docs)
    assert g.documents == 1
    reasons = dict(g.skipped)
    assert set(reasons) == {"1", "bad-date", "3", "4"}
    assert "no 'text' field" in reasons["1"]
    assert "February has 29 days, not 30" in reasons["bad-date"]
    assert "is not a string" in reasons["3"]
    assert "not a document" in reasons["4"]
    assert len([w for w in caught if issubclass(w.category, entgraph.EntgraphWarning)]) == 4
    with pytest.raises(entgraph.InputError, match=r"stopped by strict=True"):
        x.graph(docs, strict=True)


def test_errors_are_python_exceptions_with_the_cli_messages(gazetteer, tmp_path):
    with pytest.raises(entgraph.InputError, match="is not a scope; use sentence"):
        entgraph.Extractor(gazetteer, scope="chapter")
    with pytest.raises(entgraph.InputError, match="month 13 does not exist"):
        entgraph.Extractor(gazetteer, date="2024-13-01")
    with pytest.raises(ValueError, match="threads must be at least 1"):
        entgraph.Extractor(gazetteer, threads=0)
    with pytest.raises(TypeError, match="Gazetteer"):
        entgraph.Extractor("bundled")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entity]]\nid = "x"\ntype = "country"\nnames = ["Xanadu"]\n')
    with pytest.raises(entgraph.GazetteerError) as e:
        entgraph.Gazetteer.load([bad])
    assert f"{bad}:" in str(e.value)
    with pytest.raises(entgraph.GazetteerError, match="missing.toml: could not read the file"):
        entgraph.Gazetteer.load([tmp_path / "missing.toml"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(entgraph.InputError, match="empty: the folder holds no gazetteer file"):
        entgraph.Gazetteer.load([tmp_path / "empty"])
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(entgraph.InputError, match="not an entgraph JSON graph"):
        entgraph.Graph.read(broken)


def test_overlays_patch_the_bundled_entities(tmp_path):
    overlay = tmp_path / "changes.toml"
    overlay.write_text('[[patch]]\nid = "russia"\nnames = ["Kremlin"]\n')
    g = entgraph.Gazetteer.load([overlay])
    assert g.fingerprint != entgraph.Gazetteer.bundled().fingerprint
    x = entgraph.Extractor(g)
    assert [m.entity for m in x.mentions("The Kremlin said no.")] == ["russia"]
    assert "Kremlin" in g.entity("russia")["aliases"]
    assert "gazetteer_patches" in x.graph(["The Kremlin said no."]).meta


def test_gazetteer_api(gazetteer):
    assert len(gazetteer) > 1000
    assert "china" in gazetteer and "atlantis" not in gazetteer
    assert gazetteer.entity("china")["wikidata"] == "Q148"
    assert gazetteer.entity("atlantis") is None
    assert gazetteer.roles == "heads"
    assert entgraph.Gazetteer.bundled(roles="all").roles == "all"
    with pytest.raises(entgraph.InputError, match="not a set of roles"):
        entgraph.Gazetteer.bundled(roles="some")


def cli_binary():
    """The CLI built by `cargo build` (ENTGRAPH_BIN names another)."""
    named = os.environ.get("ENTGRAPH_BIN")
    if named:
        return named
    for profile in ("debug", "release"):
        path = ROOT / "target" / profile / "entgraph"
        if path.exists():
            return str(path)
    found = shutil.which("entgraph")
    if found:
        return found
    if REQUIRE:
        pytest.fail("no entgraph binary: run cargo build, or set ENTGRAPH_BIN")
    pytest.skip("no entgraph binary (cargo build makes one)")


def test_examples_notebook_runs():
    need("networkx")
    need("pandas")
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "notebook.py")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "xi-jinping" in out and "weight" in out
