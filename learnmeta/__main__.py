"""Lets `python -m learnmeta` work like the `learnmeta` command."""

import sys

if __name__ == "__main__":  # not when a worker process of the class report imports it (spawn)
    from learnmeta.cli import main

    sys.exit(main())
