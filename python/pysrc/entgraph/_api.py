"""The Python face of entgraph: documents in, mentions and graphs out.

The work is done by the native module ``entgraph._entgraph`` (the Rust library):
this module turns what Python users have (strings, dicts, pandas objects) into
documents, and graphs into networkx graphs and pandas tables.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import warnings
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Optional, Union

from . import _entgraph
from ._entgraph import Gazetteer
from ._errors import EntgraphWarning, InputError

__all__ = ["Extractor", "Graph", "Mention", "merge"]

DateLike = Union[str, _dt.date, None]

# Fields of a document kept in the graph (its `documents` list) when present, as
# the command-line tool keeps them from JSON Lines.
_DEFAULT_FIELDS = ("title", "url")

# Graph formats by file name ending, for `Graph.write`.
_SUFFIXES = {
    ".json": "json",
    ".dot": "dot",
    ".gv": "dot",
    ".gexf": "gexf",
    ".graphml": "graphml",
    ".cyjs": "cytoscape",
    ".html": "html",
    ".htm": "html",
}


class Mention:
    """One mention of an entity in a text.

    ``start`` and ``end`` are Python string indices (code points, end exclusive):
    ``text[m.start:m.end] == m.text``. ``byte_start``/``byte_end`` count UTF-8
    bytes and ``utf16_start``/``utf16_end`` UTF-16 units (JavaScript). ``entity``
    is the entity's id in the gazetteer, ``type`` one of ``leader``, ``country``,
    ``organisation``; ``name`` is set for a match inside a longer name (kept with
    ``in_names="keep"``): that name's ``start``, ``end`` and ``text``.
    """

    __slots__ = (
        "start",
        "end",
        "byte_start",
        "byte_end",
        "utf16_start",
        "utf16_end",
        "text",
        "entity",
        "label",
        "type",
        "wikidata",
        "wikipedia",
        "alias_kind",
        "confidence",
        "rule",
        "name",
    )

    def __init__(self, **fields: Any) -> None:
        for key in self.__slots__:
            setattr(self, key, fields.get(key))

    def to_dict(self) -> dict:
        """The mention as the CLI's ``mentions`` format writes it (absent values left out)."""
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mention) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.entity))

    def __repr__(self) -> str:
        return (
            f"Mention({self.start}..{self.end} {self.text!r} -> {self.entity} "
            f"({self.type}, {self.wikidata}))"
        )


def _date_text(value: Any) -> Optional[str]:
    """A date as text for the library (which checks it), or None for no date."""
    if _missing(value) or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (_dt.datetime, _dt.date)):  # also pandas.Timestamp
        try:
            return value.date().isoformat() if isinstance(value, _dt.datetime) else value.isoformat()
        except ValueError:  # pandas.NaT
            return None
    if hasattr(value, "isoformat"):  # numpy.datetime64 and the like
        return str(value.isoformat())[:10]
    raise TypeError(type(value).__name__)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        type(value).__name__ in ("NaTType", "NAType")
    )


