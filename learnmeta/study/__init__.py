"""What a learner does next: the study plan over the library and the progress store.

Plain Python (no Textual): the app's home screen and plain mode both ask it what comes next.
"""
