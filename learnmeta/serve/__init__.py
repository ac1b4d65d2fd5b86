"""`learnmeta serve`: the app in a web browser (see :mod:`learnmeta.cli.serve`).

``gate``, ``roster`` and ``session`` import neither Textual nor Rich;
``server`` is built on textual-serve (which uses Rich), and the app a session runs is
:mod:`learnmeta.app.served`.
"""
