# %% [markdown]
# # From articles to a networkx graph and a pandas table
#
# Cells as a notebook runs them (Jupyter and VS Code read the `# %%` marks);
# `python examples/notebook.py` runs them all. Needs `pip install ./python
# networkx pandas`.

# %%
import entgraph

articles = [
    {
        "id": "summit",
        "date": "2024-05-16",
        "title": "Xi hosts Putin",
        "text": "Chinese President Xi Jinping welcomed Vladimir Putin to Beijing on "
        "Thursday. Xi and Putin signed a statement criticising NATO.",
    },
    {
        "id": "g7",
        "date": "2024-06-14",
        "title": "G7 leaders meet in Italy",
        "text": "Giorgia Meloni hosted Joe Biden, Emmanuel Macron and Olaf Scholz in "
        "Apulia. Biden and Scholz discussed aid to Ukraine.",
    },
    {
        "id": "un",
        "date": "2024-09-24",
        "title": "General Assembly opens",
        "text": "Joe Biden addressed the United Nations General Assembly. "
        "The French president called for a ceasefire.",
    },
]

# %% The gazetteer and the extractor are built once (about a second).
gazetteer = entgraph.Gazetteer.bundled()
extractor = entgraph.Extractor(gazetteer, scope="sentence")

# %% Mentions of one article, with Python string offsets.
text = articles[0]["text"]
for m in extractor.mentions(text, date=articles[0]["date"]):
    print(f"{m.start:4}-{m.end:<4} {text[m.start:m.end]!r:24} -> {m.entity} ({m.type}, {m.wikidata})")

# %% The graph of every article, as networkx.
graph = extractor.graph(articles)
G = graph.to_networkx()
print(G)
print("Macron (from 'the French president', dated 2024):", "emmanuel-macron" in G)

# %% Who is most connected?
import networkx as nx

for node, centrality in sorted(nx.degree_centrality(G).items(), key=lambda kv: -kv[1])[:5]:
    print(f"{G.nodes[node]['label']:20} {centrality:.2f}")

# %% The edges as a pandas table, heaviest first.
edges = graph.edges_frame()
print(edges[["source", "target", "weight", "documents"]].head(10).to_string(index=False))

# %% The nodes as a table, and the graph for Gephi.
nodes = graph.nodes_frame()
print(nodes[["label", "type", "wikidata", "count"]].sort_values("count", ascending=False).to_string())
# graph.write("articles.gexf")   # Gephi; .graphml, .json, .html and format="csv" too