class _Reader:
    """Turns what `Extractor.graph` is given into the items the native module reads."""

    def __init__(self, id_field: str, text_field: str, date_field: str, keep_fields: tuple):
        self.id_field = id_field
        self.text_field = text_field
        self.date_field = date_field
        self.keep_fields = keep_fields

    def items(self, docs: Any) -> Iterator[tuple]:
        if isinstance(docs, (str, Mapping)):
            docs = [docs]
        module = type(docs).__module__ or ""
        if module.startswith("pandas"):
            kind = type(docs).__name__
            if kind == "DataFrame":
                return self._frame(docs)
            if kind == "Series":
                return self._series(docs)
        return self._iterable(docs)

    def _doc(self, what: str, id: Any, text: Any, date: Any, fields: Optional[dict]) -> tuple:
        if _missing(text):
            return ("skip", what, f"no text (the {self.text_field!r} field is missing or empty)")
        if not isinstance(text, str):
            return ("skip", what, f"field {self.text_field!r} is not a string (a {type(text).__name__})")
        try:
            date = _date_text(date)
        except TypeError as e:
            return (
                "skip",
                what,
                f"field {self.date_field!r} is not a date (YYYY-MM-DD): a {e}; write it as a "
                'string, "YYYY-MM-DD", or as a datetime.date',
            )
        id = what if _missing(id) else str(id)
        kept = None
        if fields:
            kept = json.dumps(fields, default=str, ensure_ascii=False, allow_nan=False)
        return ("doc", id, text, date, kept)

    def _fields(self, record: Mapping) -> Optional[dict]:
        kept = {}
        for name in _DEFAULT_FIELDS + self.keep_fields:
            if name in record and not _missing(record[name]):
                kept[name] = record[name]
        return kept or None

    def _iterable(self, docs: Iterable) -> Iterator[tuple]:
        for i, doc in enumerate(docs):
            what = str(i)
            if isinstance(doc, str):
                yield ("doc", what, doc, None, None)
            elif isinstance(doc, Mapping):
                if self.text_field not in doc:
                    yield (
                        "skip",
                        what,
                        f"no {self.text_field!r} field (choose the text field with text_field=)",
                    )
                    continue
                yield self._doc(
                    what,
                    doc.get(self.id_field),
                    doc[self.text_field],
                    doc.get(self.date_field),
                    self._fields(doc),
                )
            elif isinstance(doc, tuple) and len(doc) in (2, 3):
                yield self._doc(what, doc[0], doc[1], doc[2] if len(doc) == 3 else None, None)
            else:
                yield (
                    "skip",
                    what,
                    "not a document: give a string, a dict with a "
                    f"{self.text_field!r} field or an (id, text[, date]) tuple, not a "
                    f"{type(doc).__name__}",
                )

    def _series(self, series: Any) -> Iterator[tuple]:
        for label, text in series.items():
            yield self._doc(str(label), label, text, None, None)

    def _frame(self, frame: Any) -> Iterator[tuple]:
        if self.text_field not in frame.columns:
            raise InputError(
                f"the DataFrame has no {self.text_field!r} column (choose the text column with "
                f"text_field=; its columns are {', '.join(map(str, frame.columns))})"
            )
        n = len(frame)
        ids = frame[self.id_field] if self.id_field in frame.columns else frame.index
        dates = frame[self.date_field] if self.date_field in frame.columns else [None] * n
        kept = [c for c in _DEFAULT_FIELDS + self.keep_fields if c in frame.columns]
        columns = [frame[c] for c in kept]
        for i, (label, id, text, date) in enumerate(zip(frame.index, ids, frame[self.text_field], dates)):
            fields = {}
            for name, column in zip(kept, columns):
                value = column.iat[i]
                if not _missing(value):
                    fields[name] = value
            yield self._doc(str(label), id, text, date, fields or None)


