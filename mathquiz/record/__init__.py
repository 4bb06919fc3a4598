"""The learner's record: the SQLite history with its schema, migrations and repair, FSRS cards and
the memory replayed from the history, and the statistics computed from it.

May import `mathquiz.problem` and the stages below it (plus sqlite3, fsrs); never study, render or cli.
"""
