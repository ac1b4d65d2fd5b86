"""The Textual learning app: the only part of learnmeta that imports Textual.

``launch.run`` is the entry point from the command line; ``app.LearnApp`` builds the screens and
wires them to the domain core (content library, quiz engine, progress store).
"""
