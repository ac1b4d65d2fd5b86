"""Plain mode: ``learnmeta --plain`` (and ``TERM=dumb``), for screen readers and simple terminals.

A second front end over the domain core, like the Textual app but as plain lines of text: no
cursor movement, no colour, no box drawing, one prompt per line, numbered choices and typed
commands. It reads standard input line by line, so it works from a pipe or a file (and tests
drive it that way). It imports neither Textual nor Rich. See docs/plain-mode.md.
"""
