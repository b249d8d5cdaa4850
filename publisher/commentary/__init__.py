"""The commentary round, one feature in one folder: the period's commentary file and the pack's rules for it,
forms out to officers and back, the checks on what they wrote, the chase list, sign-off and sending.

Its modules sit in different stages, each in the one its imports need (``tests/test_layers.py`` lists them):
``file``, ``rules``, ``edit``, ``formrecord`` and ``formfile`` read and edit files as ``inputs`` does; ``checks``
(each check on a text, written once), ``status`` and ``signoff`` work on values as ``engine`` does; ``forms``
writes workbooks as ``output`` does; ``collect`` and ``sending`` write the commentary file and send mail as
``publish`` does. So this package imports none of them: importing one never imports a later stage. Its
``__all__`` names the modules other packages use (``formrecord`` and ``formfile`` are the round's own), and each
of those declares its own ``__all__``.
"""

__all__ = ["checks", "collect", "edit", "file", "forms", "rules", "sending", "signoff", "status"]
