"""Lets `python -m learnmeta` work like the `learnmeta` command."""

import sys

from learnmeta.cli import main

sys.exit(main())
