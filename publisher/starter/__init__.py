"""``publisher init``: a new project's files, from a scorecard's plan (``files``), an Annex A extract
(``annexa``) or the commented minimal example, written all at once into a new or empty folder, and the commands
to run next.

It sits at the command's stage (``cli``): it writes a council's project and quotes the commands, which no lower
stage does. Reading the scorecard it starts from is the inputs stage's (``inputs.starter``), reading the extract
Annex A's (``annexa``). Like ``publisher.commentary``, this package imports none of its modules.
"""

__all__ = ["annexa", "files"]

