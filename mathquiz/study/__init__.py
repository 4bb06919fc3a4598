"""Sessions as plain logic: practice, exam and review (events in, events out), the plan to an exam
date, cramming, the exam target, and the listing of the bank.

May import `mathquiz.record` and the stages below it; never render or cli.
"""
