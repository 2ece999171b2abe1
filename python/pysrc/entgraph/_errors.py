"""The exceptions and warnings of entgraph.

Messages are those of the command-line tool, with Python parameter names in place
of its options (``scope=`` for ``--scope``).
"""


class EntgraphError(Exception):
    """Base class of every error entgraph raises."""


class GazetteerError(EntgraphError, ValueError):
    """A gazetteer file has problems; the message lists each with its file and line."""


class InputError(EntgraphError, ValueError):
    """A document, an option or a graph to merge is not usable; the message says why."""


class EntgraphOSError(EntgraphError, OSError):
    """A file could not be read or written."""


class EntgraphWarning(UserWarning):
    """Something entgraph went on after, such as a document it skipped."""
