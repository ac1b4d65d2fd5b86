"""The content core: lesson, glossary and question-pack models, and loading them safely.

Nothing in this package imports Textual; a test proves it.
"""