class Extractor:
    """Finds leaders, countries and organisations in texts and builds graphs.

    Build one per set of settings and use it for any number of texts: building it
    compiles the matcher (about a second), using it is fast.

    Args:
        gazetteer: the entities to look for (``Gazetteer.bundled()`` when None).
        scope: the unit two entities must share to be joined: ``sentence``,
            ``paragraph``, ``window:N`` (N sentences) or ``document``.
        date: the date of documents that give none (``YYYY-MM-DD``, a
            ``datetime.date``): it decides who a role phrase (``the French
            president``) names.
        demonyms: count ``French``, ``Chinese`` as mentions of the country.
        in_names: ``drop`` (default) or ``keep`` matches inside longer names
            (``France`` in ``Air France``).
        cues: a cue lexicon file for typed relations instead of the bundled one.
        evidence: how many evidence sentences each edge keeps.
        knowledge: add background edges from the gazetteer (a leader and their country).
        max_unit_entities: units naming more entities give no pairs (0: no limit).
        max_evidence_bytes: the most bytes of evidence text a graph keeps (0: no limit).
        doc_ids: how many document ids each node and edge lists.
        threads: threads for `graph` (default: every core).
        country: the home country of every document (an ISO 3166 code such as
            ``GB`` or an entity id): it decides who a bare role phrase (``the
            prime minister``) names; without it, a country that dominates a
            document is its home.
        teams: ``True`` keeps countries named in a match report as team nodes
            (``team:brazil``) in the graph; by default they are left out.
        metonyms: map seats of government (``the Kremlin``) and capitals used
            as governments (``Beijing said``) to their country.
        min_confidence: drop mentions whose confidence is below this
            probability (default 0: keep every mention).
        id_field, text_field, date_field: the keys (or DataFrame columns) of a
            document's id, text and date.
        keep_fields: more fields kept in the graph's document list (``title`` and
            ``url`` are kept when present).
    """

    def __init__(
        self,
        gazetteer: Optional[Gazetteer] = None,
        *,
        scope: str = "sentence",
        date: DateLike = None,
        demonyms: bool = True,
        in_names: str = "drop",
        cues: Optional[Union[str, os.PathLike]] = None,
        evidence: int = 3,
        knowledge: bool = False,
        max_unit_entities: int = 50,
        max_evidence_bytes: int = 100_000_000,
        doc_ids: int = _entgraph.DOC_IDS_LIMIT,
        threads: Optional[int] = None,
        country: Optional[str] = None,
        teams: bool = False,
        metonyms: bool = False,
        min_confidence: float = 0.0,
        id_field: str = "id",
        text_field: str = "text",
        date_field: str = "date",
        keep_fields: Iterable[str] = (),
    ) -> None:
        if gazetteer is None:
            gazetteer = Gazetteer.bundled()
        if not isinstance(gazetteer, Gazetteer):
            raise TypeError(
                f"Extractor takes a Gazetteer (entgraph.Gazetteer.bundled()), not a "
                f"{type(gazetteer).__name__}"
            )
        self.gazetteer = gazetteer
        self.scope = scope
        self._inner = _entgraph._Extractor(
            gazetteer,
            scope,
            _checked_date(date),
            demonyms,
            in_names,
            os.fspath(cues) if cues is not None else None,
            evidence,
            knowledge,
            max_unit_entities,
            max_evidence_bytes,
            doc_ids,
            threads,
            country,
            teams,
            metonyms,
            min_confidence,
        )
        self._reader = _Reader(id_field, text_field, date_field, tuple(keep_fields))

    @property
    def threads(self) -> int:
        """How many threads `graph` uses."""
        return self._inner.threads

    def mentions(self, text: str, date: DateLike = None) -> list[Mention]:
        """The mentions of one text, in text order.

        ``date`` (default: the extractor's) is the day the text was written.
        Offsets are Python string indices: ``text[m.start:m.end] == m.text``.
        """
        if not isinstance(text, str):
            raise TypeError(f"mentions takes a str, not a {type(text).__name__}")
        line = json.loads(self._inner.mentions_json(text, _checked_date(date)))
        return [Mention(**m) for m in line["mentions"]]

    def graph(self, docs: Any, *, strict: bool = False) -> "Graph":
        """The co-occurrence graph of many documents.

        ``docs`` is an iterable of strings (ids are their positions), of dicts with
        ``text`` and optionally ``id``, ``date``, ``title``, ``url`` (the field
        names are the extractor's), of ``(id, text)`` or ``(id, text, date)``
        tuples, or a pandas Series of texts (ids from its index) or DataFrame (a
        ``text`` column; ``id`` and ``date`` columns if present, else its index).

        Documents are extracted on every core, without the GIL, and added to the
        graph in input order: the graph is the same for any number of threads and
        the same as the CLI's for the same documents and settings. A document that
        cannot be read (no text, a bad date) is skipped with an `EntgraphWarning`
        and listed in ``Graph.skipped``; with ``strict=True`` it raises
        `InputError` instead.
        """
        inner, skipped = self._inner.graph(self._reader.items(docs), strict)
        for what, reason in skipped[:10]:
            warnings.warn(f"entgraph: skipped {what}: {reason}", EntgraphWarning, stacklevel=2)
        if len(skipped) > 10:
            warnings.warn(
                f"entgraph: skipped {len(skipped) - 10} more documents ({len(skipped)} in all; "
                "Graph.skipped lists them)",
                EntgraphWarning,
                stacklevel=2,
            )
        return Graph(inner, skipped)

    def __repr__(self) -> str:
        return f"<entgraph.Extractor scope={self.scope} threads={self.threads} {self.gazetteer!r}>"


