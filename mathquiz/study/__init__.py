"""Sessions and the learner's data as plain logic: practice, exam and review (events in, events
out), the SQLite history, FSRS scheduling, stats and the listing of the bank.

May import `mathquiz.problem` and `mathquiz.answer` (plus sqlite3, fsrs); never render or cli.
"""
