"""learnmeta: a plain-language learning module on metastatic cancer, in the terminal."""

__version__ = "0.1.0"