def _checked_date(date: DateLike) -> Optional[str]:
    try:
        return _date_text(date)
    except TypeError:
        raise TypeError(
            f'date must be a "YYYY-MM-DD" string or a datetime.date, not a {type(date).__name__}'
        ) from None


class Graph:
    """A co-occurrence graph: entities as nodes, shared units as weighted edges.

    Nodes carry ``label``, ``type``, ``wikidata``, ``wikipedia``, ``count``
    (mentions), ``documents``, ``first_seen``/``last_seen`` and more; edges
    ``weight`` (shared units), ``documents``, ``relations`` and ``evidence``
    sentences. The metadata (``meta``) records the settings, which `merge` checks.
    """

    def __init__(self, inner: Any, skipped: Optional[list] = None) -> None:
        self._inner = inner
        #: Documents skipped while building: ``(what, reason)`` pairs.
        self.skipped: list[tuple[str, str]] = list(skipped or [])

    @classmethod
    def from_json(cls, text: str, name: str = "graph") -> "Graph":
        """Reads a graph written by `to_json` or by ``entgraph extract``."""
        return cls(_entgraph._Graph.from_json(text, name))

    @classmethod
    def read(cls, path: Union[str, os.PathLike]) -> "Graph":
        """Reads a JSON graph file (written by `write` or by ``entgraph extract``)."""
        with open(path, encoding="utf-8") as f:
            return cls(_entgraph._Graph.from_json(f.read(), os.fspath(path)))

    def to_json(self, *, compact: bool = False, flat: bool = False, edges_key: str = "links") -> str:
        """Node-link JSON, as ``entgraph extract`` writes it (networkx, D3)."""
        return self._inner.to_json(compact, flat, edges_key)

    def to_dict(self) -> dict:
        """The node-link JSON as Python objects."""
        return json.loads(self._inner.to_json(True, False, "links"))

    def to_string(self, format: str = "json") -> str:
        """The graph in a format: json, dot, gexf, graphml, cytoscape or html."""
        return self._inner.to_string(format)

    def write(self, path: Union[str, os.PathLike], format: Optional[str] = None) -> None:
        """Writes the graph to ``path``.

        ``format`` is json, dot, gexf, graphml, cytoscape, html or csv (two files,
        ``nodes.csv`` and ``edges.csv``, in the directory ``path``); by default it
        follows the file name's ending (``.json``, ``.dot``, ``.gexf``, ...).
        """
        path = os.fspath(path)
        if format is None:
            format = _SUFFIXES.get(os.path.splitext(path)[1].lower())
            if format is None:
                raise InputError(
                    f"{path}: cannot tell the format from the name; give format= (json, dot, "
                    "gexf, graphml, cytoscape, html or csv)"
                )
        self._inner.write(path, format)

    @property
    def nodes(self) -> list[dict]:
        """The nodes, as dicts."""
        return self.to_dict()["nodes"]

    @property
    def edges(self) -> list[dict]:
        """The edges, as dicts with ``source`` and ``target``."""
        return self.to_dict()["links"]

    @property
    def meta(self) -> dict:
        """The graph's metadata: counts and settings."""
        return self.to_dict()["graph"]

    @property
    def documents(self) -> int:
        """How many documents the graph was built from."""
        return self._inner.documents

    def number_of_nodes(self) -> int:
        return self._inner.number_of_nodes()

    def number_of_edges(self) -> int:
        return self._inner.number_of_edges()

    def __len__(self) -> int:
        return self._inner.number_of_nodes()

    def prune(
        self,
        *,
        min_weight: int = 1,
        min_documents: int = 1,
        top_edges: Optional[int] = None,
        top_nodes: Optional[int] = None,
        min_mentions: int = 1,
        types: Iterable[str] = (),
        exclude: Iterable[str] = (),
        isolates: str = "auto",
        largest_component: bool = False,
    ) -> "Graph":
        """A pruned copy, as the CLI's pruning options make it (prune after merging)."""
        inner = self._inner.prune(
            min_weight,
            min_documents,
            top_edges,
            top_nodes,
            min_mentions,
            list(types),
            list(exclude),
            isolates,
            largest_component,
        )
        return Graph(inner, self.skipped)

    def to_networkx(self) -> Any:
        """A ``networkx.Graph`` (a ``MultiGraph`` with background edges, keyed by kind).

        Node ids are entity ids; node and edge attributes are those of the JSON
        graph; ``G.graph`` holds the metadata, and ``G.graph["document_info"]`` the
        documents with their ids, dates and kept fields.
        """
        import networkx as nx

        data = self.to_dict()
        G = nx.MultiGraph() if data["multigraph"] else nx.Graph()
        G.graph.update(data["graph"])
        G.graph["document_info"] = data.get("documents", [])
        for node in data["nodes"]:
            attrs = dict(node)
            G.add_node(attrs.pop("id"), **attrs)
        for link in data["links"]:
            attrs = dict(link)
            source, target = attrs.pop("source"), attrs.pop("target")
            if data["multigraph"]:
                G.add_edge(source, target, key=attrs.get("kind"), **attrs)
            else:
                G.add_edge(source, target, **attrs)
        return G

    def nodes_frame(self) -> Any:
        """The nodes as a ``pandas.DataFrame``, indexed by entity id."""
        import pandas as pd

        frame = pd.DataFrame(self.nodes)
        if frame.empty:
            return pd.DataFrame(columns=["label", "type", "count"], index=pd.Index([], name="id"))
        return frame.set_index("id")

    def edges_frame(self) -> Any:
        """The edges as a ``pandas.DataFrame``: ``source``, ``target``, ``kind``,
        ``weight``, ``documents``, ``relations`` ..., heaviest first."""
        import pandas as pd

        frame = pd.DataFrame(self.edges)
        if frame.empty:
            return pd.DataFrame(columns=["source", "target", "kind", "weight", "documents"])
        return frame.sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="stable").reset_index(drop=True)

    def __reduce__(self) -> tuple:
        return (Graph, (self._inner, self.skipped))

    def __repr__(self) -> str:
        return (
            f"<entgraph.Graph: {self.number_of_nodes()} nodes, {self.number_of_edges()} edges, "
            f"{self.documents} documents>"
        )


