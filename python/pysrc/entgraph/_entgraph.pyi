"""Type stubs of the native module (the Rust library behind the package)."""

import os
from collections.abc import Iterable
from typing import Any, Optional, Union

__version__: str
DOC_IDS_LIMIT: int

class Gazetteer:
    """The leaders, countries and organisations to look for."""

    @staticmethod
    def bundled(roles: str = "heads") -> Gazetteer:
        """The gazetteers that come with entgraph; ``roles="all"`` keeps deputies and
        foreign ministers too."""
    @staticmethod
    def load(
        paths: Iterable[Union[str, os.PathLike]], bundled: bool = True, roles: str = "heads"
    ) -> Gazetteer:
        """Gazetteer files and folders (TOML, TSV, CSV, JSON Lines), loaded after the
        bundled ones unless ``bundled=False``; ``[[patch]]`` overlays change the
        entities loaded before them. Problems raise `GazetteerError` listing each
        with its file and line."""
    @property
    def warnings(self) -> list[str]: ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def as_of(self) -> Optional[str]: ...
    @property
    def roles(self) -> str: ...
    def entity(self, id: str) -> Optional[dict[str, Any]]:
        """The entity with this id (``label``, ``type``, ``wikidata``, ``wikipedia``,
        ``description``, ``aliases``), or None."""
    def __len__(self) -> int: ...
    def __contains__(self, id: str) -> bool: ...

class _Extractor:
    def __init__(
        self,
        gazetteer: Gazetteer,
        scope: str,
        date: Optional[str],
        demonyms: bool,
        in_names: str,
        cues: Optional[str],
        evidence: int,
        knowledge: bool,
        max_unit_entities: int,
        max_evidence_bytes: int,
        doc_ids: int,
        threads: Optional[int],
        country: Optional[str] = None,
        teams: bool = False,
        metonyms: bool = False,
        min_confidence: float = 0.0,
    ) -> None: ...
    @property
    def threads(self) -> int: ...
    def mentions_json(self, text: str, date: Optional[str] = None, id: str = "") -> str: ...
    def graph(self, items: Iterable[tuple], strict: bool = False) -> tuple[_Graph, list[tuple[str, str]]]: ...

class _Graph:
    @staticmethod
    def from_json(text: str, name: str = "graph") -> _Graph: ...
    def to_json(self, compact: bool = False, flat: bool = False, edges_key: str = "links") -> str: ...
    def to_string(self, format: str) -> str: ...
    def nodes_csv(self) -> str: ...
    def edges_csv(self) -> str: ...
    def write(self, path: Union[str, os.PathLike], format: str) -> None: ...
    def prune(
        self,
        min_weight: int = 1,
        min_documents: int = 1,
        top_edges: Optional[int] = None,
        top_nodes: Optional[int] = None,
        min_mentions: int = 1,
        types: list[str] = ...,
        exclude: list[str] = ...,
        isolates: str = "auto",
        largest_component: bool = False,
    ) -> _Graph: ...
    @property
    def documents(self) -> int: ...
    @property
    def is_multigraph(self) -> bool: ...
    def number_of_nodes(self) -> int: ...
    def number_of_edges(self) -> int: ...

def merge(
    graphs: list[_Graph],
    names: list[str],
    allow_pruned: bool = False,
    gazetteer: Optional[Gazetteer] = None,
) -> _Graph: ...
