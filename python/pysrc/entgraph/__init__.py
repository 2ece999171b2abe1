"""Leaders, countries and international organisations in news text, linked to
Wikidata, as co-occurrence graphs for networkx, pandas, Gephi and the web.

>>> import entgraph
>>> x = entgraph.Extractor(entgraph.Gazetteer.bundled())
>>> [m.entity for m in x.mentions("Xi Jinping met Vladimir Putin.")]
['xi-jinping', 'vladimir-putin']
>>> g = x.graph(["Xi Jinping met Vladimir Putin.", "Putin flew to Beijing."])
>>> sorted(g.to_networkx().nodes)
['china', 'vladimir-putin', 'xi-jinping']

The work is done by the Rust library, on every core, without the GIL.
"""

from ._api import Extractor, Graph, Mention, merge
from ._entgraph import DOC_IDS_LIMIT, Gazetteer, __version__
from ._errors import EntgraphError, EntgraphOSError, EntgraphWarning, GazetteerError, InputError

__all__ = [
    "DOC_IDS_LIMIT",
    "EntgraphError",
    "EntgraphOSError",
    "EntgraphWarning",
    "Extractor",
    "Gazetteer",
    "GazetteerError",
    "Graph",
    "InputError",
    "Mention",
    "__version__",
    "merge",
]
