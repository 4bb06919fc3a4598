"""Proving a problem file over many seeds (`mathquiz validate`): every key, self-test, step and claim,
and every document a student reads rendered; many files in parallel with a result cache.

May import `mathquiz.documents` and the stages below it; never record, study, render or cli.
"""
