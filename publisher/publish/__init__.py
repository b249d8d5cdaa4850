"""Stage 5, after the committee agrees: the versioned archive and circulation to members by e-mail.

May import: ``publisher.core``, ``publisher.inputs``, ``publisher.engine``, ``publisher.output``.
"""

__all__ = ["addresses", "archive", "chain", "circulate", "locks", "previous", "published", "verify"]