def merge(
    graphs: Iterable[Graph],
    *,
    allow_pruned: bool = False,
    gazetteer: Optional[Gazetteer] = None,
) -> Graph:
    """Sums the graphs of parts of one corpus into the graph of the whole.

    The parts must have been built with the same settings (scope, gazetteer,
    evidence, ...): a difference raises `InputError` naming the setting, as
    ``entgraph merge`` does. Graphs that share a document (by id) are refused
    too, as its counts would be added twice: documents given as bare strings
    are numbered by their place, so give them ids when their graphs are to be
    merged. Pruned graphs are refused (their sums would be wrong) unless
    ``allow_pruned``. Graphs with background edges
    (``knowledge=True``) need the ``gazetteer`` they were built with. Graphs
    written by the CLI merge too (`Graph.read`).
    """
    graphs = list(graphs)
    if not graphs:
        raise InputError("merge needs at least one graph")
    for i, g in enumerate(graphs):
        if not isinstance(g, Graph):
            raise TypeError(f"merge takes entgraph.Graph objects; graphs[{i}] is a {type(g).__name__}")
    names = [f"graphs[{i}]" for i in range(len(graphs))]
    inner = _entgraph.merge([g._inner for g in graphs], names, allow_pruned, gazetteer)
    skipped = [s for g in graphs for s in g.skipped]
    return Graph(inner, skipped)
